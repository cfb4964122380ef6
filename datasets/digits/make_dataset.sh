#!/bin/sh
# Rebuilds digits.csv.gz and SHA256SUMS from Debian's python3-sklearn 1.2.1+dfsg-1
# (apt-get update && apt-get install -y python3-sklearn). Run from this folder: sh make_dataset.sh
set -eu
SOURCE=/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
# The file is shipped byte for byte as Debian installs it (scikit-learn's copy of the UCI optdigits test set):
# 1,797 lines of 65 comma-separated integers, 64 pixels row by row (0..16) and the digit (0..9).
cp "$SOURCE" digits.csv.gz
# Sanity checks before the manifest is written: 1,797 rows, 65 fields each, pixels in 0..16, labels in 0..9.
zcat digits.csv.gz | awk -F, 'NF != 65 { exit 1 } { for (i = 1; i <= 64; i++) if ($i < 0 || $i > 16) exit 1; if ($65 < 0 || $65 > 9) exit 1 } END { if (NR != 1797) exit 1 }'
sha256sum digits.csv.gz > SHA256SUMS

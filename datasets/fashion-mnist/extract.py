#!/usr/bin/python3
"""Makes the course's Fashion-MNIST subset from Debian's dataset-fashion-mnist package.

Run with Debian's /usr/bin/python3 after `apt-get install -y dataset-fashion-mnist`. Writes, in this folder:
  train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz: 2,000 training images per class (20,000), drawn by
      random.Random(12) from each class's indices in the package's 60,000-image training set, kept in their
      original order;
  t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz: the full 10,000-image test set, copied byte for byte;
  SHA256SUMS.
The IDX format is Yann LeCun's (big-endian header: magic 0x00000803 or 0x00000801, then the sizes). gzip headers
carry no file name and mtime 0, so a rerun with the same zlib reproduces the files byte for byte.
"""
import gzip, hashlib, os, random, shutil, struct

SOURCE = "/usr/share/datasets/fashion-mnist"
HERE = os.path.dirname(os.path.abspath(__file__))
PER_CLASS = 2000
SEED = 12


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return magic, shape, data[4 + 4 * dims:]


def write_gz(name, payload):
    with open(os.path.join(HERE, name), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(payload)


def main():
    _, (n, rows, cols), pixels = read_idx(os.path.join(SOURCE, "train-images-idx3-ubyte.gz"))
    _, (n_labels,), labels = read_idx(os.path.join(SOURCE, "train-labels-idx1-ubyte.gz"))
    assert n == n_labels == 60000 and rows == cols == 28
    rng = random.Random(SEED)
    chosen = []
    for c in range(10):
        members = [i for i in range(n) if labels[i] == c]
        chosen += rng.sample(members, PER_CLASS)
    chosen.sort()
    size = rows * cols
    images = b"".join(pixels[i * size:(i + 1) * size] for i in chosen)
    write_gz("train-images-idx3-ubyte.gz", struct.pack(">IIII", 0x803, len(chosen), rows, cols) + images)
    write_gz("train-labels-idx1-ubyte.gz", struct.pack(">II", 0x801, len(chosen)) + bytes(labels[i] for i in chosen))
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        shutil.copyfile(os.path.join(SOURCE, name), os.path.join(HERE, name))
    files = ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]
    with open(os.path.join(HERE, "SHA256SUMS"), "w") as out:
        for name in files:
            with open(os.path.join(HERE, name), "rb") as f:
                out.write(hashlib.sha256(f.read()).hexdigest() + "  " + name + "\n")


if __name__ == "__main__":
    main()

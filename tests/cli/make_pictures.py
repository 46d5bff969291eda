#!/usr/bin/python3
"""Pictures for the CLI tests of the ViT view: a 10 x 10 PNG (too small for 16 patches) and a
text file named like a picture. Written by hand (zlib), no imaging library needed."""
import os
import struct
import sys
import zlib


def write_png(path, width, height, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                                   0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
write_png(os.path.join(out, "tiny.png"), 10, 10, (200, 120, 40))
with open(os.path.join(out, "notes.png"), "w") as f:
    f.write("not a picture\n")

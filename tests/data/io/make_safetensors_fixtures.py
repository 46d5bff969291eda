#!/usr/bin/python3
"""Writes the .safetensors fixtures that tests/io/safetensors_test.cpp reads.

The `safetensors` Python package is not a Debian package, so the format is written here by hand,
exactly as its specification (and the reference writer) lays it out:

    [u64 little-endian N] [N bytes of JSON header, padded with spaces to a multiple of 8]
    [data buffer: every tensor's bytes, little-endian, C order, back to back]

Run with Debian's interpreter:  /usr/bin/python3 tests/data/io/make_safetensors_fixtures.py
The outputs are committed; the C++ tests hard-code the values written here.
"""
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def bf16_bits(values):
    """float32 → bfloat16 bit patterns, round to nearest even (what torch.bfloat16 does)."""
    bits = np.asarray(values, dtype="<f4").view("<u4").astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype("<u2")


def write(name, tensors, metadata=None, data_order=None):
    """tensors: list of (name, dtype string, shape, raw little-endian bytes)."""
    order = data_order or [t[0] for t in tensors]
    raw = {t[0]: t[3] for t in tensors}
    offsets, position = {}, 0
    for key in order:
        offsets[key] = (position, position + len(raw[key]))
        position += len(raw[key])
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    for key, dtype, shape, _ in tensors:
        header[key] = {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets[key])}
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for key in order:
            f.write(raw[key])


def main():
    f32 = np.arange(6, dtype="<f4").reshape(2, 3) * 0.5 - 1.0
    f16 = np.array([2.0**-24, 65504, -0.0, 1 / 3], dtype="<f2")
    bf16 = bf16_bits([1.0, -2.5, 3.140625, 0.1])  # 0.1 rounds to 0.10009765625
    f64 = np.array([1.5, -2.25, 1e-3], dtype="<f8")
    tensors = [
        ("f32", "F32", (2, 3), f32.tobytes()),
        ("f16", "F16", (4,), f16.tobytes()),
        ("bf16", "BF16", (2, 2), bf16.tobytes()),
        ("f64", "F64", (3,), f64.tobytes()),
        ("scalar", "F32", (), np.array(3.5, dtype="<f4").tobytes()),
        ("empty", "F32", (0, 3), b""),
    ]
    metadata = {"format": "pt", "tokens": json.dumps(["the", "cat", "h\u00e9"])}
    # Data in the reverse order of the header: readers must go by the offsets.
    write("mixed.safetensors", tensors, metadata, data_order=[t[0] for t in reversed(tensors)])
    # No metadata, one tensor: the smallest real file.
    write("single.safetensors", [("x", "F32", (2,), np.array([1, 2], dtype="<f4").tobytes())])


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Checks that NumPy reads what attnviz's writer produced (tests/io/interop_test.cpp writes DIR).

Usage: /usr/bin/python3 tests/data/io/check_numpy_reads.py DIR
Exit 0 when every file holds exactly the expected arrays; 1 with a message otherwise;
3 when numpy is missing (run scripts/install_deps.sh).
"""
import os
import sys

try:
    import numpy as np
except ImportError:
    print("numpy is missing: run scripts/install_deps.sh", file=sys.stderr)
    sys.exit(3)

TEXT = ["", "a", "h\u00e9llo", "\u65e5\u672c\U0001F600"]


def expect(name, got, want):
    want = np.asarray(want)
    if got.dtype != want.dtype or got.shape != want.shape or not np.array_equal(got, want):
        raise AssertionError(f"{name}: got {got.dtype} {got.shape} {got!r}, want {want.dtype} "
                             f"{want.shape} {want!r}")


def check_aligned(path):
    # NumPy pads version 1.0 headers so that the data starts on a 64-byte boundary.
    with open(path, "rb") as f:
        version = np.lib.format.read_magic(f)
        np.lib.format._read_array_header(f, version)
        if f.tell() % 64 != 0:
            raise AssertionError(f"{path}: data starts at {f.tell()}, not a multiple of 64")


def main(folder):
    f32 = np.array([[0.0, -1.5, 2.25], [1e-8, 3.0e38, -7.0]], dtype="<f4")
    bools = np.array([True, False, False, True, True])
    text = np.array(TEXT)
    cases = {
        "f32.npy": f32,
        "bool.npy": bools,
        "text.npy": text,
        "scalar.npy": np.array(4.5, dtype="<f4"),
        "empty.npy": np.zeros((2, 0, 3), dtype="<f4"),
        "five_d.npy": np.arange(24, dtype="<f4").reshape(1, 2, 3, 1, 4),
    }
    for name, want in cases.items():
        path = os.path.join(folder, name)
        check_aligned(path)
        expect(name, np.load(path, allow_pickle=False), want)
    for name in ("stored.npz", "deflated.npz"):
        with np.load(os.path.join(folder, name), allow_pickle=False) as archive:
            if sorted(archive.files) != ["f32", "mask", "text"]:
                raise AssertionError(f"{name}: members {archive.files}")
            expect(name + ":f32", archive["f32"], f32)
            expect(name + ":mask", archive["mask"], bools)
            expect(name + ":text", archive["text"], text)
    print("numpy read every file attnviz wrote")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        main(sys.argv[1])
    except AssertionError as error:
        print(f"check_numpy_reads: {error}", file=sys.stderr)
        sys.exit(1)

#!/usr/bin/python3
"""Writes the small NumPy fixtures that tests/io/npy_test.cpp and npz_test.cpp read.

Run with Debian's interpreter (it has python3-numpy):  /usr/bin/python3 tests/data/io/make_npy_fixtures.py
The outputs are committed; the C++ tests hard-code the values written here.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array):
    np.save(os.path.join(HERE, name), array, allow_pickle=False)


def main():
    # float32, C order, 2x3
    save("f32_2x3.npy", (np.arange(6, dtype="<f4").reshape(2, 3) * 0.5 - 1.0))
    # big-endian float64
    save("f64_be.npy", np.array([1.5, -2.25, 1e-3, 3e38], dtype=">f8"))
    # float16 edge cases: smallest subnormal, largest subnormal, smallest normal, max, inf, -inf,
    # -0.0, nan, 1/3
    half = np.array([2.0**-24, 1023 * 2.0**-24, 2.0**-14, 65504, np.inf, -np.inf, -0.0, np.nan,
                     1 / 3], dtype="<f2")
    save("f16.npy", half)
    # Fortran-ordered arrays: values are their C-order index
    save("fortran_f4_3x4.npy", np.asfortranarray(np.arange(12, dtype="<f4").reshape(3, 4)))
    save("fortran_i4_2x3x4.npy", np.asfortranarray(np.arange(24, dtype="<i4").reshape(2, 3, 4)))
    # unicode, little- and big-endian UTF-32
    text = ["a", "h\u00e9llo", "\u65e5\u672c", "\U0001F600", ""]
    save("unicode.npy", np.array(text, dtype="<U5"))
    save("unicode_be.npy", np.array(text, dtype=">U5"))
    save("bool_2x2.npy", np.array([[True, False], [False, True]]))
    save("scalar_f4.npy", np.array(3.5, dtype="<f4"))
    save("empty_0x3.npy", np.zeros((0, 3), dtype="<f4"))
    save("f4_5d.npy", np.arange(12, dtype="<f4").reshape(2, 1, 3, 1, 2))
    # every integer type, both byte orders, extremes
    ints = {}
    for kind in "iu":
        for size in (1, 2, 4, 8):
            info = np.iinfo(f"{kind}{size}")
            values = [info.min, info.max, 0, 7] if kind == "i" else [info.min, info.max, 1, 7]
            for order in "<>":
                name = f"{kind}{size}_{'le' if order == '<' else 'be'}"
                ints[name] = np.array(values, dtype=f"{order}{kind}{size}")
    np.savez_compressed(os.path.join(HERE, "ints.npz"), **ints)
    # the arrays of an attention dump, stored and deflated
    members = {
        "q": np.arange(6, dtype="<f4").reshape(2, 3) / 4,
        "mask": np.array([True, False, True]),
        "tokens": np.array(["the", "cat", "sat"]),
    }
    np.savez(os.path.join(HERE, "stored.npz"), **members)
    np.savez_compressed(os.path.join(HERE, "deflated.npz"), **members)


if __name__ == "__main__":
    main()

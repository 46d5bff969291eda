#!/usr/bin/python3
"""Draws the pictures in assets/ that the Vision Transformer view opens, so that their licence is
ours: simple shapes, a small landscape, and four textures. Pure NumPy, PNGs written by hand with
zlib (no imaging library needed). Deterministic: running it again gives the same bytes.

    /usr/bin/python3 tools/make_assets.py [OUT_DIR]     (default: assets/ beside this folder)

Every picture is drawn at 4x and averaged down, so edges are anti-aliased.
"""
import os
import struct
import sys
import zlib

import numpy as np

SIZE = 256
SS = 4  # supersampling factor


def grid(size=SIZE * SS):
    """Pixel-centre coordinates in [0, 1): x to the right, y down."""
    c = (np.arange(size) + 0.5) / size
    return np.meshgrid(c, c)


def paint(canvas, mask, colour):
    canvas[mask] = np.asarray(colour, dtype=np.float64) / 255.0


def downsample(canvas):
    h, w, _ = canvas.shape
    return canvas.reshape(h // SS, SS, w // SS, SS, 3).mean(axis=(1, 3))


def write_png(path, rgb):
    """8-bit RGB PNG: signature, IHDR, one IDAT (filter 0 on every row), IEND."""
    pixels = np.clip(np.rint(rgb * 255.0), 0, 255).astype(np.uint8)
    h, w, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(h))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def disc(x, y, cx, cy, r):
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def box(x, y, x0, y0, x1, y1):
    return (x >= x0) & (x < x1) & (y >= y0) & (y < y1)


def triangle(x, y, a, b, c):
    """Inside the triangle a, b, c (any winding)."""
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])
    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    neg = (d1 < 0) | (d2 < 0) | (d3 < 0)
    pos = (d1 > 0) | (d2 > 0) | (d3 > 0)
    return ~(neg & pos)


def shapes():
    """Two red discs, two blue squares, a green triangle and a yellow ring on a cream background:
    a patch of one red disc attends to the other disc, wherever it is."""
    x, y = grid()
    img = np.zeros(x.shape + (3,))
    paint(img, np.ones_like(x, dtype=bool), (236, 229, 214))
    paint(img, disc(x, y, 0.25, 0.27, 0.15), (214, 48, 49))
    paint(img, disc(x, y, 0.72, 0.75, 0.13), (214, 48, 49))
    paint(img, box(x, y, 0.56, 0.12, 0.86, 0.42), (9, 132, 227))
    paint(img, box(x, y, 0.12, 0.62, 0.30, 0.80), (9, 132, 227))
    paint(img, triangle(x, y, (0.47, 0.48), (0.60, 0.70), (0.33, 0.70)), (0, 148, 90))
    ring = disc(x, y, 0.47, 0.87, 0.075) & ~disc(x, y, 0.47, 0.87, 0.04)
    paint(img, ring, (253, 203, 110))
    return downsample(img)


def landscape():
    """Sky (a gradient), sun, hills, a house with a red roof, door and window, and a tree."""
    x, y = grid()
    img = np.zeros(x.shape + (3,))
    sky_top, sky_low = np.array([70, 130, 200]), np.array([170, 210, 240])
    t = np.clip(y / 0.62, 0, 1)[..., None]
    img[:] = ((1 - t) * sky_top + t * sky_low) / 255.0
    paint(img, disc(x, y, 0.80, 0.18, 0.085), (255, 214, 80))
    hills = y > 0.62 + 0.05 * np.sin(x * 6.0 + 0.5) - 0.03 * np.cos(x * 13.0)
    paint(img, hills, (86, 160, 72))
    paint(img, hills & (y > 0.86), (70, 135, 60))
    # The house: walls, roof, door, window.
    paint(img, box(x, y, 0.18, 0.50, 0.50, 0.78), (232, 214, 180))
    paint(img, triangle(x, y, (0.14, 0.51), (0.54, 0.51), (0.34, 0.32)), (190, 50, 45))
    paint(img, box(x, y, 0.23, 0.62, 0.31, 0.78), (110, 70, 40))
    paint(img, box(x, y, 0.37, 0.57, 0.46, 0.66), (120, 180, 230))
    # The tree: trunk and crown.
    paint(img, box(x, y, 0.70, 0.52, 0.74, 0.74), (110, 70, 40))
    paint(img, disc(x, y, 0.72, 0.47, 0.09) | disc(x, y, 0.66, 0.53, 0.06)
          | disc(x, y, 0.78, 0.53, 0.06), (40, 110, 50))
    return downsample(img)


def textures():
    """Four quadrants of about the same mean colour but different textures (horizontal stripes,
    vertical stripes, a checkerboard, flat), with a flat blue disc in the middle: colour alone does
    not tell them apart, texture does."""
    x, y = grid()
    img = np.zeros(x.shape + (3,))
    light, dark = np.array([225, 190, 120]) / 255.0, np.array([150, 95, 40]) / 255.0
    period = 1.0 / 16.0
    stripes_h = (np.floor(y / period * 2) % 2).astype(bool)
    stripes_v = (np.floor(x / period * 2) % 2).astype(bool)
    checker = stripes_h ^ stripes_v
    left, top = x < 0.5, y < 0.5
    pattern = np.where(top & left, stripes_h, np.where(top, stripes_v, checker))
    img[:] = np.where(pattern[..., None], light, dark)
    flat = ~top & ~left
    img[flat] = 0.5 * (light + dark)
    paint(img, disc(x, y, 0.5, 0.5, 0.12), (40, 90, 200))
    return downsample(img)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "assets")
    os.makedirs(out, exist_ok=True)
    for name, draw in (("shapes", shapes), ("landscape", landscape), ("textures", textures)):
        path = os.path.join(out, name + ".png")
        write_png(path, draw())
        print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()

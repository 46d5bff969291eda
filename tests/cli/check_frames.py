"""check_frames.py DIR WIDTH HEIGHT [--frames N] [--partial] [--alpha]

Checks a recorded PNG sequence with an independent decoder (Python's zlib): frame_000000.png
onwards with no gap, nothing else but manifest.json (no temporary file), every PNG complete (chunk
CRCs, IEND, IDAT inflating to exactly the image's bytes) and of the given size, and a manifest that
agrees. --frames N: exactly N frames. --partial: a stopped recording (manifest "complete": false,
at least one frame). --alpha: RGBA frames with some transparent pixels.
"""
import json
import os
import re
import struct
import sys
import zlib


def fail(message):
    print("check_frames: " + message)
    sys.exit(1)


def check_png(path, width, height, alpha):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG")
    pos, idat, header, ended = 8, b"", None, False
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if len(body) != length or zlib.crc32(kind + body) != crc:
            fail(f"{path}: chunk {kind!r} truncated or corrupt")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            ended = True
            break
        pos += 12 + length
    if not ended or header is None:
        fail(f"{path}: incomplete (no IEND)")
    w, h, depth, colour = header[:4]
    if (w, h) != (width, height) or depth != 8:
        fail(f"{path}: {w}x{h} depth {depth}, expected {width}x{height} depth 8")
    channels = {2: 3, 6: 4}.get(colour)
    if channels is None or (alpha and channels != 4):
        fail(f"{path}: colour type {colour}")
    raw = zlib.decompress(idat)
    if len(raw) != h * (1 + w * channels):
        fail(f"{path}: {len(raw)} bytes of pixels, expected {h * (1 + w * channels)}")
    if alpha:
        # Unfilter only what is needed: a row filtered with None or Up starting from zeros still
        # tells whether alpha 0 occurs; decode fully to be safe.
        stride = w * channels
        previous = bytearray(stride)
        transparent = False
        for y in range(h):
            kind = raw[y * (stride + 1)]
            row = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
            for i in range(stride):
                a = row[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                if kind == 1:
                    row[i] = (row[i] + a) & 255
                elif kind == 2:
                    row[i] = (row[i] + b) & 255
                elif kind == 3:
                    row[i] = (row[i] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            transparent = transparent or any(row[i] == 0 for i in range(3, stride, 4))
            previous = row
        if not transparent:
            fail(f"{path}: no transparent pixel")


def main():
    args = sys.argv[1:]
    directory, width, height = args[0], int(args[1]), int(args[2])
    expected = int(args[args.index("--frames") + 1]) if "--frames" in args else None
    partial, alpha = "--partial" in args, "--alpha" in args
    names = sorted(os.listdir(directory))
    frames = [n for n in names if re.fullmatch(r"frame_\d{6}\.png", n)]
    others = [n for n in names if n not in frames and n != "manifest.json"]
    if others:
        fail(f"unexpected files: {others[:5]}")
    if frames != [f"frame_{i:06d}.png" for i in range(len(frames))]:
        fail("frames are not numbered 0, 1, 2, ... without a gap")
    if expected is not None and len(frames) != expected:
        fail(f"{len(frames)} frames, expected {expected}")
    if partial and not frames:
        fail("no frame at all")
    for i, name in enumerate(frames):
        # The transparent check decodes in Python: the first frame is enough.
        check_png(os.path.join(directory, name), width, height, alpha and i == 0)
    manifest = json.load(open(os.path.join(directory, "manifest.json")))
    if manifest["frame_count"] != len(frames):
        fail(f"manifest says {manifest['frame_count']} frames, found {len(frames)}")
    if (manifest["width"], manifest["height"]) != (width, height):
        fail("manifest size differs")
    if manifest["complete"] == partial:
        fail(f"manifest complete = {manifest['complete']}")
    print(f"check_frames: {len(frames)} complete frames of {width}x{height}")


main()

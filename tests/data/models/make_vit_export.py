#!/usr/bin/python3
"""Writes vit_demo.npz, the Vision Transformer attention file tests/io/vit_file_test.cpp reads:
tools/export_attention.py --demo vit (a randomly initialised ViT built from torch modules: Conv2d
patch embedding, CLS, learned positions, 2-layer nn.TransformerEncoder, 4 heads) with 4 x 4 patches
over vit_picture.png (32 x 32: left half red, right half blue, a white square top-left), which this
script draws first. Run with Debian's interpreter (python3-torch, python3-numpy):

    /usr/bin/python3 tests/data/models/make_vit_export.py

Also writes vit_demo.expected.npz: PyTorch's own attention weights for the same model and input
(computed here without the exporter's capture), which the test compares with what attnviz reads.
"""
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools"))
import export_attention  # noqa: E402
from make_assets import write_png  # noqa: E402


def main():
    picture = np.zeros((32, 32, 3))
    picture[:, :16] = (0.85, 0.15, 0.1)
    picture[:, 16:] = (0.1, 0.2, 0.9)
    picture[2:10, 2:10] = (1.0, 1.0, 1.0)
    png = os.path.join(HERE, "vit_picture.png")
    write_png(png, picture)
    out = os.path.join(HERE, "vit_demo.npz")
    export_attention.main(["--demo", "vit", "--vit-patches", "4", "--image", png, "--seed", "3",
                           "--out", out])

    # The same model and input, attention weights straight from each layer's self-attention. Grad
    # enabled, as the exporter runs: under no_grad PyTorch takes fused kernels whose weights
    # differ in the last bit.
    model = export_attention.demo_vit(3, 4)
    pixels = export_attention.picture_tensor(export_attention.read_png(png), model.input_size)
    with torch.enable_grad():
        x = model.embed(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([model.cls.expand(1, -1, -1), x], dim=1) + model.positions
        weights = []
        for layer in model.encoder.layers:
            _, w = layer.self_attn(x, x, x, need_weights=True, average_attn_weights=False)
            weights.append(w[0].detach())
            x = layer(x)
    np.savez(os.path.join(HERE, "vit_demo.expected.npz"),
             weights=torch.stack(weights).numpy().astype(np.float32))
    print("wrote", os.path.relpath(out), "and vit_demo.expected.npz")


if __name__ == "__main__":
    main()

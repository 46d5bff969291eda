#!/usr/bin/python3
"""Reference head aggregates and attention rollout for tests/attn/rollout_test.cpp.

Run with Debian's interpreter (python3-torch, python3-numpy):

    /usr/bin/python3 tools/make_rollout_fixtures.py [out_dir]   # default tests/data/fixtures

Rollout follows Abnar & Zuidema 2020 ("Quantifying Attention Flow in Transformers") and its
reference code: per layer A = mean over heads, Â = (1 − α)·A + α·I with rows renormalised to sum
1, R_l = Â_l · … · Â_0. Computed here in float64 with PyTorch, independently of attnviz.

Each CASE.npz holds
    attentions [L, H, N, N] float32   the input (real softmax outputs of random q, k)
    head_mean, head_max [L, N, N]     aggregates over heads per layer
    rollout_a50, rollout_a25 [L, N, N]  every partial product R_0 … R_{L−1} for α = 0.5 and 0.25
"""
import pathlib
import sys

import numpy as np
import torch


def weights(layers, heads, n, d_k, causal, seed):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(layers, heads, n, d_k, generator=g, dtype=torch.float64)
    k = torch.randn(layers, heads, n, d_k, generator=g, dtype=torch.float64)
    scores = q @ k.transpose(-1, -2) / d_k**0.5
    if causal:
        scores = scores.masked_fill(torch.ones(n, n, dtype=torch.bool).triu(1), float("-inf"))
    return torch.softmax(scores, dim=-1).to(torch.float32)


def rollout(attentions, alpha):
    a = attentions.to(torch.float64).mean(dim=1)  # [L, N, N]
    eye = torch.eye(a.shape[-1], dtype=torch.float64)
    partial, r = [], None
    for layer in range(a.shape[0]):
        hat = (1 - alpha) * a[layer] + alpha * eye
        hat = hat / hat.sum(dim=-1, keepdim=True)
        r = hat if r is None else hat @ r
        partial.append(r)
    return torch.stack(partial)


CASES = {
    "rollout_l3_h2_n5": dict(layers=3, heads=2, n=5, d_k=4, causal=False, seed=1),
    "rollout_causal_l4_h3_n6": dict(layers=4, heads=3, n=6, d_k=8, causal=True, seed=2),
}


def main():
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/fixtures")
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in CASES.items():
        w = weights(**spec)
        f32 = lambda t: t.numpy().astype(np.float32)
        np.savez(out / f"{name}.npz", attentions=f32(w),
                 head_mean=f32(w.to(torch.float64).mean(dim=1)),
                 head_max=f32(w.max(dim=1).values),
                 rollout_a50=f32(rollout(w, 0.5)), rollout_a25=f32(rollout(w, 0.25)))
        print("wrote", out / f"{name}.npz")


if __name__ == "__main__":
    main()

"""Writes a synthetic attention file of any size, as tools/export_attention.py lays it out: q, k, v
[L, H, N, d_k] from a seeded generator, attentions = softmax(q·kᵀ/√d_k + a positional bias)
[L, H, N, N] (causal with --causal), tokens and meta_json. For benchmarks and tests of large files (no model needed):

    /usr/bin/python3 tools/synthetic_attention.py --layers 12 --heads 12 --tokens 128 --out big.npz
"""
import argparse
import json

import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--tokens", type=int, default=128)
    p.add_argument("--d-k", type=int, default=64)
    p.add_argument("--causal", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    shape = (a.layers, a.heads, a.tokens, a.d_k)
    q = rng.standard_normal(shape).astype(np.float32)
    k = rng.standard_normal(shape).astype(np.float32)
    v = rng.standard_normal(shape).astype(np.float32)
    # Positional structure so the picture is not noise: each head prefers a different offset.
    offsets = np.arange(a.heads)[None, :, None, None] % 4
    i = np.arange(a.tokens)[:, None]
    j = np.arange(a.tokens)[None, :]
    scores = q.astype(np.float64) @ np.swapaxes(k, -1, -2) / np.sqrt(a.d_k)
    scores = scores - 0.5 * np.abs(i - j - offsets)
    if a.causal:
        scores = np.where(j > i, -np.inf, scores)
    e = np.exp(scores - scores.max(-1, keepdims=True))
    w = (e / e.sum(-1, keepdims=True)).astype(np.float32)
    # The positional bias is not in q·kᵀ: attnviz reports the difference, as it would for ALiBi.
    tokens = np.array([f"tok{t}" for t in range(a.tokens)])
    meta = json.dumps({"model": "synthetic", "layout": "LHNM",
                       "notes": "softmax(q·kᵀ/√d_k − 0.5·|i − j − h mod 4|)"})
    np.savez(a.out, attentions=w, q=q, k=k, v=v, tokens=tokens,
             meta_json=np.frombuffer(meta.encode(), dtype=np.uint8))
    print(f"wrote {a.out}: attentions {list(w.shape)}, q/k/v d_k={a.d_k}")


if __name__ == "__main__":
    main()

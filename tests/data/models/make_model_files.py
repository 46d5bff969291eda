#!/usr/bin/python3
"""Writes the attention files of real-model layouts that tests/io/attention_file_test.cpp reads.

Run with Debian's interpreter (python3-numpy):  /usr/bin/python3 tests/data/models/make_model_files.py

Each NAME.npz / NAME.safetensors / NAME.npy is a layout attnviz must recognise; NAME.expected.npz
beside it holds what attnviz must make of it, in its own canonical layout:
    weights [L, H, N, M] (batch item 0), weights_b1 (batch item 1, where the file has two),
    q [L, H, N, d_k], k and v [L, H, M, d_k] (where the file has them).
The weights are real softmax outputs of the stored q and k (causal for self-attention), so
recomputing scores from q and k reproduces them. .safetensors files are written by hand (the
`safetensors` package is not in Debian): [u64 N][N bytes of JSON header][data].
"""
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20240611)


def attention(lead, n, m, d_k, causal):
    """q [*lead, n, d_k], k/v [*lead, m, d_k], weights [*lead, n, m] = softmax(q·kᵀ/√d_k)."""
    q = RNG.standard_normal((*lead, n, d_k)).astype(np.float32)
    k = RNG.standard_normal((*lead, m, d_k)).astype(np.float32)
    v = RNG.standard_normal((*lead, m, d_k)).astype(np.float32)
    scores = (q.astype(np.float64) @ np.swapaxes(k, -1, -2).astype(np.float64)) / np.sqrt(d_k)
    if causal:
        scores = np.where(np.tril(np.ones((n, m), dtype=bool)), scores, -np.inf)
    scores -= scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    return q, k, v, (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


def utf8_json(value):
    return np.frombuffer(json.dumps(value).encode("utf-8"), dtype=np.uint8)


def save(name, **arrays):
    np.savez(os.path.join(HERE, name), **arrays)


def bf16_bits(values):
    bits = np.ascontiguousarray(values, dtype="<f4").view("<u4").astype(np.uint64)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2")


def write_safetensors(name, tensors, metadata):
    """tensors: list of (name, dtype, array already in that dtype's little-endian bytes form)."""
    header, position, blobs = {"__metadata__": metadata}, 0, []
    for key, dtype, shape, raw in tensors:
        header[key] = {"dtype": dtype, "shape": list(shape),
                       "data_offsets": [position, position + len(raw)]}
        position += len(raw)
        blobs.append(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    tokens = ["the", "cat", "sat", "d\u00e9j\u00e0"]

    # 1. Stacked [L, H, N, M] with q/k/v, unicode tokens, meta_json as UTF-8 bytes (the exporter's).
    q, k, v, w = attention((2, 3), 4, 4, 5, causal=True)
    save("stacked.npz", attentions=w, q=q, k=k, v=v, tokens=np.array(tokens),
         meta_json=utf8_json({"model": "fixture", "layout": "LHNM"}))
    save("stacked.expected.npz", weights=w, q=q, k=k, v=v)

    # 2. HuggingFace per-layer tuples: attentions.i [B, H, N, M], q.i/k.i/v.i [B, H, N|M, d_k],
    #    tokens as UTF-8 JSON bytes; two batch items.
    q, k, v, w = attention((3, 2, 2), 3, 3, 4, causal=True)  # [L, B, H, …]
    arrays = {"tokens": utf8_json(["a", "b", "c"])}
    for layer in range(3):
        arrays[f"attentions.{layer}"] = w[layer]
        arrays[f"q.{layer}"] = q[layer]
        arrays[f"k.{layer}"] = k[layer]
        arrays[f"v.{layer}"] = v[layer]
    save("per_layer.npz", **arrays)
    save("per_layer.expected.npz", weights=w[:, 0], weights_b1=w[:, 1], q=q[:, 0], k=k[:, 0],
         v=v[:, 0])

    # 3. nn.MultiheadAttention's batched [B, H, N, M] in float16, said so by the metadata.
    _, _, _, w = attention((2, 2), 3, 3, 4, causal=False)
    w16 = w.astype("<f2")
    write_safetensors("batched_f16.safetensors", [("attn_weights", "F16", w16.shape, w16.tobytes())],
                      {"layout": "BHNM", "tokens": json.dumps(["x", "y", "z"]),
                       "meta_json": json.dumps({"source": "nn.MultiheadAttention"})})
    save("batched_f16.expected.npz", weights=w16.astype(np.float32)[0][None],
         weights_b1=w16.astype(np.float32)[1][None])

    # 4. [L, B, H, N, M] in bfloat16 with q and k (no v), layout by rank.
    q, k, _, w = attention((2, 1, 2), 3, 3, 4, causal=True)
    bits = bf16_bits(w)
    w_bf16 = (bits.astype(np.uint32) << 16).view(np.float32).reshape(w.shape)
    write_safetensors("layers_bf16.safetensors", [
        ("attentions", "BF16", w.shape, bits.tobytes()),
        ("q", "F32", q.shape, q.astype("<f4").tobytes()),
        ("k", "F32", k.shape, k.astype("<f4").tobytes()),
    ], {"tokens": json.dumps(["p", "q", "r"])})
    save("layers_bf16.expected.npz", weights=w_bf16[:, 0], q=q[:, 0], k=k[:, 0])

    # 5. A bare .npy of cross-attention [H, N, M] (N = 2 queries, M = 5 keys), no names at all.
    _, _, _, w = attention((2,), 2, 5, 3, causal=False)
    np.save(os.path.join(HERE, "cross_head.npy"), w)
    save("cross_head.expected.npz", weights=w[None])


if __name__ == "__main__":
    main()

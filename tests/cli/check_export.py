"""Checks what `attnviz compute --file` read from a file tools/export_attention.py wrote.

    check_export.py mha BACK.npz TEXT      the classic nn.MultiheadAttention(16, 2) demo: PyTorch
                                           runs it again here, and attnviz's weights must be
                                           exactly (bit for bit) the weights PyTorch computes
    check_export.py file BACK.npz EXPORTED.safetensors
                                           attnviz's weights must be exactly the file's tensors
                                           (read here by hand: [u64 N][JSON header][data])
Both then check attnviz's derived arrays against NumPy: scores = q·kᵀ/√d_k, softmax(scores) =
weights, head mean/max and rollout (Abnar & Zuidema, residual 0.5).
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import export_attention  # noqa: E402  (the demo model and its embeddings, not its capture path)


def read_safetensors(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    buffer = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", info
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(buffer[begin:end], dtype="<f4").reshape(info["shape"])
    return tensors, header.get("__metadata__", {})


def expect(ok, message):
    if not ok:
        raise SystemExit("check_export: " + message)


def main():
    mode, back_path, source = sys.argv[1:4]
    back = np.load(back_path)
    if mode == "mha":
        tokens = source.split()
        mha = export_attention.demo_mha(0)
        x = export_attention.token_embeddings(tokens, 16, 0).unsqueeze(0)
        # Grad enabled, as the exporter runs: under no_grad PyTorch takes its fused inference
        # kernel (torch._native_multi_head_attention), whose weights differ in the last bit.
        with torch.enable_grad():
            _, w = mha(x, x, x, need_weights=True, average_attn_weights=False)
        want = w.detach().numpy()  # [1, H, N, N]: one layer
        expect(list(back["tokens"]) == tokens, f"tokens {list(back['tokens'])} != {tokens}")
    else:
        tensors, metadata = read_safetensors(source)
        want = tensors["attentions"]
        expect(list(back["tokens"]) == json.loads(metadata["tokens"]), "tokens differ")
        for name in "qkv":
            expect(np.array_equal(back[name], tensors[name]), f"{name} differs from the file")
    got = back["weights"]
    expect(got.dtype == np.float32 and got.shape == want.shape,
           f"weights {got.dtype} {got.shape}, expected float32 {want.shape}")
    expect(np.array_equal(got.view(np.uint32), want.astype(np.float32).view(np.uint32)),
           f"weights differ: max |diff| {np.abs(got - want).max()}")

    q, k = back["q"].astype(np.float64), back["k"].astype(np.float64)
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    expect(np.allclose(back["scores"], scores, rtol=1e-5, atol=1e-6), "scores != q·kᵀ/√d_k")
    e = np.exp(scores - scores.max(-1, keepdims=True))
    expect(np.allclose(e / e.sum(-1, keepdims=True), got, atol=1e-6),
           "softmax(scores) != weights")
    expect(np.allclose(back["head_mean"], got.astype(np.float64).mean(1), atol=1e-6), "head_mean")
    expect(np.array_equal(back["head_max"], got.max(1)), "head_max")
    r = None
    for layer, a in enumerate(got.astype(np.float64).mean(1)):
        hat = 0.5 * a + 0.5 * np.eye(a.shape[0])
        hat /= hat.sum(-1, keepdims=True)
        r = hat if r is None else hat @ r
        expect(np.allclose(back["rollout"][layer], r, atol=1e-5), f"rollout layer {layer}")
    print(f"check_export: {mode}: weights {got.shape} bit-identical, scores, softmax, head "
          f"mean/max and rollout agree")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Reference outputs of torch.nn.MultiheadAttention for tests/attn/fixtures_test.cpp.

Run with Debian's interpreter (python3-torch, python3-numpy):

    /usr/bin/python3 tools/make_attention_fixtures.py [out_dir]   # default tests/data/fixtures

Each case writes CASE.npz (float32 unless noted) with
    x [N, D], x_kv [M, D] (cross-attention only),
    w_q w_k w_v w_o [D, D], b_q b_k b_v b_o [D]   (in_proj split in q, k, v order; out_proj),
    mask [N, M] bool (True = masked, attn_mask), key_padding_mask [M] bool (True = padding),
    weights [H, N, M] (need_weights=True, average_attn_weights=False), out [N, D].
PyTorch masks with -inf, so a fully masked row gives NaN there: no case has one.
"""
import pathlib
import sys

import numpy as np
import torch


def run_case(name, d, heads, n, m=None, causal=False, padding=None, seed=0):
    torch.manual_seed(seed)
    cross = m is not None
    m = m if cross else n
    mha = torch.nn.MultiheadAttention(d, heads, bias=True, batch_first=True)
    with torch.no_grad():
        # Non-zero biases (PyTorch initialises them to 0) so the test sees them.
        mha.in_proj_bias.uniform_(-0.5, 0.5)
        mha.out_proj.bias.uniform_(-0.5, 0.5)
    mha.eval()
    x = torch.randn(1, n, d)
    x_kv = torch.randn(1, m, d) if cross else x
    arrays = {}
    kwargs = {"need_weights": True, "average_attn_weights": False}
    if causal:
        mask = torch.ones(n, m, dtype=torch.bool).triu(1)  # True above the diagonal: j > i
        kwargs["attn_mask"] = mask
        arrays["mask"] = mask.numpy()
    if padding is not None:
        pad = torch.zeros(m, dtype=torch.bool)
        pad[padding] = True
        kwargs["key_padding_mask"] = pad.unsqueeze(0)
        arrays["key_padding_mask"] = pad.numpy()
    with torch.no_grad():
        out, weights = mha(x, x_kv, x_kv, **kwargs)
    assert not torch.isnan(weights).any(), name + ": a fully masked row"
    w_q, w_k, w_v = mha.in_proj_weight.detach().chunk(3, dim=0)
    b_q, b_k, b_v = mha.in_proj_bias.detach().chunk(3, dim=0)
    f32 = lambda t: t.detach().numpy().astype(np.float32)
    arrays.update(
        x=f32(x[0]), w_q=f32(w_q), w_k=f32(w_k), w_v=f32(w_v), w_o=f32(mha.out_proj.weight),
        b_q=f32(b_q), b_k=f32(b_k), b_v=f32(b_v), b_o=f32(mha.out_proj.bias),
        weights=f32(weights[0]), out=f32(out[0]))
    if cross:
        arrays["x_kv"] = f32(x_kv[0])
    return arrays


CASES = {
    "self_d16_h2_n5": dict(d=16, heads=2, n=5, seed=1),
    "causal_d16_h2_n5": dict(d=16, heads=2, n=5, causal=True, seed=2),
    "padding_d24_h3_n7": dict(d=24, heads=3, n=7, padding=[2, 6], seed=3),
    "causal_padding_d24_h3_n7": dict(d=24, heads=3, n=7, causal=True, padding=[5], seed=4),
    "cross_d24_h3_n7_m4": dict(d=24, heads=3, n=7, m=4, seed=5),
    "cross_padding_d16_h2_n5_m9": dict(d=16, heads=2, n=5, m=9, padding=[0, 8], seed=6),
}


def main():
    out_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                           pathlib.Path(__file__).resolve().parent.parent / "tests/data/fixtures")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, spec in CASES.items():
        np.savez(out_dir / (name + ".npz"), **run_case(name, **spec))
        print("wrote", out_dir / (name + ".npz"))
    print("torch", torch.__version__, "numpy", np.__version__)


if __name__ == "__main__":
    main()

"""Checks a `attnviz compute` result against an independent NumPy implementation of
nn.MultiheadAttention: check_compute.py RESULT.npz HEADS TEMPERATURE [INPUTS.npz]."""
import sys
import numpy as np

r = np.load(sys.argv[1])
heads = int(sys.argv[2])
temperature = float(sys.argv[3])
x = r["x"]
x_kv = r["x_kv"] if "x_kv" in r else x
n, d = x.shape
m = x_kv.shape[0]
dk = d // heads
if len(sys.argv) > 4:  # the file's tensors must have been used as given
    given = np.load(sys.argv[4])
    for name in given.files:
        if name in r and given[name].dtype != np.bool_ and given[name].dtype.kind != "U":
            assert np.array_equal(given[name], r[name]), name

def proj(inp, c):
    return inp @ r[f"w_{c}"].T + r[f"b_{c}"]

q = proj(x, "q").reshape(n, heads, dk).transpose(1, 0, 2)
k = proj(x_kv, "k").reshape(m, heads, dk).transpose(1, 0, 2)
v = proj(x_kv, "v").reshape(m, heads, dk).transpose(1, 0, 2)
scores = q @ k.transpose(0, 2, 1) / np.sqrt(dk)
masked = np.where(r["mask"][None], -np.inf, scores / temperature)
row_max = masked.max(-1, keepdims=True)
e = np.where(r["mask"][None], 0.0, np.exp(masked - np.where(np.isfinite(row_max), row_max, 0)))
s = e.sum(-1, keepdims=True)
weights = np.divide(e, s, out=np.zeros_like(e), where=s > 0)
out = (weights @ v).transpose(1, 0, 2).reshape(n, d) @ r["w_o"].T + r["b_o"]

def close(name, a, b):
    assert a.shape == b.shape, (name, a.shape, b.shape)
    err = np.abs(a - b) - (1e-5 + 1e-4 * np.abs(b))
    assert (err <= 0).all(), f"{name}: max excess {err.max()}"

close("q", r["q"], q)
close("k", r["k"], k)
close("v", r["v"], v)
close("scores", r["scores"], scores)
close("weights", r["weights"], weights)
close("out", r["out"], out)
assert not np.isnan(r["weights"]).any()
assert r["tokens"].shape == (n,)
print("ok", n, m, d, heads)

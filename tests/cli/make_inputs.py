"""Writes the --inputs files the CLI tests use (run by CTest with Debian's /usr/bin/python3)."""
import sys
import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(0)
n, m, d = 5, 3, 8
x = rng.standard_normal((n, d)).astype(np.float32)
x_kv = rng.standard_normal((m, d)).astype(np.float32)
w = {f"w_{c}": (rng.standard_normal((d, d)) * 0.3).astype(np.float32) for c in "qkvo"}
b = {f"b_{c}": (rng.standard_normal(d) * 0.1).astype(np.float32) for c in "qkvo"}
mask = np.zeros((n, m), dtype=bool)
mask[0, 2] = True
np.savez(f"{out}/cross.npz", x=x, x_kv=x_kv, mask=mask,
         tokens=np.array(["le", "chat", "est", "très", "noir"]), **w, **b)
bad = x.copy()
bad[2, 3] = np.nan
np.savez(f"{out}/nan.npz", x=bad)
np.savez(f"{out}/bad_shape.npz", x=x, w_q=np.zeros((d, d - 1), np.float32))
with open(f"{out}/truncated.npz", "wb") as f:
    f.write(open(f"{out}/cross.npz", "rb").read()[:200])

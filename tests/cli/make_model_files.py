"""Writes the model files the CLI tests open (run by CTest with Debian's /usr/bin/python3): weights
with a NaN, tokens that do not match N, and a small self-attention file with q/k/v whose tokens are
Greek, Cyrillic, accented Latin and CJK (the fonts' test), and the same without q/k/v."""
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(1)


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return (e / e.sum(-1, keepdims=True)).astype(np.float32)


w = softmax(rng.standard_normal((2, 2, 4, 4)))
nan = w.copy()
nan[1, 0, 2, 3] = np.nan
np.savez(f"{out}/nan_weights.npz", attentions=nan)
np.savez(f"{out}/token_mismatch.npz", attentions=w, tokens=np.array(["a", "b", "c"]))

n, d = 7, 8
q = rng.standard_normal((2, 3, n, d)).astype(np.float32)
k = rng.standard_normal((2, 3, n, d)).astype(np.float32)
v = rng.standard_normal((2, 3, n, d)).astype(np.float32)
scores = q.astype(np.float64) @ np.swapaxes(k, -1, -2) / np.sqrt(d)
tokens = ["καλημέρα", "κόσμε", "привет", "мир", "café", "猫が座った", "überlangeswortmitvielenbuchstaben"]
np.savez(f"{out}/scripts.npz", attentions=softmax(scores), q=q, k=k, v=v, tokens=np.array(tokens))
np.savez(f"{out}/scripts_noqk.npz", attentions=softmax(scores), tokens=np.array(tokens))

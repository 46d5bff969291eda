"""Frame time of attnviz against matplotlib's bar3d, the usual way to draw a 3D attention
height-field in a notebook, measured in the same run on the same machine.

    /usr/bin/python3 bench/matplotlib_bench.py path/to/attnviz

For N = 32 and 64 it renders one head of N x N bars at 1280x720 both ways: matplotlib draws the
figure with the Agg backend (what savefig/notebooks do); attnviz renders offscreen (EGL,
single-sampled, with labels and legend: `attnviz screenshot --frames`). Prints medians and the
ratio matplotlib / attnviz.
"""
import re
import statistics
import subprocess
import sys
import tempfile
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def matplotlib_ms(n, repeats):
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((n, n))
    weights = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    x, y = np.meshgrid(np.arange(n), np.arange(n))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fig = plt.figure(figsize=(12.8, 7.2), dpi=100)
        ax = fig.add_subplot(projection="3d")
        colors = plt.cm.viridis(weights.ravel() / weights.max())
        ax.bar3d(x.ravel(), y.ravel(), 0, 0.9, 0.9, weights.ravel(), color=colors, shade=True)
        fig.canvas.draw()
        plt.close(fig)
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def attnviz_ms(binary, n, frames):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [binary, "screenshot", "--out", f"{tmp}/shot.png", "--size", "1280x720", "--samples", "1",
             "--frames", str(frames), "--seq", str(n), "--d-model", "64", "--heads", "1"],
            check=True, capture_output=True, text=True).stdout
    return float(re.search(r"median ([0-9.]+) ms", out).group(1))


def main():
    binary = sys.argv[1]
    print(f"{'N':>4} {'bars':>6} {'matplotlib bar3d':>18} {'attnviz':>10} {'ratio':>8}")
    for n, repeats in ((32, 5), (64, 3)):
        mpl = matplotlib_ms(n, repeats)
        ours = attnviz_ms(binary, n, 30)
        print(f"{n:>4} {n * n:>6} {mpl:>15.1f} ms {ours:>7.2f} ms {mpl / ours:>7.1f}x")


if __name__ == "__main__":
    main()

"""Steerable filters on R²: the analytic basis for SO(2) (frequency 1 -> frequency 2) and
its aliased C4 version, sampled on a 9x9 grid and rotated to show equivariance.

Each element is a Gaussian ring times an angular harmonic (Weiler & Cesa 2019, Table 8):
psi((n-m)phi) and psi((n+m)phi) xi, here n=2, m=1.  Top rows: entry (0, 0) of every
SO(2) element; bottom: the check kappa(g x) = rho_out(g) kappa(x) rho_in(g)^-1 at rotated
continuous points.  Saves ``kernels_r2_filters.png`` under $GAUGEMATH_EXAMPLES_OUT.
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath.kernels import irrep_matrix, steerable_basis  # noqa: E402
from gaugemath.groups import SO2  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

# SO(2): input irrep of frequency 1 (a vector field), output of frequency 2
basis = steerable_basis("R2", "SO2", 1, 2, size=9)
K = basis.sample()  # (n_basis, 2, 2, 9, 9), grid axes (x, y)
print(f"SO(2) 1 -> 2 on a 9x9 grid: {len(basis)} elements, band-limits per ring {basis.fmax.tolist()}")
c4 = steerable_basis("R2", "C4", 1, 2, size=9)
print(f"C4 1 -> 2 (aliasing adds frequencies = 1, 3 mod 4): {len(c4)} elements")

# equivariance at a random rotation, evaluated at rotated continuous points (not the grid)
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 2)) * 2
theta = 0.7
g = SO2.from_angle(theta)  # the group element, a 2x2 rotation matrix
lhs = basis.evaluate(SO2().act(g, x))
rhs = np.einsum("ab,nbcp,dc->nadp", irrep_matrix("SO2", 2, g), basis.evaluate(x), irrep_matrix("SO2", 1, g))
print(f"max |kappa(gx) - rho_out kappa(x) rho_in^-1| = {np.abs(lhs - rhs).max():.2e}")

n = min(len(basis), 8)
fig, axes = plt.subplots(2, n, figsize=(1.6 * n, 3.6))
for i in range(n):
    md = basis.metadata[i]
    ax = axes[0, i]
    ax.imshow(K[i, 0, 0].T, origin="lower", cmap="RdBu_r", vmin=-1, vmax=1)  # transpose: x to the right
    ax.set_title(f"r={md['radius']:g} {md['kind']}\nf={md['signed_frequency']} b={md['phase']:.2f}", fontsize=7)
    ax.axis("off")
    ax = axes[1, i]
    ax.plot(lhs[i, 0, 0], rhs[i, 0, 0], ".", ms=2)
    ax.set_title("k(gx) vs rho k rho^-1", fontsize=6)
    ax.tick_params(labelsize=5)
fig.tight_layout()
fig.savefig(out / "kernels_r2_filters.png", dpi=110)
print(f"saved {out / 'kernels_r2_filters.png'}")

"""A slice of the SO(3)-steerable kernel basis on R³ (vector field -> l = 2 field, 7x7x7 grid).

kappa(x) = Gaussian shell(|x|) * sum_m C^J_{m i o} Y_Jm(x/|x|) (Wigner–Eckart form; Weiler et
al. 2018, Lang & Weiler 2021).  We plot the z = 0 slice of each element's strongest (o, i) entry, check equivariance at a random rotation, and compare the basis size with the
independent nullspace solution.  Saves ``kernels_so3_slice.png`` under $GAUGEMATH_EXAMPLES_OUT.
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath import so3  # noqa: E402
from gaugemath.kernels import irrep_matrix, steerable_basis  # noqa: E402
from gaugemath.kernels.nullspace import solve_kernel_space  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

basis = steerable_basis("R3", "SO3", 1, 2, size=7)  # in: l = 1, out: l = 2
K = basis.sample()  # (8, 5, 3, 7, 7, 7)
print(f"SO(3) 1 -> 2, size 7: {len(basis)} elements (shell, J) = {[(m['shell'], m['J']) for m in basis.metadata]}")

dim, _ = solve_kernel_space("SO3", 1, 2, basis.radii, basis.sigmas, basis.fmax)
print(f"independent nullspace dimension: {dim}")

R = np.asarray(so3.as_matrix(so3.random(1, seed=1)))[0]
x = np.random.default_rng(1).normal(size=(100, 3)) * 2
lhs = basis.evaluate(x @ R.T)
rhs = np.einsum("ab,nbcp,dc->nadp", irrep_matrix("SO3", 2, R), basis.evaluate(x), irrep_matrix("SO3", 1, R))
print(f"max equivariance error at a random rotation: {np.abs(lhs - rhs).max():.2e}")

fig, axes = plt.subplots(1, len(basis), figsize=(1.7 * len(basis), 2.1))
for i, ax in enumerate(axes):
    sl = K[i, :, :, :, :, 3]  # z = 0 slice of every (m_out, m_in) entry
    o, j = np.unravel_index(np.argmax((sl**2).sum(axis=(2, 3))), sl.shape[:2])  # the strongest entry
    vmax = np.abs(sl[o, j]).max()
    ax.imshow(sl[o, j].T, origin="lower", cmap="RdBu_r", vmin=-vmax, vmax=vmax)
    ax.set_title(f"r={basis.metadata[i]['radius']:g}, J={basis.metadata[i]['J']}\n(m_out, m_in)=({o - 2},{j - 1})", fontsize=7)
    ax.axis("off")
fig.suptitle("z = 0 slice of the strongest entry of each element", fontsize=9)
fig.tight_layout()
fig.savefig(out / "kernels_so3_slice.png", dpi=110)
print(f"saved {out / 'kernels_so3_slice.png'}")

"""Spherical harmonics and Wigner matrices: what they look like and how they fit together.

1. Plot a few real spherical harmonics Y_lm(theta, phi) on an equirectangular grid.
2. Plot Wigner small-d matrices d^l_{m'm}(beta) for one beta at growing l: the mass
   concentrates on a band around the classically allowed region.
3. Check the rotation property that ties them together (our convention, see
   docs/conventions.md §2-§3):  Y^real(R x) = D^real(R) Y^real(x).

Saves ``core_harmonics_and_wigner.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import gaugemath as gm  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

# --- 1. real spherical harmonics on a grid -------------------------------------------
L = 3
theta, phi = np.meshgrid(np.linspace(0, np.pi, 91), np.linspace(0, 2 * np.pi, 181), indexing="ij")
Y = gm.spherical_harmonics(L, theta, phi, basis="real")  # shape (91, 181, (L+1)^2)
show = [(1, -1), (1, 0), (1, 1), (2, 0), (2, 2), (3, -2)]  # (l, m) pairs; index = l^2 + l + m

# --- 2. Wigner small-d at one angle for growing l ------------------------------------
beta = 1.0
ds = {ell: gm.wigner_d(ell, beta) for ell in (4, 16, 64)}

# --- 3. the rotation property, on random points and a random rotation ----------------
R = gm.so3.random(1, seed=0)[0]
x = np.random.default_rng(1).normal(size=(200, 3))
x /= np.linalg.norm(x, axis=1, keepdims=True)
Rm = gm.so3.as_matrix(R)
Y_Rx = gm.spherical_harmonics_xyz(L, x @ Rm.T, basis="real")  # Y(R x) for each point (rows)
Y_x = gm.spherical_harmonics_xyz(L, x, basis="real")
err = 0.0
for ell in range(L + 1):
    sl = slice(ell * ell, (ell + 1) ** 2)  # the 2l+1 entries of degree l
    D = gm.wigner_D(ell, R, basis="real")
    err = max(err, np.abs(Y_Rx[:, sl] - Y_x[:, sl] @ D.T).max())
print(f"max |Y(Rx) - D(R) Y(x)| over l <= {L}: {err:.2e}")
assert err < 1e-12

fig, axes = plt.subplots(3, 3, figsize=(11, 8.5))
for ax, (ell, m) in zip(axes.flat[:6], show):
    im = ax.imshow(Y[..., ell * ell + ell + m], extent=(0, 360, 180, 0), cmap="RdBu_r", aspect="auto")
    ax.set_title(f"real $Y_{{{ell},{m}}}$")
    ax.set_xlabel(r"$\phi$ (deg)")
    ax.set_ylabel(r"$\theta$ (deg)")
for ax, (ell, d) in zip(axes.flat[6:], ds.items()):
    lim = np.abs(d).max()
    ax.imshow(d, cmap="RdBu_r", vmin=-lim, vmax=lim, extent=(-ell - 0.5, ell + 0.5, ell + 0.5, -ell - 0.5))
    ax.set_title(rf"$d^{{{ell}}}_{{m'm}}(\beta={beta})$")
    ax.set_xlabel("m")
    ax.set_ylabel("m'")
fig.suptitle(f"Y(Rx) = D(R)Y(x) holds to {err:.1e}")
fig.tight_layout()
fig.savefig(out / "core_harmonics_and_wigner.png", dpi=90)
print(f"saved {out / 'core_harmonics_and_wigner.png'}")

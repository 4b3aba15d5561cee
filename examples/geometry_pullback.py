"""Diffeomorphic counterfactuals in miniature: gradient steps in data space vs in latent space.

A generative map g: Z -> X embeds the latent line Z = R as a helix in X = R^3,
x = g(z) = (cos z, sin z, c z): the "data manifold".  A classifier-like score f(x) (a logistic
function of a linear feature) is to be increased.
  * A gradient step in data space, x + eta grad f(x), leaves the manifold.
  * A gradient step in latent space, z + eta (f o g)'(z) = z + eta J^T grad f, stays on it by
    construction; to first order it moves x by eta J J^T grad f (Dombrowski et al. 2023,
    arXiv:2206.05075).  The Riemannian step G^-1 J^T grad f moves x by the tangential part of grad f.
Saves ``geometry_pullback.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath.pullback import data_velocity, gradient_step_in_latent, pullback_metric  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

PITCH = 0.3


def g(z):
    """The helix x = (cos z, sin z, PITCH z) for latent points z of shape (..., 1)."""
    t = z[..., 0]
    return np.stack([np.cos(t), np.sin(t), PITCH * t], -1)


def jac(z):
    """Its Jacobian dx/dz, shape (..., 3, 1)."""
    t = z[..., 0]
    return np.stack([-np.sin(t), np.cos(t), np.full_like(t, PITCH)], -1)[..., None]


W, B = np.array([1.0, 2.0, -0.5]), 0.3


def f(x):
    """A classifier-like score: sigmoid(w . x + b)."""
    return 1 / (1 + np.exp(-(x @ W + B)))


def grad_f(x):
    p = f(x)
    return (p * (1 - p))[..., None] * W


def distance_to_helix(x):
    """min_z |g(z) - x|: a dense grid, then Newton steps on d/dz |g(z) - x|^2 / 2."""
    zs = np.linspace(-20, 20, 40001)[:, None]
    z = zs[np.argmin(np.linalg.norm(g(zs) - x, axis=1))]
    for _ in range(30):
        r = g(z) - x
        j = jac(z)[:, 0]
        h = j @ j + r @ np.array([-np.cos(z[0]), -np.sin(z[0]), 0.0])
        z = z - (r @ j) / h
    return float(np.linalg.norm(g(z) - x))


z0 = np.array([0.4])
x0 = g(z0)
eta = 2.0
print(f"start: z0 = {z0[0]:.3f}, x0 = {np.round(x0, 4)}, f(x0) = {f(x0):.4f}")
print(f"pull-back metric G = J^T J = {pullback_metric(jac, z0)[0, 0]:.4f} (= 1 + c^2 = {1 + PITCH**2:.4f})")

# 1. a step in data space leaves the manifold
x_data = x0 + eta * grad_f(x0)
print(f"data-space step: f = {f(x_data):.4f}, distance from the helix = {distance_to_helix(x_data):.3e}")

# 2. a step in latent space stays on it
z1, x_lat = gradient_step_in_latent(g, jac, z0, grad_f, eta)
print(f"latent step: f = {f(x_lat):.4f}, distance from the helix = {distance_to_helix(x_lat):.3e}")

# 3. first order: g(z0 + e w) - g(z0) = e J J^T grad f + O(e^2), w = J^T grad f
w = (jac(z0)[..., 0] @ grad_f(x0))[None]
v = data_velocity(jac, z0, grad_f(x0))
deriv = np.imag(g(z0 + 1e-30j * w)) / 1e-30  # complex-step derivative of g along w (exact)
print(f"|J J^T grad f - d/de g(z0 + e w)| = {np.abs(v - deriv).max():.2e}")
for e in (1e-2, 1e-3, 1e-4):
    rem = np.linalg.norm(g(z0 + e * w) - x0 - e * v)
    print(f"  e = {e:.0e}: remainder / e^2 = {rem / e**2:.4f}")

# 4. a counterfactual path: 40 Riemannian latent steps climb f along the manifold to a point
#    where grad f is normal to it (its tangential part, the Riemannian gradient, vanishes)
path_z, z = [z0], z0
for _ in range(40):
    z, _ = gradient_step_in_latent(g, jac, z, grad_f, 3.0, riemannian=True)
    path_z.append(z)
path_x = g(np.array(path_z))
tangential = np.linalg.norm(data_velocity(jac, z, grad_f(g(z)), riemannian=True))
print(f"Riemannian latent path: {len(path_z) - 1} steps, f from {f(path_x[0]):.3f} to {f(path_x[-1]):.3f}, "
      f"max distance from the helix = {max(distance_to_helix(p) for p in path_x):.3e}")
print(f"at the end: tangential |grad f| = {tangential:.2e}, |grad f| = {np.linalg.norm(grad_f(g(z))):.3f}")

fig = plt.figure(figsize=(11, 4.8))
ax = fig.add_subplot(1, 2, 1, projection="3d")
zz = np.linspace(-np.pi, 2.5 * np.pi, 400)[:, None]
ax.plot(*g(zz).T, color="0.6", label="data manifold g(Z)")
ax.plot(*path_x.T, "o", color="tab:green", ms=3, label="latent (Riemannian) path")
ax.quiver(*x0, *(x_data - x0), color="tab:red", label="data-space step")
ax.quiver(*x0, *(x_lat - x0), color="tab:blue", label="latent step")
ax.scatter(*x0, color="k")
ax.set_title("gradient steps from x0")
ax.legend(fontsize=7, loc="upper left")
ax2 = fig.add_subplot(1, 2, 2)
ax2.plot(zz[:, 0], f(g(zz)), color="0.4", label="f(g(z))")
ax2.plot(np.array(path_z)[:, 0], f(path_x), "o", color="tab:green", ms=3, label="path")
ax2.set_xlabel("latent z")
ax2.set_ylabel("score f")
ax2.legend()
fig.tight_layout()
fig.savefig(out / "geometry_pullback.png", dpi=110)
print("saved", out / "geometry_pullback.png")

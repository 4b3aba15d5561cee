"""Features of order 0, 1 and 2 on a mesh, and what a gauge change does to them.

On a surface a "feature" at a vertex is a list of numbers that only means something together
with the frame it was measured in.  A field of order n is a 2-vector that turns by -n·g when the
frame turns by g (the real SO(2) irrep ρ_n); order 0 is a scalar.  From one tangent vector field
w on a torus we build

* order 0: |w| (a scalar: unchanged by any gauge change),
* order 1: the components of w in the frame (turn by -g),
* order 2: |w| (cos 2φ, sin 2φ), φ the angle of w in the frame — a "line field" that cannot tell
  w from -w (turns by -2g),

turn every frame by a random angle g_v, measure again in the new frames, and compare with
``gaugemath.mesh.transform_features`` (f ↦ ρ(-g) f).
Saves ``gauge_mesh_features.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath import mesh as gm  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

M = gm.torus(36, 16, 1.0, 0.4)
X = M.vertices
frames = gm.vertex_frames(M)
n = frames[:, 2]

# a tangent vector field: the rotation field about the z axis plus a swirl, projected to the surface
w = np.cross([0.0, 0.0, 1.0], X) + 0.4 * np.cross(n, [1.0, 0.0, 0.0])
w -= np.sum(w * n, axis=1, keepdims=True) * n


def measure(frames):
    """Order 0, 1, 2 features of w measured in the given frames: channels (|w|, w1, w2, q1, q2)."""
    c1, c2 = np.sum(w * frames[:, 0], axis=1), np.sum(w * frames[:, 1], axis=1)
    r, phi = np.hypot(c1, c2), np.arctan2(c2, c1)
    return np.stack([r, c1, c2, r * np.cos(2 * phi), r * np.sin(2 * phi)], axis=1)


orders = (0, 1, 2)
f = measure(frames)
g = np.random.default_rng(1).uniform(-np.pi, np.pi, M.n_vertices)
frames2 = gm.rotate_frames(frames, g)
f2 = measure(frames2)  # measured from scratch in the new frames
predicted = gm.transform_features(f, orders, g)  # the transformation law rho_n(-g)
err = np.abs(f2 - predicted).max(axis=0)
print(f"torus: {M.n_vertices} vertices; gauge angles in [{g.min():+.3f}, {g.max():+.3f}]")
print(f"order 0 (scalar |w|): max |f' - f| = {err[0]:.2e}")
print(f"order 1 (vector w): max |f' - rho_1(-g) f| = {max(err[1:3]):.2e}")
print(f"order 2 (line field): max |f' - rho_2(-g) f| = {max(err[3:5]):.2e}")
print(f"order 1 without the law: max |f' - f| = {np.abs(f2[:, 1:3] - f[:, 1:3]).max():.3f}")
# order 2 is blind to the sign of w; order 1 is not
w_saved = w.copy()
w = -w
fneg = measure(frames)
w = w_saved
print(f"w -> -w: order-2 change {np.abs(fneg[:, 3:5] - f[:, 3:5]).max():.2e}, "
      f"order-1 change {np.abs(fneg[:, 1:3] - f[:, 1:3]).max():.3f}")
# the norms |f_n| of every order are gauge invariant
print(f"gauge invariance of the norms: {np.abs(np.hypot(f2[:, 3], f2[:, 4]) - np.hypot(f[:, 3], f[:, 4])).max():.2e}")

# --- figure: the same order-1 / order-2 features drawn back in 3-D from either gauge ----------
def to_3d(frames, comps):
    return comps[:, :1] * frames[:, 0] + comps[:, 1:2] * frames[:, 1]


def line_dirs(frames, q):
    """An order-2 feature (q1, q2) = r (cos 2φ, sin 2φ) drawn as the headless segment at angle φ."""
    phi = 0.5 * np.arctan2(q[:, 1], q[:, 0])
    return np.cos(phi)[:, None] * frames[:, 0] + np.sin(phi)[:, None] * frames[:, 1]


fig = plt.figure(figsize=(12, 5))
show = X[:, 2] > 0.05
for k, (title, fr, ff) in enumerate([("gauge 1", frames, f), ("gauge 2 (frames turned by g)", frames2, f2)]):
    ax = fig.add_subplot(1, 2, k + 1, projection="3d")
    surf = ax.plot_trisurf(X[:, 0], X[:, 1], X[:, 2], triangles=M.faces, cmap="viridis", alpha=0.35,
                           linewidth=0.05, edgecolor="0.7")
    surf.set_array(ff[M.faces, 0].mean(axis=1))  # order 0: |w|, identical in both gauges
    surf.set_clim(f[:, 0].min(), f[:, 0].max())
    base = X[show] + 0.02 * n[show]
    v1 = to_3d(fr[show], ff[show, 1:3])
    ax.quiver(*base.T, *v1.T, length=0.25, color="tab:red", linewidth=0.8, label="order 1: w")
    d2 = line_dirs(fr[show], ff[show, 3:5])
    for sign in (1, -1):
        ax.quiver(*base.T, *(sign * d2).T, length=0.09, color="k", linewidth=0.6, arrow_length_ratio=0.0,
                  label="order 2: line field" if sign == 1 else None)
    ax.quiver(*base.T, *fr[show, 0].T, length=0.08, color="tab:green", linewidth=0.6, label="frame e1")
    ax.view_init(elev=65, azim=-60)
    ax.set_box_aspect((1.4, 1.4, 0.6))
    ax.set_axis_off()
    ax.set_title(f"{title}: same geometric field, different components")
    ax.legend(loc="lower left", fontsize=7)
fig.tight_layout()
fig.savefig(out / "gauge_mesh_features.png", dpi=110)
print("saved", out / "gauge_mesh_features.png")

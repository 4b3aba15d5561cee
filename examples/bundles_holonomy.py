"""Parallel transport around geodesic triangles on S^2: holonomy = enclosed solid angle.

A tangent vector carried around the loop x0 -> x1 -> x2 -> x0 returns rotated by the
holonomy angle, which Gauss–Bonnet equates with the signed enclosed area (positive for a
counterclockwise loop seen from outside).  Left: the transported vector along one triangle;
right: holonomy vs Van Oosterom–Strackee solid angle for random triangles.
Saves ``bundles_holonomy.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath.bundles import Sphere, holonomy, parallel_transport, solid_angle, sphere_point, wrap_angle  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

tri = sphere_point([0.2, 1.3, 1.2], [0.0, -0.4, 1.1])
steps = 12
path, vecs = [], []
v = np.cross(tri[0], [0.0, 0.0, 1.0]) + np.array([0.3, 0.1, 0.0])
v = v - np.dot(v, tri[0]) * tri[0]
for i in range(3):
    a, b = tri[i], tri[(i + 1) % 3]
    omega = np.arccos(np.clip(np.dot(a, b), -1, 1))
    for t in np.linspace(0, 1, steps, endpoint=False):  # slerp along the arc, transporting v
        p = (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)
        path.append(p)
        vecs.append(parallel_transport(v, a, p))
    v = parallel_transport(v, a, b)
path, vecs = np.array(path), np.array(vecs)
v0 = vecs[0]
turned = np.arctan2(np.dot(np.cross(v0, v), tri[0]), np.dot(v0, v))
print(f"rotation of v after one loop {turned:+.12f}, holonomy {holonomy(tri):+.12f}, "
      f"solid angle {solid_angle(*tri):+.12f}")

rng = np.random.default_rng(0)
pts = Sphere().random_points(3 * 400, rng).reshape(400, 3, 3)
hol = holonomy(pts)
omega = solid_angle(pts[:, 0], pts[:, 1], pts[:, 2])
err = np.abs(wrap_angle(hol - omega))
print(f"max |holonomy - solid angle| (mod 2pi) over 400 random triangles: {err.max():.2e}")

fig = plt.figure(figsize=(11, 4.8))
ax = fig.add_subplot(1, 2, 1, projection="3d")
u, w = np.linspace(0, 2 * np.pi, 40), np.linspace(0, np.pi, 20)
ax.plot_surface(np.outer(np.cos(u), np.sin(w)), np.outer(np.sin(u), np.sin(w)),
                np.outer(np.ones_like(u), np.cos(w)), color="0.92", alpha=0.3, linewidth=0)
ax.plot(*np.vstack([path, path[:1]]).T, color="k")
ax.quiver(*path.T, *vecs.T, length=0.25, color="tab:red", linewidth=0.8)
ax.quiver(*tri[0], *v, length=0.25, color="tab:blue", linewidth=1.5)
ax.set_title(f"transport around a triangle: turned by {turned:.3f} = $\\Omega$")
ax.set_box_aspect((1, 1, 1))
ax.set_axis_off()
ax2 = fig.add_subplot(1, 2, 2)
ax2.plot(omega, wrap_angle(hol), ".", ms=3)
ax2.plot([-np.pi, np.pi], [-np.pi, np.pi], "k:", lw=0.8)
ax2.set_xlabel(r"solid angle $\Omega$ (Van Oosterom–Strackee)")
ax2.set_ylabel(r"holonomy angle (mod $2\pi$)")
ax2.set_title(f"400 random triangles, max error {err.max():.1e}")
fig.tight_layout()
fig.savefig(out / "bundles_holonomy.png", dpi=110)
print("saved", out / "bundles_holonomy.png")

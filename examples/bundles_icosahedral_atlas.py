"""The icosahedral atlas of the Icosahedral CNN (Cohen, Weiler, Kicanaoglu & Welling 2019).

The sphere is sampled by the r-times subdivided icosahedron (10 * 4^r + 2 points) and cut into
five charts, each a parallelogram of four triangles unfolded into a hexagonal pixel array of
shape (2^r, 2^(r+1)).  Each chart has its own frame (pixel direction 0); where two charts meet,
the frames differ by a rotation by a multiple of 60 degrees: the gauge group is C6.  Padding a
chart with its neighbours' pixels therefore rotates vector features by the C6 transition.
At the 12 icosahedron vertices (5 neighbours) the charts cannot agree: going around the north
pole through the five charts composes to one 60-degree step, the angle defect pi/3.
Saves ``bundles_icosahedral_atlas.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import RegularPolygon  # noqa: E402

from gaugemath.bundles import IcosahedralAtlas, icosahedral_rotations  # noqa: E402
from gaugemath.bundles.icosahedral import HEX_DIRECTIONS  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

r = 2
atlas = IcosahedralAtlas(r)
n = atlas.n
print(f"resolution r = {r}: points {len(atlas.points)} (10*4^r+2 = {10 * 4**r + 2}), "
      f"charts {atlas.chart_index.shape}, padded {atlas.padded_index.shape}")
n_five = int(np.sum((atlas.neighbors < 0).any(axis=1)))
print(f"points with five neighbours: {n_five}; max | |x| - 1 |: {np.abs(np.linalg.norm(atlas.points, axis=1) - 1).max():.1e}")

# the 60 rotations of the icosahedron permute the grid points
err = 0.0
for R in icosahedral_rotations():
    perm = atlas.rotation_permutation(R)
    err = max(err, np.abs(atlas.points @ R.T - atlas.points[perm]).max())
print(f"60 icosahedral rotations permute the grid: max |R x - x_perm| = {err:.1e}")

# the transition map of chart 0: C6 element of each padding pixel (sigma_0 = sigma_owner r^m)
print("C6 elements m in the padding of chart 0 (rows i = -1..n, columns j = -1..2n; . = own pixel):")
for i in range(n + 2):
    row = ["." if (0 < i < n + 1 and 0 < j < 2 * n + 1) else ("x" if atlas.padded_index[0, i, j] < 0
           else str(atlas.padded_gauge[0, i, j])) for j in range(2 * n + 2)]
    print("   ", " ".join(row))

# a tangent vector field (rotation about the z axis, v = e_z x x) in the chart frames: padding
# with the C6 rotation representation reproduces the neighbour chart's own components
frames = atlas.frames()
v = np.cross([0.0, 0.0, 1.0], atlas.points)
local = np.zeros((len(atlas.points), 2))
for k in range(5):
    local[atlas.chart_index[k]] = np.einsum("ijab,ijb->ija", frames[k], v[atlas.chart_index[k]])
C6 = atlas.gauge_group
padded = atlas.pad(local, lambda m: C6.elements()[m])
# chart 0's own frame continued to its top-row padding: the direction towards the next top-row pixel
i, errs = -1, []
for j in range(1, n):  # inside the edge N u_1 (away from the five-neighbour points)
    w, nxt = atlas.padded_index[0, i + 1, j + 1], atlas.padded_index[0, i + 1, j + 2]
    x = atlas.points[w]
    e1 = atlas.points[nxt] - (atlas.points[nxt] @ x) * x
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(x, e1)
    errs.append(np.abs(padded[0, i + 1, j + 1] - [v[w] @ e1, v[w] @ e2]).max())
print(f"padded components vs chart 0's own frame on the edge N-u1: max deviation {max(errs):.3f} "
      "(the radial projection distorts angles; m is the nearest C6 rotation)")

# holonomy around the north pole: the five chart-to-chart transitions compose to one C6 step
steps = [int(atlas.padded_gauge[k, 0, 2]) for k in range(5)]  # top row next to N: sigma_k = sigma_{k+1} r^m
print(f"transitions chart k -> k+1 next to the north pole: {steps}; sum = {sum(steps) % 6} mod 6, "
      f"holonomy {sum(steps) % 6 * 60} degrees = the angle defect pi/3 (12 vertices * pi/3 = 4 pi)")

# ---- figure: the five unfolded charts with their padding, and the grid on the sphere
fig = plt.figure(figsize=(12, 6.5))
ax = fig.add_axes([0.01, 0.5, 0.98, 0.5])
field = 0.7 * atlas.points[:, 0] + 0.3 * atlas.points[:, 2]  # a scalar field, 0.7 x + 0.3 z
cmap = plt.get_cmap("viridis")
for k in range(5):
    x0 = k * (2 * n + 3.5)
    for i in range(-1, n + 1):
        for j in range(-1, 2 * n + 1):
            t = atlas.padded_index[k, i + 1, j + 1]
            if t < 0:
                continue
            own = 0 <= i < n and 0 <= j < 2 * n
            px, py = x0 + j + i / 2, -np.sqrt(3) / 2 * i
            ax.add_patch(RegularPolygon((px, py), 6, radius=0.55, facecolor=cmap((field[t] + 1) / 2),
                                        edgecolor="k" if own else "0.7", linewidth=0.5, alpha=1 if own else 0.45))
            if not own and atlas.padded_gauge[k, i + 1, j + 1]:
                ax.text(px, py, str(atlas.padded_gauge[k, i + 1, j + 1]), ha="center", va="center", fontsize=6)
    ax.annotate("", xy=(x0 + 1.2, 0.9), xytext=(x0, 0.9), arrowprops=dict(arrowstyle="->", color="tab:red"))
    ax.text(x0 + n, 1.5, f"chart {k}", ha="center")
ax.set_xlim(-2, 5 * (2 * n + 3.5))
ax.set_ylim(-np.sqrt(3) / 2 * (n + 1) - 1, 2.2)
ax.set_aspect("equal")
ax.set_axis_off()
ax.set_title(f"five charts at r = {r} (colour: the scalar 0.7x + 0.3z; faded: padding, digits: C6 element m; "
             "arrow: frame direction 0)", fontsize=9)
ax3 = fig.add_axes([0.2, -0.05, 0.6, 0.6], projection="3d")
owner = np.full(len(atlas.points), 5)
for k in range(5):
    owner[atlas.chart_index[k]] = k
ax3.scatter(*atlas.points.T, c=owner, cmap="tab10", vmin=0, vmax=9, s=14)
d0 = atlas.points[atlas.padded_index[:, 1:-1, 2:]].reshape(-1, 3) - atlas.points[atlas.chart_index].reshape(-1, 3)
ax3.quiver(*atlas.points[atlas.chart_index].reshape(-1, 3).T, *d0.T, length=0.6, color="tab:red", linewidth=0.6)
ax3.set_box_aspect((1, 1, 1))
ax3.set_axis_off()
ax3.set_title("grid points by chart (poles grey) and each chart's frame direction 0", fontsize=9)
fig.savefig(out / "bundles_icosahedral_atlas.png", dpi=110)
print("saved", out / "bundles_icosahedral_atlas.png")
print("hexagonal directions (di, dj), 60 degrees apart:", HEX_DIRECTIONS.tolist())

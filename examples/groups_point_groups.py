"""The rotation groups of the Platonic solids: orbits of a point and rotation axes.

T (12 rotations), O (24) and I (60) are built by closure of two generators each
(gaugemath.groups); a generic point has an orbit of |G| points, and the rotation axes
group into 2-, 3-, 4- and 5-fold ones.  T sits inside both O and I in our orientation
(2-fold axes along x, y, z), which `is_subgroup` confirms.  Last, p4m acts on a small
picture of an "F" (pixel convention of docs/groups.md).
"""

import os
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath.groups import (  # noqa: E402
    full_icosahedral,
    icosahedral,
    is_subgroup,
    octahedral,
    p4m,
    rotation_axes,
    tetrahedral,
)

out_dir = os.environ.get("GAUGEMATH_EXAMPLES_OUT", "figures")
os.makedirs(out_dir, exist_ok=True)

# 1. Closure of generators: orders, conjugacy classes, and the cost for I_h (120 elements).
t0 = time.perf_counter()
Ih = full_icosahedral()
Ih.cayley_table()
print(f"I_h: {Ih.order} elements, {len(Ih.conjugacy_classes())} classes, "
      f"closure + Cayley table in {1e3 * (time.perf_counter() - t0):.0f} ms")
groups = {"T": tetrahedral(), "O": octahedral(), "I": icosahedral()}
for name, G in groups.items():
    folds = {n: len(a) for n, a in rotation_axes(G).items()}
    print(f"{name}: order {G.order}, class sizes {sorted(len(c) for c in G.conjugacy_classes())}, axes {folds}")
print("T < O:", is_subgroup(groups["T"], groups["O"]), "| T < I:", is_subgroup(groups["T"], groups["I"]),
      "| O < I:", is_subgroup(groups["O"], groups["I"]))

# 2. Orbit of a generic point (|G| distinct points) and the rotation axes, coloured by fold.
x0 = np.array([0.2, 0.35, 0.9])
x0 /= np.linalg.norm(x0)
colours = {2: "tab:blue", 3: "tab:green", 4: "tab:orange", 5: "tab:red"}
fig = plt.figure(figsize=(13, 4.6))
for k, (name, G) in enumerate(groups.items()):
    ax = fig.add_subplot(1, 4, k + 1, projection="3d")
    orbit = G.act(G.elements(), x0)  # g x0 for every element g
    ax.scatter(*orbit.T, s=12, c="k")
    for n, axes in rotation_axes(G).items():
        for i, a in enumerate(axes):
            ax.plot(*np.stack([-1.15 * a, 1.15 * a]).T, color=colours[n], lw=1,
                    label=f"{n}-fold" if i == 0 else None)
    ax.set_title(f"{name}: orbit of {G.order} points")
    ax.set_box_aspect((1, 1, 1))
    ax.set_axis_off()
    ax.legend(loc="lower left", fontsize=7)

# 3. p4m on pixels: the 8 point-group images of an "F" (r = quarter turn, s = flip y -> -y).
img = np.zeros((7, 7))
img[1:6, 2] = 1
img[1, 2:5] = 1
img[3, 2:4] = 1
G = p4m()
ax = fig.add_subplot(1, 4, 4)
tiles = [G.act_on_image(G.element(idx % 4, idx // 4), img) for idx in range(8)]
ax.imshow(np.block([[np.pad(t, 1) for t in tiles[:4]], [np.pad(t, 1) for t in tiles[4:]]]), cmap="gray_r")
ax.set_title("p4m: r^k (top), r^k s (bottom)")
ax.set_axis_off()
fig.tight_layout()
path = os.path.join(out_dir, "groups_point_groups.png")
fig.savefig(path, dpi=110)
print("saved", path)

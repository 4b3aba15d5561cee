"""Gauge frames of the north, south and polar charts of S^2 = SO(3)/SO(2).

Each chart's section sigma_c(x) gives the frame (sigma_c(x) e_x, sigma_c(x) e_y) of T_x S^2.
The north frame is smooth everywhere except the south pole, where it winds twice
(transition function k_NS = R_z(2 phi)); the south frame is the mirror picture.
Saves ``bundles_sphere_charts.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath.bundles import Sphere, sphere_point  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

S2 = Sphere()
theta, phi = np.meshgrid(np.linspace(0.15, np.pi - 0.15, 9), np.linspace(-np.pi, np.pi, 18, endpoint=False))
x = sphere_point(theta.ravel(), phi.ravel())

fig = plt.figure(figsize=(13, 4.6))
for i, chart in enumerate(S2.charts):
    ax = fig.add_subplot(1, 3, i + 1, projection="3d")
    u, v = np.linspace(0, 2 * np.pi, 40), np.linspace(0, np.pi, 20)
    ax.plot_surface(np.outer(np.cos(u), np.sin(v)), np.outer(np.sin(u), np.sin(v)),
                    np.outer(np.ones_like(u), np.cos(v)), color="0.92", alpha=0.35, linewidth=0)
    e1, e2 = np.moveaxis(S2.frame(x, chart), -2, 0)
    ax.quiver(*x.T, *e1.T, length=0.18, color="tab:red", linewidth=0.8, label=r"$\sigma(x)e_x$")
    ax.quiver(*x.T, *e2.T, length=0.18, color="tab:blue", linewidth=0.8, label=r"$\sigma(x)e_y$")
    ax.set_title(f"{chart} gauge")
    ax.set_box_aspect((1, 1, 1))
    ax.set_axis_off()
    ax.view_init(elev=20, azim=35)
    if i == 0:
        ax.legend(loc="lower left", fontsize=8)

# the transition function k_NS(x) = R_z(2 phi) along a latitude
phis = np.linspace(-1.5, 1.5, 5)
k_ns = S2.transition(sphere_point(np.full(5, 1.0), phis), "north", "south")
print("phi:", phis, "\nk_NS angle:", k_ns, "(= 2 phi)")
fig.suptitle(r"Gauge frames on $S^2$; $k_{NS}(x)=\sigma_N(x)^{-1}\sigma_S(x)=R_z(2\varphi)$")
fig.tight_layout()
fig.savefig(out / "bundles_sphere_charts.png", dpi=110)
print("saved", out / "bundles_sphere_charts.png")

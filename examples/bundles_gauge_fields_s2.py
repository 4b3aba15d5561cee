"""Feature fields on S^2 under gauge transformations: sections of associated bundles.

A feature field on the sphere is a section of an associated bundle SO(3) x_rho V over
S^2 = SO(3)/SO(2).  In a gauge (a choice of frame sigma(x) of each tangent plane) it is stored
as local components; a gauge transformation sigma'(x) = sigma(x) R_z(gamma(x)) changes the
components, f' = rho(gamma)^-1 f, but not the geometric object.  We check this for
  * a tangent vector field (rho = 2x2 rotation): the components change, |v| and the 3-D
    vector do not;
  * spin-weighted functions eta_s (rho_s = exp(i s gamma)): eta_s -> exp(-i s gamma) eta_s;
  * a change of chart north -> south (transition function k_NS = R_z(2 phi)).
Rotating the field is the induced representation Ind_SO(2)^SO(3) rho_s: on spin-weighted
harmonic coefficients it acts by Wigner D-matrices, in a gauge by rho(h(R, x)) f(R^-1 x).
Saves ``bundles_gauge_fields_s2.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath.bundles import (  # noqa: E402
    AssociatedBundle,
    Sphere,
    local_to_tangent,
    rotation_z,
    so2_character,
    so2_rotation,
    sphere_angles,
    sphere_point,
    spin_to_tangent,
    tangent_to_local,
    tangent_to_spin,
)
from gaugemath.harmonics import spherical_harmonics  # noqa: E402
from gaugemath.reps import spin_weighted_induced  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

S2 = Sphere()
rng = np.random.default_rng(0)
x = S2.random_points(500, rng)
x = x[np.abs(x[:, 2]) < 0.98]  # stay away from the poles (the polar gauge is singular there)


def field(x):
    """A tangent vector field: rotation about e_z plus the tangential part of 0.5 e_x."""
    ex = np.array([1.0, 0.0, 0.0])
    return np.cross([0.0, 0.0, 1.0], x) + 0.5 * (ex - (x @ ex)[:, None] * x)


v = field(x)

# 1. the tangent bundle TS^2 = SO(3) x_R R^2 and a gauge transformation gamma(x)
T = AssociatedBundle(S2, so2_rotation(1))
c = tangent_to_local(v, x, "north")
gamma = 2.0 * x[:, 0] + x[:, 2]  # any smooth angle field
c_new = T.gauge_transform(c, gamma)  # rho(gamma)^-1 c
frame_new = S2.section(x, "north") @ rotation_z(gamma)  # sigma'(x) = sigma(x) R_z(gamma(x))
v_new = np.einsum("nij,nj->ni", frame_new[:, :, :2], c_new)
print(f"tangent field, {len(x)} points: components change by up to {np.abs(c_new - c).max():.3f}")
print(f"  invariant |v|: max ||c'| - |c|| = {np.abs(np.linalg.norm(c_new, axis=1) - np.linalg.norm(c, axis=1)).max():.1e}")
print(f"  invariant 3-D vector: max |v' - v| = {np.abs(v_new - v).max():.1e}")

# 2. change of chart north -> south: f_S = rho(k_NS)^-1 f_N with k_NS = R_z(2 phi)
c_south = T.change_chart(c, x, "north", "south")
print(f"change_chart north->south vs components in the south frame: "
      f"{np.abs(c_south - tangent_to_local(v, x, 'south')).max():.1e}; "
      f"3-D vector {np.abs(local_to_tangent(c_south, x, 'south') - v).max():.1e}")

# 3. spin-weighted functions: eta_s -> exp(-i s gamma) eta_s
eta = tangent_to_spin(v, x, "north", spin=1)
for s, values in ((1, eta), (2, eta**2)):
    B = AssociatedBundle(S2, so2_character(s))
    moved = B.gauge_transform(values[:, None], gamma)[:, 0]
    expected = (c_new[:, 0] + 1j * c_new[:, 1]) ** s  # eta of the gauge-transformed components
    print(f"spin weight {s}: gauge_transform vs exp(-i s gamma) eta: {np.abs(moved - np.exp(-1j * s * gamma) * values).max():.1e}; "
          f"vs the new components: {np.abs(moved - expected).max():.1e}; |eta| kept: "
          f"{np.abs(np.abs(moved) - np.abs(values)).max():.1e}")

# 4. the induced representation Ind_SO(2)^SO(3) chi_1: a band-limited spin-1 field
L = 3
rep = spin_weighted_induced("SO3", 1, L)
a = rng.normal(size=rep.dim) + 1j * rng.normal(size=rep.dim)


def eta_polar(coeffs, pts):
    th, ph = sphere_angles(pts)
    return spherical_harmonics(L, th, ph, spin=1)[..., 1:] @ coeffs  # drop l = 0 (no spin-1 harmonic)


R = S2.random_elements(1, rng)[0]
# (a) as 3-D vector fields: the field of D(R) a is R v(R^-1 x)
v_rot = spin_to_tangent(eta_polar(rep.matrices(R) @ a, x), x, "polar")
v_ref = spin_to_tangent(eta_polar(a, x @ R), x @ R, "polar") @ R.T
print(f"Ind rotation on coefficients (D(R) a) vs rotating the 3-D field: {np.abs(v_rot - v_ref).max():.1e}")
# (b) in the polar gauge: (R . eta)(x) = rho_1(h(R, x)) eta(R^-1 x), h = sigma(x)^-1 R sigma(R^-1 x)
B1 = AssociatedBundle(S2, so2_character(1))
act = B1.act_local(R, lambda p: eta_polar(a, p)[..., None], chart="polar")
print(f"Ind rotation vs act_local (Wigner rotation h(R, x)): {np.abs(act(x)[:, 0] - eta_polar(rep.matrices(R) @ a, x)).max():.1e}")

# ---- figure: the field with two gauges' first frame axes; components along a latitude
fig = plt.figure(figsize=(12, 5))
ax = fig.add_subplot(1, 2, 1, projection="3d")
sel = slice(0, 160)
ax.quiver(*x[sel].T, *v[sel].T, length=0.15, color="k", linewidth=0.8, label="field v")
e1 = S2.section(x[sel], "north")[:, :, 0]
ax.quiver(*x[sel].T, *e1.T, length=0.1, color="tab:blue", linewidth=0.6, label=r"north frame $\sigma e_x$")
ax.quiver(*x[sel].T, *frame_new[sel, :, 0].T, length=0.1, color="tab:orange", linewidth=0.6,
          label=r"new frame $\sigma R_z(\gamma) e_x$")
ax.set_box_aspect((1, 1, 1))
ax.set_axis_off()
ax.legend(fontsize=7, loc="lower left")
ax.set_title("a tangent field and two gauges")
ax2 = fig.add_subplot(1, 2, 2)
phi = np.linspace(-np.pi, np.pi, 200)
xs = sphere_point(np.full_like(phi, 1.0), phi)
vs = field(xs)
for chart, style in (("north", "-"), ("south", "--")):
    cc = tangent_to_local(vs, xs, chart)
    ax2.plot(phi, cc[:, 0], style, color="tab:blue", label=f"$v_1$ ({chart} gauge)")
    ax2.plot(phi, cc[:, 1], style, color="tab:orange", label=f"$v_2$ ({chart} gauge)")
ax2.plot(phi, np.linalg.norm(vs, axis=1), color="k", lw=2, label="|v| (gauge invariant)")
ax2.set_xlabel(r"azimuth $\varphi$ on the circle $\theta = 1$")
ax2.legend(fontsize=7)
ax2.set_title("components depend on the gauge, |v| does not")
fig.tight_layout()
fig.savefig(out / "bundles_gauge_fields_s2.png", dpi=110)
print("saved", out / "bundles_gauge_fields_s2.png")

r"""The tangent bundle :math:`TS^2 = SO(3)\times_{\rho}\mathbb R^2`, spin weights, transport, holonomy.

Conventions (GM-BUNDLE-TS2, ``docs/bundles.md``):

* :math:`\rho(R_z(\gamma)) = R(\gamma)` (2×2 rotation).  In the gauge :math:`\sigma` the local
  components of :math:`v \in T_xS^2` are :math:`v_\sigma = (v\cdot\sigma(x)e_x, v\cdot\sigma(x)e_y)`;
  the Mackey function is :math:`f_v(g) = (g^{-1}v(ge_z))_{1,2}`.  A gauge change
  :math:`\sigma' = \sigma R_z(\gamma)` gives :math:`v_{\sigma'} = R(-\gamma)v_\sigma`.
* Spin weight: :math:`\eta_{+1} = v_1 + i v_2` and :math:`\eta_{-1} = v_1 - i v_2`
  (:math:`v_{1,2}` the local components).  Under :math:`\sigma' = \sigma R_z(\gamma)`,
  :math:`\eta_s \mapsto e^{-is\gamma}\eta_s`, i.e. :math:`\eta_s` is the local representative of a
  section of :math:`SO(3)\times_{\rho_s}\mathbb C`, :math:`\rho_s(\gamma) = e^{is\gamma}`
  (:func:`~gaugemath.bundles.so2_character`).  In the ``"polar"`` gauge
  :math:`\eta_{+1} = v_\theta + i v_\varphi`, the spin-weight convention of
  :func:`gaugemath.harmonics.spherical_harmonics` (``spin=s``):
  :math:`\eta_{+1}(\nabla Y_\ell^m) = -\sqrt{\ell(\ell+1)}\,{}_1Y_{\ell m}`.
* Parallel transport (Levi-Civita) along the minor great-circle arc :math:`x\to y` is the
  rotation :math:`R_{x\to y}` about :math:`x\times y` by :math:`\arccos(x\cdot y)`.  In gauges
  :math:`\sigma_a` at :math:`x` and :math:`\sigma_b` at :math:`y` it is the SO(2) element
  :math:`\sigma_b(y)^{-1}R_{x\to y}\sigma_a(x) = R_z(\omega)`, :math:`v_{\sigma_b}(y) = R(\omega)v_{\sigma_a}(x)`.
* Holonomy of the geodesic polygon :math:`x_0\to x_1\to\dots\to x_{n-1}\to x_0`: the angle
  :math:`\alpha` of :math:`R_{x_{n-1}\to x_0}\cdots R_{x_0\to x_1}`, a rotation about :math:`x_0`,
  measured right-handedly about the outward normal :math:`x_0`.  Gauss–Bonnet:
  :math:`\alpha \equiv \Omega \pmod{2\pi}`, :math:`\Omega` the enclosed solid angle, positive for a
  loop that runs counterclockwise seen from outside the sphere.

References: Nakahara, "Geometry, Topology and Physics", §7.3 and Example 7.8 (holonomy
on :math:`S^2`); Van Oosterom & Strackee, IEEE Trans. Biomed. Eng. BME-30 (1983) 125
(solid angle); Newman & Penrose, J. Math. Phys. 7 (1966) 863, and Goldberg et al.,
J. Math. Phys. 8 (1967) 2155 (spin weight, ð); Weiler et al. 2021, §13 (transporters).
"""

from __future__ import annotations

import numpy as np

from .._validation import as_real_array
from . import _kernels
from ._checks import as_unit_vectors
from .sphere import Sphere

__all__ = [
    "TANGENT_TOL",
    "ANTIPODAL_TOL",
    "tangent_to_local",
    "local_to_tangent",
    "tangent_to_spin",
    "spin_to_tangent",
    "geodesic_transport",
    "parallel_transport",
    "transport_angle",
    "holonomy",
    "solid_angle",
    "polygon_solid_angle",
]

#: A tangent vector must satisfy |v . x| <= TANGENT_TOL * max(1, |v|).
TANGENT_TOL = 1e-8
#: Geodesics are refused when |x + y| < ANTIPODAL_TOL (x, y antipodal: no unique arc).
ANTIPODAL_TOL = 1e-8

_S2 = Sphere()


def _check_spin(spin):
    if isinstance(spin, (bool, np.bool_)) or spin not in (1, -1):
        raise ValueError(f"spin must be +1 or -1 (tangent vectors have spin weight +-1), got {spin!r}")
    return int(spin)


def _tangent(v, x, name="v"):
    v = as_real_array(v, name)
    if v.ndim == 0 or v.shape[-1] != 3:
        raise ValueError(f"{name} must have shape (..., 3) (tangent vectors in R^3), got shape {v.shape}")
    dot = np.abs(np.sum(v * x, axis=-1))
    scale = np.maximum(1.0, np.linalg.norm(v, axis=-1))
    if np.any(dot > TANGENT_TOL * scale):
        raise ValueError(f"{name} must be tangent to the sphere at x (|{name} . x| <= {TANGENT_TOL:g} |{name}|)")
    return v


def tangent_to_local(v, x, chart=None) -> np.ndarray:
    r"""Local components :math:`v_\sigma = (v\cdot\sigma(x)e_x,\ v\cdot\sigma(x)e_y)`, shape ``(..., 2)``."""
    x = as_unit_vectors(x, "x")
    v = _tangent(v, x)
    return np.einsum("...ji,...j->...i", _S2.section(x, chart)[..., :, :2], v)


def local_to_tangent(c, x, chart=None) -> np.ndarray:
    r"""Tangent vector :math:`v = c_1\sigma(x)e_x + c_2\sigma(x)e_y`, shape ``(..., 3)``."""
    x = as_unit_vectors(x, "x")
    c = as_real_array(c, "c")
    if c.ndim == 0 or c.shape[-1] != 2:
        raise ValueError(f"c must have shape (..., 2) (local components), got shape {c.shape}")
    return np.einsum("...ij,...j->...i", _S2.section(x, chart)[..., :, :2], c)


def tangent_to_spin(v, x, chart=None, spin: int = 1) -> np.ndarray:
    r"""Spin-weight-``spin`` function :math:`\eta_{\pm1} = v_1 \pm i v_2` of a tangent field (complex)."""
    s = _check_spin(spin)
    c = tangent_to_local(v, x, chart)
    return c[..., 0] + 1j * s * c[..., 1]


def spin_to_tangent(eta, x, chart=None, spin: int = 1) -> np.ndarray:
    r"""Inverse of :func:`tangent_to_spin`: :math:`v_1 = \mathrm{Re}\,\eta`, :math:`v_2 = \pm\mathrm{Im}\,\eta`."""
    s = _check_spin(spin)
    eta = np.asarray(eta)
    if not np.issubdtype(eta.dtype, np.number):
        raise TypeError(f"eta must be a complex array, got dtype {eta.dtype}")
    if not np.all(np.isfinite(eta)):
        raise ValueError("eta contains NaN or infinite values")
    return local_to_tangent(np.stack([eta.real, s * eta.imag], -1), x, chart)


def _pair(x, y):
    x = as_unit_vectors(x, "x")
    y = as_unit_vectors(y, "y")
    x, y = np.broadcast_arrays(x, y)
    if np.any(np.linalg.norm(x + y, axis=-1) < ANTIPODAL_TOL):
        raise ValueError(f"x and y are antipodal (|x + y| < {ANTIPODAL_TOL:g}): the geodesic between them is not unique")
    return x, y


def geodesic_transport(x, y) -> np.ndarray:
    r"""Levi-Civita transporter along the minor arc :math:`x\to y`: the rotation :math:`R_{x\to y}`.

    :math:`R_{x\to y} = I + [c]_\times + [c]_\times^2/(1 + x\cdot y)`, :math:`c = x\times y`
    (rotation about :math:`x\times y` by the arc length); shape ``(..., 3, 3)``.
    """
    x, y = _pair(x, y)
    fx = np.ascontiguousarray(x.reshape(-1, 3))
    fy = np.ascontiguousarray(y.reshape(-1, 3))
    out = np.empty((fx.shape[0], 3, 3))
    _kernels.geodesic_rotations(fx, fy, out)
    return out.reshape(x.shape[:-1] + (3, 3))


def parallel_transport(v, x, y) -> np.ndarray:
    r"""Transport the tangent vector ``v`` at ``x`` along the minor arc to ``y``: :math:`R_{x\to y}v`."""
    R = geodesic_transport(x, y)
    v = _tangent(v, as_unit_vectors(x, "x"))
    return np.einsum("...ij,...j->...i", R, v)


def transport_angle(x, y, chart_x=None, chart_y=None) -> np.ndarray:
    r"""The transporter in local gauges: angle :math:`\omega` of :math:`\sigma_b(y)^{-1}R_{x\to y}\sigma_a(x) = R_z(\omega)`.

    Local components then obey :math:`v_{\sigma_b}(y) = R(\omega)\,v_{\sigma_a}(x)`.
    ``chart_y`` defaults to ``chart_x``.
    """
    chart_y = chart_x if chart_y is None else chart_y
    R = geodesic_transport(x, y)
    sx = _S2.section(x, chart_x)
    sy = _S2.section(y, chart_y)
    return _S2.to_subgroup(np.swapaxes(sy, -1, -2) @ R @ sx)


def _loop_vertices(vertices):
    v = as_unit_vectors(vertices, "vertices")
    if v.ndim < 2 or v.shape[-2] < 3:
        raise ValueError(f"vertices must have shape (..., n, 3) with n >= 3, got shape {v.shape}")
    return v


def holonomy(vertices) -> np.ndarray:
    r"""Holonomy angle :math:`\alpha \in (-\pi, \pi]` of the geodesic polygon through ``vertices``.

    ``vertices`` has shape ``(..., n, 3)``, ``n >= 3``; the loop is
    :math:`x_0\to\dots\to x_{n-1}\to x_0` along minor arcs.  :math:`\alpha` is the angle of
    :math:`R_{x_{n-1}\to x_0}\cdots R_{x_0\to x_1}` about the outward normal :math:`x_0`
    (right-handed).  By Gauss–Bonnet it equals the signed enclosed area mod :math:`2\pi`
    (:func:`polygon_solid_angle`).
    """
    v = _loop_vertices(vertices)
    n = v.shape[-2]
    total = np.broadcast_to(np.eye(3), v.shape[:-2] + (3, 3))
    for i in range(n):
        total = geodesic_transport(v[..., i, :], v[..., (i + 1) % n, :]) @ total
    x0 = v[..., 0, :]
    # a tangent frame (e1, e2 = x0 x e1) at x0, right-handed about x0
    helper = np.where(np.abs(x0[..., :1]) < 0.6, [1.0, 0.0, 0.0], [0.0, 1.0, 0.0])
    e1 = helper - np.sum(helper * x0, -1, keepdims=True) * x0
    e1 /= np.linalg.norm(e1, axis=-1, keepdims=True)
    e2 = np.cross(x0, e1)
    re1 = np.einsum("...ij,...j->...i", total, e1)
    return np.arctan2(np.sum(e2 * re1, -1), np.sum(e1 * re1, -1))


def solid_angle(a, b, c) -> np.ndarray:
    r"""Signed solid angle of the geodesic triangle ``(a, b, c)`` (Van Oosterom–Strackee 1983).

    :math:`\Omega = 2\operatorname{atan2}\big(a\cdot(b\times c),\ 1 + a\cdot b + b\cdot c + c\cdot a\big)`,
    positive when :math:`a\to b\to c` runs counterclockwise seen from outside; :math:`|\Omega|`
    is the spherical excess (area) of the triangle.
    """
    a = as_unit_vectors(a, "a")
    b = as_unit_vectors(b, "b")
    c = as_unit_vectors(c, "c")
    a, b, c = np.broadcast_arrays(a, b, c)
    flat = [np.ascontiguousarray(t.reshape(-1, 3)) for t in (a, b, c)]
    out = np.empty(flat[0].shape[0])
    _kernels.triangle_solid_angles(*flat, out)
    return out.reshape(a.shape[:-1])


def polygon_solid_angle(vertices) -> np.ndarray:
    r"""Signed area of the geodesic polygon: fan sum :math:`\sum_i \Omega(x_0, x_i, x_{i+1})`."""
    v = _loop_vertices(vertices)
    n = v.shape[-2]
    return sum(solid_angle(v[..., 0, :], v[..., i, :], v[..., i + 1, :]) for i in range(1, n - 1))

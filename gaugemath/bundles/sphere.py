r"""The sphere :math:`S^2 = SO(3)/SO(2)` as a principal :math:`SO(2)`-bundle.

Conventions (GM-BUNDLE-S2, ``docs/bundles.md``):

* :math:`G = SO(3)` acts actively on unit vectors, :math:`g\cdot x = g x`; group
  elements are ``(..., 3, 3)`` rotation matrices.
* Base point the north pole :math:`e_z`; stabiliser :math:`K = \{R_z(\gamma)\} \cong SO(2)`,
  parametrised by the angle :math:`\gamma \in (-\pi, \pi]`; :math:`\pi(g) = g e_z`.
* Spherical coordinates :math:`x = (\sin\theta\cos\varphi, \sin\theta\sin\varphi, \cos\theta)`,
  :math:`\theta` colatitude, :math:`\varphi` azimuth.
* Three charts and sections (:math:`\pi\circ\sigma = \mathrm{id}`):

  - ``"north"``: :math:`U_N = S^2\setminus\{-e_z\}`,
    :math:`\sigma_N(x) = R_z(\varphi)R_y(\theta)R_z(-\varphi)` = the minimal rotation
    taking :math:`e_z` to :math:`x` (about :math:`e_z\times x`);
  - ``"south"``: :math:`U_S = S^2\setminus\{e_z\}`,
    :math:`\sigma_S(x) = R_z(\varphi)R_y(\theta)R_z(\varphi)` = (minimal rotation
    :math:`-e_z\to x`)\ :math:`R_y(\pi)`, smooth at the south pole;
  - ``"polar"``: :math:`U_0 = S^2\setminus\{\pm e_z\}`, :math:`\sigma_0(x) = R_z(\varphi)R_y(\theta)`,
    whose columns are :math:`(e_\theta, e_\varphi, x)` (the frame of spin-weighted harmonics).

  Hence :math:`\sigma_N = \sigma_0 R_z(-\varphi)`, :math:`\sigma_S = \sigma_0 R_z(\varphi)` and the
  transition functions :math:`k_{ab} = \sigma_a^{-1}\sigma_b` are
  :math:`k_{NS}(x) = R_z(2\varphi)`, :math:`k_{N0} = R_z(\varphi)`, :math:`k_{S0} = R_z(-\varphi)`.
* The gauge frame of chart :math:`c` at :math:`x` is :math:`(\sigma_c(x)e_x, \sigma_c(x)e_y)`,
  a right-handed orthonormal frame of :math:`T_xS^2` (with the outward normal :math:`x`).

References: Nakahara, "Geometry, Topology and Physics", §9.4.2 (the Hopf-like bundle
:math:`SO(3)\to S^2` and its transition function); Cohen, Geiger & Weiler 2019, §5.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_real_array
from . import _kernels
from ._checks import as_chart, as_rotations, as_unit_vectors
from .homogeneous import wrap_angle

__all__ = [
    "Sphere",
    "sphere_point",
    "sphere_angles",
    "rotation_z",
    "rotation_y",
    "SUBGROUP_TOL",
]

#: Tolerance for recognising a rotation as an element of K = {R_z}.
SUBGROUP_TOL = 1e-6

_CHART_CODE = {"north": _kernels.NORTH, "south": _kernels.SOUTH, "polar": _kernels.POLAR}
# sigma_c = sigma_0 R_z(c_sign * phi)
_CHART_TWIST = {"north": -1.0, "south": 1.0, "polar": 0.0}


def rotation_z(gamma) -> np.ndarray:
    r""":math:`R_z(\gamma)`, shape ``(..., 3, 3)`` (active, right-handed)."""
    g = as_real_array(gamma, "gamma")
    c, s, o, z = np.cos(g), np.sin(g), np.ones_like(g), np.zeros_like(g)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)


def rotation_y(beta) -> np.ndarray:
    r""":math:`R_y(\beta)`, shape ``(..., 3, 3)`` (active, right-handed)."""
    b = as_real_array(beta, "beta")
    c, s, o, z = np.cos(b), np.sin(b), np.ones_like(b), np.zeros_like(b)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def sphere_point(theta, phi) -> np.ndarray:
    r"""Unit vector :math:`(\sin\theta\cos\varphi, \sin\theta\sin\varphi, \cos\theta)`, shape ``(..., 3)``."""
    t = as_real_array(theta, "theta")
    p = as_real_array(phi, "phi")
    if np.any((t < 0) | (t > np.pi)):
        raise ValueError("theta (colatitude) must lie in [0, pi]")
    t, p = np.broadcast_arrays(t, p)
    return np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], -1)


def sphere_angles(x) -> tuple[np.ndarray, np.ndarray]:
    r"""Colatitude :math:`\theta \in [0, \pi]` and azimuth :math:`\varphi \in (-\pi, \pi]` of unit vectors."""
    x = as_unit_vectors(x, "x")
    theta = np.arctan2(np.hypot(x[..., 0], x[..., 1]), x[..., 2])
    return theta, np.arctan2(x[..., 1], x[..., 0])


class Sphere:
    r""":math:`S^2 = SO(3)/SO(2)`, base point :math:`e_z`, charts ``north``/``south``/``polar``.

    See the module docstring for every convention.  Methods are batched over leading
    axes and broadcast group elements ``(..., 3, 3)`` against points ``(..., 3)``.

    Examples
    --------
    >>> import numpy as np
    >>> S2 = Sphere()
    >>> x = sphere_point(1.0, 0.5)
    >>> bool(np.allclose(S2.project(S2.section(x, "south")), x))
    True
    >>> float(S2.transition(x, "north", "south"))  # k_NS = R_z(2 phi)
    1.0
    """

    charts = ("north", "south", "polar")
    default_chart = "north"
    base_point = np.array([0.0, 0.0, 1.0])

    # -- group law -------------------------------------------------------------------
    def identity(self) -> np.ndarray:
        """The identity of SO(3)."""
        return np.eye(3)

    def multiply(self, a, b) -> np.ndarray:
        """Matrix product ``a @ b`` (batched)."""
        return np.matmul(a, b)

    def inverse(self, g) -> np.ndarray:
        """:math:`g^{-1} = g^T`."""
        return np.swapaxes(np.asarray(g, dtype=np.float64), -1, -2)

    def check_group(self, g, name: str = "g") -> np.ndarray:
        """Validate rotation matrices ``(..., 3, 3)`` (orthogonal within 1e-8, det +1)."""
        return as_rotations(g, name, 3)

    # -- projection, action ----------------------------------------------------------
    def project(self, g) -> np.ndarray:
        r""":math:`\pi(g) = g e_z` (third column)."""
        return self.check_group(g)[..., :, 2].copy()

    def act(self, g, x) -> np.ndarray:
        r""":math:`g\cdot x = g x`."""
        g = self.check_group(g)
        x = as_unit_vectors(x, "x")
        return np.einsum("...ij,...j->...i", g, x)

    # -- charts and sections --------------------------------------------------------
    def in_chart(self, x, chart=None) -> np.ndarray:
        """Boolean mask: which points lie in the chart's domain.

        The excluded poles are those where :math:`x^2 + y^2` is exactly 0 in float64 (as the section
        kernel computes it), so a point such as ``(1e-241, 0, 1)``, whose ``x^2`` underflows, counts
        as the pole rather than giving a division by zero."""
        chart = as_chart(self.default_chart if chart is None else chart, self.charts)
        x = as_unit_vectors(x, "x")
        on_axis = x[..., 0] * x[..., 0] + x[..., 1] * x[..., 1] == 0.0
        if chart == "north":
            return ~(on_axis & (x[..., 2] < 0))
        if chart == "south":
            return ~(on_axis & (x[..., 2] > 0))
        return ~on_axis

    def _check_in_chart(self, x, chart, name="x"):
        mask = self.in_chart(x, chart)
        if not np.all(mask):
            excluded = {"north": "the south pole -e_z", "south": "the north pole e_z", "polar": "the poles +-e_z"}
            raise ValueError(f"{name} lies outside the {chart!r} chart (its domain is S^2 minus {excluded[chart]})")

    def section(self, x, chart=None) -> np.ndarray:
        r"""Local section :math:`\sigma_c(x) \in SO(3)`, shape ``(..., 3, 3)``, :math:`\sigma_c(x)e_z = x`.

        ``ValueError`` if a point lies outside the chart (see module docstring).
        """
        chart = as_chart(self.default_chart if chart is None else chart, self.charts)
        x = as_unit_vectors(x, "x")
        self._check_in_chart(x, chart)
        flat = np.ascontiguousarray(x.reshape(-1, 3))
        out = np.empty((flat.shape[0], 3, 3))
        _kernels.sphere_sections(flat, _CHART_CODE[chart], out)
        return out.reshape(x.shape[:-1] + (3, 3))

    def frame(self, x, chart=None) -> np.ndarray:
        r"""Gauge frame :math:`(\sigma(x)e_x, \sigma(x)e_y)` as rows, shape ``(..., 2, 3)``."""
        return np.swapaxes(self.section(x, chart)[..., :, :2], -1, -2)

    def transition(self, x, chart_from, chart_to) -> np.ndarray:
        r"""Angle of :math:`k_{ab}(x) = \sigma_a(x)^{-1}\sigma_b(x) = R_z(\cdot)` (closed form).

        :math:`k_{ab}(x) = R_z((t_b - t_a)\varphi)` with :math:`t_N = -1, t_S = +1, t_0 = 0`;
        e.g. :math:`k_{NS} = R_z(2\varphi)`.  ``x`` must lie in both charts.
        """
        a = as_chart(chart_from, self.charts)
        b = as_chart(chart_to, self.charts)
        x = as_unit_vectors(x, "x")
        self._check_in_chart(x, a)
        self._check_in_chart(x, b)
        phi = np.arctan2(x[..., 1], x[..., 0])
        return wrap_angle((_CHART_TWIST[b] - _CHART_TWIST[a]) * phi)

    def gauge_factor(self, g, x, chart=None) -> np.ndarray:
        r"""Angle of :math:`h(g,x) = \sigma(x)^{-1} g\,\sigma(g^{-1}x) \in K` (the Wigner rotation).

        Local fields transform as :math:`(g\cdot f)(x) = \rho(h(g,x)) f(g^{-1}x)`.  Both ``x``
        and ``g^{-1}x`` must lie in the chart.
        """
        g = self.check_group(g)
        x = as_unit_vectors(x, "x")
        gx = np.einsum("...ji,...j->...i", g, x)  # g^{-1} x = g^T x
        sx = self.section(x, chart)
        try:
            sgx = self.section(gx, chart)
        except ValueError:
            raise ValueError(f"g^-1 x lies outside the {chart or self.default_chart!r} chart") from None
        return self.to_subgroup(np.swapaxes(sx, -1, -2) @ g @ sgx)

    # -- the stabiliser K = SO(2) ------------------------------------------------------
    def to_subgroup(self, g) -> np.ndarray:
        r"""The angle :math:`\gamma` of :math:`g = R_z(\gamma) \in K`; ``ValueError`` if :math:`g e_z \ne e_z`."""
        g = self.check_group(g)
        off = np.abs(g[..., 2, 2] - 1.0) + np.abs(g[..., :2, 2]).sum(-1) + np.abs(g[..., 2, :2]).sum(-1)
        if np.any(off > SUBGROUP_TOL):
            raise ValueError(
                f"g is not in the stabiliser K = {{R_z(gamma)}} of e_z (deviation {float(off.max()):.3g})"
            )
        return np.arctan2(g[..., 1, 0], g[..., 0, 0])

    def from_subgroup(self, k) -> np.ndarray:
        r""":math:`R_z(\gamma)` for angles ``k``."""
        return rotation_z(k)

    # -- sampling ------------------------------------------------------------------------
    def random_points(self, n: int, rng=None) -> np.ndarray:
        """``n`` uniform points on S² (normalised Gaussians)."""
        rng = np.random.default_rng(rng)
        v = rng.normal(size=(n, 3))
        return v / np.linalg.norm(v, axis=-1, keepdims=True)

    def random_elements(self, n: int, rng=None) -> np.ndarray:
        """``n`` Haar-random rotations (QR of Gaussian matrices, sign-fixed, det +1)."""
        rng = np.random.default_rng(rng)
        q, r = np.linalg.qr(rng.normal(size=(n, 3, 3)))
        q = q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :]
        q[np.linalg.det(q) < 0, :, 0] *= -1
        return q

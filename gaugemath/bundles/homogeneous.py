r"""Homogeneous spaces :math:`G/K` as principal :math:`K`-bundles :math:`\pi: G \to G/K`.

A homogeneous space here is an object satisfying the small protocol
:class:`HomogeneousSpace`: the group law of :math:`G` on batched arrays, the
projection :math:`\pi(g) = g\,x_0` (``x_0`` the base point, :math:`K` its stabiliser),
the action :math:`g\cdot x`, and local sections :math:`\sigma_c: U_c \to G` (one per
chart ``c``) with :math:`\pi\circ\sigma_c = \mathrm{id}_{U_c}`.  Everything a gauge
theory needs follows from these (functions below):

* transition functions :math:`k_{ab}(x) = \sigma_a(x)^{-1}\sigma_b(x) \in K`
  (so :math:`\sigma_b = \sigma_a k_{ab}`, cocycle :math:`k_{ab}k_{bc} = k_{ac}`);
* the gauge ("Wigner") factor :math:`h(g, x) = \sigma(x)^{-1}\, g\, \sigma(g^{-1}x) \in K`,
  which turns the left action on :math:`G` into the induced action on local fields.

Spaces in this module: :class:`Circle` (:math:`S^1 = O(2)/\mathbb Z_2` or
:math:`SO(2)/\{e\}`) and :class:`EuclideanSpace` (:math:`\mathbb R^d = SE(d)/SO(d)`).
:class:`~gaugemath.bundles.sphere.Sphere` (:math:`S^2 = SO(3)/SO(2)`) and
:class:`~gaugemath.bundles.finite.FiniteQuotient` live in their own modules.

References: Cohen, Geiger & Weiler, "A general theory of equivariant CNNs on
homogeneous spaces", NeurIPS 2019, §2–3; Weiler, Forré, Verlinde & Welling,
"Coordinate independent convolutional networks", 2021, §§11–12; Nakahara,
"Geometry, Topology and Physics", 2nd ed., §9.2 (principal bundles, transition functions).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from .._validation import as_real_array
from ..groups import SO2, as_group
from ._checks import ROTATION_TOL, as_chart, as_orthogonal, as_rotations, as_unit_vectors

__all__ = [
    "HomogeneousSpace",
    "Circle",
    "EuclideanSpace",
    "transition",
    "gauge_factor",
    "wrap_angle",
    "rotation_2d",
]


@runtime_checkable
class HomogeneousSpace(Protocol):
    """What :mod:`gaugemath.bundles` needs of a homogeneous space :math:`G/K`.

    Group elements and points are NumPy arrays batched over leading axes; a subgroup
    element ``k`` is given in the space's own parametrisation of :math:`K` (an angle
    for :math:`SO(2)`, a matrix for :math:`SO(d)`, an index for a finite group).
    """

    charts: tuple
    default_chart: str

    def identity(self): ...
    def multiply(self, a, b): ...
    def inverse(self, g): ...
    def project(self, g): ...
    def act(self, g, x): ...
    def section(self, x, chart=None): ...
    def to_subgroup(self, g): ...
    def from_subgroup(self, k): ...
    def transition(self, x, chart_from, chart_to): ...
    def gauge_factor(self, g, x, chart=None): ...


def wrap_angle(t) -> np.ndarray:
    r"""Angles reduced to :math:`(-\pi, \pi]`."""
    t = np.asarray(t, dtype=np.float64)
    return np.pi - np.remainder(np.pi - t, 2 * np.pi)


def rotation_2d(angle) -> np.ndarray:
    r""":math:`R(\gamma) = \begin{pmatrix}\cos\gamma & -\sin\gamma\\ \sin\gamma & \cos\gamma\end{pmatrix}`, shape ``(..., 2, 2)``."""
    return SO2.from_angle(as_real_array(angle, "angle"))


def transition(space: HomogeneousSpace, x, chart_from: str, chart_to: str):
    r"""Transition function :math:`k_{ab}(x) = \sigma_a(x)^{-1}\sigma_b(x) \in K`.

    ``a = chart_from``, ``b = chart_to``; local representatives change as
    :math:`f_b(x) = \rho(k_{ab}(x))^{-1} f_a(x)`.  Computed from the sections; spaces may
    override with a closed form (``space.transition``).
    """
    sa = space.section(x, chart_from)
    sb = space.section(x, chart_to)
    return space.to_subgroup(space.multiply(space.inverse(sa), sb))


def gauge_factor(space: HomogeneousSpace, g, x, chart=None):
    r"""Gauge (Wigner) factor :math:`h(g, x) = \sigma(x)^{-1}\, g\, \sigma(g^{-1} x) \in K`.

    With it the induced representation acts on local representatives as
    :math:`(g\cdot f_\sigma)(x) = \rho(h(g,x))\, f_\sigma(g^{-1}x)`
    (Cohen, Geiger & Weiler 2019, Eq. (10); Weiler et al. 2021, Thm. 12.2).
    Both ``x`` and ``g^{-1}x`` must lie in the chart.
    """
    chart = space.default_chart if chart is None else chart
    gx = space.act(space.inverse(g), x)
    h = space.multiply(space.inverse(space.section(x, chart)), space.multiply(g, space.section(gx, chart)))
    return space.to_subgroup(h)


class _MatrixGroupMixin:
    """Group law of a matrix group on ``(..., n, n)`` arrays."""

    _n: int

    def identity(self) -> np.ndarray:
        """The identity matrix of :math:`G`."""
        return np.eye(self._n)

    def multiply(self, a, b) -> np.ndarray:
        """Product ``a @ b`` (batched, broadcasting)."""
        return np.matmul(a, b)

    def inverse(self, g) -> np.ndarray:
        """Inverse of orthogonal / rigid-motion matrices."""
        return np.linalg.inv(g)

    def transition(self, x, chart_from, chart_to):
        """:func:`transition` for this space."""
        return transition(self, x, chart_from, chart_to)

    def gauge_factor(self, g, x, chart=None):
        """:func:`gauge_factor` for this space."""
        return gauge_factor(self, g, x, chart)


class Circle(_MatrixGroupMixin):
    r"""The circle :math:`S^1 = O(2)/\mathbb Z_2` (default) or :math:`SO(2)/\{e\}`.

    Group elements are ``(..., 2, 2)`` orthogonal matrices; the base point is
    :math:`x_0 = e_1`, points are unit vectors ``(..., 2)``, :math:`\pi(g) = g e_1`.
    For ``group="O(2)"`` the stabiliser is :math:`K = \{I, F\}`, :math:`F = \mathrm{diag}(1,-1)`
    (reflection fixing :math:`e_1`), parametrised by ``+1`` (for :math:`I`) and ``-1``
    (for :math:`F`).  For ``group="SO(2)"``, :math:`K = \{I\}` is parametrised by ``+1``.
    ``group`` is a name or a :mod:`gaugemath.groups` object (:func:`~gaugemath.groups.as_group`);
    :attr:`group` is the group object.

    One global chart ``"global"`` with section :math:`\sigma(x) = R(\varphi)`,
    :math:`x = (\cos\varphi, \sin\varphi)`.  Gauge factor: :math:`h(g,x) = +1` for
    rotations and :math:`-1` for reflections (independent of :math:`x`).
    """

    charts = ("global",)
    default_chart = "global"

    def __init__(self, group="O(2)"):
        G = as_group(group, "group")
        if G.family not in ("O2", "SO2"):
            raise ValueError(f"group must be one of ('O(2)', 'SO(2)') (a name or gaugemath.groups object), got {G.name}")
        self.group = G  # the gaugemath.groups object O2() or SO2()
        self._n = 2

    def check_group(self, g, name: str = "g") -> np.ndarray:
        """Validate elements of ``O(2)`` (or ``SO(2)``)."""
        return as_orthogonal(g, name, 2, special=self.group.family == "SO2")

    def project(self, g) -> np.ndarray:
        r""":math:`\pi(g) = g e_1` (first column)."""
        return self.check_group(g)[..., :, 0]

    def act(self, g, x) -> np.ndarray:
        """:math:`g\\cdot x = g x`."""
        g = self.check_group(g)
        x = _unit(x, "x", 2)
        return np.einsum("...ij,...j->...i", g, x)

    def section(self, x, chart=None) -> np.ndarray:
        r"""Global section :math:`\sigma(x) = R(\operatorname{atan2}(x_2, x_1))`."""
        as_chart(self.default_chart if chart is None else chart, self.charts)
        x = _unit(x, "x", 2)
        c, s = x[..., 0], x[..., 1]
        return np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)

    def to_subgroup(self, g) -> np.ndarray:
        """``+1`` for :math:`I`, ``-1`` for :math:`F`; ``ValueError`` if ``g`` is not in :math:`K`."""
        g = self.check_group(g)
        det = np.sign(np.linalg.det(g))
        target = np.where(det[..., None, None] > 0, np.eye(2), np.diag([1.0, -1.0]))
        if np.any(np.abs(g - target) > 1e3 * ROTATION_TOL):
            raise ValueError("g is not in the stabiliser K of e_1 (must be I or diag(1, -1))")
        return det.astype(np.int64)

    def from_subgroup(self, k) -> np.ndarray:
        """:math:`I` for ``+1``, :math:`F` for ``-1``."""
        k = np.asarray(k)
        allowed = (1,) if self.group.family == "SO2" else (1, -1)
        if not np.all(np.isin(k, allowed)):
            raise ValueError(f"k must be in {allowed} (elements of K), got {k!r}")
        out = np.broadcast_to(np.eye(2), k.shape + (2, 2)).copy()
        out[..., 1, 1] = k
        return out


class EuclideanSpace(_MatrixGroupMixin):
    r"""Euclidean space :math:`\mathbb R^d = SE(d)/SO(d)` (:math:`d = 2, 3`).

    Group elements are homogeneous matrices ``(..., d+1, d+1)``
    :math:`(t, R) = \begin{pmatrix} R & t\\ 0 & 1\end{pmatrix}`, acting by
    :math:`x \mapsto Rx + t`; base point the origin, :math:`\pi(t, R) = t`,
    :math:`K = SO(d)` parametrised by ``(..., d, d)`` rotation matrices.
    One global chart ``"global"`` with section :math:`\sigma(x) = (x, I)`.  Then
    :math:`h((t,R), x) = R`: local fields transform as
    :math:`(g\cdot f)(x) = \rho(R) f(R^{-1}(x - t))` (steerable CNNs; Weiler et al. 2018).
    """

    charts = ("global",)
    default_chart = "global"

    def __init__(self, d: int = 2):
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d not in (2, 3):
            raise ValueError(f"d must be 2 or 3, got {d!r}")
        self.d = int(d)
        self._n = self.d + 1

    def check_group(self, g, name: str = "g") -> np.ndarray:
        """Validate ``(..., d+1, d+1)`` homogeneous matrices of :math:`SE(d)`."""
        d = self.d
        arr = as_real_array(g, name)
        if arr.ndim < 2 or arr.shape[-2:] != (d + 1, d + 1):
            raise ValueError(f"{name} must have shape (..., {d + 1}, {d + 1}) (SE({d}) matrices), got {arr.shape}")
        bottom = np.zeros(d + 1)
        bottom[-1] = 1.0
        if np.any(np.abs(arr[..., d, :] - bottom) > ROTATION_TOL):
            raise ValueError(f"{name} must have last row (0, ..., 0, 1) (SE({d}) matrices)")
        as_rotations(arr[..., :d, :d], f"{name}[..., :{d}, :{d}]", d)
        return arr

    def element(self, t, R=None) -> np.ndarray:
        """The homogeneous matrix of :math:`(t, R)` (``R`` defaults to the identity)."""
        d = self.d
        t = as_real_array(t, "t")
        if t.ndim == 0 or t.shape[-1] != d:
            raise ValueError(f"t must have shape (..., {d}), got {t.shape}")
        R = np.eye(d) if R is None else as_rotations(R, "R", d)
        shape = np.broadcast_shapes(t.shape[:-1], R.shape[:-2])
        out = np.zeros(shape + (d + 1, d + 1))
        out[..., :d, :d] = R
        out[..., :d, d] = t
        out[..., d, d] = 1.0
        return out

    def inverse(self, g) -> np.ndarray:
        r""":math:`(t, R)^{-1} = (-R^T t, R^T)`."""
        d = self.d
        g = np.asarray(g, dtype=np.float64)
        rt = np.swapaxes(g[..., :d, :d], -1, -2)
        return self.element(-np.einsum("...ij,...j->...i", rt, g[..., :d, d]), rt)

    def project(self, g) -> np.ndarray:
        r""":math:`\pi(t, R) = t`."""
        return self.check_group(g)[..., : self.d, self.d]

    def act(self, g, x) -> np.ndarray:
        """:math:`(t, R)\\cdot x = R x + t`."""
        g = self.check_group(g)
        x = _points(x, "x", self.d)
        return np.einsum("...ij,...j->...i", g[..., : self.d, : self.d], x) + g[..., : self.d, self.d]

    def section(self, x, chart=None) -> np.ndarray:
        r"""Global section :math:`\sigma(x) = (x, I)`."""
        as_chart(self.default_chart if chart is None else chart, self.charts)
        return self.element(_points(x, "x", self.d))

    def to_subgroup(self, g) -> np.ndarray:
        """Rotation part ``R`` of ``(0, R)``; ``ValueError`` if the translation is not 0."""
        g = self.check_group(g)
        if np.any(np.abs(g[..., : self.d, self.d]) > 1e3 * ROTATION_TOL):
            raise ValueError("g is not in the stabiliser K = SO(d) of the origin (translation part must be 0)")
        return g[..., : self.d, : self.d].copy()

    def from_subgroup(self, k) -> np.ndarray:
        """:math:`(0, R)` for rotations ``R``."""
        R = as_rotations(k, "k", self.d)
        return self.element(np.zeros(R.shape[:-2] + (self.d,)), R)


def _unit(x, name, dim):
    return as_unit_vectors(x, name, dim)


def _points(x, name, d):
    arr = as_real_array(x, name)
    if arr.ndim == 0 or arr.shape[-1] != d:
        raise ValueError(f"{name} must have shape (..., {d}), got shape {arr.shape}")
    return arr

r"""Semidirect products :math:`\mathbb R^d \rtimes H` (SE(d), E(d)) and the G-CNN groups p4, p4m.

Elements are homogeneous matrices

.. math:: g = (t, h) = \begin{pmatrix} h & t \\ 0 & 1 \end{pmatrix}, \qquad
          g\cdot x = h x + t, \qquad (t_1, h_1)(t_2, h_2) = (t_1 + h_1 t_2,\ h_1 h_2),
          \qquad (t, h)^{-1} = (-h^{-1} t,\ h^{-1}),

shape ``(d+1, d+1)``; the action on points is active and the action on functions is the
left-regular one, :math:`[L_g f](x) = f(g^{-1} x)`.

Haar measure.  On :math:`\mathbb R^d \rtimes H` it is :math:`dt\, dh` (Lebesgue × Haar of H;
the group is unimodular because H ⊂ O(d) preserves volume), which is not normalisable.
:meth:`EuclideanGroup.sample` draws ``h`` from the Haar measure of H and ``t`` uniformly from
the box :math:`[-L, L]^d` (``L = translation_range``), i.e. the normalised restriction of
Haar to :math:`\{(t, h): t \in [-L, L]^d\}`.  p4/p4m likewise sample the point part uniformly
and ``t`` uniformly from the integer box :math:`\{-L..L\}^2`.

p4 and p4m (Cohen & Welling 2016, "Group equivariant convolutional networks", §4.3):
:math:`\mathbb Z^2 \rtimes C_4` and :math:`\mathbb Z^2 \rtimes D_4` as **integer** 3×3 matrices.
Point part: ``r`` = counter-clockwise quarter turn :math:`(x, y) \mapsto (-y, x)`,
``s = diag(1, −1)``; :meth:`PixelGroup.element` ``(k, m, t)`` builds :math:`(t, r^k s^m)` and
:meth:`PixelGroup.point_index` returns ``k + 4 m`` (the stabiliser index of
:mod:`gaugemath.layers.gcnn`).

Pixel convention (the same as :mod:`gaugemath.layers.gcnn`): an image is an array
``(..., H, W)`` and pixel ``[i, j]`` (row i, column j) is the point

.. math:: x = j - (W-1)/2, \qquad y = (H-1)/2 - i,

origin at the grid centre, x to the right, y up.  :meth:`PixelGroup.act_on_image` computes
:math:`[L_g f](p) = f(g^{-1} p)` on that grid, periodically (``boundary="periodic"``: the
grid is a torus) or with zeros outside (``"zero"``); quarter turns need ``H == W``.
"""

from __future__ import annotations

import numpy as np

from ._matrix import as_element_array, check_positive_int
from .base import Group
from .compact import O2, O3, SO2, SO3

__all__ = ["EuclideanGroup", "SE", "E", "PixelGroup", "p4", "p4m"]


def _homogeneous(h: np.ndarray, t: np.ndarray) -> np.ndarray:
    h, t = np.asarray(h), np.asarray(t)
    d = h.shape[-1]
    batch = np.broadcast_shapes(h.shape[:-2], t.shape[:-1])
    dtype = np.result_type(h.dtype, t.dtype)
    out = np.zeros(batch + (d + 1, d + 1), dtype=dtype)
    out[..., :d, :d] = h
    out[..., :d, d] = t
    out[..., d, d] = 1
    return out


def _last_row_ok(a: np.ndarray, atol: float) -> np.ndarray:
    d = a.shape[-1] - 1
    row = a[..., d, :]
    target = np.zeros(d + 1)
    target[d] = 1.0
    return np.max(np.abs(row - target), axis=-1) <= atol


class _Homogeneous(Group):
    """Shared law of the (d+1)×(d+1) homogeneous-matrix groups."""

    is_finite = False
    point_dim: int

    def identity(self) -> np.ndarray:
        return np.eye(self.point_dim + 1)

    def multiply(self, a, b) -> np.ndarray:
        """Matrix product: :math:`(t_1, h_1)(t_2, h_2) = (t_1 + h_1 t_2, h_1 h_2)`."""
        return np.matmul(a, b)

    def inverse(self, a) -> np.ndarray:
        r""":math:`(t, h)^{-1} = (-h^T t, h^T)` (h orthogonal)."""
        a = np.asarray(a)
        d = self.point_dim
        hT = np.swapaxes(a[..., :d, :d], -1, -2)
        t = a[..., :d, d]
        return _homogeneous(hT, -np.matmul(hT, t[..., None])[..., 0])

    @staticmethod
    def rotation_part(g) -> np.ndarray:
        """The point-group part ``h`` (the upper-left d×d block)."""
        g = np.asarray(g)
        d = g.shape[-1] - 1
        return g[..., :d, :d]

    @staticmethod
    def translation_part(g) -> np.ndarray:
        """The translation ``t`` (last column without its final 1)."""
        g = np.asarray(g)
        d = g.shape[-1] - 1
        return g[..., :d, d]

    def act(self, g, x) -> np.ndarray:
        """``h x + t`` for points ``x`` ``(..., d)``."""
        x = np.asarray(x)
        d = self.point_dim
        if x.shape[-1:] != (d,):
            raise ValueError(f"x must have trailing dimension {d} for {self.name}, got {x.shape}")
        g = np.asarray(g)
        return np.matmul(g[..., :d, :d], x[..., None])[..., 0] + g[..., :d, d]


class EuclideanGroup(_Homogeneous):
    r""":math:`\mathbb R^d \rtimes H` with :math:`H` = SO(d) (``proper=True``, SE(d)) or O(d) (E(d)), d ∈ {2, 3}.

    ``translation_range`` L sets the sampling box :math:`[-L, L]^d` (see module docstring)."""

    def __init__(self, d: int, proper: bool = True, translation_range: float = 1.0):
        d = check_positive_int(d, "d")
        if d not in (2, 3):
            raise ValueError(f"d must be 2 or 3, got {d}")
        L = float(translation_range)
        if not np.isfinite(L) or L <= 0:
            raise ValueError(f"translation_range must be a positive finite number, got {translation_range!r}")
        self.point_dim = d
        self.ambient_dim = d
        self.element_shape = (d + 1, d + 1)
        self.proper = bool(proper)
        self.translation_range = L
        self.point_group = {(2, True): SO2, (2, False): O2, (3, True): SO3, (3, False): O3}[(d, self.proper)]()
        self.name = f"{'SE' if proper else 'E'}({d})"
        self.family = "SE" if self.proper else "E"
        self.N = d

    def from_parts(self, h, t) -> np.ndarray:
        """The element :math:`(t, h)` (``h`` must be in the point group, ``t`` ``(..., d)`` finite)."""
        h = self.point_group.validate(np.asarray(h, dtype=float), "h")
        t = as_element_array(t, (self.point_dim,), self.name, "t")
        if not np.all(np.isfinite(t)):
            raise ValueError("t must be finite")
        return _homogeneous(h, np.asarray(t, dtype=float))

    def contains(self, a, *, atol: float = 1e-9) -> np.ndarray:
        """Last row ``(0, ..., 0, 1)``, finite translation, point part in SO(d)/O(d), all within ``atol``."""
        a = np.asarray(as_element_array(a, self.element_shape, self.name, "g"), dtype=float)
        finite = np.all(np.isfinite(a), axis=(-2, -1))
        a = np.where(np.isfinite(a), a, 0.0)
        return finite & _last_row_ok(a, atol) & self.point_group.contains(self.rotation_part(a), atol=atol)

    def sample(self, n: int, seed=None) -> np.ndarray:
        """``h`` Haar on the point group, ``t`` uniform on :math:`[-L, L]^d` (independent streams of ``seed``)."""
        n = check_positive_int(n, "n", 0)
        ss = np.random.SeedSequence(seed)
        s_h, s_t = ss.spawn(2)
        h = self.point_group.sample(n, seed=np.random.default_rng(s_h))
        t = np.random.default_rng(s_t).uniform(-self.translation_range, self.translation_range, (n, self.point_dim))
        return _homogeneous(h, t)

    def __eq__(self, other) -> bool:
        return isinstance(other, EuclideanGroup) and (other.point_dim, other.proper) == (self.point_dim, self.proper)

    def __hash__(self) -> int:
        return hash(("Euclidean", self.point_dim, self.proper))


def SE(d: int, translation_range: float = 1.0) -> EuclideanGroup:
    r"""Special Euclidean group :math:`SE(d) = \mathbb R^d \rtimes SO(d)`, d = 2 or 3."""
    return EuclideanGroup(d, True, translation_range)


def E(d: int, translation_range: float = 1.0) -> EuclideanGroup:
    r"""Euclidean group :math:`E(d) = \mathbb R^d \rtimes O(d)`, d = 2 or 3."""
    return EuclideanGroup(d, False, translation_range)


_R = np.array([[0, -1], [1, 0]], dtype=np.int64)
_S = np.array([[1, 0], [0, -1]], dtype=np.int64)
BOUNDARIES = ("periodic", "zero")


class PixelGroup(_Homogeneous):
    r"""p4 = :math:`\mathbb Z^2 \rtimes C_4` or p4m = :math:`\mathbb Z^2 \rtimes D_4` as integer 3×3 matrices.

    ``translation_range`` L: translations are sampled uniformly from :math:`\{-L, ..., L\}^2`."""

    point_dim = 2
    ambient_dim = 2
    element_shape = (3, 3)

    def __init__(self, reflections: bool, translation_range: int = 4):
        self.reflections = bool(reflections)
        self.translation_range = check_positive_int(translation_range, "translation_range", 0)
        self.name = "p4m" if self.reflections else "p4"
        self.family = self.name
        self.point_order = 8 if self.reflections else 4
        pts = [np.linalg.matrix_power(_R, k) @ np.linalg.matrix_power(_S, m) for m in range(2) for k in range(4)]
        self._points = np.asarray(pts[: self.point_order], dtype=np.int64)  # index k + 4m

    def identity(self) -> np.ndarray:
        return np.eye(3, dtype=np.int64)

    def point_elements(self) -> np.ndarray:
        """The point-group matrices, index ``k + 4m`` ↔ :math:`r^k s^m` (int64 ``(4 or 8, 2, 2)``)."""
        return self._points.copy()

    def element(self, k, m=0, t=(0, 0)) -> np.ndarray:
        r"""The element :math:`(t, r^k s^m)`: :math:`x \mapsto r^k s^m x + t` (broadcast; ``m`` must be 0 for p4)."""
        k, m = np.asarray(k), np.asarray(m)
        for v, nm in ((k, "k"), (m, "m")):
            if not np.issubdtype(v.dtype, np.integer):
                raise TypeError(f"{nm} must be integer, got dtype {v.dtype}")
        if np.any((m != 0) & (m != 1)) or (not self.reflections and np.any(m != 0)):
            raise ValueError(f"m must be {'0 or 1' if self.reflections else '0 (p4 has no reflections)'}, got {m!r}")
        t = np.asarray(t)
        if t.shape[-1:] != (2,) or not np.issubdtype(t.dtype, np.integer):
            raise ValueError(f"t must be integer pairs (..., 2), got {t!r}")
        h = self._points[np.mod(k, 4) + 4 * m]
        return _homogeneous(h, t.astype(np.int64))

    def point_index(self, g) -> np.ndarray:
        """``k + 4m`` such that the point part of ``g`` is :math:`r^k s^m` (``ValueError`` if g is not an element)."""
        g = self.validate(g)
        h = np.rint(np.asarray(g, dtype=float)[..., :2, :2]).astype(np.int64)
        eq = np.all(h[..., None, :, :] == self._points, axis=(-2, -1))
        return np.argmax(eq, axis=-1)

    def contains(self, a, *, atol: float = 1e-9) -> np.ndarray:
        """Integer entries (within ``atol``), last row (0, 0, 1), point part in C4 (p4) or D4 (p4m)."""
        a = np.asarray(as_element_array(a, self.element_shape, self.name, "g"), dtype=float)
        finite = np.all(np.isfinite(a), axis=(-2, -1))
        a = np.where(np.isfinite(a), a, 0.0)
        integer = np.all(np.abs(a - np.rint(a)) <= atol, axis=(-2, -1))
        h = a[..., :2, :2]
        in_point = np.any(np.max(np.abs(h[..., None, :, :] - self._points), axis=(-2, -1)) <= atol, axis=-1)
        return finite & integer & _last_row_ok(a, atol) & in_point

    def sample(self, n: int, seed=None) -> np.ndarray:
        """Point part uniform over C4/D4, ``t`` uniform over :math:`\\{-L..L\\}^2` (int64)."""
        n = check_positive_int(n, "n", 0)
        rng = np.random.default_rng(seed)
        h = self._points[rng.integers(0, self.point_order, n)]
        L = self.translation_range
        t = rng.integers(-L, L + 1, (n, 2))
        return _homogeneous(h, t)

    def inverse(self, a) -> np.ndarray:
        out = super().inverse(a)
        return out.astype(np.int64) if np.issubdtype(np.asarray(a).dtype, np.integer) else out

    def act_on_image(self, g, image, boundary: str = "periodic") -> np.ndarray:
        r""":math:`[L_g f](p) = f(g^{-1} p)` for one element ``g`` on images ``(..., H, W)``.

        Pixel ``[i, j]`` ↔ :math:`(x, y) = (j - (W-1)/2,\ (H-1)/2 - i)` (module docstring).
        ``boundary="periodic"``: source pixels are taken modulo (H, W); ``"zero"``: pixels whose
        source lies outside the grid are 0.  A quarter turn needs ``H == W`` (``ValueError``).
        """
        g = self.validate(g)
        if g.ndim != 2:
            raise ValueError(f"g must be a single element (3, 3), got shape {g.shape}")
        if boundary not in BOUNDARIES:
            raise ValueError(f"boundary must be one of {BOUNDARIES}, got {boundary!r}")
        f = np.asarray(image)
        if f.ndim < 2:
            raise ValueError(f"image must have shape (..., H, W), got {f.shape}")
        H, W = f.shape[-2:]
        gi = np.rint(self.inverse(np.asarray(g, dtype=float))).astype(np.int64)
        if gi[0, 1] != 0 and H != W:
            raise ValueError(f"image must be square for a quarter turn, got shape {f.shape}")
        # work in doubled coordinates so that even grid sizes stay integral
        i, j = np.meshgrid(np.arange(H), np.arange(W), indexing="ij")
        X2, Y2 = 2 * j - (W - 1), (H - 1) - 2 * i
        h, t = gi[:2, :2], gi[:2, 2]
        qx2 = h[0, 0] * X2 + h[0, 1] * Y2 + 2 * t[0]
        qy2 = h[1, 0] * X2 + h[1, 1] * Y2 + 2 * t[1]
        src_j = (qx2 + (W - 1)) // 2
        src_i = ((H - 1) - qy2) // 2
        if boundary == "periodic":
            return f[..., src_i % H, src_j % W]
        inside = (src_i >= 0) & (src_i < H) & (src_j >= 0) & (src_j < W)
        out = f[..., np.clip(src_i, 0, H - 1), np.clip(src_j, 0, W - 1)]
        return np.where(inside, out, np.zeros((), dtype=f.dtype))

    def __eq__(self, other) -> bool:
        return isinstance(other, PixelGroup) and other.reflections == self.reflections

    def __hash__(self) -> int:
        return hash(("PixelGroup", self.reflections))


def p4(translation_range: int = 4) -> PixelGroup:
    r"""p4 = :math:`\mathbb Z^2 \rtimes C_4` (integer homogeneous 3×3 matrices)."""
    return PixelGroup(False, translation_range)


def p4m(translation_range: int = 4) -> PixelGroup:
    r"""p4m = :math:`\mathbb Z^2 \rtimes D_4` (integer homogeneous 3×3 matrices)."""
    return PixelGroup(True, translation_range)

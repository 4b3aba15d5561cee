r"""The compact Lie groups SO(2), O(2), SO(3), O(3) and SU(2).

Parameterisations (all active, acting on column vectors)
    * ``SO2``: 2×2 rotation matrices :math:`R(\theta) = [[\cos\theta, -\sin\theta], [\sin\theta, \cos\theta]]`;
      :meth:`SO2.angle` returns :math:`\theta \in (-\pi, \pi]`.
    * ``O2``: 2×2 orthogonal matrices :math:`R(\theta)\, s^m`, :math:`s = \mathrm{diag}(1,-1)`, ``m ∈ {0, 1}``.
    * ``SO3``: 3×3 rotation matrices (convention GM-ROT of ``docs/conventions.md``;
      quaternion maps through :mod:`gaugemath.so3`, :math:`R(q)v = q v \bar q`).
    * ``O3``: 3×3 orthogonal matrices, :math:`g = \pm R`, :math:`R \in SO(3)`.
    * ``SU2``: unit quaternions ``(w, x, y, z)`` (shape ``(4,)``), Hamilton product; this is
      SU(2) itself (``q`` and ``-q`` are *different* elements); :meth:`SU2.to_rotation` is the
      double cover :math:`SU(2) \to SO(3)`, :math:`R(q) v = q v \bar q`, the same sign convention
      as ``gaugemath.wigner_D(j, q)`` for half-integer ``j`` (:meth:`SU2.to_matrix` is
      :math:`D^{1/2}(q)`).

Haar measures (normalised) and samplers
    * SO(2): :math:`d\theta/2\pi`, θ uniform on :math:`[-\pi, \pi)`.
    * O(2): :math:`\tfrac12(d\theta/2\pi)` on each component (m uniform in {0, 1}).
    * SO(3) and SU(2): uniform unit quaternion, i.e. a normalised 4-d standard Gaussian
      (K. Shoemake, "Uniform random rotations", Graphics Gems III, 1992); the rotation angle
      ω of an SO(3) sample has density :math:`(1-\cos\omega)/\pi` on :math:`[0, \pi]`
      (Weyl integration formula), :math:`E[R] = 0`, :math:`E[\mathrm{tr} R] = 0`.
    * O(3): SO(3) Haar times a uniform sign :math:`\pm 1`.

Lie algebras (:meth:`lie_algebra`): SO(2): :math:`J = [[0,-1],[1,0]]`; SO(3)/O(3):
:math:`(L_i)_{jk} = -\varepsilon_{ijk}`, so :math:`\exp(\theta L_z)` = rotation by θ about z;
SU(2): :math:`-\tfrac i2\sigma_k` as 2×2 matrices in the basis of :meth:`SU2.to_matrix`.
"""

from __future__ import annotations

import numpy as np

from ._matrix import as_element_array, check_positive_int, is_orthogonal
from .base import Group
from .._quaternion import quaternion_to_matrix as _quaternion_to_matrix

__all__ = ["SO2", "O2", "SO3", "O3", "SU2"]


def _sample_shape(n) -> tuple[int, ...]:
    return (check_positive_int(n, "n", 0),)


def _max_degree(max_degree, name: str) -> int:
    if max_degree is None:
        raise ValueError(f"max_degree is required for {name} (it has infinitely many irreps)")
    return check_positive_int(max_degree, "max_degree", 0)


class _OrthogonalGroup(Group):
    """O(d) or SO(d) as d×d matrices; subclasses fix d and whether det must be +1."""

    is_finite = False
    special: bool = False

    def __init__(self):
        d = self.ambient_dim
        self.element_shape = (d, d)

    def identity(self) -> np.ndarray:
        return np.eye(self.ambient_dim)

    def multiply(self, a, b) -> np.ndarray:
        """Matrix product ``a @ b`` (broadcast)."""
        return np.matmul(a, b)

    def inverse(self, a) -> np.ndarray:
        """``aᵀ``."""
        return np.swapaxes(np.asarray(a), -1, -2)

    def contains(self, a, *, atol: float = 1e-9) -> np.ndarray:
        """Orthogonal within ``atol`` (max-abs of :math:`a^T a - I`), det +1 for the special groups."""
        a = as_element_array(a, self.element_shape, self.name, "g")
        return is_orthogonal(a, atol, +1 if self.special else None)

    def act(self, g, x) -> np.ndarray:
        """``g x`` for points ``x`` ``(..., d)``."""
        x = np.asarray(x)
        if x.shape[-1:] != (self.ambient_dim,):
            raise ValueError(f"x must have trailing dimension {self.ambient_dim} for {self.name}, got {x.shape}")
        return np.matmul(np.asarray(g), x[..., None])[..., 0]

    def __eq__(self, other) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)


class SO2(_OrthogonalGroup):
    r"""SO(2): rotation matrices :math:`R(\theta)`; Haar :math:`d\theta/2\pi`."""

    name = "SO(2)"
    family = "SO2"
    ambient_dim = 2
    special = True

    @staticmethod
    def from_angle(theta) -> np.ndarray:
        r""":math:`R(\theta) = [[\cos\theta, -\sin\theta], [\sin\theta, \cos\theta]]`, shape ``(..., 2, 2)``."""
        t = np.asarray(theta, dtype=float)
        c, s = np.cos(t), np.sin(t)
        return np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)

    @staticmethod
    def angle(g) -> np.ndarray:
        r""":math:`\theta = \mathrm{atan2}(g_{10}, g_{00}) \in (-\pi, \pi]` (for O(2) elements: of the rotation part
        :math:`g s^m`)."""
        g = np.asarray(g, dtype=float)
        return np.arctan2(g[..., 1, 0], g[..., 0, 0])

    def sample(self, n: int, seed=None) -> np.ndarray:
        """θ uniform on [-π, π)."""
        return self.from_angle(np.random.default_rng(seed).uniform(-np.pi, np.pi, _sample_shape(n)))

    def irrep_labels(self, max_degree: int | None = None) -> list:
        """``[0, 1, ..., max_degree]``: the real irreps ``k`` (``so2_irrep(G, k, "real")``)."""
        return list(range(_max_degree(max_degree, self.name) + 1))

    def lie_algebra(self) -> np.ndarray:
        """Basis ``(1, 2, 2)``: :math:`J = [[0,-1],[1,0]]`, :math:`R(\\theta) = \\exp(\\theta J)`."""
        return np.array([[[0.0, -1.0], [1.0, 0.0]]])


class O2(SO2):
    r"""O(2): :math:`R(\theta) s^m`, :math:`s = \mathrm{diag}(1,-1)`; Haar: θ uniform, m uniform in {0,1}."""

    name = "O(2)"
    family = "O2"
    special = False

    @staticmethod
    def from_angle_reflection(theta, m) -> np.ndarray:
        r""":math:`R(\theta)\, s^m` with :math:`s = \mathrm{diag}(1,-1)`, ``m`` in {0, 1}."""
        m = np.asarray(m)
        if not np.all((m == 0) | (m == 1)):
            raise ValueError(f"m must be 0 or 1, got {m!r}")
        g = SO2.from_angle(theta)
        sign = np.where(m == 1, -1.0, 1.0)
        g[..., :, 1] = g[..., :, 1] * sign[..., None]
        return g

    @staticmethod
    def reflection_part(g) -> np.ndarray:
        """``m = 0`` for rotations (det +1), ``1`` for reflections (det −1)."""
        return (np.linalg.det(np.asarray(g, dtype=float)) < 0).astype(np.int64)

    def irrep_labels(self, max_degree: int | None = None) -> list:
        """``[(0, 0), (1, 0), (1, 1), ..., (1, max_degree)]``: ``(0, 0)`` trivial (``o2_irrep(G, 0, +1)``),
        ``(1, 0)`` the determinant (``o2_irrep(G, 0, -1)``), ``(1, k)`` the 2-d irrep ``o2_irrep(G, k)``."""
        K = _max_degree(max_degree, self.name)
        return [(0, 0), (1, 0)] + [(1, k) for k in range(1, K + 1)]

    def sample(self, n: int, seed=None) -> np.ndarray:
        rng = np.random.default_rng(seed)
        shape = _sample_shape(n)
        t = rng.uniform(-np.pi, np.pi, shape)
        m = rng.integers(0, 2, shape)
        return self.from_angle_reflection(t, m)


class SO3(_OrthogonalGroup):
    r"""SO(3): 3×3 rotation matrices (GM-ROT, active); Haar via uniform unit quaternions."""

    name = "SO(3)"
    family = "SO3"
    ambient_dim = 3
    special = True

    @staticmethod
    def from_quaternion(q) -> np.ndarray:
        r"""Rotation matrices of unit quaternions ``(..., 4)`` (:math:`R(q)v = q v \bar q`); non-unit → ValueError."""
        from gaugemath import so3

        return so3.as_matrix(so3.as_quaternion(q, "q"))

    @staticmethod
    def to_quaternion(g) -> np.ndarray:
        """Unit quaternions ``(..., 4)`` (w, x, y, z) of rotation matrices (sign as quaternionic returns it)."""
        from gaugemath import so3

        return so3.as_quaternion(np.asarray(g, dtype=float), "g")

    def sample(self, n: int, seed=None) -> np.ndarray:
        """Haar: Shoemake's normalised Gaussian quaternions, mapped to matrices."""
        q = np.random.default_rng(seed).standard_normal(_sample_shape(n) + (4,))
        q /= np.linalg.norm(q, axis=-1, keepdims=True)
        return _quaternion_to_matrix(q)

    def irrep_labels(self, max_degree: int | None = None) -> list:
        """``[0, 1, ..., max_degree]``: the degrees ``ell`` of ``so3_irrep(G, ell)``."""
        return list(range(_max_degree(max_degree, self.name) + 1))

    def lie_algebra(self) -> np.ndarray:
        r"""Basis ``(3, 3, 3)`` :math:`(L_x, L_y, L_z)`, :math:`(L_i)_{jk} = -\varepsilon_{ijk}`."""
        return -_levi_civita()


class O3(SO3):
    r"""O(3): :math:`\pm R`, :math:`R \in SO(3)`; Haar: SO(3) Haar times a uniform sign."""

    name = "O(3)"
    family = "O3"
    special = False

    def irrep_labels(self, max_degree: int | None = None) -> list:
        """``[(0, 1), (0, -1), (1, 1), (1, -1), ...]``: ``(ell, parity)`` of ``o3_irrep(G, ell, parity)``."""
        return [(ell, p) for ell in range(_max_degree(max_degree, self.name) + 1) for p in (1, -1)]

    def sample(self, n: int, seed=None) -> np.ndarray:
        rng = np.random.default_rng(seed)
        shape = _sample_shape(n)
        q = rng.standard_normal(shape + (4,))
        q /= np.linalg.norm(q, axis=-1, keepdims=True)
        sign = np.where(rng.integers(0, 2, shape) == 1, -1.0, 1.0)
        return _quaternion_to_matrix(q) * sign[..., None, None]


class SU2(Group):
    r"""SU(2) as unit quaternions ``(w, x, y, z)``; Hamilton product; Haar = uniform on :math:`S^3`.

    Acts on :math:`\mathbb R^3` through the double cover, :math:`q\cdot v = R(q) v = q v \bar q`."""

    name = "SU(2)"
    family = "SU2"
    element_shape = (4,)
    is_finite = False
    ambient_dim = 3

    def identity(self) -> np.ndarray:
        return np.array([1.0, 0.0, 0.0, 0.0])

    def multiply(self, a, b) -> np.ndarray:
        r"""Hamilton product :math:`ab = (w_a w_b - \vec a\cdot\vec b,\
        w_a\vec b + w_b\vec a + \vec a\times\vec b)`."""
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        a, b = np.broadcast_arrays(a, b)
        wa, va = a[..., 0], a[..., 1:]
        wb, vb = b[..., 0], b[..., 1:]
        w = wa * wb - np.sum(va * vb, axis=-1)
        v = wa[..., None] * vb + wb[..., None] * va + np.cross(va, vb)
        return np.concatenate([w[..., None], v], axis=-1)

    def inverse(self, a) -> np.ndarray:
        r"""Conjugate :math:`\bar q = (w, -x, -y, -z)` (= inverse for unit q)."""
        return np.asarray(a, dtype=float) * np.array([1.0, -1.0, -1.0, -1.0])

    def contains(self, a, *, atol: float = 1e-9) -> np.ndarray:
        """``| |q| − 1 | <= atol`` (and finite)."""
        a = as_element_array(a, (4,), self.name, "q")
        a = np.asarray(a, dtype=float)
        finite = np.isfinite(a).all(axis=-1)
        norm = np.linalg.norm(np.where(np.isfinite(a), a, 0.0), axis=-1)
        return finite & (np.abs(norm - 1) <= atol)

    def sample(self, n: int, seed=None) -> np.ndarray:
        """Normalised 4-d standard Gaussians (uniform on S³ = Haar on SU(2))."""
        q = np.random.default_rng(seed).standard_normal(_sample_shape(n) + (4,))
        return q / np.linalg.norm(q, axis=-1, keepdims=True)

    def irrep_labels(self, max_degree: int | None = None) -> list:
        """``[0, 1/2, 1, ..., max_degree]`` as :class:`fractions.Fraction`: the spins ``j`` of ``su2_irrep(G, j)``."""
        from fractions import Fraction

        return [Fraction(k, 2) for k in range(2 * _max_degree(max_degree, self.name) + 1)]

    @staticmethod
    def to_rotation(q) -> np.ndarray:
        r"""Double cover :math:`SU(2)\to SO(3)`, :math:`R(q)v = q v\bar q` (``R(q) = R(-q)``), shape ``(..., 3, 3)``."""
        q = np.asarray(q, dtype=float)
        if q.shape[-1:] != (4,):
            raise ValueError(f"q must have trailing shape (4,), got {q.shape}")
        if not np.all(np.abs(np.linalg.norm(q, axis=-1) - 1) <= 1e-8):
            raise ValueError("q must be unit quaternions (| |q| - 1 | <= 1e-8)")
        return _quaternion_to_matrix(q)

    @staticmethod
    def to_matrix(q) -> np.ndarray:
        r"""The 2×2 unitary :math:`D^{1/2}(q)` = ``gaugemath.wigner_D(1/2, q)`` (rows/cols m = −1/2, +1/2)."""
        import quaternionic

        from gaugemath.wigner import wigner_D

        q = np.asarray(q, dtype=float)
        SU2.to_rotation(q)  # validates
        return wigner_D(0.5, quaternionic.array(q), basis="complex")

    def lie_algebra(self) -> np.ndarray:
        r"""Basis ``(3, 4)`` of the Lie algebra as imaginary quaternions :math:`(0, \tfrac12 e_k)`:
        :math:`\exp(\theta\,(0, \hat n/2)) = (\cos\frac\theta2, \sin\frac\theta2\,\hat n)` covers the
        rotation by θ about :math:`\hat n`."""
        return np.concatenate([np.zeros((3, 1)), 0.5 * np.eye(3)], axis=1)

    def act(self, g, x) -> np.ndarray:
        """``R(q) x`` for points ``x`` ``(..., 3)``."""
        x = np.asarray(x)
        if x.shape[-1:] != (3,):
            raise ValueError(f"x must have trailing dimension 3 for {self.name}, got {x.shape}")
        return np.matmul(_quaternion_to_matrix(np.asarray(g, dtype=float)), x[..., None])[..., 0]

    def __eq__(self, other) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)


def _levi_civita() -> np.ndarray:
    eps = np.zeros((3, 3, 3))
    for (i, j, k), s in {(0, 1, 2): 1, (1, 2, 0): 1, (2, 0, 1): 1, (0, 2, 1): -1, (2, 1, 0): -1, (1, 0, 2): -1}.items():
        eps[i, j, k] = s
    return eps

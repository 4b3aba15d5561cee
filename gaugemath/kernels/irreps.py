r"""Groups and irreducible representations by *label* (independent of :mod:`gaugemath.reps`).

Groups (the ``group`` argument, case-insensitive):

========  ==========  ================================================================
name      space       elements used by :func:`irrep_matrix` / :func:`act`
========  ==========  ================================================================
``SO2``   R²          ``(theta, 0)``: rotation :math:`R(\theta)`
``O2``    R²          ``(theta, s)``, ``s ∈ {0, 1}``: :math:`R(\theta)\,F^s`
``CN``    R²          e.g. ``"C4"``: ``(2πt/N, 0)``
``DN``    R²          e.g. ``"D6"``: ``(2πt/N, s)``
``SO3``   R³          ``(R, 0)`` with ``R`` a 3×3 rotation matrix
``O3``    R³          ``(R, s)``: :math:`(-1)^s R` (``s = 1`` composes with the inversion)
========  ==========  ================================================================

with :math:`R(\theta) = \psi(\theta) = \begin{pmatrix}\cos\theta & -\sin\theta\\ \sin\theta & \cos\theta\end{pmatrix}`
and the flip :math:`F = \xi = \mathrm{diag}(1, -1)` (reflection across the x axis, (x, y) ↦ (x, −y)).

Irrep labels and matrices (escnn's labels and matrices for the planar groups, see
``docs/kernels.md``):

* **SO(2)**: ``k ≥ 0`` (int). ``k = 0``: trivial (1-dim); ``k > 0``: :math:`\psi(k\theta)` (2-dim).
* **C_N**: ``0 ≤ k ≤ N // 2``. ``k = 0`` trivial; ``0 < k < N/2``: :math:`\psi(k\theta)`;
  ``k = N/2`` (N even): the 1-dim sign :math:`\cos(k\theta) = (-1)^t` for :math:`\theta = 2\pi t/N`.
* **O(2)**: ``(j, k)``: ``(0, 0)`` = ``"trivial"``; ``(1, 0)`` = ``"sign"`` (rotations ↦ 1, flip ↦ −1);
  ``(1, k)`` for ``k ≥ 1`` (or the int ``k``): :math:`\psi(k\theta)\,\xi^s` (2-dim).
* **D_N**: as O(2) with ``1 ≤ k < N/2`` for the 2-dim irreps, plus for even N the 1-dim
  ``(j, N/2)``: rotation by 2πt/N ↦ :math:`(-1)^t`, flip ↦ :math:`(-1)^j`.
* **SO(3)**: ``ℓ ≥ 0``: the real Wigner matrix :math:`D^\ell_{\mathrm{real}}(R)` of the core
  (``gaugemath.wigner_D(ℓ, R, basis="real")``, basis order m = −ℓ..ℓ, ℓ = 1 is (y, z, x)).
* **O(3)**: ``(ℓ, p)`` with parity ``p = ±1`` (or the e3nn-style strings ``"1o"``, ``"2e"``):
  :math:`\rho(R, s) = p^s D^\ell_{\mathrm{real}}(R)`.

A *list* of labels is a direct sum (block-diagonal, in list order); any other object is
one label.  Unknown labels raise ``ValueError``/``TypeError`` naming the argument.
"""

from __future__ import annotations

import dataclasses
import numbers
import re

import numpy as np

__all__ = ["GroupSpec", "parse_group", "parse_irreps", "irrep_dim", "irrep_matrix", "act", "random_elements"]


@dataclasses.dataclass(frozen=True)
class GroupSpec:
    """A group acting on R^d: ``family`` in {SO2, O2, CN, DN, SO3, O3}, ``N`` for C_N/D_N."""

    family: str
    N: int | None = None

    @property
    def name(self) -> str:
        return f"{self.family[0]}{self.N}" if self.family in ("CN", "DN") else self.family

    @property
    def space_dim(self) -> int:
        return 3 if self.family in ("SO3", "O3") else 2

    @property
    def has_flip(self) -> bool:
        return self.family in ("O2", "DN", "O3")

    @property
    def is_finite(self) -> bool:
        return self.family in ("CN", "DN")


_GROUP_RE = re.compile(r"^(SO2|O2|SO3|O3|C(\d+)|D(\d+))$")


def parse_group(group) -> GroupSpec:
    """``"SO2"``, ``"O2"``, ``"C4"``, ``"D6"``, ``"SO3"``, ``"O3"`` (also ``"SO(3)"``, ``"C_4"``) → :class:`GroupSpec`."""
    if isinstance(group, GroupSpec):
        return group
    if not isinstance(group, str):
        raise TypeError(f"group must be a string such as 'SO3', 'O2', 'C4', 'D6', got {type(group).__name__}")
    key = group.upper().replace("(", "").replace(")", "").replace("_", "").replace(" ", "")
    m = _GROUP_RE.match(key)
    if not m:
        raise ValueError(f"group must be one of SO2, O2, CN, DN (N >= 1), SO3, O3; got {group!r}")
    if m.group(2) or m.group(3):
        N = int(m.group(2) or m.group(3))
        if N < 1:
            raise ValueError(f"group order N must be >= 1, got {group!r}")
        return GroupSpec("CN" if m.group(2) else "DN", N)
    return GroupSpec(key)


def _as_int(x, name):
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(x).__name__} {x!r}")
    return int(x)


_E3NN_RE = re.compile(r"^(\d+)([eo])$")


def _parse_one(G: GroupSpec, label, name: str):
    fam = G.family
    if fam == "SO3":
        ell = _as_int(label, name)
        if ell < 0:
            raise ValueError(f"{name}: SO(3) irrep label must be an integer l >= 0, got {label!r}")
        return ell
    if fam == "O3":
        if isinstance(label, str):
            m = _E3NN_RE.match(label.strip())
            if not m:
                raise ValueError(f"{name}: O(3) irrep label must be (l, p) with p = +1/-1 or a string like '1o', '2e'; got {label!r}")
            return (int(m.group(1)), 1 if m.group(2) == "e" else -1)
        if not isinstance(label, tuple) or len(label) != 2:
            raise ValueError(f"{name}: O(3) irrep label must be (l, p) with p = +1/-1 or '1o'/'2e', got {label!r}")
        ell, p = _as_int(label[0], name), _as_int(label[1], name)
        if ell < 0 or p not in (1, -1):
            raise ValueError(f"{name}: O(3) irrep label needs l >= 0 and p in (+1, -1), got {label!r}")
        return (ell, p)
    # planar groups: normalise to (j, k); for SO2/CN j is always 0
    if fam in ("SO2", "CN"):
        if isinstance(label, tuple) and len(label) == 2 and label[0] == 0:
            label = label[1]  # the normalised form (0, k)
        k = _as_int(label, name)
        hi = None if fam == "SO2" else G.N // 2
        if k < 0 or (hi is not None and k > hi):
            rng = ">= 0" if hi is None else f"in 0..{hi} (N={G.N})"
            raise ValueError(f"{name}: {G.name} irrep frequency k must be {rng}, got {label!r}")
        return (0, k)
    # O2 / DN
    if isinstance(label, str):
        low = label.strip().lower()
        if low == "trivial":
            return (0, 0)
        if low == "sign":
            return (1, 0)
        raise ValueError(f"{name}: {G.name} irrep label must be 'trivial', 'sign', an int k >= 1 or (j, k); got {label!r}")
    if isinstance(label, tuple):
        if len(label) != 2:
            raise ValueError(f"{name}: {G.name} irrep label must be (j, k) with j in (0, 1), got {label!r}")
        j, k = _as_int(label[0], name), _as_int(label[1], name)
    else:
        k = _as_int(label, name)
        j = 1
        if G.family == "DN" and G.N % 2 == 0 and k == G.N // 2:
            raise ValueError(f"{name}: D{G.N} has two 1-dim irreps of frequency {k}: give (0, {k}) or (1, {k})")
        if k == 0:
            raise ValueError(f"{name}: frequency 0 of {G.name} is ambiguous: use 'trivial' or 'sign'")
    if j not in (0, 1) or k < 0:
        raise ValueError(f"{name}: {G.name} irrep (j, k) needs j in (0, 1) and k >= 0, got {label!r}")
    if G.family == "DN" and k > G.N // 2:
        raise ValueError(f"{name}: D{G.N} irrep frequency k must be in 0..{G.N // 2}, got {label!r}")
    two_dim = k > 0 and not (G.family == "DN" and 2 * k == G.N)
    if two_dim and j != 1:
        raise ValueError(f"{name}: the 2-dim irrep of frequency {k} of {G.name} is (1, {k}); got {label!r}")
    return (j, k)


def parse_irreps(group, labels, name: str = "irreps") -> list:
    """Normalised list of irrep labels (one label, or a list of labels = direct sum)."""
    G = parse_group(group)
    items = labels if isinstance(labels, list) else [labels]
    if not items:
        raise ValueError(f"{name} must contain at least one irrep label")
    return [_parse_one(G, lab, f"{name}[{i}]" if isinstance(labels, list) else name) for i, lab in enumerate(items)]


def irrep_dim(group, label) -> int:
    """Dimension of the (normalised) irrep ``label``."""
    G = parse_group(group)
    if G.family == "SO3":
        return 2 * label + 1
    if G.family == "O3":
        return 2 * label[0] + 1
    j, k = label
    if k == 0 or (G.family in ("CN", "DN") and 2 * k == G.N):
        return 1
    return 2


def _psi(a):
    c, s = np.cos(a), np.sin(a)
    return np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)


def irrep_matrix(group, label, theta_or_R, flip=0) -> np.ndarray:
    """Matrix of irrep ``label`` at group elements (batched).

    Planar groups: ``theta_or_R`` an angle array, ``flip`` in {0, 1} (broadcast); the
    element is :math:`R(\\theta) F^{s}`.  SO(3)/O(3): ``theta_or_R`` rotation matrices
    ``(..., 3, 3)``, ``flip`` = 1 composes with the inversion.  Returns ``(..., d, d)``.
    """
    G = parse_group(group)
    if G.space_dim == 3:
        from ..wigner import wigner_D

        R = np.asarray(theta_or_R, dtype=float)
        ell, p = (label, 1) if G.family == "SO3" else label
        D = np.asarray(wigner_D(ell, R, basis="real"))
        s = np.asarray(flip)
        return D * np.where(s == 1, float(p), 1.0)[..., None, None]
    theta = np.asarray(theta_or_R, dtype=float)
    s = np.broadcast_to(np.asarray(flip), theta.shape)
    j, k = label
    d = irrep_dim(G, label)
    if d == 1:
        val = np.cos(k * theta) if k else np.ones_like(theta)
        val = val * np.where(s == 1, (-1.0) ** j, 1.0)
        return val[..., None, None]
    M = _psi(k * theta)
    xi = np.array([[1.0, 0.0], [0.0, -1.0]])
    return np.where((s == 1)[..., None, None], M @ xi, M)


def act(group, theta_or_R, flip, x) -> np.ndarray:
    """Action of group elements on points ``x`` of shape ``(..., d)``: :math:`x \\mapsto g x`."""
    G = parse_group(group)
    x = np.asarray(x, dtype=float)
    s = np.asarray(flip)
    if G.space_dim == 3:
        R = np.asarray(theta_or_R, dtype=float)
        y = np.einsum("...ij,...j->...i", R, x)
        return y * np.where(s == 1, -1.0, 1.0)[..., None]
    theta = np.asarray(theta_or_R, dtype=float)
    xf = np.stack([x[..., 0], np.where(s == 1, -x[..., 1], x[..., 1])], -1)
    return np.einsum("...ij,...j->...i", _psi(theta), xf)


def random_elements(group, n: int, seed=None):
    """``n`` random elements ``(theta_or_R, flip)`` (uniform on the group)."""
    G = parse_group(group)
    rng = np.random.default_rng(seed)
    flip = rng.integers(0, 2, n) if G.has_flip else np.zeros(n, dtype=int)
    if G.space_dim == 3:
        from .. import so3

        R = np.asarray(so3.as_matrix(so3.random(n, seed=int(rng.integers(2**31)))))
        return R.reshape(n, 3, 3), flip
    if G.is_finite:
        theta = 2 * np.pi * rng.integers(0, G.N, n) / G.N
    else:
        theta = rng.uniform(-np.pi, np.pi, n)
    return theta, flip

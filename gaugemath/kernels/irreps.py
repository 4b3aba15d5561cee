r"""Groups and irreducible representations by *label* (independent of :mod:`gaugemath.reps`).

Groups: the ``group`` argument is a :mod:`gaugemath.groups` object or a name, turned into
one by :func:`gaugemath.groups.as_group` once at the entry of every public function
(:func:`kernel_group`).  The families with steerable kernel bases are

==============  ==========  ==============================================================
family          space       group object (name)
==============  ==========  ==============================================================
``"SO2"``       R²          :class:`gaugemath.groups.SO2` (``"SO2"``)
``"O2"``        R²          :class:`gaugemath.groups.O2` (``"O2"``)
``"cyclic"``    R²          :func:`gaugemath.groups.cyclic(N) <gaugemath.groups.cyclic>` (``"C4"``), in O(2)
``"dihedral"``  R²          :func:`gaugemath.groups.dihedral(N) <gaugemath.groups.dihedral>` (``"D6"``), in O(2)
``"SO3"``       R³          :class:`gaugemath.groups.SO3` (``"SO3"``)
``"O3"``        R³          :class:`gaugemath.groups.O3` (``"O3"``)
==============  ==========  ==============================================================

Group elements are the group's own elements: 2×2 / 3×3 orthogonal matrices
(:math:`R(\theta)F^s` with :math:`R(\theta) = \psi(\theta)` = ``groups.SO2.from_angle(theta)``
and the flip :math:`F = \xi = \mathrm{diag}(1,-1)` of ``groups.O2`` — reflection across the x
axis, (x, y) ↦ (x, −y); :math:`\pm R` for O(3)), acting on points by ``group.act``.

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

import numbers
import re

import numpy as np

from ..groups import Group, as_group

__all__ = ["kernel_group", "space_dim", "has_flip", "group_label", "parse_irreps", "irrep_dim", "irrep_rep",
           "irrep_matrix"]


_FAMILIES = ("SO2", "O2", "cyclic", "dihedral", "SO3", "O3")


def kernel_group(group, name: str = "group") -> Group:
    """``group`` (a Group or a name, via :func:`gaugemath.groups.as_group`) checked to be one of
    SO(2), O(2), C_N < O(2), D_N < O(2), SO(3), O(3); ``ValueError`` otherwise."""
    G = as_group(group, name)
    if G.family not in _FAMILIES or (G.family in ("cyclic", "dihedral") and getattr(G, "ambient", "O2") != "O2"):
        raise ValueError(f"{name} must be SO2, O2, CN, DN (N >= 1, acting on R^2), SO3 or O3; got {G.name}")
    return G


def space_dim(G: Group) -> int:
    """2 for the planar groups, 3 for SO(3)/O(3)."""
    return 3 if G.family in ("SO3", "O3") else 2


def has_flip(G: Group) -> bool:
    """True for O(2), D_N and O(3) (they contain the flip ξ, resp. the inversion −1)."""
    return G.family in ("O2", "dihedral", "O3")


def group_label(G: Group) -> str:
    """Short name used in exported files and messages: ``SO2``, ``O2``, ``C4``, ``D6``, ``SO3``, ``O3``."""
    if G.family == "cyclic":
        return f"C{G.N}"
    if G.family == "dihedral":
        return f"D{G.N}"
    return G.family


def _as_int(x, name):
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(x).__name__} {x!r}")
    return int(x)


_E3NN_RE = re.compile(r"^(\d+)([eo])$")


def _parse_one(G: Group, label, name: str):
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
    if fam in ("SO2", "cyclic"):
        if isinstance(label, tuple) and len(label) == 2 and label[0] == 0:
            label = label[1]  # the normalised form (0, k)
        k = _as_int(label, name)
        hi = None if fam == "SO2" else G.N // 2
        if k < 0 or (hi is not None and k > hi):
            rng = ">= 0" if hi is None else f"in 0..{hi} (N={G.N})"
            raise ValueError(f"{name}: {group_label(G)} irrep frequency k must be {rng}, got {label!r}")
        return (0, k)
    # O2 / DN
    if isinstance(label, str):
        low = label.strip().lower()
        if low == "trivial":
            return (0, 0)
        if low == "sign":
            return (1, 0)
        raise ValueError(f"{name}: {group_label(G)} irrep label must be 'trivial', 'sign', an int k >= 1 or (j, k); got {label!r}")
    if isinstance(label, tuple):
        if len(label) != 2:
            raise ValueError(f"{name}: {group_label(G)} irrep label must be (j, k) with j in (0, 1), got {label!r}")
        j, k = _as_int(label[0], name), _as_int(label[1], name)
    else:
        k = _as_int(label, name)
        j = 1
        if G.family == "dihedral" and G.N % 2 == 0 and k == G.N // 2:
            raise ValueError(f"{name}: D{G.N} has two 1-dim irreps of frequency {k}: give (0, {k}) or (1, {k})")
        if k == 0:
            raise ValueError(f"{name}: frequency 0 of {group_label(G)} is ambiguous: use 'trivial' or 'sign'")
    if j not in (0, 1) or k < 0:
        raise ValueError(f"{name}: {group_label(G)} irrep (j, k) needs j in (0, 1) and k >= 0, got {label!r}")
    if G.family == "dihedral" and k > G.N // 2:
        raise ValueError(f"{name}: D{G.N} irrep frequency k must be in 0..{G.N // 2}, got {label!r}")
    two_dim = k > 0 and not (G.family == "dihedral" and 2 * k == G.N)
    if two_dim and j != 1:
        raise ValueError(f"{name}: the 2-dim irrep of frequency {k} of {group_label(G)} is (1, {k}); got {label!r}")
    return (j, k)


def parse_irreps(group, labels, name: str = "irreps") -> list:
    """Normalised list of irrep labels (one label, or a list of labels = direct sum)."""
    G = kernel_group(group)
    items = labels if isinstance(labels, list) else [labels]
    if not items:
        raise ValueError(f"{name} must contain at least one irrep label")
    return [_parse_one(G, lab, f"{name}[{i}]" if isinstance(labels, list) else name) for i, lab in enumerate(items)]


def irrep_dim(group, label) -> int:
    """Dimension of the (normalised) irrep ``label``."""
    G = kernel_group(group)
    if G.family == "SO3":
        return 2 * label + 1
    if G.family == "O3":
        return 2 * label[0] + 1
    j, k = label
    if k == 0 or (G.family in ("cyclic", "dihedral") and 2 * k == G.N):
        return 1
    return 2


def irrep_rep(group, label):
    r"""The irrep ``label`` (normalised) as a :class:`gaugemath.reps.Representation` of ``group``.

    One source of truth: the matrices come from :mod:`gaugemath.reps` —

    * SO(2): ``reps.so2_irrep(G, k, "real")``; O(2): ``reps.o2_irrep(G, 0, ±1)`` for
      "trivial"/"sign", ``reps.o2_irrep(G, k)`` for ``(1, k)``;
    * C_N, D_N: the restriction (``reps.restrict``) of the SO(2)/O(2) irrep of the same
      frequency to the subgroup (escnn's convention, Weiler & Cesa 2019 App. F), and for
      the 1-dim irreps of frequency N/2 the tabulated ``reps.irrep(G, "chi{N/2}")``
      (C_N) / ``"B1"`` = (0, N/2), ``"B2"`` = (1, N/2) (D_N);
    * SO(3): ``reps.so3_irrep(G, ℓ, "real")``; O(3): ``reps.o3_irrep(G, ℓ, p, "real")``.

    Cached on the group object (``Group.cached``).
    """
    G = kernel_group(group)
    return G.cached(("kernel_irrep", label), lambda: _build_rep(G, label))


def _build_rep(G: Group, label):
    from .. import groups, reps

    fam = G.family
    if fam == "SO3":
        return reps.so3_irrep(G, label, "real")
    if fam == "O3":
        return reps.o3_irrep(G, label[0], label[1], "real")
    j, k = label
    if fam == "SO2":
        return reps.so2_irrep(G, k, "real")
    if fam == "O2":
        return reps.o2_irrep(G, k, 1 - 2 * j) if k == 0 else reps.o2_irrep(G, k)
    if k == 0 and j == 0:
        return reps.trivial(G)
    if fam == "cyclic":
        if 2 * k == G.N:
            return reps.irrep(G, f"chi{k}")
        return reps.restrict(reps.so2_irrep(groups.SO2(), k, "real"), G)
    if 2 * k == G.N:
        return reps.irrep(G, "B1" if j == 0 else "B2")
    if k == 0:
        return reps.restrict(reps.o2_irrep(groups.O2(), 0, -1), G)
    return reps.restrict(reps.o2_irrep(groups.O2(), k), G)


def irrep_matrix(group, label, g) -> np.ndarray:
    """Matrices ``(..., d, d)`` of the irrep ``label`` (normalised, see :func:`parse_irreps`) at
    group elements ``g`` (the group's own elements, batched: ``(..., 2, 2)`` or ``(..., 3, 3)``);
    see :func:`irrep_rep` for where the matrices come from."""
    G = kernel_group(group)
    lab = parse_irreps(G, label, "label")[0]
    return np.asarray(irrep_rep(G, lab)(g), dtype=float)

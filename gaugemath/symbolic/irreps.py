r"""Exact irreducible (and standard) representations, in the numeric core's conventions.

Same names and signatures as :mod:`gaugemath.reps` (``group`` = a :mod:`gaugemath.groups`
object or a name, via :func:`gaugemath.groups.as_group`):

* :func:`so2_irrep` ``(group, k, basis="complex")``: complex :math:`X = (ik)`
  (:math:`e^{ik\theta}`); real ``k >= 1``: :math:`X = kL`, :math:`L = \begin{pmatrix}0&-1\\1&0\end{pmatrix}`
  (:math:`\rho(R(\theta)) = R(k\theta)`), ``k = 0`` trivial — as ``reps.so2_irrep``.
* :func:`o2_irrep` ``(group, k, sign=1)``: ``k = 0``: trivial (``sign=+1``) / :math:`\det`
  (``sign=-1``); ``k >= 1``: :math:`X = kL`, :math:`\rho(F) = F = \mathrm{diag}(1,-1)`, the flip
  of ``groups.O2`` — :math:`R(\theta)F^f \mapsto R(k\theta)F^f` as ``reps.o2_irrep``.
* :func:`so3_irrep` ``(group, ell, basis="real")``, :func:`su2_irrep` ``(group, j)``: complex
  basis :math:`X_k = -iJ_k` with the Condon–Shortley ladder :math:`J_\pm|\ell m\rangle =
  \sqrt{\ell(\ell+1)-m(m\pm1)}|\ell,m\pm1\rangle` (rows/cols m = −ℓ..ℓ; Sakurai Eq. 3.5.41), so
  :math:`e^{\theta X}` integrates to ``gaugemath.wigner_D``,
  :math:`D(\alpha,\beta,\gamma) = e^{-i\alpha J_z}e^{-i\beta J_y}e^{-i\gamma J_z}`; real basis
  :math:`X^{real}_k = Q_\ell\overline{X_k}Q_\ell^\dagger` with :func:`complex_to_real_exact`
  (the exact :func:`gaugemath.complex_to_real`; ℓ = 1 in axis order (y, z, x)).
* :func:`o3_irrep` ``(group, ell, parity, basis="real")``: the SO(3) generators and
  :math:`\rho(-1) = p\,I` (``(1, -1)`` is the vector, e3nn's ``"1o"``).
* :func:`trivial` ``(group, dim=1)``.
* finite groups: :func:`cyclic_irrep` ``(group, k, basis="complex")`` for ``groups.cyclic(N)``,
  :func:`dihedral_irrep` ``(group, k, signs=(1, 1))`` for ``groups.dihedral(N)``,
  :func:`finite_representation` ``(group, generators)`` for any finite group, and
  :func:`standard_representation` ``(group)`` (the defining action on R^d).

The tests pin these to the numeric ones (``tests/symbolic/test_symbolic_conventions.py``).
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
import sympy as sp

from .._validation import as_degree, as_spin, check_choice
from .representation import CONTINUOUS_FAMILIES, SymbolicRepresentation

__all__ = [
    "so2_irrep",
    "o2_irrep",
    "so3_irrep",
    "o3_irrep",
    "su2_irrep",
    "trivial",
    "cyclic_irrep",
    "dihedral_irrep",
    "finite_representation",
    "standard_representation",
    "angular_momentum",
    "complex_to_real_exact",
    "so3_generators_cartesian",
]


def _group(group, family, name="group"):
    from ..groups import as_group

    G = as_group(group, name)
    fams = (family,) if isinstance(family, str) else family
    if G.family not in fams:
        raise ValueError(f"{name} must be a group of family {' or '.join(fams)}, got {G.name} (family {G.family!r})")
    return G


def _rat(x: Fraction) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


@functools.lru_cache(maxsize=None)
def angular_momentum(j) -> tuple:
    r"""Exact :math:`(J_x, J_y, J_z)` for spin ``j`` (Condon–Shortley, rows/cols m = -j..j).

    :math:`(J_+)_{m+1,m} = \sqrt{j(j+1)-m(m+1)}`, :math:`J_- = J_+^\dagger`,
    :math:`J_x=(J_++J_-)/2`, :math:`J_y = (J_+-J_-)/(2i)`, :math:`J_z=\mathrm{diag}(m)`
    (Sakurai Eq. 3.5.41).  Satisfies :math:`[J_x,J_y]=iJ_z` (cyclic)."""
    jj = _rat(as_spin(j, "j"))
    d = int(2 * jj) + 1
    ms = [-jj + k for k in range(d)]
    Jp = sp.zeros(d, d)
    for b in range(d - 1):
        m = ms[b]
        Jp[b + 1, b] = sp.sqrt(jj * (jj + 1) - m * (m + 1))
    Jm = Jp.T
    Jx = (Jp + Jm) / 2
    Jy = (Jp - Jm) / (2 * sp.I)
    Jz = sp.diag(*ms)
    return sp.ImmutableMatrix(Jx), sp.ImmutableMatrix(Jy.applyfunc(sp.expand)), sp.ImmutableMatrix(Jz)


@functools.lru_cache(maxsize=None)
def complex_to_real_exact(ell) -> sp.ImmutableMatrix:
    r"""Exact unitary :math:`Q_\ell` with :math:`S_\ell = Q_\ell Y_\ell` (GM-BASIS-REAL), the exact
    version of :func:`gaugemath.complex_to_real` (pinned to 1e-15 for ℓ ≤ 6 by the tests):
    :math:`Q_{00}=1`; for μ ≥ 1, row +μ: :math:`((-1)^\mu|+\mu\rangle + |-\mu\rangle)/\sqrt2`,
    row −μ: :math:`i(|-\mu\rangle - (-1)^\mu|+\mu\rangle)/\sqrt2`."""
    ell = as_degree(ell, "ell")
    s = 1 / sp.sqrt(2)
    Q = sp.zeros(2 * ell + 1, 2 * ell + 1)
    Q[ell, ell] = 1
    for mu in range(1, ell + 1):
        sign = (-1) ** mu
        Q[ell + mu, ell + mu] = sign * s
        Q[ell + mu, ell - mu] = s
        Q[ell - mu, ell - mu] = sp.I * s
        Q[ell - mu, ell + mu] = -sp.I * sign * s
    return sp.ImmutableMatrix(Q)


def so3_generators_cartesian() -> tuple:
    r""":math:`(L_x, L_y, L_z)`, :math:`(L_k)_{ij} = -\varepsilon_{kij}` (exactly
    ``groups.SO3().lie_algebra()``): ``L_z = [[0,-1,0],[1,0,0],[0,0,0]]``."""
    Ls = []
    for k in range(3):
        L = sp.zeros(3, 3)
        for i in range(3):
            for j in range(3):
                L[i, j] = -sp.LeviCivita(k, i, j)
        Ls.append(sp.ImmutableMatrix(L))
    return tuple(Ls)


_L2 = sp.ImmutableMatrix([[0, -1], [1, 0]])  # groups.SO2().lie_algebra()[0]
_F2 = sp.ImmutableMatrix([[1, 0], [0, -1]])  # the flip of groups.O2


def so2_irrep(group, k: int, basis: str = "complex") -> SymbolicRepresentation:
    r"""SO(2) irrep (as ``reps.so2_irrep``): complex :math:`X = (ik)` (:math:`e^{ik\theta}`, any
    integer k), or real ``k >= 1``: :math:`X = kL` (:math:`R(k\theta)`), ``k = 0``: trivial."""
    G = _group(group, "SO2")
    basis = check_choice(basis, "basis", ("complex", "real"))
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an integer, got {k!r}")
    k = int(k)
    if basis == "complex":
        return SymbolicRepresentation(G, 1, [sp.Matrix([[sp.I * k]])], name=f"k{k}")
    if k < 0:
        raise ValueError(f"k must be >= 0 for basis='real', got {k}")
    if k == 0:
        return SymbolicRepresentation(G, 1, [sp.zeros(1, 1)], name="k0")
    return SymbolicRepresentation(G, 2, [k * _L2], name=f"k{k}")


def o2_irrep(group, k: int, sign: int = 1) -> SymbolicRepresentation:
    r"""O(2) irrep (as ``reps.o2_irrep``): ``k = 0``: trivial (``sign=+1``) or :math:`\det`
    (``sign=-1``); ``k >= 1``: :math:`X = kL`, :math:`\rho(F) = F = \mathrm{diag}(1,-1)`."""
    G = _group(group, "O2")
    k = as_degree(k, "k")
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, got {sign!r}")
    if k == 0:
        return SymbolicRepresentation(G, 1, [sp.zeros(1, 1)], [sp.Matrix([[sign]])], name="0+" if sign > 0 else "0-")
    return SymbolicRepresentation(G, 2, [k * _L2], [_F2], name=f"{k}")


@functools.lru_cache(maxsize=None)
def _so3_generators(ell, basis: str):
    Jx, Jy, Jz = angular_momentum(ell)
    Xs = [(-sp.I * J).applyfunc(sp.expand) for J in (Jx, Jy, Jz)]
    if basis == "real":
        Q = sp.Matrix(complex_to_real_exact(ell))
        Xs = [(Q * X.conjugate() * Q.H).applyfunc(sp.expand) for X in Xs]
    return tuple(sp.ImmutableMatrix(X) for X in Xs)


def so3_irrep(group, ell: int, basis: str = "real") -> SymbolicRepresentation:
    r"""SO(3) irrep :math:`D^\ell` (as ``reps.so3_irrep``): :math:`X_k=-iJ_k` (complex) or
    :math:`Q\overline{X_k}Q^\dagger` (real; :math:`D^{real}=Q\overline D Q^\dagger`)."""
    G = _group(group, "SO3")
    ell = as_degree(ell, "ell")
    basis = check_choice(basis, "basis", ("complex", "real"))
    return SymbolicRepresentation(G, 2 * ell + 1, _so3_generators(ell, basis), name=f"l{ell}")


def su2_irrep(group, j) -> SymbolicRepresentation:
    r"""SU(2) irrep :math:`D^j` (as ``reps.su2_irrep``; complex basis, ``j`` integer or half-integer)."""
    G = _group(group, "SU2")
    jj = as_spin(j, "j")
    Jx, Jy, Jz = angular_momentum(jj)
    Xs = [(-sp.I * J).applyfunc(sp.expand) for J in (Jx, Jy, Jz)]
    return SymbolicRepresentation(G, int(2 * jj) + 1, Xs, name=f"j{jj}")


def o3_irrep(group, ell: int, parity: int, basis: str = "real") -> SymbolicRepresentation:
    r"""O(3) irrep ``(ℓ, p)`` (as ``reps.o3_irrep``): the SO(3) generators and :math:`\rho(-1) = p\,I`."""
    G = _group(group, "O3")
    ell = as_degree(ell, "ell")
    if parity not in (1, -1):
        raise ValueError(f"parity must be +1 or -1, got {parity!r}")
    basis = check_choice(basis, "basis", ("complex", "real"))
    return SymbolicRepresentation(G, 2 * ell + 1, _so3_generators(ell, basis), [parity * sp.eye(2 * ell + 1)],
                                  name=f"{ell}{'e' if parity > 0 else 'o'}")


def trivial(group, dim: int = 1) -> SymbolicRepresentation:
    """The trivial representation (zero algebra generators, identity group generators)."""
    from ..groups import as_group

    G = as_group(group)
    if G.is_finite:
        return SymbolicRepresentation(G, dim, (), [sp.eye(dim)] * len(G.generators()), name="trivial")
    if G.family not in CONTINUOUS_FAMILIES:
        raise ValueError(f"group must be finite or one of SO2, O2, SO3, SU2, O3; got {G.name}")
    n_lie, extra = CONTINUOUS_FAMILIES[G.family]
    return SymbolicRepresentation(G, dim, [sp.zeros(dim, dim)] * n_lie, [sp.eye(dim)] * len(extra), name="trivial")


# ----------------------------------------------------------------------------------------
# finite groups


def _rotation2(k, N):
    a = 2 * sp.pi * sp.Rational(k, N)
    return sp.Matrix([[sp.cos(a), -sp.sin(a)], [sp.sin(a), sp.cos(a)]])


def _images(G, r_img, s_img=None):
    """Images of ``G.generators()`` given the images of r (rotation by 2π/N) and s (the flip),
    matched to the generator matrices of ``groups.cyclic``/``groups.dihedral`` (N = 1 keeps one)."""
    out = []
    for g in np.asarray(G.generators()):
        if np.linalg.det(g) < 0:
            out.append(s_img)
        elif np.allclose(g, np.eye(g.shape[0]), rtol=0, atol=1e-12):
            out.append(sp.eye(r_img.shape[0]))
        else:
            out.append(r_img)
    return out


def cyclic_irrep(group, k: int, basis: str = "complex") -> SymbolicRepresentation:
    r"""Irrep of ``groups.cyclic(N)`` (generator r = rotation by 2π/N): complex
    :math:`r\mapsto e^{2\pi ik/N}`; real (k ≢ 0, 2k ≢ N): :math:`r\mapsto R(2\pi k/N)` (the
    restriction of ``so2_irrep(SO2, k, "real")``)."""
    G = _group(group, "cyclic")
    N = int(G.N)
    basis = check_choice(basis, "basis", ("complex", "real"))
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an integer, got {k!r}")
    k = int(k) % N
    if basis == "complex" or k == 0 or 2 * k == N:
        a = 2 * sp.pi * sp.Rational(k, N)
        img = sp.Matrix([[sp.cos(a) + sp.I * sp.sin(a)]])
    else:
        img = _rotation2(k, N)
    return SymbolicRepresentation(G, img.shape[0], (), _images(G, img), name=f"C{N}:{k}")


def dihedral_irrep(group, k: int, signs=(1, 1)) -> SymbolicRepresentation:
    r"""Real irrep of ``groups.dihedral(N)`` (r = rotation by 2π/N, s = diag(1,-1)).

    ``k = 0``: one-dimensional, :math:`r\mapsto` ``signs[0]``, :math:`s\mapsto` ``signs[1]``
    (``signs[0] = -1`` needs N even); ``1 <= k < N/2``: :math:`r\mapsto R(2\pi k/N)`,
    :math:`s\mapsto\mathrm{diag}(1,-1)` (the restriction of ``o2_irrep(O2, k)``)."""
    G = _group(group, "dihedral")
    N = int(G.N)
    k = as_degree(k, "k")
    if k == 0:
        a, b = signs
        if a not in (1, -1) or b not in (1, -1):
            raise ValueError(f"signs must be a pair of +1/-1, got {signs!r}")
        if a == -1 and N % 2:
            raise ValueError(f"signs[0] = -1 (r -> -1) needs N even, got N={N}")
        return SymbolicRepresentation(G, 1, (), _images(G, sp.Matrix([[a]]), sp.Matrix([[b]])), name=f"D{N}:0{a:+d}{b:+d}")
    if not 2 * k < N:
        raise ValueError(f"k must satisfy 1 <= k < N/2 for a 2-dim irrep of D{N}, got {k}")
    return SymbolicRepresentation(G, 2, (), _images(G, _rotation2(k, N), sp.Matrix(_F2)), name=f"D{N}:{k}")


def finite_representation(group, generators, *, name="rho") -> SymbolicRepresentation:
    """A representation of the finite ``group`` by the exact matrices of ``group.generators()``
    (in that order)."""
    from ..groups import as_group

    G = as_group(group)
    if not G.is_finite:
        raise ValueError(f"group {G.name} is continuous; use so2_irrep/so3_irrep/... or SymbolicRepresentation")
    gens = [sp.Matrix(M) for M in generators]
    if not gens:
        raise ValueError("generators must be a non-empty list of square matrices")
    return SymbolicRepresentation(G, gens[0].shape[0], (), gens, name=name)


def standard_representation(group) -> SymbolicRepresentation:
    r"""The defining action on :math:`\mathbb R^d` in Cartesian order: SO(2)/O(2) on (x, y)
    (:math:`X = L`, :math:`\rho(F) = F`), SO(3)/O(3) on (x, y, z) (:math:`X_k = L_k`,
    inversion :math:`-1`); ``groups.cyclic(N)``/``dihedral(N)`` exactly as :math:`R(2\pi/N)` and
    diag(1, −1).  Any other finite matrix group: its float generator matrices *recognised* as
    exact numbers (:func:`~gaugemath.symbolic.numbers.recognise_matrix`, a heuristic within
    1e-12, ``ValueError`` if a number is not recognised) — not for use inside a proof."""
    from ..groups import as_group

    G = as_group(group)
    if G.family in ("SO2", "O2"):
        return SymbolicRepresentation(G, 2, [_L2], [_F2] if G.family == "O2" else [], name="standard")
    if G.family in ("SO3", "O3"):
        return SymbolicRepresentation(G, 3, so3_generators_cartesian(), [-sp.eye(3)] if G.family == "O3" else [],
                                      name="standard")
    if G.family in ("cyclic", "dihedral") and getattr(G, "ambient", "O2") == "O2":
        return SymbolicRepresentation(G, 2, (), _images(G, _rotation2(1, G.N), sp.Matrix(_F2)), name="standard")
    if G.is_finite:
        from .numbers import recognise_matrix

        gens = [recognise_matrix(g, 1e-12, f"generator {i}") for i, g in enumerate(np.asarray(G.generators()))]
        return SymbolicRepresentation(G, G.ambient_dim, (), gens, name="standard")
    raise ValueError(f"no standard representation for group {G.name}; give the action as a SymbolicRepresentation")

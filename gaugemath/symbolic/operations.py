r"""Operations on exact representations, with the names and signatures of :mod:`gaugemath.reps`.

* :func:`direct_sum` ``(*reps)``: block diagonal, blocks in the order given.
* :func:`tensor_product` ``(a, b)``: Kronecker order (row index ``i*d_b + k``),
  :math:`X_{a\otimes b} = X_a\otimes 1 + 1\otimes X_b`, :math:`\rho(g) = \rho_a(g)\otimes\rho_b(g)`.
* :func:`dual` ``(rho)``: contragredient, :math:`X^* = -X^{\mathsf T}`, :math:`\rho^*(g) = \rho(g)^{-\mathsf T}`.
* :func:`change_basis` ``(rho, Q, name=None)``: :math:`g\mapsto Q\rho(g)Q^{-1}`.
* :func:`restrict` ``(rho, subgroup, embedding=None)``: finite G → finite H (``embedding``
  maps H's element arrays to G's; default: H's matrices are G's), O(2) → SO(2), O(3) → SO(3).
* :func:`induce` ``(rho, G, K=None, embedding=None)``: :math:`\mathrm{Ind}_K^G\rho` for finite
  K ≤ G (Serre 1977 §3.3): with left-coset representatives :math:`t_1 = e, t_2, \dots` (first
  met in ``G.elements()`` order), :math:`\mathrm{Ind}(g)_{ij} = \rho(t_i^{-1} g t_j)` when that
  lies in K, else 0 (blocks of size dim ρ).
* :func:`regular` ``(group)``: :math:`\lambda(g)e_h = e_{gh}` on ``group.elements()``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .representation import SymbolicRepresentation, as_exact_matrix, check_rep, check_same_group

__all__ = ["direct_sum", "tensor_product", "dual", "change_basis", "restrict", "induce", "regular"]


def direct_sum(*reps: SymbolicRepresentation) -> SymbolicRepresentation:
    """Block-diagonal direct sum, blocks in the order given."""
    if not reps:
        raise ValueError("direct_sum needs at least one representation")
    for r in reps[1:]:
        check_same_group(reps[0], r, ("reps[0]", "reps[i]"))
    first = reps[0]
    lie = [sp.diag(*[sp.Matrix(r.lie_generators[k]) for r in reps]) for k in range(len(first.lie_generators))]
    grp = [sp.diag(*[sp.Matrix(r.group_generators[k]) for r in reps]) for k in range(len(first.group_generators))]
    return SymbolicRepresentation(first.group, sum(r.dim for r in reps), lie, grp, name="+".join(r.name for r in reps))


def tensor_product(a: SymbolicRepresentation, b: SymbolicRepresentation) -> SymbolicRepresentation:
    r"""Kronecker product: :math:`X_a\otimes1+1\otimes X_b` and :math:`\rho_a(g)\otimes\rho_b(g)`."""
    check_same_group(a, b, ("a", "b"))
    Ia, Ib = sp.eye(a.dim), sp.eye(b.dim)
    lie = [sp.kronecker_product(sp.Matrix(X), Ib) + sp.kronecker_product(Ia, sp.Matrix(Y))
           for X, Y in zip(a.lie_generators, b.lie_generators)]
    grp = [sp.kronecker_product(sp.Matrix(X), sp.Matrix(Y)).applyfunc(sp.expand)
           for X, Y in zip(a.group_generators, b.group_generators)]
    return SymbolicRepresentation(a.group, a.dim * b.dim, lie, grp, name=f"({a.name})x({b.name})")


def dual(rho: SymbolicRepresentation) -> SymbolicRepresentation:
    r"""Contragredient: :math:`X^* = -X^{\mathsf T}`, :math:`\rho^*(g) = (\rho(g)^{-1})^{\mathsf T}`."""
    check_rep(rho, "rho")
    lie = [-sp.Matrix(X).T for X in rho.lie_generators]
    grp = [sp.Matrix(M).inv().T.applyfunc(sp.expand) for M in rho.group_generators]
    return SymbolicRepresentation(rho.group, rho.dim, lie, grp, name=f"({rho.name})*")


def change_basis(rho: SymbolicRepresentation, Q, name: str | None = None) -> SymbolicRepresentation:
    r""":math:`g\mapsto Q\rho(g)Q^{-1}` (generators :math:`QXQ^{-1}`); ``Q`` exact and invertible."""
    check_rep(rho, "rho")
    Q = as_exact_matrix(Q, rho.dim, "Q")
    if Q.det() == 0:
        raise ValueError("Q must be invertible")
    Qi = Q.inv()
    lie = [(Q * X * Qi).applyfunc(sp.expand) for X in rho.lie_generators]
    grp = [(Q * M * Qi).applyfunc(sp.expand) for M in rho.group_generators]
    return SymbolicRepresentation(rho.group, rho.dim, lie, grp, name=name or f"Q({rho.name})")


def _indices_in(G, H, embedding, what):
    """Indices in ``G.elements()`` of the elements of the finite group ``H`` (through ``embedding``)."""
    h = np.asarray(H.elements())
    g = np.asarray(embedding(h)) if embedding is not None else h
    if g.shape[1:] != tuple(G.element_shape):
        raise ValueError(f"{what}: the elements of {H.name} have shape {h.shape[1:]}, {G.name} needs "
                         f"{tuple(G.element_shape)}; give embedding=")
    ok = np.asarray(G.contains(g))
    if not np.all(ok):
        raise ValueError(f"{what}: {H.name} is not a subgroup of {G.name} (under the embedding given)")
    return np.asarray(G.index(g), dtype=int)


def restrict(rho: SymbolicRepresentation, subgroup, embedding=None) -> SymbolicRepresentation:
    r"""Restriction :math:`\mathrm{Res}^G_H\rho` to ``subgroup`` (a Group or a name).

    Finite G: :math:`\rho(\iota(h_i))` for H's generators :math:`h_i`, ``embedding`` ι maps
    element arrays of H to G (default: H's matrices are G's elements).  Continuous: O(2) →
    SO(2) and O(3) → SO(3) (drop the reflection / inversion), or the same family (identity)."""
    from ..groups import as_group

    check_rep(rho, "rho")
    H = as_group(subgroup, "subgroup")
    G = rho.group
    if G.is_finite:
        if not H.is_finite:
            raise ValueError(f"subgroup {H.name} of the finite group {G.name} must be finite")
        idx = _indices_in(G, H, embedding, "restrict")
        table = rho.table()
        gens = [table[int(idx[int(j)])] for j in np.atleast_1d(H.index(np.asarray(H.generators())))]
        return SymbolicRepresentation(H, rho.dim, (), gens, name=f"Res({rho.name})")
    pairs = {("O2", "SO2"), ("O3", "SO3"), ("SO2", "SO2"), ("O2", "O2"), ("SO3", "SO3"), ("O3", "O3"), ("SU2", "SU2")}
    if embedding is not None or (G.family, H.family) not in pairs:
        raise ValueError(f"restrict of an exact representation of {G.name}: supported subgroups are SO(2) < O(2), "
                         f"SO(3) < O(3) (no embedding); got {H.name}")
    keep = rho.group_generators if H.family == G.family else ()
    return SymbolicRepresentation(H, rho.dim, rho.lie_generators, keep, name=f"Res({rho.name})")


def induce(rho: SymbolicRepresentation, G, K=None, embedding=None) -> SymbolicRepresentation:
    r""":math:`\mathrm{Ind}_K^G\rho` for a representation ``rho`` of the finite subgroup
    ``K = rho.group`` of the finite group ``G`` (see the module docstring for the formula);
    ``embedding`` maps element arrays of K to G (default: K's matrices are G's elements)."""
    from ..groups import as_group
    from ..reps.representation import same_group

    check_rep(rho, "rho")
    G = as_group(G, "G")
    K = rho.group if K is None else as_group(K, "K")
    if not same_group(K, rho.group):
        raise ValueError(f"rho represents {rho.group.name}, not K = {K.name}")
    if not (G.is_finite and K.is_finite):
        raise ValueError("induce needs finite groups G and K")
    kidx = _indices_in(G, K, embedding, "induce")
    where = {int(g): n for n, g in enumerate(kidx)}
    T = np.asarray(G.cayley_table())
    inv = np.argmax(T == 0, axis=1)  # inv[a]: T[a, inv[a]] = identity (index 0)
    reps, covered = [], set()
    for g in range(G.order):
        if g in covered:
            continue
        reps.append(g)
        covered.update(int(T[g, k]) for k in kidx)
    table = rho.table()
    n, d = len(reps), rho.dim
    mats = []
    for g in np.atleast_1d(G.index(np.asarray(G.generators()))):
        M = sp.zeros(n * d, n * d)
        for i, ti in enumerate(reps):
            for j, tj in enumerate(reps):
                x = int(T[T[inv[ti], int(g)], tj])
                if x in where:
                    M[i * d:(i + 1) * d, j * d:(j + 1) * d] = table[where[x]]
        mats.append(M)
    return SymbolicRepresentation(G, n * d, (), mats, name=f"Ind({rho.name})")


def regular(group) -> SymbolicRepresentation:
    r"""Left-regular representation of a finite group: permutation matrices
    :math:`\lambda(g)e_h = e_{gh}` on ``group.elements()``."""
    from ..groups import as_group

    G = as_group(group)
    if not G.is_finite:
        raise ValueError(f"regular needs a finite group, got {G.name}")
    T = np.asarray(G.cayley_table())
    mats = []
    for g in np.atleast_1d(G.index(np.asarray(G.generators()))):
        P = sp.zeros(G.order, G.order)
        for h in range(G.order):
            P[int(T[int(g), h]), h] = 1
        mats.append(P)
    return SymbolicRepresentation(G, G.order, (), mats, name="regular")

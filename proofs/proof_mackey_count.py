r"""Theorem (Mackey's intertwiner count).  For subgroups :math:`H_1, H_2\le G` and one-dimensional
representations :math:`\sigma_1,\sigma_2`,

.. math:: \dim\mathrm{Hom}_G(\mathrm{Ind}_{H_1}^G\sigma_1,\ \mathrm{Ind}_{H_2}^G\sigma_2)
          = \sum_{H_2 g H_1}\dim\mathrm{Hom}_{H_1\cap g^{-1}H_2g}(\sigma_1,\ \sigma_2^g),
          \qquad \sigma_2^g(h) = \sigma_2(ghg^{-1}),

the sum over the double cosets.  The left side is an exact null space
(:func:`gaugemath.symbolic.verify.solve_intertwiners` on the induced representations), the
right side an exact character average over each intersection.  Instances: G = D_N (N = 3, 4),
:math:`H_1, H_2\in\{C_N, \langle s\rangle, \langle rs\rangle\}`, σ = trivial, or the character :math:`r\mapsto e^{2\pi i/N}` of C_N, or the sign of ⟨s⟩, ⟨rs⟩.  This is
the count of steerable kernels on the homogeneous space G/H (Cohen, Geiger & Weiler 2019,
"A General Theory of Equivariant CNNs on Homogeneous Spaces", Thm. 3.3).
Reference: Serre (1977) §7.4 Prop. 23; G. W. Mackey (1951).  Bound: N ∈ {3, 4}.
"""

import numpy as np
import sympy as sp

from gaugemath import groups
from gaugemath.symbolic import finite_representation, induce, is_zero
from gaugemath.symbolic.verify import ProofResult, solve_intertwiners

NS = (3, 4)


def _exact_int(val) -> int:
    """An exact expression known to be an integer, decided (no numeric identification)."""
    val = sp.expand(val)
    n = int(round(complex(sp.N(val, 30)).real))
    if is_zero(val - n) is not True:
        raise ArithmeticError(f"{val} is not the integer {n}")
    return n


def _mackey_side(G, H1, H2, chi1, chi2) -> int:
    """Sum over double cosets H2 g H1 of <chi1, chi2^g> on H1 ∩ g^-1 H2 g (indices into G.elements())."""
    T = np.asarray(G.cayley_table())
    inv = np.argmax(T == 0, axis=1)
    seen, total = set(), 0
    for g in range(G.order):
        if g in seen:
            continue
        seen.update(int(T[T[a, g], b]) for a in H2 for b in H1)
        inter = [h for h in H1 if int(T[T[g, h], inv[g]]) in chi2]
        s = sum(sp.conjugate(chi1[h]) * chi2[int(T[T[g, h], inv[g]])] for h in inter)
        total += _exact_int(s / len(inter))
    assert len(seen) == G.order
    return total


def _subgroups(N):
    """G = D_N < O(2) and the subgroups C_N, <s>, <rs> as group objects (matrices of G)."""
    G = groups.dihedral(N)
    r, s = np.asarray(G.generators())
    subs = {"C%d" % N: groups.cyclic(N), "<s>": groups.FiniteGroup(s[None], name="<s>"),
            "<rs>": groups.FiniteGroup((r @ s)[None], name="<rs>")}
    return G, subs


def _sigma(name, H, which):
    """which=+1: trivial; which=-1: for C_N the character r -> exp(2 pi i/N), for <s>, <rs> the sign."""
    if which == 1:
        return finite_representation(H, [sp.Matrix([[1]])], name=f"{name}:triv")
    if name.startswith("C"):
        N = int(name[1:])
        val = sp.cos(2 * sp.pi / N) + sp.I * sp.sin(2 * sp.pi / N)
        return finite_representation(H, [sp.Matrix([[val]])], name=f"{name}:chi1")
    return finite_representation(H, [sp.Matrix([[-1]])], name=f"{name}:sign")


def _left_side(G, s1, s2) -> int:
    return len(solve_intertwiners(induce(s1, G), induce(s2, G)))


def _character(G, H, sigma) -> dict:
    """{index in G.elements(): sigma(h)} for h in H."""
    idx = np.asarray(G.index(np.asarray(H.elements())), dtype=int)
    return {int(i): M[0, 0] for i, M in zip(idx, sigma.table())}


def prove() -> ProofResult:
    cases, failed = 0, []
    for N in NS:
        G, subs = _subgroups(N)
        for n1, K1 in subs.items():
            for n2, K2 in subs.items():
                for e1 in (1, -1):
                    for e2 in (1, -1):
                        s1, s2 = _sigma(n1, K1, e1), _sigma(n2, K2, e2)
                        chi1, chi2 = _character(G, K1, s1), _character(G, K2, s2)
                        lhs = _left_side(G, s1, s2)
                        rhs = _mackey_side(G, list(chi1), list(chi2), chi1, chi2)
                        cases += 1
                        if lhs != rhs:
                            failed.append(f"D{N}: Ind_{n1}({e1:+d}) -> Ind_{n2}({e2:+d}): {lhs} != {rhs}")
    return ProofResult("Mackey intertwiner count (D_N)", cases, not failed, "; ".join(failed[:5]))


def test_mackey_count():
    res = prove()
    assert res.holds, res.details


def test_mackey_count_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]

    def broken(G, H1, H2, chi1, chi2):  # count the double cosets only (ignore the characters)
        T = np.asarray(G.cayley_table())
        seen, total = set(), 0
        for g in range(G.order):
            if g in seen:
                continue
            total += 1
            seen.update(int(T[T[a, g], b]) for a in H2 for b in H1)
        return total

    monkeypatch.setattr(mod, "_mackey_side", broken)
    monkeypatch.setattr(mod, "NS", (4,))
    res = prove()
    assert not res.holds and "D4" in res.details

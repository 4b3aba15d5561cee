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

from gaugemath.symbolic.representations import (
    finite_group_elements,
    finite_representation,
    induced_representation,
    standard_representation,
)
from gaugemath.symbolic.verify import ProofResult, solve_intertwiners

NS = (3, 4)


def _key(M):
    return tuple(np.round(np.array(sp.Matrix(M).evalf(15).tolist(), dtype=float).ravel(), 9))


def _mackey_side(G_elems, H1, H2, chi1, chi2) -> int:
    """Sum over double cosets H2 g H1 of <chi1, chi2^g> on H1 ∩ g^-1 H2 g."""
    h1 = {_key(h): h for h in H1}
    h2 = {_key(h): h for h in H2}
    seen, total = set(), 0
    for g in G_elems:
        if _key(g) in seen:
            continue
        for a in H2:
            for b in H1:
                seen.add(_key(a * g * b))
        gi = g.inv()
        inter = [h for h in H1 if _key(g * h * gi) in h2]
        s = sum(sp.conjugate(chi1[_key(h)]) * chi2[_key(g * h * gi)] for h in inter)
        total += sp.nsimplify(sp.expand(s / len(inter)))
    assert all(k in seen for k in map(_key, G_elems)) and h1
    return total


def _subgroups(N):
    G = standard_representation(f"D{N}")
    r, s = (sp.Matrix(M) for M in G.group_generators)
    return G, {"C%d" % N: [r], "<s>": [s], "<rs>": [(r * s).applyfunc(sp.nsimplify)]}


def _sigma(name, gens, which):
    """which=+1: trivial; which=-1: for C_N the character r -> exp(2 pi i/N), for <s>, <rs> the sign."""
    if which == 1:
        return finite_representation("H", [sp.Matrix([[1]])], name=f"{name}:triv")
    if name.startswith("C"):
        N = int(name[1:])
        val = sp.cos(2 * sp.pi / N) + sp.I * sp.sin(2 * sp.pi / N)
        return finite_representation("H", [sp.Matrix([[val]])], name=f"{name}:chi1")
    return finite_representation("H", [sp.Matrix([[-1]])], name=f"{name}:sign")


def _left_side(G, gens1, s1, gens2, s2) -> int:
    return len(solve_intertwiners(induced_representation(s1, G, gens1), induced_representation(s2, G, gens2)))


def prove() -> ProofResult:
    cases, failed = 0, []
    for N in NS:
        G, subs = _subgroups(N)
        elems = [e[0] for e in finite_group_elements(G)]
        for n1, g1 in subs.items():
            for n2, g2 in subs.items():
                H1 = [e[0] for e in finite_group_elements(finite_representation("H", g1))]
                H2 = [e[0] for e in finite_group_elements(finite_representation("H", g2))]
                for e1 in (1, -1):
                    for e2 in (1, -1):
                        s1, s2 = _sigma(n1, g1, e1), _sigma(n2, g2, e2)
                        chi1 = {_key(a): b[0, 0] for a, b in finite_group_elements(finite_representation("H", g1), s1)}
                        chi2 = {_key(a): b[0, 0] for a, b in finite_group_elements(finite_representation("H", g2), s2)}
                        lhs = _left_side(G, g1, s1, g2, s2)
                        rhs = _mackey_side(elems, H1, H2, chi1, chi2)
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

    def broken(elems, H1, H2, chi1, chi2):  # count the double cosets only (ignore the characters)
        seen, total = set(), 0
        for g in elems:
            if mod._key(g) in seen:
                continue
            total += 1
            for a in H2:
                for b in H1:
                    seen.add(mod._key(a * g * b))
        return total

    monkeypatch.setattr(mod, "_mackey_side", broken)
    monkeypatch.setattr(mod, "NS", (4,))
    res = prove()
    assert not res.holds and "D4" in res.details

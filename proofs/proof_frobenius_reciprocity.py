r"""Theorem (Frobenius reciprocity, instances).  For a subgroup H ≤ G, a representation σ of H
and ρ of G,

.. math:: \dim\mathrm{Hom}_G(\mathrm{Ind}_H^G\sigma,\ \rho) = \dim\mathrm{Hom}_H(\sigma,\ \mathrm{Res}^G_H\rho).

Checked with exact null spaces on both sides (the induced representation built from coset
representatives, :func:`gaugemath.symbolic.representations.induced_representation`) for
G = D_N (N = 3, 4, 5), H = C_N = ⟨r⟩ (σ all complex characters) and H = ⟨s⟩ ≅ C_2
(σ = ±), ρ every real irrep of D_N.  Reference: Serre (1977) §7.2 Thm. 13; G. Frobenius (1898).
Bound: N ≤ 5.
"""

import sympy as sp

from gaugemath.symbolic.representations import (
    cyclic_irrep,
    finite_representation,
    induced_representation,
    restrict,
    standard_representation,
)
from gaugemath.symbolic.verify import ProofResult, solve_intertwiners

NS = (3, 4, 5)


def _induce(sigma, faithful, gens):
    return induced_representation(sigma, faithful, gens)


def _irreps(N):
    import importlib.util
    import pathlib

    spec = importlib.util.spec_from_file_location("_schur", pathlib.Path(__file__).with_name("proof_schur_lemma.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.dihedral_irreps(N)


def subgroups(N):
    G = standard_representation(f"D{N}")
    r, s = (sp.Matrix(M) for M in G.group_generators)
    rot = [("C%d" % N, [r], [cyclic_irrep(N, k) for k in range(N)])]
    refl = [("<s>", [s], [finite_representation("C2", [sp.Matrix([[e]])], name=f"C2:{e:+d}") for e in (1, -1)])]
    return G, rot + refl


def prove() -> ProofResult:
    cases, failed = 0, []
    for N in NS:
        G, subs = subgroups(N)
        irreps = _irreps(N)
        for hname, gens, sigmas in subs:
            for sigma in sigmas:
                ind = _induce(sigma, G, gens)
                for rho in irreps:
                    res = restrict(rho, G, gens)
                    sig = type(sigma)("H", sigma.dim, (), sigma.group_generators)
                    lhs = len(solve_intertwiners(ind, rho))
                    rhs = len(solve_intertwiners(sig, res))
                    cases += 1
                    if lhs != rhs:
                        failed.append(f"D{N}, H={hname}, sigma={sigma.name}, rho={rho.name}: {lhs} != {rhs}")
    return ProofResult("Frobenius reciprocity (D_N, N<=5)", cases, not failed, "; ".join(failed[:5]))


def test_frobenius_reciprocity():
    res = prove()
    assert res.holds, res.details


def test_frobenius_reciprocity_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    original = mod._induce

    def broken(sigma, faithful, gens):  # forget the induction: a trivial rep of the same size
        ind = original(sigma, faithful, gens)
        return type(ind)(ind.group, ind.dim, (), [sp.eye(ind.dim)] * len(ind.group_generators))

    monkeypatch.setattr(mod, "_induce", broken)
    monkeypatch.setattr(mod, "NS", (4,))
    res = prove()
    assert not res.holds and "D4" in res.details

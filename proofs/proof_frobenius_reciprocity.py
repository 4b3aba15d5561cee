r"""Theorem (Frobenius reciprocity, instances).  For a subgroup H ≤ G, a representation σ of H
and ρ of G,

.. math:: \dim\mathrm{Hom}_G(\mathrm{Ind}_H^G\sigma,\ \rho) = \dim\mathrm{Hom}_H(\sigma,\ \mathrm{Res}^G_H\rho).

Checked with exact null spaces on both sides (the induced representation built from coset
representatives, :func:`gaugemath.symbolic.induce`) for
G = D_N (N = 3, 4, 5), H = C_N = ⟨r⟩ (σ all complex characters) and H = ⟨s⟩ ≅ C_2
(σ = ±), ρ every real irrep of D_N.  Reference: Serre (1977) §7.2 Thm. 13; G. Frobenius (1898).
Bound: N ≤ 5.
"""

import sympy as sp

from gaugemath import groups
from gaugemath.symbolic import cyclic_irrep, finite_representation, induce, restrict
from gaugemath.symbolic.verify import ProofResult, solve_intertwiners

NS = (3, 4, 5)


def _induce(sigma, G):
    return induce(sigma, G)


def _irreps(N):
    import importlib.util
    import pathlib

    spec = importlib.util.spec_from_file_location("_schur", pathlib.Path(__file__).with_name("proof_schur_lemma.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.dihedral_irreps(N)


def subgroups(N):
    """G = D_N < O(2) and its subgroups C_N = <r> and <s> (s = diag(1, -1)) as group objects."""
    G = groups.dihedral(N)
    C = groups.cyclic(N)
    S = groups.FiniteGroup([[[1.0, 0.0], [0.0, -1.0]]], name="<s>")
    rot = [("C%d" % N, C, [cyclic_irrep(C, k) for k in range(N)])]
    refl = [("<s>", S, [finite_representation(S, [sp.Matrix([[e]])], name=f"C2:{e:+d}") for e in (1, -1)])]
    return G, rot + refl


def prove() -> ProofResult:
    cases, failed = 0, []
    for N in NS:
        G, subs = subgroups(N)
        irreps = _irreps(N)
        for hname, H, sigmas in subs:
            for sigma in sigmas:
                ind = _induce(sigma, G)
                for rho in irreps:
                    res = restrict(rho, H)
                    lhs = len(solve_intertwiners(ind, rho))
                    rhs = len(solve_intertwiners(sigma, res))
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

    def broken(sigma, G):  # forget the induction: a trivial rep of the same size
        ind = original(sigma, G)
        return type(ind)(ind.group, ind.dim, (), [sp.eye(ind.dim)] * len(ind.group_generators))

    monkeypatch.setattr(mod, "_induce", broken)
    monkeypatch.setattr(mod, "NS", (4,))
    res = prove()
    assert not res.holds and "D4" in res.details

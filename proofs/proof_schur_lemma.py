r"""Theorem (Schur's lemma, instances).  For the irreducible representations below,
:math:`\mathrm{Hom}_G(\rho_i,\rho_j) = 0` for :math:`i\ne j` and :math:`=\mathbb C\cdot 1` for i = j,
computed as exact null spaces (:func:`gaugemath.symbolic.verify.solve_intertwiners`); the
dimensions agree with the character inner products :math:`\langle\chi_i,\chi_j\rangle = \delta_{ij}`.

* the real irreps of the dihedral groups :math:`D_N`, N = 3..6 (all absolutely irreducible);
* the complex irreps of the cyclic groups :math:`C_N`, N = 2..6;
* SO(3): :math:`D^\ell`, ℓ ≤ 2 (complex and real bases); O(3): :math:`(\ell,p)`, ℓ ≤ 1.

Reference: J.-P. Serre, *Linear Representations of Finite Groups* (1977), §2.2 Prop. 4 and
§2.3 Thm. 3; Bröcker & tom Dieck (1985) I.1.10.  Bound: as listed.
"""

import sympy as sp

from gaugemath import groups
from gaugemath.symbolic import (
    character_inner_product,
    cyclic_irrep,
    dihedral_irrep,
    o3_irrep,
    so3_irrep,
)
from gaugemath.symbolic.verify import ProofResult, solve_intertwiners


def _solve(a, b):
    return solve_intertwiners(a, b)


def dihedral_irreps(N):
    G = groups.as_group(f"D{N}")
    out = [dihedral_irrep(G, 0, (a, b)) for a in ((1, -1) if N % 2 == 0 else (1,)) for b in (1, -1)]
    return out + [dihedral_irrep(G, k) for k in range(1, (N + 1) // 2)]


def families():
    for N in range(3, 7):
        yield f"D{N}", dihedral_irreps(N)
    for N in range(2, 7):
        yield f"C{N}", [cyclic_irrep(f"C{N}", k) for k in range(N)]
    yield "SO(3) complex", [so3_irrep("SO3", l, "complex") for l in range(3)]
    yield "SO(3) real", [so3_irrep("SO3", l, "real") for l in range(3)]
    yield "O(3)", [o3_irrep("O3", l, p) for l in range(2) for p in (1, -1)]


def prove() -> ProofResult:
    cases, failed = 0, []
    for label, irreps in families():
        if sum(r.dim**2 for r in irreps) != (int(label[1:]) * (2 if label[0] == "D" else 1) if label[0] in "CD" else sum(r.dim**2 for r in irreps)):
            failed.append(f"{label}: sum of squared dimensions != |G|")
        for i, a in enumerate(irreps):
            for j, b in enumerate(irreps):
                sol = _solve(a, b)
                cases += 1
                ok = len(sol) == (1 if i == j else 0) == character_inner_product(a, b)
                if ok and i == j:
                    W = sol[0]
                    ok = (W - W[0, 0] * sp.eye(a.dim)).applyfunc(sp.expand) == sp.zeros(a.dim, a.dim)
                if not ok:
                    failed.append(f"{label}: Hom({a.name}, {b.name})")
    return ProofResult("Schur's lemma (D_N, C_N, SO(3), O(3) instances)", cases, not failed, "; ".join(failed[:5]))


def test_schur_lemma():
    res = prove()
    assert res.holds, res.details


def test_schur_lemma_detects_break(monkeypatch):
    import sys

    from gaugemath.symbolic import finite_representation

    mod = sys.modules[__name__]
    original = mod.dihedral_irreps

    def broken(N):  # a reducible "irrep": the 2-dim rotation rep with s -> identity is C_N-only
        out = original(N)
        if N == 4:
            out[-1] = finite_representation(out[-1].group, [out[-1].group_generators[0], sp.eye(2)], name="D4:bad")
        return out

    monkeypatch.setattr(mod, "dihedral_irreps", broken)
    res = prove()
    assert not res.holds and "D4" in res.details

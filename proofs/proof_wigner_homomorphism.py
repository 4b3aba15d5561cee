r"""Theorem (Wigner D is a representation).  For every spin j ≤ 3 (integer and half-integer),

1. the angular-momentum matrices satisfy :math:`[J_x,J_y]=iJ_z` (and cyclic) exactly;
2. :math:`d^j(0) = 1` and :math:`\frac{d}{d\beta}d^j(\beta) = -iJ_y\,d^j(\beta)`, so
   :math:`d^j(\beta) = e^{-i\beta J_y}` (uniqueness of solutions of linear ODEs);
3. :math:`d^j(\beta_1)d^j(\beta_2) = d^j(\beta_1+\beta_2)` for symbolic :math:`\beta_1,\beta_2`;
4. :math:`D^j(\alpha_1,\beta_1,\gamma_1)\,D^j(-\gamma_1,\beta_2,\gamma_2) = D^j(\alpha_1,\beta_1+\beta_2,\gamma_2)`
   for symbolic Euler angles (the ZYZ composition rule).

Hence :math:`D^j(\alpha,\beta,\gamma) = e^{-i\alpha J_z}e^{-i\beta J_y}e^{-i\gamma J_z}` is the
integrated Lie-algebra representation, a homomorphism on SU(2) (on SO(3) for integer j).
Reference: J. J. Sakurai, *Modern Quantum Mechanics*, §3.5 and Eq. (3.8.33); B. C. Hall,
*Lie Groups, Lie Algebras, and Representations* (2015), Thm. 5.6.  Bound: j ∈ {0, 1/2, ..., 3}.
"""

from fractions import Fraction

import sympy as sp

from gaugemath.symbolic import wigner_D, wigner_d
from gaugemath.symbolic.irreps import angular_momentum
from gaugemath.symbolic.verify import ProofResult

SPINS = [Fraction(k, 2) for k in range(0, 7)]


def _d(j, beta):
    return wigner_d(j, beta)


def _D(j, a, b, c):
    return wigner_D(j, a, b, c)


def _zero(M) -> bool:
    return all(sp.expand(sp.expand_trig(v)) == 0 for v in M)


def prove() -> ProofResult:
    a1, b1, g1, b2, g2 = sp.symbols("alpha1 beta1 gamma1 beta2 gamma2", real=True)
    cases, failed = 0, []
    for j in SPINS:
        Jx, Jy, Jz = (sp.Matrix(M) for M in angular_momentum(j))
        n = Jx.shape[0]
        checks = {
            "[Jx,Jy]=iJz": Jx * Jy - Jy * Jx - sp.I * Jz,
            "[Jy,Jz]=iJx": Jy * Jz - Jz * Jy - sp.I * Jx,
            "[Jz,Jx]=iJy": Jz * Jx - Jx * Jz - sp.I * Jy,
            "d(0)=1": _d(j, 0) - sp.eye(n),
            "d'=-iJy d": _d(j, b1).diff(b1) + sp.I * Jy * _d(j, b1),
            "d(b1)d(b2)=d(b1+b2)": _d(j, b1) * _d(j, b2) - _d(j, b1 + b2),
            "D composition": _D(j, a1, b1, g1) * _D(j, -g1, b2, g2) - _D(j, a1, b1 + b2, g2),
        }
        for name, M in checks.items():
            cases += 1
            if not _zero(M):
                failed.append(f"j={j}: {name}")
    return ProofResult("Wigner D homomorphism (j<=3)", cases, not failed, "; ".join(failed))


def test_wigner_homomorphism():
    res = prove()
    assert res.holds, res.details


def test_wigner_homomorphism_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    original = mod._d

    def broken(j, beta):  # flip the sign of one off-diagonal entry
        M = original(j, beta)
        if M.shape[0] > 1:
            M[0, 1] = -M[0, 1]
        return M

    monkeypatch.setattr(mod, "_d", broken)
    monkeypatch.setattr(mod, "SPINS", [Fraction(1, 2), Fraction(1)])
    res = prove()
    assert not res.holds and "d(b1)d(b2)=d(b1+b2)" in res.details

r"""Theorem (unitarity of Wigner D).  :math:`D^j(\alpha,\beta,\gamma)\,D^j(\alpha,\beta,\gamma)^\dagger = 1`
for symbolic real Euler angles and every spin j ≤ 3 (integer and half-integer); for integer ℓ
the real form :math:`D^{real} = Q_\ell\overline{D^\ell}Q_\ell^\dagger` is real orthogonal.

Proof method: entries are polynomials in :math:`c=\cos\frac\beta2`, :math:`s=\sin\frac\beta2`
times phases; the phases cancel exactly and the polynomial reduces to the identity modulo
:math:`c^2+s^2-1`.  Reference: Sakurai, *Modern Quantum Mechanics*, Eq. (3.8.33); Varshalovich
et al., *Quantum Theory of Angular Momentum* (1988) §4.1.  Bound: j ∈ {0, 1/2, ..., 3}.
"""

from fractions import Fraction

import sympy as sp

from gaugemath.symbolic import wigner_D
from gaugemath.symbolic.irreps import complex_to_real_exact
from gaugemath.symbolic.verify import ProofResult

SPINS = [Fraction(k, 2) for k in range(0, 7)]


def _D(j, a, b, c):
    return wigner_D(j, a, b, c)


def _is_identity(M, beta) -> bool:
    c, s = sp.symbols("c s")
    n = M.shape[0]
    for i in range(n):
        for k in range(n):
            v = sp.expand(sp.powsimp(sp.expand(M[i, k] - (1 if i == k else 0))))
            v = v.subs({sp.cos(beta / 2): c, sp.sin(beta / 2): s})
            if v.has(beta) or sp.rem(sp.expand(v), c**2 + s**2 - 1, s) != 0:
                return False
    return True


def prove() -> ProofResult:
    a, b, g = sp.symbols("alpha beta gamma", real=True)
    cases, failed = 0, []
    for j in SPINS:
        D = _D(j, a, b, g)
        cases += 1
        if not _is_identity(D * D.H, b):
            failed.append(f"j={j}: D D^dagger != 1")
        if j.denominator == 1:
            Q = sp.Matrix(complex_to_real_exact(int(j)))
            Dr = (Q * D.conjugate() * Q.H).applyfunc(sp.expand)
            cases += 2
            if not _is_identity(Dr * Dr.T, b):
                failed.append(f"l={j}: D^real orthogonality")
            if not all(sp.expand(sp.im(sp.expand_complex(v))) == 0 for v in Dr):
                failed.append(f"l={j}: D^real not real")
    return ProofResult("Wigner D unitarity (j<=3)", cases, not failed, "; ".join(failed))


def test_wigner_unitarity():
    res = prove()
    assert res.holds, res.details


def test_wigner_unitarity_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    original = mod._D

    def broken(j, a, b, c):  # a wrong normalisation of one row
        M = original(j, a, b, c)
        M[0, :] = 2 * M[0, :]
        return M

    monkeypatch.setattr(mod, "_D", broken)
    monkeypatch.setattr(mod, "SPINS", [Fraction(1, 2), Fraction(1)])
    res = prove()
    assert not res.holds and "D D^dagger" in res.details

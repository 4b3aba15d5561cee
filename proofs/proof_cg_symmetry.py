r"""Theorem (Clebsch–Gordan symmetries).  For j1, j2 ≤ 2 (integer and half-integer), all J, m:

1. exchange: :math:`\langle j_1m_1;j_2m_2|JM\rangle = (-1)^{j_1+j_2-J}\langle j_2m_2;j_1m_1|JM\rangle`;
2. reflection: :math:`\langle j_1m_1;j_2m_2|JM\rangle = (-1)^{j_1+j_2-J}\langle j_1,-m_1;j_2,-m_2|J,-M\rangle`;
3. 3j relation: :math:`\langle j_1m_1;j_2m_2|JM\rangle = (-1)^{j_1-j_2+M}\sqrt{2J+1}\begin{pmatrix}j_1&j_2&J\\m_1&m_2&-M\end{pmatrix}`.

Reference: Varshalovich et al. (1988) §8.4.3, Eqs. (10)–(11) and §8.1 Eq. (12); Edmonds,
*Angular Momentum in Quantum Mechanics*, Eq. (3.7.3).  Bound: j1, j2 ≤ 2.
"""

from fractions import Fraction

import sympy as sp

from gaugemath.symbolic import clebsch_gordan, wigner_3j
from gaugemath.symbolic.verify import ProofResult

SPINS = [Fraction(k, 2) for k in range(0, 5)]


def _cg(j1, m1, j2, m2, J, M):
    return clebsch_gordan(j1, m1, j2, m2, J, M)


def _ms(j):
    return [-j + k for k in range(int(2 * j) + 1)]


def prove() -> ProofResult:
    cases, failed = 0, []
    for j1 in SPINS:
        for j2 in SPINS:
            for J in (abs(j1 - j2) + k for k in range(int(2 * min(j1, j2)) + 1)):
                sign = (-1) ** int(j1 + j2 - J)
                for m1 in _ms(j1):
                    for m2 in _ms(j2):
                        M = m1 + m2
                        if abs(M) > J:
                            continue
                        c = _cg(j1, m1, j2, m2, J, M)
                        cases += 3
                        if sp.expand(c - sign * _cg(j2, m2, j1, m1, J, M)) != 0:
                            failed.append(f"exchange ({j1},{m1};{j2},{m2}|{J},{M})")
                        if sp.expand(c - sign * _cg(j1, -m1, j2, -m2, J, -M)) != 0:
                            failed.append(f"reflection ({j1},{m1};{j2},{m2}|{J},{M})")
                        three = sp.Integer(-1) ** int(j1 - j2 + M) * sp.sqrt(2 * sp.Rational(J.numerator, J.denominator) + 1) * wigner_3j(j1, j2, J, m1, m2, -M)
                        if sp.expand(c - three) != 0:
                            failed.append(f"3j ({j1},{m1};{j2},{m2}|{J},{M})")
    return ProofResult("CG symmetry relations (j1,j2<=2)", cases, not failed, "; ".join(failed[:5]))


def test_cg_symmetry():
    res = prove()
    assert res.holds, res.details


def test_cg_symmetry_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    original = mod._cg

    def broken(j1, m1, j2, m2, J, M):  # drop the (-1)^(j1+j2-J) phase: use |value| for J = j1+j2-1
        v = original(j1, m1, j2, m2, J, M)
        return abs(v) if J == j1 + j2 - 1 else v

    monkeypatch.setattr(mod, "_cg", broken)
    res = prove()
    assert not res.holds and "exchange" in res.details

r"""Theorem (Clebsch–Gordan orthogonality).  For all j1, j2 ≤ 3/2 (integer and half-integer):

.. math:: \sum_{m_1,m_2}\langle j_1m_1;j_2m_2|JM\rangle\langle j_1m_1;j_2m_2|J'M'\rangle
          = \delta_{JJ'}\delta_{MM'},\qquad
          \sum_{J,M}\langle j_1m_1;j_2m_2|JM\rangle\langle j_1m_1';j_2m_2'|JM\rangle
          = \delta_{m_1m_1'}\delta_{m_2m_2'},

i.e. the CG matrix is real orthogonal.  Exact values from
:func:`gaugemath.symbolic.clebsch_gordan` (Racah's formula).  Reference: Varshalovich et al.
(1988) §8.1, Eqs. (8.1.8)–(8.1.9); Sakurai Eq. (3.8.42).  Bound: j1, j2 ≤ 3/2.
"""

from fractions import Fraction

import sympy as sp

from gaugemath.symbolic import clebsch_gordan
from gaugemath.symbolic.exact_linalg import is_zero
from gaugemath.symbolic.verify import ProofResult

SPINS = [Fraction(k, 2) for k in range(0, 4)]


def _cg(j1, m1, j2, m2, J, M):
    return clebsch_gordan(j1, m1, j2, m2, J, M)


def _ms(j):
    return [-j + k for k in range(int(2 * j) + 1)]


def _is_identity(M) -> bool:
    """Decided entry by entry by ``is_zero`` (``expand``, then the minimal polynomial of the
    algebraic number): exact, no numeric identification."""
    return all(is_zero(v) is True for v in (M - sp.eye(M.shape[0])))


def prove() -> ProofResult:
    cases, failed = 0, []
    for j1 in SPINS:
        for j2 in SPINS:
            rows = [(m1, m2) for m1 in _ms(j1) for m2 in _ms(j2)]
            cols = [(J, M) for J in (abs(j1 - j2) + k for k in range(int(2 * min(j1, j2)) + 1)) for M in _ms(J)]
            C = sp.Matrix(len(rows), len(cols), lambda a, b: _cg(j1, rows[a][0], j2, rows[a][1], cols[b][0], cols[b][1]))
            cases += 2
            if not _is_identity(C.T * C):
                failed.append(f"j1={j1}, j2={j2}: sum over m1,m2")
            if not _is_identity(C * C.T):
                failed.append(f"j1={j1}, j2={j2}: sum over J,M")
    return ProofResult("CG orthogonality (j1,j2<=3/2)", cases, not failed, "; ".join(failed))


def test_cg_orthogonality():
    res = prove()
    assert res.holds, res.details


def test_cg_orthogonality_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    original = mod._cg

    def broken(j1, m1, j2, m2, J, M):  # a transposed coefficient: swap the roles of j1 and j2
        return original(j2, m2, j1, m1, J, M) if (j1, j2) == (Fraction(1), Fraction(1, 2)) and m1 == 1 else original(j1, m1, j2, m2, J, M)

    monkeypatch.setattr(mod, "_cg", broken)
    res = prove()
    assert not res.holds and "j1=1, j2=1/2" in res.details

r"""Exact Clebsch–Gordan coefficients and 3j symbols (SymPy).

Same Condon–Shortley convention as :mod:`gaugemath.coupling`.  SymPy's
``sympy.physics.wigner`` (Racah's formula in exact arithmetic) is the engine —
a well-kept library — with gaugemath's argument order ``(j1, m1, j2, m2, j, m)``
for CG and its input validation.  Returns ``rational * sqrt(rational)``.
"""

from __future__ import annotations

import sympy as sp
from sympy.physics import wigner as _w

from .._validation import as_half_integer, as_spin, check_order

__all__ = ["clebsch_gordan", "wigner_3j", "coupling_tensor"]


def _q(x, name, *, j=None, jname=None):
    if j is None:
        v = as_spin(x, name)
    else:
        v = check_order(x, j, name, jname)
    return sp.Rational(v.numerator, v.denominator)


def wigner_3j(j1, j2, j3, m1, m2, m3) -> sp.Expr:
    """Exact :math:`(j_1\\,j_2\\,j_3;\\,m_1\\,m_2\\,m_3)`; zero where a selection rule fails."""
    a, b, c = _q(j1, "j1"), _q(j2, "j2"), _q(j3, "j3")
    x, y, z = _q(m1, "m1", j=a, jname="j1"), _q(m2, "m2", j=b, jname="j2"), _q(m3, "m3", j=c, jname="j3")
    return _w.wigner_3j(a, b, c, x, y, z)


def clebsch_gordan(j1, m1, j2, m2, j, m) -> sp.Expr:
    """Exact :math:`\\langle j_1 m_1\\, j_2 m_2|j\\, m\\rangle` (Condon–Shortley)."""
    a, b, c = _q(j1, "j1"), _q(j2, "j2"), _q(j, "j")
    x, y, z = _q(m1, "m1", j=a, jname="j1"), _q(m2, "m2", j=b, jname="j2"), _q(m, "m", j=c, jname="j")
    return _w.clebsch_gordan(a, b, c, x, y, z)


def coupling_tensor(l1, l2, l) -> sp.MutableDenseNDimArray:
    """Exact complex coupling tensor :math:`C_{m_1m_2m} = \\langle l_1 m_1 l_2 m_2|l m\\rangle`."""
    l1, l2, l = (int(as_spin(v, n, allow_half=False)) for v, n in ((l1, "l1"), (l2, "l2"), (l, "l")))
    C = sp.MutableDenseNDimArray.zeros(2 * l1 + 1, 2 * l2 + 1, 2 * l + 1)
    for a in range(2 * l1 + 1):
        for b in range(2 * l2 + 1):
            m = (a - l1) + (b - l2)
            if abs(m) <= l:
                C[a, b, m + l] = _w.clebsch_gordan(l1, l2, l, a - l1, b - l2, m)
    return C

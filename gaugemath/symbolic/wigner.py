r"""Exact Wigner d and D matrices (SymPy), in gaugemath's convention.

:math:`d^j_{m'm}(\beta) = \sum_s (-1)^{m'-m+s}
\frac{\sqrt{(j+m')!(j-m')!(j+m)!(j-m)!}}{(j+m-s)!\,s!\,(m'-m+s)!\,(j-m'-s)!}
\cos(\beta/2)^{2j+m-m'-2s}\sin(\beta/2)^{m'-m+2s}` (Wigner's formula; Sakurai
Eq. 3.8.33), :math:`D^j_{m'm} = e^{-im'\alpha}d^j_{m'm}(\beta)e^{-im\gamma}`.
Equal to ``sympy.physics.wigner.wigner_d_small`` (pinned by
``tests/test_symbolic.py``).
"""

from __future__ import annotations

import sympy as sp

from .._validation import as_spin

__all__ = ["wigner_d", "wigner_D"]


def _rat(x) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


def wigner_d(j, beta) -> sp.Matrix:
    """Exact :math:`d^j(\\beta)` as a SymPy Matrix (rows m' = -j..j, cols m = -j..j)."""
    jj = _rat(as_spin(j, "j"))
    beta = sp.sympify(beta)
    dim = int(2 * jj) + 1
    c, s_ = sp.cos(beta / 2), sp.sin(beta / 2)
    M = sp.zeros(dim, dim)
    for a in range(dim):
        mp = -jj + a
        for b in range(dim):
            m = -jj + b
            pref = sp.sqrt(sp.factorial(jj + mp) * sp.factorial(jj - mp) * sp.factorial(jj + m) * sp.factorial(jj - m))
            total = 0
            for k in range(int(max(0, m - mp)), int(min(jj + m, jj - mp)) + 1):
                total += (
                    (-1) ** int(mp - m + k)
                    / (sp.factorial(jj + m - k) * sp.factorial(k) * sp.factorial(mp - m + k) * sp.factorial(jj - mp - k))
                    * c ** int(2 * jj + m - mp - 2 * k)
                    * s_ ** int(mp - m + 2 * k)
                )
            M[a, b] = pref * total
    return M


def wigner_D(j, alpha, beta, gamma) -> sp.Matrix:
    """Exact :math:`D^j(\\alpha,\\beta,\\gamma) = e^{-im'\\alpha} d^j(\\beta) e^{-im\\gamma}` (ZYZ, active)."""
    jj = _rat(as_spin(j, "j"))
    d = wigner_d(j, beta)
    dim = d.shape[0]
    ms = [-jj + k for k in range(dim)]
    return sp.Matrix(dim, dim, lambda a, b: sp.exp(-sp.I * ms[a] * alpha) * d[a, b] * sp.exp(-sp.I * ms[b] * gamma))

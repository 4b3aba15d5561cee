"""Independent high-precision reference values (mpmath), for tests and accuracy benchmarks.

These evaluate the textbook formulas directly in arbitrary precision; they share no
code with the Numba kernels they check.
"""

from __future__ import annotations

import math

import mpmath

__all__ = ["wigner_d_mpmath", "spherical_harmonic_mpmath"]


def wigner_d_mpmath(j: int, mp_: int, m: int, beta: float, dps: int = 700) -> float:
    r"""Wigner's explicit sum (Sakurai Eq. 3.8.33) for :math:`d^j_{m'm}(\beta)` at ``dps`` digits.

    The alternating sum cancels catastrophically at high degree, hence the default of 700
    digits (enough for j = 1000)."""
    with mpmath.workdps(dps):
        b = mpmath.mpf(beta)
        c, s = mpmath.cos(b / 2), mpmath.sin(b / 2)
        f = mpmath.factorial
        tot = mpmath.mpf(0)
        for k in range(max(0, m - mp_), min(j + m, j - mp_) + 1):
            tot += (-1) ** (mp_ - m + k) * c ** (2 * j + m - mp_ - 2 * k) * s ** (mp_ - m + 2 * k) / (
                f(j + m - k) * f(k) * f(mp_ - m + k) * f(j - mp_ - k)
            )
        return float(mpmath.sqrt(f(j + mp_) * f(j - mp_) * f(j + m) * f(j - m)) * tot)


def spherical_harmonic_mpmath(ell: int, m: int, theta: float, phi: float, dps: int = 40) -> complex:
    """``mpmath.spherharm`` (Condon–Shortley, orthonormal) at ``dps`` digits.

    In the southern hemisphere it is evaluated through the exact parity
    Y_lm(pi - t, p) = (-1)^(l+m) Y_lm(t, p): mpmath's hypergeometric series fails to converge
    near the south pole at l ~ 2000."""
    with mpmath.workdps(dps):
        t = mpmath.mpf(theta)
        if theta <= math.pi / 2:
            return complex(mpmath.spherharm(ell, m, t, mpmath.mpf(phi)))
        return (-1) ** ((ell + m) % 2) * complex(mpmath.spherharm(ell, m, mpmath.pi - t, mpmath.mpf(phi)))

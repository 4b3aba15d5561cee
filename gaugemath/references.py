"""Independent high-precision reference values (mpmath), for tests and accuracy benchmarks.

These evaluate the textbook formulas directly in arbitrary precision; they share no
code with the Numba kernels they check.
"""

from __future__ import annotations

import math

import mpmath

__all__ = ["wigner_d_mpmath", "wigner_D_mpmath", "spherical_harmonic_mpmath"]


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


def wigner_D_mpmath(ell: int, q, dps: int = 40):
    r"""Complex :math:`D^\ell(q)` (default gaugemath convention) at ``dps`` digits, as a nested
    list of ``mpmath.mpc`` (rows :math:`m'`, columns :math:`m`, both :math:`-\ell..\ell`).

    Evaluated from the exact components of the double quaternion ``q = (w, x, y, z)``:
    :math:`D^\ell_{m'm} = \bar u_a^{m'+m}\, d^\ell_{m'm}\, \bar u_b^{m'-m}` with
    :math:`u_a = (w+iz)/|w+iz|`, :math:`u_b = (y-ix)/|y-ix|`, and Wigner's sum (Sakurai
    Eq. 3.8.33) in :math:`c = |w+iz|/|q|`, :math:`s = |y-ix|/|q|`; no angle is rounded."""
    with mpmath.workdps(dps):
        w, x, y, z = (mpmath.mpf(float(v)) for v in q)
        ra, rb = mpmath.sqrt(w * w + z * z), mpmath.sqrt(x * x + y * y)
        r = mpmath.sqrt(ra * ra + rb * rb)
        c, s = ra / r, rb / r
        ua = mpmath.mpc(w, z) / ra if ra else mpmath.mpc(1)
        ub = mpmath.mpc(y, -x) / rb if rb else mpmath.mpc(1)
        f = mpmath.factorial
        out = []
        for mp_ in range(-ell, ell + 1):
            row = []
            for m in range(-ell, ell + 1):
                tot = mpmath.mpf(0)
                for k in range(max(0, m - mp_), min(ell + m, ell - mp_) + 1):
                    tot += (-1) ** (mp_ - m + k) * c ** (2 * ell + m - mp_ - 2 * k) * s ** (mp_ - m + 2 * k) / (
                        f(ell + m - k) * f(k) * f(mp_ - m + k) * f(ell - mp_ - k)
                    )
                d = mpmath.sqrt(f(ell + mp_) * f(ell - mp_) * f(ell + m) * f(ell - m)) * tot
                row.append(mpmath.conj(ua) ** (mp_ + m) * d * mpmath.conj(ub) ** (mp_ - m))
            out.append(row)
        return out

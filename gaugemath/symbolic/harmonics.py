r"""Exact spherical harmonics (SymPy), orthonormal with the Condon–Shortley phase.

:math:`Y_\ell^m(\theta,\phi)` equals ``sympy.Ynm(l, m, theta, phi)`` expanded
(SymPy's ``Ynm`` uses the same phase and normalisation); the real form follows
:mod:`gaugemath.real_basis`.
"""

from __future__ import annotations

import sympy as sp

from .._validation import as_degree, check_order

__all__ = ["spherical_harmonic", "real_spherical_harmonic"]


def spherical_harmonic(l, m, theta, phi) -> sp.Expr:
    """Exact :math:`Y_\\ell^m(\\theta, \\phi)` as an expression in ``theta``, ``phi``."""
    ell = as_degree(l, "l")
    mm = int(check_order(m, ell, "m", "l"))
    return sp.expand_func(sp.Ynm(ell, mm, theta, phi))


def real_spherical_harmonic(l, m, theta, phi) -> sp.Expr:
    """Exact real harmonic :math:`S_{\\ell m}` (``gaugemath.real_basis`` convention)."""
    ell = as_degree(l, "l")
    mm = int(check_order(m, ell, "m", "l"))
    if mm == 0:
        return sp.simplify(spherical_harmonic(ell, 0, theta, phi))
    y = sp.expand_func(sp.Ynm(ell, abs(mm), theta, phi)).rewrite(sp.cos)
    part = sp.re(y) if mm > 0 else sp.im(y)
    return sp.simplify(sp.sqrt(2) * (-1) ** mm * part)

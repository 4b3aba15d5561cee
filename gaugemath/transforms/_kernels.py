r"""Numba kernels of the harmonic transforms: the Legendre / Wigner-d part in θ.

For azimuthal order ``m`` and spin ``s`` the S² transforms need, on every ring θ,

    λ_ℓ(θ) = √((2ℓ+1)/(4π)) d^ℓ_{m,-s}(θ)      and      μ_ℓ(θ) = √((2ℓ+1)/(4π)) d^ℓ_{m,s}(θ)

(μ = λ for s = 0), with ``sY_ℓm(θ, φ) = (-1)^s λ_ℓ(θ) e^{imφ}`` (docs/conventions.md §5).
They come from the three-term recursion in the degree of the Wigner d functions
(Kostelec & Rockmore 2008, Eq. (3.2), as in :mod:`gaugemath._wigner_kernels`) written for
the normalised values,

    λ_{ℓ+1} = A_ℓ (cos θ − B_ℓ) λ_ℓ − C_ℓ λ_{ℓ−1},
    A_ℓ = (ℓ+1)(2ℓ+1) / √(((ℓ+1)²−m²)((ℓ+1)²−m'²)) · √((2ℓ+3)/(2ℓ+1)),
    B_ℓ = m m' / (ℓ(ℓ+1)),
    C_ℓ = A_ℓ √((ℓ²−m²)(ℓ²−m'²)) / (ℓ(2ℓ+1)) · √((2ℓ+1)/(2ℓ−1)),

started at ℓ0 = max(|m|, |m'|) from Wigner's closed form (one term), computed in
logarithms with the double-double log-binomial of the core.  Starting values far below
the double range are carried with an integer scale k (value = v·2^(−300k)); the scale is
lowered when |v| exceeds 2^150, and a value contributes only when k = 0 (before that it is
below 2^−150 of the largest ones).  No table grows with L³: per order m the kernels hold
O(L) recursion coefficients, per ring block O(L) accumulators.

Ring symmetry (equator-symmetric grids), with d^ℓ_{m'm}(π−θ) = (−1)^{ℓ+m'} d^ℓ_{m',−m}(θ)
and d_{−m,−s} = (−1)^{m−s} d_{m,s}, for a north ring θ and its mirror π−θ:

    (+m, north) = λ_ℓ,                (+m, south) = (−1)^{ℓ+m} μ_ℓ,
    (−m, north) = (−1)^{m−s} μ_ℓ,     (−m, south) = (−1)^{m+s} (−1)^{ℓ+m} λ_ℓ,

so one recursion (s = 0) or two (s ≠ 0) per order m ≥ 0 and ring pair serve all four
(sign of m, ring) combinations; sums over ℓ are split by the parity of ℓ + m.
Parallel over m (``prange``), in an order that pairs heavy and light orders.

This module holds the shared set-up: the recursion coefficients, the scaled seeds, the
heavy/light order pairing and the serial/parallel :func:`dual` machinery.  The kernels are in
:mod:`._s2_scalar_kernels` (spin 0, fast path), :mod:`._s2_spin_kernels` (spin s) and
:mod:`._so3_kernels` (SO(3), Wigner d columns).
"""

from __future__ import annotations

import math
import types

import numpy as np

from .._jit import JIT_ENABLED, jit
from .._wigner_kernels import _log_binomial

CHUNK = 2.0**300
ICHUNK = 2.0**-300
BIG = 2.0**150
LN2 = math.log(2.0)


class _Dual:
    """A ``prange`` kernel with a serial and a parallel Numba dispatcher, each built (and
    compiled, for float64/complex128 inputs only) on its first use: small transforms call
    ``serial`` and never pay the thread-pool start or the parallel compile.  The serial
    variant is a copy of the function under the name ``<name>_serial`` so that the two never
    share an on-disk cache entry (Numba keys the cache by qualified name and signature)."""

    def __init__(self, fn, **kwargs):
        self.py_func = fn
        self._kwargs = kwargs
        self._serial = None
        self._parallel = None
        self.__doc__ = fn.__doc__

    @property
    def serial(self):
        if self._serial is None:
            fn = self.py_func
            if JIT_ENABLED:
                copy = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__ + "_serial",
                                          fn.__defaults__, fn.__closure__)
                copy.__qualname__ = fn.__qualname__ + "_serial"
                copy.__doc__ = fn.__doc__
                fn = copy
            self._serial = jit(fn, **self._kwargs)
        return self._serial

    @property
    def parallel(self):
        if self._parallel is None:
            self._parallel = jit(self.py_func, parallel=True, **self._kwargs)
        return self._parallel

    def __call__(self, *args, parallel=False):
        return (self.parallel if parallel else self.serial)(*args)


def dual(fn=None, **kwargs):
    """Decorator: :class:`_Dual` (``fastmath`` etc. passed to both variants)."""
    if fn is None:
        return lambda f: _Dual(f, **kwargs)
    return _Dual(fn, **kwargs)


@jit
def balanced_order(task, n):
    """Task t -> order m so that consecutive tasks alternate light and heavy orders."""
    half = task // 2
    if task % 2 == 0:
        return half
    return n - 1 - half


@jit
def recursion_coefficients(lmax, m, mp, A, B, C):
    """A, B, C of the normalised recursion (module docstring) for orders (m, mp), l < lmax."""
    l0 = max(abs(m), abs(mp))
    mm = float(m * m)
    mpp = float(mp * mp)
    mmp = float(m * mp)
    if l0 == 0 and lmax > 0:  # ℓ = 0: no λ_{−1} term
        A[0] = math.sqrt(3.0) / math.sqrt((1.0 - mm) * (1.0 - mpp))
        B[0] = 0.0
        C[0] = 0.0
    for ell in range(max(l0, 1), lmax):  # branch-free body: the loop vectorises
        j = float(ell)
        jp1 = j + 1.0
        a = jp1 * (2.0 * j + 1.0) / math.sqrt((jp1 * jp1 - mm) * (jp1 * jp1 - mpp))
        a = a * math.sqrt((2.0 * j + 3.0) / (2.0 * j + 1.0))
        A[ell] = a
        B[ell] = mmp / (j * jp1)
        C[ell] = (
            a
            * math.sqrt(max((j * j - mm) * (j * j - mpp), 0.0))
            / (j * (2.0 * j + 1.0))
            * math.sqrt((2.0 * j + 1.0) / (2.0 * j - 1.0))
        )


@jit
def seed(m, mp, log_c, log_s, lf):
    """(sign, log|λ_ℓ0|) of √((2ℓ0+1)/4π) d^ℓ0_{m,mp}(θ), ℓ0 = max(|m|, |mp|), from
    d^j_{j,b} = (−1)^{j−b} √C(2j, j+b) c^{j+b} s^{j−b}, d^j_{−j,b} = √C(2j, j+b) c^{j−b} s^{j+b}
    and d_{a,b} = (−1)^{a−b} d_{b,a}; c = cos(θ/2), s = sin(θ/2) given as logs."""
    sign = 1.0
    a = m
    b = mp
    if abs(b) > abs(a):
        if (a - b) % 2 != 0:
            sign = -sign
        a, b = b, a
    j0 = abs(a)
    lg = 0.5 * _log_binomial(lf, 2 * j0, j0 + b)
    if a >= 0:
        if (j0 - b) % 2 != 0:
            sign = -sign
        ec, es = j0 + b, j0 - b
    else:
        ec, es = j0 - b, j0 + b
    if ec > 0:
        lg += ec * log_c
    if es > 0:
        lg += es * log_s
    lg += 0.5 * math.log((2.0 * j0 + 1.0) / (4.0 * math.pi))
    return sign, lg


@jit
def start_value(sign, lg):
    """(scaled value, scale k) with value·2^(−300k) = sign·exp(lg)."""
    if lg == -np.inf:
        return 0.0, 0
    k = 0
    if lg < -150.0 * LN2:
        k = int(math.ceil((-lg / LN2 - 150.0) / 300.0))
    return sign * math.exp(lg + 300.0 * k * LN2), k


@jit
def shifted_coefficients(lmax, m, mp, A, A1, C):
    """A, A(1 − B), C of the recursion for orders (m, mp) (see :func:`._s2_spin_kernels._advance`)."""
    B = np.zeros(lmax + 1)
    recursion_coefficients(lmax, m, mp, A, B, C)
    for ell in range(lmax + 1):
        A1[ell] = A[ell] * (1.0 - B[ell])

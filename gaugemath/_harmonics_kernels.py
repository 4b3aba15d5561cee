"""Numba kernels for spherical harmonics.

Scalar harmonics use the fully normalised associated Legendre recursion (Holmes &
Featherstone, J. Geodesy 76 (2002) 279, Eqs. 11-13) with the sectoral seed scaled
by 2^800 (exact) so that large orders near the poles neither underflow nor lose
accuracy; the scale is removed when a value is written.  With
p_lm = sqrt((2l+1)/(4pi) (l-m)!/(l+m)!) P_l^m(cos t) (no Condon-Shortley phase):

    p_00 = 1/sqrt(4pi)
    p_mm = sqrt((2m+1)/(2m)) sin(t) p_{m-1,m-1}
    p_{m+1,m} = sqrt(2m+3) cos(t) p_mm
    p_lm = a_lm (cos(t) p_{l-1,m} - b_lm p_{l-2,m}),
        a_lm = sqrt((4l^2-1)/(l^2-m^2)),  b_lm = sqrt(((l-1)^2-m^2)/(4(l-1)^2-1)).

For m = 0 the Legendre polynomials are run in the difference form
D_l = P_l - P_{l-1} = ((l-1) D_{l-1} - (2l-1) t P_{l-1}) / l with t = 1 - |cos(theta)|,
whose rounding error stays O(l eps) at the poles (the plain three-term form has a
double root at x = 1 and loses O(l^2 eps)).

Spin-weighted harmonics use the fixed-degree Wigner-d rows of
:mod:`gaugemath._wigner_kernels` (``legendre_all``, ``d_band``: Gumerov & Duraiswami's
recursion restricted to the rows |m'| <= |s|).
"""

from __future__ import annotations

import math

import numpy as np

from ._jit import jit, prange
from ._wigner_kernels import SCALE, UNSCALE, d_band, exp_i_multiple, legendre_all, legendre_coefficients  # noqa: F401


@jit
def _scalar_range(L, cost, omct, sint, cosp, sinp, a, b, real, out_re, out_im, lo, hi):
    """Orthonormal Y_lm (complex, CS phase) or S_lm (real) at points given by
    cos(theta), 1 - |cos(theta)| (computed accurately by the caller), sin(theta) and
    cos/sin of the azimuth; writes index l^2 + l + m.  Tables are a[m, l], b[m, l].

    Complex: Y_lm = (-1)^m p_lm e^{i m phi}, Y_{l,-m} = p_lm e^{-i m phi} (m >= 0).
    Real:    S_lm = sqrt2 p_lm cos(m phi), S_{l,-m} = sqrt2 p_lm sin(m phi), S_l0 = p_l0.

    The recursion runs at |cos(theta)| and uses x p1 - b p2 = (p1 - b p2) - t p1 with
    t = 1 - |cos(theta)|, so that near the poles the information in t is not rounded
    away (error O(l eps) instead of O(l^2 eps)); parity (-1)^(l+m) restores the sign.
    """
    sqrt2 = math.sqrt(2.0)
    for n in range(lo, hi):
        t = omct[n]
        x = 1.0 - t
        flip = cost[n] < 0.0
        y = sint[n]
        pmm = SCALE / math.sqrt(4.0 * math.pi)
        cm = 1.0  # cos(m phi)
        sm = 0.0  # sin(m phi)
        c1 = cosp[n]
        s1 = sinp[n]
        for m in range(L + 1):
            if m > 0:
                pmm *= math.sqrt((2.0 * m + 1.0) / (2.0 * m)) * y
                cm, sm = cm * c1 - sm * s1, sm * c1 + cm * s1
            sign_m = -1.0 if m % 2 == 1 else 1.0
            p2 = 0.0
            p1 = 0.0
            leg = 1.0  # m = 0: Legendre P_l(|x|) in difference form
            dif = 0.0
            for ell in range(m, L + 1):
                if m == 0:
                    # D_l = P_l - P_{l-1} = ((l-1) D_{l-1} - (2l-1) t P_{l-1}) / l: stable at x -> 1
                    if ell > 0:
                        dif = ((ell - 1.0) * dif - (2.0 * ell - 1.0) * t * leg) / ell
                        leg += dif
                    v = leg * math.sqrt((2.0 * ell + 1.0) / (4.0 * math.pi))
                else:
                    if ell == m:
                        p = pmm
                    elif ell == m + 1:
                        p = math.sqrt(2.0 * m + 3.0) * x * pmm
                    else:
                        p = a[m, ell] * ((p1 - b[m, ell] * p2) - t * p1)
                    p2 = p1
                    p1 = p
                    v = p * UNSCALE
                if flip and (ell + m) % 2 == 1:
                    v = -v
                base = ell * ell + ell
                if real:
                    if m == 0:
                        out_re[n, base] = v
                    else:
                        out_re[n, base + m] = sqrt2 * v * cm
                        out_re[n, base - m] = sqrt2 * v * sm
                else:
                    out_re[n, base + m] = sign_m * v * cm
                    out_im[n, base + m] = sign_m * v * sm
                    if m > 0:
                        out_re[n, base - m] = v * cm
                        out_im[n, base - m] = -v * sm


@jit
def _spin_range(L, s, theta, phi, C, a, b, out, lo, hi):
    """sY_lm(theta, phi) = (-1)^s sqrt((2l+1)/4pi) d^l_{m,-s}(theta) e^{i m phi}, |s| <= l <= L.

    Per point: d^l_{0,m}(theta) for all l by one Legendre sweep (``legendre_all``), then for each
    degree only the rows |m'| <= |s| of the wedge (``d_band``), which hold every d^l_{m,-s}:
    d_{m,-s} = (-1)^(m+s) d_{-s,m} = d_{s,-m} = (-1)^(m+s) d_{-m,s}.  Cost O(L^2 (|s|+1))."""
    S = abs(s)
    P = np.zeros((L + 1, L + 1))
    W = np.zeros((2 * S + 1, L + 2))
    e = np.empty(2 * L + 1, np.complex128)
    sign = -1.0 if s % 2 != 0 else 1.0
    for n in range(lo, hi):
        ra = math.cos(0.5 * theta[n])
        rb = math.sin(0.5 * theta[n])
        legendre_all(L, ra, rb, a, b, P)
        for m in range(-L, L + 1):
            e[m + L] = exp_i_multiple(m, phi[n])
        for ell in range(S, L + 1):
            d_band(ell, S, ra, rb, C[ell], P[ell], W)
            f = sign * math.sqrt((2.0 * ell + 1.0) / (4.0 * math.pi))
            base = ell * ell + ell
            for m in range(-ell, ell + 1):
                par = -1.0 if (m + s) % 2 else 1.0
                if m >= S:  # d_{-s, m}
                    v = par * W[-s + S, m]
                elif -m >= S:  # d_{s, -m}
                    v = W[s + S, -m]
                elif -s >= 0:  # |m| < |s| = -s: d_{m, -s} itself
                    v = W[m + S, -s]
                else:  # |m| < s: d_{-m, s}
                    v = par * W[-m + S, s]
                out[n, base + m] = f * v * e[m + L]


def sectoral_factors(L: int):
    """Tables for :func:`real_harmonics_xyz`: f_mm[m] = sqrt((2m+1)/(2m)) (m >= 1),
    f_m1[m] = sqrt(2m+3), and n0[l] = sqrt((2l+1)/(4 pi)) (the m = 0 normalisation)."""
    m = np.arange(L + 1, dtype=float)
    f_mm = np.ones(L + 1)
    f_mm[1:] = np.sqrt((2 * m[1:] + 1) / (2 * m[1:]))
    return f_mm, np.sqrt(2 * m + 3), np.sqrt((2 * m + 1) / (4 * math.pi))


@jit
def _xyz_range(L, xyz, a, b, f_mm, f_m1, n0, out, lo, hi):
    """Real orthonormal S_lm at the directions of the (non-zero) rows of ``xyz``.

    The same recursion, scaling and pole treatment as :func:`scalar_harmonics`, fused with
    the geometry (cos t = z/r, 1 - |cos t| = rho^2 / (r (r + |z|)), e^{i phi} = (x + i y)/rho,
    phi = 0 on the z axis) and with every square root taken from tables, so that one point
    costs O(L^2) multiply-adds.  Writes out[n, l^2 + l + m]; returns the number of zero
    rows (their output is meaningless; the caller raises)."""
    sqrt2 = math.sqrt(2.0)
    zeros = 0
    for n in range(lo, hi):
        vx, vy, vz = xyz[n, 0], xyz[n, 1], xyz[n, 2]
        big = max(abs(vx), abs(vy), abs(vz))
        if big == 0.0:
            zeros += 1
            big = 1.0
        if big > 1e150 or big < 1e-150:  # rescale (exactly, by a power of two) before squaring
            e = -math.floor(math.log2(big))
            s1 = 2.0 ** (e // 2)  # in two factors: 2^e alone overflows for subnormal input
            s2 = 2.0 ** (e - e // 2)
            vx, vy, vz = vx * s1 * s2, vy * s1 * s2, vz * s1 * s2
        rho = math.sqrt(vx * vx + vy * vy)
        r = math.sqrt(rho * rho + vz * vz)
        if r == 0.0:
            r = 1.0
        t = rho * rho / (r * (r + abs(vz)))
        x = 1.0 - t
        y = rho / r
        if rho > 0.0:
            c1 = vx / rho
            s1 = vy / rho
        else:
            c1 = 1.0
            s1 = 0.0
        step = -1.0 if vz < 0.0 else 1.0  # parity factor per degree when the point is south
        # m = 0: Legendre polynomials at |cos t| in difference form
        leg = 1.0
        dif = 0.0
        par = 1.0
        out[n, 0] = n0[0]
        for ell in range(1, L + 1):
            dif = ((ell - 1.0) * dif - (2.0 * ell - 1.0) * t * leg) / ell
            leg += dif
            par *= step
            out[n, ell * ell + ell] = par * leg * n0[ell]
        pmm = SCALE / math.sqrt(4.0 * math.pi)
        cm = 1.0
        sm = 0.0
        for m in range(1, L + 1):
            pmm *= f_mm[m] * y
            cm, sm = cm * c1 - sm * s1, sm * c1 + cm * s1
            wc = sqrt2 * UNSCALE * cm
            ws = sqrt2 * UNSCALE * sm
            base = m * m + m
            out[n, base + m] = pmm * wc
            out[n, base - m] = pmm * ws
            if m == L:
                break
            par = step
            p2 = pmm
            p1 = f_m1[m] * x * pmm
            base = (m + 1) * (m + 1) + (m + 1)
            out[n, base + m] = par * p1 * wc
            out[n, base - m] = par * p1 * ws
            for ell in range(m + 2, L + 1):
                p = a[m, ell] * ((p1 - b[m, ell] * p2) - t * p1)
                p2 = p1
                p1 = p
                par *= step
                base = ell * ell + ell
                out[n, base + m] = par * p * wc
                out[n, base - m] = par * p * ws
    return zeros


# Serial kernels (small calls) and parallel drivers over ``nchunk`` chunks of points (large calls);
# the public layer picks one with gaugemath._jit.use_parallel.


@jit
def scalar_harmonics(L, cost, omct, sint, cosp, sinp, a, b, real, out_re, out_im):
    """Serial :func:`_scalar_range` over all points."""
    _scalar_range(L, cost, omct, sint, cosp, sinp, a, b, real, out_re, out_im, 0, cost.shape[0])


@jit(parallel=True)
def scalar_harmonics_parallel(L, cost, omct, sint, cosp, sinp, a, b, real, out_re, out_im, nchunk):
    n = cost.shape[0]
    for k in prange(nchunk):
        _scalar_range(L, cost, omct, sint, cosp, sinp, a, b, real, out_re, out_im, k * n // nchunk, (k + 1) * n // nchunk)


@jit
def spin_harmonics(L, s, theta, phi, C, a, b, out):
    """Serial :func:`_spin_range` over all points; C = c_all(L), (a, b) = legendre_tables(L)."""
    _spin_range(L, s, theta, phi, C, a, b, out, 0, theta.shape[0])


@jit(parallel=True)
def spin_harmonics_parallel(L, s, theta, phi, C, a, b, out, nchunk):
    n = theta.shape[0]
    for k in prange(nchunk):
        _spin_range(L, s, theta, phi, C, a, b, out, k * n // nchunk, (k + 1) * n // nchunk)


@jit
def real_harmonics_xyz(L, xyz, a, b, f_mm, f_m1, n0, out):
    """Serial :func:`_xyz_range` over all points; returns the number of zero rows."""
    return _xyz_range(L, xyz, a, b, f_mm, f_m1, n0, out, 0, xyz.shape[0])


@jit(parallel=True)
def real_harmonics_xyz_parallel(L, xyz, a, b, f_mm, f_m1, n0, out, nchunk):
    n = xyz.shape[0]
    zeros = 0
    for k in prange(nchunk):
        zeros += _xyz_range(L, xyz, a, b, f_mm, f_m1, n0, out, k * n // nchunk, (k + 1) * n // nchunk)
    return zeros

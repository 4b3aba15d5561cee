"""Array loops over the scalar HEALPix kernels of :mod:`._healpix_kernels`.

Each loop is a :func:`._kernels.dual` (a serial and a ``parallel=True`` Numba dispatcher,
each compiled on first use); the facade :mod:`.healpix` picks the parallel one through
:func:`gaugemath._jit.use_parallel`.  Loops write into preallocated 1-D outputs and return
the number of invalid inputs (counted, not raised: the facade raises with the argument's
name), so that validation is fused into the one pass over the data.
"""

from __future__ import annotations

import math

from .._jit import prange
from ._healpix_kernels import (
    DX,
    DY,
    jpll,
    jrll,
    loc2pix,
    neighbour_xyf,
    nest2xyf,
    pix2loc,
    pix2xyf,
    ring2xyf_pow2,
    ring_info,
    ring_pix,
    spread,
    xyf2nest,
    xyf2pix,
    xyf2ring,
)
from ._kernels import dual


@dual
def ring2nest(nside, order, pix, out):
    """Nested index of ring pixels (nside = 2^order); -1 and counted where out of range.
    Branch-free body (range check included), so that the loop vectorises."""
    npix = 12 * nside * nside
    bad = 0
    for i in prange(pix.size):
        p = pix[i]
        ok = (p >= 0) & (p < npix)
        bad += 1 - int(ok)
        ix, iy, f = ring2xyf_pow2(nside, order, p if ok else 0)
        out[i] = xyf2nest(order, ix, iy, f) if ok else -1
    return bad


@dual
def nest2ring(nside, order, pix, out):
    npix = 12 * nside * nside
    bad = 0
    for i in prange(pix.size):
        p = pix[i]
        if p < 0 or p >= npix:
            bad += 1
            out[i] = -1
        else:
            ix, iy, f = nest2xyf(order, p)
            out[i] = xyf2ring(nside, ix, iy, f)
    return bad


@dual
def to_xyf(nside, order, nest, pix, ix, iy, face):
    npix = 12 * nside * nside
    bad = 0
    for i in prange(pix.size):
        p = pix[i]
        if p < 0 or p >= npix:
            bad += 1
            ix[i] = -1
            iy[i] = -1
            face[i] = -1
        else:
            a, b, f = pix2xyf(nside, order, nest, p)
            ix[i] = a
            iy[i] = b
            face[i] = f
    return bad


@dual
def from_xyf(nside, order, nest, ix, iy, face, out):
    bad = 0
    for i in prange(ix.size):
        a = ix[i]
        b = iy[i]
        f = face[i]
        if a < 0 or a >= nside or b < 0 or b >= nside or f < 0 or f >= 12:
            bad += 1
            out[i] = -1
        else:
            out[i] = xyf2pix(nside, order, nest, a, b, f)
    return bad


@dual
def to_ang(nside, order, nest, pix, theta, phi):
    """Pixel centres as (theta, phi): atan2(sin, z) near the poles, acos(z) elsewhere."""
    npix = 12 * nside * nside
    bad = 0
    for i in prange(pix.size):
        p = pix[i]
        if p < 0 or p >= npix:
            bad += 1
            theta[i] = math.nan
            phi[i] = math.nan
        else:
            z, ph, sth, have = pix2loc(nside, order, nest, p)
            theta[i] = math.atan2(sth, z) if have else math.acos(z)
            phi[i] = ph
    return bad


@dual
def to_vec(nside, order, nest, pix, x, y, z):
    """Pixel centres as unit vectors (sin theta from 1 - z² unless given near the poles)."""
    npix = 12 * nside * nside
    bad = 0
    for i in prange(pix.size):
        p = pix[i]
        if p < 0 or p >= npix:
            bad += 1
            x[i] = math.nan
            y[i] = math.nan
            z[i] = math.nan
        else:
            zz, ph, sth, have = pix2loc(nside, order, nest, p)
            if not have:
                sth = math.sqrt((1.0 - zz) * (1.0 + zz))
            x[i] = sth * math.cos(ph)
            y[i] = sth * math.sin(ph)
            z[i] = zz
    return bad


@dual
def from_ang(nside, order, nest, theta, phi, out):
    """Pixels of (theta, phi); returns (#bad theta, #bad phi) (theta outside [0, pi] or NaN,
    phi not finite)."""
    bad_t = 0
    bad_p = 0
    for i in prange(theta.size):
        t = theta[i]
        f = phi[i]
        if not (t >= 0.0 and t <= math.pi):
            bad_t += 1
            out[i] = -1
        elif not math.isfinite(f):
            bad_p += 1
            out[i] = -1
        elif t < 0.01 or t > 3.14159 - 0.01:
            out[i] = loc2pix(nside, order, nest, math.cos(t), f, math.sin(t), True)
        else:
            out[i] = loc2pix(nside, order, nest, math.cos(t), f, 0.0, False)
    return bad_t, bad_p


@dual
def from_vec(nside, order, nest, x, y, z, out):
    """Pixels of the directions of (x, y, z) (any length > 0); counts non-finite/zero ones."""
    bad = 0
    for i in prange(x.size):
        a = x[i]
        b = y[i]
        c = z[i]
        r = math.sqrt(a * a + b * b + c * c)
        if (r == 0.0 or r == math.inf) and math.isfinite(a + b + c):  # |v|² under/overflows:
            m = max(abs(a), abs(b), abs(c))  # rescale (never for healpy's test vectors)
            if m > 0.0:
                a, b, c = a / m, b / m, c / m
                r = math.sqrt(a * a + b * b + c * c)
        if not (r > 0.0 and math.isfinite(r)):
            bad += 1
            out[i] = -1
        else:
            xl = 1.0 / r
            phi = 0.0 if (a == 0.0 and b == 0.0) else math.atan2(b, a)
            nz = c * xl
            if abs(nz) > 0.99:
                out[i] = loc2pix(nside, order, nest, nz, phi, math.sqrt(a * a + b * b) * xl, True)
            else:
                out[i] = loc2pix(nside, order, nest, nz, phi, 0.0, False)
    return bad


@dual
def neighbours(nside, order, nest, pix, out):
    """out[k, i]: neighbour k (SW, W, NW, N, NE, E, SE, S) of pix[i], -1 where absent."""
    npix = 12 * nside * nside
    bad = 0
    for i in prange(pix.size):
        p = pix[i]
        if p < 0 or p >= npix:
            bad += 1
            for k in range(8):
                out[k, i] = -1
        else:
            ix, iy, f = pix2xyf(nside, order, nest, p)
            if nest and ix > 0 and iy > 0 and ix < nside - 1 and iy < nside - 1:
                # inside the face: six spread coordinates give all eight nested indices
                fp = f << (2 * order)
                xm, x0, xp = spread(ix - 1), spread(ix), spread(ix + 1)
                ym, y0, yp = spread(iy - 1) << 1, spread(iy) << 1, spread(iy + 1) << 1
                out[0, i] = fp + xm + y0
                out[1, i] = fp + xm + yp
                out[2, i] = fp + x0 + yp
                out[3, i] = fp + xp + yp
                out[4, i] = fp + xp + y0
                out[5, i] = fp + xp + ym
                out[6, i] = fp + x0 + ym
                out[7, i] = fp + xm + ym
            elif not nest and ix > 0 and iy > 0 and ix < nside - 1 and iy < nside - 1:
                # inside the face: the eight neighbours lie on five rings jr - 2 .. jr + 2
                jr = jrll(f) * nside - ix - iy - 1
                j0 = jpll(f)
                nb, nr, ks = ring_info(nside, jr - 2)
                out[3, i] = ring_pix(nside, j0, nb, nr, ks, ix + 1, iy + 1)
                nb, nr, ks = ring_info(nside, jr - 1)
                out[2, i] = ring_pix(nside, j0, nb, nr, ks, ix, iy + 1)
                out[4, i] = ring_pix(nside, j0, nb, nr, ks, ix + 1, iy)
                nb, nr, ks = ring_info(nside, jr)
                out[1, i] = ring_pix(nside, j0, nb, nr, ks, ix - 1, iy + 1)
                out[5, i] = ring_pix(nside, j0, nb, nr, ks, ix + 1, iy - 1)
                nb, nr, ks = ring_info(nside, jr + 1)
                out[0, i] = ring_pix(nside, j0, nb, nr, ks, ix - 1, iy)
                out[6, i] = ring_pix(nside, j0, nb, nr, ks, ix, iy - 1)
                nb, nr, ks = ring_info(nside, jr + 2)
                out[7, i] = ring_pix(nside, j0, nb, nr, ks, ix - 1, iy - 1)
            else:
                for k in range(8):
                    jx, jy, g = neighbour_xyf(nside, f, ix + DX[k], iy + DY[k])
                    out[k, i] = -1 if g < 0 else xyf2pix(nside, order, nest, jx, jy, g)
    return bad

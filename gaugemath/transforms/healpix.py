r"""HEALPix pixelisation (Górski et al., ApJ 622 (2005) 759): geometry and indexing.

``12 nside²`` equal-area pixels (``nside`` a power of two) in two orderings:

* **ring**: pixels numbered along ``4 nside - 1`` iso-latitude rings from north to south,
  eastwards from :math:`\phi = \phi_{0,r}` in each ring.  Ring ``i`` (1-based) has
  ``4i`` pixels with :math:`\cos\theta = 1 - i^2/(3 n^2)` in the north cap (``i < n``),
  ``4n`` pixels with :math:`\cos\theta = 4/3 - 2i/(3n)` in the equatorial belt, mirror in
  the south (Górski Eqs. (4)-(9)).
* **nested**: ``p = face·nside² + interleave(ix, iy)`` on the 12 base faces, with
  ``ix`` in the even bits and ``iy`` in the odd bits: a quadtree, so the parent of ``p``
  at ``nside/2`` is ``p >> 2`` and its children at ``2 nside`` are ``4p + (0,1,2,3)``
  (the hierarchy HEAL-SWIN uses for patches and shifted windows: a window of ``4^k``
  pixels is a run of consecutive nested indices).

Face coordinates: increasing ``ix`` moves north-east, increasing ``iy`` north-west.
Neighbour order (as healpy's ``get_all_neighbours``): SW, W, NW, N, NE, E, SE, S, i.e.
offsets ``(dx, dy) = (-1,0), (-1,1), (0,1), (1,1), (1,0), (1,-1), (0,-1), (-1,-1)``;
``-1`` where a pixel has only seven neighbours (at the 8 vertices where three base faces
meet).  Every function is vectorised over pixel arrays; results equal healpy's
(``tests/transforms/test_transforms_healpix.py``).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "check_nside",
    "healpix_rings",
    "nside2npix",
    "pix2ang",
    "ang2pix",
    "ring2nest",
    "nest2ring",
    "nest_parent",
    "nest_children",
    "neighbours",
]

# base-face ring (in units of nside) and azimuth (in units of pi/4) of each face's centre
_JRLL = np.array([2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4], np.int64)
_JPLL = np.array([1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7], np.int64)
_DX = np.array([-1, -1, 0, 1, 1, 1, 0, -1], np.int64)
_DY = np.array([0, 1, 1, 1, 0, -1, -1, -1], np.int64)


def check_nside(nside) -> int:
    """``nside`` as an int, a power of two in [1, 2^29]; else ValueError/TypeError."""
    if isinstance(nside, (bool, np.bool_)) or not isinstance(nside, (int, np.integer)):
        raise TypeError(f"nside must be an integer power of two, got {type(nside).__name__} {nside!r}")
    nside = int(nside)
    if nside < 1 or nside > 2**29 or nside & (nside - 1):
        raise ValueError(f"nside must be a power of two in [1, 2^29], got {nside}")
    return nside


def nside2npix(nside) -> int:
    return 12 * check_nside(nside) ** 2


def _check_pix(nside, pix, name="pix"):
    pix = np.asarray(pix)
    if not np.issubdtype(pix.dtype, np.integer):
        raise TypeError(f"{name} must be an integer array, got dtype {pix.dtype}")
    pix = pix.astype(np.int64)
    npix = 12 * nside * nside
    if pix.size and (pix.min() < 0 or pix.max() >= npix):
        raise ValueError(f"{name} must lie in [0, {npix - 1}] for nside={nside}")
    return pix


def healpix_rings(nside):
    """(theta, n_phi, phi0, start) of the ``4 nside - 1`` rings (Górski Eqs. (4)-(9)).

    Colatitudes near the poles come from :math:`\\sin(\\theta/2) = i/(\\sqrt6\\,n)`
    (no cancellation in :math:`1 - \\cos\\theta`)."""
    n = check_nside(nside)
    i = np.arange(1, 4 * n, dtype=np.int64)
    ip = np.minimum(i, 4 * n - i)  # ring counted from the nearer pole
    polar = ip < n
    nphi = np.where(polar, 4 * ip, 4 * n)
    theta = np.where(
        polar,
        2 * np.arcsin(np.minimum(ip, n) / (math.sqrt(6.0) * n)),
        np.arccos(np.clip(4.0 / 3.0 - 2.0 * np.minimum(i, 3 * n) / (3.0 * n), -1, 1)),
    )
    south = i > 2 * n
    theta = np.where(south & polar, np.pi - theta, theta)
    # equatorial belt: arccos of the formula directly (both hemispheres)
    eq = ~polar
    theta[eq] = np.arccos(4.0 / 3.0 - 2.0 * i[eq] / (3.0 * n))
    shifted = ((i - n) % 2 == 0) | polar
    phi0 = np.where(shifted, np.pi / nphi, 0.0)
    start = np.zeros(4 * n - 1, np.int64)
    start[1:] = np.cumsum(nphi)[:-1]
    return theta, nphi.astype(np.int64), phi0, start


def _spread_bits(v):
    """Put the bits of v at the even positions (v < 2^29)."""
    v = v.astype(np.uint64)
    out = np.zeros_like(v)
    for b in range(30):
        out |= ((v >> np.uint64(b)) & np.uint64(1)) << np.uint64(2 * b)
    return out.astype(np.int64)


def _compress_bits(v):
    v = v.astype(np.uint64)
    out = np.zeros_like(v)
    for b in range(30):
        out |= ((v >> np.uint64(2 * b)) & np.uint64(1)) << np.uint64(b)
    return out.astype(np.int64)


def _nest2xyf(nside, pix):
    npface = nside * nside
    face = pix // npface
    ipf = pix % npface
    return face, _compress_bits(ipf), _compress_bits(ipf >> 1)


def _xyf2nest(nside, ix, iy, face):
    return face * nside * nside + _spread_bits(ix) + 2 * _spread_bits(iy)


def _xyf2ring(nside, ix, iy, face):
    """Ring index of face pixel (ix, iy) (healpix_base.cc ``xyf2ring``)."""
    nl4 = 4 * nside
    ncap = 2 * nside * (nside - 1)
    npix = 12 * nside * nside
    jr = _JRLL[face] * nside - ix - iy - 1
    north = jr < nside
    south = jr > 3 * nside
    nr = np.where(north, jr, np.where(south, nl4 - jr, nside))
    n_before = np.where(
        north, 2 * nr * (nr - 1), np.where(south, npix - 2 * (nr + 1) * nr, ncap + (jr - nside) * nl4)
    )
    kshift = np.where(north | south, 0, (jr - nside) & 1)
    jp = (_JPLL[face] * nr + ix - iy + 1 + kshift) // 2
    jp = np.where(jp > nl4, jp - nl4, jp)
    jp = np.where(jp < 1, jp + nl4, jp)
    return n_before + jp - 1


def _ring2xyf(nside, pix):
    """(face, ix, iy) of ring pixels (healpix_base.cc ``ring2xyf``)."""
    nl2 = 2 * nside
    ncap = 2 * nside * (nside - 1)
    npix = 12 * nside * nside
    pix = np.asarray(pix, np.int64)
    iring = np.zeros_like(pix)
    iphi = np.zeros_like(pix)
    kshift = np.zeros_like(pix)
    nr = np.zeros_like(pix)
    face = np.zeros_like(pix)
    a = pix < ncap
    if a.any():
        p = pix[a]
        ir = (1 + _isqrt(1 + 2 * p)) >> 1
        ph = p + 1 - 2 * ir * (ir - 1)
        iring[a], iphi[a], nr[a] = ir, ph, ir
        face[a] = (ph - 1) // ir
    b = (pix >= ncap) & (pix < npix - ncap)
    if b.any():
        ip = pix[b] - ncap
        tmp = ip // (4 * nside)
        ir = tmp + nside
        ph = ip - tmp * 4 * nside + 1
        iring[b], iphi[b], nr[b] = ir, ph, nside
        kshift[b] = (ir + nside) & 1
        ire = tmp + 1
        irm = nl2 + 2 - ire
        ifm = (ph - ire // 2 + nside - 1) // nside
        ifp = (ph - irm // 2 + nside - 1) // nside
        face[b] = np.where(ifp == ifm, ifp | 4, np.where(ifp < ifm, ifp, ifm + 8))
    c = pix >= npix - ncap
    if c.any():
        ip = npix - pix[c]
        ir = (1 + _isqrt(2 * ip - 1)) >> 1
        ph = 4 * ir + 1 - (ip - 2 * ir * (ir - 1))
        nr[c] = ir
        iring[c] = 2 * nl2 - ir
        iphi[c] = ph
        face[c] = 8 + (ph - 1) // ir
    irt = iring - _JRLL[face] * nside + 1
    ipt = 2 * iphi - _JPLL[face] * nr - kshift - 1
    ipt = np.where(ipt >= nl2, ipt - 8 * nside, ipt)
    ix = (ipt - irt) >> 1
    iy = (-ipt - irt) >> 1
    return face, ix, iy


def _isqrt(v):
    r = np.floor(np.sqrt(v.astype(np.float64))).astype(np.int64)
    r = np.where(r * r > v, r - 1, r)
    r = np.where((r + 1) * (r + 1) <= v, r + 1, r)
    return r


def ring2nest(nside, pix):
    """Nested index of ring-ordered pixels."""
    nside = check_nside(nside)
    pix = _check_pix(nside, pix)
    face, ix, iy = _ring2xyf(nside, pix.ravel())
    return _xyf2nest(nside, ix, iy, face).reshape(pix.shape)


def nest2ring(nside, pix):
    """Ring index of nested pixels."""
    nside = check_nside(nside)
    pix = _check_pix(nside, pix)
    face, ix, iy = _nest2xyf(nside, pix.ravel())
    return _xyf2ring(nside, ix, iy, face).reshape(pix.shape)


def pix2ang(nside, pix, nest: bool = False):
    """(theta, phi) of pixel centres, phi in [0, 2π)."""
    nside = check_nside(nside)
    pix = _check_pix(nside, pix)
    if nest:
        pix = nest2ring(nside, pix)
    theta_r, nphi, phi0, start = healpix_rings(nside)
    ring = np.searchsorted(start, pix, side="right") - 1
    j = pix - start[ring]
    return theta_r[ring], phi0[ring] + 2 * np.pi * j / nphi[ring]


def _ang2xyf(nside, theta, phi):
    """(face, ix, iy) of the pixel containing (theta, phi) (Górski Sect. 4 / healpix_base)."""
    z = np.cos(theta)
    za = np.abs(z)
    tt = np.mod(phi, 2 * np.pi) * (2 / np.pi)
    tt = np.where(tt >= 4.0, 0.0, tt)
    eq = za <= 2.0 / 3.0
    face = np.zeros(z.shape, np.int64)
    ix = np.zeros(z.shape, np.int64)
    iy = np.zeros(z.shape, np.int64)
    if eq.any():
        t1 = nside * (0.5 + tt[eq])
        t2 = nside * (z[eq] * 0.75)
        jp = (t1 - t2).astype(np.int64)
        jm = (t1 + t2).astype(np.int64)
        ifp = jp // nside
        ifm = jm // nside
        face[eq] = np.where(ifp == ifm, ifp | 4, np.where(ifp < ifm, ifp, ifm + 8))
        ix[eq] = jm & (nside - 1)
        iy[eq] = nside - (jp & (nside - 1)) - 1
    po = ~eq
    if po.any():
        ntt = np.minimum(3, tt[po].astype(np.int64))
        tp = tt[po] - ntt
        # sqrt(3(1-|z|)) = sqrt6 sin(theta/2) (north) or sqrt6 cos(theta/2) (south): no cancellation
        th = theta[po]
        sig = math.sqrt(6.0) * np.where(z[po] > 0, np.sin(0.5 * th), np.cos(0.5 * th))
        tmp = nside * sig
        jp = np.minimum(nside - 1, (tp * tmp).astype(np.int64))
        jm = np.minimum(nside - 1, ((1.0 - tp) * tmp).astype(np.int64))
        north = z[po] >= 0
        face[po] = np.where(north, ntt, ntt + 8)
        ix[po] = np.where(north, nside - jm - 1, jp)
        iy[po] = np.where(north, nside - jp - 1, jm)
    return face, ix, iy


def ang2pix(nside, theta, phi, nest: bool = False):
    """Pixel containing the direction (theta, phi) (colatitude in [0, π], any azimuth)."""
    nside = check_nside(nside)
    theta = np.asarray(theta, np.float64)
    phi = np.asarray(phi, np.float64)
    if not (np.all(np.isfinite(theta)) and np.all(np.isfinite(phi))):
        raise ValueError("theta and phi must be finite")
    if theta.size and (theta.min() < 0 or theta.max() > np.pi):
        raise ValueError("theta must lie in [0, pi]")
    theta, phi = np.broadcast_arrays(theta, phi)
    shape = theta.shape
    face, ix, iy = _ang2xyf(nside, theta.ravel(), phi.ravel())
    out = _xyf2nest(nside, ix, iy, face) if nest else _xyf2ring(nside, ix, iy, face)
    return out.reshape(shape)


def nest_parent(nside, pix, levels: int = 1):
    """Nested index at ``nside / 2**levels`` of the pixel containing nested ``pix``."""
    nside = check_nside(nside)
    pix = _check_pix(nside, pix)
    if not isinstance(levels, (int, np.integer)) or levels < 0 or (nside >> int(levels)) < 1:
        raise ValueError(f"levels must be an integer in [0, log2(nside)={int(math.log2(nside))}], got {levels!r}")
    return pix >> (2 * int(levels))


def nest_children(nside, pix):
    """(..., 4) nested indices at ``2 nside`` of the four children of nested ``pix``."""
    nside = check_nside(nside)
    pix = _check_pix(nside, pix)
    return 4 * pix[..., None] + np.arange(4)


def _face_point(nside, face, x, y):
    """(theta, phi) of the continuous face coordinates (x, y) (units of pixels), extended
    beyond the face: equatorial belt by the HEALPix projection, polar caps with the
    face's own column (continuous in phi across the column edge; through the pole when
    the polar distance becomes negative)."""
    u = _JRLL[face] - (x + y) / nside  # ring position in units of nside
    xs = _JPLL[face] + (x - y) / nside  # projection-plane abscissa in units of pi/4
    theta = np.arccos(np.clip((2.0 - u) * 2.0 / 3.0, -1.0, 1.0))
    phi = xs * (np.pi / 4)
    for polar_north in (True, False):
        sel = (u < 1.0) if polar_north else (u > 3.0)
        if not sel.any():
            continue
        sig = u[sel] if polar_north else 4.0 - u[sel]
        f = face[sel]
        own = (f < 4) if polar_north else (f >= 8)
        xcol = np.where(own, _JPLL[f], 2 * np.floor(xs[sel] / 2.0) + 1)
        ph = np.where(sig != 0, xcol + (xs[sel] - xcol) / np.where(sig != 0, sig, 1.0), xcol) * (np.pi / 4)
        across = sig < 0
        ph = np.where(across, ph + np.pi, ph)
        sig = np.abs(sig)
        th = 2 * np.arcsin(np.minimum(sig / math.sqrt(6.0), 1.0))
        theta[sel] = th if polar_north else np.pi - th
        phi[sel] = ph
    return theta, np.mod(phi, 2 * np.pi)


def neighbours(nside, pix, nest: bool = False):
    """(8, ...) the neighbours SW, W, NW, N, NE, E, SE, S of each pixel (``-1`` if absent),
    in the ordering of ``pix`` (same layout as ``healpy.get_all_neighbours``)."""
    nside = check_nside(nside)
    pix = _check_pix(nside, pix)
    shape = pix.shape
    p = pix.ravel()
    pn = p if nest else ring2nest(nside, p)
    face, ix, iy = _nest2xyf(nside, pn)
    out = np.empty((8, p.size), np.int64)
    for k in range(8):
        jx = ix + _DX[k]
        jy = iy + _DY[k]
        inside = (jx >= 0) & (jx < nside) & (jy >= 0) & (jy < nside)
        res = np.empty(p.size, np.int64)
        if inside.any():
            res[inside] = _xyf2nest(nside, jx[inside], jy[inside], face[inside])
        # polar faces: the edges at a pole are glued to the neighbouring polar face turned
        # by 90 degrees (face 0's NE edge (1, t) is face 1's NW edge (t, 1), etc.)
        glued = ~inside & (((face < 4) & (jx >= 0) & (jy >= 0)) | ((face >= 8) & (jx < nside) & (jy < nside)))
        if glued.any():
            f, x, y = face[glued], jx[glued], jy[glued]
            n2 = 2 * nside - 1
            north = f < 4
            hi_x = np.where(north, x >= nside, x < 0)
            hi_y = np.where(north, y >= nside, y < 0)
            base = np.where(north, 0, 8)
            fl = f - base
            both = hi_x & hi_y
            nf = np.where(both, (fl + 2) % 4, np.where(hi_x, (fl + np.where(north, 1, -1)) % 4, (fl + np.where(north, -1, 1)) % 4))
            refl = np.where(north, n2, -1)  # x -> n2 - x (north) or -1 - x (south)
            nx = np.where(both, refl - x, np.where(hi_x, y, refl - y))
            ny = np.where(both, refl - y, np.where(hi_x, refl - x, x))
            res[glued] = _xyf2nest(nside, nx, ny, nf + base)
        out_ = ~inside & ~glued
        if out_.any():
            th, ph = _face_point(nside, face[out_], jx[out_] + 0.5, jy[out_] + 0.5)
            f2, x2, y2 = _ang2xyf(nside, th, ph)
            res[out_] = _xyf2nest(nside, x2, y2, f2)
        out[k] = res
    # the diagonal directions vanish where three faces meet: N of an equatorial face's top
    # corner, S of its bottom corner; W/E of the polar faces' side corners (duplicates)
    eqf = (face >= 4) & (face < 8)
    out[3] = np.where(eqf & (ix == nside - 1) & (iy == nside - 1), -1, out[3])
    out[7] = np.where(eqf & (ix == 0) & (iy == 0), -1, out[7])
    for k in (1, 3, 5, 7):
        dup = (out[k] == pn) | (out[k] == out[k - 1]) | (out[k] == out[(k + 1) % 8])
        out[k] = np.where(dup, -1, out[k])
    if not nest:
        ok = out >= 0
        out[ok] = nest2ring(nside, out[ok])
    return out.reshape((8,) + shape)

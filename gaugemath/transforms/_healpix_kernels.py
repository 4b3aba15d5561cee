r"""Numba kernels of the HEALPix index algebra (validated facade: :mod:`.healpix`).

Pixel ``(ix, iy)`` of base face ``f`` (Górski et al. 2005, ApJ 622, 759, Fig. 4): the face
sits on ring ``jrll(f) = 2 + (f >> 2)`` (in units of ``nside``) at azimuth
``jpll(f) = 2 (f & 3) + 1 - ((f >> 2) & 1)`` (in units of π/4); ``ix`` grows north-east,
``iy`` north-west, so the pixel's ring (1-based, from the north pole) is
``jr = jrll nside - ix - iy - 1`` and its azimuthal position ``jpll nr + ix - iy`` in units of
π/(4 nr) on a ring of ``4 nr`` pixels (``nr = min(jr, nside, 4 nside - jr)``).

* nested index ``face nside² + spread(ix) + 2 spread(iy)``: ``spread`` puts the bits of a
  29-bit integer at the even positions with five mask-and-shift steps (the "magic number"
  Morton code); ``compress`` undoes it;
* ring index: ``2 nr (nr - 1)`` pixels above a north-cap ring, ``4 nside`` per belt ring,
  the south cap mirrored (Górski Eqs. (4)-(9));
* centres and boundary points: z = 1 - nr²/(3 nside²) in the polar caps and
  z = (2 nside - jr) · 2/(3 nside) in the belt, with sin θ = √(t (2 - t)), t = 1 - |z|,
  where |z| > 0.99 (no cancellation near the poles);
* pixel of a direction: the inverse map through the edge lines
  ``jp = nside (1/2 + φ/(π/2) - 3z/4)``, ``jm = nside (1/2 + φ/(π/2) + 3z/4)`` in the belt and
  ``nside √(3 (1 - |z|))`` (tp, 1 - tp) in the caps.

The floating-point steps are written in the order of the reference C++ implementation
(``healpix_base.cc`` of HEALPix 3.8 as used by healpy) so that the results are equal to
healpy's bit for bit where both use the same ``libm`` (``tests/transforms/test_transforms_healpix_healpy.py``).

These are scalar functions; the array loops over them (serial and ``parallel=True``, with the
input validation fused in) are in :mod:`._healpix_arrays`.  :func:`ring2xyf_pow2` is a
branch-free form of :func:`ring2xyf` (power-of-two nside) inlined at the Numba IR level so that
the ring -> nested loop vectorises.  Note that Numba's on-disk cache of a loop is not
invalidated when only this file changes: delete ``__pycache__/_healpix_arrays.*.nb?`` after
editing it (or run with ``GAUGEMATH_NUMBA_CACHE=0``).
"""

from __future__ import annotations

import math

import numpy as np

from .._jit import jit

HALFPI = 0.5 * math.pi
INV_HALFPI = 2.0 / math.pi
TWOTHIRD = 2.0 / 3.0
# neighbour offsets SW, W, NW, N, NE, E, SE, S (healpy's get_all_neighbours order)
DX = (-1, -1, 0, 1, 1, 1, 0, -1)
DY = (0, 1, 1, 1, 0, -1, -1, -1)


@jit
def spread(v):
    """Bits of ``0 <= v < 2^32`` moved to the even bit positions."""
    v = (v | (v << 16)) & 0x0000FFFF0000FFFF
    v = (v | (v << 8)) & 0x00FF00FF00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v << 2)) & 0x3333333333333333
    return (v | (v << 1)) & 0x5555555555555555


@jit
def compress(v):
    """The even bits of ``v >= 0`` packed together (inverse of :func:`spread`)."""
    v = v & 0x5555555555555555
    v = (v | (v >> 1)) & 0x3333333333333333
    v = (v | (v >> 2)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v >> 4)) & 0x00FF00FF00FF00FF
    v = (v | (v >> 8)) & 0x0000FFFF0000FFFF
    return (v | (v >> 16)) & 0x00000000FFFFFFFF


@jit
def isqrt(v):
    """floor(sqrt(v)) for 0 <= v < 2^62: for v < 2^50 the double sqrt of v + 1/2 truncates
    to it exactly (v + 1/2 is exact and sqrt is correctly rounded); above, corrected."""
    r = int(math.sqrt(v + 0.5))
    if v < (1 << 50):
        return r
    while r * r > v:
        r -= 1
    while (r + 1) * (r + 1) <= v:
        r += 1
    return r


@jit
def jrll(face):
    return 2 + (face >> 2)


@jit
def jpll(face):
    return 2 * (face & 3) + 1 - ((face >> 2) & 1)


@jit
def nest2xyf(order, pix):
    npface = 1 << (2 * order)
    ipf = pix & (npface - 1)
    return compress(ipf), compress(ipf >> 1), pix >> (2 * order)


@jit
def xyf2nest(order, ix, iy, face):
    return (face << (2 * order)) + spread(ix) + (spread(iy) << 1)


@jit
def face_of(ifp, ifm):
    if ifp == ifm:
        return ifp | 4
    if ifp < ifm:
        return ifp
    return ifm + 8


@jit(error_model="numpy")  # no zero-division checks (nr >= 1)
def ring2xyf(nside, order, pix):
    """(ix, iy, face) of a ring pixel (any nside >= 1; ``order`` = log2 nside or -1)."""
    nl2 = 2 * nside
    ncap = 2 * nside * (nside - 1)
    npix = 12 * nside * nside
    kshift = 0
    if pix < ncap:  # north cap
        iring = (1 + isqrt(1 + 2 * pix)) >> 1
        iphi = pix + 1 - 2 * iring * (iring - 1)
        nr = iring
        t = iphi - 1  # face (t // nr, in 0..3) by comparisons: no integer division
        face = int(t >= nr) + int(t >= 2 * nr) + int(t >= 3 * nr)
    elif pix < npix - ncap:  # belt
        ip = pix - ncap
        tmp = ip >> (order + 2) if order >= 0 else ip // (4 * nside)
        iring = tmp + nside
        iphi = ip - tmp * 4 * nside + 1
        kshift = (iring + nside) & 1
        nr = nside
        ire = tmp + 1
        irm = nl2 + 2 - ire
        ifm = iphi - (ire >> 1) + nside - 1  # >= 0
        ifp = iphi - (irm >> 1) + nside - 1
        if order >= 0:
            ifm >>= order
            ifp >>= order
        else:
            ifm //= nside
            ifp //= nside
        face = face_of(ifp, ifm)
    else:  # south cap
        ip = npix - pix
        nr = (1 + isqrt(2 * ip - 1)) >> 1
        iphi = 4 * nr + 1 - (ip - 2 * nr * (nr - 1))
        iring = 2 * nl2 - nr
        t = iphi - 1
        face = 8 + int(t >= nr) + int(t >= 2 * nr) + int(t >= 3 * nr)
    irt = iring - jrll(face) * nside + 1
    ipt = 2 * iphi - jpll(face) * nr - kshift - 1
    if ipt >= nl2:
        ipt -= 8 * nside
    return (ipt - irt) >> 1, (-ipt - irt) >> 1, face


@jit(error_model="numpy", inline="always")  # Numba-IR inlining: the calling loop vectorises (4x)
def ring2xyf_pow2(nside, order, pix):
    """:func:`ring2xyf` for nside = 2^order, branch-free (selects only, so that loops over it
    vectorise): a cap pixel p of the south is mirrored onto the north, 12 nside² - 1 - p,
    its ring found there and its azimuth index mirrored back (4 nr + 1 - iphi)."""
    ncap = 2 * nside * (nside - 1)
    npix = 12 * nside * nside
    nl2 = 2 * nside
    north = pix < ncap
    south = pix >= npix - ncap
    cap = north | south
    q = pix if north else npix - 1 - pix
    q = q if cap else 0
    v = 2 * q + 1
    r = int(math.sqrt(v + 0.5))  # isqrt(v), exact below 2^50; one correction step above
    r = r - int(r * r > v)
    r = r + int((r + 1) * (r + 1) <= v)
    nrc = (1 + r) >> 1
    iphic = q + 1 - 2 * nrc * (nrc - 1)
    iphic = iphic if north else 4 * nrc + 1 - iphic
    t = iphic - 1
    fc = int(t >= nrc) + int(t >= 2 * nrc) + int(t >= 3 * nrc) + (0 if north else 8)
    ip = pix - ncap  # belt (values unused in the caps)
    tmp = ip >> (order + 2)
    ringb = tmp + nside
    iphib = ip - (tmp << (order + 2)) + 1
    ifm = (iphib - ((tmp + 1) >> 1) + nside - 1) >> order
    ifp = (iphib - ((nl2 + 1 - tmp) >> 1) + nside - 1) >> order
    fb = (ifp | 4) if ifp == ifm else (ifp if ifp < ifm else ifm + 8)
    face = fc if cap else fb
    iring = (nrc if north else 4 * nside - nrc) if cap else ringb
    iphi = iphic if cap else iphib
    nr = nrc if cap else nside
    kshift = 0 if cap else (ringb + nside) & 1
    irt = iring - jrll(face) * nside + 1
    ipt = 2 * iphi - jpll(face) * nr - kshift - 1
    ipt = ipt - 8 * nside if ipt >= nl2 else ipt
    return (ipt - irt) >> 1, (-ipt - irt) >> 1, face


@jit
def ring_info(nside, jr):
    """(pixels above ring jr, nr = its pixels / 4, kshift = 1 if its first centre sits at
    phi = 0) for 1 <= jr < 4 nside (Górski Eqs. (4)-(9))."""
    if jr < nside:
        return 2 * jr * (jr - 1), jr, 0
    if jr > 3 * nside:
        nr = 4 * nside - jr
        return 12 * nside * nside - 2 * (nr + 1) * nr, nr, 0
    return 2 * nside * (nside - 1) + (jr - nside) * 4 * nside, nside, (jr - nside) & 1


@jit
def ring_pix(nside, jp0, n_before, nr, kshift, ix, iy):
    """Ring index of the face pixel (ix, iy) on the ring described by ring_info, jp0 = jpll(face)."""
    nl4 = 4 * nside
    jp = (jp0 * nr + ix - iy + 1 + kshift) >> 1  # floor
    if jp > nl4:
        jp -= nl4
    elif jp < 1:
        jp += nl4
    return n_before + jp - 1


@jit(error_model="numpy")
def xyf2ring(nside, ix, iy, face):
    """Ring index of face pixel (ix, iy) (any nside >= 1)."""
    n_before, nr, kshift = ring_info(nside, jrll(face) * nside - ix - iy - 1)
    return ring_pix(nside, jpll(face), n_before, nr, kshift, ix, iy)


@jit
def pix2xyf(nside, order, nest, pix):
    if nest:
        return nest2xyf(order, pix)
    if order >= 0:
        return ring2xyf_pow2(nside, order, pix)
    return ring2xyf(nside, order, pix)


@jit
def xyf2pix(nside, order, nest, ix, iy, face):
    if nest:
        return xyf2nest(order, ix, iy, face)
    return xyf2ring(nside, ix, iy, face)


@jit(error_model="numpy")
def pix2loc(nside, order, nest, pix):
    """(z, phi, sin theta, have sin theta) of a pixel centre (healpix_base ``pix2loc``)."""
    npix = 12 * nside * nside
    fact2 = 4.0 / npix
    fact1 = (2 * nside) * fact2
    sth = 0.0
    have = False
    if not nest:
        ncap = 2 * nside * (nside - 1)
        if pix < ncap:
            iring = (1 + isqrt(1 + 2 * pix)) >> 1
            iphi = pix + 1 - 2 * iring * (iring - 1)
            tmp = (iring * iring) * fact2
            z = 1.0 - tmp
            if z > 0.99:
                sth = math.sqrt(tmp * (2.0 - tmp))
                have = True
            phi = (iphi - 0.5) * HALFPI / iring
        elif pix < npix - ncap:
            nl4 = 4 * nside
            ip = pix - ncap
            tmp = ip >> (order + 2) if order >= 0 else ip // nl4
            iring = tmp + nside
            iphi = ip - nl4 * tmp + 1
            fodd = 1.0 if (iring + nside) & 1 else 0.5
            z = (2 * nside - iring) * fact1
            phi = (iphi - fodd) * math.pi * 0.75 * fact1
        else:
            ip = npix - pix
            iring = (1 + isqrt(2 * ip - 1)) >> 1
            iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1))
            tmp = (iring * iring) * fact2
            z = tmp - 1.0
            if z < -0.99:
                sth = math.sqrt(tmp * (2.0 - tmp))
                have = True
            phi = (iphi - 0.5) * HALFPI / iring
        return z, phi, sth, have
    ix, iy, face = nest2xyf(order, pix)
    jr = (jrll(face) << order) - ix - iy - 1
    if jr < nside:
        nr = jr
        tmp = (nr * nr) * fact2
        z = 1.0 - tmp
        if z > 0.99:
            sth = math.sqrt(tmp * (2.0 - tmp))
            have = True
    elif jr > 3 * nside:
        nr = 4 * nside - jr
        tmp = (nr * nr) * fact2
        z = tmp - 1.0
        if z < -0.99:
            sth = math.sqrt(tmp * (2.0 - tmp))
            have = True
    else:
        nr = nside
        z = (2 * nside - jr) * fact1
    t = jpll(face) * nr + ix - iy
    if t < 0:
        t += 8 * nr
    elif t >= 8 * nr:
        t -= 8 * nr
    if nr == nside:
        phi = 0.75 * HALFPI * t * fact1
    else:
        phi = (0.5 * HALFPI * t) / nr
    return z, phi, sth, have


@jit
def fmodulo4(v):
    if v >= 0.0:
        return v if v < 4.0 else np.fmod(v, 4.0)
    tmp = np.fmod(v, 4.0) + 4.0
    return 0.0 if tmp == 4.0 else tmp


@jit
def loc2pix(nside, order, nest, z, phi, sth, have):
    """Pixel containing the direction (z = cos theta, phi) (healpix_base ``loc2pix``)."""
    za = abs(z)
    tt = fmodulo4(phi * INV_HALFPI)
    if za <= TWOTHIRD:
        temp1 = nside * (0.5 + tt)
        temp2 = nside * (z * 0.75) if nest else nside * z * 0.75
        jp = int(temp1 - temp2)
        jm = int(temp1 + temp2)
        if nest:
            ifp = jp >> order
            ifm = jm >> order
            return xyf2nest(order, jm & (nside - 1), nside - (jp & (nside - 1)) - 1, face_of(ifp, ifm))
        nl4 = 4 * nside
        ir = nside + 1 + jp - jm
        kshift = 1 - (ir & 1)
        t1 = jp + jm - nside + kshift + 1 + nl4 + nl4
        ip = (t1 >> 1) % nl4
        return 2 * nside * (nside - 1) + (ir - 1) * nl4 + ip
    if za < 0.99 or not have:
        tmp = nside * math.sqrt(3 * (1 - za))
    else:
        tmp = nside * sth / math.sqrt((1.0 + za) / 3.0)
    if nest:
        ntt = min(3, int(tt))
        tp = tt - ntt
        jp = min(int(tp * tmp), nside - 1)
        jm = min(int((1.0 - tp) * tmp), nside - 1)
        if z >= 0:
            return xyf2nest(order, nside - jm - 1, nside - jp - 1, ntt)
        return xyf2nest(order, jp, jm, ntt + 8)
    tp = tt - int(tt)
    jp = int(tp * tmp)
    jm = int((1.0 - tp) * tmp)
    ir = jp + jm + 1
    ip = int(tt * ir)
    if z > 0:
        return 2 * ir * (ir - 1) + ip
    return 12 * nside * nside - 2 * ir * (ir + 1) + ip


@jit
def neighbour_xyf(nside, face, x, y):
    """(x, y, face) of the pixel at face coordinates (x, y) one step outside ``face``
    (or inside); face -1 where the step crosses a vertex shared by only three faces."""
    n2 = 2 * nside - 1
    row = face >> 2
    col = face & 3
    xlo = x < 0
    xhi = x >= nside
    ylo = y < 0
    yhi = y >= nside
    if not (xlo or xhi or ylo or yhi):
        return x, y, face
    if row == 0:  # north polar face: NE/NW edges glued to the next polar faces
        if xhi and yhi:
            return n2 - x, n2 - y, (col + 2) & 3
        if (xhi and ylo) or (xlo and yhi):
            return 0, 0, -1
        if xlo and ylo:
            return x + nside, y + nside, 8 + col
        if xhi:
            return y, n2 - x, (col + 1) & 3
        if yhi:
            return n2 - y, x, (col + 3) & 3
        if xlo:
            return x + nside, y, 4 + col
        return x, y + nside, 4 + ((col + 1) & 3)
    if row == 1:  # equatorial face: plain translation in the HEALPix projection plane
        if (xhi and yhi) or (xlo and ylo):
            return 0, 0, -1
        if xhi and ylo:
            return x - nside, y + nside, 4 + ((col + 1) & 3)
        if xlo and yhi:
            return x + nside, y - nside, 4 + ((col + 3) & 3)
        if xhi:
            return x - nside, y, col
        if yhi:
            return x, y - nside, (col + 3) & 3
        if xlo:
            return x + nside, y, 8 + ((col + 3) & 3)
        return x, y + nside, 8 + col
    # south polar face: SW/SE edges glued to the next polar faces
    if xlo and ylo:
        return -1 - x, -1 - y, 8 + ((col + 2) & 3)
    if (xhi and ylo) or (xlo and yhi):
        return 0, 0, -1
    if xhi and yhi:
        return x - nside, y - nside, col
    if xhi:
        return x - nside, y, 4 + ((col + 1) & 3)
    if yhi:
        return x, y - nside, 4 + col
    if xlo:
        return y, -1 - x, 8 + ((col + 3) & 3)
    return -1 - y, x, 8 + ((col + 1) & 3)

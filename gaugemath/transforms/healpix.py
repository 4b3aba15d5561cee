r"""HEALPix pixelisation (Górski et al., ApJ 622 (2005) 759): geometry and indexing.

``12 nside²`` equal-area pixels in two orderings:

* **ring**: pixels numbered along ``4 nside - 1`` iso-latitude rings from north to south,
  eastwards from :math:`\phi = \phi_{0,r}` in each ring.  Ring ``i`` (1-based) has
  ``4i`` pixels with :math:`\cos\theta = 1 - i^2/(3 n^2)` in the north cap (``i < n``),
  ``4n`` pixels with :math:`\cos\theta = 4/3 - 2i/(3n)` in the equatorial belt, mirror in
  the south (Górski Eqs. (4)-(9)).  Any ``nside`` in [1, 2^29] (as healpy).
* **nested** (``nside`` a power of two in [1, 2^29]): ``p = face·nside² + interleave(ix, iy)``
  on the 12 base faces, with ``ix`` in the even bits and ``iy`` in the odd bits: a quadtree,
  so the parent of ``p`` at ``nside/2`` is ``p >> 2`` and its children at ``2 nside`` are
  ``4p + (0,1,2,3)`` (the hierarchy HEAL-SWIN uses for patches and shifted windows: a window
  of ``4^k`` pixels is a run of consecutive nested indices).

**Face frame.** Base faces 0-3 touch the north pole (centres at
:math:`\phi = \pi/4, 3\pi/4, 5\pi/4, 7\pi/4`), faces 4-7 straddle the equator (centres at
:math:`\phi = 0, \pi/2, \pi, 3\pi/2`), faces 8-11 touch the south pole (Górski Fig. 4).  On
each face, ``(ix, iy)`` in ``[0, nside)²`` with ``(0, 0)`` the southernmost pixel, increasing
``ix`` moving north-east and increasing ``iy`` north-west; ``(nside-1, nside-1)`` is the
northernmost pixel.  Continuous coordinates ``(x, y)`` in ``[0, 1]²`` (units of the face side)
are used by :func:`face_point`, :func:`xyf2vec` and :func:`vec2xyf`; pixel ``(ix, iy)``
covers ``[ix, ix+1) × [iy, iy+1)`` / ``nside``.

Neighbour order (as healpy's ``get_all_neighbours``): SW, W, NW, N, NE, E, SE, S, i.e.
offsets ``(dx, dy) = (-1,0), (-1,1), (0,1), (1,1), (1,0), (1,-1), (0,-1), (-1,-1)``;
``-1`` where a pixel has only seven neighbours (at the 8 vertices where three base faces
meet).  Every function is vectorised over arrays and returns arrays of the input's shape;
integer results equal healpy's exactly and floating-point results to the last bit on the
tested platforms (``tests/transforms/test_transforms_healpix_healpy.py``).  Invalid input
(non-integer or out-of-range pixels, faces or face coordinates, NaN angles, zero or
non-finite vectors, a non-power-of-two ``nside`` in the nested scheme) raises
``ValueError``/``TypeError`` naming the argument.

The work is done by Numba kernels (:mod:`._healpix_kernels`), serial below 2^20 pixels per
call and multithreaded above; the validation is fused into the same pass.
"""

from __future__ import annotations

import math

import numpy as np

from . import _healpix_arrays as _A
from ._healpix_common import as_float, as_index, check_nside, check_nside_for, pix_range_error, run
from ._healpix_geometry import _face_point as _face_point  # private name, imported by the atlas
from ._healpix_geometry import boundaries, face_point, pix2vec, vec2pix, vec2xyf, xyf2vec

__all__ = [
    "check_nside",
    "healpix_rings",
    "nside2npix",
    "pix2ang",
    "ang2pix",
    "pix2vec",
    "vec2pix",
    "ring2nest",
    "nest2ring",
    "nest2xyf",
    "xyf2nest",
    "ring2xyf",
    "xyf2ring",
    "face_point",
    "xyf2vec",
    "vec2xyf",
    "boundaries",
    "nest_parent",
    "nest_children",
    "neighbours",
]

# base-face ring (in units of nside) and azimuth (in units of pi/4) of each face's centre
_JRLL = np.array([2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4], np.int64)
_JPLL = np.array([1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7], np.int64)
_DX = np.array([-1, -1, 0, 1, 1, 1, 0, -1], np.int64)
_DY = np.array([0, 1, 1, 1, 0, -1, -1, -1], np.int64)


def nside2npix(nside) -> int:
    """Number of pixels ``12 nside²`` (``nside`` a power of two in [1, 2^29])."""
    return 12 * check_nside(nside) ** 2


def _check_pix(nside, pix, name="pix"):
    """int64 copy-free view of ``pix`` after a range check (kept for the hierarchy helpers)."""
    pix = as_index(pix, name)
    npix = 12 * nside * nside
    if pix.size and (pix.min() < 0 or pix.max() >= npix):
        raise pix_range_error(name, nside)
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


def _convert(nside, pix, nest_in):
    nside, order = check_nside_for(nside, True)
    p = as_index(pix, "pix")
    out = np.empty(p.shape, np.int64)
    loop = _A.nest2ring if nest_in else _A.ring2nest
    if run(loop, p.size, nside, order, p.reshape(-1), out.reshape(-1)):
        raise pix_range_error("pix", nside)
    return out


def ring2nest(nside, pix):
    """Nested index of ring-ordered pixels ``pix`` (``nside`` a power of two)."""
    return _convert(nside, pix, False)


def nest2ring(nside, pix):
    """Ring index of nested pixels ``pix`` (``nside`` a power of two)."""
    return _convert(nside, pix, True)


def _pix2xyf(nside, pix, nest):
    nside, order = check_nside_for(nside, nest)
    p = as_index(pix, "pix")
    ix, iy, face = (np.empty(p.shape, np.int64) for _ in range(3))
    if run(_A.to_xyf, p.size, nside, order, nest, p.reshape(-1), ix.reshape(-1), iy.reshape(-1), face.reshape(-1)):
        raise pix_range_error("pix", nside)
    return ix, iy, face


def _xyf2pix(nside, ix, iy, face, nest):
    nside, order = check_nside_for(nside, nest)
    ix, iy, face = np.broadcast_arrays(as_index(ix, "ix"), as_index(iy, "iy"), as_index(face, "face"))
    for name, a, hi in (("ix", ix, nside), ("iy", iy, nside), ("face", face, 12)):
        if a.size and (a.min() < 0 or a.max() >= hi):
            raise ValueError(f"{name} must lie in [0, {hi - 1}], got values in [{a.min()}, {a.max()}]")
    ix, iy, face = (np.ascontiguousarray(a).reshape(-1) for a in (ix, iy, face))
    out = np.empty(ix.shape, np.int64)
    run(_A.from_xyf, ix.size, nside, order, nest, ix, iy, face, out)
    return out


def nest2xyf(nside, pix):
    """Face coordinates ``(ix, iy, face)`` of nested pixels (healpy's ``pix2xyf(nest=True)``).

    ``ix``, ``iy`` in ``[0, nside)`` are the de-interleaved even and odd bits of
    ``pix mod nside²`` and ``face = pix // nside²`` (face frame: module docstring)."""
    return _pix2xyf(nside, pix, True)


def ring2xyf(nside, pix):
    """Face coordinates ``(ix, iy, face)`` of ring pixels (any ``nside`` in [1, 2^29])."""
    return _pix2xyf(nside, pix, False)


def xyf2nest(nside, ix, iy, face):
    """Nested index ``face nside² + Σ_b (ix_b 4^b + iy_b 2·4^b)`` of face pixels (broadcast)."""
    ix = np.asarray(ix)
    return _xyf2pix(nside, ix, iy, face, True).reshape(np.broadcast_shapes(ix.shape, np.shape(iy), np.shape(face)))


def xyf2ring(nside, ix, iy, face):
    """Ring index of face pixels ``(ix, iy, face)`` (broadcast; any ``nside`` in [1, 2^29])."""
    ix = np.asarray(ix)
    return _xyf2pix(nside, ix, iy, face, False).reshape(np.broadcast_shapes(ix.shape, np.shape(iy), np.shape(face)))


# private names of the face-coordinate maps, as the rest of the package imports them:
# (nside, pix) -> (face, ix, iy) and (nside, ix, iy, face) -> pix, arrays, no nest flag.
def _nest2xyf(nside, pix):
    ix, iy, face = _pix2xyf(nside, pix, True)
    return face, ix, iy


def _ring2xyf(nside, pix):
    ix, iy, face = _pix2xyf(nside, pix, False)
    return face, ix, iy


def _xyf2nest(nside, ix, iy, face):
    return xyf2nest(nside, ix, iy, face)


def _xyf2ring(nside, ix, iy, face):
    return xyf2ring(nside, ix, iy, face)


def pix2ang(nside, pix, nest: bool = False):
    r"""(theta, phi) of pixel centres, theta in [0, π] (colatitude), phi in [0, 2π).

    Near the poles (:math:`|z| > 0.99`) theta is :math:`\operatorname{atan2}(\sin\theta, z)`
    with :math:`\sin\theta = \sqrt{t(2-t)}`, :math:`t = 1 - |z|`, else :math:`\arccos z`
    (as healpy).  Floats (scalars) for a scalar ``pix``."""
    nside, order = check_nside_for(nside, nest)
    p = as_index(pix, "pix")
    th, ph = np.empty(p.shape), np.empty(p.shape)
    if run(_A.to_ang, p.size, nside, order, bool(nest), p.reshape(-1), th.reshape(-1), ph.reshape(-1)):
        raise pix_range_error("pix", nside)
    return th[()], ph[()]


def ang2pix(nside, theta, phi, nest: bool = False):
    """Pixel containing the direction (theta, phi): colatitude theta in [0, π], any finite
    azimuth phi (reduced mod 2π); arrays broadcast."""
    nside, order = check_nside_for(nside, nest)
    theta, phi = np.broadcast_arrays(as_float(theta, "theta"), as_float(phi, "phi"))
    shape = theta.shape
    t, f = np.ascontiguousarray(theta).reshape(-1), np.ascontiguousarray(phi).reshape(-1)
    out = np.empty(t.size, np.int64)
    bad_t, bad_p = run(_A.from_ang, t.size, nside, order, bool(nest), t, f, out)
    if bad_t:
        raise ValueError(f"theta must lie in [0, pi] (no NaN); {bad_t} value(s) do not")
    if bad_p:
        raise ValueError(f"phi must be finite; {bad_p} value(s) are not")
    return out.reshape(shape)


def _ang2xyf(nside, theta, phi):
    """(face, ix, iy) of the pixel containing (theta, phi) (private, as imported elsewhere)."""
    face, ix, iy = _nest2xyf(nside, ang2pix(nside, theta, phi, nest=True))
    return face, ix, iy


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


def neighbours(nside, pix, nest: bool = False):
    """(8, ...) the neighbours SW, W, NW, N, NE, E, SE, S of each pixel (``-1`` if absent),
    in the ordering of ``pix`` (same layout as ``healpy.get_all_neighbours``).

    Across a face edge the neighbour is found in the face coordinates of the adjacent face:
    a translation by ``± nside`` in the HEALPix projection plane, except across the
    polar edges, where face ``f``'s NE edge ``(nside, t)`` is glued to face ``f+1``'s NW edge
    ``(t, nside-1)`` (north; turned by 90°) and likewise in the south.  ``nest=False``
    accepts any ``nside`` in [1, 2^29]."""
    nside, order = check_nside_for(nside, nest)
    p = as_index(pix, "pix")
    out = np.empty((8, p.size), np.int64)
    if run(_A.neighbours, p.size, nside, order, bool(nest), p.reshape(-1), out):
        raise pix_range_error("pix", nside)
    return out.reshape((8,) + p.shape)

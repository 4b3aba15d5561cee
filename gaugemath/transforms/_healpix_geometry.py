r"""HEALPix points as unit vectors, pixel boundaries and continuous face coordinates.

Public through :mod:`gaugemath.transforms.healpix` (frames and conventions: its docstring).
A point of base face ``f`` with continuous face coordinates ``(x, y)`` (units of the face
side, ``x`` north-east, ``y`` north-west) lies on the ring ``u = jrll(f) - x - y`` (units of
``nside``; ``jrll = 2, 3, 4`` for the north, equatorial, south faces) and at the projection
abscissa ``s = jpll(f) + x - y`` (units of π/4).  Górski et al. (2005), Eqs. (4)-(9) inverted:

* belt (``1 <= u <= 3``): :math:`z = (2 - u)\,2/3`, :math:`\phi = s\,\pi/4`;
* north cap (``u < 1``): :math:`z = 1 - u^2/3`, :math:`\phi = (\pi/4)\,(jpll\,u + x - y)/u`;
  south cap (``u > 3``) the same with ``4 - u`` and ``z -> -z``;

with :math:`\sin\theta = \sqrt{t(2 - t)}`, :math:`t = u^2/3`, where :math:`|z| > 0.99`.
"""

from __future__ import annotations

import math

import numpy as np

from . import _healpix_arrays as _A
from ._healpix_common import as_float, as_index, check_nside_for, pix_range_error, run

_JRLL = np.array([2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4], np.int64)
_JPLL = np.array([1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7], np.int64)
_HALFPI = 0.5 * math.pi


def _xyf2loc(x, y, face):
    """(z, phi, sin theta or NaN) of continuous face coordinates (healpix_base ``xyf2loc``,
    same operation order); 1-D arrays."""
    jr = _JRLL[face] - x - y
    z = np.empty(jr.shape)
    nr = np.ones(jr.shape)
    sth = np.full(jr.shape, np.nan)
    north, south = jr < 1, jr > 3
    belt = ~(north | south)
    for sel, nrs, sign in ((north, jr[north], 1.0), (south, 4 - jr[south], -1.0)):
        tmp = nrs * nrs / 3.0
        zs = 1 - tmp if sign > 0 else tmp - 1
        z[sel], nr[sel] = zs, nrs
        near = np.abs(zs) > 0.99
        sth[np.flatnonzero(sel)[near]] = np.sqrt(tmp[near] * (2.0 - tmp[near]))
    z[belt] = (2 - jr[belt]) * 2.0 / 3.0
    tmp = _JPLL[face] * nr + x - y
    tmp = np.where(tmp < 0, tmp + 8, tmp)
    tmp = np.where(tmp >= 8, tmp - 8, tmp)
    phi = np.zeros(jr.shape)
    ok = nr >= 1e-15
    phi[ok] = (0.5 * _HALFPI * tmp[ok]) / nr[ok]
    return z, phi, sth


def _loc2vec(z, phi, sth):
    s = np.where(np.isnan(sth), np.sqrt(np.maximum((1.0 - z) * (1.0 + z), 0.0)), sth)
    return s * np.cos(phi), s * np.sin(phi), z


def _check_xyf(x, y, face):
    face = as_index(face, "face")
    x, y = as_float(x, "x"), as_float(y, "y")
    if face.size and (face.min() < 0 or face.max() > 11):
        raise ValueError("face must lie in [0, 11]")
    for name, a in (("x", x), ("y", y)):
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name} must be finite")
    return np.broadcast_arrays(x, y, face)


def xyf2vec(x, y, face):
    """Unit vector ``(vx, vy, vz)`` of the continuous face coordinates ``(x, y)`` in
    ``[0, 1]²`` of base ``face`` (module docstring; broadcast).  Pixel ``(ix, iy)`` of
    ``nside`` has its centre at ``((ix + 1/2)/nside, (iy + 1/2)/nside)`` and its corners at
    ``(ix + {0, 1})/nside, (iy + {0, 1})/nside``."""
    x, y, face = _check_xyf(x, y, face)
    for name, a in (("x", x), ("y", y)):
        if a.size and (a.min() < 0 or a.max() > 1):
            raise ValueError(f"{name} must lie in [0, 1] (continuous face coordinate)")
    vec = _loc2vec(*_xyf2loc(x.reshape(-1), y.reshape(-1), face.reshape(-1)))
    return tuple(v.reshape(x.shape)[()] for v in vec)


def vec2xyf(x, y, z):
    """Continuous face coordinates ``(fx, fy, face)`` of the directions ``(x, y, z)`` (any
    length > 0; broadcast): the inverse of :func:`xyf2vec`, ``fx, fy`` in ``[0, 1]``, and
    ``floor(nside · fx) = ix`` of :func:`vec2pix` with ``nest=True`` (up to rounding at pixel
    edges).  Belt: :math:`j_\\pm = 1/2 + \\phi/(\\pi/2) \\mp 3z/4`, caps:
    :math:`\\sqrt{3(1-|z|)}\\,(t, 1 - t)` (Górski Sect. 4)."""
    x, y, z = np.broadcast_arrays(as_float(x, "x"), as_float(y, "y"), as_float(z, "z"))
    r = np.sqrt(x * x + y * y + z * z)
    if not np.all(np.isfinite(r) & (r > 0)):
        raise ValueError("the vectors (x, y, z) must be finite and non-zero")
    nz = z / r
    za = np.abs(nz)
    tt = np.mod(np.arctan2(y, x) * (2 / math.pi), 4.0)
    tt = np.where(tt >= 4.0, 0.0, tt)
    jp, jm = 0.5 + tt - 0.75 * nz, 0.5 + tt + 0.75 * nz
    ifp, ifm = np.floor(jp), np.floor(jm)
    face = np.where(ifp == ifm, ifp.astype(np.int64) | 4, np.where(ifp < ifm, ifp, ifm + 8)).astype(np.int64)
    fx, fy = jm - ifm, 1.0 - (jp - ifp)
    polar = za > 2.0 / 3.0
    ntt = np.minimum(3.0, np.floor(tt))
    tp = tt - ntt
    rho = np.where(za < 0.99, np.sqrt(3 * np.maximum(1 - za, 0.0)), np.hypot(x, y) / r / np.sqrt((1.0 + za) / 3.0))
    north = nz >= 0
    fx = np.where(polar, np.where(north, 1.0 - (1.0 - tp) * rho, tp * rho), fx)
    fy = np.where(polar, np.where(north, 1.0 - tp * rho, (1.0 - tp) * rho), fy)
    face = np.where(polar, ntt.astype(np.int64) + np.where(north, 0, 8), face)
    return np.clip(fx, 0.0, 1.0), np.clip(fy, 0.0, 1.0), face


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


def face_point(face, x, y):
    """(theta, phi) of continuous face coordinates ``(x, y)`` of base ``face`` (broadcast).

    On ``[0, 1]²`` this is the inverse of the face chart (:func:`xyf2vec` as angles).
    Outside it, the chart is continued: in the equatorial belt by the HEALPix projection,
    in a polar cap along the face's own column (continuous in phi; through the pole where
    the polar distance becomes negative) -- the private ``_face_point(nside, face, x, y)``
    is the same map with ``(x, y)`` in units of pixels."""
    x, y, face = _check_xyf(x, y, face)
    shape = x.shape
    th, ph = _face_point(1, face.reshape(-1), x.reshape(-1), y.reshape(-1))
    return th.reshape(shape)[()], ph.reshape(shape)[()]


def pix2vec(nside, pix, nest: bool = False):
    """Unit vectors ``(x, y, z)`` of pixel centres (as healpy's ``pix2vec``; any ``nside``
    in [1, 2^29] for ``nest=False``)."""
    nside, order = check_nside_for(nside, nest)
    p = as_index(pix, "pix")
    x, y, z = (np.empty(p.shape) for _ in range(3))
    if run(_A.to_vec, p.size, nside, order, bool(nest), p.reshape(-1), x.reshape(-1), y.reshape(-1), z.reshape(-1)):
        raise pix_range_error("pix", nside)
    return x[()], y[()], z[()]


def vec2pix(nside, x, y, z, nest: bool = False):
    """Pixel containing the direction of ``(x, y, z)`` (need not be normalised; finite and
    non-zero; broadcast), as healpy's ``vec2pix``."""
    nside, order = check_nside_for(nside, nest)
    x, y, z = np.broadcast_arrays(as_float(x, "x"), as_float(y, "y"), as_float(z, "z"))
    shape = x.shape
    x, y, z = (np.ascontiguousarray(a).reshape(-1) for a in (x, y, z))
    out = np.empty(x.size, np.int64)
    bad = run(_A.from_vec, x.size, nside, order, bool(nest), x, y, z, out)
    if bad:
        raise ValueError(f"the vectors (x, y, z) must be finite and non-zero; {bad} are not")
    return out.reshape(shape)


def boundaries(nside, pix, step: int = 1, nest: bool = False):
    """Unit vectors on the boundary of each pixel, shape ``(3, 4 step)`` for a scalar
    ``pix`` and ``(n, 3, 4 step)`` for an array (healpy's layout): ``step`` points per side,
    starting at the north corner and running through the west, south and east corners
    (N, W, S, E for ``step=1``); as healpy's ``boundaries``."""
    nside, order = check_nside_for(nside, nest)
    if isinstance(step, (bool, np.bool_)) or not isinstance(step, (int, np.integer)) or step < 1:
        raise ValueError(f"step must be an integer >= 1, got {step!r}")
    p = as_index(pix, "pix")
    if p.ndim > 1:
        raise ValueError(f"pix must be a scalar or a 1-D array, got shape {p.shape}")
    flat = p.reshape(-1)
    ix, iy, face = (np.empty(flat.size, np.int64) for _ in range(3))
    if run(_A.to_xyf, flat.size, nside, order, bool(nest), flat, ix, iy, face):
        raise pix_range_error("pix", nside)
    step = int(step)
    dc, d = 0.5 / nside, 1.0 / (step * nside)
    xc, yc = ((ix + 0.5) / nside)[:, None], ((iy + 0.5) / nside)[:, None]
    i = np.arange(step) * d
    sh = (flat.size, step)
    xs = np.concatenate([(xc + dc) - i, np.broadcast_to(xc - dc, sh), (xc - dc) + i, np.broadcast_to(xc + dc, sh)], 1)
    ys = np.concatenate([np.broadcast_to(yc + dc, sh), (yc + dc) - i, np.broadcast_to(yc - dc, sh), (yc - dc) + i], 1)
    f = np.broadcast_to(face[:, None], xs.shape)
    vec = _loc2vec(*_xyf2loc(xs.reshape(-1), ys.reshape(-1), f.reshape(-1)))
    out = np.stack([v.reshape(xs.shape) for v in vec], axis=1)
    return out[0] if p.ndim == 0 else out

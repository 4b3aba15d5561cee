r"""Nested HEALPix windows, their 2-D layout, and patch merging (HEAL-SWIN's hierarchy).

In NEST order (``p = face·n² + interleave(ix, iy)``, ``ix`` in the even bits) a run of
``4^k`` consecutive indices starting at a multiple of ``4^k`` is a ``2^k × 2^k`` square of
one base face (Górski et al. 2005, Sect. 4; Carlsson et al. 2024, "HEAL-SWIN", Sect. 3.2).
So a window partition is a reshape, a window's slot ``s`` sits at
``(dx, dy) = (compress(s), compress(s >> 1))`` in the face frame (``dx`` north-east,
``dy`` north-west), and the four children of a pixel at ``2 nside`` are ``4p + (0, 1, 2, 3)``
= offsets ``(0,0), (1,0), (0,1), (1,1)``: patch merging is the reshape
``(npix, C) → (npix/4, 4C)`` (Liu et al. 2021, "Swin Transformer", Sect. 3.1, on the nested
quadtree).  Feature arrays are ``(npix, C)`` in NEST order throughout.
"""

from __future__ import annotations

import math

import numpy as np

from gaugemath.transforms.healpix import nest2xyf
from gaugemath.transforms.healpix import check_nside

__all__ = [
    "check_window_size",
    "window_layout",
    "face_coordinates",
    "window_partition",
    "window_reverse",
    "window_pixels",
    "relative_position_index",
    "patch_merge",
    "patch_unmerge",
]


def check_window_size(window_size, nside=None) -> int:
    """``window_size`` as an int: a power of 4 (``4^k``), at most ``nside²`` if ``nside`` is given."""
    if isinstance(window_size, (bool, np.bool_)) or not isinstance(window_size, (int, np.integer)):
        raise TypeError(f"window_size must be an integer power of 4, got {type(window_size).__name__}")
    ws = int(window_size)
    if ws < 1 or ws & (ws - 1) or (ws.bit_length() - 1) % 2:
        raise ValueError(f"window_size must be a power of 4 (1, 4, 16, 64, ...), got {ws}")
    if nside is not None:
        n = check_nside(nside)
        if ws > n * n:
            raise ValueError(f"window_size must be at most nside² = {n * n} (one base face), got {ws}")
    return ws


def _compress(v):
    v = np.asarray(v, np.int64)
    out = np.zeros_like(v)
    for b in range(31):
        out |= ((v >> (2 * b)) & 1) << b
    return out


def window_layout(window_size) -> np.ndarray:
    """(window_size, 2) integer offsets ``(dx, dy)`` of each slot in the face frame.

    Slot ``s`` of a window is pixel ``first + s``; ``dx`` (north-east) is read from the even
    bits of ``s``, ``dy`` (north-west) from the odd bits, both in ``[0, 2^k)``.
    """
    ws = check_window_size(window_size)
    s = np.arange(ws, dtype=np.int64)
    return np.stack([_compress(s), _compress(s >> 1)], axis=1)


def _check_features(x, name="x"):
    """(x, nside) for a (12·nside², C) array; ValueError naming ``name`` otherwise."""
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"{name} must be a (npix, C) feature array, got shape {x.shape}")
    npix = x.shape[0]
    nside = math.isqrt(npix // 12)
    if npix == 0 or 12 * nside * nside != npix or nside & (nside - 1):
        raise ValueError(f"{name} must have 12·nside² rows with nside a power of two, got {npix}")
    return x, nside


def face_coordinates(nside):
    """(face, ix, iy) of every NEST pixel ``0..12 nside² - 1``, each an int64 array.

    Built from two small bit de-interleavings (blocks of ``4^j`` pixels, ``j = ⌊log2(nside)/2⌋``)
    instead of one per pixel: ``p = b·4^j + t`` gives ``ix = 2^j·ix(b) + dx(t)``.
    """
    n = check_nside(nside)
    j = (n.bit_length() - 1) // 2
    side = 1 << j
    bx, by, bf = nest2xyf(n // side, np.arange(12 * (n // side) ** 2, dtype=np.int64))
    tx, ty, _ = nest2xyf(side, np.arange(side * side, dtype=np.int64))
    return (np.repeat(bf, side * side), (bx[:, None] * side + tx[None, :]).ravel(),
            (by[:, None] * side + ty[None, :]).ravel())


def window_partition(x, window_size) -> np.ndarray:
    """``(npix, C) → (npix / window_size, window_size, C)``: window ``w`` holds pixels
    ``w·ws .. (w+1)·ws - 1`` (NEST)."""
    x, nside = _check_features(x)
    ws = check_window_size(window_size, nside)
    return x.reshape(x.shape[0] // ws, ws, x.shape[1])


def window_reverse(windows) -> np.ndarray:
    """Inverse of :func:`window_partition`: ``(nW, ws, C) → (nW·ws, C)``."""
    windows = np.asarray(windows)
    if windows.ndim != 3:
        raise ValueError(f"windows must have shape (n_windows, window_size, C), got {windows.shape}")
    check_window_size(windows.shape[1])
    x = windows.reshape(-1, windows.shape[2])
    _check_features(x, "windows (flattened)")
    return x


def window_pixels(nside, window_size) -> np.ndarray:
    """(n_windows, window_size) NEST pixel indices of each window."""
    n = check_nside(nside)
    ws = check_window_size(window_size, n)
    return np.arange(12 * n * n, dtype=np.int64).reshape(-1, ws)


def relative_position_index(window_size) -> np.ndarray:
    """(ws, ws) index into a Swin relative-position bias table of ``(2M-1)²`` rows, ``M = 2^k``.

    Entry ``[i, j]`` is ``(dx_i - dx_j + M - 1)·(2M - 1) + (dy_i - dy_j + M - 1)`` with
    ``(dx, dy)`` from :func:`window_layout` (Liu et al. 2021, Eq. (4)).
    """
    lay = window_layout(window_size)
    m = math.isqrt(lay.shape[0])
    d = lay[:, None, :] - lay[None, :, :] + (m - 1)
    return d[..., 0] * (2 * m - 1) + d[..., 1]


def patch_merge(x) -> np.ndarray:
    """Patch merging ``(npix, C) → (npix/4, 4C)`` from ``nside`` to ``nside/2`` (NEST).

    Row ``q`` of the output is ``[x[4q], x[4q+1], x[4q+2], x[4q+3]]`` concatenated: the four
    children of pixel ``q`` at ``nside/2``, at offsets ``(0,0), (1,0), (0,1), (1,1)``.
    """
    x, nside = _check_features(x)
    if nside < 2:
        raise ValueError("patch_merge needs nside >= 2 (x has 12 rows, nside = 1)")
    return x.reshape(x.shape[0] // 4, 4 * x.shape[1])


def patch_unmerge(y) -> np.ndarray:
    """Inverse of :func:`patch_merge`: ``(npix/4, 4C) → (npix, C)``."""
    y, _ = _check_features(y, "y")
    if y.shape[1] % 4:
        raise ValueError(f"y must have 4C columns (a multiple of 4), got {y.shape[1]}")
    return y.reshape(4 * y.shape[0], y.shape[1] // 4)

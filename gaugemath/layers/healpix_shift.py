r"""Shifted windows on the whole HEALPix sphere: the ring shift and the geometric half-window shift.

A shift is a permutation ``perm`` of the NEST pixels: the shifted feature array is
``x[perm]`` (a gather, as HEAL-SWIN's ``shift_idcs``), its windows are runs of
``window_size`` consecutive rows, and ``labels`` (one per row of the shifted array) say
which rows may attend to each other: the attention mask of window ``w`` blocks the pair
``(i, j)`` when ``labels[w·ws + i] != labels[w·ws + j]`` (Liu et al. 2021, Sect. 3.2, Fig. 4).

* :func:`ring_shift` — HEAL-SWIN's ring shift (Carlsson et al. 2024, Sect. 3.3): go to RING
  order, roll by ``shift`` pixels, go back to NEST.  On the 12 faces nothing is masked; on
  the 8-face "fisheye" domain (faces 0..7) the rows that would come from the southern
  faces are marked and refilled with the pixels the roll lost (HEAL-SWIN's construction).
* :func:`geometric_shift` — the exact half-window shift built from the atlas
  (:mod:`gaugemath.bundles.healpix_atlas`): the shifted windows are the squares of side
  ``2^k`` centred on the vertices of the window grid, i.e. each window moved by
  ``(2^{k-1}, 2^{k-1})`` in some chart, collected across seams by the gluing maps.  The grid
  has ``12 m² + 2`` vertices (``m = nside / 2^k``; Euler: ``V - E + F = 2``); at the 8
  three-face points only three quadrants exist, and those 8 partial windows (24 quadrants)
  are packed into 6 windows whose foreign quadrant is masked.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from gaugemath.bundles.healpix_atlas import gluing_tables
from gaugemath.layers.healpix_windows import check_window_size, face_coordinates, window_layout
from gaugemath.transforms.healpix import xyf2ring
from gaugemath.transforms.healpix import check_nside

__all__ = ["WindowShift", "ring_shift", "geometric_shift", "attention_mask"]


@dataclasses.dataclass(frozen=True)
class WindowShift:
    """A shift of the NEST pixels: ``shifted = x[perm]``; ``labels`` per shifted row.

    Attributes
    ----------
    nside, window_size : int
    perm : ndarray, shape (npix,)
        Gather indices (a permutation of ``0..npix-1``).
    labels : ndarray, shape (npix,)
        Region label of each shifted row; rows of a window attend to each other only
        when their labels agree.
    """

    nside: int
    window_size: int
    perm: np.ndarray
    labels: np.ndarray

    @property
    def inverse(self) -> np.ndarray:
        """The permutation that undoes the shift: ``x == shifted[inverse]``."""
        inv = np.empty_like(self.perm)
        inv[self.perm] = np.arange(self.perm.size)
        return inv

    def shift(self, x):
        """``x[perm]`` for ``x`` of shape ``(npix, ...)``."""
        x = np.asarray(x)
        if x.ndim < 1 or x.shape[0] != self.perm.size:
            raise ValueError(f"x must have {self.perm.size} rows (npix), got shape {x.shape}")
        return x[self.perm]

    def unshift(self, x):
        """Inverse of :meth:`shift`."""
        x = np.asarray(x)
        if x.ndim < 1 or x.shape[0] != self.perm.size:
            raise ValueError(f"x must have {self.perm.size} rows (npix), got shape {x.shape}")
        return x[self.inverse]

    def mask(self) -> np.ndarray:
        """(n_windows, ws, ws) boolean attention mask, ``True`` = blocked."""
        return attention_mask(self.labels, self.window_size)


def attention_mask(labels, window_size) -> np.ndarray:
    """(n_windows, ws, ws) boolean mask, ``True`` where two rows of a window carry different labels."""
    labels = np.asarray(labels)
    ws = check_window_size(window_size)
    if labels.ndim != 1 or labels.size % ws:
        raise ValueError(f"labels must be 1-D with a multiple of window_size={ws} entries, got {labels.shape}")
    lw = labels.reshape(-1, ws)
    return lw[:, :, None] != lw[:, None, :]


def ring_shift(nside, shift, window_size, *, faces: int = 12, per_ring: bool = False) -> WindowShift:
    """HEAL-SWIN's ring shift: ``perm[i] = ring2nest((nest2ring(i) - shift) mod npix)``.

    Parameters
    ----------
    nside : int
        Power of two.
    shift : int
        Pixels to roll by (any integer; HEAL-SWIN uses half a window).
    window_size : int
        Power of 4, at most ``nside²``; only the shape of the mask depends on it.
    faces : {12, 8}
        12: the whole sphere (labels all 0).  8: HEAL-SWIN's fisheye domain of faces 0..7
        (``8 nside²`` pixels): rows whose source lies in faces 8..11 get label
        ``face + 1`` and are refilled with the domain pixels the roll lost — an
        equatorial face ``4+j`` from face ``4 + (j-1) mod 4``, the northern faces from
        what is left, in order.
    per_ring : bool
        If true, roll each iso-latitude ring cyclically by ``shift`` (an exact rotation
        about the polar axis in the belt) instead of the whole ring sequence (HEAL-SWIN).
    """
    n = check_nside(nside)
    ws = check_window_size(window_size, n)
    if isinstance(shift, (bool, np.bool_)) or not isinstance(shift, (int, np.integer)):
        raise TypeError(f"shift must be an integer number of pixels, got {type(shift).__name__}")
    if faces not in (8, 12):
        raise ValueError(f"faces must be 12 (whole sphere) or 8 (HEAL-SWIN fisheye domain), got {faces!r}")
    npix = 12 * n * n
    f, x, y = face_coordinates(n)
    ring = xyf2ring(n, x, y, f)  # nest -> ring for every pixel
    ring2nest = np.empty(npix, np.int64)
    ring2nest[ring] = np.arange(npix)
    if per_ring:
        i = np.arange(1, 4 * n, dtype=np.int64)
        nphi = 4 * np.minimum(np.minimum(i, 4 * n - i), n)
        start = np.concatenate([[0], np.cumsum(nphi)[:-1]])
        r = np.searchsorted(start, ring, side="right") - 1
        src = start[r] + (ring - start[r] - int(shift)) % nphi[r]
    else:
        src = (ring - int(shift)) % npix
    perm = ring2nest[src]
    if faces == 12:
        return WindowShift(n, ws, perm, np.zeros(npix, np.int64))
    return _fisheye(n, ws, perm[: 8 * n * n])


def _fisheye(n, ws, perm):
    npf = n * n
    nd = 8 * npf
    outside = perm >= nd
    face_of_row = np.arange(nd) // npf
    labels = np.where(outside, face_of_row + 1, 0)
    used = np.zeros(nd, bool)
    used[perm[~outside]] = True
    lost = [np.flatnonzero(~used[f * npf:(f + 1) * npf]) + f * npf for f in range(8)]
    perm = perm.copy()
    spare = []
    for f in range(4, 8):
        rows = np.flatnonzero(outside[f * npf:(f + 1) * npf]) + f * npf
        src = lost[4 + (f - 5) % 4]
        if rows.size > src.size:
            raise ValueError(f"faces=8: shift is too large for HEAL-SWIN's refill (face {f} needs {rows.size} "
                             f"pixels, face {4 + (f - 5) % 4} lost {src.size}); use a smaller shift")
        perm[rows] = src[: rows.size]
        spare.append(src[rows.size:])
    spare = np.concatenate(spare)
    rows = np.flatnonzero(outside[: 4 * npf])
    if rows.size != spare.size:
        raise ValueError(f"faces=8: shift is too large for HEAL-SWIN's refill ({rows.size} northern rows to fill, "
                         f"{spare.size} spare pixels); use a smaller shift")
    perm[rows] = spare
    return WindowShift(n, ws, perm, labels.astype(np.int64))


def _canonical_vertex(n, f, vx, vy):
    """Smallest ``(face, vx, vy)`` key among the charts that contain the grid vertex."""
    tab_f, tab_m, tab_t = gluing_tables()
    side = n + 1
    best = (f * side + vx) * side + vy
    for ox in (-1, 0, 1):
        for oy in (-1, 0, 1):
            if ox == oy == 0:
                continue
            on = np.ones(f.shape, bool)
            if ox:
                on &= vx == (n if ox > 0 else 0)
            if oy:
                on &= vy == (n if oy > 0 else 0)
            fb = tab_f[f, ox + 1, oy + 1]
            on &= fb >= 0
            m, t = tab_m[f, ox + 1, oy + 1], tab_t[f, ox + 1, oy + 1]
            wx = m[:, 0, 0] * vx + m[:, 0, 1] * vy + n * t[:, 0]
            wy = m[:, 1, 0] * vx + m[:, 1, 1] * vy + n * t[:, 1]
            key = (fb * side + wx) * side + wy
            best = np.where(on & (key < best), key, best)
    return best


def _to_chart(n, f, x, y, fc):
    """Extended pixel coordinates in chart ``fc`` of pixels (f, x, y) of a face touching ``fc``."""
    tab_f, tab_m, tab_t = gluing_tables()
    cx, cy = x.copy(), y.copy()
    found = f == fc
    for ox in (-1, 0, 1):
        for oy in (-1, 0, 1):
            if ox == oy == 0:
                continue
            # the gluing fc -> f tells where f lies as seen from fc; invert it
            sel = ~found & (tab_f[fc, ox + 1, oy + 1] == f)
            if not sel.any():
                continue
            m, t = tab_m[fc[sel], ox + 1, oy + 1], tab_t[fc[sel], ox + 1, oy + 1]
            mi = np.transpose(m, (0, 2, 1))  # M^{-1} = M^T for a rotation
            sx = (m[:, 0, 0] + m[:, 0, 1] - 1) // 2
            sy = (m[:, 1, 0] + m[:, 1, 1] - 1) // 2
            bx, by = x[sel] - n * t[:, 0] - sx, y[sel] - n * t[:, 1] - sy
            cx[sel] = mi[:, 0, 0] * bx + mi[:, 0, 1] * by
            cy[sel] = mi[:, 1, 0] * bx + mi[:, 1, 1] * by
            found |= sel
    if not found.all():  # pragma: no cover - every face around a vertex touches its chart
        raise RuntimeError("geometric_shift: a pixel's face does not touch the vertex chart")
    return cx, cy


def geometric_shift(nside, window_size) -> WindowShift:
    """The exact half-window shift of ``window_size = 4^k`` windows (``k >= 1``) on all 12 faces.

    Each shifted window is the ``2^k × 2^k`` square centred on a vertex of the window grid,
    laid out in the chart of the vertex's smallest ``(face, x, y)`` representation: slot
    ``s`` ↔ offset ``(dx, dy)`` as in :func:`~gaugemath.layers.healpix_windows.window_layout`,
    pixel ``= glue(chart, v - 2^{k-1} + (dx, dy))``.  Windows are ordered by that key; the 8
    partial windows at the three-face points come last, packed 4 into 3 windows (the 4th's
    quadrants fill the others' missing quadrant, keeping their offsets).  Labels are vertex
    ids, so only the 6 packed windows carry a mask.
    """
    n = check_nside(nside)
    ws = check_window_size(window_size, n)
    if ws < 4:
        raise ValueError("geometric_shift needs window_size >= 4 (a half-window shift of 1 pixel is 0)")
    L = int(round(ws**0.5))
    s = L // 2
    npix = 12 * n * n
    m = n // L
    pix = np.arange(npix, dtype=np.int64)
    f, x, y = face_coordinates(n)
    lay = window_layout(ws)
    # canonical key of every window-grid vertex of every face (12 (m+1)^2 of them), then per pixel
    vf, va, vb = (g.ravel() for g in np.meshgrid(np.arange(12), np.arange(m + 1), np.arange(m + 1), indexing="ij"))
    table = _canonical_vertex(n, vf, va * L, vb * L)
    keys, vid_table = np.unique(table, return_inverse=True)
    corner = (f * (m + 1) + x // L + (x % L >= s)) * (m + 1) + y // L + (y % L >= s)
    vid = vid_table.ravel()[corner]
    key = keys[vid]
    count = np.bincount(vid, minlength=keys.size)
    side = n + 1
    fc, vxc, vyc = key // (side * side), (key // side) % side, key % side
    other = f != fc
    cx, cy = x.copy(), y.copy()
    cx[other], cy[other] = _to_chart(n, f[other], x[other], y[other], fc[other])
    dx, dy = cx - (vxc - s), cy - (vyc - s)
    if dx.min() < 0 or dy.min() < 0 or max(dx.max(), dy.max()) >= L:  # pragma: no cover
        raise RuntimeError("geometric_shift: a pixel fell outside its vertex window")
    partial = np.flatnonzero(count != ws)
    if partial.size != 8 or np.any(count[partial] != 3 * ws // 4):  # pragma: no cover
        raise RuntimeError(f"geometric_shift: expected 8 partial windows, found {partial.size}")
    block = np.full(keys.size, -1, np.int64)
    full = np.flatnonzero(count == ws)
    block[full] = np.arange(full.size)
    slot_of = np.empty((L, L), np.int64)
    slot_of[lay[:, 0], lay[:, 1]] = np.arange(ws)
    slot = slot_of[dx, dy]
    quad = (dx >= s).astype(np.int64) + 2 * (dy >= s)
    # the 4 northern, then the 4 southern three-face points: members 0..2 keep their window,
    # member 3's three quadrants fill their missing quadrants (same offsets inside the quadrant)
    groups = partial.reshape(2, 4)
    block[groups[:, :3].ravel()] = full.size + np.arange(6)
    win = block[vid]
    for members in groups:
        donor = vid == members[3]
        for j, q in enumerate(np.unique(quad[donor])):
            hole = 6 - int(np.unique(quad[vid == members[j]]).sum())  # 0+1+2+3 minus the present ones
            sel = donor & (quad == q)
            slot[sel] = slot_of[dx[sel] % s + (hole % 2) * s, dy[sel] % s + (hole // 2) * s]
            win[sel] = block[members[j]]
    dest = win * ws + slot
    if np.any(np.bincount(dest, minlength=npix) != 1):  # pragma: no cover
        raise RuntimeError("geometric_shift: the windows do not tile the sphere")
    perm = np.empty(npix, np.int64)
    perm[dest] = pix
    labels = np.empty(npix, np.int64)
    labels[dest] = vid
    return WindowShift(n, ws, perm, labels)

"""Shifted windows on the whole HEALPix sphere: HEAL-SWIN's ring shift and the geometric shift.

References: healpy (ring/nest conversion, neighbours, pix2xyf/xyf2pix, pix2ang), the output
of HEAL-SWIN's ``RingShift`` (github.com/JanEGerken/HEAL-SWIN at b88af4c, 8 base pixels,
nside 4, shift 2; produced once with their code, pasted below), and counts derived here
from the geometry of the window grid.
"""

import healpy as hp
import numpy as np
import pytest

from gaugemath.layers import WindowShift, attention_mask, geometric_shift, ring_shift, window_layout

# HEAL-SWIN RingShift(nside=4, base_pix=8, window_size=4, shift_size=2): shift_idcs and mask
HEALSWIN_PERM_N4_S2 = [
    76, 77, 52, 79, 8, 9, 10, 11, 53, 55, 60, 62, 61, 63, 47, 115, 92, 93, 94, 95, 24, 25, 26, 27, 4, 5, 6,
    12, 7, 13, 14, 72, 108, 109, 110, 111, 40, 41, 42, 43, 20, 21, 22, 28, 23, 29, 30, 15, 124, 125, 126, 127,
    56, 57, 58, 59, 36, 37, 38, 44, 39, 45, 46, 31, 112, 113, 114, 74, 73, 75, 48, 78, 116, 117, 118, 119, 49,
    51, 50, 54, 64, 65, 66, 67, 88, 89, 90, 91, 68, 69, 70, 71, 0, 1, 2, 3, 80, 81, 82, 83, 104, 105, 106, 107,
    84, 85, 86, 87, 16, 17, 18, 19, 96, 97, 98, 99, 120, 121, 122, 123, 100, 101, 102, 103, 32, 33, 34, 35,
]
HEALSWIN_LABELS_N4_S2 = np.zeros(128, int)
HEALSWIN_LABELS_N4_S2[[15, 31]] = [1, 2]
HEALSWIN_LABELS_N4_S2[64:67] = 5
for _f in (5, 6, 7):
    HEALSWIN_LABELS_N4_S2[16 * _f:16 * _f + 4] = _f + 1


def layout_pairs(ws):
    lay = window_layout(ws)
    return np.array([(a, b) for a in range(ws) for b in range(a + 1, ws) if np.abs(lay[a] - lay[b]).max() == 1])


def non_neighbour_pairs(nside, windows, pairs):
    """(window, pair) entries whose two pixels are not healpy neighbours."""
    nb = hp.get_all_neighbours(nside, windows[:, pairs[:, 0]], nest=True)
    return ~(nb == windows[:, pairs[:, 1]][None]).any(axis=0)


@pytest.mark.parametrize(("nside", "shift"), [(4, 2), (8, 8), (8, -3)])
def test_ring_shift_whole_sphere(nside, shift):
    ws = 16
    sh = ring_shift(nside, shift, ws)
    npix = 12 * nside**2
    expect = hp.ring2nest(nside, (hp.nest2ring(nside, np.arange(npix)) - shift) % npix)
    np.testing.assert_array_equal(sh.perm, expect)
    assert not sh.mask().any()  # HEAL-SWIN masks nothing on the whole sphere
    x = np.random.default_rng(0).standard_normal((npix, 2))
    np.testing.assert_array_equal(sh.unshift(sh.shift(x)), x)


def test_ring_shift_per_ring_is_a_rotation():
    nside, shift = 4, 3
    sh = ring_shift(nside, shift, 4, per_ring=True)
    npix = 12 * nside**2
    th_d, ph_d = hp.pix2ang(nside, np.arange(npix), nest=True)
    th_s, ph_s = hp.pix2ang(nside, sh.perm, nest=True)
    np.testing.assert_allclose(th_s, th_d, rtol=0, atol=1e-14)
    ring = hp.nest2ring(nside, np.arange(npix))
    nphi = np.array([np.sum(np.isclose(th_d, t, rtol=0, atol=1e-12)) for t in th_d])
    dphi = np.mod(ph_d - ph_s - 2 * np.pi * shift / nphi + np.pi, 2 * np.pi) - np.pi
    np.testing.assert_allclose(dphi, 0, rtol=0, atol=1e-12)
    assert np.array_equal(np.sort(sh.perm), np.arange(npix)) and ring.size == npix


def test_ring_shift_fisheye_reproduces_heal_swin():
    sh = ring_shift(4, 2, 4, faces=8)
    np.testing.assert_array_equal(sh.perm, HEALSWIN_PERM_N4_S2)
    np.testing.assert_array_equal(sh.labels, HEALSWIN_LABELS_N4_S2)
    for nside, shift in ((8, 4), (16, 8)):
        sh = ring_shift(nside, shift, 16, faces=8)
        assert np.array_equal(np.sort(sh.perm), np.arange(8 * nside**2))
        # rows keep their ring-roll source unless that source lies in faces 8..11
        src = hp.ring2nest(nside, (hp.nest2ring(nside, np.arange(8 * nside**2)) - shift) % (12 * nside**2))
        keep = src < 8 * nside**2
        np.testing.assert_array_equal(sh.perm[keep], src[keep])
        assert np.array_equal(sh.labels != 0, ~keep)


@pytest.mark.parametrize(("nside", "ws"), [(4, 4), (4, 16), (8, 16), (8, 64)])
def test_geometric_shift(nside, ws):
    sh = geometric_shift(nside, ws)
    npix = 12 * nside**2
    L = int(round(ws**0.5))
    s, m = L // 2, nside // L
    assert np.array_equal(np.sort(sh.perm), np.arange(npix))
    win = sh.perm.reshape(-1, ws)
    lab = sh.labels.reshape(-1, ws)
    # the window-grid vertices: V = E - F + 2 = 24 m^2 - 12 m^2 + 2
    assert np.unique(sh.labels).size == 12 * m * m + 2
    # each unmasked shifted window meets 4 original windows, a quarter of each
    masked = sh.mask().any(axis=(1, 2))
    orig = np.sort(win[~masked] // ws, axis=1)
    assert np.all((np.diff(orig, axis=1) != 0).sum(axis=1) == 3)
    # interior vertices of each face: the window is the square around the vertex, in the face frame
    lay = window_layout(ws)
    first_slot = {}
    for w in range(win.shape[0]):
        first_slot[win[w, 0]] = w
    for face in (0, 5, 10):
        for a in range(1, m):
            for b in range(1, m):
                px = hp.xyf2pix(nside, a * L - s + lay[:, 0], b * L - s + lay[:, 1], face, nest=True)
                assert px[0] in first_slot
                np.testing.assert_array_equal(win[first_slot[px[0]]], px)
    # layout neighbours are healpy neighbours, except in the 6 windows that hold the 8
    # three-face points: there the quadrant that has no face is filled by another point's
    # quadrant; count the layout pairs between one corner quadrant and the rest
    pairs = layout_pairs(ws)
    lay_p = lay[pairs]  # (P, 2, 2)
    in_q = (lay_p[..., 0] < s) & (lay_p[..., 1] < s)
    per_window = int(np.sum(in_q[:, 0] != in_q[:, 1]))
    assert per_window == 6 * s - 3  # 2 s across the two edges + 2(2s-1) - 1 diagonals
    bad = non_neighbour_pairs(nside, win, pairs)
    assert masked.sum() == 6
    assert not bad[~masked].any()
    assert bad.sum() == 6 * per_window
    # the mask blocks exactly the pairs between the foreign quadrant and the rest
    for w in np.flatnonzero(masked):
        sizes = np.sort(np.unique(lab[w], return_counts=True)[1])
        np.testing.assert_array_equal(sizes, [s * s, 3 * s * s])
        assert sh.mask()[w].sum() == 2 * (s * s) * (3 * s * s)


def test_shift_objects_and_masks():
    sh = geometric_shift(4, 16)
    x = np.arange(12 * 16 * 3).reshape(-1, 3)
    np.testing.assert_array_equal(sh.shift(x)[7], x[sh.perm[7]])
    np.testing.assert_array_equal(sh.unshift(sh.shift(x)), x)
    np.testing.assert_array_equal(sh.perm[sh.inverse], np.arange(192))
    m = attention_mask(np.array([0, 0, 1, 1, 2, 2, 2, 2]), 4)
    assert m.shape == (2, 4, 4) and m[0, 0, 2] and not m[0, 0, 1] and not m[1].any()


def test_bad_input():
    with pytest.raises(ValueError, match="window_size >= 4"):
        geometric_shift(4, 1)
    with pytest.raises(ValueError, match="power of 4"):
        geometric_shift(4, 8)
    with pytest.raises(ValueError, match="at most nside"):
        geometric_shift(4, 64)
    with pytest.raises(ValueError, match="power of two"):
        geometric_shift(6, 4)
    with pytest.raises(TypeError, match="shift"):
        ring_shift(4, 1.5, 4)
    with pytest.raises(ValueError, match="faces"):
        ring_shift(4, 1, 4, faces=10)
    with pytest.raises(ValueError, match="too large"):
        ring_shift(16, 128, 16, faces=8)
    sh = ring_shift(4, 1, 4)
    with pytest.raises(ValueError, match="192 rows"):
        sh.shift(np.zeros((48, 2)))
    with pytest.raises(ValueError, match="192 rows"):
        sh.unshift(np.zeros(5))
    with pytest.raises(ValueError, match="multiple of window_size"):
        attention_mask(np.zeros(6), 4)
    assert isinstance(sh, WindowShift)

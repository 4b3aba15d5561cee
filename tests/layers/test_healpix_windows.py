"""Nested HEALPix windows, patch merging and the relative-position index, against healpy."""

import healpy as hp
import numpy as np
import pytest

from gaugemath.layers import (
    check_window_size,
    face_coordinates,
    patch_merge,
    patch_unmerge,
    relative_position_index,
    window_layout,
    window_partition,
    window_pixels,
    window_reverse,
)


@pytest.mark.parametrize(("nside", "ws"), [(1, 1), (4, 4), (8, 16), (8, 64)])
def test_layout_is_the_face_frame(nside, ws):
    lay = window_layout(ws)
    win = window_pixels(nside, ws)
    x, y, f = hp.pix2xyf(nside, win, nest=True)
    # every window is one face; slot s sits at (x, y) = origin + layout[s]
    assert np.all(f == f[:, :1])
    np.testing.assert_array_equal(x - x[:, :1], np.broadcast_to(lay[:, 0], x.shape))
    np.testing.assert_array_equal(y - y[:, :1], np.broadcast_to(lay[:, 1], y.shape))
    m = int(round(ws**0.5))
    assert np.all(x[:, :1] % m == 0) and np.all(y[:, :1] % m == 0)
    assert sorted(map(tuple, lay)) == [(i, j) for i in range(m) for j in range(m)]


@pytest.mark.parametrize(("nside", "ws"), [(4, 16), (8, 16), (8, 64)])
def test_layout_neighbours_are_healpy_neighbours(nside, ws):
    lay = window_layout(ws)
    pairs = np.array([(a, b) for a in range(ws) for b in range(a + 1, ws) if np.abs(lay[a] - lay[b]).max() == 1])
    m = int(round(ws**0.5))
    assert len(pairs) == 2 * m * (m - 1) + 2 * (m - 1) ** 2  # 4-neighbour + diagonal pairs of an m x m grid
    win = window_pixels(nside, ws)
    nb = hp.get_all_neighbours(nside, win[:, pairs[:, 0]], nest=True)
    assert np.all((nb == win[:, pairs[:, 1]][None]).any(axis=0))


@pytest.mark.parametrize("nside", [1, 2, 8, 32])
def test_face_coordinates(nside):
    f, x, y = face_coordinates(nside)
    hx, hy, hf = hp.pix2xyf(nside, np.arange(12 * nside**2), nest=True)
    np.testing.assert_array_equal(np.stack([f, x, y]), np.stack([hf, hx, hy]))


def test_partition_round_trip():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((12 * 16, 3))
    w = window_partition(x, 16)
    assert w.shape == (12, 16, 3)
    np.testing.assert_array_equal(w[5, 7], x[5 * 16 + 7])
    np.testing.assert_array_equal(window_reverse(w), x)


@pytest.mark.parametrize("nside", [2, 4, 8])
def test_patch_merge_children_and_round_trip(nside):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((12 * nside**2, 5))
    y = patch_merge(x)
    assert y.shape == (3 * nside**2, 20)
    np.testing.assert_array_equal(patch_unmerge(y), x)
    # the 4 rows merged into row q are the pixels whose centres lie in pixel q at nside/2 (healpy)
    p = np.arange(12 * nside**2)
    parent = hp.vec2pix(nside // 2, *hp.pix2vec(nside, p, nest=True), nest=True)
    for q in (0, 7, 3 * nside**2 - 1):
        kids = np.flatnonzero(parent == q)
        np.testing.assert_array_equal(y[q].reshape(4, 5), x[kids])
    # and the child order is (dx, dy) = (0,0), (1,0), (0,1), (1,1) in the face frame
    cx, cy, _ = hp.pix2xyf(nside, np.arange(4), nest=True)
    np.testing.assert_array_equal(np.stack([cx, cy], 1), window_layout(4))


def test_relative_position_index():
    for ws in (1, 4, 16, 64):
        m = int(round(ws**0.5))
        idx = relative_position_index(ws)
        lay = window_layout(ws)
        for i in range(0, ws, max(1, ws // 7)):
            for j in range(ws):
                ddx, ddy = lay[i] - lay[j]
                assert idx[i, j] == (ddx + m - 1) * (2 * m - 1) + (ddy + m - 1)
        assert set(np.unique(idx)) == set(range((2 * m - 1) ** 2))
        assert np.all(np.diag(idx) == (m - 1) * (2 * m - 1) + m - 1)


def test_bad_input():
    for bad in (0, 2, 8, 32, -4):
        with pytest.raises(ValueError, match="power of 4"):
            check_window_size(bad)
    for bad in (4.0, True, "4"):
        with pytest.raises(TypeError, match="window_size"):
            check_window_size(bad)
    with pytest.raises(ValueError, match=r"at most nside"):
        check_window_size(64, 4)
    with pytest.raises(ValueError, match="power of two"):
        window_pixels(3, 4)
    with pytest.raises(ValueError, match="12·nside"):
        window_partition(np.zeros((100, 2)), 4)
    with pytest.raises(ValueError, match="12·nside"):
        window_partition(np.zeros((12 * 9, 2)), 1)  # nside 3
    with pytest.raises(ValueError, match=r"\(npix, C\)"):
        window_partition(np.zeros(48), 4)
    with pytest.raises(ValueError, match="at most nside"):
        window_partition(np.zeros((48, 2)), 16)
    with pytest.raises(ValueError, match="nside >= 2"):
        patch_merge(np.zeros((12, 2)))
    with pytest.raises(ValueError, match="multiple of 4"):
        patch_unmerge(np.zeros((48, 6)))
    with pytest.raises(ValueError, match="n_windows"):
        window_reverse(np.zeros((48, 2)))

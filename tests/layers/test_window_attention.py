"""The reference window-attention block against dense attention over all pixels.

The dense reference is written here from the definition: every pixel attends to every
pixel with scores q.k / sqrt(d) + bias, and -inf for pairs that are not in the same
(shifted) window with the same label; the bias of a pair is looked up from the two
pixels' slot offsets (dx, dy) in their window.
"""

import math

import numpy as np
import pytest

from gaugemath.layers import geometric_shift, patch_merge, patch_merging, ring_shift, window_layout, window_self_attention

NSIDE, WS, C, HEADS = 4, 16, 8, 2
TOL = dict(rtol=0, atol=1e-12)


def params(seed=0):
    rng = np.random.default_rng(seed)
    m = int(round(WS**0.5))
    return (rng.standard_normal((12 * NSIDE**2, C)), rng.standard_normal((C, 3 * C)) / 2,
            rng.standard_normal((C, C)), rng.standard_normal(((2 * m - 1) ** 2, HEADS)))


def dense_attention(x, w_qkv, w_out, table, perm, labels):
    """Global attention over all npix pixels with the block mask of the (shifted) windows."""
    npix = x.shape[0]
    m = int(round(WS**0.5))
    d = C // HEADS
    pos = np.empty(npix, int)  # slot of each pixel in its shifted window
    win = np.empty(npix, int)
    lab = np.empty(npix, int)
    pos[perm] = np.arange(npix) % WS
    win[perm] = np.arange(npix) // WS
    lab[perm] = labels
    lay = window_layout(WS)[pos]
    allowed = (win[:, None] == win[None, :]) & (lab[:, None] == lab[None, :])
    rel = lay[:, None, :] - lay[None, :, :] + (m - 1)
    out = np.zeros((npix, C))
    for h in range(HEADS):
        q = x @ w_qkv[:, h * d:(h + 1) * d]
        k = x @ w_qkv[:, C + h * d:C + (h + 1) * d]
        v = x @ w_qkv[:, 2 * C + h * d:2 * C + (h + 1) * d]
        s = q @ k.T / math.sqrt(d) + table[rel[..., 0] * (2 * m - 1) + rel[..., 1], h]
        s = np.where(allowed, s, -np.inf)
        a = np.exp(s - s.max(axis=1, keepdims=True))
        out[:, h * d:(h + 1) * d] = (a / a.sum(axis=1, keepdims=True)) @ v
    return out @ w_out


@pytest.mark.parametrize("kind", ["none", "ring", "geometric"])
def test_matches_dense_attention(kind):
    x, w_qkv, w_out, table = params()
    npix = x.shape[0]
    if kind == "none":
        shift, perm, labels = None, np.arange(npix), np.zeros(npix, int)
    else:
        shift = ring_shift(NSIDE, 2, WS) if kind == "ring" else geometric_shift(NSIDE, WS)
        perm, labels = shift.perm, shift.labels
    ours = window_self_attention(x, w_qkv, w_out, table, num_heads=HEADS, window_size=WS, shift=shift)
    np.testing.assert_allclose(ours, dense_attention(x, w_qkv, w_out, table, perm, labels), **TOL)


def test_masked_pairs_do_not_interact():
    # perturbing the foreign quadrant of a packed geometric window leaves the rest unchanged
    x, w_qkv, w_out, table = params(1)
    sh = geometric_shift(NSIDE, WS)
    w = int(np.flatnonzero(sh.mask().any(axis=(1, 2)))[0])
    lab = sh.labels[w * WS:(w + 1) * WS]
    rows = sh.perm[w * WS:(w + 1) * WS]
    minority = lab == np.unique(lab)[np.argmin(np.unique(lab, return_counts=True)[1])]
    y0 = window_self_attention(x, w_qkv, w_out, table, num_heads=HEADS, window_size=WS, shift=sh)
    x2 = x.copy()
    x2[rows[minority]] += 1.0
    y1 = window_self_attention(x2, w_qkv, w_out, table, num_heads=HEADS, window_size=WS, shift=sh)
    np.testing.assert_allclose(y1[rows[~minority]], y0[rows[~minority]], **TOL)
    assert np.abs(y1[rows[minority]] - y0[rows[minority]]).max() > 1e-3


def test_patch_merging():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((12 * 16, 3))
    w = rng.standard_normal((12, 6))
    y = patch_merging(x, w, normalize=False)
    np.testing.assert_allclose(y, patch_merge(x) @ w, **TOL)
    yn = patch_merging(x, np.eye(12))
    np.testing.assert_allclose(yn.mean(axis=1), 0, **TOL)
    np.testing.assert_allclose(yn.var(axis=1) * (1 + 1e-5 / patch_merge(x).var(axis=1)), 1, rtol=0, atol=1e-10)
    assert y.shape == (48, 6)


def test_bad_input():
    x, w_qkv, w_out, table = params()
    kw = dict(num_heads=HEADS, window_size=WS)
    with pytest.raises(ValueError, match="w_qkv"):
        window_self_attention(x, w_qkv[:, :-1], w_out, table, **kw)
    with pytest.raises(ValueError, match="w_out"):
        window_self_attention(x, w_qkv, w_out[:3], table, **kw)
    with pytest.raises(ValueError, match="bias_table"):
        window_self_attention(x, w_qkv, w_out, table[:-1], **kw)
    with pytest.raises(ValueError, match="num_heads"):
        window_self_attention(x, w_qkv, w_out, table, num_heads=3, window_size=WS)
    with pytest.raises(ValueError, match="12·nside"):
        window_self_attention(x[:-1], w_qkv, w_out, table, **kw)
    with pytest.raises(ValueError, match="power of 4"):
        window_self_attention(x, w_qkv, w_out, table, num_heads=HEADS, window_size=8)
    with pytest.raises(ValueError, match="shift is for nside=8"):
        window_self_attention(x, w_qkv, w_out, table, shift=ring_shift(8, 2, WS), **kw)
    with pytest.raises(TypeError, match="WindowShift"):
        window_self_attention(x, w_qkv, w_out, table, shift=np.arange(192), **kw)
    with pytest.raises(ValueError, match=r"weight must have shape \(4C, C_out\)"):
        patch_merging(x, np.zeros((8, 4)))

r"""Reference (NumPy) windowed multi-head self-attention on HEALPix, Swin / HEAL-SWIN style.

For features ``x`` of shape ``(npix, C)`` in NEST order, one block computes, in every window
of ``ws = 4^k`` rows of the (optionally shifted) array and for each head ``h`` of width
``d = C / heads``,

.. math::
    \mathrm{Attn}(Q, K, V) = \mathrm{softmax}\!\Big(\frac{QK^\top}{\sqrt d} + B + \mathcal M\Big) V,

with :math:`Q, K, V = x W_{qkv}` split into heads, :math:`B_{ij} = T[\mathrm{idx}(i, j), h]` the
relative-position bias looked up in a table ``T`` of ``(2M - 1)²`` rows (``M = 2^k``) through
:func:`~gaugemath.layers.healpix_windows.relative_position_index` (Liu et al. 2021, Eq. (4)),
and :math:`\mathcal M_{ij} = -\infty` where the shift's mask blocks the pair (so blocked pairs get
weight exactly 0).  The heads are concatenated and multiplied by ``W_out``; a shifted block
is undone afterwards, so the output is in the input's NEST order.  :func:`patch_merging` is
the downsampling between stages (``nside → nside/2``, ``C → C_out``).
"""

from __future__ import annotations

import math

import numpy as np

from gaugemath.layers.healpix_shift import WindowShift
from gaugemath.layers.healpix_windows import check_window_size, patch_merge, relative_position_index

__all__ = ["window_self_attention", "patch_merging"]


def _as_matrix(a, name, shape):
    a = np.asarray(a, dtype=float)
    if a.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {a.shape}")
    return a


def window_self_attention(x, w_qkv, w_out, bias_table, *, num_heads: int, window_size: int,
                     shift: WindowShift | None = None) -> np.ndarray:
    """One (shifted-)window multi-head self-attention block (no residual, no MLP).

    Parameters
    ----------
    x : array, shape (npix, C)
        Features in NEST order, ``npix = 12 nside²``.
    w_qkv : array, shape (C, 3C)
        Columns ``[Q | K | V]``, each split into ``num_heads`` consecutive groups of ``C / num_heads``.
    w_out : array, shape (C, C)
    bias_table : array, shape ((2M - 1)², num_heads)
        Relative-position bias, ``M = sqrt(window_size)``.
    num_heads : int
        Divides ``C``.
    window_size : int
        ``4^k``, at most ``nside²``.
    shift : WindowShift, optional
        From :func:`~gaugemath.layers.healpix_shift.ring_shift` or ``geometric_shift``; its
        ``nside`` and ``window_size`` must match.

    Returns
    -------
    array, shape (npix, C)
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"x must have shape (npix, C), got {x.shape}")
    npix, c = x.shape
    nside = math.isqrt(npix // 12)
    if npix == 0 or 12 * nside * nside != npix or nside & (nside - 1):
        raise ValueError(f"x must have 12·nside² rows with nside a power of two, got {npix}")
    ws = check_window_size(window_size, nside)
    if isinstance(num_heads, bool) or not isinstance(num_heads, (int, np.integer)) or num_heads < 1 or c % num_heads:
        raise ValueError(f"num_heads must be a positive integer dividing C={c}, got {num_heads!r}")
    m = math.isqrt(ws)
    w_qkv = _as_matrix(w_qkv, "w_qkv", (c, 3 * c))
    w_out = _as_matrix(w_out, "w_out", (c, c))
    bias_table = _as_matrix(bias_table, "bias_table", ((2 * m - 1) ** 2, num_heads))
    if shift is not None:
        if not isinstance(shift, WindowShift):
            raise TypeError(f"shift must be a WindowShift or None, got {type(shift).__name__}")
        if shift.nside != nside or shift.window_size != ws:
            raise ValueError(f"shift is for nside={shift.nside}, window_size={shift.window_size}; "
                             f"x and window_size give nside={nside}, window_size={ws}")
        x = shift.shift(x)
    d = c // num_heads
    qkv = (x @ w_qkv).reshape(npix // ws, ws, 3, num_heads, d).transpose(2, 0, 3, 1, 4)  # (3, nW, h, ws, d)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d)
    scores = scores + bias_table[relative_position_index(ws)].transpose(2, 0, 1)[None]
    if shift is not None:
        scores = np.where(shift.mask()[:, None], -np.inf, scores)
    scores = scores - scores.max(axis=-1, keepdims=True)
    w = np.exp(scores)
    w /= w.sum(axis=-1, keepdims=True)
    out = (w @ v).transpose(0, 2, 1, 3).reshape(npix, c) @ w_out
    return shift.unshift(out) if shift is not None else out


def patch_merging(x, weight, *, normalize: bool = True, eps: float = 1e-5) -> np.ndarray:
    """Swin patch merging on the nested quadtree: ``(npix, C) → (npix/4, C_out)``.

    Concatenates the four children of each pixel at ``nside/2``
    (:func:`~gaugemath.layers.healpix_windows.patch_merge`), optionally normalises each row
    to zero mean and unit variance (layer norm without affine parameters), and applies the
    linear map ``weight`` of shape ``(4C, C_out)`` (Liu et al. 2021, Sect. 3.1).
    """
    y = patch_merge(x).astype(float)
    weight = np.asarray(weight, dtype=float)
    if weight.ndim != 2 or weight.shape[0] != y.shape[1]:
        raise ValueError(f"weight must have shape (4C, C_out) = ({y.shape[1]}, C_out), got {weight.shape}")
    if normalize:
        y = (y - y.mean(axis=1, keepdims=True)) / np.sqrt(y.var(axis=1, keepdims=True) + eps)
    return y @ weight

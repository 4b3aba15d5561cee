r"""2-D convolution, flattening and global average pooling (CNN-GP / CNTK; Novak et al. 2019,
Garriga-Alonso et al. 2019, Arora et al. 2019).

``Conv2D(out, k, padding)`` is the multi-channel cross-correlation of
:func:`gaugemath.layers.gcnn.correlate2d` (same padding modes and filter coordinates):
``(batch, C, H, W) -> (batch, out, H', W')`` with ``fan_in = C k²`` and

.. math:: y_o(p) = s_w \sum_{c} \sum_{a \in \{0..k-1\}^2} W_{oca}\, x_c^{pad}(p + a) + s_b b_o

(:math:`s_w = σ_w/\sqrt{C k^2}`, :math:`s_b = σ_b` in the NTK parameterisation; 1, 1 in the
standard one).  Since the filter entries are i.i.d. over ``(c, a)``, the covariance of one
output channel is the *diagonal-offset sum* of the padded input covariance
(Novak et al. 2019, Eq. (7); Arora et al. 2019, Eq. (7)):

.. math:: M(K)(p, p') = \frac{1}{k^2} \sum_{a} K^{pad}(p + a, p' + a),

with :math:`K^{pad}` zero (``"valid"``/``"same"``) or periodic (``"circular"``) on the padded
border, so :math:`Σ' = σ_w^2 M(Σ) + σ_b^2` (:mod:`gaugemath.ntk.stax`).  Only ``O(k²)`` slice
additions of the whole ``(n1, n2, H, W, H, W)`` array — no loop over pixel pairs.

``Flatten()`` reshapes ``(batch, C, *sites) -> (batch, C·|sites|)``; one flattened channel is
a uniformly chosen (channel, site), so :math:`Σ' = \frac1{|S|}\sum_s Σ(s, s)`.
``GlobalAvgPool()`` averages the spatial axes (the last two): :math:`Σ'(·,·) = \frac{1}{(HW)^2}
\sum_{p,p'} Σ(p, p')`; on group features ``(batch, C, |H|, H, W)`` it keeps the group axis.
"""

from __future__ import annotations

import numpy as np

from gaugemath._validation import check_choice
from gaugemath.layers.gcnn import PADDINGS, correlate2d
from gaugemath.ntk.dense import WeightLayer
from gaugemath.ntk.stax import Layer, Structure, check_positive_int


def check_filter(filter_shape, padding: str, height: int, width: int) -> int:
    """Validate a square filter size ``k`` (int or ``(k, k)``) against padding and image size."""
    if isinstance(filter_shape, (tuple, list)):
        if len(filter_shape) != 2 or filter_shape[0] != filter_shape[1]:
            raise ValueError(f"filter_shape must be square, k or (k, k), got {filter_shape!r}")
        filter_shape = filter_shape[0]
    k = check_positive_int(filter_shape, "filter_shape")
    if height is None:
        return k
    if padding != "valid" and k % 2 == 0:
        raise ValueError(f"padding {padding!r} needs an odd filter size, got k = {k}")
    if padding == "valid" and k > min(height, width):
        raise ValueError(f"filter size k = {k} exceeds the image size {(height, width)} with padding 'valid'")
    if padding == "circular" and (k - 1) // 2 > min(height, width):
        raise ValueError(f"circular padding needs k <= 2*min(H, W) + 1, got k = {k} for {(height, width)}")
    return k


def out_size(n: int, k: int, padding: str) -> int:
    return n - k + 1 if padding == "valid" else n


def pad_cov(K: np.ndarray, k: int, padding: str) -> np.ndarray:
    """Pad the last four axes (two (H, W) pairs) by ``(k−1)/2``: zeros or periodic
    (one pass over the interior, then the border slabs axis by axis)."""
    if padding == "valid" or k == 1:
        return K
    p = (k - 1) // 2
    shape = K.shape[:-4] + tuple(n + 2 * p for n in K.shape[-4:])
    Kp = np.zeros(shape) if padding == "same" else np.empty(shape)
    Kp[(Ellipsis,) + (slice(p, -p),) * 4] = K
    if padding == "circular":  # Kp[i] = K[(i − p) mod n], filled axis by axis
        for ax in range(4):
            n = K.shape[K.ndim - 4 + ax]
            for dst, src in ((slice(0, p), slice(n, n + p)), (slice(n + p, n + 2 * p), slice(p, 2 * p))):
                lead = (Ellipsis,) + (slice(None),) * ax
                tail = (slice(None),) * (3 - ax)
                Kp[lead + (dst,) + tail] = Kp[lead + (src,) + tail]
    return Kp


def conv_cov_numpy(K: np.ndarray, k: int, padding: str) -> np.ndarray:
    """Normalised covariance map of a k×k correlation on ``(..., H, W, H, W)`` (module
    docstring): k² slice additions of the padded array (the reference for :func:`conv_cov`)."""
    Kp = pad_cov(K, k, padding)
    ho, wo = Kp.shape[-4] - k + 1, Kp.shape[-3] - k + 1
    out = np.zeros(K.shape[:-4] + (ho, wo, ho, wo))
    for a in range(k):
        for e in range(k):
            out += Kp[..., a:a + ho, e:e + wo, a:a + ho, e:e + wo]
    return out / (k * k)


def _index_table(n: int, k: int, padding: str) -> np.ndarray:
    """``t[i, a]`` = input index of padded position ``i + a`` (−1 where it is a zero)."""
    p = 0 if padding == "valid" else (k - 1) // 2
    idx = np.arange(out_size(n, k, padding))[:, None] + np.arange(k)[None, :] - p
    if padding == "circular":
        return idx % n
    return np.where((idx >= 0) & (idx < n), idx, -1)


def conv_cov(K: np.ndarray, k: int, padding: str) -> np.ndarray:
    """As :func:`conv_cov_numpy`, by the fused Numba kernel (padding by index arithmetic)."""
    from gaugemath._jit import n_chunks, use_parallel
    from gaugemath.ntk import _kernels

    H, W = K.shape[-4], K.shape[-3]
    ho, wo = out_size(H, k, padding), out_size(W, k, padding)
    lead = K.shape[:-4]
    flat = np.ascontiguousarray(K, dtype=np.float64).reshape((-1,) + K.shape[-4:])
    out = np.empty((flat.shape[0], ho, wo, ho, wo))
    if flat.shape[0]:
        rows, cols = _index_table(H, k, padding), _index_table(W, k, padding)
        if use_parallel(out.size * k * k):
            _kernels.conv_cov_parallel(flat, rows, cols, out, n_chunks(flat.shape[0]))
        else:
            _kernels.conv_cov_rows(flat, rows, cols, out, 0, flat.shape[0])
    return out.reshape(lead + (ho, wo, ho, wo))


def correlate_vjp(x, w, gy, padding: str):
    """Backward pass of :func:`gaugemath.layers.gcnn.correlate2d`: per-example filter gradients
    ``(n, C_out, C_in, k, k)`` and the input gradient ``(n, C_in, H, W)`` of ``Σ gy · out``."""
    k = w.shape[-1]
    p = (k - 1) // 2 if padding != "valid" else 0
    xpad = x
    if p:
        mode = "wrap" if padding == "circular" else "constant"
        xpad = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)], mode=mode)
    ho, wo = gy.shape[-2:]
    gw = np.empty((x.shape[0],) + w.shape)
    gpad = np.zeros(xpad.shape)
    for a in range(k):
        for e in range(k):
            patch = xpad[:, :, a:a + ho, e:e + wo]
            gw[:, :, :, a, e] = np.einsum("nohw,nchw->noc", gy, patch, optimize=True)
            gpad[:, :, a:a + ho, e:e + wo] += np.einsum("nohw,oc->nchw", gy, w[:, :, a, e], optimize=True)
    if not p:
        return gw, gpad
    gx = gpad[:, :, p:-p, p:-p].copy()
    if padding == "circular":  # fold the wrapped border back (adjoint of numpy.pad mode="wrap")
        H, W = x.shape[-2:]
        rows = np.arange(-p, H + p) % H
        cols = np.arange(-p, W + p) % W
        gx = np.zeros(x.shape)
        np.add.at(gx, (slice(None), slice(None), rows[:, None], cols[None, :]), gpad)
    return gw, gx


class Conv2D(WeightLayer):
    """2-D convolution layer (cross-correlation; see the module docstring).

    Parameters
    ----------
    out : int
        Output channels, ``>= 1``.
    filter_shape : int or (int, int)
        Square filter size ``k``.
    padding : {"valid", "same", "circular"}
        As in :mod:`gaugemath.layers.gcnn` (``"same"``/``"circular"`` need odd ``k``).
    W_std, b_std, parameterization
        As :class:`gaugemath.ntk.Dense`.
    """

    def __init__(self, out, filter_shape=3, padding="valid", W_std=1.0, b_std=0.0, parameterization="ntk"):
        super().__init__(out, W_std, b_std, parameterization)
        self.padding = check_choice(padding, "padding", PADDINGS)
        self.k = check_filter(filter_shape, self.padding, None, None)

    def __repr__(self) -> str:
        return f"Conv2D({self.out}, {self.k}, padding={self.padding!r}, {self._args()})"

    def out_structure(self, s: Structure) -> Structure:
        if s.kind != "image":
            raise ValueError(f"Conv2D needs images (batch, C, H, W); got {s.kind} features of per-example shape "
                             f"{s.shape}")
        H, W = s.sites
        check_filter(self.k, self.padding, H, W)
        return Structure("image", self.out, (out_size(H, self.k, self.padding), out_size(W, self.k, self.padding)))

    def fan_in(self, s: Structure) -> int:
        return s.channels * self.k * self.k

    def weight_shape(self, s: Structure) -> tuple:
        return (self.out, s.channels, self.k, self.k)

    def apply(self, params, x):
        W, b = self.check_params(params, x.shape[1:])
        if x.ndim != 4 or W.shape[1] != x.shape[1]:
            raise ValueError(f"Conv2D: input shape {x.shape} does not match the filters {W.shape}")
        self.out_structure(Structure("image", x.shape[1], x.shape[2:]))
        sw, sb = self.scales(x.shape[1] * self.k**2)
        y = sw * correlate2d(x, W, self.padding)
        return y if b is None else y + sb * b[None, :, None, None]

    def vjp(self, params, x, y, gy):
        W, b = params["W"], params.get("b")
        sw, sb = self.scales(x.shape[1] * self.k**2)
        gw, gx = correlate_vjp(x, W, gy, self.padding)
        grads = {"W": sw * gw}
        if b is not None:
            grads["b"] = sb * gy.sum(axis=(2, 3))
        return grads, sw * gx

    def kernel(self, k):
        s = self.out_structure(k.structure)
        return self.kernel_linear(k, lambda K: conv_cov(K, self.k, self.padding), s)


class Flatten(Layer):
    """``(batch, C, *sites) -> (batch, C·|sites|)`` (C-major); :math:`Σ' = \\mathrm{mean}_s Σ(s, s)`."""

    def out_structure(self, s: Structure) -> Structure:
        return Structure("vector", s.channels * int(np.prod(s.sites, dtype=np.int64)), ())

    def apply(self, params, x):
        return x.reshape(x.shape[0], -1)

    def vjp(self, params, x, y, gy):
        return {}, gy.reshape(x.shape)

    def kernel(self, k):
        ns = len(k.structure.sites)
        size = int(np.prod(k.structure.sites, dtype=np.int64))

        if k.structure.compressed:  # Σ[(t, h), (t, h)] = Σ_c[t, e, t]
            sp = int(np.prod(k.structure.sites[1:], dtype=np.int64))

            def fn(K):
                flat = K[..., 0, :, :].reshape(K.shape[:-5] + (sp, sp))
                return np.trace(flat, axis1=-2, axis2=-1) / sp
            return k.map_fixed(fn, self.out_structure(k.structure))

        def fn(K):
            flat = K.reshape(K.shape[:K.ndim - 2 * ns] + (size, size))
            return np.trace(flat, axis1=-2, axis2=-1) / size
        return k.map_fixed(fn, self.out_structure(k.structure))


class GlobalAvgPool(Layer):
    """Mean over the spatial axes (the last two): images ``(batch, C, H, W) -> (batch, C)``,
    group features ``(batch, C, |H|, H, W) -> (batch, C, |H|)``; the covariance is averaged
    over both spatial pairs (module docstring)."""

    def out_structure(self, s: Structure) -> Structure:
        if s.kind == "image":
            return Structure("vector", s.channels, ())
        if s.kind == "group":
            return Structure("sites", s.channels, s.sites[:1], s.group)
        raise ValueError(f"GlobalAvgPool needs images or group features, got {s.kind} of shape {s.shape}")

    def apply(self, params, x):
        return x.mean(axis=(-2, -1))

    def vjp(self, params, x, y, gy):
        H, W = x.shape[-2:]
        return {}, np.broadcast_to(gy[..., None, None], x.shape) / (H * W)

    def kernel(self, k):
        out = self.out_structure(k.structure)
        if k.structure.kind == "image":
            fn = lambda K: K.mean(axis=(-4, -3, -2, -1))  # noqa: E731
        elif k.structure.compressed:
            from gaugemath.ntk._group_tables import group_average_compressed

            key = k.structure.group
            fn = lambda K: group_average_compressed(K.mean(axis=(-5, -4, -2, -1)), key)  # noqa: E731
        else:
            fn = lambda K: K.mean(axis=(-5, -4, -2, -1))  # noqa: E731
        return k.map_fixed(fn, out)

r"""Lifting and group convolutions on p4 / p4m (= C4 ⋉ Z², D4 ⋉ Z²) and group pooling, with
their exact infinite-width kernel maps.

The finite layers are :func:`gaugemath.layers.gcnn.lift_p4` / ``lift_p4m`` / ``group_conv_p4`` /
``group_conv_p4m`` (Cohen & Welling 2016, Eqs. (10)–(11)) with the parameterisations of
:mod:`gaugemath.ntk.stax`; array layout ``(batch, C, |H|, H, W)``, stabiliser index ``h`` on
axis 2 (p4: ``k`` ↔ r^k; p4m: ``k + 4m`` ↔ r^k s^m), actions ``L_h`` as
:func:`gaugemath.layers.gcnn.act_on_image` / ``act_on_features``.  Only the point groups
C4 and D4 act exactly on the square pixel grid (the image must be square); ``C_N`` with
N ≠ 4 (e.g. the SE(2)_N layers of :mod:`gaugemath.layers.se2`, which interpolate) is refused.

Kernel maps (derivation)
------------------------
*Lift.*  Because :math:`[f ⋆ L_hψ] = L_h[(L_{h^{-1}} f) ⋆ ψ]` (the correlation commutes with a
simultaneous rotation/reflection of image and filter about the grid centre), the lift output
at ``h`` is ``L_h`` of a plain convolution of the transformed image.  With i.i.d. filter
entries, for one output channel,

.. math:: Σ'[(h, t), (h', t')] = σ_w^2 \big[(L_h ⊗ L_{h'})\, M\big((L_{h^{-1}} ⊗ L_{h'^{-1}}) Σ\big)\big](t, t') + σ_b^2,

with ``M`` the normalised convolution map of :mod:`gaugemath.ntk.conv` and
:math:`(L_a ⊗ L_b)K(p, p') = K(a^{-1}p, b^{-1}p')`.

*Group convolution.*  :math:`[F ⋆ Ψ](t, h) = [(L_{h^{-1}}F) ⋆ Ψ](h^{-1}t, e)`, and the filter
entries :math:`Ψ_{oc}(z, s)` are i.i.d. over ``(c, s, z)`` (``fan_in = C |H| k²``), so only the
pairs with the same ``s`` survive:

.. math:: Σ'[(h, t), (h', t')] = σ_w^2\Big[(L_h ⊗ L_{h'})\, M\Big((L_{h^{-1}} ⊗ L_{h'^{-1}})
          \frac1{|H|}\sum_{s} Σ[(hs, ·), (h's, ·)]\Big)\Big](t, t') + σ_b^2.

*Group pooling* (mean over ``h``): :math:`Σ'(t, t') = \frac{1}{|H|^2}\sum_{h,h'} Σ[(h,t),(h',t')]`
— the double group average.

Identities (tests/ntk/test_ntk_group_identities.py)
---------------------------------------------------
* Right invariance: for every layer's pre-activation covariance and every stabiliser
  element ``u``, :math:`Σ[(t, hu), (t', h'u)] = Σ[(t, h), (t', h')]` (the filter support is
  invariant under ``u``), so for fixed ``t, t'`` it depends on ``(h, h')`` only through
  :math:`h h'^{-1}`; for any inputs ``x, x'``.
* Left equivariance: :math:`Σ(L_u x, L_u x') = (L_u ⊗ L_u) Σ(x, x')` for every ``u`` in p4 / p4m
  (rotations, flips; with ``"circular"`` padding also every translation).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from gaugemath._validation import check_choice
from gaugemath.layers.gcnn import (
    GROUP_ORDERS,
    PADDINGS,
    act_on_features,
    act_on_image,
    group_conv_p4,
    group_conv_p4m,
    lift_p4,
    lift_p4m,
)
from gaugemath.ntk._group_tables import expand_group, group_tables
from gaugemath.ntk.conv import check_filter, conv_cov, correlate_vjp, out_size
from gaugemath.ntk.dense import WeightLayer
from gaugemath.ntk.stax import Layer, Structure


def group_key(group) -> str:
    """``"p4"`` or ``"p4m"`` from a group object or name: p4, p4m, or the point groups
    C4 (→ p4 = C4 ⋉ Z²) and D4 (→ p4m); other ``C_N``/``D_N`` raise ``ValueError``."""
    from gaugemath.groups import as_group

    G = as_group(group, "group")
    if G.family in GROUP_ORDERS:
        return G.family
    if G.family in ("cyclic", "dihedral"):
        if G.N == 4:
            return "p4" if G.family == "cyclic" else "p4m"
        raise ValueError(f"group: only N = 4 acts exactly on the square pixel grid (C4 ⋉ Z² = p4, D4 ⋉ Z² = "
                         f"p4m); got {G.name} (use gaugemath.layers.se2 for interpolated C_N)")
    raise ValueError(f"group must be p4, p4m, C4 or D4 (the wallpaper groups acting on the pixel grid), got {G.name}")


def spatial(K: np.ndarray, h: int, rows: int, cols: int) -> np.ndarray:
    """``L_h`` on the axes ``(rows, cols)`` of ``K`` (gcnn convention: flip rows if ``h`` contains
    s, then ``numpy.rot90`` by ``h mod 4``)."""
    if h >= 4:
        K = np.flip(K, axis=rows)
    return np.rot90(K, h % 4, axes=(rows, cols))


def pair_transform(K: np.ndarray, a: int, b: int) -> np.ndarray:
    """:math:`(L_a ⊗ L_b)K` on the spatial pairs ``(..., H, W, H, W)``."""
    return spatial(spatial(K, a, -4, -3), b, -2, -1)


def _lift_cov(K, key, k, padding):
    n = GROUP_ORDERS[key]
    _, inv = group_tables(key)
    ho, wo = out_size(K.shape[-4], k, padding), out_size(K.shape[-3], k, padding)
    out = np.empty(K.shape[:-4] + (n, ho, wo, n, ho, wo))
    for h in range(n):
        Kh = spatial(K, inv[h], -4, -3)
        for hp in range(n):
            C = conv_cov(spatial(Kh, inv[hp], -2, -1), k, padding)
            out[..., h, :, :, hp, :, :] = pair_transform(C, h, hp)
    return out


def _gconv_cov(K, key, k, padding):
    n = GROUP_ORDERS[key]
    table, inv = group_tables(key)
    ho, wo = out_size(K.shape[-5], k, padding), out_size(K.shape[-4], k, padding)
    out = np.empty(K.shape[:-6] + (n, ho, wo, n, ho, wo))
    for h in range(n):
        for hp in range(n):
            D = sum(K[..., table[h, s], :, :, table[hp, s], :, :] for s in range(n)) / n
            C = conv_cov(pair_transform(D, inv[h], inv[hp]), k, padding)
            out[..., h, :, :, hp, :, :] = pair_transform(C, h, hp)
    return out


def _lift_cov_c(K, key, k, padding):
    """Compressed lift map: ``out[..., t, v, t'] = Σ'[(t, e), (t', v)]``."""
    n = GROUP_ORDERS[key]
    _, inv = group_tables(key)
    ho, wo = out_size(K.shape[-4], k, padding), out_size(K.shape[-3], k, padding)
    out = np.empty(K.shape[:-4] + (ho, wo, n, ho, wo))
    for v in range(n):
        out[..., v, :, :] = spatial(conv_cov(spatial(K, inv[v], -2, -1), k, padding), v, -2, -1)
    return out


def _gconv_cov_c(K, key, k, padding, compressed_in: bool):
    """Compressed group-convolution map (full or compressed input).  For a compressed input
    the mean over s is trivial: Σ[(q, s), (q', v s)] = Σ[(q, e), (q', v)] (right invariance)."""
    n = GROUP_ORDERS[key]
    table, inv = group_tables(key)
    H = K.shape[-2]
    ho = out_size(H, k, padding)
    lead = K.shape[:-5] if compressed_in else K.shape[:-6]
    out = np.empty(lead + (ho, ho, n, ho, ho))
    for v in range(n):
        if compressed_in:
            D = K[..., v, :, :]
        else:
            D = sum(K[..., s, :, :, table[v, s], :, :] for s in range(n)) / n
        out[..., v, :, :] = spatial(conv_cov(spatial(D, inv[v], -2, -1), k, padding), v, -2, -1)
    return out


class _GroupLayer(WeightLayer):
    def __init__(self, group, out, filter_shape, padding, W_std, b_std, parameterization):
        super().__init__(out, W_std, b_std, parameterization)
        self.group = group_key(group)
        self.padding = check_choice(padding, "padding", PADDINGS)
        self.k = check_filter(filter_shape, self.padding, None, None)
        self.n = GROUP_ORDERS[self.group]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.group!r}, {self.out}, {self.k}, padding={self.padding!r}, {self._args()})"

    def _out(self, s: Structure, H: int, W: int) -> Structure:
        if H != W:
            raise ValueError(f"{type(self).__name__} needs square images (the 90° rotations map the grid to "
                             f"itself only then), got {H}x{W}")
        check_filter(self.k, self.padding, H, W)
        o = out_size(H, self.k, self.padding)
        return Structure("group", self.out, (self.n, o, o), self.group)

    def _finish(self, y, b, sb):
        return y if b is None else y + sb * b[None, :, None, None, None]


class Lift(_GroupLayer):
    """Lifting correlation Z² → G for G = p4 / p4m: ``(batch, C, H, W) -> (batch, out, |H|, H', W')``.

    Parameters
    ----------
    group : "p4", "p4m", "C4", "D4" or a gaugemath group object
    out : int
        Output channels (each a function on the group), ``>= 1``.
    filter_shape : int or (int, int)
        Square filter size ``k``; ``fan_in = C k²``.
    padding : {"valid", "same", "circular"}
    W_std, b_std, parameterization
        As :class:`gaugemath.ntk.Dense`; one bias per output channel (shared over ``h``).
    """

    def __init__(self, group, out, filter_shape=3, padding="valid", W_std=1.0, b_std=0.0, parameterization="ntk"):
        super().__init__(group, out, filter_shape, padding, W_std, b_std, parameterization)

    def out_structure(self, s):
        if s.kind != "image":
            raise ValueError(f"Lift needs images (batch, C, H, W); got {s.kind} features of per-example shape {s.shape}")
        return self._out(s, *s.sites)

    def fan_in(self, s):
        return s.channels * self.k**2

    def weight_shape(self, s):
        return (self.out, s.channels, self.k, self.k)

    def apply(self, params, x):
        W, b = self.check_params(params, x.shape[1:])
        if x.ndim != 4 or W.shape[1] != x.shape[1]:
            raise ValueError(f"Lift: input shape {x.shape} does not match the filters {W.shape}")
        self.out_structure(Structure("image", x.shape[1], x.shape[2:]))
        sw, sb = self.scales(x.shape[1] * self.k**2)
        lift = lift_p4 if self.group == "p4" else lift_p4m
        return self._finish(sw * lift(x, W, self.padding), b, sb)

    def vjp(self, params, x, y, gy):
        W, b = params["W"], params.get("b")
        sw, sb = self.scales(x.shape[1] * self.k**2)
        _, inv = group_tables(self.group)
        O, n = W.shape[0], self.n
        bank = np.stack([act_on_image(W, h, self.group) for h in range(n)], axis=1).reshape((O * n,) + W.shape[1:])
        gbank, gx = correlate_vjp(x, bank, gy.reshape((gy.shape[0], O * n) + gy.shape[-2:]), self.padding)
        gbank = gbank.reshape((x.shape[0], O, n) + W.shape[1:])
        gw = sum(act_on_image(gbank[:, :, h], int(inv[h]), self.group) for h in range(n))
        grads = {"W": sw * gw}
        if b is not None:
            grads["b"] = sb * gy.sum(axis=(2, 3, 4))
        return grads, sw * gx

    def kernel(self, k):
        s = self.out_structure(k.structure)
        if k.compress_group:
            return self.kernel_linear(k, lambda K: _lift_cov_c(K, self.group, self.k, self.padding),
                                      replace(s, compressed=True))
        return self.kernel_linear(k, lambda K: _lift_cov(K, self.group, self.k, self.padding), s)


class GroupConv(_GroupLayer):
    """Group correlation G → G for G = p4 / p4m: ``(batch, C, |H|, H, W) -> (batch, out, |H|, H', W')``
    with filters ``(out, C, |H|, k, k)`` (``fan_in = C |H| k²``); arguments as :class:`Lift`."""

    def __init__(self, group, out, filter_shape=3, padding="valid", W_std=1.0, b_std=0.0, parameterization="ntk"):
        super().__init__(group, out, filter_shape, padding, W_std, b_std, parameterization)

    def out_structure(self, s):
        if s.kind != "group" or s.group != self.group:
            raise ValueError(f"GroupConv({self.group!r}) needs {self.group} feature maps (batch, C, {self.n}, H, W) "
                             f"from Lift/GroupConv on the same group; got {s.kind} {s.group or ''} of shape {s.shape}")
        return self._out(s, *s.sites[1:])

    def fan_in(self, s):
        return s.channels * self.n * self.k**2

    def weight_shape(self, s):
        return (self.out, s.channels, self.n, self.k, self.k)

    def apply(self, params, x):
        W, b = self.check_params(params, x.shape[1:])
        if x.ndim != 5 or W.shape[1] != x.shape[1] or x.shape[2] != self.n:
            raise ValueError(f"GroupConv: input shape {x.shape} does not match the filters {W.shape}")
        self.out_structure(Structure("group", x.shape[1], x.shape[2:], self.group))
        sw, sb = self.scales(x.shape[1] * self.n * self.k**2)
        conv = group_conv_p4 if self.group == "p4" else group_conv_p4m
        return self._finish(sw * conv(x, W, self.padding), b, sb)

    def vjp(self, params, x, y, gy):
        W, b = params["W"], params.get("b")
        sw, sb = self.scales(x.shape[1] * self.n * self.k**2)
        _, inv = group_tables(self.group)
        O, C, n, k = W.shape[0], W.shape[1], self.n, self.k
        bank = np.stack([act_on_features(W, h, self.group) for h in range(n)], axis=1).reshape(O * n, C * n, k, k)
        flat = x.reshape((x.shape[0], C * n) + x.shape[-2:])
        gbank, gflat = correlate_vjp(flat, bank, gy.reshape((gy.shape[0], O * n) + gy.shape[-2:]), self.padding)
        gbank = gbank.reshape((x.shape[0], O, n, C, n, k, k))
        gw = sum(act_on_features(gbank[:, :, h], int(inv[h]), self.group) for h in range(n))
        grads = {"W": sw * gw}
        if b is not None:
            grads["b"] = sb * gy.sum(axis=(2, 3, 4))
        return grads, sw * gflat.reshape(x.shape)

    def kernel(self, k):
        s = self.out_structure(k.structure)
        if k.compress_group:
            cin = k.structure.compressed
            return self.kernel_linear(k, lambda K: _gconv_cov_c(K, self.group, self.k, self.padding, cin),
                                      replace(s, compressed=True))
        if k.structure.compressed:
            return self.kernel_linear(k, lambda K: _gconv_cov(expand_group(K, self.group), self.group, self.k,
                                                              self.padding), s)
        return self.kernel_linear(k, lambda K: _gconv_cov(K, self.group, self.k, self.padding), s)


class GroupPool(Layer):
    """Mean over the group axis: ``(batch, C, |H|, H, W) -> (batch, C, H, W)`` (the "mean" mode of
    :func:`gaugemath.layers.gcnn.pool_rotations`); :math:`Σ' = \\frac{1}{|H|^2}\\sum_{h,h'} Σ[h, h']`."""

    def out_structure(self, s):
        if s.kind != "group":
            raise ValueError(f"GroupPool needs group feature maps (batch, C, |H|, H, W); got {s.kind} of shape {s.shape}")
        return Structure("image", s.channels, s.sites[1:])

    def apply(self, params, x):
        if x.ndim != 5:
            raise ValueError(f"GroupPool needs (batch, C, |H|, H, W), got shape {x.shape}")
        return x.mean(axis=2)

    def vjp(self, params, x, y, gy):
        return {}, np.broadcast_to(gy[:, :, None], x.shape) / x.shape[2]

    def kernel(self, k):
        if k.structure.compressed:  # mean over (h, h') of Σ_c[t, h'h^{-1}, t'] = mean over v
            return k.map_fixed(lambda K: K.mean(axis=-3), self.out_structure(k.structure))
        return k.map_fixed(lambda K: K.mean(axis=(-6, -3)), self.out_structure(k.structure))

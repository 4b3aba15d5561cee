r"""PyTorch p4 / p4m G-CNN layers: lifting, group convolution and pooling over the stabiliser.

Trainable ``torch.nn.Module`` versions of the NumPy reference layers of
:mod:`gaugemath.layers.gcnn` (Cohen & Welling 2016, "Group equivariant convolutional
networks", ICML, arXiv:1602.07576, Eqs. 10–11), with the *same* conventions, so that the same
weights give the same output (tested to 1e-12 in float64,
``tests/torch/test_torch_planar.py::test_same_output_as_numpy_reference``):

* pixel ``[i, j]`` of an ``(..., H, W)`` image sits at ``x = j − (W−1)/2``, ``y = (H−1)/2 − i``
  (x right, y up); ``r`` = +90° (``torch.rot90(f, 1, (-2, -1))``), ``s = diag(1, −1)`` (flip the rows);
* stabiliser index ``k`` ↔ ``r^k`` (p4), ``k + 4m`` ↔ ``r^k s^m`` (p4m), the element order of
  ``gaugemath.groups.cyclic(4)`` / ``dihedral(4)``;
* group feature maps ``(batch, C, |H|, H, W)``; lifting filters ``(C_out, C_in, k, k)``, group
  filters ``(C_out, C_in, |H|, k, k)``; the layers are cross-correlations with the transformed
  filter bank ``[L_h ψ](z) = ψ(h^{-1} z)`` (``[L_h Ψ](z, s) = Ψ(h^{-1} z, h^{-1} s)``), computed by
  one ``torch.nn.functional.conv2d`` per layer;
* padding ``"valid"`` | ``"same"`` (zeros, odd k) | ``"circular"`` (periodic, odd k).

Equivariance (exact, to round-off): ``layer(L_u f) = L_u layer(f)`` for every ``u`` of p4 / p4m
acting by :func:`gaugemath.layers.gcnn.act_on_image` / :func:`~gaugemath.layers.gcnn.act_on_features`
on square inputs (and integer translations with ``"circular"``).

**Initialisation.**  Weights are drawn i.i.d. from :math:`\mathcal N(0, \sigma^2)` with the
He/Kaiming variance :math:`\sigma^2 = \text{gain}/\text{fan\_in}`, ``gain = 2`` by default
(``init_gain``), ``fan_in = C_in k²`` (lifting) or ``C_in |H| k²`` (group convolution): the number
of products summed for one output value.  The optional bias has one entry per output channel,
shared over the |H| group axis (a per-(channel, h) bias would break equivariance), initialised to 0.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from gaugemath._validation import check_choice
from gaugemath.layers.gcnn import GROUP_ORDERS, PADDINGS, _cayley, _key
from gaugemath.torch._checks import check_layer_input, check_positive_int

__all__ = ["P4Lift", "P4GroupConv", "P4MLift", "P4MGroupConv", "GroupPool"]


# --------------------------------------------------------------------------- shared helpers
def _check_gain(gain) -> float:
    if isinstance(gain, bool) or not isinstance(gain, (int, float, np.floating, np.integer)):
        raise TypeError(f"init_gain must be a number > 0, got {gain!r}")
    if not (math.isfinite(float(gain)) and gain > 0):
        raise ValueError(f"init_gain must be finite and > 0, got {gain}")
    return float(gain)


def _check_kernel_size(kernel_size, padding: str) -> int:
    k = check_positive_int(kernel_size, "kernel_size")
    check_choice(padding, "padding", PADDINGS)
    if padding != "valid" and k % 2 == 0:
        raise ValueError(f"padding {padding!r} needs an odd kernel_size (centred padding), got {k}")
    return k


def correlate(x: torch.Tensor, bank: torch.Tensor, padding: str) -> torch.Tensor:
    """Cross-correlation ``F.conv2d`` / ``F.conv3d`` of ``x`` with ``bank`` and the padding modes of
    :mod:`gaugemath.layers.gcnn` (``"same"``: zeros, ``"circular"``: periodic, both by (k−1)/2)."""
    k = bank.shape[-1]
    p = (k - 1) // 2 if padding != "valid" else 0
    spatial = x.shape[2:]
    conv = F.conv2d if bank.ndim == 4 else F.conv3d
    if padding == "circular" and p > 0:
        if p > min(spatial):
            raise ValueError(f"circular padding needs k <= 2*min(spatial) + 1, got k = {k} for {tuple(spatial)}")
        return conv(F.pad(x, (p,) * (2 * len(spatial)), mode="circular"), bank)
    if min(spatial) + 2 * p < k:
        raise ValueError(f"kernel_size {k} exceeds the input size {tuple(spatial)} with padding {padding!r}")
    return conv(x, bank, padding=p)


def _spatial(w: torch.Tensor, h: int) -> torch.Tensor:
    """``L_h`` on the last two axes: flip the rows if h contains s, then rotate by r^(h mod 4)."""
    if h >= 4:
        w = torch.flip(w, dims=(-2,))
    return torch.rot90(w, h % 4, dims=(-2, -1))


class _RegularConv(torch.nn.Module):
    """What the p4/p4m and SE(2)_N layers share: weights (C_out, C_in[, |H|], k, k) with
    He/Kaiming init, one bias per output channel shared over the group axis, and the output
    layout (batch, C_out, |H|, H', W') of the regular representation."""

    def __init__(self, order, in_channels, out_channels, kernel_size, padding, bias, init_gain, group_in):
        super().__init__()
        self.order = order
        self.in_channels = check_positive_int(in_channels, "in_channels")
        self.out_channels = check_positive_int(out_channels, "out_channels")
        self.kernel_size = _check_kernel_size(kernel_size, padding)
        self.padding = padding
        self.init_gain = _check_gain(init_gain)
        k = self.kernel_size
        shape = (self.out_channels, self.in_channels) + ((self.order,) if group_in else ()) + (k, k)
        self.weight = torch.nn.Parameter(torch.empty(shape))
        self.bias = torch.nn.Parameter(torch.empty(self.out_channels)) if bias else None
        self.reset_parameters()

    @property
    def fan_in(self) -> int:
        """Products summed for one output value: C_in·k² (lift) or C_in·|H|·k² (group conv)."""
        return int(np.prod(self.weight.shape[1:]))

    def reset_parameters(self) -> None:
        """Weights ~ N(0, init_gain / fan_in) (He/Kaiming), bias = 0."""
        with torch.no_grad():
            self.weight.normal_(0.0, math.sqrt(self.init_gain / self.fan_in))
            if self.bias is not None:
                self.bias.zero_()

    def _finish(self, out: torch.Tensor, batch: int) -> torch.Tensor:
        out = out.reshape(batch, self.out_channels, self.order, *out.shape[-2:])
        if self.bias is not None:
            out = out + self.bias[None, :, None, None, None]
        return out


class _PlanarBase(_RegularConv):
    def __init__(self, group, in_channels, out_channels, kernel_size, padding, bias, init_gain, group_in):
        key = _key(group)
        super().__init__(GROUP_ORDERS[key], in_channels, out_channels, kernel_size, padding, bias, init_gain,
                         group_in)
        self.group = key

    def extra_repr(self) -> str:
        return (f"group={self.group}, in_channels={self.in_channels}, out_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, padding={self.padding!r}, bias={self.bias is not None}")


class _Lift(_PlanarBase):
    def __init__(self, group, in_channels, out_channels, kernel_size, padding="valid", bias=True, init_gain=2.0):
        super().__init__(group, in_channels, out_channels, kernel_size, padding, bias, init_gain, group_in=False)

    def filter_bank(self) -> torch.Tensor:
        """The transformed filters ``L_h ψ`` as one conv2d weight ``(C_out·|H|, C_in, k, k)``, index ``o·|H| + h``."""
        bank = torch.stack([_spatial(self.weight, h) for h in range(self.order)], dim=1)
        return bank.reshape(self.out_channels * self.order, self.in_channels, self.kernel_size, self.kernel_size)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        """``image`` (batch, C_in, H, W) → group feature maps (batch, C_out, |H|, H', W')."""
        x = check_layer_input(image, "image", 4, self.in_channels, self.weight, "(batch, C_in, H, W)")
        return self._finish(correlate(x, self.filter_bank(), self.padding), x.shape[0])


class _GroupConv(_PlanarBase):
    def __init__(self, group, in_channels, out_channels, kernel_size, padding="valid", bias=True, init_gain=2.0):
        super().__init__(group, in_channels, out_channels, kernel_size, padding, bias, init_gain, group_in=True)
        table = np.asarray(_cayley(self.group))
        n = self.order
        inv = [int(np.nonzero(table[h] == 0)[0][0]) for h in range(n)]
        # perm[h, s] = index of h^{-1} s: [L_h Ψ](·, s) = L_h(Ψ(·, h^{-1} s))
        self.register_buffer("perm", torch.as_tensor(np.array([table[inv[h]] for h in range(n)]), dtype=torch.long),
                             persistent=False)

    def filter_bank(self) -> torch.Tensor:
        """``[L_h Ψ](z, s) = Ψ(h^{-1} z, h^{-1} s)`` as one conv2d weight ``(C_out·|H|, C_in·|H|, k, k)``."""
        n, k = self.order, self.kernel_size
        bank = torch.stack([_spatial(self.weight[:, :, self.perm[h]], h) for h in range(n)], dim=1)
        return bank.reshape(self.out_channels * n, self.in_channels * n, k, k)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        """``features`` (batch, C_in, |H|, H, W) → (batch, C_out, |H|, H', W')."""
        layout = f"(batch, C_in, |H| = {self.order}, H, W)"
        x = check_layer_input(features, "features", 5, self.in_channels, self.weight, layout)
        if x.shape[2] != self.order:
            raise ValueError(f"features must have shape {layout} for {self.group}, got {tuple(x.shape)}")
        flat = x.reshape(x.shape[0], self.in_channels * self.order, *x.shape[-2:])
        return self._finish(correlate(flat, self.filter_bank(), self.padding), x.shape[0])


class P4Lift(_Lift):
    r"""Lifting correlation Z² → p4 (Cohen & Welling 2016, Eq. 10) with a learnable filter.

    ``out[b, o, k](t) = Σ_{y, c} f_c(y) ψ_{o,c}(r^{-k}(y − t)) + bias_o`` — equal to
    :func:`gaugemath.layers.gcnn.lift_p4` (plus the bias).

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int
        k; odd for ``"same"`` / ``"circular"`` padding.
    padding : ``"valid"`` | ``"same"`` | ``"circular"``
    bias : bool
        One learnable bias per output channel (shared over the group axis), initialised to 0.
    init_gain : float
        Weights ~ N(0, init_gain / (C_in k²)); 2 = He/Kaiming.

    Shapes: input (batch, C_in, H, W) → output (batch, C_out, 4, H', W').
    """

    def __init__(self, in_channels, out_channels, kernel_size, padding="valid", bias=True, init_gain=2.0):
        super().__init__("p4", in_channels, out_channels, kernel_size, padding, bias, init_gain)


class P4MLift(_Lift):
    r"""Lifting correlation Z² → p4m (Cohen & Welling 2016, Eq. 10 with H = D4); as :class:`P4Lift`
    with 8 filters ``L_{r^k s^m} ψ`` at group index ``k + 4m`` (= :func:`gaugemath.layers.gcnn.lift_p4m`).

    Shapes: input (batch, C_in, H, W) → output (batch, C_out, 8, H', W').
    """

    def __init__(self, in_channels, out_channels, kernel_size, padding="valid", bias=True, init_gain=2.0):
        super().__init__("p4m", in_channels, out_channels, kernel_size, padding, bias, init_gain)


class P4GroupConv(_GroupConv):
    r"""Group correlation p4 → p4 (Cohen & Welling 2016, Eq. 11) with a learnable filter
    ``Ψ`` of shape (C_out, C_in, 4, k, k).

    ``out[b, o, h](t) = Σ_{y, s, c} F[b, c, s](y) Ψ[o, c, h^{-1} s](h^{-1}(y − t)) + bias_o`` —
    equal to :func:`gaugemath.layers.gcnn.group_conv_p4` (plus the bias).  Parameters as
    :class:`P4Lift`; weights ~ N(0, init_gain / (4 C_in k²)).

    Shapes: input (batch, C_in, 4, H, W) → output (batch, C_out, 4, H', W').
    """

    def __init__(self, in_channels, out_channels, kernel_size, padding="valid", bias=True, init_gain=2.0):
        super().__init__("p4", in_channels, out_channels, kernel_size, padding, bias, init_gain)


class P4MGroupConv(_GroupConv):
    r"""Group correlation p4m → p4m (Cohen & Welling 2016, Eq. 11 with H = D4); as
    :class:`P4GroupConv` with the group axis of length 8 (= :func:`gaugemath.layers.gcnn.group_conv_p4m`).

    Shapes: input (batch, C_in, 8, H, W) → output (batch, C_out, 8, H', W').
    """

    def __init__(self, in_channels, out_channels, kernel_size, padding="valid", bias=True, init_gain=2.0):
        super().__init__("p4m", in_channels, out_channels, kernel_size, padding, bias, init_gain)


class GroupPool(torch.nn.Module):
    """Pool group feature maps ``(batch, C, |H|, H, W)`` over the group axis (axis 2) → ``(batch, C, H, W)``.

    ``mode="max"`` or ``"mean"`` (alias ``"avg"``): :func:`gaugemath.layers.gcnn.pool_rotations`.
    The result is invariant under the permutation of the group axis and transforms as an
    image (Cohen & Welling 2016, §6.3).  ``group_order`` (optional int) makes the layer check
    the length of the group axis (4 for p4, 8 for p4m, N for SE(2)_N).
    """

    def __init__(self, mode: str = "max", group_order: int | None = None):
        super().__init__()
        check_choice(mode, "mode", ("max", "mean", "avg"))
        self.mode = mode
        self.group_order = None if group_order is None else check_positive_int(group_order, "group_order")

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        if not isinstance(features, torch.Tensor):
            raise TypeError(f"features must be a torch.Tensor (batch, C, |H|, H, W), got {type(features).__name__}")
        if features.ndim != 5:
            raise ValueError(f"features must have shape (batch, C, |H|, H, W), got {tuple(features.shape)}")
        if self.group_order is not None and features.shape[2] != self.group_order:
            raise ValueError(f"features must have |H| = {self.group_order} on axis 2, got {tuple(features.shape)}")
        if self.mode == "max":
            return features.amax(dim=2)
        return features.mean(dim=2)

    def extra_repr(self) -> str:
        return f"mode={self.mode!r}, group_order={self.group_order}"

r"""PyTorch SE(2)_N G-CNN layers: lifting and group convolution with N discrete rotations.

Trainable versions of :mod:`gaugemath.layers.se2` (same conventions, same numbers: tested to
1e-12 in float64, ``tests/torch/test_torch_se2.py::test_same_output_as_numpy_reference``).
``SE(2)_N = Z² ⋊ C_N`` with rotations :math:`θ_i = 2π i/N`; feature maps
``(batch, C, N, H, W)`` carry the regular representation of C_N.  Pixel frame as
:mod:`gaugemath.layers.gcnn` (x right, y up, origin at the grid centre).

.. math::
   [f \star ψ]_o(t, i) &= \sum_{y,c} f_c(y)\, ψ^{(θ_i)}_{o,c}(y - t), \\
   [F \star Ψ]_o(t, i) &= \sum_{y,c,j} F_c(y, j)\, Ψ^{(θ_i)}_{o,c,\, j - i \bmod N}(y - t),

with :math:`ψ^{(θ)} = M_θ\,ψ` the filter rotated by **band-limited resampling**: the fixed
:math:`k^2\times k^2` matrices :math:`M_{θ_i}` of
:func:`gaugemath.layers.se2.rotation_resampling_matrix` (trigonometric interpolation on the
zero-padded 3k×3k torus; exact permutations for quarter turns), stored as a non-trainable
buffer ``resampling`` of shape (N, k², k²), built in float64 and cast to the weights' dtype
when the filter bank is formed (``module.double()`` after ``module.float()`` would keep the
float32-rounded matrices: build the module, then convert it once).  The rotated filter bank is one ``einsum`` of the
learnable filters with that buffer, the layer one ``conv2d``.

Equivariance: exact (round-off) under the grid rotations by multiples of 90° when 4 | N
(:func:`gaugemath.layers.se2.act_on_features_se2`), approximate under the other multiples of
2π/N (measured in ``tests/torch/test_torch_se2.py::test_off_grid_equivariance_measured``;
the error budget is that of the NumPy layer, documented in :mod:`gaugemath.layers.se2`).

Initialisation: He/Kaiming, weights ~ N(0, init_gain / fan_in) with fan_in = C_in k² (lift) or
C_in N k² (group convolution); bias (one per output channel, shared over the rotation axis) = 0.
"""

from __future__ import annotations

import numpy as np
import torch

from gaugemath.layers.se2 import rotation_angles, rotation_resampling_matrix
from gaugemath.torch._checks import check_layer_input, check_positive_int
from gaugemath.torch.planar import _RegularConv, correlate

__all__ = ["SE2NLift", "SE2NGroupConv"]


class _SE2Base(_RegularConv):
    def __init__(self, in_channels, out_channels, kernel_size, n_rotations, padding, bias, init_gain, group_in):
        n = check_positive_int(n_rotations, "n_rotations")
        super().__init__(n, in_channels, out_channels, kernel_size, padding, bias, init_gain, group_in)
        self.n_rotations = n
        mats = np.stack([rotation_resampling_matrix(self.kernel_size, t) for t in rotation_angles(n)])
        self.register_buffer("resampling", torch.as_tensor(mats, dtype=torch.float64))

    def extra_repr(self) -> str:
        return (f"in_channels={self.in_channels}, out_channels={self.out_channels}, kernel_size={self.kernel_size}, "
                f"n_rotations={self.n_rotations}, padding={self.padding!r}, bias={self.bias is not None}")


class SE2NLift(_SE2Base):
    r"""Lifting correlation Z² → SE(2)_N with learnable filters ψ (C_out, C_in, k, k).

    ``out[b, o, i](t) = Σ_{y,c} f_c(y) ψ^{(θ_i)}_{o,c}(y − t) + bias_o`` =
    :func:`gaugemath.layers.se2.lift_se2` (plus the bias).

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int
    n_rotations : int
        N ≥ 1, the rotations θ_i = 2πi/N.
    padding : ``"valid"`` | ``"same"`` | ``"circular"``
    bias : bool
    init_gain : float
        Weights ~ N(0, init_gain / (C_in k²)).

    Shapes: (batch, C_in, H, W) → (batch, C_out, N, H', W').
    """

    def __init__(self, in_channels, out_channels, kernel_size, n_rotations, padding="valid", bias=True, init_gain=2.0):
        super().__init__(in_channels, out_channels, kernel_size, n_rotations, padding, bias, init_gain, False)

    def filter_bank(self) -> torch.Tensor:
        """``ψ^{(θ_i)}`` as one conv2d weight (C_out·N, C_in, k, k), index ``o·N + i``."""
        c_out, c_in, k = self.out_channels, self.in_channels, self.kernel_size
        flat = self.weight.reshape(c_out, c_in, k * k)
        bank = torch.einsum("nzy,ocy->oncz", self.resampling.to(flat.dtype), flat)
        return bank.reshape(c_out * self.n_rotations, c_in, k, k)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        """``image`` (batch, C_in, H, W) → (batch, C_out, N, H', W')."""
        x = check_layer_input(image, "image", 4, self.in_channels, self.weight, "(batch, C_in, H, W)")
        return self._finish(correlate(x, self.filter_bank(), self.padding), x.shape[0])


class SE2NGroupConv(_SE2Base):
    r"""Group correlation SE(2)_N → SE(2)_N with learnable filters Ψ (C_out, C_in, N, k, k).

    ``out[b, o, i](t) = Σ_{y,c,j} F[b, c, j](y) Ψ^{(θ_i)}[o, c, (j − i) mod N](y − t) + bias_o`` =
    :func:`gaugemath.layers.se2.group_conv_se2` (plus the bias).  Parameters as :class:`SE2NLift`;
    weights ~ N(0, init_gain / (C_in N k²)).

    Shapes: (batch, C_in, N, H, W) → (batch, C_out, N, H', W').
    """

    def __init__(self, in_channels, out_channels, kernel_size, n_rotations, padding="valid", bias=True, init_gain=2.0):
        super().__init__(in_channels, out_channels, kernel_size, n_rotations, padding, bias, init_gain, True)
        n = self.n_rotations
        shift = (np.arange(n)[None, :] - np.arange(n)[:, None]) % n  # shift[i, j] = (j - i) mod N
        self.register_buffer("shift", torch.as_tensor(shift, dtype=torch.long), persistent=False)

    def filter_bank(self) -> torch.Tensor:
        """``Ψ^{(θ_i)}[·, ·, (j − i) mod N]`` as one conv2d weight (C_out·N, C_in·N, k, k)."""
        c_out, c_in, n, k = self.out_channels, self.in_channels, self.n_rotations, self.kernel_size
        shifted = self.weight.reshape(c_out, c_in, n, k * k)[:, :, self.shift]  # (C_out, C_in, N_i, N_j, k²)
        bank = torch.einsum("izy,ocijy->oicjz", self.resampling.to(shifted.dtype), shifted)
        return bank.reshape(c_out * n, c_in * n, k, k)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        """``features`` (batch, C_in, N, H, W) → (batch, C_out, N, H', W')."""
        layout = f"(batch, C_in, N = {self.n_rotations}, H, W)"
        x = check_layer_input(features, "features", 5, self.in_channels, self.weight, layout)
        if x.shape[2] != self.n_rotations:
            raise ValueError(f"features must have shape {layout}, got {tuple(x.shape)}")
        flat = x.reshape(x.shape[0], self.in_channels * self.n_rotations, *x.shape[-2:])
        return self._finish(correlate(flat, self.filter_bank(), self.padding), x.shape[0])

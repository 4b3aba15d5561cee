r"""Fully connected layer and pointwise nonlinearities.

``Dense(out)`` maps vectors ``(batch, C)`` to ``(batch, out)``; with ``fan_in = C``,

* ``parameterization="ntk"``: :math:`y = \frac{σ_w}{\sqrt{C}} W x + σ_b b`, ``W, b ~ N(0, 1)``;
* ``parameterization="standard"``: :math:`y = W x + b`, :math:`W \sim N(0, σ_w^2/C)`, :math:`b\sim N(0, σ_b^2)`;

kernel map :math:`Σ' = σ_w^2 Σ + σ_b^2`, :math:`Θ' = σ_w^2Θ + Σ'` (ntk) or
:math:`σ_w^2Θ + Σ + 1` (standard) (:mod:`gaugemath.ntk.stax`; Lee et al. 2018, Eq. (4); Jacot
et al. 2018, Thm 1).  ``Relu()`` and ``Erf(a)`` are applied elementwise, with the dual maps of
:mod:`gaugemath.ntk._gaussian`.
"""

from __future__ import annotations

import numpy as np

from gaugemath._validation import check_choice
from gaugemath.ntk._gaussian import erf_dual, relu_dual
from gaugemath.ntk.stax import (
    PARAMETERIZATIONS,
    Layer,
    Structure,
    check_positive_int,
    check_std,
    pointwise,
)


class WeightLayer(Layer):
    """Shared parameterisation logic of the weight layers (Dense, Conv2D, Lift, GroupConv).

    Subclasses define ``out``, ``fan_in(structure)``, ``weight_shape(structure)``."""

    def __init__(self, out, W_std, b_std, parameterization):
        self.out = check_positive_int(out, "out")
        self.W_std = check_std(W_std, "W_std")
        self.b_std = check_std(b_std, "b_std", allow_none=True)
        self.parameterization = check_choice(parameterization, "parameterization", PARAMETERIZATIONS)

    def init(self, rng, s: Structure) -> dict:
        shape = self.weight_shape(s)
        std_w = 1.0 if self.parameterization == "ntk" else self.W_std / np.sqrt(self.fan_in(s))
        params = {"W": std_w * rng.standard_normal(shape)}
        if self.b_std is not None:
            std_b = 1.0 if self.parameterization == "ntk" else self.b_std
            params["b"] = std_b * rng.standard_normal(self.out)
        return params

    def scales(self, fan_in: int):
        """``(s_w, s_b)`` in ``y = s_w·(W ⋆ x) + s_b·b``."""
        if self.parameterization == "ntk":
            return self.W_std / np.sqrt(fan_in), (self.b_std or 0.0)
        return 1.0, 1.0

    def ntk_weights(self, params: dict) -> dict:
        if self.parameterization == "ntk":
            return {name: 1.0 for name in params}
        fan = params["W"][0].size  # W is (out, *fan_in axes)
        return {name: (1.0 / fan if name == "W" else 1.0) for name in params}

    def check_params(self, params: dict, s_in_shape: tuple):
        if not isinstance(params, dict) or "W" not in params or (("b" in params) != (self.b_std is not None)):
            raise ValueError(f"{self!r}: params must be the dict from init with keys "
                             f"{['W'] + (['b'] if self.b_std is not None else [])}")
        return params["W"], params.get("b")

    def kernel_linear(self, k, fn, structure):
        return k.map_linear(fn, structure, w_var=self.W_std**2,
                            b_var=None if self.b_std is None else self.b_std**2,
                            parameterization=self.parameterization)

    def _args(self) -> str:
        b = "None" if self.b_std is None else f"{self.b_std:g}"
        return f"W_std={self.W_std:g}, b_std={b}, parameterization={self.parameterization!r}"


class Dense(WeightLayer):
    """Fully connected layer ``(batch, C) -> (batch, out)``; see the module docstring.

    Parameters
    ----------
    out : int
        Output width, ``>= 1``.
    W_std, b_std : float
        :math:`σ_w >= 0`, :math:`σ_b >= 0` (``b_std=None``: no bias).
    parameterization : {"ntk", "standard"}
    """

    def __init__(self, out, W_std=1.0, b_std=0.0, parameterization="ntk"):
        super().__init__(out, W_std, b_std, parameterization)

    def __repr__(self) -> str:
        return f"Dense({self.out}, {self._args()})"

    def out_structure(self, s: Structure) -> Structure:
        if s.kind != "vector":
            raise ValueError(f"Dense needs vector input (batch, C); got {s.kind} features of per-example shape "
                             f"{s.shape}: add Flatten() or GlobalAvgPool() first")
        return Structure("vector", self.out, ())

    def fan_in(self, s: Structure) -> int:
        return s.channels

    def weight_shape(self, s: Structure) -> tuple:
        return (self.out, s.channels)

    def apply(self, params, x):
        W, b = self.check_params(params, x.shape[1:])
        if x.ndim != 2 or W.shape[1] != x.shape[1]:
            raise ValueError(f"Dense: input shape {x.shape} does not match the weights {W.shape} (expected (batch, "
                             f"{W.shape[1]}))")
        sw, sb = self.scales(x.shape[1])
        y = sw * (x @ W.T)
        return y if b is None else y + sb * b

    def vjp(self, params, x, y, gy):
        W, b = params["W"], params.get("b")
        sw, sb = self.scales(x.shape[1])
        grads = {"W": sw * gy[:, :, None] * x[:, None, :]}
        if b is not None:
            grads["b"] = sb * gy
        return grads, sw * (gy @ W)

    def kernel(self, k):
        self.out_structure(k.structure)
        return self.kernel_linear(k, lambda a: a, Structure("vector", self.out, ()))


class Relu(Layer):
    """``relu(x) = max(x, 0)`` elementwise; arc-cosine dual map (Cho & Saul 2009).
    Backward: derivative 1 for ``x > 0``, else 0."""

    def apply(self, params, x):
        return np.maximum(x, 0.0)

    def vjp(self, params, x, y, gy):
        return {}, gy * (x > 0)

    def kernel(self, k):
        return pointwise(k, relu_dual)


class Erf(Layer):
    r"""``erf(a x)`` elementwise; dual map of Williams (1997).

    Parameters
    ----------
    a : float
        Input scale, finite and ``> 0``.
    """

    def __init__(self, a=1.0):
        a = check_std(a, "a")
        if a == 0:
            raise ValueError("a must be > 0 (erf(0·x) is the zero map)")
        self.a = a

    def __repr__(self) -> str:
        return f"Erf(a={self.a:g})"

    def apply(self, params, x):
        from scipy.special import erf

        return erf(self.a * x)

    def vjp(self, params, x, y, gy):
        return {}, gy * (2 * self.a / np.sqrt(np.pi)) * np.exp(-(self.a * x) ** 2)

    def kernel(self, k):
        return pointwise(k, lambda q1, q2, c: erf_dual(q1, q2, c, self.a))

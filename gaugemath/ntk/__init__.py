"""Infinite-width (NNGP / NTK) kernels of CNNs, group-CNNs and spherical CNNs (issue 11).

A layer algebra in the style of neural-tangents' ``stax`` (Novak et al. 2020), written in
NumPy: ``serial(*layers)`` gives a network with a finite-width forward pass
(``init``/``apply``), exact parameter gradients (:func:`empirical_kernels`) and the exact
infinite-width kernel maps (``kernel_fn``).  See docs/ntk.md.

Imports are lazy (PEP 562): ``import gaugemath.ntk`` loads no layer module.
"""

from __future__ import annotations

from gaugemath._lazy import lazy_attributes

#: public name -> module (relative to this package) that defines it
_EXPORTS = {
    "serial": "stax",
    "Serial": "stax",
    "Kernels": "stax",
    "KernelState": "stax",
    "Identity": "stax",
    "Dense": "dense",
    "Relu": "dense",
    "Erf": "dense",
    "Conv2D": "conv",
    "Flatten": "conv",
    "GlobalAvgPool": "conv",
    "Lift": "group_conv",
    "GroupConv": "group_conv",
    "GroupPool": "group_conv",
    "empirical_kernels": "empirical",
    "s2_so3_kernel": "spherical",
    "so3_so3_kernel": "spherical",
    "so3_pool_kernel": "spherical",
    "s2_localized_basis": "spherical",
    "so3_localized_basis": "spherical",
    "S2SO3Conv": "spherical_layers",
    "SO3SO3Conv": "spherical_layers",
    "SO3Pool": "spherical_layers",
    "s2_isotropic_basis": "spherical_layers",
    "predict": "dynamics",
    "Prediction": "dynamics",
    "predict_augmented": "augmentation",
    "augment": "augmentation",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _EXPORTS)

"""Shared validation for the PyTorch layers: tensor type, dtype, device, shape, channels.

Every check raises ``TypeError`` (wrong kind of object or dtype) or ``ValueError`` (wrong
shape, device, band-limit or channel count) with a message naming the argument and what is
allowed -- never an ``assert``.  Used by :mod:`gaugemath.torch.spherical` and the planar
layers.
"""

from __future__ import annotations

import operator

import torch

__all__ = [
    "REAL_DTYPES",
    "COMPLEX_DTYPES",
    "check_tensor",
    "check_same_device",
    "check_same_dtype",
    "check_trailing_shape",
    "check_channels",
    "check_positive_int",
    "check_layer_input",
    "complex_dtype_for",
    "real_dtype_for",
]

REAL_DTYPES = (torch.float32, torch.float64)
COMPLEX_DTYPES = (torch.complex64, torch.complex128)


def check_tensor(x, name: str, *, complex_ok: bool = True, real_ok: bool = True, min_ndim: int = 0):
    """``x`` must be a floating/complex ``torch.Tensor`` (float32/64, complex64/128) with at
    least ``min_ndim`` dimensions; returns it unchanged."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    allowed = (REAL_DTYPES if real_ok else ()) + (COMPLEX_DTYPES if complex_ok else ())
    if x.dtype not in allowed:
        names = ", ".join(str(d).replace("torch.", "") for d in allowed)
        raise TypeError(f"{name} must have dtype in ({names}), got {str(x.dtype).replace('torch.', '')}")
    if x.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimensions, got shape {tuple(x.shape)}")
    return x


def check_same_device(**tensors) -> torch.device:
    """All given tensors on one device (``ValueError`` naming them otherwise); returns it."""
    items = [(k, v) for k, v in tensors.items() if v is not None]
    dev = items[0][1].device
    for k, v in items[1:]:
        if v.device != dev:
            raise ValueError(
                f"{items[0][0]} is on {dev} but {k} is on {v.device}; move them to one device (e.g. module.to(x.device))"
            )
    return dev


def real_dtype_for(dtype: torch.dtype) -> torch.dtype:
    """float32 for float32/complex64, float64 for float64/complex128."""
    return torch.float32 if dtype in (torch.float32, torch.complex64) else torch.float64


def complex_dtype_for(dtype: torch.dtype) -> torch.dtype:
    """complex64 for float32/complex64, complex128 for float64/complex128."""
    return torch.complex64 if dtype in (torch.float32, torch.complex64) else torch.complex128


def check_same_dtype(**tensors) -> torch.dtype:
    """All given tensors of one precision (float32/complex64 vs float64/complex128); a mix is a
    ``TypeError`` naming the tensors (cast explicitly, e.g. ``module.double()``)."""
    items = [(k, v) for k, v in tensors.items() if v is not None]
    prec = real_dtype_for(items[0][1].dtype)
    for k, v in items[1:]:
        if real_dtype_for(v.dtype) != prec:
            raise TypeError(
                f"{items[0][0]} has dtype {items[0][1].dtype} but {k} has dtype {v.dtype}; "
                "use one precision (e.g. x.double() and module.double())"
            )
    return prec


def check_trailing_shape(x, shape, name: str, what: str = ""):
    """``x.shape`` must end with ``shape``; ``what`` describes where the shape comes from."""
    shape = tuple(int(s) for s in shape)
    k = len(shape)
    if x.ndim < k or tuple(x.shape[x.ndim - k:]) != shape:
        raise ValueError(f"{name} must have shape (..., {', '.join(map(str, shape))}){what}, got {tuple(x.shape)}")
    return x


def check_channels(x, expected: int, name: str, axis: int):
    """The channel axis ``axis`` of ``x`` must have ``expected`` entries."""
    if x.ndim < abs(axis) or x.shape[axis] != expected:
        got = x.shape[axis] if x.ndim >= abs(axis) else "none"
        raise ValueError(f"{name} has {got} channels on axis {axis}, but the layer expects in_channels={expected}")
    return x


def check_positive_int(v, name: str, minimum: int = 1) -> int:
    """An integer ``>= minimum`` (bools rejected)."""
    if isinstance(v, bool):
        raise TypeError(f"{name} must be an integer, got bool {v!r}")
    try:
        v = operator.index(v)  # int, numpy integers; not float or str
    except TypeError:
        raise TypeError(f"{name} must be an integer, got {type(v).__name__} {v!r}") from None
    if v < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {v}")
    return v


def check_layer_input(x, name: str, ndim: int, channels: int, like: torch.Tensor, layout: str) -> torch.Tensor:
    """Validate a layer input: a real floating ``torch.Tensor`` of ``ndim`` axes, ``channels`` on
    axis 1, on the device and with the dtype of the layer's parameter ``like`` (clear
    ``TypeError`` / ``ValueError`` naming ``name`` and the expected ``layout`` otherwise)."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor {layout}, got {type(x).__name__}")
    if not x.dtype.is_floating_point:
        raise TypeError(f"{name} must have a real floating dtype, got {x.dtype}")
    if x.ndim != ndim:
        raise ValueError(f"{name} must have shape {layout}, got {tuple(x.shape)}")
    if x.shape[1] != channels:
        raise ValueError(f"channel mismatch: {name} has {x.shape[1]} channels on axis 1, the layer expects "
                         f"{channels} {layout}")
    if x.device != like.device:
        raise ValueError(f"device mismatch: {name} is on {x.device}, the layer's parameters on {like.device} "
                         f"(move one with .to(device))")
    if x.dtype != like.dtype:
        raise TypeError(f"dtype mismatch: {name} is {x.dtype}, the layer's parameters are {like.dtype} "
                        f"(convert one with .to(dtype))")
    return x

"""Array-namespace helpers for the layers (NumPy reference, backend-agnostic where cheap).

The layers only use a small set of array operations (slicing, ``flip``, ``tensordot``,
``concat``, ``permute_dims``, elementwise arithmetic, ``matmul``), so they run on any array
namespace offering these: NumPy, CuPy, or an Array-API-compatible library.  The namespace is
taken from the inputs: ``gaugemath.transforms.backend.get_namespace`` when that module is
available, otherwise CuPy for CuPy arrays, ``x.__array_namespace__()`` when the array has it,
else NumPy.
"""

from __future__ import annotations

import numpy as np

__all__ = ["get_namespace", "concat", "permute_dims", "to_numpy"]


def get_namespace(*arrays):
    """Array namespace of the inputs (NumPy for lists, scalars and NumPy arrays)."""
    try:  # the transforms helper's resolver, once it exists
        from gaugemath.transforms.backend import get_namespace as _get  # noqa: PLC0415
    except ImportError:
        _get = None
    if _get is not None:
        try:
            ns = _get(*arrays)
        except Exception:  # noqa: BLE001 - fall back to the local rule below
            ns = None
        if all(hasattr(ns, attr) for attr in ("asarray", "tensordot", "matmul", "take", "flip")):
            return ns
    for a in arrays:
        if isinstance(a, np.ndarray):
            continue
        if type(a).__module__.split(".")[0] == "cupy":
            import cupy  # noqa: PLC0415

            return cupy
        if hasattr(a, "__array_namespace__"):
            return a.__array_namespace__()
    return np


def concat(xp, arrays, axis):
    """``xp.concat`` (Array API) or ``xp.concatenate`` (older NumPy/CuPy)."""
    fn = getattr(xp, "concat", None) or xp.concatenate
    return fn(arrays, axis=axis)


def permute_dims(xp, x, axes):
    """``xp.permute_dims`` (Array API) or ``xp.transpose``."""
    fn = getattr(xp, "permute_dims", None) or xp.transpose
    return fn(x, axes)


def to_numpy(x) -> np.ndarray:
    """A NumPy copy of ``x`` (CuPy arrays via ``.get()``)."""
    if hasattr(x, "get") and not isinstance(x, np.ndarray):
        return np.asarray(x.get())
    return np.asarray(x)

"""Array-namespace helpers for the layers (NumPy reference, backend-agnostic where cheap).

The layers only use a small set of array operations (slicing, ``flip``, ``tensordot``,
``concat``, ``permute_dims``, elementwise arithmetic, ``matmul``), so they run on any array
namespace offering these: NumPy, CuPy, or an Array-API-compatible library.  The namespace is
taken from the inputs by ``gaugemath.transforms.backend.get_namespace`` (the package's one
resolver; outputs are arrays of that namespace).
"""

from __future__ import annotations

import numpy as np

__all__ = ["get_namespace", "concat", "permute_dims", "to_numpy"]


def get_namespace(*arrays):
    """Array namespace of the inputs: :func:`gaugemath.transforms.backend.get_namespace` (the
    one resolver of the package): NumPy for NumPy arrays, lists and scalars, CuPy for CuPy
    arrays, ``x.__array_namespace__()`` for any other Array-API array (e.g.
    ``array_api_strict``), ``TypeError`` for mixed namespaces."""
    from gaugemath.transforms.backend import get_namespace as _get  # noqa: PLC0415

    return _get(*arrays)


def concat(xp, arrays, axis):
    """``xp.concat`` (Array API) or ``xp.concatenate`` (older NumPy/CuPy)."""
    fn = getattr(xp, "concat", None) or xp.concatenate
    return fn(arrays, axis=axis)


def permute_dims(xp, x, axes):
    """``xp.permute_dims`` (Array API) or ``xp.transpose``."""
    fn = getattr(xp, "permute_dims", None) or xp.transpose
    return fn(x, axes)


def to_numpy(x) -> np.ndarray:
    """A NumPy copy of ``x`` (CuPy arrays via ``.get()``, Array-API arrays via DLPack)."""
    from gaugemath.transforms.backend import to_numpy as _to_numpy  # noqa: PLC0415

    return _to_numpy(x)

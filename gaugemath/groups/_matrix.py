"""Small array helpers shared by the matrix groups (no validation of their own; private)."""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["as_element_array", "orthogonality_error", "is_orthogonal", "snap", "rounded_keys", "check_positive_int"]


def check_positive_int(n, name: str, minimum: int = 1) -> int:
    """``n`` as a Python int ``>= minimum`` (``TypeError``/``ValueError`` naming ``name``)."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {type(n).__name__} {n!r}")
    if int(n) < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {n!r}")
    return int(n)


def as_element_array(a, shape: tuple[int, ...], group_name: str, name: str = "g") -> np.ndarray:
    """``a`` as a real array with trailing shape ``shape`` (``ValueError`` otherwise)."""
    arr = np.asarray(a)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise TypeError(f"{name} must be a numeric array of {group_name} elements, got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must be real for {group_name}, got a complex array")
    k = len(shape)
    if arr.ndim < k or arr.shape[arr.ndim - k :] != tuple(shape):
        raise ValueError(f"{name} must have trailing shape {tuple(shape)} for {group_name}, got {arr.shape}")
    return arr


def orthogonality_error(m: np.ndarray) -> np.ndarray:
    """``max |Mᵀ M − I|`` per matrix of a batch ``(..., n, n)`` (``inf`` where not finite)."""
    m = np.asarray(m, dtype=float)
    n = m.shape[-1]
    err = np.max(np.abs(np.swapaxes(m, -1, -2) @ m - np.eye(n)), axis=(-2, -1))
    return np.where(np.all(np.isfinite(m), axis=(-2, -1)), err, np.inf)


def is_orthogonal(m: np.ndarray, atol: float, det: int | None = None) -> np.ndarray:
    """Boolean batch: orthogonal within ``atol`` and, if ``det`` is given, of that determinant sign."""
    ok = orthogonality_error(m) <= atol
    if det is not None:
        d = np.linalg.det(np.where(np.isfinite(m), m, 0.0))
        ok = ok & (np.sign(d) == det)
    return ok


def snap(m: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    """Replace entries within ``tol`` of a multiple of 1/2 by that exact value (and −0 by 0)."""
    m = np.asarray(m, dtype=float)
    r = np.round(2.0 * m) / 2.0
    return np.where(np.abs(m - r) <= tol, r, m) + 0.0


def rounded_keys(flat: np.ndarray, decimals: int) -> list[bytes]:
    """Hashable keys of the rows of ``flat`` (n, k): entries rounded to ``decimals`` (−0 → 0)."""
    r = np.ascontiguousarray(np.round(np.asarray(flat, dtype=float), decimals) + 0.0)
    return [row.tobytes() for row in r]

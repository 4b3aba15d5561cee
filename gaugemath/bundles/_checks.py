"""Input checks for :mod:`gaugemath.bundles` (points, rotations, charts).

Every public function of the bundles package validates its arguments here and raises
``TypeError`` (wrong kind of object) or ``ValueError`` (right kind, wrong value) naming
the argument and the allowed range.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_real_array, check_choice

__all__ = [
    "UNIT_TOL",
    "ROTATION_TOL",
    "as_unit_vectors",
    "as_rotations",
    "as_orthogonal",
    "as_chart",
]

#: Points of S^2 must have norm 1 within this tolerance (they are then renormalised).
UNIT_TOL = 1e-8
#: Rotation matrices must satisfy ``|R^T R - I| <= ROTATION_TOL`` and ``det R = +1``.
ROTATION_TOL = 1e-8


def as_unit_vectors(x, name: str = "x", dim: int = 3) -> np.ndarray:
    """Return ``x`` as a float64 array ``(..., dim)`` of unit vectors (renormalised).

    Raises ``ValueError`` if the last axis is not ``dim`` or a norm differs from 1 by
    more than :data:`UNIT_TOL`.
    """
    arr = as_real_array(x, name)
    if arr.ndim == 0 or arr.shape[-1] != dim:
        raise ValueError(f"{name} must have shape (..., {dim}) (points of S^{dim - 1}), got shape {arr.shape}")
    norm = np.linalg.norm(arr, axis=-1, keepdims=True)
    if np.any(np.abs(norm - 1.0) > UNIT_TOL):
        worst = float(np.max(np.abs(norm - 1.0)))
        raise ValueError(f"{name} must be unit vectors (| |{name}| - 1 | <= {UNIT_TOL:g}), worst deviation {worst:.3g}")
    return arr / norm


def as_orthogonal(m, name: str, dim: int, *, special: bool) -> np.ndarray:
    """Return ``m`` as float64 ``(..., dim, dim)`` orthogonal matrices (``det = +1`` if ``special``)."""
    arr = as_real_array(m, name)
    if arr.ndim < 2 or arr.shape[-2:] != (dim, dim):
        raise ValueError(f"{name} must have shape (..., {dim}, {dim}), got shape {arr.shape}")
    err = np.abs(np.swapaxes(arr, -1, -2) @ arr - np.eye(dim))
    if np.any(err > ROTATION_TOL):
        group = "SO" if special else "O"
        raise ValueError(
            f"{name} must be in {group}({dim}): |{name}^T {name} - I| = {float(err.max()):.3g} > {ROTATION_TOL:g}"
        )
    if special:
        det = np.linalg.det(arr)
        if np.any(det < 0):
            raise ValueError(f"{name} must be in SO({dim}) (det = +1), got a reflection (det = -1)")
    return arr


def as_rotations(m, name: str = "g", dim: int = 3) -> np.ndarray:
    """Return ``m`` as float64 rotation matrices ``(..., dim, dim)`` in SO(dim)."""
    return as_orthogonal(m, name, dim, special=True)


def as_chart(chart, charts) -> str:
    """Check ``chart`` is one of ``charts`` (strings)."""
    return check_choice(chart, "chart", charts)

"""Unit quaternion → rotation matrix: the one implementation (plain NumPy, no imports of
Numba or quaternionic), shared by :mod:`gaugemath.so3` and :mod:`gaugemath.groups`."""

from __future__ import annotations

import numpy as np

__all__ = ["quaternion_to_matrix"]


def quaternion_to_matrix(q: np.ndarray) -> np.ndarray:
    r"""Rotation matrices ``(..., 3, 3)`` of unit quaternions ``q = (w, x, y, z)``: :math:`R(q)v = q v \bar q`
    (active rotation; Rodrigues–Euler form).  ``q`` and ``−q`` give the same matrix.  No
    validation: callers pass unit quaternions (the public API checks them)."""
    q = np.asarray(q, dtype=float)
    w, x, y, z = q[..., 0], q[..., 1], q[..., 2], q[..., 3]
    out = np.empty(q.shape[:-1] + (3, 3))
    out[..., 0, 0] = 1 - 2 * (y * y + z * z)
    out[..., 0, 1] = 2 * (x * y - w * z)
    out[..., 0, 2] = 2 * (x * z + w * y)
    out[..., 1, 0] = 2 * (x * y + w * z)
    out[..., 1, 1] = 1 - 2 * (x * x + z * z)
    out[..., 1, 2] = 2 * (y * z - w * x)
    out[..., 2, 0] = 2 * (x * z - w * y)
    out[..., 2, 1] = 2 * (y * z + w * x)
    out[..., 2, 2] = 1 - 2 * (x * x + y * y)
    return out

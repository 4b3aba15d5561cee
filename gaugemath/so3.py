r"""Rotations of R^3: unit quaternions, matrices, ZYZ Euler angles, axis–angle.

Convention GM-ROT (``docs/conventions.md`` §1):

* rotations are **active** (``x -> R x``);
* quaternions are ``(w, x, y, z)``, scalar first, unit norm, ``R(q) v = q v q̄``;
  returned as :class:`quaternionic.array`; ``q`` and ``-q`` are the same rotation;
* Euler angles are **ZYZ**: :math:`R(\alpha,\beta,\gamma) = R_z(\alpha) R_y(\beta) R_z(\gamma)`,
  :math:`q = e^{\alpha k/2} e^{\beta j/2} e^{\gamma k/2}`, with
  :math:`\alpha,\gamma \in (-\pi, \pi]`, :math:`\beta \in [0, \pi]` on output.

Component form used by the Wigner kernels:
:math:`w + iz = \cos\frac\beta2 e^{i(\alpha+\gamma)/2}`,
:math:`y - ix = \sin\frac\beta2 e^{i(\alpha-\gamma)/2}`.

All functions are batched over leading axes.  Quaternion arithmetic is delegated
to :mod:`quaternionic` (Boyle), a well-kept library.
"""

from __future__ import annotations

import numpy as np
import quaternionic

from ._validation import as_real_array

__all__ = [
    "from_euler",
    "as_euler",
    "from_matrix",
    "as_matrix",
    "from_axis_angle",
    "as_axis_angle",
    "random",
    "as_quaternion",
    "identity",
]

QUATERNION_TOL = 1e-8
MATRIX_TOL = 1e-8


def identity(shape=()) -> quaternionic.array:
    """The identity rotation ``(1, 0, 0, 0)`` broadcast to ``shape``."""
    q = np.zeros(tuple(np.atleast_1d(shape)) + (4,) if shape != () else (4,))
    q[..., 0] = 1.0
    return quaternionic.array(q)


def from_euler(alpha, beta, gamma) -> quaternionic.array:
    r"""Unit quaternions of :math:`R_z(\alpha) R_y(\beta) R_z(\gamma)` (ZYZ, active, radians)."""
    a = as_real_array(alpha, "alpha")
    b = as_real_array(beta, "beta")
    g = as_real_array(gamma, "gamma")
    a, b, g = np.broadcast_arrays(a, b, g)
    q = np.empty(a.shape + (4,))
    cb, sb = np.cos(b / 2), np.sin(b / 2)
    q[..., 0] = cb * np.cos((a + g) / 2)
    q[..., 1] = -sb * np.sin((a - g) / 2)
    q[..., 2] = sb * np.cos((a - g) / 2)
    q[..., 3] = cb * np.sin((a + g) / 2)
    return quaternionic.array(q)


def as_euler(R) -> np.ndarray:
    r"""ZYZ Euler angles ``(..., 3)`` = ``(alpha, beta, gamma)`` of rotations ``R``.

    At the gimbal points (:math:`\beta = 0` or :math:`\pi`) only :math:`\alpha\pm\gamma`
    is defined; there :math:`\gamma = 0` is returned.
    """
    q = as_quaternion(R)
    w, x, y, z = q[..., 0], q[..., 1], q[..., 2], q[..., 3]
    ra, rb = np.hypot(w, z), np.hypot(x, y)
    beta = 2 * np.arctan2(rb, ra)
    pa, pb = np.arctan2(z, w), np.arctan2(-x, y)
    small_a, small_b = ra < 1e-15, rb < 1e-15
    alpha = np.where(small_b, 2 * pa, np.where(small_a, 2 * pb, pa + pb))
    gamma = np.where(small_a | small_b, 0.0, pa - pb)
    wrap = lambda t: np.angle(np.exp(1j * t))  # noqa: E731 - to (-pi, pi]
    return np.stack([wrap(alpha), beta, wrap(gamma)], axis=-1)


def from_matrix(M) -> quaternionic.array:
    """Unit quaternions of rotation matrices ``(..., 3, 3)`` (checked: orthogonal, det +1)."""
    m = as_real_array(M, "M")
    _check_rotation_matrix(m, "M")
    return quaternionic.array.from_rotation_matrix(m).normalized


def as_matrix(R) -> np.ndarray:
    """Rotation matrices ``(..., 3, 3)`` of rotations ``R`` (quaternions or matrices)."""
    return quaternionic.array(as_quaternion(R)).to_rotation_matrix


def from_axis_angle(axis, angle) -> quaternionic.array:
    """Rotation by ``angle`` (radians, right-handed) about the unit vector ``axis`` (…, 3)."""
    ax = as_real_array(axis, "axis")
    if ax.shape[-1:] != (3,):
        raise ValueError(f"axis must have shape (..., 3), got {ax.shape}")
    norm = np.linalg.norm(ax, axis=-1, keepdims=True)
    if np.any(norm == 0):
        raise ValueError("axis must be non-zero")
    th = as_real_array(angle, "angle")[..., None]
    ax, th = np.broadcast_arrays(ax / norm, th)
    q = np.concatenate([np.cos(th[..., :1] / 2), np.sin(th / 2) * ax], axis=-1)
    return quaternionic.array(q)


def as_axis_angle(R) -> tuple[np.ndarray, np.ndarray]:
    """``(axis (..., 3), angle (...))`` with ``angle`` in ``[0, pi]``; axis ``(0,0,1)`` at angle 0."""
    q = as_quaternion(R)
    q = np.where(q[..., :1] < 0, -q, q)
    v = q[..., 1:]
    s = np.linalg.norm(v, axis=-1)
    angle = 2 * np.arctan2(s, q[..., 0])
    safe = np.where(s[..., None] > 0, v / np.where(s > 0, s, 1)[..., None], np.array([0.0, 0.0, 1.0]))
    return safe, angle


def random(n=None, seed=None) -> quaternionic.array:
    """Haar-uniform random rotations: normalised 4-d Gaussian vectors (Shoemake 1992).

    ``n=None`` gives one rotation; an int or tuple gives that batch shape.
    """
    rng = np.random.default_rng(seed)
    shape = () if n is None else tuple(np.atleast_1d(n))
    q = rng.normal(size=shape + (4,))
    q /= np.linalg.norm(q, axis=-1, keepdims=True)
    return quaternionic.array(q)


def _check_rotation_matrix(m: np.ndarray, name: str) -> None:
    if m.ndim < 2 or m.shape[-2:] != (3, 3):
        raise ValueError(f"{name} must have shape (..., 3, 3), got {m.shape}")
    eye_err = np.abs(np.swapaxes(m, -1, -2) @ m - np.eye(3)).max(initial=0.0)
    if eye_err > MATRIX_TOL:
        raise ValueError(f"{name} is not orthogonal (|M^T M - I| = {eye_err:.1e} > {MATRIX_TOL})")
    if np.any(np.linalg.det(m) < 0):
        raise ValueError(f"{name} has determinant -1: a reflection is not in SO(3)")


def as_quaternion(R, name: str = "R") -> np.ndarray:
    """Coerce rotations to a float ndarray ``(..., 4)`` of unit quaternions ``(w, x, y, z)``.

    Accepts a :class:`quaternionic.array`, a float array ``(..., 4)`` or rotation
    matrices ``(..., 3, 3)``.  Quaternions whose norm differs from 1 by more than
    ``1e-8`` raise ``ValueError`` (within the tolerance they are normalised);
    matrices must be orthogonal with determinant +1 (tolerance ``1e-8``).
    """
    if isinstance(R, quaternionic.array):
        q = np.asarray(R.ndarray, dtype=np.float64)
    else:
        arr = as_real_array(R, name)
        if arr.ndim >= 2 and arr.shape[-2:] == (3, 3):
            _check_rotation_matrix(arr, name)
            return np.asarray(quaternionic.array.from_rotation_matrix(arr).normalized.ndarray)
        q = arr
    if q.shape[-1:] != (4,):
        raise ValueError(f"{name} must be quaternions (..., 4) or rotation matrices (..., 3, 3), got shape {q.shape}")
    if not np.all(np.isfinite(q)):
        raise ValueError(f"{name} contains NaN or infinite values")
    norm = np.linalg.norm(q, axis=-1, keepdims=True)
    if np.any(np.abs(norm - 1) > QUATERNION_TOL):
        raise ValueError(f"{name} must be unit quaternions (| |q| - 1 | <= {QUATERNION_TOL}); got norms up to {norm.max():.6g}")
    return q / norm

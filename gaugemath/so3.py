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

All functions are batched over leading axes.  Conversions are plain NumPy
(matrix -> quaternion by Shepperd's method, J. Guid. Control 1 (1978) 223, sign fixed
by :math:`w \ge 0`); :mod:`quaternionic` (Boyle) is imported only to wrap the
returned arrays (its first import compiles its gufuncs, under
:func:`gaugemath._jit.compile_lock`), never on the path of ``wigner_D`` or the
harmonics, so a damaged third-party cache cannot break them.
"""

from __future__ import annotations

import sys

import numpy as np

from ._jit import import_quaternionic
from ._validation import as_real_array
from ._quaternion import quaternion_to_matrix as _quaternion_to_matrix

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


def _wrap(q: np.ndarray):
    """``q`` (..., 4) as a :class:`quaternionic.array` (the public return type)."""
    return import_quaternionic().array(q)


def _is_quaternionic(R) -> bool:
    mod = sys.modules.get("quaternionic")
    return mod is not None and isinstance(R, mod.array)


def identity(shape=()):
    """The identity rotation ``(1, 0, 0, 0)`` broadcast to ``shape``."""
    q = np.zeros(tuple(np.atleast_1d(shape)) + (4,) if shape != () else (4,))
    q[..., 0] = 1.0
    return _wrap(q)


def from_euler(alpha, beta, gamma):
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
    return _wrap(q)


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


def from_matrix(M):
    """Unit quaternions (``w >= 0``) of rotation matrices ``(..., 3, 3)`` (checked: orthogonal, det +1)."""
    m = as_real_array(M, "M")
    _check_rotation_matrix(m, "M")
    return _wrap(_matrix_to_quaternion(m))


def _matrix_to_quaternion(m: np.ndarray) -> np.ndarray:
    r"""Shepperd's method: take the largest of :math:`4w^2 = 1 + \mathrm{tr}M`,
    :math:`4x^2 = 1 + 2M_{xx} - \mathrm{tr}M`, ... as the pivot (no cancellation), the other
    components from the off-diagonal sums/differences; normalise; sign :math:`w \ge 0`."""
    m00, m11, m22 = m[..., 0, 0], m[..., 1, 1], m[..., 2, 2]
    tr = m00 + m11 + m22
    piv = np.stack([1 + tr, 1 + 2 * m00 - tr, 1 + 2 * m11 - tr, 1 + 2 * m22 - tr], axis=-1)
    k = np.argmax(piv, axis=-1)
    d21, d02, d10 = m[..., 2, 1] - m[..., 1, 2], m[..., 0, 2] - m[..., 2, 0], m[..., 1, 0] - m[..., 0, 1]
    s10, s02, s21 = m[..., 1, 0] + m[..., 0, 1], m[..., 0, 2] + m[..., 2, 0], m[..., 2, 1] + m[..., 1, 2]
    cand = np.stack(
        [
            np.stack([piv[..., 0], d21, d02, d10], axis=-1),
            np.stack([d21, piv[..., 1], s10, s02], axis=-1),
            np.stack([d02, s10, piv[..., 2], s21], axis=-1),
            np.stack([d10, s02, s21, piv[..., 3]], axis=-1),
        ],
        axis=-2,
    )
    q = np.take_along_axis(cand, k[..., None, None], axis=-2)[..., 0, :]
    q = q / np.linalg.norm(q, axis=-1, keepdims=True)
    return np.where(q[..., :1] < 0, -q, q)


def as_matrix(R) -> np.ndarray:
    """Rotation matrices ``(..., 3, 3)`` of rotations ``R`` (quaternions or matrices)."""
    return _quaternion_to_matrix(as_quaternion(R))


def from_axis_angle(axis, angle):
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
    return _wrap(q)


def as_axis_angle(R) -> tuple[np.ndarray, np.ndarray]:
    """``(axis (..., 3), angle (...))`` with ``angle`` in ``[0, pi]``; axis ``(0,0,1)`` at angle 0."""
    q = as_quaternion(R)
    q = np.where(q[..., :1] < 0, -q, q)
    v = q[..., 1:]
    s = np.linalg.norm(v, axis=-1)
    angle = 2 * np.arctan2(s, q[..., 0])
    safe = np.where(s[..., None] > 0, v / np.where(s > 0, s, 1)[..., None], np.array([0.0, 0.0, 1.0]))
    return safe, angle


def random(n=None, seed=None):
    """Haar-uniform random rotations: normalised 4-d Gaussian vectors (Shoemake 1992).

    ``n=None`` gives one rotation; a non-negative int or tuple of them gives that batch
    shape (anything else raises ``TypeError``/``ValueError`` naming ``n``).
    """
    shape = _batch_shape(n, "n")
    rng = np.random.default_rng(seed)
    q = rng.normal(size=shape + (4,))
    q /= np.linalg.norm(q, axis=-1, keepdims=True)
    return _wrap(q)


def _batch_shape(n, name: str) -> tuple:
    if n is None:
        return ()
    items = n if isinstance(n, (tuple, list)) else (n,)
    out = []
    for k in items:
        if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)):
            raise TypeError(f"{name} must be None, a non-negative int or a tuple of them, got {n!r}")
        if k < 0:
            raise ValueError(f"{name} must be >= 0 (a batch size), got {n!r}")
        out.append(int(k))
    return tuple(out)


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
    if _is_quaternionic(R):
        q = np.asarray(R.ndarray, dtype=np.float64)
    else:
        arr = as_real_array(R, name, allow_nan=True)  # NaN/inf are caught by the norm below
        if arr.ndim >= 2 and arr.shape[-2:] == (3, 3):
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"{name} contains NaN or infinite values")
            _check_rotation_matrix(arr, name)
            return _matrix_to_quaternion(arr)
        q = arr
    if q.shape[-1:] != (4,):
        raise ValueError(f"{name} must be quaternions (..., 4) or rotation matrices (..., 3, 3), got shape {q.shape}")
    n2 = np.einsum("...i,...i->...", q, q)
    dev = np.abs(n2 - 1.0)
    if np.all(dev <= 8.9e-16):  # unit to rounding (NaN fails this test): use q as given --
        return q  # dividing by the norm would perturb the rotation by an ulp, which D^l amplifies by l
    if not np.all(np.isfinite(q)):
        raise ValueError(f"{name} contains NaN or infinite values")
    norm = np.sqrt(n2)[..., None]
    if np.any(np.abs(norm - 1) > QUATERNION_TOL):
        raise ValueError(f"{name} must be unit quaternions (| |q| - 1 | <= {QUATERNION_TOL}); got norms up to {norm.max():.6g}")
    return q / norm

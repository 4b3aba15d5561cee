"""The one numeric nullspace solver of the package (exact work uses :mod:`gaugemath.symbolic`).

Every module that needs a numerical nullspace (intertwiner spaces, Mackey kernels, steerable
kernel constraints) imports :func:`nullspace` from here.
"""

from __future__ import annotations

import numpy as np

__all__ = ["nullspace"]


def nullspace(A, tol: float = 1e-9) -> np.ndarray:
    r"""Orthonormal basis of :math:`\ker A` as the columns of an ``(n, k)`` array.

    Computed from the SVD :math:`A = U\Sigma V^\dagger`: the right singular vectors whose
    singular value is at most ``tol · max(1, σ_max)`` (relative to the largest singular
    value, absolute below 1).  ``A`` of shape ``(m, n)``, real or complex; an empty ``A``
    (``m = 0``) has the whole space as kernel (identity columns).
    """
    A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError(f"A must be a 2-D matrix, got shape {A.shape}")
    n = A.shape[1]
    if A.shape[0] == 0:
        return np.eye(n, dtype=A.dtype if A.dtype.kind in "fc" else float)
    _, s, vh = np.linalg.svd(A)
    rank = int(np.sum(s > tol * max(1.0, s[0] if len(s) else 1.0)))
    return np.conj(vh[rank:]).T

"""Named convention presets (the ``convention=`` argument).

The single source of truth for which conventions exist.  Each public function
that takes ``convention=`` validates it with :func:`check_convention` and
documents what the preset changes for that function; the formulas and the
mapping to each peer library are in ``docs/conventions.md``, and every mapping
is pinned by a test against the installed peer (``tests/conventions/``).

Presets
-------
``"gaugemath"`` (default)
    ZYZ active Euler angles, quaternions ``(w, x, y, z)``,
    :math:`D^\\ell_{m'm}(\\alpha,\\beta,\\gamma) = e^{-im'\\alpha} d^\\ell_{m'm}(\\beta) e^{-im\\gamma}`
    (Wigner/Sakurai small d, :math:`d^1_{1,0}(\\beta) = -\\sin\\beta/\\sqrt2`),
    orthonormal Condon–Shortley :math:`Y_\\ell^m`, real basis of
    :mod:`gaugemath.real_basis`.
``"e3nn"``
    e3nn >= 0.5: real basis in a frame whose axes are cyclically permuted,
    :math:`Y^{e3nn}_\\ell(x) = S_\\ell(Px)` with :func:`e3nn_frame` ``P``; hence
    :math:`D^{e3nn}(R) = D^{real}(P R P^T)`; spherical harmonics with
    ``normalization="integral"``; ``wigner_3j`` normalised to unit Frobenius norm.
``"spherical"``
    moble's ``spherical`` package (its Wigner 𝔇 and spin-weighted :math:`{}_sY_{\\ell m}`).
``"scipy"``
    ``scipy.special.sph_harm_y`` (identical to the default complex harmonics) and
    ``scipy.spatial.transform.Rotation`` (quaternions scalar-last ``(x, y, z, w)``).
"""

from __future__ import annotations

import numpy as np

from ._validation import check_choice

__all__ = ["CONVENTIONS", "DEFAULT_CONVENTION", "check_convention", "e3nn_frame"]

CONVENTIONS = ("gaugemath", "e3nn", "spherical", "scipy")
DEFAULT_CONVENTION = "gaugemath"


def check_convention(name) -> str:
    """Validate a convention name; raises ``ValueError`` naming the allowed presets."""
    return check_choice(name, "convention", CONVENTIONS)


def e3nn_frame() -> np.ndarray:
    r"""The rotation :math:`P` with :math:`Y^{e3nn}_\ell(x) = S_\ell(Px)`.

    :math:`P(x, y, z) = (z, x, y)`: e3nn's ``l=1`` harmonics are
    :math:`\propto (x, y, z)` while gaugemath's real ``l=1`` are
    :math:`\propto (y, z, x)`.  ``P`` is a proper rotation (``det P = +1``).
    """
    return np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])

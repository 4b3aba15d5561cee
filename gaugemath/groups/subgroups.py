r"""Subgroup embeddings :math:`\iota: H \hookrightarrow G` between the groups of the catalogue.

:func:`embed` ``(H, G)`` returns a callable mapping a batch of H's elements to G's element
parameterisation.  The map is chosen from the element shapes:

* same shape: the identity map (C_N ⊂ D_N, T ⊂ O ⊂ O_h, I ⊂ I_h, finite ⊂ SO(3) ⊂ O(3),
  SO(2) ⊂ O(2), p4 ⊂ p4m ⊂ E(2), SE(d) ⊂ E(d), SU(2) ⊂ SU(2), ...);
* 2×2 → 3×3 (non-homogeneous G): :math:`h \mapsto \mathrm{diag}(h, \det h)`.  SO(2) goes to
  rotations about z; a reflection :math:`s = \mathrm{diag}(1,-1)` goes to the rotation by π
  about x, so O(2) → SO(3) ⊂ O(3) as the group :math:`D_\infty` and ``dihedral(N, "O2")`` maps
  onto ``dihedral(N, "SO3")`` element by element;
* d×d → (d'+1)×(d'+1) homogeneous G (SE/E/p4/p4m): first the map above if d < d', then
  :math:`h \mapsto (0, h)` (zero translation).

SU(2) is *not* a subgroup of SO(3) (the double cover is 2:1), so ``embed(SU2(), SO3())`` raises.
Membership of the image is checked with ``G.contains`` on all elements of a finite H, and on
the identity plus 64 Haar samples (seed 0) of a continuous H; failure is a ``ValueError``
naming the offending element.  The maps are group homomorphisms by construction (matrix
products are preserved by block-diagonal and homogeneous embeddings).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .base import Group
from .parse import as_group
from .semidirect import _Homogeneous

__all__ = ["embed", "is_subgroup"]


def _lift_to(h: np.ndarray, d: int) -> np.ndarray:
    """2×2 → 3×3 by :math:`\\mathrm{diag}(h, \\det h)` (identity if already d×d)."""
    n = h.shape[-1]
    if n == d:
        return h
    out = np.zeros(h.shape[:-2] + (3, 3), dtype=float)
    out[..., :2, :2] = h
    out[..., 2, 2] = np.sign(np.linalg.det(np.asarray(h, dtype=float)))
    return out


def _homogeneous_zero_translation(h: np.ndarray) -> np.ndarray:
    d = h.shape[-1]
    out = np.zeros(h.shape[:-2] + (d + 1, d + 1), dtype=np.result_type(h.dtype, np.int64))
    out[..., :d, :d] = h
    out[..., d, d] = 1
    return out


def _candidate(H: Group, G: Group) -> Callable[[np.ndarray], np.ndarray]:
    sh, sg = tuple(H.element_shape), tuple(G.element_shape)
    if sh == sg:
        return lambda h: np.asarray(h)
    if len(sh) != 2 or len(sg) != 2:
        raise ValueError(f"{H.name} is not a subgroup of {G.name}: no embedding from elements of shape {sh} to {sg}"
                         + (" (SU(2) -> SO(3) is the 2:1 double cover, not an embedding)" if sh == (4,) else ""))
    n = sh[0]
    if isinstance(G, _Homogeneous):
        d = G.point_dim
        if isinstance(H, _Homogeneous) or n > d or (n, d) not in ((2, 2), (3, 3), (2, 3)):
            raise ValueError(f"{H.name} is not a subgroup of {G.name}: no embedding from {sh} matrices")
        return lambda h: _homogeneous_zero_translation(_lift_to(np.asarray(h), d))
    if (n, sg[0]) == (2, 3) and not isinstance(H, _Homogeneous):
        return lambda h: _lift_to(np.asarray(h), 3)
    raise ValueError(f"{H.name} is not a subgroup of {G.name}: no embedding from {sh} to {sg} matrices")


def _probe(H: Group) -> np.ndarray:
    if H.is_finite:
        return np.asarray(H.elements())
    return np.concatenate([np.asarray(H.identity())[None], np.asarray(H.sample(64, seed=0))])


def embed(H: Group, G: Group, *, atol: float = 1e-8) -> Callable[[np.ndarray], np.ndarray]:
    """The inclusion map :math:`H \\to G` on element arrays (see the module docstring).

    Returns a callable taking a batch ``(..., *H.element_shape)`` and returning
    ``(..., *G.element_shape)``.  ``ValueError`` if H is not a subgroup of G (some checked
    element of H is not in G within ``atol``, or no map between the parameterisations exists);
    ``TypeError`` if H or G is neither a :class:`~gaugemath.groups.base.Group` nor a group name
    (names are parsed by :func:`~gaugemath.groups.as_group`).
    """
    H, G = as_group(H, "H"), as_group(G, "G")
    if H is G:
        return lambda h: np.asarray(h)
    if not H.is_finite and G.is_finite:
        raise ValueError(f"{H.name} is infinite, so it is not a subgroup of the finite group {G.name}")
    if H.is_finite and G.is_finite and G.order % H.order != 0:
        raise ValueError(f"{H.name} (order {H.order}) is not a subgroup of {G.name} (order {G.order}): "
                         "Lagrange's theorem fails")
    mapping = _candidate(H, G)
    probe = _probe(H)
    image = mapping(probe)
    inside = np.asarray(G.contains(image, atol=atol))
    if not np.all(inside):
        bad = int(np.flatnonzero(~inside.ravel())[0])
        raise ValueError(f"{H.name} is not a subgroup of {G.name}: element {np.round(probe[bad], 6).tolist()} "
                         f"of {H.name} maps outside {G.name}")

    shape = tuple(H.element_shape)

    def inclusion(h):
        h = np.asarray(h)
        if h.shape[h.ndim - len(shape):] != shape:
            raise ValueError(f"h must have trailing shape {shape} for {H.name}, got {h.shape}")
        return mapping(h)

    return inclusion


def is_subgroup(H: Group, G: Group, *, atol: float = 1e-8) -> bool:
    """``True`` if :func:`embed` ``(H, G)`` succeeds (groups or names)."""
    try:
        embed(H, G, atol=atol)
    except ValueError:
        return False
    return True

r"""Closed test surfaces generated in code: icosphere, bumpy sphere, torus.

All faces are oriented counter-clockwise seen from outside (outward normals).

* :func:`icosphere` — the icosahedron with vertices the cyclic permutations of
  :math:`(0, \pm 1, \pm\varphi)` (the vertices of :func:`gaugemath.groups.icosahedral`'s
  icosahedron, so its 60 rotations map the mesh to itself), each subdivision splitting every
  triangle into four at the edge midpoints, pushed to the unit sphere.  Subdivision ``s`` has
  :math:`10\cdot 4^s + 2` vertices and :math:`20\cdot 4^s` faces.
* :func:`bumpy_sphere` — the icosphere with radius
  :math:`r(x) = 1 + a\,(\cos 4x_1 + \cos 5x_2 + \cos 6x_3)/3` (star-shaped for :math:`|a| < 1`).
* :func:`torus` — :math:`((R + r\cos v)\cos u, (R + r\cos v)\sin u, r\sin v)` on an
  ``n_major × n_minor`` grid, each quad split into two triangles.
"""

from __future__ import annotations

import numbers

import numpy as np

from .trimesh import TriangleMesh

__all__ = ["icosahedron", "icosphere", "bumpy_sphere", "torus"]

_PHI = (1 + 5**0.5) / 2


def _int(x, name, lo, hi):
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(x).__name__} {x!r}")
    if not lo <= x <= hi:
        raise ValueError(f"{name} must be in {lo}..{hi}, got {x}")
    return int(x)


def _positive(x, name):
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real) or not np.isfinite(x) or x <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {x!r}")
    return float(x)


def _icosahedron_arrays():
    base = []
    for s1 in (1.0, -1.0):
        for s2 in (1.0, -1.0):
            base.append((0.0, s1, s2 * _PHI))
    base = np.array(base)
    V = np.concatenate([base, base[:, [2, 0, 1]], base[:, [1, 2, 0]]])  # cyclic permutations
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    # faces: triples of mutually nearest vertices (edge length 2 before normalisation)
    d = np.linalg.norm(V[:, None] - V[None], axis=-1)
    edge = d[d > 1e-9].min()
    adj = np.abs(d - edge) < 1e-9
    faces = []
    for i in range(12):
        for j in range(i + 1, 12):
            for k in range(j + 1, 12):
                if adj[i, j] and adj[j, k] and adj[i, k]:
                    if np.dot(np.cross(V[j] - V[i], V[k] - V[i]), V[i]) < 0:
                        j2, k2 = k, j
                    else:
                        j2, k2 = j, k
                    faces.append((i, j2, k2))
    return V, np.array(faces, dtype=np.int64)


def icosahedron() -> TriangleMesh:
    """The regular icosahedron inscribed in the unit sphere (12 vertices, 20 faces)."""
    return TriangleMesh(*_icosahedron_arrays())


def _subdivide(V, F):
    """Split every face into four at the (unique) edge midpoints, projected to the unit sphere."""
    nV = V.shape[0]
    e = np.concatenate([F[:, [0, 1]], F[:, [1, 2]], F[:, [2, 0]]])
    key = np.minimum(e[:, 0], e[:, 1]) * nV + np.maximum(e[:, 0], e[:, 1])
    ukey, inv = np.unique(key, return_inverse=True)
    mid = V[ukey // nV] + V[ukey % nV]
    mid /= np.linalg.norm(mid, axis=1, keepdims=True)
    m = (inv + nV).reshape(3, -1).T  # m[:, 0] on edge (0,1), m[:, 1] on (1,2), m[:, 2] on (2,0)
    a, b, c = F[:, 0], F[:, 1], F[:, 2]
    F2 = np.concatenate([np.stack([a, m[:, 0], m[:, 2]], 1), np.stack([m[:, 0], b, m[:, 1]], 1),
                         np.stack([m[:, 2], m[:, 1], c], 1), np.stack([m[:, 0], m[:, 1], m[:, 2]], 1)])
    return np.concatenate([V, mid]), F2


def _icosphere_arrays(subdivisions):
    V, F = _icosahedron_arrays()
    for _ in range(subdivisions):
        V, F = _subdivide(V, F)
    return V, F


def icosphere(subdivisions: int = 2, radius: float = 1.0) -> TriangleMesh:
    r"""Geodesic icosphere of the given ``radius`` (``subdivisions`` in 0..8).

    :math:`10\cdot 4^s + 2` vertices; invariant under the 60 rotations of
    :func:`gaugemath.groups.icosahedral` (vertices permuted, to rounding).
    """
    s = _int(subdivisions, "subdivisions", 0, 8)
    V, F = _icosphere_arrays(s)
    return TriangleMesh(_positive(radius, "radius") * V, F)


def bumpy_sphere(subdivisions: int = 3, amplitude: float = 0.15) -> TriangleMesh:
    r"""Icosphere with radius :math:`1 + a(\cos 4x_1 + \cos 5x_2 + \cos 6x_3)/3` at the unit direction x.

    ``amplitude`` a must satisfy :math:`|a| < 1` (the surface stays star-shaped, a closed
    embedded sphere, :math:`\chi = 2`).
    """
    s = _int(subdivisions, "subdivisions", 0, 8)
    a = amplitude
    if isinstance(a, (bool, np.bool_)) or not isinstance(a, numbers.Real) or not abs(a) < 1:
        raise ValueError(f"amplitude must be a real number with |amplitude| < 1, got {amplitude!r}")
    V, F = _icosphere_arrays(s)
    r = 1.0 + a * (np.cos(4 * V[:, 0]) + np.cos(5 * V[:, 1]) + np.cos(6 * V[:, 2])) / 3
    return TriangleMesh(V * r[:, None], F)


def torus(n_major: int = 24, n_minor: int = 12, major_radius: float = 1.0, minor_radius: float = 0.4) -> TriangleMesh:
    r"""Torus of revolution about the z axis (:math:`\chi = 0`), ``n_major × n_minor`` vertices.

    ``n_major, n_minor >= 3`` and ``0 < minor_radius < major_radius``.  Vertex
    ``i * n_minor + j`` sits at :math:`u = 2\pi i/n_{major}`, :math:`v = 2\pi j/n_{minor}`.
    """
    nu = _int(n_major, "n_major", 3, 10**7)
    nv = _int(n_minor, "n_minor", 3, 10**7)
    R, r = _positive(major_radius, "major_radius"), _positive(minor_radius, "minor_radius")
    if not r < R:
        raise ValueError(f"minor_radius must be < major_radius (a ring torus), got {r} >= {R}")
    u = 2 * np.pi * np.arange(nu) / nu
    v = 2 * np.pi * np.arange(nv) / nv
    U, W = np.meshgrid(u, v, indexing="ij")
    X = np.stack([(R + r * np.cos(W)) * np.cos(U), (R + r * np.cos(W)) * np.sin(U), r * np.sin(W)], -1).reshape(-1, 3)
    i, j = np.meshgrid(np.arange(nu), np.arange(nv), indexing="ij")
    a = i * nv + j
    b = ((i + 1) % nu) * nv + j
    c = ((i + 1) % nu) * nv + (j + 1) % nv
    d = i * nv + (j + 1) % nv
    # (a, b, c): u then v increasing; d_u x d_v points outward on this parametrisation
    F = np.concatenate([np.stack([a, b, c], -1).reshape(-1, 3), np.stack([a, c, d], -1).reshape(-1, 3)])
    return TriangleMesh(X, F)

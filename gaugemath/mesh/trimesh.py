r"""A validated closed, oriented triangle mesh and its half-edge / one-ring tables.

Conventions (used by every function of :mod:`gaugemath.mesh`):

* ``vertices`` is a float ``(V, 3)`` array, ``faces`` an integer ``(F, 3)`` array of vertex
  indices.  A face ``(i, j, k)`` is oriented counter-clockwise seen from the side its normal
  :math:`(x_j - x_i)\times(x_k - x_i)` points to; for the generated closed surfaces
  (:mod:`gaugemath.mesh.generate`) that is the outside.
* Only **closed 2-manifold** meshes are accepted: every edge lies in exactly two faces, with
  opposite directions (a consistent orientation), and the faces around every vertex form one
  fan (a single cycle).  Zero-area faces, duplicate (coincident) vertices and unused vertices
  are refused.  Every refusal is a ``ValueError`` that names the offending face, edge or vertex.
* Half-edges: half-edge ``3 f + i`` runs from ``faces[f, i]`` to ``faces[f, (i + 1) % 3]``.
  The **one-ring** of vertex ``p`` lists its outgoing half-edges in counter-clockwise order
  (about the outward normal), starting at the half-edge to the neighbour with the smallest
  vertex index; :attr:`TriangleMesh.ring_offsets` (CSR, length ``V + 1``) delimits vertex
  ``p``'s entries ``ring_offsets[p]:ring_offsets[p + 1]`` of :attr:`TriangleMesh.ring_halfedges`.

Counter-clockwise successor of the outgoing half-edge :math:`h = (p\to a)` in face
:math:`(p, a, b)`: the twin of the face's half-edge :math:`b \to p`, i.e. :math:`p \to b`
(Botsch et al., "Polygon Mesh Processing", 2010, §2.2, the half-edge data structure).
"""

from __future__ import annotations

import numbers

import numpy as np

from .._validation import as_real_array

__all__ = ["TriangleMesh", "DUPLICATE_TOL", "AREA_TOL"]

#: Two vertices closer than ``DUPLICATE_TOL`` times the bounding-box diagonal are duplicates.
DUPLICATE_TOL = 1e-10
#: A face whose area is below ``AREA_TOL`` times the squared bounding-box diagonal is degenerate.
AREA_TOL = 1e-14


def _as_faces(faces, n_vertices: int) -> np.ndarray:
    arr = np.asarray(faces)
    if arr.dtype == object or arr.dtype.kind not in "iu":
        if arr.dtype.kind == "f" and arr.size and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise TypeError(f"faces must be an integer array of shape (F, 3), got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.shape[1] != 3 or arr.shape[0] == 0:
        raise ValueError(f"faces must have shape (F, 3) with F >= 1, got shape {arr.shape}")
    arr = arr.astype(np.int64)
    if arr.min() < 0 or arr.max() >= n_vertices:
        raise ValueError(f"faces must hold vertex indices in 0..{n_vertices - 1}, got values in "
                         f"{arr.min()}..{arr.max()}")
    rep = (arr[:, 0] == arr[:, 1]) | (arr[:, 1] == arr[:, 2]) | (arr[:, 0] == arr[:, 2])
    if rep.any():
        f = int(np.flatnonzero(rep)[0])
        raise ValueError(f"faces: face {f} = {arr[f].tolist()} repeats a vertex (degenerate face)")
    return arr


class TriangleMesh:
    """A closed, consistently oriented 2-manifold triangle mesh (validated on construction).

    Parameters
    ----------
    vertices : array_like, shape (V, 3)
        Vertex positions (finite floats).
    faces : array_like of int, shape (F, 3)
        Vertex indices of each triangle, counter-clockwise about the outward normal.

    Raises
    ------
    TypeError
        ``vertices`` not real, ``faces`` not integer.
    ValueError
        Wrong shapes, indices out of range, a zero-area face (area below ``AREA_TOL`` times the
        squared bounding-box diagonal), duplicate vertices (closer than ``DUPLICATE_TOL`` times
        the diagonal), an unused vertex, a boundary edge (the mesh is not closed), a non-manifold
        edge (in more than two faces), inconsistent orientation (an edge traversed twice in the
        same direction), or a non-manifold vertex (its faces form more than one fan).

    Notes
    -----
    Arrays are stored read-only.  Derived tables: :attr:`halfedge_src`, :attr:`halfedge_dst`,
    :attr:`halfedge_twin` (length ``3F``), :attr:`ring_offsets`, :attr:`ring_halfedges`,
    :attr:`ring_neighbors`, :attr:`degree`, :attr:`edges`; see the module docstring.
    """

    def __init__(self, vertices, faces):
        V = as_real_array(vertices, "vertices")
        if V.ndim != 2 or V.shape[1] != 3 or V.shape[0] < 4:
            raise ValueError(f"vertices must have shape (V, 3) with V >= 4, got shape {V.shape}")
        V = np.ascontiguousarray(V, dtype=float)
        F = _as_faces(faces, V.shape[0])
        self._vertices, self._faces = V, F
        self._scale = float(np.linalg.norm(V.max(axis=0) - V.min(axis=0)))
        self._check_faces_and_vertices()
        self._build_halfedges()
        self._build_rings()
        for a in (self._vertices, self._faces, self.halfedge_src, self.halfedge_dst, self.halfedge_twin,
                  self.ring_offsets, self.ring_halfedges, self.ring_neighbors, self.degree, self.edges):
            a.setflags(write=False)

    # ------------------------------------------------------------------ checks
    def _check_faces_and_vertices(self):
        V, F, scale = self._vertices, self._faces, self._scale
        if scale == 0.0:
            raise ValueError("vertices: all vertices coincide (zero bounding box)")
        a, b, c = V[F[:, 0]], V[F[:, 1]], V[F[:, 2]]
        area = 0.5 * np.linalg.norm(np.cross(b - a, c - a), axis=1)
        bad = area <= AREA_TOL * scale**2
        if bad.any():
            f = int(np.flatnonzero(bad)[0])
            raise ValueError(f"faces: face {f} = {F[f].tolist()} has zero area ({area[f]:.3e}; degenerate triangle)")
        used = np.zeros(V.shape[0], dtype=bool)
        used[F.ravel()] = True
        if not used.all():
            v = int(np.flatnonzero(~used)[0])
            raise ValueError(f"vertices: vertex {v} is in no face (unused vertex)")
        from scipy.spatial import cKDTree

        pairs = cKDTree(V).query_pairs(DUPLICATE_TOL * scale, output_type="ndarray")
        if len(pairs):
            i, j = (int(x) for x in pairs[0])
            raise ValueError(f"vertices: vertices {min(i, j)} and {max(i, j)} coincide (duplicate vertices, "
                             f"distance <= {DUPLICATE_TOL:g} x bounding-box diagonal)")

    def _build_halfedges(self):
        F = self._faces
        nV = self._vertices.shape[0]
        src = F.ravel()
        dst = F[:, [1, 2, 0]].ravel()
        key = src * nV + dst
        order = np.argsort(key, kind="stable")
        skey = key[order]
        dup = np.flatnonzero(skey[1:] == skey[:-1])
        # undirected edge multiplicities first: non-manifold edges and boundaries
        lo, hi = np.minimum(src, dst), np.maximum(src, dst)
        ukey, counts = np.unique(lo * nV + hi, return_counts=True)
        if (counts > 2).any():
            k = int(ukey[np.flatnonzero(counts > 2)[0]])
            raise ValueError(f"faces: edge ({k // nV}, {k % nV}) lies in {counts.max()} faces (non-manifold edge)")
        if len(dup):
            h = int(order[dup[0]])
            raise ValueError(f"faces: edge ({src[h]}, {dst[h]}) is traversed twice in the same direction "
                             f"(inconsistent face orientation, e.g. face {h // 3} = {F[h // 3].tolist()})")
        if (counts < 2).any():
            k = int(ukey[np.flatnonzero(counts < 2)[0]])
            raise ValueError(f"faces: edge ({k // nV}, {k % nV}) lies in only one face (the mesh must be closed)")
        twin_key = dst * nV + src
        pos = np.searchsorted(skey, twin_key)
        self.halfedge_src = src
        self.halfedge_dst = dst
        self.halfedge_twin = order[pos]
        self.edges = np.stack([ukey // nV, ukey % nV], axis=1)

    def _build_rings(self):
        nV = self._vertices.shape[0]
        src, dst, twin = self.halfedge_src, self.halfedge_dst, self.halfedge_twin
        nH = len(src)
        h = np.arange(nH)
        prev_in_face = 3 * (h // 3) + (h % 3 + 2) % 3
        succ = twin[prev_in_face]  # CCW successor around the source vertex
        degree = np.bincount(src, minlength=nV)
        # start: the outgoing half-edge to the smallest neighbour index
        order = np.lexsort((dst, src))
        offsets = np.zeros(nV + 1, dtype=np.int64)
        np.cumsum(degree, out=offsets[1:])
        start = order[offsets[:-1]]
        ring = np.empty(nH, dtype=np.int64)
        visited = np.zeros(nH, dtype=bool)
        cur = start.copy()
        for k in range(int(degree.max())):
            active = np.flatnonzero(degree > k)
            hk = cur[active]
            ring[offsets[active] + k] = hk
            visited[hk] = True
            cur[active] = succ[hk]
        if not visited.all() or np.any(cur != start):
            v = int(src[np.flatnonzero(~visited)[0]]) if not visited.all() else int(np.flatnonzero(cur != start)[0])
            raise ValueError(f"faces: the faces around vertex {v} form more than one fan (non-manifold vertex)")
        self.degree = degree
        self.ring_offsets = offsets
        self.ring_halfedges = ring
        self.ring_neighbors = dst[ring]

    # ------------------------------------------------------------------ accessors
    @property
    def vertices(self) -> np.ndarray:
        """Vertex positions, ``(V, 3)`` float (read-only)."""
        return self._vertices

    @property
    def faces(self) -> np.ndarray:
        """Triangles, ``(F, 3)`` int64 (read-only)."""
        return self._faces

    @property
    def n_vertices(self) -> int:
        """Number of vertices V."""
        return self._vertices.shape[0]

    @property
    def n_faces(self) -> int:
        """Number of faces F."""
        return self._faces.shape[0]

    @property
    def n_edges(self) -> int:
        """Number of (undirected) edges E = 3F/2."""
        return self.edges.shape[0]

    @property
    def euler_characteristic(self) -> int:
        r""":math:`\chi = V - E + F` (2 for a sphere, 0 for a torus)."""
        return self.n_vertices - self.n_edges + self.n_faces

    def one_ring(self, p) -> np.ndarray:
        """Neighbours of vertex ``p`` in counter-clockwise order (starting at the smallest index)."""
        if isinstance(p, (bool, np.bool_)) or not isinstance(p, numbers.Integral):
            raise TypeError(f"p must be an integer vertex index, got {type(p).__name__} {p!r}")
        if not 0 <= p < self.n_vertices:
            raise ValueError(f"p must be a vertex index in 0..{self.n_vertices - 1}, got {p}")
        return self.ring_neighbors[self.ring_offsets[p]:self.ring_offsets[p + 1]]

    def __repr__(self) -> str:
        return f"TriangleMesh(V={self.n_vertices}, F={self.n_faces}, chi={self.euler_characteristic})"


def as_mesh(mesh, name: str = "mesh") -> TriangleMesh:
    """``mesh`` checked to be a :class:`TriangleMesh` (``TypeError`` otherwise)."""
    if not isinstance(mesh, TriangleMesh):
        raise TypeError(f"{name} must be a gaugemath.mesh.TriangleMesh, got {type(mesh).__name__}")
    return mesh

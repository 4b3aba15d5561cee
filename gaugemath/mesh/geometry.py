r"""Discrete differential geometry of a :class:`~gaugemath.mesh.TriangleMesh`: normals,
corner angles, angle defects, tangent frames (gauges) and the discrete logarithmic map.

Conventions (``docs/gauge.md``):

* **Corner angles** :math:`\alpha_{f,i}\in(0,\pi)` of face f at its corner i, computed as
  :math:`\mathrm{atan2}(|a\times b|, a\cdot b)` of the two edge vectors leaving the corner.
* **Angle sum** :math:`\Theta_p = \sum_{f\ni p}\alpha_{f,p}`; **angle defect**
  :math:`K_p = 2\pi - \Theta_p` (discrete Gaussian curvature integrated over the dual cell).
  Discrete Gauss–Bonnet: :math:`\sum_p K_p = 2\pi\chi`, :math:`\chi = V - E + F`, an exact
  identity (each face contributes π, Crane et al., "Discrete differential geometry: an applied
  introduction", 2013, §5.3; Crane, de Goes, Desbrun & Schröder, SIGGRAPH 2013 course "Digital
  geometry processing with discrete exterior calculus", §5.2).
* **Vertex normals** are angle-weighted by default,
  :math:`n_p \propto \sum_{f\ni p}\alpha_{f,p}\,\hat n_f` (Thürmer & Wüthrich, "Computing vertex
  normals from polygonal facets", J. Graphics Tools 3 (1998) 43); ``weighting="area"`` uses
  :math:`\sum_f |f|\,\hat n_f`.
* **Frames (gauges)**: ``frames`` is a ``(V, 3, 3)`` array of right-handed orthonormal rows
  :math:`(e_1, e_2, n)` per vertex; :math:`(e_1, e_2)` is the gauge of the tangent plane
  :math:`n^\perp`.  The default frame (:func:`vertex_frames`) takes :math:`e_1` along the
  projection onto :math:`n^\perp` of the edge to the **first neighbour** (the one-ring
  neighbour with the smallest vertex index, :meth:`TriangleMesh.one_ring`) and :math:`e_2 = n\times e_1`.
* **Discrete log map** (de Haan et al., arXiv:2003.05425, §5 "Geometry"; Sharp, Soliman & Crane,
  "The vector heat method", ACM TOG 38 (2019), §5.1): neighbour q of p gets the length
  :math:`r_{pq} = |x_q - x_p|` and the angle

  .. math:: \theta_{pq} = c_p + \frac{2\pi}{\Theta_p}\sum_{\text{corners of }p\text{ from }q_0\text{ to }q}\alpha,

  the corner angles accumulated counter-clockwise from the first ring neighbour :math:`q_0` and
  **rescaled so that the one-ring angles sum to 2π**.  The offset :math:`c_p` ties the rescaled
  angles to the frame without favouring any neighbour: with :math:`\psi_{pq}` the angle of the
  projected edge :math:`x_q - x_p` in the frame (:math:`\mathrm{atan2}` of its components along
  :math:`e_2, e_1`) and :math:`r_{pq}` the rescaled sum above,
  :math:`c_p = \arg\sum_q e^{i(\psi_{pq} - r_{pq})}` (the circular mean of the offsets).  So
  :math:`\theta_{pq}` does not depend on the vertex numbering (which neighbour is :math:`q_0`),
  equals :math:`\psi_{pq}` at a flat vertex with a planar one-ring, and under a gauge change by
  :math:`g_p` (:func:`gaugemath.mesh.rotate_frames`) :math:`\theta_{pq}\mapsto\theta_{pq} - g_p`
  exactly.  Angles are wrapped to :math:`(-\pi, \pi]`.
* Per-half-edge arrays are in **ring order**: entry k belongs to the half-edge
  ``mesh.ring_halfedges[k]`` from the centre ``p = mesh.halfedge_src[...]`` to the neighbour
  ``q = mesh.ring_neighbors[k]``; vertex p's entries are ``mesh.ring_offsets[p]:ring_offsets[p+1]``.
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import as_real_array, check_choice
from .trimesh import TriangleMesh, as_mesh

__all__ = [
    "FRAME_TOL",
    "face_normals",
    "face_areas",
    "corner_angles",
    "angle_sums",
    "angle_defects",
    "gauss_bonnet_residual",
    "vertex_normals",
    "vertex_frames",
    "check_frames",
    "ring_centers",
    "log_map",
    "wrap_angle",
]

#: Frames must be orthonormal and right-handed to this tolerance.
FRAME_TOL = 1e-8


def wrap_angle(t) -> np.ndarray:
    r"""Angles reduced to :math:`(-\pi, \pi]`."""
    t = np.asarray(t, dtype=np.float64)
    return np.pi - np.remainder(np.pi - t, 2 * np.pi)


def _unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def face_normals(mesh: TriangleMesh) -> np.ndarray:
    r"""Unit face normals :math:`\hat n_f \propto (x_1 - x_0)\times(x_2 - x_0)`, shape ``(F, 3)``."""
    mesh = as_mesh(mesh)
    X = mesh.vertices[mesh.faces]
    return _unit(np.cross(X[:, 1] - X[:, 0], X[:, 2] - X[:, 0]))


def face_areas(mesh: TriangleMesh) -> np.ndarray:
    r"""Face areas :math:`\tfrac12|(x_1 - x_0)\times(x_2 - x_0)|`, shape ``(F,)``."""
    mesh = as_mesh(mesh)
    X = mesh.vertices[mesh.faces]
    return 0.5 * np.linalg.norm(np.cross(X[:, 1] - X[:, 0], X[:, 2] - X[:, 0]), axis=-1)


def corner_angles(mesh: TriangleMesh) -> np.ndarray:
    r"""Interior angle :math:`\alpha_{f,i}` of face f at its corner i, shape ``(F, 3)``, in :math:`(0, \pi)`."""
    mesh = as_mesh(mesh)
    X = mesh.vertices[mesh.faces]
    a = np.roll(X, -1, axis=1) - X  # to the next corner
    b = np.roll(X, 1, axis=1) - X  # to the previous corner
    return np.arctan2(np.linalg.norm(np.cross(a, b), axis=-1), np.einsum("fij,fij->fi", a, b))


def angle_sums(mesh: TriangleMesh) -> np.ndarray:
    r""":math:`\Theta_p = \sum_{f\ni p}\alpha_{f,p}`, shape ``(V,)``."""
    mesh = as_mesh(mesh)
    return np.bincount(mesh.faces.ravel(), weights=corner_angles(mesh).ravel(), minlength=mesh.n_vertices)


def angle_defects(mesh: TriangleMesh) -> np.ndarray:
    r"""Angle defects :math:`K_p = 2\pi - \Theta_p` (integrated Gaussian curvature), shape ``(V,)``."""
    return 2 * np.pi - angle_sums(mesh)


def gauss_bonnet_residual(mesh: TriangleMesh) -> float:
    r""":math:`\sum_p K_p - 2\pi\chi` (zero up to rounding: discrete Gauss–Bonnet)."""
    mesh = as_mesh(mesh)
    return math.fsum(angle_defects(mesh)) - 2 * math.pi * mesh.euler_characteristic


def vertex_normals(mesh: TriangleMesh, weighting: str = "angle") -> np.ndarray:
    r"""Unit vertex normals, shape ``(V, 3)``: ``"angle"`` (default, Thürmer–Wüthrich) or ``"area"`` weighted
    sums of the incident face normals (module docstring)."""
    mesh = as_mesh(mesh)
    weighting = check_choice(weighting, "weighting", ("angle", "area"))
    nf = face_normals(mesh)
    w = corner_angles(mesh) if weighting == "angle" else np.repeat(face_areas(mesh)[:, None], 3, axis=1)
    idx = mesh.faces.ravel()
    out = np.stack([np.bincount(idx, weights=(w * nf[:, None, k]).ravel(), minlength=mesh.n_vertices)
                    for k in range(3)], axis=1)
    norm = np.linalg.norm(out, axis=1)
    if np.any(norm <= 1e-12 * np.max(norm)):
        v = int(np.argmin(norm))
        raise ValueError(f"mesh: the weighted face normals around vertex {v} cancel (no vertex normal)")
    return out / norm[:, None]


def ring_centers(mesh: TriangleMesh) -> np.ndarray:
    """Centre vertex p of every ring entry (ring order), shape ``(H,)``."""
    mesh = as_mesh(mesh)
    return mesh.halfedge_src[mesh.ring_halfedges]


def vertex_frames(mesh: TriangleMesh, normals=None) -> np.ndarray:
    r"""The default gauge: frames ``(V, 3, 3)`` with rows :math:`(e_1, e_2, n)`.

    :math:`n` = ``normals`` (default :func:`vertex_normals`, angle-weighted), :math:`e_1` = the
    normalised projection onto :math:`n^\perp` of :math:`x_q - x_p` for the first neighbour q
    (smallest index), :math:`e_2 = n\times e_1`.  ``normals`` (if given): ``(V, 3)`` unit vectors;
    ``ValueError`` if not unit or if the first edge is parallel to the normal.
    """
    mesh = as_mesh(mesh)
    if normals is None:
        n = vertex_normals(mesh)
    else:
        n = as_real_array(normals, "normals")
        if n.shape != (mesh.n_vertices, 3):
            raise ValueError(f"normals must have shape ({mesh.n_vertices}, 3), got {n.shape}")
        if np.any(np.abs(np.linalg.norm(n, axis=1) - 1) > FRAME_TOL):
            raise ValueError(f"normals must be unit vectors (| |n| - 1 | <= {FRAME_TOL:g})")
    first = mesh.ring_neighbors[mesh.ring_offsets[:-1]]
    d = mesh.vertices[first] - mesh.vertices
    t = d - np.sum(d * n, axis=1, keepdims=True) * n
    tn = np.linalg.norm(t, axis=1)
    if np.any(tn <= 1e-9 * np.linalg.norm(d, axis=1)):
        v = int(np.argmin(tn / np.linalg.norm(d, axis=1)))
        raise ValueError(f"normals: the first edge at vertex {v} is parallel to its normal (no tangent direction)")
    e1 = t / tn[:, None]
    return np.stack([e1, np.cross(n, e1), n], axis=1)


def check_frames(mesh: TriangleMesh, frames, name: str = "frames") -> np.ndarray:
    r"""``frames`` validated: shape ``(V, 3, 3)``, rows orthonormal and right-handed (to ``FRAME_TOL``),
    and the normal row on the outer side of the mesh (:math:`n\cdot n_p^{\text{mesh}} > 0`)."""
    mesh = as_mesh(mesh)
    fr = as_real_array(frames, name)
    if fr.shape != (mesh.n_vertices, 3, 3):
        raise ValueError(f"{name} must have shape ({mesh.n_vertices}, 3, 3) (rows e1, e2, n per vertex), "
                         f"got {fr.shape}")
    gram = np.einsum("vij,vkj->vik", fr, fr)
    err = np.abs(gram - np.eye(3)).max(axis=(1, 2))
    if np.any(err > FRAME_TOL):
        v = int(np.argmax(err))
        raise ValueError(f"{name}: the frame at vertex {v} is not orthonormal (e1, e2 must be unit tangent "
                         f"vectors orthogonal to n; error {err[v]:.2e} > {FRAME_TOL:g})")
    if np.any(np.linalg.det(fr) < 0):
        v = int(np.flatnonzero(np.linalg.det(fr) < 0)[0])
        raise ValueError(f"{name}: the frame at vertex {v} is left-handed (need e2 = n x e1)")
    side = np.sum(fr[:, 2] * vertex_normals(mesh), axis=1)
    if np.any(side <= 0):
        v = int(np.argmin(side))
        raise ValueError(f"{name}: the normal of the frame at vertex {v} points into the surface (n . n_mesh <= 0)")
    return np.ascontiguousarray(fr, dtype=float)


def _ring_positions(mesh):
    """Position k of each ring entry inside its vertex's ring, shape ``(H,)``."""
    return np.arange(len(mesh.ring_halfedges)) - np.repeat(mesh.ring_offsets[:-1], mesh.degree)


def log_map(mesh: TriangleMesh, frames=None) -> tuple[np.ndarray, np.ndarray]:
    r"""Discrete log map of every neighbour: ``(theta, length)``, each of shape ``(H,)`` in ring order.

    ``theta`` :math:`=\theta_{pq}\in(-\pi, \pi]` (corner angles rescaled to sum to 2π, measured from
    :math:`e_1` of ``frames`` towards :math:`e_2`, offset by the circular mean :math:`c_p`),
    ``length`` :math:`= |x_q - x_p|`; see the module docstring.  ``frames`` default to :func:`vertex_frames`.
    """
    mesh = as_mesh(mesh)
    frames = vertex_frames(mesh) if frames is None else check_frames(mesh, frames)
    return _log_map(mesh, frames)


def _log_map(mesh, frames):
    """:func:`log_map` for validated frames."""
    h = mesh.ring_halfedges
    alpha = corner_angles(mesh).ravel()[h]  # corner at p between neighbour q_k and q_{k+1}
    nV, kmax = mesh.n_vertices, int(mesh.degree.max())
    pos = _ring_positions(mesh)
    centers = mesh.halfedge_src[h]
    pad = np.zeros((nV, kmax))
    pad[centers, pos] = alpha
    cum = np.cumsum(pad, axis=1)
    total = cum[:, -1]
    before = np.concatenate([np.zeros((nV, 1)), cum[:, :-1]], axis=1)[centers, pos]
    resc = (2 * np.pi / total[centers]) * before
    d = mesh.vertices[mesh.ring_neighbors] - mesh.vertices[centers]
    psi = np.arctan2(np.sum(d * frames[centers, 1], axis=1), np.sum(d * frames[centers, 0], axis=1))
    zr = np.bincount(centers, weights=np.cos(psi - resc), minlength=nV)
    zi = np.bincount(centers, weights=np.sin(psi - resc), minlength=nV)
    if np.any(np.hypot(zr, zi) < 1e-9 * mesh.degree):
        v = int(np.argmin(np.hypot(zr, zi)))
        raise ValueError(f"mesh: the one-ring of vertex {v} is too distorted for the log map (projected and "
                         "rescaled neighbour angles disagree by half a turn on average)")
    theta = wrap_angle(resc + np.arctan2(zi, zr)[centers])
    length = np.linalg.norm(mesh.vertices[mesh.ring_neighbors] - mesh.vertices[centers], axis=1)
    return theta, length

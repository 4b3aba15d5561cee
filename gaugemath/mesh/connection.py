r"""Discrete Levi-Civita transport on a triangle mesh, holonomy, and gauge transformations.

Conventions (``docs/gauge.md``; frames as in :mod:`gaugemath.mesh.geometry`):

* **Vertex-to-vertex transport** (de Haan et al., arXiv:2003.05425, §5 and App. A): the tangent
  plane at q is carried to the tangent plane at p by the minimal rotation :math:`R_{q\to p}`
  taking :math:`n_q` to :math:`n_p` (about :math:`n_q\times n_p`; on a sphere with radial normals
  this is exactly the Levi-Civita transport along the great-circle arc).  The **transport angle**
  :math:`g_{q\to p}` is the angle of :math:`R_{q\to p}e_1^q` in the frame of p, so that the
  components transform as :math:`v_p = R(g_{q\to p})\,v_q` and a feature of the real SO(2)
  irrep :math:`\rho_n` as :math:`f\mapsto\rho_n(g_{q\to p})f`.
* **Holonomy of a vertex loop** :math:`v_0\to v_1\to\dots\to v_{m-1}\to v_0` (consecutive vertices
  adjacent): :math:`\sum_i g_{v_i\to v_{i+1}}` wrapped to :math:`(-\pi,\pi]`, the rotation angle
  (about the normal, right-handed) of the composed transport; gauge-invariant.  On a sphere it
  converges to the enclosed solid angle (:func:`gaugemath.bundles.holonomy`).
* **Holonomy around a vertex** (:func:`vertex_holonomy`): the discrete Levi-Civita connection of
  the polyhedral surface lives on dual edges (Crane, Desbrun & Schröder, "Trivial connections on
  discrete surfaces", SGP 2010, §3): a face's tangent plane is its own plane, and crossing an
  edge unfolds the two faces about the hinge (the rotation about the edge taking one face
  normal to the other).  Carrying a vector once counter-clockwise around the faces of vertex p
  rotates it by :math:`2\pi - \Theta_p` = the angle defect (mod 2π).
* **Gauge transformation** by angles :math:`g_v` (:func:`rotate_frames`):
  :math:`e_1' = \cos g\,e_1 + \sin g\,e_2`, :math:`e_2' = -\sin g\,e_1 + \cos g\,e_2` (the frame
  turned by :math:`+g_v` about n).  Then, exactly,

  ====================  ==========================================================
  quantity              new value
  ====================  ==========================================================
  vector components     :math:`v' = R(-g_v)\,v`
  feature of order n    :math:`f' = \rho_n(-g_v)\,f` (:func:`transform_features`)
  log-map angle         :math:`\theta_{pq}' = \theta_{pq} - g_p`
  transport angle       :math:`g_{q\to p}' = g_{q\to p} - g_p + g_q`
  loop holonomy         unchanged
  ====================  ==========================================================

  (the same law as :mod:`gaugemath.bundles.tangent`: :math:`\sigma' = \sigma R_z(\gamma)`
  gives :math:`v_{\sigma'} = R(-\gamma)v_\sigma`).
"""

from __future__ import annotations

import numbers

import numpy as np

from .._validation import as_real_array
from .geometry import check_frames, face_normals, vertex_frames, wrap_angle
from .trimesh import TriangleMesh, as_mesh

__all__ = [
    "transport_angles",
    "ring_index",
    "loop_holonomy",
    "vertex_holonomy",
    "rotate_frames",
    "check_orders",
    "feature_dim",
    "transform_features",
]


def _rotate_normal(a, b, v):
    r"""Apply the minimal rotation taking unit ``a`` to unit ``b`` to ``v`` (rows):
    :math:`Rv = v + c\times v + c\times(c\times v)/(1 + a\cdot b)`, :math:`c = a\times b`."""
    c = np.cross(a, b)
    dot = np.sum(a * b, axis=-1, keepdims=True)
    if np.any(dot <= -1 + 1e-12):
        raise ValueError("normals: two adjacent normals are opposite (no minimal rotation between them)")
    cv = np.cross(c, v)
    return v + cv + np.cross(c, cv) / (1 + dot)


def transport_angles(mesh: TriangleMesh, frames=None) -> np.ndarray:
    r"""Transport angles :math:`g_{q\to p}` of every ring entry (p the centre, q the neighbour),
    shape ``(H,)`` in ring order, in :math:`(-\pi, \pi]`; module docstring.  ``frames`` default to
    :func:`~gaugemath.mesh.vertex_frames`."""
    mesh = as_mesh(mesh)
    fr = vertex_frames(mesh) if frames is None else check_frames(mesh, frames)
    return _transport_angles(mesh, fr)


def _transport_angles(mesh, fr):
    """:func:`transport_angles` for validated frames."""
    p = mesh.halfedge_src[mesh.ring_halfedges]
    q = mesh.ring_neighbors
    u = _rotate_normal(fr[q, 2], fr[p, 2], fr[q, 0])
    return np.arctan2(np.sum(u * fr[p, 1], axis=1), np.sum(u * fr[p, 0], axis=1))


def ring_index(mesh: TriangleMesh, p, q) -> np.ndarray:
    """Ring-order index of the entry with centre ``p`` and neighbour ``q`` (arrays of equal shape);
    ``ValueError`` if some ``(p, q)`` is not an edge."""
    mesh = as_mesh(mesh)
    p = np.asarray(p)
    q = np.asarray(q)
    if p.dtype.kind not in "iu" or q.dtype.kind not in "iu" or p.shape != q.shape:
        raise TypeError("p and q must be integer vertex-index arrays of the same shape")
    nV = mesh.n_vertices
    if p.size and (min(p.min(), q.min()) < 0 or max(p.max(), q.max()) >= nV):
        raise ValueError(f"vertex indices must be in 0..{nV - 1}")
    centers = mesh.halfedge_src[mesh.ring_halfedges]
    keys = centers * nV + mesh.ring_neighbors
    order = np.argsort(keys)
    want = p.astype(np.int64) * nV + q
    pos = np.clip(np.searchsorted(keys[order], want), 0, len(keys) - 1)
    found = keys[order][pos] == want
    if not np.all(found):
        i = np.flatnonzero(~found.ravel())[0]
        raise ValueError(f"loop: vertices {int(p.ravel()[i])} and {int(q.ravel()[i])} are not adjacent (no edge)")
    return order[pos]


def loop_holonomy(mesh: TriangleMesh, loop, frames=None) -> float:
    r"""Holonomy angle of the closed vertex loop ``loop`` (a sequence of ≥ 3 vertex indices,
    consecutive ones and last→first adjacent): :math:`\sum_i g_{v_i\to v_{i+1}}` in :math:`(-\pi, \pi]`."""
    mesh = as_mesh(mesh)
    lp = np.asarray(loop)
    if lp.ndim != 1 or lp.dtype.kind not in "iu" or len(lp) < 3:
        raise ValueError(f"loop must be a 1-D integer sequence of >= 3 vertex indices, got {loop!r}")
    g = transport_angles(mesh, frames)
    idx = ring_index(mesh, np.roll(lp, -1), lp)  # centre v_{i+1}, neighbour v_i: transport v_i -> v_{i+1}
    return float(wrap_angle(np.sum(g[idx])))


def vertex_holonomy(mesh: TriangleMesh) -> np.ndarray:
    r"""Holonomy of the discrete Levi-Civita connection once counter-clockwise around every vertex,
    shape ``(V,)`` in :math:`(-\pi, \pi]` (equal to the angle defect mod 2π; module docstring).

    Face frames: :math:`e_1` along the face's first edge, :math:`n` its normal; crossing the edge
    :math:`p\to b` from face :math:`(p, a, b)` to the next face of the fan is the hinge rotation
    (the minimal rotation between the two face normals, whose axis is the shared edge).
    """
    mesh = as_mesh(mesh)
    X, F = mesh.vertices, mesh.faces
    nf = face_normals(mesh)
    e1 = X[F[:, 1]] - X[F[:, 0]]
    e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
    e2 = np.cross(nf, e1)
    h = mesh.ring_halfedges
    f_from = h // 3
    nxt = np.arange(len(h)) + 1
    ends = mesh.ring_offsets[1:] - 1
    nxt[ends] = mesh.ring_offsets[:-1]  # cyclic successor inside each ring
    f_to = h[nxt] // 3
    u = _rotate_normal(nf[f_from], nf[f_to], e1[f_from])
    step = np.arctan2(np.sum(u * e2[f_to], axis=1), np.sum(u * e1[f_to], axis=1))
    total = np.bincount(mesh.halfedge_src[h], weights=step, minlength=mesh.n_vertices)
    return wrap_angle(total)


def rotate_frames(frames, g) -> np.ndarray:
    r"""Gauge transformation: every frame turned by :math:`g_v` about its normal, ``(V, 3, 3)``
    (:math:`e_1' = \cos g\,e_1 + \sin g\,e_2`, :math:`e_2' = -\sin g\,e_1 + \cos g\,e_2`, n unchanged)."""
    fr = as_real_array(frames, "frames")
    if fr.ndim != 3 or fr.shape[1:] != (3, 3):
        raise ValueError(f"frames must have shape (V, 3, 3), got {fr.shape}")
    g = as_real_array(g, "g")
    if g.shape != fr.shape[:1]:
        raise ValueError(f"g must have shape ({fr.shape[0]},) (one angle per vertex), got {g.shape}")
    c, s = np.cos(g)[:, None], np.sin(g)[:, None]
    return np.stack([c * fr[:, 0] + s * fr[:, 1], -s * fr[:, 0] + c * fr[:, 1], fr[:, 2]], axis=1)


def check_orders(orders, name: str = "orders") -> tuple[int, ...]:
    """A field type: a non-empty sequence of SO(2) irrep orders ``n >= 0`` (ints), returned as a tuple."""
    if isinstance(orders, (numbers.Integral, str)) or not hasattr(orders, "__len__") or len(orders) == 0:
        raise TypeError(f"{name} must be a non-empty sequence of integer orders n >= 0, got {orders!r}")
    out = []
    for i, n in enumerate(orders):
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise TypeError(f"{name}[{i}] must be an integer order n >= 0, got {n!r}")
        if n < 0:
            raise ValueError(f"{name}[{i}] must be an order n >= 0 (real SO(2) irreps rho_n), got {n}")
        out.append(int(n))
    return tuple(out)


def feature_dim(orders) -> int:
    """Number of channels of a field type: 1 per order-0 field, 2 per field of order n >= 1."""
    return sum(1 if n == 0 else 2 for n in check_orders(orders))


def _as_features(features, orders, n_vertices, name="features"):
    f = as_real_array(features, name)
    C = feature_dim(orders)
    if f.shape != (n_vertices, C):
        raise ValueError(f"{name} must have shape ({n_vertices}, {C}) (vertices x channels of orders "
                         f"{list(orders)}), got {f.shape}")
    return f


def rotate_fields(features, orders, angle) -> np.ndarray:
    r"""Apply :math:`\rho(\mathrm{angle}_i)` = ⊕ :math:`\rho_n` to every row ``features[i]``
    (``angle`` of shape ``(N,)``); :math:`\rho_0 = 1`, :math:`\rho_n(a) = R(na)`."""
    features = np.asarray(features, dtype=float)
    out = features.copy()
    starts = np.cumsum([0] + [1 if n == 0 else 2 for n in orders])[:-1]
    for n in sorted(set(orders) - {0}):
        ix = starts[np.array(orders) == n]  # first channel of every field of order n
        c, s = np.cos(n * angle)[:, None], np.sin(n * angle)[:, None]
        x, y = features[:, ix], features[:, ix + 1]
        out[:, ix] = c * x - s * y
        out[:, ix + 1] = s * x + c * y
    return out


def transform_features(features, orders, g) -> np.ndarray:
    r"""Components of a field of type ``orders`` after the gauge change by ``g`` (``(V,)``):
    :math:`f_v' = \rho(-g_v)f_v`, :math:`\rho = \bigoplus_i\rho_{n_i}` (real SO(2) irreps, 2×2
    blocks :math:`R(n\,\cdot)` in channel order, 1×1 for n = 0).  ``features``: ``(V, C)``."""
    orders = check_orders(orders)
    g = as_real_array(g, "g")
    if g.ndim != 1:
        raise ValueError(f"g must be a 1-D array of angles (one per vertex), got shape {g.shape}")
    f = _as_features(features, orders, g.shape[0])
    return rotate_fields(f, orders, -g)

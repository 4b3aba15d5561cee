r"""Reference gauge-equivariant mesh convolution (GEM-CNN) and a gauge-equivariant nonlinearity.

For fields of types ``in_orders`` → ``out_orders`` (sequences of real SO(2) irrep orders,
channels as in :func:`gaugemath.mesh.feature_dim`) the layer computes at every vertex p

.. math:: (\Phi f)_p = K_{self}\,f_p + \sum_{q\in\mathcal N(p)} K(\theta_{pq})\,\rho_{in}(g_{q\to p})\,f_q

(de Haan, Weiler, Cohen & Welling, arXiv:2003.05425, Eq. (3)), with :math:`\theta_{pq}` the
log-map angle (:func:`gaugemath.mesh.log_map`), :math:`g_{q\to p}` the transport angle
(:func:`gaugemath.mesh.transport_angles`), K in the span of the gauge-constraint basis
(:mod:`gaugemath.mesh.kernels`) block by block and :math:`K_{self}` in the span of
:func:`gaugemath.mesh.self_kernel_basis`.  Under a gauge change by :math:`g_v` the output
transforms as :math:`(\Phi f)_p\mapsto\rho_{out}(-g_p)(\Phi f)_p`, exactly.  The neighbours are
the one-ring; the kernel has no radial part (one-ring only, as in de Haan et al.).

**Isometries.**  Everything the layer uses (log map, transport, one-ring order) is unchanged by a
rotation of the mesh and by a renumbering of its vertices, except the default frames, which
follow the numbering.  So if a rotation R maps the mesh onto itself, :math:`Rx_v = x_{\pi(v)}`, and
:math:`\gamma_v` is the angle of :math:`Re_1^v` in the frame at :math:`\pi(v)` (the two frames share
the normal), then the input :math:`(f^R)_{\pi(v)} = \rho_{in}(\gamma_v)f_v` gives the output
:math:`(\Phi f^R)_{\pi(v)} = \rho_{out}(\gamma_v)(\Phi f)_v` — checked for the 60 rotations of the
icosphere in ``tests/mesh/test_mesh_conv.py``.

**Weights layout** (``weights``, flat): for every output field i (in ``out_orders`` order), every
input field j, the :func:`gaugemath.mesh.kernel_dimension` ``(n_i, n_j)`` coefficients of the basis
:func:`gaugemath.mesh.kernel_basis_elements` in its order.  ``self_weights`` likewise over
:func:`gaugemath.mesh.self_kernel_basis`.

Implementation: every basis kernel is :math:`P\cos f\theta + Q\sin f\theta`
(:func:`gaugemath.mesh.kernel_fourier`), so the layer forms, per frequency f, the angular moments
:math:`\sum_q\cos(f\theta_{pq})\rho_{in}(g_{q\to p})f_q` (and sin) by one weighted segmented sum
over the precomputed neighbour tables (:class:`ConvTables`, ring order; a sparse ``(V, H)`` CSR
product), then one small matrix product.
:func:`mesh_conv_dense` is the slow reference: any callable kernel, a dense
``(H, C_out, C_in)`` kernel per neighbour, summed with ``np.add.at``.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .._validation import as_real_array
from .connection import _as_features, _transport_angles, check_orders, feature_dim, rotate_fields
from .geometry import _log_map, check_frames, vertex_frames
from .kernels import kernel_dimension, kernel_fourier, self_kernel_basis
from .trimesh import TriangleMesh, as_mesh

__all__ = ["ConvTables", "conv_tables", "GaugeEquivariantMeshConv", "mesh_conv_dense", "norm_nonlinearity"]


@dataclasses.dataclass(frozen=True)
class ConvTables:
    """Neighbour tables of a mesh in one gauge (ring order, see :mod:`gaugemath.mesh.geometry`).

    Attributes: ``centers``, ``neighbors`` (int, ``(H,)``), ``theta`` (log-map angles),
    ``transport`` (:math:`g_{q\\to p}`), ``length`` (edge lengths), ``offsets`` (``(V+1,)``, CSR),
    ``frames`` (``(V, 3, 3)``), ``n_vertices``.
    """

    centers: np.ndarray
    neighbors: np.ndarray
    theta: np.ndarray
    transport: np.ndarray
    length: np.ndarray
    offsets: np.ndarray
    frames: np.ndarray
    n_vertices: int


def conv_tables(mesh: TriangleMesh, frames=None) -> ConvTables:
    """Precompute the layer's neighbour tables (log map, transport) for ``mesh`` in the gauge ``frames``
    (default :func:`gaugemath.mesh.vertex_frames`)."""
    mesh = as_mesh(mesh)
    fr = vertex_frames(mesh) if frames is None else check_frames(mesh, frames)
    theta, length = _log_map(mesh, fr)
    return ConvTables(centers=mesh.halfedge_src[mesh.ring_halfedges], neighbors=np.asarray(mesh.ring_neighbors),
                      theta=theta, transport=_transport_angles(mesh, fr), length=length,
                      offsets=np.asarray(mesh.ring_offsets), frames=fr, n_vertices=mesh.n_vertices)


def _as_tables(tables):
    if not isinstance(tables, ConvTables):
        raise TypeError(f"tables must be a gaugemath.mesh.ConvTables (from conv_tables), got {type(tables).__name__}")
    return tables


def _slices(orders):
    out, c = [], 0
    for n in orders:
        d = 1 if n == 0 else 2
        out.append(slice(c, c + d))
        c += d
    return out


class GaugeEquivariantMeshConv:
    r"""Gauge-equivariant mesh convolution ``in_orders`` → ``out_orders`` (module docstring).

    Parameters
    ----------
    in_orders, out_orders : sequence of int
        Orders :math:`n\ge 0` of the input / output fields (real SO(2) irreps).
    weights : array_like, shape (n_weights,), optional
        Coefficients of the neighbour kernel in the basis (layout in the module docstring);
        default: standard normal draws from ``seed``.
    self_weights : array_like, shape (n_self_weights,), optional
        Coefficients of the self-interaction kernel; default: standard normal draws.
    seed : int, optional
        Seed of the default weights.
    """

    def __init__(self, in_orders, out_orders, weights=None, self_weights=None, seed=None):
        self.in_orders = check_orders(in_orders, "in_orders")
        self.out_orders = check_orders(out_orders, "out_orders")
        self.in_dim, self.out_dim = feature_dim(self.in_orders), feature_dim(self.out_orders)
        pairs = [(i, j) for i in range(len(self.out_orders)) for j in range(len(self.in_orders))]
        self._pairs = pairs
        self.n_weights = sum(kernel_dimension(self.out_orders[i], self.in_orders[j]) for i, j in pairs)
        self.n_self_weights = sum(len(self_kernel_basis(self.out_orders[i], self.in_orders[j])) for i, j in pairs)
        rng = np.random.default_rng(seed)
        self.weights = self._check_w(weights, self.n_weights, "weights", rng)
        self.self_weights = self._check_w(self_weights, self.n_self_weights, "self_weights", rng)
        self._assemble()

    @staticmethod
    def _check_w(w, n, name, rng):
        if w is None:
            return rng.standard_normal(n)
        w = as_real_array(w, name)
        if w.shape != (n,):
            raise ValueError(f"{name} must have shape ({n},) for these field types, got {w.shape}")
        return w.copy()

    def _assemble(self):
        """Dense Fourier matrices A_f, B_f (C_out, C_in) and the self kernel from the weights."""
        so, si = _slices(self.out_orders), _slices(self.in_orders)
        fmax = max(self.out_orders) + max(self.in_orders)
        A = np.zeros((fmax + 1, self.out_dim, self.in_dim))
        B = np.zeros_like(A)
        S = np.zeros((self.out_dim, self.in_dim))
        w, ws = 0, 0
        for i, j in self._pairs:
            no, ni = self.out_orders[i], self.in_orders[j]
            f, P, Q = kernel_fourier(no, ni)
            for b in range(len(f)):
                A[f[b], so[i], si[j]] += self.weights[w] * P[b]
                B[f[b], so[i], si[j]] += self.weights[w] * Q[b]
                w += 1
            for Sb in self_kernel_basis(no, ni):
                S[so[i], si[j]] += self.self_weights[ws] * Sb
                ws += 1
        used = [f for f in range(fmax + 1) if np.any(A[f]) or np.any(B[f])]
        self._freqs, self._A, self._B, self._S = used, A, B, S

    def kernel(self, theta) -> np.ndarray:
        r"""The neighbour kernel :math:`K(\theta)`, shape ``(*theta.shape, C_out, C_in)``."""
        th = as_real_array(theta, "theta")[..., None, None]
        return sum(np.cos(f * th) * self._A[f] + np.sin(f * th) * self._B[f] for f in range(len(self._A)))

    def self_kernel(self) -> np.ndarray:
        """The self-interaction kernel, ``(C_out, C_in)``."""
        return self._S.copy()

    def __call__(self, features, tables: ConvTables) -> np.ndarray:
        """Apply the layer: ``features`` ``(V, C_in)`` → ``(V, C_out)`` with the neighbour ``tables``."""
        t = _as_tables(tables)
        f = _as_features(features, self.in_orders, t.n_vertices)
        moved = rotate_fields(f[t.neighbors], self.in_orders, t.transport)  # rho_in(g_{q->p}) f_q
        out = f @ self._S.T
        for fr in self._freqs:
            # angular moments sum_q cos(f theta_pq) moved_pq (and sin): a weighted segmented sum over
            # each vertex's ring, done as a sparse (V x H) product with the ring-order CSR table
            weights = [(np.cos(fr * t.theta), self._A[fr])] + ([(np.sin(fr * t.theta), self._B[fr])] if fr else [])
            for wgt, W in weights:
                out += _ring_sum(wgt, t) @ moved @ W.T
        return out


def _ring_sum(weights, t: ConvTables):
    """Sparse ``(V, H)`` matrix summing ring entries of each vertex with the given weights."""
    from scipy.sparse import csr_matrix

    H = len(t.theta)
    return csr_matrix((weights, np.arange(H), t.offsets), shape=(t.n_vertices, H))


def mesh_conv_dense(features, tables: ConvTables, kernel, in_orders, self_kernel=None) -> np.ndarray:
    r"""Slow reference convolution with an arbitrary kernel:
    :math:`K_{self}f_p + \sum_q K(\theta_{pq})\rho_{in}(g_{q\to p})f_q`.

    ``kernel``: callable, angles ``(H,)`` → ``(H, C_out, C_in)`` (need not satisfy the gauge
    constraint — a kernel outside the basis gives a layer that is not gauge-equivariant);
    ``self_kernel``: ``(C_out, C_in)`` or None.
    """
    t = _as_tables(tables)
    in_orders = check_orders(in_orders, "in_orders")
    f = _as_features(features, in_orders, t.n_vertices)
    if not callable(kernel):
        raise TypeError(f"kernel must be a callable theta -> (H, C_out, C_in), got {type(kernel).__name__}")
    K = np.asarray(kernel(t.theta), dtype=float)
    if K.ndim != 3 or K.shape[0] != t.theta.shape[0] or K.shape[2] != f.shape[1]:
        raise ValueError(f"kernel must return shape ({t.theta.shape[0]}, C_out, {f.shape[1]}), got {K.shape}")
    moved = rotate_fields(f[t.neighbors], in_orders, t.transport)
    msg = np.einsum("hoi,hi->ho", K, moved)
    out = np.zeros((t.n_vertices, K.shape[1]))
    np.add.at(out, t.centers, msg)
    if self_kernel is not None:
        S = as_real_array(self_kernel, "self_kernel")
        if S.shape != (K.shape[1], f.shape[1]):
            raise ValueError(f"self_kernel must have shape {(K.shape[1], f.shape[1])}, got {S.shape}")
        out += f @ S.T
    return out


def norm_nonlinearity(features, orders, bias=None) -> np.ndarray:
    r"""Gauge-equivariant nonlinearity: ReLU(x + b) on order-0 channels; on each field v of order
    n ≥ 1 the norm nonlinearity :math:`v\mapsto v\,\mathrm{ReLU}(|v| + b)/|v|` (0 at v = 0).

    Equivariant because :math:`|\rho_n(g)v| = |v|` (Worrall et al. 2017, Harmonic networks, §3.3;
    de Haan et al. discuss this and the sampled *regular* nonlinearity, §4 — only the norm
    nonlinearity is implemented here, and it is exactly equivariant).  ``features``: ``(V, C)``;
    ``bias``: one number per field (``(len(orders),)``), default 0.
    """
    orders = check_orders(orders)
    f = as_real_array(features, "features")
    C = feature_dim(orders)
    if f.ndim != 2 or f.shape[1] != C:
        raise ValueError(f"features must have shape (V, {C}) for orders {list(orders)}, got {f.shape}")
    b = np.zeros(len(orders)) if bias is None else as_real_array(bias, "bias")
    if b.shape != (len(orders),):
        raise ValueError(f"bias must have shape ({len(orders)},) (one per field), got {b.shape}")
    out = np.empty_like(f)
    for k, (n, sl) in enumerate(zip(orders, _slices(orders))):
        v = f[:, sl]
        if n == 0:
            out[:, sl] = np.maximum(v + b[k], 0.0)
            continue
        r = np.linalg.norm(v, axis=1, keepdims=True)
        scale = np.divide(np.maximum(r + b[k], 0.0), r, out=np.zeros_like(r), where=r > 0)
        out[:, sl] = v * scale
    return out

r"""Discrete gauge theory on triangle meshes: geometry, Levi-Civita transport, gauge changes,
the SO(2) kernel constraint with its exact basis, and a reference gauge-equivariant mesh
convolution (de Haan, Weiler, Cohen & Welling, "Gauge Equivariant Mesh CNNs", ICLR 2021,
arXiv:2003.05425).  NumPy only; importing it imports no SymPy, torch or Numba kernels.

Public API (conventions in each module's docstring and in ``docs/gauge.md``):

Meshes (:mod:`gaugemath.mesh.trimesh`, :mod:`gaugemath.mesh.generate`)

- :class:`TriangleMesh` — validated closed oriented 2-manifold mesh with half-edge and
  counter-clockwise one-ring tables (errors for degenerate/non-manifold/misoriented input).
- :func:`icosahedron` — the regular icosahedron of :func:`gaugemath.groups.icosahedral`.
- :func:`icosphere` — subdivided icosahedron on the sphere, invariant under the 60 rotations.
- :func:`bumpy_sphere` — icosphere with a smooth radial bump (χ = 2, curvature of both signs).
- :func:`torus` — torus of revolution (χ = 0).

Geometry (:mod:`gaugemath.mesh.geometry`)

- :func:`face_normals`, :func:`face_areas`, :func:`corner_angles` — per-face quantities.
- :func:`vertex_normals` — angle-weighted (default) or area-weighted vertex normals.
- :func:`angle_sums`, :func:`angle_defects` — Θ_p and K_p = 2π − Θ_p.
- :func:`gauss_bonnet_residual` — Σ K_p − 2πχ (zero up to rounding).
- :func:`vertex_frames` — the default gauge: e1 along the projected edge to the first neighbour.
- :func:`check_frames` — validate a frame field (orthonormal, right-handed, outward normal).
- :func:`log_map` — neighbour angles θ_pq (rescaled to sum to 2π) and lengths, ring order.
- :func:`ring_centers` — centre vertex of every ring entry.
- :func:`wrap_angle` — reduce angles to (−π, π].

Connection and gauge (:mod:`gaugemath.mesh.connection`)

- :func:`transport_angles` — Levi-Civita transport angle g_{q→p} per ring entry (normal alignment).
- :func:`ring_index` — ring-order index of the entry (centre p, neighbour q).
- :func:`loop_holonomy` — holonomy angle of a closed vertex loop.
- :func:`vertex_holonomy` — dual-cycle holonomy around every vertex (= angle defect).
- :func:`rotate_frames` — gauge transformation of a frame field by angles g_v.
- :func:`check_orders`, :func:`feature_dim` — field types (orders of real SO(2) irreps).
- :func:`transform_features` — features after a gauge change, f_v ↦ ρ(−g_v) f_v.

Kernels (:mod:`gaugemath.mesh.kernels`)

- :func:`kernel_dimension` — dimension of the solution space of the gauge constraint.
- :func:`kernel_basis_elements` — the basis as (kind, f, beta) of ``kernels.r2``.
- :func:`kernel_basis` — the basis kernels evaluated at angles θ.
- :func:`kernel_fourier` — each basis kernel as P cos fθ + Q sin fθ.
- :func:`self_kernel_basis` — basis of the θ-free self-interaction kernels.
- :func:`kernel_constraint_residual` — max |K(θ − g) − ρ_out(−g) K(θ) ρ_in(g)| of a callable kernel.

Convolution (:mod:`gaugemath.mesh.conv`)

- :class:`ConvTables`, :func:`conv_tables` — precomputed neighbour tables (log map, transport).
- :class:`GaugeEquivariantMeshConv` — the layer, weights over the constraint basis.
- :func:`mesh_conv_dense` — slow reference convolution with any callable kernel.
- :func:`norm_nonlinearity` — ReLU on scalars, norm nonlinearity on fields of order ≥ 1.
"""

from .connection import (
    check_orders,
    feature_dim,
    loop_holonomy,
    ring_index,
    rotate_frames,
    transform_features,
    transport_angles,
    vertex_holonomy,
)
from .conv import ConvTables, GaugeEquivariantMeshConv, conv_tables, mesh_conv_dense, norm_nonlinearity
from .generate import bumpy_sphere, icosahedron, icosphere, torus
from .geometry import (
    angle_defects,
    angle_sums,
    check_frames,
    corner_angles,
    face_areas,
    face_normals,
    gauss_bonnet_residual,
    log_map,
    ring_centers,
    vertex_frames,
    vertex_normals,
    wrap_angle,
)
from .kernels import (
    kernel_basis,
    kernel_basis_elements,
    kernel_constraint_residual,
    kernel_dimension,
    kernel_fourier,
    self_kernel_basis,
)
from .trimesh import TriangleMesh

__all__ = [
    "TriangleMesh",
    "icosahedron",
    "icosphere",
    "bumpy_sphere",
    "torus",
    "face_normals",
    "face_areas",
    "corner_angles",
    "vertex_normals",
    "angle_sums",
    "angle_defects",
    "gauss_bonnet_residual",
    "vertex_frames",
    "check_frames",
    "log_map",
    "ring_centers",
    "wrap_angle",
    "transport_angles",
    "ring_index",
    "loop_holonomy",
    "vertex_holonomy",
    "rotate_frames",
    "check_orders",
    "feature_dim",
    "transform_features",
    "kernel_dimension",
    "kernel_basis_elements",
    "kernel_basis",
    "kernel_fourier",
    "self_kernel_basis",
    "kernel_constraint_residual",
    "ConvTables",
    "conv_tables",
    "GaugeEquivariantMeshConv",
    "mesh_conv_dense",
    "norm_nonlinearity",
]

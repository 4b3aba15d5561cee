"""Analytic steerable kernel bases (R² for G ≤ O(2), R³ for SO(3)/O(3), S²/SO(3) spectral),
exported for e3nn / escnn / NumPy.  See ``docs/kernels.md``."""

from .basis import KernelBasis, default_bandlimit, grid_points, steerable_basis
from .irreps import irrep_dim, irrep_matrix, irrep_rep, kernel_group, parse_irreps

__all__ = [
    "KernelBasis",
    "steerable_basis",
    "grid_points",
    "default_bandlimit",
    "kernel_group",
    "parse_irreps",
    "irrep_dim",
    "irrep_matrix",
    "irrep_rep",
]

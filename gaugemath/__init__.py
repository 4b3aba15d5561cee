"""gaugemath: a reference engine for the mathematics of group- and gauge-equivariant
deep learning.

Conventions are part of the API: see ``docs/conventions.md`` and
:mod:`gaugemath.conventions`.  This module only re-exports; it computes nothing.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import bundles as bundles
from . import conventions as conventions
from . import groups as groups
from . import kernels as kernels
from . import layers as layers
from . import reps as reps
from . import so3 as so3
from . import symbolic as symbolic
from . import transforms as transforms
from .coupling import clebsch_gordan as clebsch_gordan
from .coupling import clebsch_gordan_table as clebsch_gordan_table
from .coupling import coupling_tensor as coupling_tensor
from .coupling import wigner_3j as wigner_3j
from .equivariance import check_equivariance as check_equivariance
from .harmonics import spherical_harmonics as spherical_harmonics
from .harmonics import spherical_harmonics_xyz as spherical_harmonics_xyz
from .real_basis import complex_to_real as complex_to_real
from .real_basis import real_to_complex as real_to_complex
from .wigner import wigner_D as wigner_D
from .wigner import wigner_D_all as wigner_D_all
from .wigner import wigner_d as wigner_d
from .wigner import wigner_d_all as wigner_d_all

__all__ = [
    "__version__",
    "bundles",
    "conventions",
    "groups",
    "kernels",
    "layers",
    "reps",
    "so3",
    "symbolic",
    "transforms",
    "check_equivariance",
    "clebsch_gordan",
    "clebsch_gordan_table",
    "coupling_tensor",
    "wigner_3j",
    "spherical_harmonics",
    "spherical_harmonics_xyz",
    "complex_to_real",
    "real_to_complex",
    "wigner_D",
    "wigner_D_all",
    "wigner_d",
    "wigner_d_all",
]

"""Exact (SymPy) values and exact checks, in gaugemath's conventions.

``wigner_d``, ``wigner_D`` (symbolic angles), ``spherical_harmonic``,
``real_spherical_harmonic``, ``clebsch_gordan``, ``wigner_3j``, ``coupling_tensor``.
"""

from .coupling import clebsch_gordan as clebsch_gordan
from .coupling import coupling_tensor as coupling_tensor
from .coupling import wigner_3j as wigner_3j
from .harmonics import real_spherical_harmonic as real_spherical_harmonic
from .harmonics import spherical_harmonic as spherical_harmonic
from .wigner import wigner_D as wigner_D
from .wigner import wigner_d as wigner_d

__all__ = [
    "clebsch_gordan",
    "coupling_tensor",
    "wigner_3j",
    "spherical_harmonic",
    "real_spherical_harmonic",
    "wigner_D",
    "wigner_d",
]

# exact representations and verification (docs/verification.md): the same names and
# signatures as gaugemath.reps; group = a gaugemath.groups object or a name
from .characters import character_inner_product as character_inner_product  # noqa: E402
from .characters import weight_multiplicities as weight_multiplicities  # noqa: E402
from .exact_linalg import exact_nullspace as exact_nullspace  # noqa: E402
from .exact_linalg import exact_rank as exact_rank  # noqa: E402
from .exact_linalg import is_zero as is_zero  # noqa: E402
from .from_numeric import from_numeric as from_numeric  # noqa: E402
from .from_numeric import parse_representation as parse_representation  # noqa: E402
from .irreps import angular_momentum as angular_momentum  # noqa: E402
from .irreps import complex_to_real_exact as complex_to_real_exact  # noqa: E402
from .irreps import so3_generators_cartesian as so3_generators_cartesian  # noqa: E402
from .irreps import cyclic_irrep as cyclic_irrep  # noqa: E402
from .irreps import dihedral_irrep as dihedral_irrep  # noqa: E402
from .irreps import finite_representation as finite_representation  # noqa: E402
from .irreps import o2_irrep as o2_irrep  # noqa: E402
from .irreps import o3_irrep as o3_irrep  # noqa: E402
from .irreps import so2_irrep as so2_irrep  # noqa: E402
from .irreps import so3_irrep as so3_irrep  # noqa: E402
from .irreps import standard_representation as standard_representation  # noqa: E402
from .irreps import su2_irrep as su2_irrep  # noqa: E402
from .irreps import trivial as trivial  # noqa: E402
from .operations import change_basis as change_basis  # noqa: E402
from .operations import direct_sum as direct_sum  # noqa: E402
from .operations import dual as dual  # noqa: E402
from .operations import induce as induce  # noqa: E402
from .operations import regular as regular  # noqa: E402
from .operations import restrict as restrict  # noqa: E402
from .operations import tensor_product as tensor_product  # noqa: E402
from .representation import SymbolicRepresentation as SymbolicRepresentation  # noqa: E402
from .verify import Certificate as Certificate  # noqa: E402
from .verify import solve_intertwiners as solve_intertwiners  # noqa: E402
from .verify import verify_intertwiner as verify_intertwiner  # noqa: E402
from .verify import verify_kernel_constraint as verify_kernel_constraint  # noqa: E402

__all__ += [
    "SymbolicRepresentation",
    "so2_irrep", "o2_irrep", "so3_irrep", "o3_irrep", "su2_irrep", "trivial",
    "cyclic_irrep", "dihedral_irrep", "finite_representation", "standard_representation",
    "direct_sum", "tensor_product", "dual", "change_basis", "restrict", "induce", "regular",
    "character_inner_product", "weight_multiplicities",
    "is_zero", "exact_rank", "exact_nullspace", "complex_to_real_exact", "angular_momentum",
    "so3_generators_cartesian",
    "from_numeric", "parse_representation",
    "Certificate",
    "solve_intertwiners",
    "verify_intertwiner",
    "verify_kernel_constraint",
]

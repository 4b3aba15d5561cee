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

# exact verification (gaugemath/symbolic/verify.py, representations.py; docs/verification.md)
from .representations import SymbolicRepresentation as SymbolicRepresentation  # noqa: E402
from .representations import character_inner_product as character_inner_product  # noqa: E402
from .representations import from_numeric as from_numeric  # noqa: E402
from .verify import Certificate as Certificate  # noqa: E402
from .verify import solve_intertwiners as solve_intertwiners  # noqa: E402
from .verify import verify_intertwiner as verify_intertwiner  # noqa: E402
from .verify import verify_kernel_constraint as verify_kernel_constraint  # noqa: E402

__all__ += [
    "SymbolicRepresentation",
    "character_inner_product",
    "from_numeric",
    "Certificate",
    "solve_intertwiners",
    "verify_intertwiner",
    "verify_kernel_constraint",
]

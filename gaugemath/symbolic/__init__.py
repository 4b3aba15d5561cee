"""Exact (SymPy) values and exact checks, in gaugemath's conventions.

``wigner_d``, ``wigner_D`` (symbolic angles), ``spherical_harmonic``,
``real_spherical_harmonic``, ``clebsch_gordan``, ``wigner_3j``, ``coupling_tensor``.
"""

from .clebsch_gordan import clebsch_gordan as clebsch_gordan
from .clebsch_gordan import coupling_tensor as coupling_tensor
from .clebsch_gordan import wigner_3j as wigner_3j
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

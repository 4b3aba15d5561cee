"""Exact (SymPy) values and exact checks, in gaugemath's conventions.

``wigner_d``, ``wigner_D`` (symbolic angles), ``spherical_harmonic``,
``real_spherical_harmonic``, ``clebsch_gordan``, ``wigner_3j``, ``coupling_tensor``;
exact representations (the same names and signatures as :mod:`gaugemath.reps`) and exact
verification (``verify.py``; ``docs/verification.md``).

Imports are lazy (PEP 562): ``import gaugemath.symbolic`` does not import SymPy; each
name below is imported from its module on first access.
"""

from __future__ import annotations

from gaugemath._lazy import lazy_attributes

# exact representations and verification share names and signatures with gaugemath.reps
# (group = a gaugemath.groups object or a name).
#: exported name -> module (relative to this package) that defines it
_EXPORTS = {
    "clebsch_gordan": "coupling",
    "coupling_tensor": "coupling",
    "wigner_3j": "coupling",
    "spherical_harmonic": "harmonics",
    "real_spherical_harmonic": "harmonics",
    "wigner_D": "wigner",
    "wigner_d": "wigner",
    "character_inner_product": "characters",
    "weight_multiplicities": "characters",
    "exact_nullspace": "exact_linalg",
    "exact_rank": "exact_linalg",
    "is_zero": "exact_linalg",
    "from_numeric": "recognition",
    "parse_representation": "recognition",
    "angular_momentum": "irreps",
    "complex_to_real_exact": "irreps",
    "so3_generators_cartesian": "irreps",
    "cyclic_irrep": "irreps",
    "dihedral_irrep": "irreps",
    "finite_representation": "irreps",
    "o2_irrep": "irreps",
    "o3_irrep": "irreps",
    "so2_irrep": "irreps",
    "so3_irrep": "irreps",
    "standard_representation": "irreps",
    "su2_irrep": "irreps",
    "trivial": "irreps",
    "change_basis": "operations",
    "direct_sum": "operations",
    "dual": "operations",
    "induce": "operations",
    "regular": "operations",
    "restrict": "operations",
    "tensor_product": "operations",
    "SymbolicRepresentation": "representation",
    "Certificate": "verify",
    "solve_intertwiners": "verify",
    "verify_intertwiner": "verify",
    "verify_kernel_constraint": "verify",
}

__all__ = list(_EXPORTS)


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _EXPORTS)

"""Representations of groups: irreps, induced representations, decompositions, intertwiners.

Every ``group`` argument is a :mod:`gaugemath.groups` object or a name (parsed once by
:func:`gaugemath.groups.as_group`); ``Representation.group`` is always a group object.  The
reference signatures (mirrored by the exact side) are tabulated in docs/representations.md.
"""

from .compact import compact_irrep, family, o2_irrep, o3_irrep, so2_irrep, so3_irrep, su2_irrep
from .decomposition import Decomposition, decompose, hom_basis, multiplicities
from .finite import frobenius_schur_indicator, irrep, irreps, quotient, real_irreps, regular
from .induced import (
    cosets,
    double_cosets,
    frobenius_map,
    frobenius_reciprocity,
    induce,
    induced_intertwiners,
    kernel_matrix,
    mackey_dimension,
    spin_weighted_induced,
)
from .representation import (
    Representation,
    change_basis,
    character,
    character_inner_product,
    direct_sum,
    dual,
    restrict,
    tensor_product,
    trivial,
)

__all__ = [
    "Representation",
    "trivial",
    "direct_sum",
    "tensor_product",
    "dual",
    "change_basis",
    "character",
    "character_inner_product",
    "restrict",
    "irreps",
    "irrep",
    "real_irreps",
    "regular",
    "quotient",
    "frobenius_schur_indicator",
    "cosets",
    "double_cosets",
    "induce",
    "frobenius_map",
    "frobenius_reciprocity",
    "induced_intertwiners",
    "kernel_matrix",
    "mackey_dimension",
    "spin_weighted_induced",
    "Decomposition",
    "decompose",
    "multiplicities",
    "hom_basis",
    "family",
    "so2_irrep",
    "o2_irrep",
    "so3_irrep",
    "o3_irrep",
    "su2_irrep",
    "compact_irrep",
]

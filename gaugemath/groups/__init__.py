"""Groups with one batched-array interface (:class:`~gaugemath.groups.base.Group`).

Finite groups (:class:`FiniteGroup`, built by closure): ``cyclic``, ``dihedral`` (in O(2) or
SO(3)), ``tetrahedral``, ``octahedral``, ``icosahedral`` and with inversion ``pyritohedral``,
``full_octahedral``, ``full_icosahedral``.  Compact Lie groups: ``SO2``, ``O2``, ``SO3``, ``O3``,
``SU2``.  Semidirect products: ``SE(d)``, ``E(d)``, ``p4()``, ``p4m()``.  Subgroups: ``embed``,
``is_subgroup``.  Names (``"SO3"``, ``"O(2)"``, ``"D6"``, ``"Oh"``, ``"p4m"``, ...): ``as_group``, the one
parser.  Every group carries an explicit ``family`` tag (and ``N`` where the family has one), the
irrep labels of its family (``irrep_labels``) and its derived data cached on the instance
(``Group.cached``: Cayley table, inverses, classes, element orders, cosets, irreps).
Conventions: ``docs/groups.md``.
"""

from .base import Group as Group
from .compact import O2, O3, SO2, SO3, SU2
from .finite import FiniteGroup
from .point_groups import (
    cyclic,
    dihedral,
    full_icosahedral,
    full_octahedral,
    icosahedral,
    octahedral,
    pyritohedral,
    rotation_axes,
    tetrahedral,
)
from .semidirect import E, EuclideanGroup, PixelGroup, SE, p4, p4m
from .subgroups import embed, is_subgroup
from .parse import GROUP_NAMES, as_group

__all__ = [
    "Group",
    "FiniteGroup",
    "cyclic",
    "dihedral",
    "tetrahedral",
    "octahedral",
    "icosahedral",
    "pyritohedral",
    "full_octahedral",
    "full_icosahedral",
    "rotation_axes",
    "SO2",
    "O2",
    "SO3",
    "O3",
    "SU2",
    "EuclideanGroup",
    "SE",
    "E",
    "PixelGroup",
    "p4",
    "p4m",
    "embed",
    "is_subgroup",
    "as_group",
    "GROUP_NAMES",
]

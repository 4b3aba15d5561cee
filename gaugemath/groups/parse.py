"""The one place where a group given by name becomes a :mod:`gaugemath.groups` object.

Every public function that takes a ``group`` argument accepts either a
:class:`~gaugemath.groups.base.Group` or one of the names below, and calls :func:`as_group`
once at its entry; nothing else in the package parses group names.

=======================================================  ========================================================================
name (case-insensitive; ``( ) _`` and spaces ignored)    object
=======================================================  ========================================================================
``"SO2"``, ``"O2"``, ``"SO3"``, ``"O3"``, ``"SU2"``      :class:`SO2`, :class:`O2`, ...
``"C4"``, ``"CN"`` with N ≥ 1                            :func:`cyclic(N) <gaugemath.groups.cyclic>` (in O(2))
``"D6"``, ``"DN"`` with N ≥ 1                            :func:`dihedral(N) <gaugemath.groups.dihedral>` (in O(2))
``"T"``, ``"O"``, ``"I"``, ``"Th"``, ``"Oh"``, ``"Ih"``  the point groups in SO(3)/O(3)
``"SE2"``, ``"SE3"``, ``"E2"``, ``"E3"``                 :func:`SE(d) <gaugemath.groups.SE>`, :func:`E(d) <gaugemath.groups.E>`
``"p4"``, ``"p4m"``                                      :func:`p4() <gaugemath.groups.p4>`, :func:`p4m() <gaugemath.groups.p4m>`
=======================================================  ========================================================================

Named groups are memoised per name (``functools.lru_cache``) so that the derived data
cached on them (Cayley table, classes, character table) is built once per process; the
objects are immutable after construction.
"""

from __future__ import annotations

import functools
import re

from .base import Group

__all__ = ["as_group", "GROUP_NAMES"]

GROUP_NAMES = ("SO2", "O2", "SO3", "O3", "SU2", "CN", "DN", "T", "O", "I", "Th", "Oh", "Ih",
               "SE2", "SE3", "E2", "E3", "p4", "p4m")

_RE = re.compile(r"^(SO2|O2|SO3|O3|SU2|C(\d+)|D(\d+)|T|O|I|TH|OH|IH|SE([23])|E([23])|P4|P4M)$")


def as_group(group, name: str = "group") -> Group:
    """``group`` as a :class:`~gaugemath.groups.base.Group` object.

    A ``Group`` is returned unchanged; a string is parsed as in the module table.  Anything
    else raises ``TypeError``, an unknown name ``ValueError``; both name the argument ``name``.

    >>> as_group("D_4").family, as_group("D_4").N, as_group("SO(3)").family
    ('dihedral', 4, 'SO3')
    """
    if Group in type(group).__mro__:  # = isinstance(group, Group) without the ABC hook (hot path)
        return group
    if not isinstance(group, str):
        raise TypeError(f"{name} must be a gaugemath.groups.Group or a name such as 'SO3', 'O2', 'C4', "
                        f"'D6', 'Oh', 'p4m'; got {type(group).__name__}")
    key = re.sub(r"[\s()_]", "", group).upper()
    m = _RE.match(key)
    if not m:
        raise ValueError(f"{name}: unknown group {group!r}; expected one of {', '.join(GROUP_NAMES)} "
                         "(CN, DN with an integer N >= 1)")
    return _named(key)


@functools.lru_cache(maxsize=64)
def _named(key: str) -> Group:
    from . import compact, point_groups, semidirect

    m = _RE.match(key)
    if m.group(2) or m.group(3):
        N = int(m.group(2) or m.group(3))
        if N < 1:
            raise ValueError(f"group: N must be >= 1, got {key!r}")
        return point_groups.cyclic(N) if m.group(2) else point_groups.dihedral(N)
    if m.group(4) or m.group(5):
        d = int(m.group(4) or m.group(5))
        return semidirect.SE(d) if m.group(4) else semidirect.E(d)
    simple = {
        "SO2": compact.SO2, "O2": compact.O2, "SO3": compact.SO3, "O3": compact.O3, "SU2": compact.SU2,
        "T": point_groups.tetrahedral, "O": point_groups.octahedral, "I": point_groups.icosahedral,
        "TH": point_groups.pyritohedral, "OH": point_groups.full_octahedral, "IH": point_groups.full_icosahedral,
        "P4": semidirect.p4, "P4M": semidirect.p4m,
    }
    return simple[key]()

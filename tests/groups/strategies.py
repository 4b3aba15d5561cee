"""Hypothesis strategies for the group tests: seeds, group choices, words in generators."""

from hypothesis import strategies as st

from gaugemath.groups import (
    O2,
    O3,
    SO2,
    SO3,
    SU2,
    E,
    SE,
    cyclic,
    dihedral,
    full_icosahedral,
    full_octahedral,
    icosahedral,
    octahedral,
    p4,
    p4m,
    pyritohedral,
    tetrahedral,
)

seeds = st.integers(0, 2**32 - 1)

FINITE_FACTORIES = {
    "C5<O2": lambda: cyclic(5),
    "C6<SO3": lambda: cyclic(6, "SO3"),
    "D4<O2": lambda: dihedral(4),
    "D3<SO3": lambda: dihedral(3, "SO3"),
    "T": tetrahedral,
    "O": octahedral,
    "I": icosahedral,
    "T_h": pyritohedral,
    "O_h": full_octahedral,
    "I_h": full_icosahedral,
}
FINITE = {k: f() for k, f in FINITE_FACTORIES.items()}
CONTINUOUS = {"SO2": SO2(), "O2": O2(), "SO3": SO3(), "O3": O3(), "SU2": SU2(), "SE2": SE(2), "E2": E(2),
              "SE3": SE(3), "E3": E(3), "p4": p4(), "p4m": p4m()}
ALL = {**FINITE, **CONTINUOUS}

group_names = st.sampled_from(sorted(ALL))
finite_names = st.sampled_from(sorted(FINITE))


@st.composite
def words(draw, group, max_len=8):
    """A random word in the generators of a finite group, as a list of generator positions."""
    k = len(group.generators())
    return draw(st.lists(st.integers(0, k - 1), min_size=0, max_size=max_len))

"""Hypothesis strategies: planar irreps per group, SO(3)/O(3) irreps, group elements."""

import numpy as np
from hypothesis import strategies as st


def planar_irreps(group: str):
    """Strategy of irrep labels of a planar group name (SO2, O2, CN, DN)."""
    if group == "SO2":
        return st.integers(0, 3)
    if group == "O2":
        return st.sampled_from(["trivial", "sign", 1, 2, 3])
    N = int(group[1:])
    if group[0] == "C":
        return st.integers(0, N // 2)
    labels = [(0, 0), (1, 0)] + [(1, k) for k in range(1, (N + 1) // 2)]
    if N % 2 == 0:
        labels += [(0, N // 2), (1, N // 2)]
    return st.sampled_from(labels)


planar_groups = st.sampled_from(["SO2", "O2", "C1", "C2", "C3", "C4", "C5", "C6", "C8", "D1", "D2", "D3", "D4", "D5", "D6"])
so3_irreps = st.integers(0, 3)
o3_irreps = st.tuples(st.integers(0, 3), st.sampled_from([1, -1]))
seeds = st.integers(0, 2**31 - 1)

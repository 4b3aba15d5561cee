"""Hypothesis strategies for the bundle tests (points, rotations, angles)."""

import numpy as np
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

angles = st.floats(-np.pi, np.pi, allow_nan=False)
colatitudes = st.floats(0.0, np.pi, allow_nan=False)


@st.composite
def points(draw, margin=0.0):
    """Unit vectors with colatitude in [margin, pi - margin] (spherical coordinates)."""
    t = draw(st.floats(margin, np.pi - margin, allow_nan=False))
    p = draw(angles)
    return np.array([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)])


@st.composite
def rotations(draw):
    """Rotation matrices from scipy (independent of gaugemath), uniform or near-identity."""
    kind = draw(st.sampled_from(["uniform", "near_identity", "z_axis"]))
    seed = draw(st.integers(0, 2**32 - 1))
    if kind == "uniform":
        return Rotation.random(random_state=seed).as_matrix()
    if kind == "z_axis":
        return Rotation.from_euler("z", draw(angles)).as_matrix()
    v = np.random.default_rng(seed).normal(size=3) * 1e-7
    return Rotation.from_rotvec(v).as_matrix()

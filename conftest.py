"""Shared test configuration: hypothesis profiles and a seeded RNG fixture."""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("GAUGEMATH_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def rng():
    """A reproducible NumPy generator (seed fixed per test)."""
    return np.random.default_rng(20261122)

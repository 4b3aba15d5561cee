"""SO(3) transform against the core's Wigner D; rotation of coefficients."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath import so3, spherical_harmonics_xyz, wigner_D
from gaugemath.transforms import (
    n_so3_coefficients,
    rotate_coefficients,
    s2_grid,
    s2_synthesis,
    so3_analysis,
    so3_grid,
    so3_synthesis,
)
from gaugemath.transforms.backend import to_numpy
from gaugemath.wigner import packed_index


@pytest.mark.parametrize("kind", ["gl", "soft"])
def test_synthesis_equals_wigner_D_sum_and_round_trip(kind, rng, xp):
    lmax = 4
    g = so3_grid(lmax, kind)
    n = n_so3_coefficients(lmax)
    c = rng.normal(size=(2, n)) + 1j * rng.normal(size=(2, n))
    F = to_numpy(so3_synthesis(xp.asarray(c), lmax, g))
    assert F.shape == (2,) + g.shape
    a, b, gm = g.euler()
    R = so3.from_euler(a.ravel(), b.ravel(), gm.ravel())
    direct = np.zeros((2, a.size), complex)
    for ell in range(lmax + 1):
        D = wigner_D(ell, R).reshape(a.size, -1)
        k0 = packed_index(ell, -ell, -ell)
        direct += c[:, k0 : k0 + (2 * ell + 1) ** 2] @ D.T
    assert np.abs(F.reshape(2, -1) - direct).max() < 1e-13
    assert np.abs(to_numpy(so3_analysis(xp.asarray(F), lmax, g)) - c).max() < 1e-13


def test_round_trip_lmax_24(rng):
    lmax = 24
    g = so3_grid(lmax)
    c = rng.normal(size=n_so3_coefficients(lmax)) + 1j * rng.normal(size=n_so3_coefficients(lmax))
    assert np.abs(so3_analysis(so3_synthesis(c, lmax, g), lmax, g) - c).max() < 1e-12


def test_weights_integrate_volume():
    g = so3_grid(6, "soft")
    assert np.isclose(g.weights.sum(), 8 * np.pi**2, rtol=1e-12, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), real=st.booleans())
def test_rotate_coefficients_is_f_of_R_inverse_x(seed, real):
    rng = np.random.default_rng(seed)
    lmax = 5
    n = (lmax + 1) ** 2
    c = rng.normal(size=n) if real else rng.normal(size=n) + 1j * rng.normal(size=n)
    R = so3.random(seed=seed)
    g = s2_grid(lmax, "gl")
    x = g.points()
    M = so3.as_matrix(R)
    f_rot = spherical_harmonics_xyz(lmax, x @ M, basis="real" if real else "complex") @ c  # f(R^{-1} x)
    c2 = rotate_coefficients(c, R, lmax, real=real)
    assert np.abs(s2_synthesis(c2, lmax, g, real=real).ravel() - f_rot).max() < 1e-12


def test_bad_input(rng):
    g = so3_grid(3)
    with pytest.raises(ValueError, match="too large"):
        so3_synthesis(np.zeros(n_so3_coefficients(4)), 4, g)
    with pytest.raises(ValueError, match="shape"):
        so3_analysis(np.zeros((3, 3, 3)), 3, g)
    with pytest.raises(ValueError, match="NaN"):
        so3_analysis(np.full(g.shape, np.nan), 3, g)
    with pytest.raises(ValueError, match="shape"):
        rotate_coefficients(np.zeros(10), so3.identity(), 3)
    with pytest.raises(ValueError, match="kind"):
        so3_grid(3, "dh")

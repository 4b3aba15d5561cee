"""The complex→real change of basis Q_l against its defining formula (scipy's Y_lm)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import sph_harm_y

from gaugemath.real_basis import complex_to_real, real_to_complex


def _real_by_definition(ell, theta, phi):
    """S_lm straight from the docstring's case formula, using scipy's Y_l^m."""
    out = []
    for m in range(-ell, ell + 1):
        if m > 0:
            out.append(np.sqrt(2) * (-1) ** m * sph_harm_y(ell, m, theta, phi).real)
        elif m == 0:
            out.append(sph_harm_y(ell, 0, theta, phi).real)
        else:
            out.append(np.sqrt(2) * (-1) ** m * sph_harm_y(ell, -m, theta, phi).imag)
    return np.array(out)


@given(ell=st.integers(0, 12), theta=st.floats(0, np.pi), phi=st.floats(-np.pi, np.pi))
def test_Q_maps_complex_to_real_harmonics(ell, theta, phi):
    y = np.array([sph_harm_y(ell, m, theta, phi) for m in range(-ell, ell + 1)])
    s = complex_to_real(ell) @ y
    assert np.abs(s.imag).max() < 1e-14
    assert np.abs(s.real - _real_by_definition(ell, theta, phi)).max() < 1e-14


@pytest.mark.parametrize("ell", range(8))
def test_Q_is_unitary_and_inverse(ell):
    q = complex_to_real(ell)
    assert np.abs(q @ q.conj().T - np.eye(2 * ell + 1)).max() < 1e-15
    assert np.abs(real_to_complex(ell) @ q - np.eye(2 * ell + 1)).max() < 1e-15


def test_l1_is_y_z_x():
    x = np.array([0.3, -0.5, 0.81])
    x /= np.linalg.norm(x)
    theta, phi = np.arccos(x[2]), np.arctan2(x[1], x[0])
    s = complex_to_real(1) @ np.array([sph_harm_y(1, m, theta, phi) for m in (-1, 0, 1)])
    assert np.allclose(s.real, np.sqrt(3 / (4 * np.pi)) * x[[1, 2, 0]], rtol=0, atol=1e-15)


def test_returns_copies_and_rejects_bad_degree():
    q = complex_to_real(2)
    q[0, 0] = 99
    assert complex_to_real(2)[0, 0] != 99
    with pytest.raises(ValueError, match="ell"):
        complex_to_real(-1)
    with pytest.raises(ValueError, match="ell"):
        complex_to_real(1.5)

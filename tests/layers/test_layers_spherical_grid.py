"""Spherical layers on sampled signals (through gaugemath.transforms): values and exact grid equivariance."""

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from gaugemath import so3, transforms
from gaugemath.layers.spherical import (
    evaluate_s2,
    evaluate_so3,
    s2_so3_correlation,
    s2_so3_correlation_grid,
    s2_size,
    s2_zonal_conv,
    s2_zonal_conv_grid,
    so3_size,
    so3_so3_correlation,
    so3_so3_correlation_grid,
)

LMAX = 4


def rand(rng, *shape):
    return rng.normal(size=shape) + 1j * rng.normal(size=shape)


def grid_rotations(g):
    a, b, c = g.euler()
    return so3.as_matrix(so3.from_euler(a.ravel(), b.ravel(), c.ravel()))  # (n, 3, 3), map order


@pytest.mark.parametrize("kind", ["gl", "dh"])
def test_s2_so3_grid_values(kind, rng):
    s2g, so3g = transforms.s2_grid(LMAX, kind), transforms.so3_grid(LMAX)
    f_hat, psi_hat = rand(rng, 2, s2_size(LMAX)), rand(rng, 3, 2, s2_size(LMAX))
    f = evaluate_s2(f_hat, s2g.points()).reshape((2,) + s2g.shape)
    out = s2_so3_correlation_grid(f, psi_hat, LMAX, s2g, so3g)
    assert out.shape == (3,) + so3g.shape
    Rs = grid_rotations(so3g)
    for o in range(3):
        expect = sum(evaluate_so3(s2_so3_correlation(f_hat[c], psi_hat[o, c]), Rs) for c in range(2))
        np.testing.assert_allclose(out[o].ravel(), expect, rtol=0, atol=1e-10 * np.abs(expect).max())


def test_so3_so3_and_zonal_grid_values(rng):
    s2g, so3g = transforms.s2_grid(LMAX, "gl"), transforms.so3_grid(LMAX)
    F_hat, Psi_hat = rand(rng, 2, so3_size(LMAX)), rand(rng, 1, 2, so3_size(LMAX))
    Rs = grid_rotations(so3g)
    F = evaluate_so3(F_hat, Rs).reshape((2,) + so3g.shape)
    out = so3_so3_correlation_grid(F, Psi_hat, LMAX, so3g)
    expect = sum(evaluate_so3(so3_so3_correlation(F_hat[c], Psi_hat[0, c]), Rs) for c in range(2))
    np.testing.assert_allclose(out[0].ravel(), expect, rtol=0, atol=1e-10 * np.abs(expect).max())
    f_hat, h_hat = rand(rng, 2, s2_size(LMAX)), rand(rng, 1, 2, s2_size(LMAX))
    f = evaluate_s2(f_hat, s2g.points()).reshape((2,) + s2g.shape)
    z = s2_zonal_conv_grid(f, h_hat, LMAX, s2g)
    expect = sum(evaluate_s2(s2_zonal_conv(f_hat[c], h_hat[0, c]), s2g.points()) for c in range(2))
    np.testing.assert_allclose(z[0].ravel(), expect, rtol=0, atol=1e-10 * np.abs(expect).max())


def test_grid_equivariance_z_rotation_by_one_sample(rng):
    """Q = R_z(2π/n): f ↦ roll along φ; the SO(3) output rolls along α (Q⁻¹R(α,β,γ) = R(α−δ,β,γ)), exactly."""
    s2g, so3g = transforms.s2_grid(LMAX, "gl"), transforms.so3_grid(LMAX)
    assert s2g.shape[1] == so3g.shape[0]  # both 2 lmax + 2 equispaced azimuths from 0
    f = evaluate_s2(rand(rng, 1, s2_size(LMAX)), s2g.points()).reshape((1,) + s2g.shape).real
    psi_hat = rand(rng, 2, 1, s2_size(LMAX))
    Psi_hat = rand(rng, 1, 2, so3_size(LMAX))
    F = s2_so3_correlation_grid(f, psi_hat, LMAX, s2g, so3g)
    G = so3_so3_correlation_grid(F, Psi_hat, LMAX, so3g)
    for shift in (1, 3):
        Fs = s2_so3_correlation_grid(np.roll(f, shift, axis=-1), psi_hat, LMAX, s2g, so3g)
        np.testing.assert_allclose(Fs, np.roll(F, shift, axis=-3), rtol=0, atol=1e-11 * np.abs(F).max())
        Gs = so3_so3_correlation_grid(Fs, Psi_hat, LMAX, so3g)
        np.testing.assert_allclose(Gs, np.roll(G, shift, axis=-3), rtol=0, atol=1e-10 * np.abs(G).max())


def test_grid_equivariance_general_rotation(rng):
    """Input f(Q⁻¹x) sampled on the grid; the output equals [f ⋆ ψ](Q⁻¹R) at the grid rotations."""
    s2g, so3g = transforms.s2_grid(LMAX, "gl"), transforms.so3_grid(LMAX)
    f_hat, psi_hat = rand(rng, 1, s2_size(LMAX)), rand(rng, 1, 1, s2_size(LMAX))
    Q = Rotation.random(random_state=5).as_matrix()
    f_rot = evaluate_s2(f_hat, s2g.points() @ Q).reshape((1,) + s2g.shape)  # f(Qᵀ x)
    out = s2_so3_correlation_grid(f_rot, psi_hat, LMAX, s2g, so3g)
    expect = evaluate_so3(s2_so3_correlation(f_hat[0], psi_hat[0, 0]), Q.T @ grid_rotations(so3g))
    np.testing.assert_allclose(out[0].ravel(), expect, rtol=0, atol=1e-10 * np.abs(expect).max())


def test_action_equals_transforms_rotate_coefficients(rng):
    from gaugemath.layers.spherical import act_on_s2_coefficients

    f_hat = rand(rng, 3, s2_size(LMAX))
    Q = Rotation.random(random_state=7).as_matrix()
    np.testing.assert_allclose(act_on_s2_coefficients(f_hat, Q), transforms.rotate_coefficients(f_hat, Q, LMAX),
                               rtol=0, atol=1e-13)


def test_soft_so3_grid(rng):
    s2g, so3g = transforms.s2_grid(LMAX, "dh"), transforms.so3_grid(LMAX, "soft")
    f_hat, psi_hat = rand(rng, 1, s2_size(LMAX)), rand(rng, 1, 1, s2_size(LMAX))
    f = evaluate_s2(f_hat, s2g.points()).reshape((1,) + s2g.shape)
    out = s2_so3_correlation_grid(f, psi_hat, LMAX, s2g, so3g)
    expect = evaluate_so3(s2_so3_correlation(f_hat[0], psi_hat[0, 0]), grid_rotations(so3g))
    np.testing.assert_allclose(out[0].ravel(), expect, rtol=0, atol=1e-10 * np.abs(expect).max())

"""Spherical CNN layers: coefficient formulas vs brute-force quadrature of the integrals, equivariance."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation
from scipy.special import roots_legendre

from gaugemath import so3
from gaugemath.layers.spherical import (
    act_on_s2_coefficients,
    act_on_so3_coefficients,
    evaluate_s2,
    evaluate_so3,
    s2_size,
    s2_so3_correlation,
    s2_so3_correlation_layer,
    s2_zonal_conv,
    s2_zonal_conv_layer,
    so3_size,
    so3_so3_correlation,
    so3_so3_correlation_layer,
)


def rand(rng, *shape):
    return rng.normal(size=shape) + 1j * rng.normal(size=shape)


def real_signal(rng, lmax, *lead):
    """S² coefficients of a real function: f̂_{ℓ,−m} = (−1)^m conj f̂_{ℓm}."""
    a = rand(rng, *lead, s2_size(lmax))
    ell = np.concatenate([[l] * (2 * l + 1) for l in range(lmax + 1)])
    m = np.concatenate([np.arange(-l, l + 1) for l in range(lmax + 1)])
    flip = ell * ell + ell - m
    return (a + (-1.0) ** m * np.conj(a[..., flip])) / 2


def s2_quadrature(lmax):
    """Gauss–Legendre × equispaced product rule, exact for degree ≤ 2·lmax + 1 (independent of transforms)."""
    x, w = roots_legendre(lmax + 2)
    n_phi = 2 * lmax + 2
    th, ph = np.arccos(x), 2 * np.pi * np.arange(n_phi) / n_phi
    T, P = np.meshgrid(th, ph, indexing="ij")
    pts = np.stack([np.sin(T) * np.cos(P), np.sin(T) * np.sin(P), np.cos(T)], -1).reshape(-1, 3)
    return pts, np.outer(w, np.full(n_phi, 2 * np.pi / n_phi)).ravel()


def so3_quadrature(lmax):
    """Euler ZYZ product rule for dα sinβ dβ dγ (volume 8π²), exact for products of degree-lmax D's."""
    x, w = roots_legendre(lmax + 2)
    n = 2 * lmax + 2
    a = 2 * np.pi * np.arange(n) / n
    A, B, G = np.meshgrid(a, np.arccos(x), a, indexing="ij")
    M = Rotation.from_euler("ZYZ", np.stack([A, B, G], -1).reshape(-1, 3)).as_matrix()
    W = np.einsum("i,j,k->ijk", np.full(n, 2 * np.pi / n), w, np.full(n, 2 * np.pi / n)).ravel()
    return M, W


def random_rotations(seed, n):
    return Rotation.random(n, random_state=seed).as_matrix()


# ---------------------------------------------------------------- against quadrature
@settings(max_examples=10, deadline=None)
@given(lmax=st.integers(0, 4), seed=st.integers(0, 2**31))
def test_s2_so3_correlation_is_the_integral(lmax, seed):
    rng = np.random.default_rng(seed)
    f, psi = rand(rng, s2_size(lmax)), rand(rng, s2_size(lmax))
    F = s2_so3_correlation(f, psi)
    pts, w = s2_quadrature(lmax)
    fv = evaluate_s2(f, pts)
    for R in random_rotations(seed, 3):
        direct = np.sum(w * fv * np.conj(evaluate_s2(psi, pts @ R)))  # ψ(R^{-1} x), R^{-1} = R^T
        np.testing.assert_allclose(evaluate_so3(F, R[None])[0], direct, rtol=0, atol=1e-11 * (1 + abs(direct)))


@settings(max_examples=6, deadline=None)
@given(lmax=st.integers(0, 3), seed=st.integers(0, 2**31))
def test_so3_so3_correlation_is_the_integral(lmax, seed):
    rng = np.random.default_rng(seed)
    F, Psi = rand(rng, so3_size(lmax)), rand(rng, so3_size(lmax))
    G = so3_so3_correlation(F, Psi)
    Qs, w = so3_quadrature(lmax)
    Fv = evaluate_so3(F, Qs)
    for R in random_rotations(seed, 2):
        direct = np.sum(w * Fv * np.conj(evaluate_so3(Psi, R.T[None] @ Qs)))
        np.testing.assert_allclose(evaluate_so3(G, R[None])[0], direct, rtol=0, atol=1e-10 * (1 + abs(direct)))


@settings(max_examples=6, deadline=None)
@given(lmax=st.integers(0, 3), seed=st.integers(0, 2**31))
def test_zonal_conv_is_the_integral(lmax, seed):
    rng = np.random.default_rng(seed)
    f, h = rand(rng, s2_size(lmax)), rand(rng, s2_size(lmax))
    out = s2_zonal_conv(f, h)
    Qs, w = so3_quadrature(lmax)
    f_at_q_eta = evaluate_s2(f, Qs[:, :, 2])  # R η = third column
    xs = Rotation.random(3, random_state=seed).apply([0.0, 0.0, 1.0])
    for x in xs:
        direct = np.sum(w * f_at_q_eta * evaluate_s2(h, np.einsum("qji,j->qi", Qs, x)))  # h(Q^{-1} x)
        np.testing.assert_allclose(evaluate_s2(out, x[None])[0], direct, rtol=0, atol=1e-10 * (1 + abs(direct)))


# ---------------------------------------------------------------- actions and equivariance
@settings(max_examples=10, deadline=None)
@given(lmax=st.integers(0, 4), seed=st.integers(0, 2**31))
def test_actions_are_the_rotated_functions(lmax, seed):
    rng = np.random.default_rng(seed)
    Q = random_rotations(seed, 1)[0]
    f, F = rand(rng, s2_size(lmax)), rand(rng, so3_size(lmax))
    pts = rng.normal(size=(5, 3))
    np.testing.assert_allclose(evaluate_s2(act_on_s2_coefficients(f, Q), pts), evaluate_s2(f, pts @ Q), rtol=0, atol=1e-11)
    Rs = random_rotations(seed + 1, 4)
    np.testing.assert_allclose(evaluate_so3(act_on_so3_coefficients(F, Q), Rs), evaluate_so3(F, Q.T @ Rs),
                               rtol=0, atol=1e-11)


@settings(max_examples=10, deadline=None)
@given(lmax=st.integers(0, 5), seed=st.integers(0, 2**31))
def test_equivariance_in_coefficient_space(lmax, seed):
    rng = np.random.default_rng(seed)
    Q = so3.random(seed=seed)
    f, psi = rand(rng, 2, s2_size(lmax)), rand(rng, s2_size(lmax))
    F = s2_so3_correlation(f, psi)
    np.testing.assert_allclose(s2_so3_correlation(act_on_s2_coefficients(f, Q), psi), act_on_so3_coefficients(F, Q),
                               rtol=0, atol=1e-12)
    Psi = rand(rng, so3_size(lmax))
    np.testing.assert_allclose(so3_so3_correlation(act_on_so3_coefficients(F, Q), Psi),
                               act_on_so3_coefficients(so3_so3_correlation(F, Psi), Q), rtol=0, atol=1e-10)
    np.testing.assert_allclose(s2_zonal_conv(act_on_s2_coefficients(f, Q), psi),
                               act_on_s2_coefficients(s2_zonal_conv(f, psi), Q), rtol=0, atol=1e-12)
    # pointwise: [L_Q f ⋆ ψ](R) = [f ⋆ ψ](Q^{-1} R)
    Rs = random_rotations(seed, 3)
    Qm = so3.as_matrix(Q)
    np.testing.assert_allclose(evaluate_so3(s2_so3_correlation(act_on_s2_coefficients(f, Q), psi), Rs),
                               evaluate_so3(F, Qm.T @ Rs), rtol=0, atol=1e-11)


def test_real_signals_give_real_correlations(rng):
    lmax = 4
    f, psi = real_signal(rng, lmax), real_signal(rng, lmax)
    Rs = random_rotations(3, 5)
    F = s2_so3_correlation(f, psi)
    assert np.max(np.abs(evaluate_so3(F, Rs).imag)) < 1e-12
    assert np.max(np.abs(evaluate_so3(F, Rs).real)) > 1e-3
    # for real f, ψ: F̂^ℓ_{m'm} = conj(f̂_ℓm') ψ̂_ℓm (the module docstring's remark)
    for ell in range(lmax + 1):
        sl = slice(ell * ell, (ell + 1) ** 2)
        blk = F[ell * (4 * ell * ell - 1) // 3:(ell + 1) * (4 * (ell + 1) ** 2 - 1) // 3].reshape(2 * ell + 1, -1)
        np.testing.assert_allclose(blk, np.outer(np.conj(f[sl]), psi[sl]), rtol=0, atol=1e-14)
    G = so3_so3_correlation(F, s2_so3_correlation(real_signal(rng, lmax), real_signal(rng, lmax)))
    assert np.max(np.abs(evaluate_so3(G, Rs).imag)) < 1e-10


def test_zonal_uses_only_the_zonal_part(rng):
    lmax = 3
    f, h = rand(rng, s2_size(lmax)), rand(rng, s2_size(lmax))
    zonal = np.zeros_like(h)
    for ell in range(lmax + 1):
        zonal[ell * ell + ell] = h[ell * ell + ell]
    np.testing.assert_allclose(s2_zonal_conv(f, h), s2_zonal_conv(f, zonal), rtol=0, atol=0)
    np.testing.assert_array_equal(s2_zonal_conv(f, h - zonal), 0)
    # Y_00 filter: the convolution is 2π√(4π) ĥ_00 × f̂_00 on ℓ = 0 only
    delta0 = np.zeros(s2_size(lmax), complex)
    delta0[0] = 1
    expected = np.zeros_like(f)
    expected[0] = 2 * np.pi * np.sqrt(4 * np.pi) * f[0]
    np.testing.assert_allclose(s2_zonal_conv(f, delta0), expected, rtol=0, atol=1e-14)


def test_multichannel_layers_sum_over_input_channels(rng):
    lmax, B, cin, cout = 2, 3, 4, 2
    f = rand(rng, B, cin, s2_size(lmax))
    psi = rand(rng, cout, cin, s2_size(lmax))
    out = s2_so3_correlation_layer(f, psi)
    assert out.shape == (B, cout, so3_size(lmax))
    ref = np.array([[sum(s2_so3_correlation(f[b, c], psi[o, c]) for c in range(cin)) for o in range(cout)]
                    for b in range(B)])
    np.testing.assert_allclose(out, ref, rtol=0, atol=1e-12)
    Psi = rand(rng, 3, cout, so3_size(lmax))
    G = so3_so3_correlation_layer(out, Psi)
    assert G.shape == (B, 3, so3_size(lmax))
    np.testing.assert_allclose(G[1, 2], sum(so3_so3_correlation(out[1, c], Psi[2, c]) for c in range(cout)),
                               rtol=0, atol=1e-10)
    Z = s2_zonal_conv_layer(f, psi)
    np.testing.assert_allclose(Z[2, 1], sum(s2_zonal_conv(f[2, c], psi[1, c]) for c in range(cin)), rtol=0, atol=1e-12)
    # equivariance of the stacked network on a batch
    Q = so3.random(seed=11)
    fq = act_on_s2_coefficients(f, Q)
    np.testing.assert_allclose(so3_so3_correlation_layer(s2_so3_correlation_layer(fq, psi), Psi),
                               act_on_so3_coefficients(G, Q), rtol=0, atol=1e-9)


def test_sizes():
    assert [s2_size(L) for L in range(4)] == [1, 4, 9, 16]
    assert [so3_size(L) for L in range(4)] == [1, 10, 35, 84]
    from gaugemath.wigner import packed_index

    assert all(so3_size(L) == packed_index(L, L, L) + 1 for L in range(8))


def test_bad_input(rng):
    with pytest.raises(ValueError, match="not"):
        s2_so3_correlation(np.ones(5), np.ones(5))
    with pytest.raises(ValueError, match="same lmax"):
        s2_so3_correlation(np.ones(4), np.ones(9))
    with pytest.raises(ValueError, match="expected lmax"):
        s2_zonal_conv(np.ones(4), np.ones(4), lmax=2)
    with pytest.raises(ValueError, match="not"):
        so3_so3_correlation(np.ones(9), np.ones(9))
    with pytest.raises(ValueError, match="channel"):
        s2_so3_correlation_layer(np.ones((2, 3, 4)), np.ones((1, 2, 4)))
    with pytest.raises(ValueError, match="C_out"):
        s2_zonal_conv_layer(np.ones((2, 3, 4)), np.ones((3, 4)))
    with pytest.raises(TypeError, match="f_hat"):
        s2_zonal_conv("abc", np.ones(4))
    with pytest.raises(TypeError, match="dtype"):
        s2_zonal_conv(np.ones(4, bool), np.ones(4))
    with pytest.raises(ValueError, match="lmax"):
        s2_size(-1)
    with pytest.raises(ValueError, match="single rotation"):
        act_on_s2_coefficients(np.ones(4), random_rotations(0, 2))

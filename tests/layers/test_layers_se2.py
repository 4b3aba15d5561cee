"""SE(2)_N layers: band-limited filter rotation, exact quarter-turn equivariance, measured 2π/N error."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath.layers.gcnn import group_conv_p4, lift_p4
from gaugemath.layers.se2 import (
    act_on_features_se2,
    dirichlet_kernel,
    group_conv_se2,
    lift_se2,
    rotate_filters,
    rotated_filter_bank,
    rotation_angles,
    rotation_resampling_matrix,
)


def grid(n):
    c = (n - 1) / 2
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    return j - c, c - i  # x right, y up


def blobs(x, y, params):
    return sum(a * np.exp(-((x - px) ** 2 + (y - py) ** 2) / (2 * s**2)) for a, px, py, s in params)


def smooth_filter(k, sigma, shift=0.0):
    fx, fy = grid(k)
    return fx * np.exp(-(fx**2 + fy**2) / (2 * sigma**2)) + 0.5 * fy**2 * np.exp(
        -((fx - shift) ** 2 + fy**2) / (2 * sigma**2))


@pytest.mark.parametrize("k", [1, 2, 5, 6, 9])
def test_dirichlet_kernel(k):
    n = np.arange(-2 * k, 2 * k + 1)
    np.testing.assert_allclose(dirichlet_kernel(n, k), (n % k == 0).astype(float), rtol=0, atol=1e-14)
    u = np.linspace(0.013, 0.97, 11)
    if k % 2:
        np.testing.assert_allclose(dirichlet_kernel(u, k), np.sin(np.pi * u) / (k * np.sin(np.pi * u / k)), rtol=0, atol=1e-14)
    else:
        np.testing.assert_allclose(dirichlet_kernel(u, k), np.sin(np.pi * u) / (k * np.tan(np.pi * u / k)), rtol=0, atol=1e-14)
    np.testing.assert_allclose(dirichlet_kernel(u, k), dirichlet_kernel(-u, k), rtol=0, atol=0)


@pytest.mark.parametrize("k", [3, 5])
def test_resampling_is_the_fourier_interpolant(k, rng):
    """Independent evaluation: FFT of the filter zero-padded to 3k, trigonometric polynomial at R^{-1} z."""
    psi = rng.normal(size=(k, k))
    K = 3 * k
    big = np.zeros((K, K))
    big[k:2 * k, k:2 * k] = psi
    c_big = (K - 1) / 2
    coef = np.fft.fft2(np.fft.ifftshift(big)) / K**2  # centre sample at index 0 (K odd)
    freqs = np.fft.fftfreq(K, d=1.0 / K)  # integers -(K-1)/2 .. (K-1)/2
    assert c_big == int(c_big)
    theta = 0.61
    x, y = grid(k)
    xs = np.cos(theta) * x + np.sin(theta) * y  # R^{-1} (x, y)
    ys = -np.sin(theta) * x + np.cos(theta) * y
    # pixel [a, b] of the padded array at (x, y): row a - c = -y, column b - c = x
    val = np.einsum("ab,ija,ijb->ij", coef,
                    np.exp(2j * np.pi * freqs[None, None, :] * (-ys)[..., None] / K),
                    np.exp(2j * np.pi * freqs[None, None, :] * xs[..., None] / K)).real
    np.testing.assert_allclose(rotate_filters(psi, theta), val, rtol=0, atol=1e-12)
    M = rotation_resampling_matrix(k, theta)
    np.testing.assert_allclose((M @ psi.ravel()).reshape(k, k), val, rtol=0, atol=1e-12)


@pytest.mark.parametrize("k", [3, 4, 7])
def test_quarter_turns_are_exact(k, rng):
    psi = rng.normal(size=(2, k, k))
    np.testing.assert_array_equal(rotate_filters(psi, 0.0), psi)
    for q in range(-2, 5):
        np.testing.assert_array_equal(rotate_filters(psi, q * np.pi / 2), np.rot90(psi, q, axes=(-2, -1)))
        M = rotation_resampling_matrix(k, q * np.pi / 2)
        np.testing.assert_array_equal(np.sort(M, axis=1)[:, -1], 1.0)  # a permutation
    # generic angle then a quarter turn = quarter turn of the rotated filter
    for theta in (0.3, 2 * np.pi / 12):
        np.testing.assert_allclose(rotate_filters(psi, theta + np.pi / 2),
                                   np.rot90(rotate_filters(psi, theta), 1, axes=(-2, -1)), rtol=0, atol=1e-13)


def test_rotating_a_centred_gaussian_is_nearly_exact():
    fx, fy = grid(9)
    g = np.exp(-(fx**2 + fy**2) / (2 * 1.2**2))
    for theta in rotation_angles(7):
        assert np.max(np.abs(rotate_filters(g, theta) - g)) < 2e-3


def test_n4_equals_p4(rng):
    f = rng.normal(size=(2, 2, 7, 7))
    psi = rng.normal(size=(3, 2, 3, 3))
    Psi = rng.normal(size=(2, 3, 4, 3, 3))
    for pad in ("valid", "same"):
        F = lift_se2(f, psi, 4, pad)
        np.testing.assert_allclose(F, lift_p4(f, psi, pad), rtol=0, atol=1e-13)
        np.testing.assert_allclose(group_conv_se2(F, Psi, 4, pad), group_conv_p4(F, Psi, pad), rtol=0, atol=1e-13)


@settings(max_examples=15, deadline=None)
@given(n=st.sampled_from([4, 8, 12]), q=st.integers(0, 3), tx=st.integers(-4, 4), ty=st.integers(-4, 4),
       seed=st.integers(0, 2**31))
def test_exact_equivariance_quarter_turns_and_translations(n, q, tx, ty, seed):
    r = np.random.default_rng(seed)
    f = r.normal(size=(1, 2, 8, 8))
    psi = r.normal(size=(2, 2, 3, 3))
    Psi = r.normal(size=(1, 2, n, 3, 3))
    steps = q * n // 4
    F = lift_se2(f, psi, n, "circular")
    G = group_conv_se2(F, Psi, n, "circular")
    fu = np.roll(np.rot90(f, q, axes=(-2, -1)), (-ty, tx), axis=(-2, -1))
    Fu = lift_se2(fu, psi, n, "circular")
    np.testing.assert_allclose(Fu, act_on_features_se2(F, steps, n, shift=(tx, ty)), rtol=0, atol=1e-12)
    np.testing.assert_allclose(group_conv_se2(Fu, Psi, n, "circular"),
                               act_on_features_se2(G, steps, n, shift=(tx, ty)), rtol=0, atol=1e-12)


# Measured relative errors (max over the N output rotations, at the rotation centre) for the
# inputs below: lift 1.5e-3 / 3.2e-4 / 3.1e-4, group conv 1.3e-3 / 4.7e-4 / 1.1e-3 for N = 5 / 8 / 12.
OFF_GRID_TOL = 5e-3


@pytest.mark.parametrize("n", [5, 8, 12])
def test_equivariance_off_grid_angles(n):
    rng = np.random.default_rng(1)
    params = [(rng.normal(), *rng.uniform(-5, 5, 2), rng.uniform(1.5, 2.5)) for _ in range(6)]
    size, k = 25, 9
    x, y = grid(size)
    th = 2 * np.pi / n
    f = blobs(x, y, params)[None, None]
    fr = blobs(np.cos(th) * x + np.sin(th) * y, -np.sin(th) * x + np.cos(th) * y, params)[None, None]  # f(R^{-1} x)
    psi = smooth_filter(k, 1.0, shift=1.0)[None, None]
    Psi = np.stack([smooth_filter(k, 1.0, shift=s) for s in np.linspace(-1, 1, n)])[None, None]
    F, Fr = lift_se2(f, psi, n, "same"), lift_se2(fr, psi, n, "same")
    mid = size // 2
    a, b = Fr[0, 0, :, mid, mid], np.roll(F[0, 0, :, mid, mid], 1)
    lift_err = np.abs(a - b).max() / np.abs(b).max()
    G, Gr = group_conv_se2(F, Psi, n, "same"), group_conv_se2(Fr, Psi, n, "same")
    a, b = Gr[0, 0, :, mid, mid], np.roll(G[0, 0, :, mid, mid], 1)
    conv_err = np.abs(a - b).max() / np.abs(b).max()
    print(f"N={n}: lift {lift_err:.1e}, group conv {conv_err:.1e}")
    assert lift_err < OFF_GRID_TOL and conv_err < OFF_GRID_TOL
    assert lift_err > 1e-8  # the approximation is real: the test would notice an 'exact' claim


def test_filter_bank_layout(rng):
    psi = rng.normal(size=(2, 3, 5, 5))
    bank = rotated_filter_bank(psi, 6)
    assert bank.shape == (2, 3, 6, 5, 5)
    for i, t in enumerate(rotation_angles(6)):
        np.testing.assert_allclose(bank[:, :, i], rotate_filters(psi, t), rtol=0, atol=1e-15)


@pytest.mark.parametrize("n", [1, 2, 4, 6])
def test_identity_filter(n, rng):
    """The delta filter is the identity when every θ_i is a quarter turn; otherwise its band-limited
    rotation rings (a delta is not band-limited), so the layer is not the identity."""
    F = rng.normal(size=(1, 2, n, 6, 6))
    Psi = np.zeros((2, 2, n, 3, 3))
    Psi[0, 0, 0, 1, 1] = Psi[1, 1, 0, 1, 1] = 1.0
    out = group_conv_se2(F, Psi, n, "same")
    if 4 % n == 0:
        np.testing.assert_array_equal(out, F)
    else:
        assert np.max(np.abs(out - F)) > 0.1


def test_bad_input(rng):
    f = rng.normal(size=(1, 1, 6, 6))
    with pytest.raises(ValueError, match="n_rotations"):
        lift_se2(f, rng.normal(size=(1, 1, 3, 3)), 0)
    with pytest.raises(TypeError, match="n_rotations"):
        lift_se2(f, rng.normal(size=(1, 1, 3, 3)), 4.0)
    with pytest.raises(ValueError, match="padding"):
        lift_se2(f, rng.normal(size=(1, 1, 3, 3)), 4, "reflect")
    with pytest.raises(ValueError, match="N = 4"):
        group_conv_se2(rng.normal(size=(1, 1, 8, 6, 6)), rng.normal(size=(1, 1, 4, 3, 3)), 4)
    with pytest.raises(ValueError, match="channel"):
        group_conv_se2(rng.normal(size=(1, 2, 4, 6, 6)), rng.normal(size=(1, 1, 4, 3, 3)), 4)
    with pytest.raises(ValueError, match="multiple of"):
        act_on_features_se2(rng.normal(size=(1, 8, 6, 6)), 1, 8)
    with pytest.raises(ValueError, match="square"):
        rotate_filters(rng.normal(size=(3, 4)), 0.2)
    with pytest.raises(ValueError, match="finite"):
        rotation_resampling_matrix(3, np.nan)
    with pytest.raises(ValueError, match="k must"):
        dirichlet_kernel(0.5, 0)

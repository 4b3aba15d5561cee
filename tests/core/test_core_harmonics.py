"""Spherical harmonics: scipy/sympy/mpmath values, real basis, spin weight, quadrature
orthonormality, addition theorem, high degree near the poles, peer presets, bad input."""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import eval_legendre, roots_legendre, sph_harm_y

from gaugemath import so3, symbolic
from gaugemath.harmonics import spherical_harmonics, spherical_harmonics_xyz
from gaugemath.real_basis import complex_to_real
from gaugemath.wigner import wigner_D

theta_s = st.floats(0, math.pi)
phi_s = st.floats(-math.pi, math.pi)


def _scipy_all(L, th, ph):
    return np.stack([sph_harm_y(l, m, th, ph) for l in range(L + 1) for m in range(-l, l + 1)], axis=-1)


@given(th=theta_s, ph=phi_s, L=st.integers(0, 20))
def test_complex_equals_scipy(th, ph, L):
    assert np.abs(spherical_harmonics(L, th, ph) - _scipy_all(L, th, ph)).max() < 1e-13


@given(th=theta_s, ph=phi_s)
def test_real_basis_is_Q_times_complex(th, ph):
    y = spherical_harmonics(8, th, ph)
    s = spherical_harmonics(8, th, ph, basis="real")
    for ell in range(9):
        sl = slice(ell * ell, (ell + 1) ** 2)
        assert np.abs(s[sl] - (complex_to_real(ell) @ y[sl]).real).max() < 1e-14


def test_exact_sympy_values():
    t, p = sp.symbols("theta phi", real=True)
    y = spherical_harmonics(4, 0.7, -1.2)
    s = spherical_harmonics(4, 0.7, -1.2, basis="real")
    for ell in range(5):
        for m in range(-ell, ell + 1):
            ex = complex(symbolic.spherical_harmonic(ell, m, t, p).subs({t: sp.Float(0.7, 30), p: sp.Float(-1.2, 30)}).evalf(30))
            assert abs(y[ell * ell + ell + m] - ex) < 1e-15
            exr = float(symbolic.real_spherical_harmonic(ell, m, t, p).subs({t: sp.Float(0.7, 30), p: sp.Float(-1.2, 30)}).evalf(30))
            assert abs(s[ell * ell + ell + m] - exr) < 1e-15


@pytest.mark.parametrize(
    "ell,m,th", [(2000, 700, 0.37), (2000, 0, 1e-8), (2000, 2000, 1.5707), (2000, 1, math.pi - 1e-8), (1500, 3, 1e-6), (2000, 0, math.pi - 3e-7)]
)
def test_high_degree_vs_mpmath(ell, m, th):
    y = spherical_harmonics(ell, th, 0.4)[ell * ell + ell + m]
    with mpmath.workdps(40):
        ref = complex(mpmath.spherharm(ell, m, mpmath.mpf(th), mpmath.mpf(0.4)))
    assert abs(y - ref) <= 1e-10


def test_no_nan_or_overflow_at_high_degree():
    """(scipy.special.sph_harm_y returns NaN at l=1000, m=500 on some versions.)"""
    y = spherical_harmonics(1000, np.array([0.0, 1e-300, 1.0, math.pi]), 0.0)
    assert np.all(np.isfinite(y))
    with mpmath.workdps(40):
        ref = complex(mpmath.spherharm(1000, 500, 1.0, 0.0))
    assert abs(y[2, 1000 * 1000 + 1000 + 500] - ref) < 1e-12


def test_orthonormality_by_gauss_legendre_quadrature():
    L = 12
    x, w = roots_legendre(L + 1)
    phi = 2 * math.pi * np.arange(2 * L + 1) / (2 * L + 1)
    th, ph = np.meshgrid(np.arccos(x), phi, indexing="ij")
    W = np.repeat(w[:, None], 2 * L + 1, axis=1) * 2 * math.pi / (2 * L + 1)
    for basis in ("complex", "real"):
        Y = spherical_harmonics(L // 2, th, ph, basis=basis).reshape(-1, (L // 2 + 1) ** 2)
        G = (Y.conj().T * W.reshape(-1)) @ Y
        assert np.abs(G - np.eye(G.shape[0])).max() < 1e-13
    for s in (-2, 1):
        Y = spherical_harmonics(L // 2, th, ph, spin=s).reshape(-1, (L // 2 + 1) ** 2)
        keep = [k for k in range(Y.shape[1]) if math.isqrt(k) >= abs(s)]
        G = (Y[:, keep].conj().T * W.reshape(-1)) @ Y[:, keep]
        assert np.abs(G - np.eye(len(keep))).max() < 1e-13


@given(seed=st.integers(0, 2**32 - 1))
def test_addition_theorem(seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(2, 3))
    x, y = x / np.linalg.norm(x), y / np.linalg.norm(y)
    L = 10
    Yx, Yy = spherical_harmonics_xyz(L, x), spherical_harmonics_xyz(L, y)
    Sx, Sy = spherical_harmonics_xyz(L, x, basis="real"), spherical_harmonics_xyz(L, y, basis="real")
    for ell in range(L + 1):
        sl = slice(ell * ell, (ell + 1) ** 2)
        ref = (2 * ell + 1) / (4 * math.pi) * eval_legendre(ell, np.dot(x, y))
        assert abs(np.sum(Yx[sl] * Yy[sl].conj()) - ref) < 1e-13
        assert abs(np.sum(Sx[sl] * Sy[sl]) - ref) < 1e-13


@given(seed=st.integers(0, 2**32 - 1))
def test_spin_weighted_is_wigner_D(seed):
    """sY_lm(theta, phi) = (-1)^s sqrt((2l+1)/4pi) conj(D^l_{m,-s}(phi, theta, 0))."""
    rng = np.random.default_rng(seed)
    th, ph = rng.uniform(0, math.pi), rng.uniform(-math.pi, math.pi)
    R = so3.from_euler(ph, th, 0.0)
    for s in (-2, -1, 0, 1, 3):
        Y = spherical_harmonics(5, th, ph, spin=s)
        for ell in range(6):
            for m in range(-ell, ell + 1):
                if ell < abs(s):
                    assert Y[ell * ell + ell + m] == 0
                    continue
                ref = (-1) ** s * math.sqrt((2 * ell + 1) / (4 * math.pi)) * np.conj(wigner_D(ell, R)[m + ell, -s + ell])
                assert abs(Y[ell * ell + ell + m] - ref) < 1e-13


def test_normalizations():
    th, ph = 0.8, 0.3
    base = spherical_harmonics(6, th, ph)
    ell = np.repeat(np.arange(7), 2 * np.arange(7) + 1)
    assert np.allclose(spherical_harmonics(6, th, ph, normalization="4pi"), base * math.sqrt(4 * math.pi), rtol=0, atol=1e-14)
    assert np.allclose(spherical_harmonics(6, th, ph, normalization="schmidt"), base * np.sqrt(4 * math.pi / (2 * ell + 1)), rtol=0, atol=1e-14)
    from scipy.special import lpmv

    un = spherical_harmonics(6, th, ph, normalization="unnormalized")
    for l in range(7):
        for m in range(0, l + 1):
            assert abs(un[l * l + l + m] - lpmv(m, l, math.cos(th)) * np.exp(1j * m * ph)) < 1e-12 * max(1, abs(un[l * l + l + m]))
    with pytest.raises(ValueError, match="overflows"):
        spherical_harmonics(200, th, ph, normalization="unnormalized")


def test_xyz_matches_angles_and_rescales():
    th, ph = 1.1, -2.0
    v = 3.0 * np.array([math.sin(th) * math.cos(ph), math.sin(th) * math.sin(ph), math.cos(th)])
    assert np.abs(spherical_harmonics_xyz(7, v) - spherical_harmonics(7, th, ph)).max() < 1e-14
    assert np.abs(spherical_harmonics_xyz(7, v, spin=2) - spherical_harmonics(7, th, ph, spin=2)).max() < 1e-14
    s1 = spherical_harmonics_xyz(1, v, basis="real")[1:]
    assert np.allclose(s1, math.sqrt(3 / (4 * math.pi)) * (v / 3)[[1, 2, 0]], rtol=0, atol=1e-15)


@pytest.mark.torch
def test_e3nn_preset(torch64):
    torch = torch64
    o3 = pytest.importorskip("e3nn.o3")
    x = np.random.default_rng(0).normal(size=(20, 3))
    ref = o3.spherical_harmonics(list(range(6)), torch.tensor(x), normalize=True, normalization="integral").numpy()
    assert np.abs(spherical_harmonics_xyz(5, x, convention="e3nn") - ref).max() < 1e-12


def test_spherical_preset():
    spherical = pytest.importorskip("spherical")
    quaternionic = pytest.importorskip("quaternionic")
    th, ph = 0.7, 1.3
    W = spherical.Wigner(4)
    R = quaternionic.array.from_spherical_coordinates(th, ph)
    for s in (-2, -1, 0, 1, 2):
        ref = W.sYlm(s, R)
        ours = spherical_harmonics(4, th, ph, spin=s, convention="spherical")
        for ell in range(abs(s), 5):
            for m in range(-ell, ell + 1):
                assert abs(ours[ell * ell + ell + m] - ref[W.Yindex(ell, m)]) < 1e-13


def test_bad_input():
    with pytest.raises(ValueError, match="L must be >= 0"):
        spherical_harmonics(-1, 0.1, 0.1)
    with pytest.raises(ValueError, match=r"theta \(colatitude\) must lie in \[0, pi\]"):
        spherical_harmonics(2, 4.0, 0.1)
    with pytest.raises(ValueError, match="theta contains NaN"):
        spherical_harmonics(2, np.nan, 0.1)
    with pytest.raises(TypeError, match="spin must be an integer"):
        spherical_harmonics(2, 0.1, 0.1, spin=0.5)
    with pytest.raises(ValueError, match="complex basis"):
        spherical_harmonics(2, 0.1, 0.1, spin=1, basis="real")
    with pytest.raises(ValueError, match="unknown normalization"):
        spherical_harmonics(2, 0.1, 0.1, normalization="quantum")
    with pytest.raises(ValueError, match="zero vector"):
        spherical_harmonics_xyz(2, np.zeros(3))
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 3\)"):
        spherical_harmonics_xyz(2, np.ones(2))


@pytest.mark.parametrize("scale", [1e307, 1e150, 1.0, 1e-150, 1e-310])
def test_xyz_is_scale_invariant_without_overflow(scale):
    """The fused real kernel rescales by a power of two before squaring the coordinates."""
    rng = np.random.default_rng(3)
    v = rng.normal(size=(50, 3))
    v[0] = [0.0, 0.0, -2.0]  # on the axis: phi = 0 by convention
    for basis in ("real", "complex"):
        ref = spherical_harmonics_xyz(6, v, basis=basis)
        got = spherical_harmonics_xyz(6, v * scale, basis=basis)
        assert np.all(np.isfinite(got))
        # subnormal input has fewer significant bits than the reference (1e-310 * v rounds)
        assert np.abs(got - ref).max() < (1e-11 if scale < 1e-300 else 1e-14)
    th = np.arccos(v[:, 2] / np.linalg.norm(v, axis=1))
    ph = np.arctan2(v[:, 1], v[:, 0])
    assert np.abs(spherical_harmonics(6, th, ph, basis="real") - spherical_harmonics_xyz(6, v * scale, basis="real")).max() < (1e-11 if scale < 1e-300 else 1e-13)

"""S² transforms: exactness against the core's harmonics, round trips, quadrature, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath import spherical_harmonics
from gaugemath.transforms import (
    complex_to_real_coefficients,
    real_to_complex_coefficients,
    s2_analysis,
    s2_grid,
    s2_synthesis,
)
from gaugemath.transforms.backend import to_numpy


def random_coeffs(rng, lmax, spin=0, real=False, batch=()):
    n = (lmax + 1) ** 2
    c = rng.normal(size=batch + (n,))
    if not real:
        c = c + 1j * rng.normal(size=batch + (n,))
    c[..., : abs(spin) ** 2] = 0
    return c


@pytest.mark.parametrize("kind", ["gl", "dh", "mw"])
@pytest.mark.parametrize("spin", [0, 1, -2, 3])
def test_synthesis_equals_direct_sum_and_round_trip(kind, spin, rng, xp):
    lmax = 9
    g = s2_grid(lmax, kind)
    c = random_coeffs(rng, lmax, spin)
    f = s2_synthesis(xp.asarray(c), lmax, g, spin=spin)
    th, ph = g.angles()
    direct = spherical_harmonics(lmax, th, ph, spin=spin) @ c
    assert np.abs(to_numpy(f) - direct).max() < 1e-13
    back = to_numpy(s2_analysis(f, lmax, g, spin=spin))
    assert np.abs(back - c).max() < 1e-13


@pytest.mark.parametrize("kind", ["gl", "dh", "mw"])
def test_real_basis_matches_core(kind, rng, xp):
    lmax = 10
    g = s2_grid(lmax, kind)
    r = random_coeffs(rng, lmax, real=True, batch=(3,))
    f = to_numpy(s2_synthesis(xp.asarray(r), lmax, g, real=True))
    assert f.dtype == np.float64 and f.shape == (3,) + g.shape
    th, ph = g.angles()
    direct = np.einsum("tpk,bk->btp", spherical_harmonics(lmax, th, ph, basis="real"), r)
    assert np.abs(f - direct).max() < 1e-13
    assert np.abs(to_numpy(s2_analysis(xp.asarray(f), lmax, g, real=True)) - r).max() < 1e-13


def test_real_complex_coefficient_maps(rng):
    lmax = 6
    r = random_coeffs(rng, lmax, real=True)
    c = real_to_complex_coefficients(r, lmax)
    assert np.allclose(complex_to_real_coefficients(c, lmax), r, rtol=0, atol=1e-15)
    g = s2_grid(lmax, "gl")
    full = s2_analysis(s2_synthesis(r, lmax, g, real=True), lmax, g)  # complex analysis of the real map
    m_pos = [l * l + l + m for l in range(lmax + 1) for m in range(l + 1)]
    assert np.allclose(full[m_pos], c[m_pos], rtol=0, atol=1e-13)


def test_round_trip_lmax_256_gl(rng):
    """The issue's check: analysis∘synthesis = identity to <= 1e-11 at L = 256 (fast)."""
    lmax = 256
    g = s2_grid(lmax, "gl")
    for real in (True, False):
        c = random_coeffs(rng, lmax, real=real)
        err = np.abs(s2_analysis(s2_synthesis(c, lmax, g, real=real), lmax, g, real=real) - c).max()
        assert err <= 1e-11


@settings(max_examples=15, deadline=None)
@given(l1=st.integers(0, 12), l2=st.integers(0, 12), m=st.integers(-12, 12), kind=st.sampled_from(["gl", "dh", "mw"]))
def test_exact_quadrature_of_products(l1, l2, m, kind):
    """Σ w Y_l1m conj(Y_l2m) = δ (orthonormality) on gl/dh (weights integrate degree 2 lmax)."""
    if abs(m) > min(l1, l2):
        return
    lmax = 12
    g = s2_grid(lmax, kind)
    th, ph = g.angles()
    Y = spherical_harmonics(lmax, th, ph)
    a, b = Y[..., l1 * l1 + l1 + m], Y[..., l2 * l2 + l2 + m]
    if kind == "mw":  # MW weights are exact for band-limit lmax functions (single harmonics)
        val = (g.weights * a).sum()
        assert abs(val - (np.sqrt(4 * np.pi) if (l1, m) == (0, 0) else 0)) < 1e-13
    else:
        val = (g.weights * a * np.conj(b)).sum()
        assert abs(val - (1.0 if l1 == l2 else 0.0)) < 1e-13


def test_batched_matches_single(rng):
    lmax = 7
    g = s2_grid(lmax, "dh")
    c = random_coeffs(rng, lmax, spin=1, batch=(2, 3))
    f = s2_synthesis(c, lmax, g, spin=1)
    assert f.shape == (2, 3) + g.shape
    assert np.allclose(f[1, 2], s2_synthesis(c[1, 2], lmax, g, spin=1), rtol=0, atol=1e-14)


def test_smaller_lmax_on_larger_grid(rng):
    g = s2_grid(12, "gl")
    c = random_coeffs(rng, 5)
    assert np.allclose(s2_analysis(s2_synthesis(c, 5, g), 5, g), c, rtol=0, atol=1e-13)


def test_high_degree_pole_values_against_core():
    """m = 0 and small m near the poles (the delicate case of the recursion) at lmax = 300."""
    lmax = 300
    g = s2_grid(lmax, "gl")
    c = np.zeros((lmax + 1) ** 2, complex)
    ell = np.arange(lmax + 1)
    c[ell * ell + ell] = 1.0
    c[ell[1:] ** 2 + ell[1:] + 1] = 0.5
    f = s2_synthesis(c, lmax, g)[:, 0]
    ref = spherical_harmonics(lmax, g.theta, np.zeros_like(g.theta)) @ c
    assert np.abs(f - ref).max() < 5e-13 * np.abs(ref).max()  # O(l^2 eps) growth at m = 0 near the pole


# ----------------------------------------------------------------------------- bad input
def test_bad_input(rng, xp):
    g = s2_grid(8, "gl")
    c = xp.asarray(random_coeffs(rng, 8))
    with pytest.raises(ValueError, match="too large"):
        s2_synthesis(random_coeffs(rng, 9), 9, g)
    with pytest.raises(ValueError, match="shape"):
        s2_synthesis(c[:-1], 8, g)
    with pytest.raises(ValueError, match="shape"):
        s2_analysis(xp.zeros((9, 17)), 8, g)
    bad = np.zeros(g.shape)
    bad[3, 4] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        s2_analysis(xp.asarray(bad), 8, g)
    with pytest.raises(ValueError, match="spin"):
        s2_synthesis(c, 8, g, spin=9)
    with pytest.raises(ValueError, match="real=True"):
        s2_synthesis(c.real, 8, g, spin=1, real=True)
    with pytest.raises(TypeError, match="real"):
        s2_analysis(xp.zeros(g.shape, complex), 8, g, real=True)
    with pytest.raises(TypeError, match="S2Grid"):
        s2_analysis(xp.zeros(g.shape), 8, "gl")
    with pytest.raises(ValueError, match="kind"):
        s2_grid(8, "foo")
    with pytest.raises(ValueError, match="backend"):
        s2_synthesis(c, 8, g, backend="jax")


def test_mixed_backends_raise():
    from gaugemath.transforms import get_namespace

    class FakeCupy:  # an object whose type claims to come from cupy
        pass

    FakeCupy.__module__ = "cupy._core.core"
    with pytest.raises(TypeError, match="mixed"):
        get_namespace(np.zeros(2), FakeCupy())
    assert get_namespace(np.zeros(2), [1, 2]) is np


@pytest.mark.torch
def test_dlpack_handover_shares_memory(rng):
    torch = pytest.importorskip("torch")
    g = s2_grid(4, "gl")
    f = s2_synthesis(random_coeffs(rng, 4, real=True), 4, g, real=True)
    t = torch.from_dlpack(f)
    f[0, 0] = 123.0
    assert float(t[0, 0]) == 123.0


def test_cli_round_trip(capsys):
    from gaugemath.cli import main

    assert main(["transform", "--grid", "dh", "--lmax", "12", "--spin", "1", "--check"]) == 0
    out = capsys.readouterr().out
    err = float(out.strip().splitlines()[-1].split()[-1])
    assert err < 1e-12


@pytest.mark.parametrize("kind", ["gl", "mw", "healpix"])
def test_skipped_ring_pairs_carry_only_negligible_values(kind):
    """The spin-0 kernels skip, per order m, the ring pairs before ``_first_live_pairs``
    (a forward scan that assumes the dead region grows with m).  Checked independently with
    the core's harmonics: on every skipped ring |Y_ℓm| < 2^-140 for all ℓ <= lmax, and the
    first live pair really reaches 2^-150 (so the skip is not over-generous either)."""
    from gaugemath.transforms._legendre_numba import _first_live_pairs
    from gaugemath.transforms._rings import ring_geometry as _ring_geometry

    lmax = 160
    g = s2_grid(lmax, kind) if kind != "healpix" else s2_grid(lmax, "healpix", nside=64)
    theta = np.ascontiguousarray(g.theta, dtype=np.float64)
    live = _first_live_pairs(lmax, theta.tobytes())
    tt = _ring_geometry(theta)[0]
    th = 2 * np.arcsin(np.sqrt(tt / 2))  # northern colatitude of each pair
    Y = np.abs(spherical_harmonics(lmax, th, np.zeros_like(th)))  # (pairs, (lmax+1)^2)
    ell = np.concatenate([np.full(2 * l + 1, l) for l in range(lmax + 1)])
    m_of = np.concatenate([np.arange(-l, l + 1) for l in range(lmax + 1)])
    assert live[0] == 0 and live[-1] > 0
    for m in range(lmax + 1):
        cols = (m_of == m) & (ell <= lmax)
        assert np.all(Y[: live[m]][:, cols] < 2.0**-140), m
        if live[m] < len(tt):
            assert Y[live[m], cols].max() > 2.0**-152, m

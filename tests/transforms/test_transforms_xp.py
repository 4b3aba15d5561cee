"""The array-namespace transforms (gaugemath.transforms._xp) run with xp = numpy.

This is the code that runs on the GPU with xp = cupy (no GPU here): it is compared with
the Numba path (an independent implementation of the same conventions), with the core's
spin-weighted harmonics and Wigner d (independent formulas), and checked for round trips,
for the extended-range scaling at L = 1024, and for the CuPy wiring (with numpy standing in
for the cupy module).
"""

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gaugemath
from gaugemath import so3 as so3_group
from gaugemath.transforms import (
    n_so3_coefficients,
    rotate_coefficients,
    s2_analysis,
    s2_grid,
    s2_synthesis,
    so3_analysis,
    so3_grid,
    so3_synthesis,
)
from gaugemath.transforms import _cupy, _xp


def _grid(kind, lmax, order="ring"):
    if kind == "healpix":
        return s2_grid(lmax, "healpix", nside=4, order=order)
    return s2_grid(lmax, kind)


def _coeffs(rng, lead, lmax, spin=0):
    n = (lmax + 1) ** 2
    c = rng.standard_normal(lead + (n,)) + 1j * rng.standard_normal(lead + (n,))
    ell = np.repeat(np.arange(lmax + 1), 2 * np.arange(lmax + 1) + 1)
    c[..., ell < abs(spin)] = 0.0
    return c


def _rel(a, b):
    return np.abs(a - b).max() / np.abs(b).max()


@pytest.mark.parametrize("kind", ["gl", "dh", "mw", "healpix"])
@pytest.mark.parametrize("spin", [0, 1, -1, 2])
def test_complex_equals_numba_path(kind, spin, rng):
    lmax = 9
    g = _grid(kind, lmax)
    c = _coeffs(rng, (2, 3), lmax, spin)
    f_ref = s2_synthesis(c, lmax, g, spin=spin)
    f = _xp.s2_synthesis(np, c, lmax, g, spin=spin)
    assert f.shape == f_ref.shape == (2, 3) + tuple(g.shape)
    assert _rel(f, f_ref) < 1e-12
    a_ref = s2_analysis(f_ref, lmax, g, spin=spin)
    a = _xp.s2_analysis(np, f_ref, lmax, g, spin=spin)
    assert a.shape == c.shape
    assert _rel(a, a_ref) < 1e-12
    if kind != "healpix":  # exact grids: the analysis inverts the synthesis
        assert np.abs(a - c).max() < 1e-12


@pytest.mark.parametrize("kind", ["gl", "dh", "mw", "healpix"])
def test_real_equals_numba_path(kind, rng):
    lmax = 10
    g = _grid(kind, lmax)
    r = rng.standard_normal((3, (lmax + 1) ** 2))
    f_ref = s2_synthesis(r, lmax, g, real=True)
    f = _xp.s2_synthesis(np, r, lmax, g, real=True)
    assert f.dtype.kind == "f" and f.shape == f_ref.shape
    assert _rel(f, f_ref) < 1e-12
    a = _xp.s2_analysis(np, f_ref, lmax, g, real=True)
    assert a.dtype.kind == "f"
    assert _rel(a, s2_analysis(f_ref, lmax, g, real=True)) < 1e-12
    # and the real<->complex conversions themselves
    c = _xp.real_to_complex_coefficients(np, r, lmax)
    assert np.abs(c - gaugemath.transforms.real_to_complex_coefficients(r, lmax)).max() < 1e-15
    assert np.abs(_xp.complex_to_real_coefficients(np, c, lmax) - r).max() < 1e-14


@pytest.mark.parametrize("n_iter", [0, 3])
@pytest.mark.parametrize("order", ["ring", "nested"])
def test_healpix_iterations_and_order(order, n_iter, rng):
    lmax = 11
    g = _grid("healpix", lmax, order)
    f = rng.standard_normal(g.shape) + 1j * rng.standard_normal(g.shape)  # not band-limited
    a_ref = s2_analysis(f, lmax, g, spin=1, n_iter=n_iter)
    assert _rel(_xp.s2_analysis(np, f, lmax, g, spin=1, n_iter=n_iter), a_ref) < 1e-12
    c = _coeffs(rng, (), lmax)
    assert _rel(_xp.s2_synthesis(np, c, lmax, g), s2_synthesis(c, lmax, g)) < 1e-12


@pytest.mark.parametrize("spin", [0, -2, 3])
def test_synthesis_equals_core_harmonics(spin, rng):
    """Independent source: the direct sum with gaugemath.spherical_harmonics(spin=s), and a
    grid built for a larger lmax than the transform's."""
    lmax = 8
    g = s2_grid(11, "dh")
    c = _coeffs(rng, (), lmax, spin)
    th, ph = g.angles()
    Y = gaugemath.spherical_harmonics(lmax, th, ph, spin=spin)
    assert _rel(_xp.s2_synthesis(np, c, lmax, g, spin=spin), Y @ c) < 1e-13


def test_round_trip_gl_256(rng):
    lmax = 256
    g = s2_grid(lmax, "gl")
    c = _coeffs(rng, (), lmax)
    back = _xp.s2_analysis(np, _xp.s2_synthesis(np, c, lmax, g), lmax, g)
    assert np.abs(back - c).max() < 1e-11


@pytest.mark.parametrize(
    "spin, orders", [(0, [0, 1, 300, 700, 1000, 1024]), (2, [1024, 600, 3, 900])]
)
def test_l1024_selected_orders_no_overflow(spin, orders, rng):
    """Degree 1024 on GL, orders whose values start far below the double range near the
    poles (e.g. sin^600(θ/2)) and grow into it: finite, and equal to the Numba path."""
    lmax = 1024
    g = s2_grid(lmax, "gl")
    ell = np.repeat(np.arange(lmax + 1), 2 * np.arange(lmax + 1) + 1)
    m = np.concatenate([np.arange(-l, l + 1) for l in range(lmax + 1)])
    sel = np.isin(np.abs(m), orders) & (ell >= abs(spin))
    c = np.zeros((lmax + 1) ** 2, complex)
    c[sel] = rng.standard_normal(sel.sum()) + 1j * rng.standard_normal(sel.sum())
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        f = _xp.s2_synthesis(np, c, lmax, g, spin=spin, orders=orders)
        a = _xp.s2_analysis(np, f, lmax, g, spin=spin, orders=orders)
    assert np.all(np.isfinite(f)) and np.all(np.isfinite(a))
    assert _rel(f, s2_synthesis(c, lmax, g, spin=spin)) < 1e-11
    assert np.abs(a - c).max() < 1e-10


@settings(max_examples=25, deadline=None)
@given(
    m=st.integers(-40, 40),
    mp=st.integers(-40, 40),
    theta=st.one_of(st.floats(1e-4, 0.05), st.floats(0.05, np.pi / 2), st.just(0.0)),
)
def test_recursion_equals_core_wigner_d(m, mp, theta):
    """λ_ℓ = √((2ℓ+1)/4π) d^ℓ_{m m'}(θ) from the blocked recursion (tiny θ and large orders
    exercise the 2^600 exponent carrying; θ = 0 the exact zeros) against the core's d."""
    lmax = 48
    plan = _xp._Plan(lmax, np.array([m]), np.array([mp]), (), 1)
    tt, logc, logs, _, _ = _xp._geometry(np, np.array([theta]))
    lam = np.zeros(lmax + 1)
    for la, lb, n, Lam in _xp._wigner_blocks(np, plan, tt, logc, logs, block_elements=7):
        lam[la:lb] = Lam[0, :, 0]
    for ell in range(lmax + 1):
        if ell < max(abs(m), abs(mp)):
            assert lam[ell] == 0.0
            continue
        ref = np.sqrt((2 * ell + 1) / (4 * np.pi)) * gaugemath.wigner_d(ell, theta)[m + ell, mp + ell]
        assert abs(lam[ell] - ref) <= 1e-12 * max(1.0, abs(ref)) + 1e-300


@pytest.mark.parametrize("kind", ["gl", "soft"])
def test_so3_equals_numba_path(kind, rng):
    lmax = 7
    g = so3_grid(lmax, kind)
    n = n_so3_coefficients(lmax)
    c = rng.standard_normal((2, n)) + 1j * rng.standard_normal((2, n))
    F_ref = so3_synthesis(c, lmax, g)
    F = _xp.so3_synthesis(np, c, lmax, g)
    assert F.shape == (2,) + tuple(g.shape)
    assert _rel(F, F_ref) < 1e-12
    a = _xp.so3_analysis(np, F_ref, lmax, g)
    assert _rel(a, so3_analysis(F_ref, lmax, g)) < 1e-12
    assert np.abs(a - c).max() < 1e-12


def test_so3_synthesis_equals_wigner_D_sum(rng):
    """Independent source: F(R) = Σ F̂^ℓ_{m'm} D^ℓ_{m'm}(R) with the core's wigner_D at a few grid points."""
    lmax = 3
    g = so3_grid(lmax, "soft")
    n = n_so3_coefficients(lmax)
    c = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    F = _xp.so3_synthesis(np, c, lmax, g)
    for i, j, k in [(0, 0, 0), (1, 2, 3), (7, 5, 2)]:
        R = so3_group.from_euler(g.alpha[i], g.beta[j], g.gamma[k])
        val, off = 0.0, 0
        for ell in range(lmax + 1):
            D = gaugemath.wigner_D(ell, R)
            val += np.sum(c[off : off + (2 * ell + 1) ** 2].reshape(2 * ell + 1, 2 * ell + 1) * D)
            off += (2 * ell + 1) ** 2
        assert abs(F[i, j, k] - val) < 1e-12 * max(1.0, abs(val))


@pytest.mark.parametrize("real", [False, True])
def test_rotate_coefficients_equals_cpu(real, rng):
    lmax = 5
    R = so3_group.random(3, seed=1)
    c = rng.standard_normal((3, (lmax + 1) ** 2))
    if not real:
        c = c + 1j * rng.standard_normal(c.shape)
    ref = rotate_coefficients(c, R, lmax, real=real)
    assert np.abs(_xp.rotate_coefficients(np, c, R, lmax, real) - ref).max() < 1e-13


def test_cupy_entry_points_call_xp(monkeypatch, rng):
    """_cupy runs _xp with the module named 'cupy': numpy stands in for it here."""
    monkeypatch.setitem(sys.modules, "cupy", np)
    lmax = 6
    g = s2_grid(lmax, "mw")
    c = _coeffs(rng, (2,), lmax, 1)
    f = _cupy.s2_synthesis(c, lmax, g, 1, False)
    assert _rel(f, s2_synthesis(c, lmax, g, spin=1)) < 1e-12
    assert np.abs(_cupy.s2_analysis(f, lmax, g, 1, False, 3) - c).max() < 1e-12
    gs = so3_grid(3, "gl")
    cs = rng.standard_normal(n_so3_coefficients(3)) + 0j
    Fs = _cupy.so3_synthesis(cs, 3, gs)
    assert np.abs(_cupy.so3_analysis(Fs, 3, gs) - cs).max() < 1e-12
    R = so3_group.random(1, seed=2)[0]
    r = rng.standard_normal((lmax + 1) ** 2)
    assert np.abs(_cupy.rotate_coefficients(r, R, lmax, True) - rotate_coefficients(r, R, lmax, real=True)).max() < 1e-13


def test_block_size_does_not_change_results(rng):
    lmax = 12
    g = s2_grid(lmax, "gl")
    c = _coeffs(rng, (), lmax, 2)
    a = _xp.s2_synthesis(np, c, lmax, g, spin=2, block_elements=1)
    b = _xp.s2_synthesis(np, c, lmax, g, spin=2, block_elements=2**30)
    assert np.abs(a - b).max() < 1e-13


@pytest.mark.parametrize("lmax", [6, 23])
def test_mw_south_pole_rounding_above_pi(lmax, rng):
    """Regression: for these lmax the MW south-pole ring rounds to π + 4e-16; its mirror
    position must be θ = 0, not a negative angle (log sin < 0 gave NaN in the Numba path)."""
    g = s2_grid(lmax, "mw")
    assert g.theta[-1] >= np.pi
    c = _coeffs(rng, (), lmax, 1)
    f_ref = s2_synthesis(c, lmax, g, spin=1)
    assert np.all(np.isfinite(f_ref))
    assert _rel(_xp.s2_synthesis(np, c, lmax, g, spin=1), f_ref) < 1e-12

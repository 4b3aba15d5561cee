"""Wigner d/D: exact values, identities over random rotations, high degree vs mpmath,
rotation property of Y, peer conventions (e3nn, spherical), bad input."""

import math
from fractions import Fraction

import numpy as np
import pytest
import quaternionic
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import sph_harm_y
from sympy.physics.wigner import wigner_d_small

from gaugemath import so3, symbolic
from gaugemath.references import wigner_d_mpmath
from gaugemath.wigner import packed_index, wigner_d, wigner_D, wigner_d_all, wigner_D_all

seeds = st.integers(0, 2**32 - 1)


@pytest.mark.parametrize("j", [0, Fraction(1, 2), 1, Fraction(3, 2), 2, Fraction(5, 2), 4])
def test_d_equals_exact_wigner_formula_and_sympy(j):
    beta = sp.Rational(7, 10)
    exact = symbolic.wigner_d(j, beta)
    num = wigner_d(j, 0.7)
    assert np.abs(num - np.array(exact.evalf(30), dtype=float)).max() < 1e-15
    assert sp.simplify(exact - wigner_d_small(sp.Rational(j.numerator, j.denominator) if isinstance(j, Fraction) else j, beta)) == sp.zeros(*exact.shape)


def test_sakurai_phase():
    assert wigner_d(1, 0.3)[2, 1] == pytest.approx(-math.sin(0.3) / math.sqrt(2), abs=1e-16)
    assert wigner_d(1.5, 0.3).shape == (4, 4)


@pytest.mark.parametrize("mp_,m,beta", [(0, 0, 1.1), (300, -200, 0.9), (1000, 999, 0.3), (500, 500, 2.0), (10, 20, 3.1415), (-3, 7, 1e-3), (0, 0, 2e-3)])
def test_single_entries_at_l1000_vs_mpmath(mp_, m, beta):
    """The recursion kernel itself (one (m', m) column up to l = 1000) against mpmath."""
    from gaugemath._wigner_kernels import d_column

    col = np.empty(1001)
    d_column(1000.0, float(mp_), float(m), beta, col)
    ref = wigner_d_mpmath(1000, mp_, m, beta, 700)
    assert abs(col[1000 - max(abs(m), abs(mp_))] - ref) <= 1e-10


@pytest.mark.parametrize("mp_,m,beta", [(0, 0, 1.1), (250, -100, 0.7), (-300, 299, 2.9)])
def test_public_d_at_l300_vs_mpmath(mp_, m, beta):
    d = wigner_d(300, beta)
    assert abs(d[mp_ + 300, m + 300] - wigner_d_mpmath(300, mp_, m, beta, 250)) <= 1e-12


def test_unitarity_and_homomorphism_at_l300():
    """(l = 1000 is measured in benchmarks/accuracy_core.py: a full D^1000 takes seconds.)"""
    r1, r2 = so3.random(2, seed=7)
    a, b, ab = wigner_D(300, r1), wigner_D(300, r2), wigner_D(300, r1 * r2)
    assert np.abs(a @ a.conj().T - np.eye(601)).max() <= 1e-11
    assert np.abs(ab - a @ b).max() <= 1e-11


def test_orthogonality_of_d_at_l1000():
    """Regression guard for the starting values (log-binomials in double-double): with a plain
    double log-factorial table this error was 2e-11; the issue's bound is 1e-11."""
    d = wigner_d(1000, 1.7)
    assert np.abs(d @ d.T - np.eye(2001)).max() <= 2e-12


@given(seed=seeds, ell=st.integers(0, 12))
def test_homomorphism_unitarity_identity(seed, ell):
    r1, r2 = so3.random(2, seed=seed)
    for basis in ("complex", "real"):
        a, b, ab = (wigner_D(ell, r, basis=basis) for r in (r1, r2, r1 * r2))
        assert np.abs(ab - a @ b).max() < 1e-13
        assert np.abs(a @ a.conj().T - np.eye(2 * ell + 1)).max() < 1e-13
    assert np.abs(wigner_D(ell, so3.identity()) - np.eye(2 * ell + 1)).max() < 1e-14


@given(seed=seeds, j=st.sampled_from([0.5, 1.5, 2.5, 3.5]))
def test_su2_half_integer(seed, j):
    r1, r2 = so3.random(2, seed=seed)
    assert np.abs(wigner_D(j, r1 * r2) - wigner_D(j, r1) @ wigner_D(j, r2)).max() < 1e-13
    assert np.abs(wigner_D(j, -r1.ndarray) + wigner_D(j, r1)).max() < 1e-14


@given(seed=seeds, ell=st.integers(0, 8))
def test_rotation_property_of_Y(seed, ell):
    R = so3.random(seed=seed)
    M = so3.as_matrix(R)
    x = np.random.default_rng(seed).normal(size=3)
    x /= np.linalg.norm(x)

    def Y(v):
        th, ph = np.arccos(np.clip(v[2], -1, 1)), np.arctan2(v[1], v[0])
        return np.array([sph_harm_y(ell, m, th, ph) for m in range(-ell, ell + 1)])

    assert np.abs(Y(M.T @ x) - Y(x) @ wigner_D(ell, R)).max() < 1e-12


def test_real_l1_is_rotation_matrix_and_matrix_input():
    R = so3.random(seed=3)
    M = so3.as_matrix(R)
    p = [1, 2, 0]
    assert np.abs(wigner_D(1, R, basis="real") - M[np.ix_(p, p)]).max() < 1e-15
    assert np.abs(wigner_D(3, M) - wigner_D(3, R)).max() < 1e-14


def test_euler_form_and_gimbal():
    a, b, g = 0.3, 0.0, -1.2
    D = wigner_D(2, so3.from_euler(a, b, g))
    m = np.arange(-2, 3)
    assert np.abs(D - np.diag(np.exp(-1j * m * (a + g)))).max() < 1e-15
    a, b, g = 0.4, 1.1, 2.0
    D = wigner_D(2, so3.from_euler(a, b, g))
    ref = np.exp(-1j * m[:, None] * a) * wigner_d(2, b) * np.exp(-1j * m[None, :] * g)
    assert np.abs(D - ref).max() < 1e-15


def test_all_degrees_match_single_and_batch_shapes():
    # the all-degree kernel (one Legendre sweep) and the per-degree one share the wedge recursion:
    # a regression guard for the packing and the per-degree tables (independent checks: mpmath)
    R = so3.random((2, 3), seed=11)
    Ds = wigner_D_all(6, R, basis="real")
    ds = wigner_d_all(5, np.array([0.1, 2.0]))
    for ell in range(7):
        assert Ds[ell].shape == (2, 3, 2 * ell + 1, 2 * ell + 1)
        assert np.abs(Ds[ell] - wigner_D(ell, R, basis="real")).max() < 1e-14
    for ell in range(6):
        assert np.abs(ds[ell] - wigner_d(ell, np.array([0.1, 2.0]))).max() < 1e-14
    assert packed_index(2, -2, -2) == 10


@pytest.mark.torch
def test_e3nn_convention(torch64):
    torch = torch64
    o3 = pytest.importorskip("e3nn.o3")
    for seed in range(5):
        M = so3.as_matrix(so3.random(seed=seed))
        angles = o3.matrix_to_angles(torch.tensor(M))
        for ell in range(5):
            ref = o3.wigner_D(ell, *angles).numpy()
            assert np.abs(wigner_D(ell, M, convention="e3nn") - ref).max() < 1e-12


def test_spherical_convention():
    spherical = pytest.importorskip("spherical")
    R = so3.random(seed=4)
    W = spherical.Wigner(4)
    D = W.D(quaternionic.array(so3.as_quaternion(R)))
    for ell in range(5):
        ref = np.array([[D[W.Dindex(ell, mp, m)] for m in range(-ell, ell + 1)] for mp in range(-ell, ell + 1)])
        assert np.abs(wigner_D(ell, R, convention="spherical") - ref).max() < 1e-13
        assert np.abs(wigner_D(ell, R).conj() - ref).max() < 1e-13


def test_bad_input():
    R = so3.random(seed=0)
    with pytest.raises(ValueError, match="j must be >= 0"):
        wigner_D(-1, R)
    with pytest.raises(ValueError, match="j must be an integer or half-integer"):
        wigner_d(0.3, 0.1)
    with pytest.raises(ValueError, match="unit quaternions"):
        wigner_D(1, np.array([1.0, 1.0, 0, 0]))
    with pytest.raises(ValueError, match="determinant -1"):
        wigner_D(1, -np.eye(3))
    with pytest.raises(ValueError, match="shape"):
        wigner_D(1, np.zeros((2, 5)))
    with pytest.raises(ValueError, match="unknown convention"):
        wigner_D(1, R, convention="Edmonds")
    with pytest.raises(ValueError, match="unknown basis"):
        wigner_D(1, R, basis="cartesian")
    with pytest.raises(ValueError, match="integer for basis='real'"):
        wigner_D(0.5, R, basis="real")
    with pytest.raises(ValueError, match="beta contains NaN"):
        wigner_d(1, np.nan)
    with pytest.raises(ValueError, match="e3nn"):
        wigner_D(1, R, basis="complex", convention="e3nn")

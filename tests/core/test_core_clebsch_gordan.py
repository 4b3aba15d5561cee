"""Clebsch-Gordan / 3j: exact values, large-j accuracy, orthogonality, symmetries,
coupling-tensor equivariance and normalisation, peer presets, bad input."""

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from sympy.physics.wigner import clebsch_gordan as sympy_cg
from sympy.physics.wigner import wigner_3j as sympy_3j

from gaugemath import so3, symbolic
from gaugemath.coupling import clebsch_gordan, clebsch_gordan_table, coupling_tensor, wigner_3j
from gaugemath.wigner import wigner_D


def _R(x):
    return sp.Rational(Fraction(x).limit_denominator(2).numerator, Fraction(x).limit_denominator(2).denominator)


def test_all_small_3j_equal_exact():
    err = 0.0
    halves = [k / 2 for k in range(0, 9)]
    for j1 in halves:
        for j2 in halves:
            for j3 in np.arange(abs(j1 - j2), j1 + j2 + 0.5):
                for m1 in np.arange(-j1, j1 + 0.5):
                    for m2 in np.arange(-j2, j2 + 0.5):
                        m3 = -m1 - m2
                        if abs(m3) > j3:
                            continue
                        ex = float(sympy_3j(_R(j1), _R(j2), _R(j3), _R(m1), _R(m2), _R(m3)))
                        err = max(err, abs(wigner_3j(j1, j2, j3, m1, m2, m3) - ex))
    assert err < 1e-15


@pytest.mark.parametrize(
    "args",
    [(500, 400, 300, 10, -20, 10), (450, 300, 200, -100, 60, 40), (500, 250, 250, 0, 0, 0), (300.5, 200, 100.5, 0.5, -1, 0.5), (400, 399, 1, 399, -399, 0), (500, 500, 500, 250, -120, -130)],
)
def test_large_j_relative_accuracy(args):
    ex = float(sympy_3j(*[_R(a) for a in args]).evalf(30))
    assert abs(wigner_3j(*args) - ex) <= 1e-11 * abs(ex)


@given(j1=st.integers(0, 12), j2=st.integers(0, 12), m=st.integers(-24, 24))
def test_orthogonality(j1, j2, m):
    js = range(abs(j1 - j2), j1 + j2 + 1)
    m1 = np.arange(-j1, j1 + 1)
    m2 = m - m1
    ok = np.abs(m2) <= j2
    m1, m2 = m1[ok], m2[ok]
    valid = [j for j in js if abs(m) <= j]
    if not valid:
        return
    C = np.array([clebsch_gordan(j1, m1, j2, m2, j, m) for j in valid])
    assert np.abs(C @ C.T - np.eye(len(valid))).max() < 1e-14


@given(j1=st.integers(0, 10), j2=st.integers(0, 10), j3=st.integers(0, 10), data=st.data())
def test_3j_symmetries(j1, j2, j3, data):
    if not abs(j1 - j2) <= j3 <= j1 + j2:
        assert wigner_3j(j1, j2, j3, 0, 0, 0) == 0.0
        return
    m1 = data.draw(st.integers(-j1, j1))
    m2 = data.draw(st.integers(max(-j2, -j3 - m1), min(j2, j3 - m1)))
    m3 = -m1 - m2
    v = wigner_3j(j1, j2, j3, m1, m2, m3)
    s = (-1) ** (j1 + j2 + j3)
    assert abs(wigner_3j(j2, j3, j1, m2, m3, m1) - v) < 1e-14
    assert abs(wigner_3j(j2, j1, j3, m2, m1, m3) - s * v) < 1e-14
    assert abs(wigner_3j(j1, j2, j3, -m1, -m2, -m3) - s * v) < 1e-14


def test_zero_by_definition_and_vectorised():
    assert wigner_3j(1, 1, 3, 0, 0, 0) == 0.0  # triangle
    assert clebsch_gordan(1, 1, 1, 0, 2, 0) == 0.0  # m1 + m2 != m
    v = clebsch_gordan(1, np.array([-1, 0, 1]), 1, np.array([1, 0, -1]), 2, 0)
    assert np.allclose(v, [1 / math.sqrt(6), math.sqrt(2 / 3), 1 / math.sqrt(6)], rtol=0, atol=1e-15)


def test_cg_equals_sympy_and_symbolic_layer():
    for args in [(1, 1, 1, -1, 2, 0), (1.5, 0.5, 1, 0, 1.5, 0.5), (2, -1, 1, 1, 1, 0), (3, 2, 2, -2, 4, 0)]:
        j1, m1, j2, m2, j, m = args
        ex = sympy_cg(_R(j1), _R(j2), _R(j), _R(m1), _R(m2), _R(m))
        assert symbolic.clebsch_gordan(Fraction(j1), Fraction(m1), Fraction(j2), Fraction(m2), Fraction(j), Fraction(m)) == ex
        assert abs(clebsch_gordan(*args) - float(ex)) < 1e-15


def test_table_matches_scalar():
    tab = clebsch_gordan_table(2, 1.5)
    for j, C in tab.items():
        for a in range(5):
            for b in range(4):
                m1, m2 = a - 2, b - 1.5
                if abs(m1 + m2) <= j:
                    assert abs(C[a, b] - clebsch_gordan(2, m1, 1.5, m2, float(j), m1 + m2)) < 1e-15


@given(seed=st.integers(0, 2**32 - 1), l1=st.integers(0, 4), l2=st.integers(0, 4), data=st.data())
def test_coupling_tensor_equivariance_and_normalisation(seed, l1, l2, data):
    l = data.draw(st.integers(abs(l1 - l2), l1 + l2))
    R = so3.random(seed=seed)
    for basis in ("complex", "real"):
        C = coupling_tensor(l1, l2, l, basis=basis)
        D1, D2, D = (wigner_D(k, R, basis=basis) for k in (l1, l2, l))
        assert np.abs(np.einsum("ia,jb,abk->ijk", D1, D2, C) - np.einsum("ijc,ck->ijk", C, D)).max() < 1e-13
        assert np.abs(np.einsum("abk,abq->kq", C, C.conj()) - np.eye(2 * l + 1)).max() < 1e-14
    assert coupling_tensor(l1, l2, l, basis="real").dtype == np.float64


def test_symbolic_coupling_tensor():
    C = coupling_tensor(1, 1, 2)
    S = symbolic.coupling_tensor(1, 1, 2)
    assert np.abs(C - np.array(S.tolist(), dtype=float)).max() < 1e-15


@pytest.mark.torch
def test_e3nn_preset(torch64):
    torch = torch64
    o3 = pytest.importorskip("e3nn.o3")
    for l1 in range(5):
        for l2 in range(5):
            for l in range(abs(l1 - l2), l1 + l2 + 1):
                ref = o3.wigner_3j(l1, l2, l).numpy()
                assert np.abs(coupling_tensor(l1, l2, l, basis="real", convention="e3nn") - ref).max() < 1e-12


def test_spherical_preset():
    spherical = pytest.importorskip("spherical")
    for args in [(2, 1, 3, 0, 1, -1), (5, 3, 4, 2, -1, -1), (10, 7, 5, -3, 3, 0)]:
        assert abs(wigner_3j(*args) - spherical.Wigner3j(*args)) < 1e-14


def test_bad_input():
    with pytest.raises(ValueError, match="m1 must satisfy"):
        clebsch_gordan(1, 2, 1, 0, 2, 2)
    with pytest.raises(ValueError, match="j1 must be >= 0"):
        wigner_3j(-1, 1, 1, 0, 0, 0)
    with pytest.raises(ValueError, match="half-integers"):
        wigner_3j(0.3, 1, 1, 0, 0, 0)
    with pytest.raises(ValueError, match="j2 - m2 must be an integer"):
        clebsch_gordan(1, 0, 1, 0.5, 1, 0.5)
    with pytest.raises(TypeError):
        wigner_3j("1", 1, 1, 0, 0, 0)
    with pytest.raises(ValueError, match="l must be an integer"):
        coupling_tensor(1, 1, 1.5)
    with pytest.raises(ValueError, match="unknown basis"):
        coupling_tensor(1, 1, 1, basis="spherical")

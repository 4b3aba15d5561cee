"""The exact representations share conventions, names and group objects with gaugemath.reps."""

import numpy as np
import pytest
import sympy as sp
from scipy.linalg import expm

import gaugemath
from gaugemath import groups, reps
from gaugemath import symbolic as sym


def _num(M):
    return np.array(sp.Matrix(M).evalf(30).tolist(), dtype=complex)


def test_exact_Q_is_the_core_complex_to_real_up_to_l6():
    for ell in range(7):
        np.testing.assert_allclose(_num(sym.complex_to_real_exact(ell)), gaugemath.complex_to_real(ell), rtol=0, atol=1e-15)


def test_cartesian_generators_are_the_groups_lie_algebra():
    np.testing.assert_allclose(np.array([_num(L).real for L in sym.so3_generators_cartesian()]),
                               groups.SO3().lie_algebra(), rtol=0, atol=0)
    np.testing.assert_allclose(_num(sym.standard_representation("SO2").lie_generators[0]).real,
                               groups.SO2().lie_algebra()[0], rtol=0, atol=0)


@pytest.mark.parametrize("basis", ["real", "complex"])
def test_so3_exp_tX_equals_numeric_reps(basis):
    G = groups.SO3()
    axes = np.eye(3)
    for ell in range(4):
        X = [_num(M) for M in sym.so3_irrep(G, ell, basis).lie_generators]
        rho = reps.so3_irrep(G, ell, basis)
        for k in range(3):
            for t in (0.4, -1.3, 2.9):
                g = gaugemath.so3.as_matrix(gaugemath.so3.from_axis_angle(axes[k], t))
                np.testing.assert_allclose(expm(t * X[k]), rho(np.asarray(g)), rtol=0, atol=1e-13)


def test_o3_inversion_and_parity_match_numeric():
    G = groups.O3()
    for ell, p in [(0, -1), (1, -1), (1, 1), (2, -1)]:
        ex = sym.o3_irrep(G, ell, p)
        np.testing.assert_allclose(_num(ex.group_generators[0]), reps.o3_irrep(G, ell, p)(-np.eye(3)), rtol=0, atol=1e-14)


def test_o2_flip_is_the_groups_flip():
    G = groups.O2()
    F = G.from_angle_reflection(0.0, 1)
    np.testing.assert_allclose(F, np.diag([1.0, -1.0]), rtol=0, atol=0)
    for k, sign in [(0, 1), (0, -1), (1, 1), (3, 1)]:
        ex = sym.o2_irrep(G, k, sign)
        num = reps.o2_irrep(G, k, sign)
        np.testing.assert_allclose(_num(ex.group_generators[0]), num(F), rtol=0, atol=0)
        for t in (0.3, -2.2):
            np.testing.assert_allclose(expm(t * _num(ex.lie_generators[0])), num(G.from_angle(t)), rtol=0, atol=1e-13)
    for k in (-2, 0, 3):
        np.testing.assert_allclose(expm(0.7 * _num(sym.so2_irrep("SO2", k).lie_generators[0])),
                                   reps.so2_irrep(groups.SO2(), k)(groups.SO2.from_angle(0.7)), rtol=0, atol=1e-13)


@pytest.mark.parametrize("N", [1, 3, 4, 6])
def test_finite_irreps_on_every_element_match_numeric(N):
    D, C = groups.dihedral(N), groups.cyclic(N)
    for k in range(1, (N + 1) // 2):
        if 2 * k == N:
            continue
        ex = np.array([_num(M) for M in sym.dihedral_irrep(D, k).table()])
        ref = reps.restrict(reps.o2_irrep(groups.O2(), k), D).table
        np.testing.assert_allclose(ex, ref, rtol=0, atol=1e-14)
    for k in range(N):
        ex = np.array([_num(M) for M in sym.cyclic_irrep(C, k).table()])
        ref = np.exp(2j * np.pi * k * np.arange(N) / N)[:, None, None]  # element t = rotation by 2 pi t / N
        np.testing.assert_allclose(ex, ref, rtol=0, atol=1e-14)
    std = np.array([_num(M).real for M in sym.standard_representation(D).table()])
    np.testing.assert_allclose(std, np.asarray(D.elements()), rtol=0, atol=1e-14)


def test_names_signatures_and_group_objects():
    G = groups.as_group("D4")
    rho = sym.dihedral_irrep(G, 1)
    assert rho.group is G and rho.family == "dihedral"
    assert sym.so3_irrep("SO3", 1).group is groups.as_group("SO3")
    with pytest.raises(ValueError, match="family"):
        sym.so3_irrep("O3", 1)
    with pytest.raises(ValueError, match="family"):
        sym.dihedral_irrep("C4", 1)
    with pytest.raises(ValueError, match="generators"):
        sym.finite_representation(G, [sp.eye(2)])
    with pytest.raises(ValueError, match="unknown group"):
        sym.trivial("S7")


def test_restrict_induce_regular_frobenius():
    D, C = groups.dihedral(4), groups.cyclic(4)
    irreps_D = [sym.dihedral_irrep(D, 0, (a, b)) for a in (1, -1) for b in (1, -1)] + [sym.dihedral_irrep(D, 1)]
    for k in range(4):
        sigma = sym.cyclic_irrep(C, k)
        ind = sym.induce(sigma, D)
        assert ind.dim == 2
        for rho in irreps_D:
            res = sym.restrict(rho, C)
            assert sym.character_inner_product(ind, rho) == sym.character_inner_product(sigma, res)
    reg = sym.regular("D4")
    assert [sym.character_inner_product(reg, rho) for rho in irreps_D] == [1, 1, 1, 1, 2]
    assert len(sym.solve_intertwiners(sym.restrict(sym.dihedral_irrep(D, 1), C), sym.cyclic_irrep(C, 1, "real"))) == 2
    res = sym.restrict(sym.o3_irrep("O3", 1, -1), "SO3")
    assert res.group.family == "SO3" and res.lie_generators == sym.so3_irrep("SO3", 1).lie_generators


def test_one_exact_solver():
    from gaugemath.symbolic import characters, exact_linalg, verify

    assert verify.exact_nullspace is exact_linalg.exact_nullspace and characters.exact_rank is exact_linalg.exact_rank

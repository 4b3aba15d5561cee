"""Induced representations: explicit matrices, Frobenius reciprocity (function and count),
Mackey intertwiner kernels and their dimension, spin-weighted Ind_{SO(2)}^{SO(3)}."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath import reps, so3, spherical_harmonics
from tests.reps.fixtures import (
    SO3,
    cyclic2d,
    cyclic3d,
    dihedral2d,
    dihedral3d,
    full_octahedral,
    icosahedral,
    octahedral,
    tetrahedral,
    pyritohedral,
)


def _pairs():
    O, Oh, T, I = octahedral(), full_octahedral(), tetrahedral(), icosahedral()
    return [
        (dihedral2d(6), cyclic2d(6)),
        (dihedral3d(4), cyclic3d(4)),
        (O, T),
        (Oh, O),
        (O, dihedral3d(4)),
        (O, cyclic3d(4)),
        (I, T),
        (pyritohedral(), T),
        (O, cyclic3d(2)),
    ]


PAIRS = _pairs()
IDS = [f"{G.name}>{K.name}" for G, K in PAIRS]


def _check_hom(table, big):
    T = big.cayley_table()
    return np.abs(table[T] - np.einsum("aij,bjk->abik", table, table)).max()


@pytest.mark.parametrize("G,K", PAIRS, ids=IDS)
def test_induce_matrices_and_frobenius(G, K):
    for rho in reps.irreps(K):
        ind = reps.induce(rho, G, K)
        assert ind.dim == rho.dim * G.order // K.order
        assert _check_hom(ind.table, G) < 1e-10
        assert np.abs(np.conj(np.swapaxes(ind.table, 1, 2)) @ ind.table - np.eye(ind.dim)).max() < 1e-10
        # block (0, 0) restricted to K is rho itself (r_0 = e)
        kidx = np.asarray(G.index(K.elements()))
        assert np.allclose(ind.table[kidx][:, : rho.dim, : rho.dim], rho.table, rtol=0, atol=1e-10)
        for tau in reps.irreps(G):
            lhs, rhs = reps.frobenius_reciprocity(rho, tau, K)
            assert lhs == rhs
            # the explicit isomorphism Hom_K(rho, Res tau) -> Hom_G(Ind rho, tau)
            res = reps.restrict(tau, K)
            basis = reps.hom_basis(rho, res, method="sylvester")
            assert len(basis) == rhs
            if len(basis):
                F = reps.frobenius_map(basis, tau, rho, K)
                assert np.abs(tau.table[:, None] @ F[None] - F[None] @ ind.table[:, None]).max() < 1e-9
                # injective: the images are linearly independent
                assert np.linalg.matrix_rank(F.reshape(len(F), -1), tol=1e-8) == len(basis)


def test_induced_from_trivial_is_quotient_and_regular():
    O, T = octahedral(), tetrahedral()
    ind = reps.induce(reps.trivial(T), O, T)
    assert np.allclose(ind.table, reps.quotient(O, T).table, rtol=0, atol=1e-10)
    C1 = cyclic3d(1)
    reg = reps.induce(reps.trivial(C1), O, C1)
    assert np.allclose(reg.table, reps.regular(O).table, rtol=0, atol=1e-10)


@pytest.mark.parametrize("G,K", PAIRS, ids=IDS)
def test_mackey_intertwiners(G, K):
    irr = reps.irreps(K)
    rng = np.random.default_rng(0)
    choices = [(irr[i], irr[j]) for i, j in rng.integers(0, len(irr), (3, 2))]
    choices.append((irr[-1], reps.direct_sum(irr[0], irr[-1])))
    for rin, rout in choices:
        kap = reps.induced_intertwiners(rin, rout, G)
        n_mackey = reps.mackey_dimension(rin, rout, G)
        ind_in, ind_out = reps.induce(rin, G), reps.induce(rout, G)
        n_char = round(reps.character_inner_product(ind_in, ind_out))
        n_sylv = reps.hom_basis(ind_in, ind_out, method="sylvester").shape[0]
        assert len(kap) == n_mackey == n_char == n_sylv
        if not len(kap):
            continue
        kidx = np.asarray(G.index(K.elements()))
        Tb = G.cayley_table()
        # kernel constraint kappa(k g k') = rho_out(k) kappa(g) rho_in(k')
        for a in rng.integers(0, K.order, 3):
            for b in rng.integers(0, K.order, 3):
                g = rng.integers(0, G.order)
                lhs = kap[:, Tb[Tb[kidx[a], g], kidx[b]]]
                rhs = rout.table[a] @ kap[:, g] @ rin.table[b]
                assert np.abs(lhs - rhs).max() < 1e-10
        Phi = reps.kernel_matrix(kap, rin, G)
        assert np.abs(ind_out.table[:, None] @ Phi[None] - Phi[None] @ ind_in.table[:, None]).max() < 1e-9
        assert np.linalg.matrix_rank(Phi.reshape(len(Phi), -1), tol=1e-8) == len(kap)


def test_not_a_subgroup_errors():
    O, I = octahedral(), icosahedral()
    rho = reps.irreps(O)[0]
    with pytest.raises(ValueError, match="not a subgroup"):
        reps.induce(rho, I, O)
    with pytest.raises(ValueError, match="not a subgroup"):
        reps.restrict(reps.irreps(O)[1], I)
    with pytest.raises(ValueError, match="not of K"):
        reps.induce(rho, O, tetrahedral())


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31), s=st.integers(-2, 2))
def test_spin_weighted_induced(seed, s):
    """Ind chi_s acts on spin-weight-s functions by a_l -> D^l(R) a_l: check against the Mackey
    picture F(g) = f(theta, phi) e^{-i s gamma} for g = R(phi, theta, gamma), (R.F)(g) = F(R^-1 g)."""
    G = SO3()
    L = 4
    rho = reps.spin_weighted_induced(G, s, L)
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(rho.dim) + 1j * rng.standard_normal(rho.dim)
    R = so3.as_matrix(so3.random(seed=seed))
    a_new = rho(R) @ a
    th, ph = rng.uniform(0.1, 3.0), rng.uniform(-3, 3)

    def f(coef, th, ph):
        Y = spherical_harmonics(L, th, ph, spin=s)[s * s:]
        return np.sum(coef * Y)

    g = so3.as_matrix(so3.from_euler(ph, th, 0.0))
    alpha, beta, gamma = so3.as_euler(so3.from_matrix(R.T @ g))
    lhs = f(a_new, th, ph)
    rhs = f(a, beta, alpha) * np.exp(-1j * s * gamma)
    assert abs(lhs - rhs) < 1e-10
    dec = reps.decompose(rho)
    assert dec.labels() == {f"l{ell}": 1 for ell in range(abs(s), L + 1)}
    with pytest.raises(ValueError, match="need \\|s\\| <= L"):
        reps.spin_weighted_induced(G, 5, 3)

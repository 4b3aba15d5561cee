"""Finite groups: irreps (homomorphism, unitarity, orthogonality, labels), regular/quotient,
decomposition with explicit change of basis, Hom_G, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath import reps
from tests.reps.fixtures import cyclic3d, dihedral3d, finite_groups, full_octahedral, octahedral, tetrahedral

GROUPS = finite_groups()
IDS = [G.name for G in GROUPS]


@pytest.mark.parametrize("G", GROUPS, ids=IDS)
def test_irreps_homomorphism_unitary_complete(G):
    T = G.cayley_table()
    irr = reps.irreps(G)
    assert sum(r.dim**2 for r in irr) == G.order
    assert irr[0].name in ("A", "A1", "Ag", "A1g", "chi0") and np.allclose(irr[0].table, 1, rtol=0, atol=1e-10)
    for r in irr:
        M = r.table
        assert np.abs(M[T] - np.einsum("aij,bjk->abik", M, M)).max() < 1e-10, r.name
        assert np.abs(np.conj(np.swapaxes(M, 1, 2)) @ M - np.eye(r.dim)).max() < 1e-10, r.name
        assert np.allclose(M[0], np.eye(r.dim), rtol=0, atol=1e-10)
        if r.meta["type"] == "real":
            assert not np.iscomplexobj(M)
    assert len({r.name for r in irr}) == len(irr)


@pytest.mark.parametrize("G", GROUPS, ids=IDS)
def test_character_orthogonality_rows_and_columns(G):
    irr = reps.irreps(G)
    X = np.stack([reps.character(r) for r in irr])  # (n_irreps, |G|)
    assert np.allclose(X.conj() @ X.T / G.order, np.eye(len(irr)), atol=1e-10, rtol=0)  # rows
    from gaugemath.reps.representation import finite_data

    data = finite_data(G)
    assert len(data.classes) == len(irr)
    reps_idx = [c[0] for c in data.classes]
    C = X[:, reps_idx]
    sizes = np.array([len(c) for c in data.classes])
    assert np.allclose(C.conj().T @ C, np.diag(G.order / sizes), atol=1e-9, rtol=0)  # columns
    # Frobenius-Schur indicator agrees with the stated form
    for r in irr:
        nu = reps.frobenius_schur_indicator(r)
        assert round(nu) == {"real": 1, "complex": 0, "quaternionic": -1}[r.meta["type"]]


def test_labels_follow_the_rule():
    O = octahedral()
    names = [r.name for r in reps.irreps(O)]
    assert names == ["A1", "A2", "E", "T1", "T2"]
    vec = reps.Representation(O, 3, table=O.elements())  # the defining representation
    assert reps.multiplicities(vec) == {"T1": 1}
    Oh = full_octahedral()
    assert reps.multiplicities(reps.Representation(Oh, 3, table=Oh.elements())) == {"T1u": 1}
    assert [r.name for r in reps.irreps(tetrahedral())] == ["A", "1E", "2E", "T"]
    D = dihedral3d(6)
    assert [r.name for r in reps.irreps(D)] == ["A1", "A2", "B1", "B2", "E1", "E2"]
    assert np.allclose(reps.irrep(D, "E1").table[:, :2, :2], D.elements()[:, :2, :2], rtol=0, atol=1e-10)
    with pytest.raises(ValueError, match="name must be one of"):
        reps.irrep(D, "T7")


def test_real_irreps_are_real_and_irreducible():
    for G in (cyclic3d(5), tetrahedral()):
        rr = reps.real_irreps(G)
        for r in rr:
            assert not np.iscomplexobj(r.table)
            comm = reps.hom_basis(r, r, method="sylvester")
            assert comm.shape[0] == (2 if r.meta.get("type") == "realified" else 1)
        # Wedderburn over R: sum of dim^2 / dim(commutant) = |G|
        total = sum(r.dim**2 / reps.hom_basis(r, r, method="sylvester").shape[0] for r in rr)
        assert total == G.order


@pytest.mark.parametrize("G", GROUPS, ids=IDS)
def test_regular_decomposition(G):
    R = reps.regular(G)
    for basis in ("complex", "real"):
        dec = reps.decompose(R, basis=basis)
        Q = dec.Q
        S = dec.irrep_sum().table
        assert np.abs(R.table @ Q - Q @ S).max() < 1e-9
        assert np.abs(np.conj(Q.T) @ Q - np.eye(G.order)).max() < 1e-9
        if basis == "real":
            assert not np.iscomplexobj(Q)
    dec = reps.decompose(R, basis="complex")
    assert dec.multiplicities == [t.dim for t in dec.irreps]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31), gi=st.integers(0, len(GROUPS) - 1))
def test_decompose_random_sums_and_products(seed, gi):
    G = GROUPS[gi]
    rng = np.random.default_rng(seed)
    irr = reps.irreps(G)
    picks = [irr[i] for i in rng.integers(0, len(irr), 3)]
    rho = reps.direct_sum(reps.tensor_product(picks[0], picks[1]), reps.dual(picks[2]))
    # hide the structure with a random unitary change of basis
    A = rng.standard_normal((rho.dim, rho.dim)) + 1j * rng.standard_normal((rho.dim, rho.dim))
    U, _ = np.linalg.qr(A)
    rho = reps.change_basis(rho, U)
    dec = reps.decompose(rho, basis="complex")
    for tau, n in zip(dec.irreps, dec.multiplicities):
        assert n == round(reps.character_inner_product(tau, rho).real)
    assert dec.residual(G.elements()) < 1e-9
    # Hom_G dimension = <chi1, chi2>, two independent methods
    other = reps.direct_sum(picks[0], picks[1])
    n_expected = round(reps.character_inner_product(rho, other))
    H1 = reps.hom_basis(rho, other)
    H2 = reps.hom_basis(rho, other, method="sylvester")
    assert H1.shape[0] == H2.shape[0] == n_expected
    for H in (H1, H2):
        if len(H) == 0:
            continue
        assert np.abs(other.table[:, None] @ H[None] - H[None] @ rho.table[:, None]).max() < 1e-9
        Gm = np.einsum("aij,bij->ab", H.conj(), H)
        assert np.allclose(Gm, np.eye(len(H)), atol=1e-9, rtol=0)


def test_quotient_and_bad_input():
    O = octahedral()
    T = tetrahedral()
    q = reps.quotient(O, T)
    assert q.dim == 2 and reps.multiplicities(q) == {"A1": 1, "A2": 1}
    with pytest.raises(ValueError, match="different groups"):
        reps.direct_sum(reps.irreps(O)[0], reps.irreps(T)[0])
    with pytest.raises(ValueError, match="different groups"):
        reps.tensor_product(reps.irreps(O)[0], reps.irreps(T)[0])
    with pytest.raises(ValueError, match="not a subgroup"):
        reps.quotient(T, O)
    with pytest.raises(TypeError, match="rho must be a Representation"):
        reps.decompose(np.eye(3))
    with pytest.raises(ValueError, match="Q must be invertible"):
        reps.change_basis(reps.irrep(O, "T1"), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="table must have shape"):
        reps.Representation(O, 2, table=np.zeros((3, 2, 2)))
    bad = reps.Representation(O, 1, table=np.full((24, 1, 1), 1.5))
    with pytest.raises(ValueError, match="not a representation"):
        reps.decompose(bad)

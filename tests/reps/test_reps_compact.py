"""Compact groups: irreps of SO(2), O(2), SO(3), O(3), SU(2) (homomorphism, unitarity),
tensor-product decompositions vs the core's coupling tensors, branching rules, Hom_G."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath import reps
from gaugemath.coupling import coupling_tensor
from tests.reps.fixtures import (
    O2,
    O3,
    SO2,
    SO3,
    SU2,
    cyclic2d,
    dihedral2d,
    icosahedral,
    octahedral,
)


def _irreps_of(G):
    fam = reps.family(G)
    if fam == "SO2":
        return [reps.so2_irrep(G, k, "complex") for k in (-3, 0, 2)] + [reps.so2_irrep(G, k, "real") for k in (0, 1, 4)]
    if fam == "O2":
        return [reps.o2_irrep(G, 0, 1), reps.o2_irrep(G, 0, -1), reps.o2_irrep(G, 1), reps.o2_irrep(G, 3)]
    if fam == "SO3":
        return [reps.so3_irrep(G, ell, b) for ell in (0, 1, 4) for b in ("real", "complex")]
    if fam == "O3":
        return [reps.o3_irrep(G, ell, p) for ell in (0, 2, 3) for p in (1, -1)]
    return [reps.su2_irrep(G, j) for j in (0.5, 1, 1.5, 3)]


GROUPS = [SO2(), O2(), SO3(), O3(), SU2()]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31))
@pytest.mark.parametrize("G", GROUPS, ids=[G.name for G in GROUPS])
def test_irreps_homomorphism_unitarity(G, seed):
    a, b = G.sample(4, seed=seed), G.sample(4, seed=seed + 7)
    for rho in _irreps_of(G):
        lhs = rho(G.multiply(a, b))
        rhs = rho(a) @ rho(b)
        assert np.abs(lhs - rhs).max() < 1e-10, rho.name
        M = rho(a)
        assert np.abs(np.conj(np.swapaxes(M, -1, -2)) @ M - np.eye(rho.dim)).max() < 1e-10
        assert np.allclose(rho(G.identity()), np.eye(rho.dim), rtol=0, atol=1e-10)


def test_known_values():
    G = O3()
    assert np.allclose(reps.o3_irrep(G, 1, -1)(-np.eye(3)), -np.eye(3), rtol=0, atol=1e-10)
    assert np.allclose(reps.o3_irrep(G, 2, -1)(-np.eye(3)), -np.eye(5), rtol=0, atol=1e-10)
    S = SU2()
    assert np.allclose(reps.su2_irrep(S, 0.5)(np.array([-1.0, 0, 0, 0])), -np.eye(2), rtol=0, atol=1e-10)
    P = O2()
    assert np.allclose(reps.o2_irrep(P, 1)(np.diag([1.0, -1])), np.diag([1.0, -1]), rtol=0, atol=1e-10)
    assert np.allclose(reps.o2_irrep(P, 0, -1)(np.diag([1.0, -1])), -1, rtol=0, atol=1e-10)


@pytest.mark.parametrize("basis", ["complex", "real"])
def test_so3_tensor_products_are_coupling_tensors(basis):
    G = SO3()
    for l1, l2 in [(1, 1), (2, 3), (4, 2)]:
        t = reps.tensor_product(reps.so3_irrep(G, l1, basis), reps.so3_irrep(G, l2, basis))
        fast = reps.decompose(t, basis)
        generic = reps.decompose(reps.Representation(G, t.dim, t.matrices), basis)  # hides the structure
        assert fast.labels() == generic.labels() == {f"l{l}": 1 for l in range(abs(l1 - l2), l1 + l2 + 1)}
        g = G.sample(3, seed=l1 + l2)
        assert fast.residual(g) < 1e-12 and generic.residual(g) < 1e-10
        for (i, _, sl), (j, _, sl2) in zip(fast.blocks(), generic.blocks()):
            ell = fast.irreps[i].meta["ell"]
            C = coupling_tensor(l1, l2, ell, basis=basis).reshape(-1, 2 * ell + 1)
            assert np.abs(fast.Q[:, sl] - C).max() < 1e-12  # exactly the core's tensor
            # the generic result equals it up to one phase per block (documented phase rule)
            ov = np.conj(C.T) @ generic.Q[:, sl2]
            assert abs(abs(ov[0, 0]) - 1) < 1e-10 and np.abs(ov - ov[0, 0] * np.eye(len(ov))).max() < 1e-10


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**31))
@pytest.mark.parametrize("G", GROUPS, ids=[G.name for G in GROUPS])
def test_decompose_hidden_sums(G, seed):
    rng = np.random.default_rng(seed)
    irr = _irreps_of(G)
    real = reps.family(G) != "SU2"
    if real:
        irr = [r for r in irr if r.is_real]
    picks = [irr[i] for i in rng.integers(0, len(irr), 3)]
    rho = reps.direct_sum(reps.tensor_product(picks[0], picks[1]), picks[2])
    A = rng.standard_normal((rho.dim, rho.dim))
    if not real:
        A = A + 1j * rng.standard_normal((rho.dim, rho.dim))
    U, _ = np.linalg.qr(A)
    hidden = reps.change_basis(rho, U)
    dec = reps.decompose(hidden)
    g = G.sample(3, seed=seed)
    assert dec.residual(g) < 1e-9
    assert np.abs(np.conj(dec.Q.T) @ dec.Q - np.eye(rho.dim)).max() < 1e-9
    if real:
        assert not np.iscomplexobj(dec.Q)
    H = reps.hom_basis(hidden, reps.direct_sum(picks[2], picks[0]))
    target = reps.direct_sum(picks[2], picks[0])
    expected = sum(n * dict(reps.multiplicities(target)).get(k, 0) for k, n in dec.labels().items())
    assert H.shape[0] == expected
    assert np.abs(target.matrices(g)[:, None] @ H[None] - H[None] @ hidden.matrices(g)[:, None]).max() < 1e-9


def test_branching_so3_to_o_and_i():
    G, O, I = SO3(), octahedral(), icosahedral()
    expect_O = {0: {"A1": 1}, 1: {"T1": 1}, 2: {"E": 1, "T2": 1}, 3: {"A2": 1, "T1": 1, "T2": 1},
                4: {"A1": 1, "E": 1, "T1": 1, "T2": 1}}
    for ell, exp in expect_O.items():
        assert reps.multiplicities(reps.restrict(reps.so3_irrep(G, ell), O)) == exp
    expect_I = {1: {"T1": 1}, 2: {"H": 1}, 3: {"T2": 1, "G": 1}}
    for ell, exp in expect_I.items():
        assert reps.multiplicities(reps.restrict(reps.so3_irrep(G, ell), I)) == exp


def test_branching_other_subgroups():
    G3, G = O3(), SO3()
    res = reps.restrict(reps.o3_irrep(G3, 2, -1), G)
    assert reps.multiplicities(res) == {"l2": 1}
    # SO(3) -> SO(2) (rotations about z): D^l -> sum_{m} chi_{-m}  (D(Rz(a)) = diag(e^{-ima}))
    S = SO2()

    def emb(h):
        out = np.zeros(np.shape(h)[:-2] + (3, 3))
        out[..., :2, :2] = h
        out[..., 2, 2] = 1
        return out

    assert reps.multiplicities(reps.restrict(reps.so3_irrep(G, 2, "complex"), S, emb), "complex") == {
        f"k{k}": 1 for k in range(-2, 3)}
    P = O2()
    D6 = dihedral2d(6)
    # O(2) -> D_6: rho_k -> E_{k mod 6 folded}, rho_3 -> B1 + B2
    assert reps.multiplicities(reps.restrict(reps.o2_irrep(P, 1), D6)) == {"E1": 1}
    assert reps.multiplicities(reps.restrict(reps.o2_irrep(P, 3), D6)) == {"B1": 1, "B2": 1}
    assert reps.multiplicities(reps.restrict(reps.o2_irrep(P, 5), D6)) == {"E1": 1}
    C6 = cyclic2d(6)
    assert reps.multiplicities(reps.restrict(reps.irrep(D6, "E2"), C6), "complex") == {"chi2": 1, "chi4": 1}


def test_bad_input():
    G, S = SO3(), SO2()
    with pytest.raises(ValueError, match="different groups"):
        reps.direct_sum(reps.so3_irrep(G, 1), reps.so2_irrep(S, 1, "real"))
    with pytest.raises(ValueError, match="ell must be >= 0"):
        reps.so3_irrep(G, -1)
    with pytest.raises(ValueError, match="group must be SO"):
        reps.so3_irrep(S, 1)
    with pytest.raises(ValueError, match="k must be >= 0"):
        reps.so2_irrep(S, -1, "real")
    with pytest.raises(ValueError, match="not a subgroup"):
        reps.restrict(reps.so3_irrep(G, 1), O3())
    with pytest.raises(ValueError, match="basis='real' needs a real"):
        reps.decompose(reps.so3_irrep(G, 1, "complex"), "real")
    with pytest.raises(ValueError, match="g is not an element"):
        reps.so3_irrep(G, 1)(np.eye(3) * 2)
    bad = reps.Representation(G, 3, lambda g: np.asarray(g) @ np.asarray(g))  # not a homomorphism
    with pytest.raises(ValueError):
        reps.decompose(bad)

"""Finite homogeneous spaces G/K: cosets, sections, gauge factors, induced representations."""

import itertools

import numpy as np
import pytest

from gaugemath.bundles import AssociatedBundle, HomogeneousSpace, rotation_2d
from gaugemath.bundles.finite import FiniteQuotient, cayley_table

F = np.diag([1.0, -1.0])


class Dihedral:
    """D_N as 2x2 matrices: rotations r^k (index k) then reflections r^k F (index N + k)."""

    def __init__(self, n):
        self.elements = [rotation_2d(2 * np.pi * k / n) @ f for f in (np.eye(2), F) for k in range(n)]

    @staticmethod
    def multiply(a, b):
        return a @ b


def cases():
    d4, d3, d6 = Dihedral(4), Dihedral(3), Dihedral(6)
    els4 = np.stack(d4.elements)
    els6 = np.stack(d6.elements)
    sign = lambda q, k: np.where(np.asarray(k) == q.identity(), 1.0, -1.0)[..., None, None]  # noqa: E731
    return [
        # (quotient, rho on K-indices)
        ("D4/{e,F}, sign", FiniteQuotient(d4, [np.eye(2), F]), sign),
        ("D3/{e,F}, sign", FiniteQuotient(d3, [np.eye(2), F]), sign),
        ("D4/C4, standard", FiniteQuotient(d4, d4.elements[:4]), lambda q, k: els4[np.asarray(k)]),
        ("D6/{e,r^3,F,r^3F}, standard", FiniteQuotient(d6, [els6[i] for i in (0, 3, 6, 9)]),
         lambda q, k: els6[np.asarray(k)]),
        ("D4/{e}, regular", FiniteQuotient(d4, [np.eye(2)]), lambda q, k: np.ones(np.shape(k) + (1, 1))),
        ("Z6/{0,3}, character", FiniteQuotient.from_cayley_table(np.add.outer(np.arange(6), np.arange(6)) % 6, [0, 3]),
         lambda q, k: np.exp(2j * np.pi * np.asarray(k) / 6)[..., None, None]),
    ]


CASES = cases()
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize("name,Q,rho", CASES, ids=IDS)
def test_cosets_projection_and_action(name, Q, rho):
    assert isinstance(Q, HomogeneousSpace)
    G, X = np.arange(Q.order), np.arange(Q.size)
    assert Q.size * len(Q.subgroup) == Q.order  # Lagrange
    assert np.array_equal(Q.project(Q.section(X)), X)  # pi o sigma = id
    assert np.array_equal(np.sort(Q.project(G)), np.repeat(X, len(Q.subgroup)))  # cosets partition G
    assert set(G[Q.act(G, 0) == 0]) == set(Q.subgroup)  # stabiliser of x0 = K
    assert set(Q.act(G, 0)) == set(X)  # transitive
    for a, b in itertools.product(G, G):
        assert np.array_equal(Q.act(Q.multiply(a, b), X), Q.act(a, Q.act(b, X)))
        assert Q.project(Q.multiply(a, b)) == Q.act(a, Q.project(b))  # pi is equivariant


@pytest.mark.parametrize("name,Q,rho", CASES, ids=IDS)
def test_gauge_factor_definition_and_cocycle(name, Q, rho):
    G, X = np.arange(Q.order), np.arange(Q.size)
    for g in G:
        h = Q.gauge_factor(g, X)
        assert np.all(np.isin(h, Q.subgroup))
        assert np.array_equal(Q.multiply(Q.section(X), h), Q.multiply(g, Q.section(Q.act(Q.inverse(g), X))))
    for a, b in itertools.product(G, G):  # h(ab, x) = h(a, x) h(b, a^-1 x)
        lhs = Q.gauge_factor(Q.multiply(a, b), X)
        assert np.array_equal(lhs, Q.multiply(Q.gauge_factor(a, X), Q.gauge_factor(b, Q.act(Q.inverse(a), X))))


def _induced_matrices(bundle, Q):
    """Matrices of the induced action on local fields (basis of V^{G/K}), built with act_local."""
    n, d = Q.size, bundle.dim
    mats = np.zeros((Q.order, n * d, n * d), dtype=complex)
    for j in range(n * d):
        basis = np.zeros((n, d))
        basis.flat[j] = 1.0
        for g in range(Q.order):
            mats[g, :, j] = bundle.act_local(g, lambda x, b=basis: b[x])(np.arange(n)).ravel()
    return mats


@pytest.mark.parametrize("name,Q,rho", CASES, ids=IDS)
def test_two_pictures_and_frobenius_character(name, Q, rho):
    bundle = AssociatedBundle(Q, lambda k: rho(Q, k))
    rng = np.random.default_rng(7)
    G, X = np.arange(Q.order), np.arange(Q.size)
    local_values = rng.normal(size=(Q.size, bundle.dim))
    local = lambda x: local_values[x]  # noqa: E731
    f = bundle.mackey_from_local(local)
    for k in Q.subgroup:
        assert bundle.mackey_residual(f, G, np.full(Q.order, k)) < 1e-12
    for g in G:
        via_local = bundle.act_local(g, local)(X)
        via_mackey = bundle.local_from_mackey(bundle.act_mackey(g, f), X)
        assert np.allclose(via_local, via_mackey, atol=1e-12, rtol=0)
    mats = _induced_matrices(bundle, Q)
    for a, b in itertools.product(G, G):
        assert np.allclose(mats[Q.multiply(a, b)], mats[a] @ mats[b], atol=1e-12, rtol=0)
    # Frobenius: chi_Ind(g) = 1/|K| sum_{t : t^-1 g t in K} chi_rho(t^-1 g t)  (no sections involved)
    for g in G:
        conj = Q.multiply(Q.multiply(Q.inverse(G), g), G)
        inK = np.isin(conj, Q.subgroup)
        chi = sum(np.trace(rho(Q, c)) for c in conj[inK]) / len(Q.subgroup)
        assert np.isclose(np.trace(mats[g]), chi, atol=1e-12, rtol=0)


@pytest.mark.parametrize("name,Q,rho", CASES, ids=IDS)
def test_change_of_representatives_is_a_gauge_transformation(name, Q, rho):
    rng = np.random.default_rng(11)
    X = np.arange(Q.size)
    k = rng.choice(Q.subgroup, size=Q.size)  # k(x) in K, one per coset
    Q2 = Q.with_representatives(Q.multiply(Q.representatives, k))  # sigma' = sigma k
    b1, b2 = AssociatedBundle(Q, lambda kk: rho(Q, kk)), AssociatedBundle(Q2, lambda kk: rho(Q, kk))
    values = rng.normal(size=(Q.size, b1.dim))
    f = b1.mackey_from_local(lambda x: values[x])
    assert np.allclose(b2.local_from_mackey(f, X), b1.gauge_transform(b1.local_from_mackey(f, X), k), atol=1e-12, rtol=0)


def test_bad_inputs_raise():
    d4 = Dihedral(4)
    Q = FiniteQuotient(d4, [np.eye(2), F])
    with pytest.raises(ValueError, match="coset indices"):
        Q.section(7)
    with pytest.raises(ValueError, match="element indices"):
        Q.act(8, 0)
    with pytest.raises(ValueError, match="not in the subgroup"):
        Q.to_subgroup(1)
    with pytest.raises(ValueError, match="not closed"):
        FiniteQuotient(d4, [np.eye(2), rotation_2d(np.pi / 2)])
    with pytest.raises(ValueError, match="not an element"):
        FiniteQuotient(d4, [rotation_2d(0.1)])
    with pytest.raises(ValueError, match="coset x"):
        Q.with_representatives([1, 0, 2, 3])
    with pytest.raises(ValueError, match="not closed under multiplication"):
        cayley_table([np.eye(2), rotation_2d(0.3)], np.matmul)
    with pytest.raises(ValueError, match="square integer"):
        FiniteQuotient.from_cayley_table(np.zeros((2, 3), dtype=int), [0])
    with pytest.raises(TypeError, match="elements"):
        FiniteQuotient(object(), [])


def test_quotient_from_names_shares_the_reps_coset_numbering():
    """FiniteQuotient (from names or objects) and reps.cosets number the cosets the same way."""
    from gaugemath import reps
    from gaugemath.groups import as_group, cyclic

    G, K = as_group("D6"), as_group("C6")
    Q = FiniteQuotient("D6", "C6")
    reps_idx, coset_of, _ = reps.cosets(G, K)
    assert np.array_equal(Q.representatives, reps_idx)
    assert np.array_equal(Q.project(np.arange(G.order)), coset_of)
    K3 = cyclic(4, "SO3")
    Q3 = FiniteQuotient(as_group("O"), K3)
    r3, c3, _ = reps.cosets("O", K3)
    assert Q3.size == 6 and np.array_equal(Q3.representatives, r3)
    assert np.array_equal(Q3.project(np.arange(24)), c3)

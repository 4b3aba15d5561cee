"""Finite groups: closure, order, Cayley table (group axioms), index lookup, classes, ordering, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath.groups import (
    FiniteGroup,
    cyclic,
    dihedral,
    full_icosahedral,
    icosahedral,
    octahedral,
    pyritohedral,
    rotation_axes,
    tetrahedral,
)
from gaugemath.groups.point_groups import GOLDEN_RATIO

from .strategies import FINITE, finite_names, seeds

# Class sizes (sorted) from the character tables, e.g. Hamermesh (1962) ch. 2, Conway & Smith (2003) ch. 3.
CLASS_SIZES = {
    "C5<O2": [1] * 5,
    "C6<SO3": [1] * 6,
    "D4<O2": [1, 1, 2, 2, 2],
    "D3<SO3": [1, 2, 3],
    "T": [1, 3, 4, 4],
    "O": [1, 3, 6, 6, 8],
    "I": [1, 12, 12, 15, 20],
    "T_h": [1, 1, 3, 3, 4, 4, 4, 4],
    "O_h": [1, 1, 3, 3, 6, 6, 6, 6, 8, 8],
    "I_h": [1, 1, 12, 12, 12, 12, 15, 15, 20, 20],
}
ORDERS = {"C5<O2": 5, "C6<SO3": 6, "D4<O2": 8, "D3<SO3": 6, "T": 12, "O": 24, "I": 60, "T_h": 24, "O_h": 48, "I_h": 120}


@pytest.mark.parametrize("name", sorted(FINITE))
def test_order_elements_orthogonal_distinct(name):
    G = FINITE[name]
    E = G.elements()
    assert G.order == ORDERS[name] == len(E)
    assert np.array_equal(E[0], np.eye(E.shape[-1]))
    assert np.allclose(np.swapaxes(E, -1, -2) @ E, np.eye(E.shape[-1]), atol=1e-12, rtol=0)
    d = np.max(np.abs(E[:, None] - E[None]), axis=(-2, -1)) + 10 * np.eye(len(E))
    assert d.min() > 1e-3  # all distinct
    assert E.flags.writeable is False
    assert G.elements() is E and G.cayley_table() is G.cayley_table()  # cached per instance


@pytest.mark.parametrize("name", sorted(FINITE))
def test_cayley_table_is_a_group_law(name):
    G = FINITE[name]
    T, E = G.cayley_table(), G.elements()
    n = G.order
    # brute-force table with numpy.allclose, independent of the hash lookup
    rows = np.arange(0, n, max(1, n // 12))
    prods = np.einsum("aij,bjk->abik", E[rows], E)
    close = np.max(np.abs(prods[:, :, None] - E[None, None]), axis=(-2, -1)) <= 1e-9  # (a, b, c)
    assert np.all(close.sum(axis=-1) == 1)
    assert np.array_equal(np.argmax(close, axis=-1), T[rows])
    assert np.array_equal(T[0], np.arange(n)) and np.array_equal(T[:, 0], np.arange(n))  # identity
    assert np.all(np.sort(T, axis=1) == np.arange(n))  # Latin square
    idx = np.arange(n)
    assert np.array_equal(T[T[idx[:, None, None], idx[None, :, None]], idx[None, None, :]],
                          T[idx[:, None, None], T[idx[None, :, None], idx[None, None, :]]])  # associativity
    inv = G.inverse_index()
    assert np.all(T[idx, inv] == 0) and np.all(T[inv, idx] == 0)
    assert np.allclose(G.inverse(E), E[inv], atol=1e-12, rtol=0)


@pytest.mark.parametrize("name", sorted(FINITE))
def test_conjugacy_classes(name):
    G = FINITE[name]
    classes = G.conjugacy_classes()
    assert sorted(len(c) for c in classes) == CLASS_SIZES[name]
    assert np.array_equal(classes[0], [0])
    assert np.array_equal(np.sort(np.concatenate(classes)), np.arange(G.order))
    E = G.elements()
    for c in classes:  # brute force: h g h^-1 stays in the class
        conj = np.einsum("hij,jk,hlk->hil", E, E[c[0]], E)
        assert set(G.index(conj).tolist()) == set(c.tolist())


@settings(max_examples=25, deadline=None)
@given(name=finite_names, data=st.data())
def test_words_in_generators_match_table(name, data):
    G = FINITE[name]
    gens = G.generators()
    gidx = G.index(gens)
    word = data.draw(st.lists(st.integers(0, len(gens) - 1), max_size=10))
    m, i = np.eye(G.element_shape[0]), 0
    for w in word:
        m, i = m @ gens[w], G.cayley_table()[i, gidx[w]]
    assert G.index(m) == i


@settings(max_examples=25, deadline=None)
@given(name=finite_names, seed=seeds)
def test_index_is_vectorised_and_tolerant(name, seed):
    G = FINITE[name]
    rng = np.random.default_rng(seed)
    k = rng.integers(0, G.order, size=(3, 4))
    noisy = G.elements()[k] + rng.uniform(-1e-10, 1e-10, (3, 4) + G.element_shape)
    assert np.array_equal(G.index(noisy), k)
    assert np.all(G.contains(noisy))
    far = G.elements()[k] + 1e-3
    assert not np.any(G.contains(far))
    with pytest.raises(ValueError, match="not an element"):
        G.index(far)


def test_cyclic_and_dihedral_ordering():
    for amb, s in (("O2", np.diag([1.0, -1.0])), ("SO3", np.diag([1.0, -1.0, -1.0]))):
        N = 6
        C, D = cyclic(N, amb), dihedral(N, amb)
        r = C.elements()[1]
        c, si = np.cos(2 * np.pi / N), np.sin(2 * np.pi / N)
        assert np.allclose(r[:2, :2], [[c, -si], [si, c]], rtol=0, atol=1e-10)
        for k in range(N):
            rk = np.linalg.matrix_power(r, k)
            assert np.allclose(C.elements()[k], rk, rtol=0, atol=1e-10) and np.allclose(D.elements()[k], rk, rtol=0, atol=1e-10)
            assert np.allclose(D.elements()[N + k], rk @ s, rtol=0, atol=1e-10)
        assert np.allclose(s @ r @ s, r.T, rtol=0, atol=1e-10)
    assert dihedral(1).order == 2 and cyclic(1, "SO3").order == 1


@pytest.mark.parametrize("factory", [pyritohedral, full_icosahedral])
def test_groups_with_inversion_order(factory):
    G = factory()
    E = G.elements()
    h = G.order // 2
    assert np.allclose(E[h:], -E[:h], rtol=0, atol=1e-10)
    assert np.all(np.linalg.det(E[:h]) > 0)
    assert np.array_equal(G.index(-np.eye(3)), h)


def test_polyhedral_axes_and_orientation():
    axes = {n: rotation_axes(G) for n, G in (("T", tetrahedral()), ("O", octahedral()), ("I", icosahedral()))}
    assert {k: len(v) for k, v in axes["T"].items()} == {2: 3, 3: 4}
    assert {k: len(v) for k, v in axes["O"].items()} == {2: 6, 3: 4, 4: 3}
    assert {k: len(v) for k, v in axes["I"].items()} == {2: 15, 3: 10, 5: 6}

    def has(ax, v):
        v = np.asarray(v, float) / np.linalg.norm(v)
        return np.any(np.min([np.max(np.abs(ax - v), 1), np.max(np.abs(ax + v), 1)], 0) < 1e-9)

    for e in np.eye(3):
        assert has(axes["O"][4], e) and has(axes["T"][2], e) and has(axes["I"][2], e)
    assert has(axes["O"][3], [1, 1, 1]) and has(axes["T"][3], [1, -1, 1]) and has(axes["I"][3], [1, 1, 1])
    assert has(axes["O"][2], [1, 1, 0])
    assert has(axes["I"][5], [0, 1, GOLDEN_RATIO]) and has(axes["I"][5], [GOLDEN_RATIO, 0, 1])
    # icosahedron vertices (cyclic permutations of (0, ±1, ±phi)) are one orbit of I
    I = icosahedral()
    orbit = I.act(I.elements(), np.array([0.0, 1.0, GOLDEN_RATIO]))
    assert len(np.unique(np.round(orbit, 9), axis=0)) == 12


def test_uniform_sampling():
    G = octahedral()
    k = G.index(G.sample(24_000, seed=3))
    counts = np.bincount(k, minlength=24)
    chi2 = np.sum((counts - 1000) ** 2 / 1000)
    assert chi2 < 60  # chi^2 with 23 d.o.f.: P(> 60) < 1e-4
    assert G.sample(0).shape == (0, 3, 3)


def test_from_elements_and_generators():
    E = dihedral(5).elements()
    G = FiniteGroup.from_elements(E, name="D5 copy")
    assert G.order == 10 and np.allclose(G.elements(), E, rtol=0, atol=1e-10)
    assert np.array_equal(G.cayley_table(), dihedral(5).cayley_table())
    assert 1 <= len(G.generators()) <= 2
    # non-orthogonal finite group: inverse via the matrix inverse
    A = np.array([[0.0, -1.0], [1.0, -1.0]])  # order 3, not orthogonal
    H = FiniteGroup([A], name="Z3 skew")
    assert H.order == 3
    assert np.allclose(H.inverse(A) @ A, np.eye(2), rtol=0, atol=1e-10)


def test_bad_input():
    with pytest.raises(ValueError, match="not closed|not a group|generate"):
        FiniteGroup.from_elements(dihedral(4).elements()[:5])  # not a subgroup
    with pytest.raises(ValueError, match="identity"):
        FiniteGroup.from_elements(dihedral(4).elements()[::-1])
    with pytest.raises(ValueError, match="repeated"):
        FiniteGroup([np.diag([1.0, -1.0])], elements=np.stack([np.eye(2), np.diag([1.0, -1.0]), np.diag([1.0, -1.0])]))
    with pytest.raises(ValueError, match="max_order"):
        c, s = np.cos(1.0), np.sin(1.0)  # irrational angle: infinite cyclic group
        FiniteGroup([[[c, -s], [s, c]]], max_order=500)
    with pytest.raises(ValueError, match="invertible"):
        FiniteGroup([[[1.0, 0.0], [0.0, 0.0]]])
    with pytest.raises(ValueError, match="generators must have shape"):
        FiniteGroup(np.zeros((2, 3)))
    with pytest.raises(TypeError, match="N must be an integer"):
        cyclic(2.5)
    with pytest.raises(ValueError, match="N must be an integer >= 1"):
        dihedral(0)
    with pytest.raises(ValueError, match="ambient"):
        cyclic(3, "SO2")
    with pytest.raises(ValueError, match="trailing shape"):
        octahedral().index(np.eye(2))
    with pytest.raises(ValueError, match="not an element"):
        octahedral().validate(np.diag([1.0, 1.0, -1.0]))
    with pytest.raises(ValueError, match="n must be"):
        octahedral().sample(-1)


def test_act_and_act_on_function():
    G = octahedral()
    g, h = G.elements()[5], G.elements()[17]
    x = np.random.default_rng(0).normal(size=(7, 3))
    assert np.allclose(G.act(G.multiply(g, h), x), G.act(g, G.act(h, x)), rtol=0, atol=1e-10)

    def f(y):
        return y[..., 0] + 2 * y[..., 1] ** 2 - y[..., 2] ** 3

    Lg, Lh = G.act_on_function(g, f), G.act_on_function(h, f)
    assert np.allclose(Lg(x), f(x @ g), rtol=0, atol=1e-10)  # f(g^-1 x) with g^-1 = g^T
    Lgh = G.act_on_function(G.multiply(g, h), f)
    assert np.allclose(Lgh(x), G.act_on_function(g, Lh)(x), rtol=0, atol=1e-10)  # L_g L_h = L_gh
    with pytest.raises(ValueError, match="trailing dimension"):
        G.act(g, np.ones(2))

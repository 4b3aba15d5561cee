"""FiniteQuotient (gaugemath.bundles.finite) built directly from the finite groups of gaugemath.groups."""

import itertools

import numpy as np
import pytest

from gaugemath.bundles.finite import FiniteQuotient
from gaugemath.groups import cyclic, dihedral, full_icosahedral, icosahedral, octahedral, tetrahedral


class PlainGroup:
    """The generic protocol (a list of elements + multiply), for comparison."""

    def __init__(self, G):
        self.elements = list(G.elements())

    @staticmethod
    def multiply(a, b):
        return a @ b


@pytest.mark.parametrize("G,K,size", [(dihedral(4), cyclic(4), 2), (octahedral(), tetrahedral(), 2),
                                       (octahedral(), cyclic(4, "SO3"), 6), (icosahedral(), tetrahedral(), 5),
                                       (full_icosahedral(), icosahedral(), 2)],
                         ids=["D4/C4", "O/T", "O/C4", "I/T", "I_h/I"])
def test_quotient_from_groups(G, K, size):
    Q = FiniteQuotient(G, K)
    assert Q.order == G.order and Q.size == size == G.order // K.order
    assert np.array_equal(Q._table, G.cayley_table())
    assert np.array_equal(np.sort(Q.subgroup), np.sort(G.index(K.elements())))
    gs, X = np.arange(Q.order), np.arange(Q.size)
    assert set(gs[Q.act(gs, 0) == 0]) == set(Q.subgroup.tolist())  # stabiliser of x0 = K
    for a, b in itertools.product(gs[:: max(1, Q.order // 12)], gs):
        assert np.array_equal(Q.act(Q.multiply(a, b), X), Q.act(a, Q.act(b, X)))
    if G.order <= 24:  # the generic path (allclose search) gives the same quotient
        P = FiniteQuotient(PlainGroup(G), list(K.elements()))
        assert np.array_equal(P._table, Q._table) and np.array_equal(P.project(gs), Q.project(gs))


def test_octahedral_mod_c4_is_the_orbit_of_e_z():
    """O/C4(z) ≅ {±e_x, ±e_y, ±e_z}: two elements share a coset iff they move e_z to the same face normal."""
    G = octahedral()
    Q = FiniteQuotient(G, cyclic(4, "SO3"))
    images = np.round(G.act(G.elements(), np.array([0.0, 0.0, 1.0])), 9)
    coset = Q.project(np.arange(G.order))
    for a, b in itertools.product(range(G.order), repeat=2):
        assert (coset[a] == coset[b]) == np.array_equal(images[a], images[b])
    X = np.arange(Q.size)
    for a, b in itertools.product(range(0, G.order, 5), range(G.order)):  # cocycle h(ab,x) = h(a,x) h(b,a^-1 x)
        assert np.all(np.isin(Q.gauge_factor(a, X), Q.subgroup))
        lhs = Q.gauge_factor(Q.multiply(a, b), X)
        assert np.array_equal(lhs, Q.multiply(Q.gauge_factor(a, X), Q.gauge_factor(b, Q.act(Q.inverse(a), X))))


def test_quotient_bad_subgroup():
    with pytest.raises(ValueError, match="not a subgroup"):
        FiniteQuotient(octahedral(), icosahedral())
    with pytest.raises(ValueError, match="not a subgroup"):
        FiniteQuotient(dihedral(4), dihedral(3))
    with pytest.raises(ValueError, match="not closed"):
        FiniteQuotient(dihedral(4), dihedral(4).elements()[[0, 1]])  # {e, r}: not a subgroup
    with pytest.raises(ValueError, match="not an element"):
        FiniteQuotient(dihedral(4), [np.eye(2), np.diag([-1.0, 1.0]) * 2])

"""The group interface consumers rely on: family tags, irrep_labels, per-group cached data, names."""

from fractions import Fraction

import numpy as np
import pytest

from gaugemath import reps
from gaugemath.groups import FiniteGroup, SO2, as_group, dihedral


@pytest.mark.parametrize("name,family,N", [("SO2", "SO2", None), ("O(2)", "O2", None), ("SO3", "SO3", None),
                                           ("O3", "O3", None), ("SU2", "SU2", None), ("C_5", "cyclic", 5),
                                           ("D6", "dihedral", 6), ("Oh", "Oh", None), ("SE2", "SE", 2),
                                           ("p4m", "p4m", None)])
def test_family_tags_are_explicit(name, family, N):
    G = as_group(name)
    assert G.family == family
    if N is not None:
        assert G.N == N
    if family in ("SE", "p4m"):
        with pytest.raises(ValueError, match="group must be finite, SO"):
            reps.family(G)
    else:
        assert reps.family(G) == ("finite" if G.is_finite else family)


def test_user_finite_group_is_tagged_finite():
    G = FiniteGroup([np.diag([1.0, -1.0]), SO2.from_angle(np.pi / 2)])
    assert G.family == "finite" and reps.family(G) == "finite"


def test_irrep_labels_match_the_irreps():
    """Every label names an irrep of the stated dimension, built by the reps entry point of its family."""
    K = 3
    assert [reps.so2_irrep("SO2", k, "real").dim for k in as_group("SO2").irrep_labels(K)] == [1, 2, 2, 2]
    dims = [reps.o2_irrep("O2", k, 1 if s == 0 else -1).dim if k == 0 else reps.o2_irrep("O2", k).dim
            for s, k in as_group("O2").irrep_labels(K)]
    assert dims == [1, 1, 2, 2, 2]
    assert [reps.so3_irrep("SO3", ell).dim for ell in as_group("SO3").irrep_labels(K)] == [1, 3, 5, 7]
    assert [reps.o3_irrep("O3", ell, p).dim for ell, p in as_group("O3").irrep_labels(1)] == [1, 1, 3, 3]
    js = as_group("SU2").irrep_labels(1)
    assert js == [Fraction(0), Fraction(1, 2), Fraction(1)]
    assert [reps.su2_irrep("SU2", j).dim for j in js] == [1, 2, 3]
    assert as_group("C6").irrep_labels() == list(range(6))
    for name in ("D4", "T", "Oh", "I"):
        G = as_group(name)
        assert G.irrep_labels() == [r.name for r in reps.irreps(G)]


def test_irrep_labels_bad_input():
    with pytest.raises(ValueError, match="max_degree is required"):
        as_group("SO3").irrep_labels()
    with pytest.raises(ValueError, match="max_degree"):
        as_group("O2").irrep_labels(-1)
    with pytest.raises(TypeError, match="max_degree"):
        as_group("SU2").irrep_labels(1.5)
    with pytest.raises(NotImplementedError, match="no irrep catalogue"):
        as_group("SE2").irrep_labels(2)


def test_derived_data_cached_on_the_group():
    G = dihedral(5)
    assert G.cayley_table() is G.cayley_table()
    assert G.class_of() is G.class_of() and not G.class_of().flags.writeable
    assert reps.irreps(G)[3] is reps.irreps(G)[3]  # built once, cached on G
    H = dihedral(5)  # an equal group, another object: its own cache
    assert reps.irreps(H)[3] is not reps.irreps(G)[3]
    # orders and classes agree with a direct computation
    E = G.elements()
    orders = [next(k for k in range(1, 11) if np.allclose(np.linalg.matrix_power(g, k), np.eye(2), rtol=0, atol=1e-12))
              for g in E]
    assert list(G.element_orders()) == orders
    assert len(G.conjugacy_classes()) == 4  # D_5: {e}, {r, r^4}, {r^2, r^3}, 5 reflections


def test_reps_entry_points_accept_names():
    rho = reps.so3_irrep("SO3", 2)
    assert rho.group is as_group("SO3") and rho.group.family == "SO3"
    assert reps.trivial("O(2)", 2).group.family == "O2"
    D6 = as_group("D6")
    assert [r.name for r in reps.irreps("D6")] == [r.name for r in reps.irreps(D6)]
    ind = reps.induce(reps.irreps("C6")[1], "D6", "C6")
    assert ind.group is D6 and ind.dim == 2
    assert reps.restrict(reps.irrep("D6", "E1"), "C6").group is as_group("C6")
    with pytest.raises(ValueError, match="unknown group"):
        reps.so3_irrep("SO5", 1)
    with pytest.raises(TypeError, match="group must be"):
        reps.trivial(3.0)
    with pytest.raises(ValueError, match=r"group must be SO\(3\)"):
        reps.so3_irrep("O3", 1)


def test_embed_accepts_names():
    from gaugemath.groups import embed, is_subgroup

    assert is_subgroup("C4", "D4") and is_subgroup("T", "O") and not is_subgroup("O", "I")
    iota = embed("SO2", "SO3")
    assert np.allclose(iota(SO2.from_angle(0.3)), [[np.cos(0.3), -np.sin(0.3), 0], [np.sin(0.3), np.cos(0.3), 0],
                                                   [0, 0, 1]], rtol=0, atol=1e-15)
    with pytest.raises(TypeError, match="H must be a gaugemath.groups.Group"):
        embed(4, "SO3")

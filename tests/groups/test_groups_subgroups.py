"""embed / is_subgroup: the inclusions of the catalogue, homomorphism of the maps, and non-subgroups."""

import numpy as np
import pytest

from gaugemath.groups import (
    O2,
    O3,
    SO2,
    SO3,
    SU2,
    E,
    SE,
    cyclic,
    dihedral,
    embed,
    full_icosahedral,
    full_octahedral,
    icosahedral,
    is_subgroup,
    octahedral,
    p4,
    p4m,
    pyritohedral,
    tetrahedral,
)

SUBGROUPS = [
    (cyclic(4), dihedral(4)), (cyclic(3, "SO3"), dihedral(6, "SO3")), (dihedral(2), dihedral(4)),
    (dihedral(4), O2()), (cyclic(5), SO2()), (SO2(), O2()), (SO2(), SO3()), (O2(), SO3()), (O2(), O3()),
    (dihedral(4), dihedral(4, "SO3")), (dihedral(3), SO3()), (dihedral(2, "SO3"), tetrahedral()),
    (tetrahedral(), octahedral()), (octahedral(), full_octahedral()), (tetrahedral(), pyritohedral()),
    (pyritohedral(), full_octahedral()), (tetrahedral(), icosahedral()), (icosahedral(), full_icosahedral()),
    (icosahedral(), SO3()), (full_icosahedral(), O3()), (SO3(), O3()), (SU2(), SU2()),
    (SO2(), SE(2)), (O2(), E(2)), (SO3(), SE(3)), (SE(2), E(2)), (SE(3), E(3)), (SO2(), SE(3)),
    (cyclic(4), p4()), (dihedral(4), p4m()), (p4(), p4m()), (p4(), SE(2)), (p4m(), E(2)), (octahedral(), SE(3)),
]
NOT_SUBGROUPS = [
    (octahedral(), icosahedral()), (dihedral(3), dihedral(4)), (O2(), SO2()), (O3(), SO3()), (SU2(), SO3()),
    (SO3(), SU2()), (full_octahedral(), SO3()), (dihedral(4), SO2()), (E(2), SE(2)), (p4m(), p4()), (p4m(), SE(2)),
    (dihedral(8), p4m()), (cyclic(3), p4()), (SE(2), SE(3)), (SO3(), O2()), (SO2(), cyclic(4)), (SO3(), SE(2)),
]


@pytest.mark.parametrize("H,G", SUBGROUPS, ids=[f"{h.name}<{g.name}" for h, g in SUBGROUPS])
def test_embedding_is_an_injective_homomorphism(H, G):
    assert is_subgroup(H, G)
    iota = embed(H, G)
    a = H.elements() if H.is_finite else H.sample(20, seed=1)
    b = np.roll(a, 1, axis=0)
    ia, ib = iota(a), iota(b)
    assert np.all(G.contains(ia))
    assert np.all(G.equal(iota(H.multiply(a, b)), G.multiply(ia, ib), atol=1e-9))  # homomorphism
    assert np.all(G.equal(iota(H.identity()), G.identity()))
    def coincide(z):
        return np.all(np.abs(z[:, None] - z[None]) <= 1e-9, axis=tuple(range(2, z.ndim + 1)))

    assert np.array_equal(coincide(ia), coincide(a))  # injective on the checked elements
    if G.ambient_dim and H.ambient_dim == G.ambient_dim and not isinstance(H, SU2):
        x = np.random.default_rng(0).normal(size=(len(a), G.ambient_dim))
        assert np.allclose(H.act(a, x), G.act(ia, x), rtol=0, atol=1e-10)  # same action on R^d


@pytest.mark.parametrize("H,G", NOT_SUBGROUPS, ids=[f"{h.name}!<{g.name}" for h, g in NOT_SUBGROUPS])
def test_not_a_subgroup_raises(H, G):
    assert not is_subgroup(H, G)
    with pytest.raises(ValueError, match="not a subgroup"):
        embed(H, G)


def test_specific_maps():
    iota = embed(O2(), SO3())
    s = np.diag([1.0, -1.0])
    assert np.allclose(iota(s), np.diag([1.0, -1.0, -1.0]), rtol=0, atol=1e-10)  # reflection -> pi about x
    assert np.allclose(embed(dihedral(5), dihedral(5, "SO3"))(dihedral(5).elements()), dihedral(5, "SO3").elements(), rtol=0, atol=1e-10)
    r = SO2.from_angle(0.3)
    assert np.allclose(embed(SO2(), SE(2))(r), [[r[0, 0], r[0, 1], 0], [r[1, 0], r[1, 1], 0], [0, 0, 1]], rtol=0, atol=1e-10)
    with pytest.raises(ValueError, match="trailing shape"):
        iota(np.eye(3))
    with pytest.raises(TypeError, match="Group"):
        embed([np.eye(2)], O2())

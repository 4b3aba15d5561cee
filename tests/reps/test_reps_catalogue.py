"""gaugemath.reps on the gaugemath.groups catalogue (labels, branching, restriction through
groups.embed, induction, SU(2)) — the same checks as the fixture-based tests, on the real groups."""

import numpy as np
import pytest

from gaugemath import reps

gg = pytest.importorskip("gaugemath.groups")


def test_catalogue_irreps_and_labels():
    groups = [gg.cyclic(5), gg.dihedral(6), gg.dihedral(6, ambient="SO3"), gg.tetrahedral(), gg.pyritohedral(),
              gg.octahedral(), gg.full_octahedral(), gg.icosahedral(), gg.full_icosahedral()]
    for G in groups:
        irr = reps.irreps(G)
        assert sum(r.dim**2 for r in irr) == G.order
        T = G.cayley_table()
        for r in irr:
            assert np.abs(r.table[T] - np.einsum("aij,bjk->abik", r.table, r.table)).max() < 1e-10
    assert [r.name for r in reps.irreps(gg.octahedral())] == ["A1", "A2", "E", "T1", "T2"]
    assert [r.name for r in reps.irreps(gg.icosahedral())] == ["A", "T1", "T2", "G", "H"]
    Oh = gg.full_octahedral()
    assert reps.multiplicities(reps.Representation(Oh, 3, table=Oh.elements())) == {"T1u": 1}


def test_catalogue_branching():
    S3, O, I = gg.SO3(), gg.octahedral(), gg.icosahedral()
    assert reps.multiplicities(reps.restrict(reps.so3_irrep(S3, 2), O)) == {"E": 1, "T2": 1}
    assert reps.multiplicities(reps.restrict(reps.so3_irrep(S3, 3), O)) == {"A2": 1, "T1": 1, "T2": 1}
    assert reps.multiplicities(reps.restrict(reps.so3_irrep(S3, 3), I)) == {"T2": 1, "G": 1}
    assert reps.multiplicities(reps.restrict(reps.so3_irrep(S3, 2, "complex"), gg.SO2()), "complex") == {
        f"k{k}": 1 for k in range(-2, 3)}
    assert reps.multiplicities(reps.restrict(reps.o3_irrep(gg.O3(), 1, -1), S3)) == {"l1": 1}
    assert reps.multiplicities(reps.restrict(reps.o2_irrep(gg.O2(), 3), gg.dihedral(6))) == {"B1": 1, "B2": 1}
    assert reps.multiplicities(reps.restrict(reps.irrep(gg.dihedral(6), "E2"), gg.cyclic(6)), "complex") == {
        "chi2": 1, "chi4": 1}


def test_catalogue_induction_and_errors():
    O, Oh, I = gg.octahedral(), gg.full_octahedral(), gg.icosahedral()
    for rho in reps.irreps(O):
        for tau in reps.irreps(Oh):
            lhs, rhs = reps.frobenius_reciprocity(rho, tau, O)
            assert lhs == rhs
    ind = reps.induce(reps.irreps(gg.cyclic(4))[1], gg.dihedral(4), gg.cyclic(4))
    assert reps.decompose(ind).labels() == {"E1": 1}
    chi = reps.irreps(gg.cyclic(4, ambient="SO3"))[1]
    assert len(reps.induced_intertwiners(chi, chi, O)) == reps.mackey_dimension(chi, chi, O) == 2
    with pytest.raises(ValueError, match="not a subgroup"):
        reps.induce(reps.irreps(O)[0], I, O)
    S = gg.SU2()
    dec = reps.decompose(reps.tensor_product(reps.su2_irrep(S, 0.5), reps.su2_irrep(S, 1.5)))
    assert dec.labels() == {"j1": 1, "j2": 1} and dec.residual(S.sample(3, seed=1)) < 1e-12

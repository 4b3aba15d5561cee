"""reps.irreps for any generating-set order and any faithful realisation (issue "One vocabulary", part 4).

Before the fix, D_4 and D_6 given as ``FiniteGroup([F, R])`` / ``[R, F]`` raised ``IndexError``
(-1 = R(π) was taken for an inversion centre) and Q_8 in O(4) raised ``RuntimeError``.  Every check
here is computed from the element matrices alone (brute-force products and conjugates), not from
gaugemath's Cayley table or class routines.
"""

import numpy as np
import pytest

from gaugemath import reps
from tests.reps.fixtures import nonstandard_finite_groups

CASES = nonstandard_finite_groups()
IDS = [c[0] for c in CASES]

# (number of conjugacy classes, sorted irrep dimensions), from the standard character tables
# (Serre §5.3 for D_N; Q_8 and O, O_h: e.g. Altmann & Herzig, Point-group theory tables, 1994)
EXPECTED = {
    **{f"D{N}[{o}]": ((N + 3) // 2 if N % 2 else (N + 6) // 2,
                     sorted([1] * (2 if N % 2 else 4) + [2] * ((N - 1) // 2 if N % 2 else (N - 2) // 2)))
       for N in (3, 4, 5, 6) for o in ("F,R", "R,F")},
    "D2[F,-1]": (4, [1, 1, 1, 1]),
    "C5[R^3]": (5, [1] * 5),
    "C6[R^5]": (6, [1] * 6),
    "Q8<O(4)": (5, [1, 1, 1, 1, 2]),
    "O[P,Z4]": (5, [1, 1, 2, 3, 3]),
    "Oh[-1,P,Z4]": (10, [1, 1, 1, 1, 2, 2, 3, 3, 3, 3]),
}


def _brute_index(E, M):
    """Index of each matrix of M (m, n, n) among E (k, n, n), by the nearest max-abs distance (< 1e-8)."""
    d = np.max(np.abs(M[:, None] - E[None]), axis=(-2, -1))
    idx = np.argmin(d, axis=1)
    assert np.all(d[np.arange(len(M)), idx] < 1e-8)
    return idx


def _brute_classes(E):
    n = len(E)
    inv = np.linalg.inv(E)
    seen, classes = np.zeros(n, bool), []
    for g in range(n):
        if not seen[g]:
            cl = np.unique(_brute_index(E, E @ E[g] @ inv))
            seen[cl] = True
            classes.append(cl)
    return classes


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_irreps_defining_properties(case):
    label, G, order = case
    E = np.asarray(G.elements())
    assert len(E) == order
    irr = reps.irreps(G)  # raised IndexError / RuntimeError before the fix for D4, D6, Q8
    n_classes, dims = EXPECTED[label]
    classes = _brute_classes(E)
    assert len(classes) == n_classes
    assert len(irr) == n_classes  # number of irreps = number of classes
    assert sorted(r.dim for r in irr) == dims
    assert sum(r.dim**2 for r in irr) == order
    prod = _brute_index(E, np.einsum("aij,bjk->abik", E, E).reshape(-1, *E.shape[1:])).reshape(order, order)
    for r in irr:
        M = r.table
        # homomorphism on all pairs: rho(g) rho(h) = rho(gh)
        err = np.max(np.abs(np.einsum("aij,bjk->abik", M, M) - M[prod]))
        assert err < 1e-10, (label, r.name, err)
        assert np.max(np.abs(M[0] - np.eye(r.dim))) < 1e-12
    # character orthogonality, exact counts: <chi_a, chi_b> = delta_ab (so each is irreducible)
    X = np.stack([np.trace(r.table, axis1=1, axis2=2) for r in irr])
    gram = X.conj() @ X.T / order
    assert np.array_equal(np.rint(gram.real).astype(int), np.eye(len(irr), dtype=int))
    assert np.max(np.abs(gram - np.eye(len(irr)))) < 1e-10
    # characters are class functions
    for cl in classes:
        assert np.max(np.abs(X[:, cl] - X[:, cl[:1]])) < 1e-10
    assert len({r.name for r in irr}) == len(irr)


@pytest.mark.parametrize("N", [3, 4, 5, 6])
def test_dihedral_labels_independent_of_generator_order(N):
    """Any generator order gives D_N's labels A1, A2, (B1, B2), E1.. and the same characters."""
    FR, RF = (c[1] for c in CASES if c[0] in (f"D{N}[F,R]", f"D{N}[R,F]"))
    want = ["A1", "A2"] + (["B1", "B2"] if N % 2 == 0 else []) + [f"E{j}" for j in range(1, (N + 1) // 2)]
    for G in (FR, RF):
        assert [r.name for r in reps.irreps(G)] == want
    # E_j has character 2 cos(2 pi j k / N) on the rotation by 2 pi k / N, 0 on reflections
    for G in (FR, RF):
        E = np.asarray(G.elements())
        ang = np.arctan2(E[:, 1, 0], E[:, 0, 0])
        det = np.linalg.det(E)
        for j in range(1, (N + 1) // 2):
            chi = np.trace(reps.irrep(G, f"E{j}").table, axis1=1, axis2=2)
            expect = np.where(det > 0, 2 * np.cos(j * ang), 0.0)
            assert np.max(np.abs(chi - expect)) < 1e-12


def test_quaternion_group_has_a_quaternionic_irrep():
    G = dict((c[0], c[1]) for c in CASES)["Q8<O(4)"]
    irr = reps.irreps(G)
    two = [r for r in irr if r.dim == 2]
    assert len(two) == 1 and two[0].meta["type"] == "quaternionic"
    assert round(reps.frobenius_schur_indicator(two[0])) == -1
    # the defining 4-d real representation is twice the quaternionic irrep (4 = 2 * 2)
    vec = reps.Representation(G, 4, table=G.elements())
    assert reps.character_inner_product(two[0], vec) == pytest.approx(2.0, rel=0, abs=1e-12)


def test_oh_from_generators_is_product_with_inversion():
    """-1 in odd dimension: O_h irreps restrict to O's and carry g/u parity labels."""
    G = dict((c[0], c[1]) for c in CASES)["Oh[-1,P,Z4]"]
    names = sorted(r.name for r in reps.irreps(G))
    assert names == sorted(["A1g", "A2g", "Eg", "T1g", "T2g", "A1u", "A2u", "Eu", "T1u", "T2u"])

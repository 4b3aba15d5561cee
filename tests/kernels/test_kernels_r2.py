"""R² bases for SO(2), O(2), C_N, D_N: completeness vs an independent nullspace, span,
equivariance at rotated continuous points, exact grid constraint, hand counts, symbolic check."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath.kernels import steerable_basis
from gaugemath.kernels.nullspace import solve_kernel_space

from .helpers import act, block_rho, equivariance_error, random_elements, span_projector
from .strategies import planar_groups, planar_irreps, seeds

CASES = [
    ("SO2", [0, 1, 2], [0, 1, 3]),
    ("C4", [0, 1, 2], [0, 1, 2]),
    ("C6", [0, 1, 3], [0, 2, 3]),
    ("C3", [0, 1], [1, 0]),
    ("O2", ["trivial", "sign", 1, 2], ["trivial", "sign", 1, 3]),
    ("D4", [(0, 0), (1, 0), (0, 2), (1, 2), 1], [(0, 0), (1, 0), (0, 2), (1, 2), 1]),
    ("D6", [(0, 3), 1, 2], [(1, 3), 2, (1, 0)]),
    ("D1", [(0, 0), (1, 0)], [(1, 0), (0, 0)]),
]


@pytest.mark.parametrize("group,ins,outs", CASES)
def test_complete_and_same_span_as_nullspace(group, ins, outs, rng):
    b = steerable_basis("R2", group, ins, outs, size=5)
    dim, evaluate = solve_kernel_space(group, ins, outs, b.radii, b.sigmas, b.fmax)
    assert len(b) == dim
    pts = rng.normal(size=(150, 2)) * 1.5
    P1, r1 = span_projector(b.evaluate(pts))
    P2, r2 = span_projector(evaluate(pts))
    assert r1 == r2 == dim  # linearly independent, and the same space
    np.testing.assert_allclose(P1, P2, rtol=0, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(data=st.data(), group=planar_groups, seed=seeds)
def test_equivariance_random_elements(data, group, seed):
    ins = data.draw(st.lists(planar_irreps(group), min_size=1, max_size=2))
    outs = data.draw(st.lists(planar_irreps(group), min_size=1, max_size=2))
    b = steerable_basis("R2", group, ins, outs, size=7)
    pts = np.random.default_rng(seed).normal(size=(40, 2)) * 2
    th, fl = random_elements(b.group, 3, seed)
    for g, f in zip(th, fl):
        assert equivariance_error(b, g, f, pts) < 1e-12


@settings(max_examples=15, deadline=None)
@given(data=st.data(), group=planar_groups)
def test_completeness_random_pairs(data, group):
    lo, li = data.draw(planar_irreps(group)), data.draw(planar_irreps(group))
    b = steerable_basis("R2", group, li, lo, size=7)
    dim, _ = solve_kernel_space(group, [li], [lo], b.radii, b.sigmas, b.fmax)
    assert len(b) == dim


def _grid_constraint_error(b, g, f):
    """Exact constraint on the sampled grid for a g mapping the grid to itself."""
    from gaugemath.kernels import grid_points

    pts = grid_points(b.size, 2).reshape(-1, 2)
    K = b.sample().reshape(len(b), b.out_dim, b.in_dim, -1)
    gp = act(b.group, g, f, pts)
    c = (b.size - 1) / 2
    idx = np.rint(gp + c).astype(int)
    assert np.allclose(gp + c, idx, rtol=0, atol=1e-12)
    perm = idx[:, 0] * b.size + idx[:, 1]
    ro, ri = block_rho(b, b.out_irreps, g, f), block_rho(b, b.in_irreps, g, f)
    return np.abs(K[..., perm] - np.einsum("ab,nbcp,dc->nadp", ro, K, ri)).max()


@pytest.mark.parametrize("group", ["C4", "D4", "C2", "D2"])
def test_grid_constraint_exact_for_grid_symmetries(group):
    N = int(group[1:])
    labels = {"C4": [0, 1, 2], "D4": [(0, 0), (1, 2), 1], "C2": [0, 1], "D2": [(0, 0), (1, 1), (0, 1)]}[group]
    b = steerable_basis("R2", group, labels, labels, size=7)
    for t in range(N):
        for f in ([0, 1] if group[0] == "D" else [0]):
            assert _grid_constraint_error(b, 2 * np.pi * t / N, f) < 1e-13


def test_hand_counts_weiler_cesa_table8():
    # SO(2), psi_m -> psi_n (m, n > 0): 4 harmonic elements per ring once |n ± m| fit the band.
    b = steerable_basis("R2", "SO2", 1, 2, radii=[2.0], max_frequency=3)
    assert len(b) == 4
    assert sorted((md["kind"], md["signed_frequency"]) for md in b.metadata) == [
        ("refl", 3), ("refl", 3), ("rot", 1), ("rot", 1)]
    # O(2): half of them (beta = 0 only)
    assert len(steerable_basis("R2", "O2", 1, 2, radii=[2.0], max_frequency=3)) == 2
    # trivial -> trivial: one element per ring (constant angular part)
    assert len(steerable_basis("R2", "SO2", 0, 0, size=7)) == 4
    # O(2) trivial -> sign: none (frequency 0 is forced and the flip kills it)
    assert len(steerable_basis("R2", "O2", "trivial", "sign", size=7)) == 0
    # D(N): trivial -> sign allowed through aliasing: sin(N phi) at rings with f_max >= N
    b = steerable_basis("R2", "D4", (0, 0), (1, 0), size=7)
    assert [md["signed_frequency"] for md in b.metadata] == [4, 4]  # rings r = 2, 3 (f_max 4, 6)


def _symbolic_element(md):
    phi = sp.Symbol("phi", real=True)
    f, beta, kind = md["signed_frequency"], sp.pi / 2 if md["phase"] else 0, md["kind"]
    c, s = sp.cos(f * phi + beta), sp.sin(f * phi + beta)
    cm, sm = sp.cos(f * phi - beta), sp.sin(f * phi - beta)
    return phi, {
        "11": sp.Matrix([[cm]]),
        "21": sp.Matrix([[c], [s]]),
        "12": sp.Matrix([[cm, sm]]),
        "rot": sp.Matrix([[c, -s], [s, c]]),
        "refl": sp.Matrix([[c, s], [s, -c]]),
    }[kind]


def _sym_irrep(label, theta, flip, N=None):
    j, k = label
    if k == 0 or (N is not None and 2 * k == N):
        return sp.Matrix([[sp.cos(k * theta) * (-1) ** (j * flip)]])
    R = sp.Matrix([[sp.cos(k * theta), -sp.sin(k * theta)], [sp.sin(k * theta), sp.cos(k * theta)]])
    return R * sp.diag(1, -1) if flip else R


@pytest.mark.parametrize("group,lin,lout", [("SO2", 1, 2), ("SO2", 0, 3), ("SO2", 2, 0), ("O2", 1, 1), ("O2", "sign", 2), ("O2", 2, "sign")])
def test_symbolic_equivariance_small_cases(group, lin, lout, rng):
    """Each element satisfies the constraint identically in (phi, theta), checked by SymPy."""
    b = steerable_basis("R2", group, lin, lout, radii=[2.0])
    theta = sp.Symbol("theta", real=True)
    assert len(b) > 0
    pts = rng.normal(size=(5, 2))
    for n, md in enumerate(b.metadata):
        phi, K = _symbolic_element(md)
        for flip in ([0, 1] if group == "O2" else [0]):
            ro, ri = _sym_irrep(md["out_irrep"], theta, flip), _sym_irrep(md["in_irrep"], theta, flip)
            phi_g = (-phi if flip else phi) + theta
            lhs = K.subs(phi, phi_g)
            diff = (lhs - ro * K * ri.T).applyfunc(lambda e: sp.expand(e.rewrite(sp.exp)))
            assert diff == sp.zeros(*K.shape)
        # the numeric evaluation is this formula times the radial Gaussian
        vals = b.evaluate(pts)[n]
        ang = np.arctan2(pts[:, 1], pts[:, 0])
        rad = np.exp(-((np.linalg.norm(pts, axis=1) - 2.0) ** 2) / (2 * 0.6**2))
        f = sp.lambdify(phi, K, "numpy")
        ref = np.stack([np.array(f(a), dtype=float) * r for a, r in zip(ang, rad)], axis=-1)
        np.testing.assert_allclose(vals, ref, rtol=0, atol=1e-14)


def test_metadata_and_shapes():
    b = steerable_basis("R2", "C4", [0, 1], [1, 2], size=5)
    K = b.sample()
    assert K.shape == (len(b), 3, 3, 5, 5)
    md = b.metadata_arrays()
    assert set(md) >= {"out_block", "in_block", "shell", "radius", "frequency", "kind", "phase"}
    assert np.all(md["frequency"] <= np.array([b.fmax[s] for s in md["shell"]]))
    # block structure: element b is zero outside its (out_block, in_block) block
    osl, isl = b.block_slices()
    for n, m in enumerate(b.metadata):
        mask = np.ones((3, 3), bool)
        mask[osl[m["out_block"]], isl[m["in_block"]]] = False
        assert np.all(K[n][mask] == 0)


@pytest.mark.parametrize(
    "kwargs,exc,match",
    [
        (dict(space="R2", group="C4", in_irreps=3, out_irreps=0, size=5), ValueError, "in 0..2"),
        (dict(space="R2", group="SO2", in_irreps=-1, out_irreps=0, size=5), ValueError, ">= 0"),
        (dict(space="R2", group="SO2", in_irreps=1.5, out_irreps=0, size=5), TypeError, "integer"),
        (dict(space="R2", group="O2", in_irreps="vector", out_irreps=0, size=5), ValueError, "trivial"),
        (dict(space="R2", group="O2", in_irreps=(0, 1), out_irreps=1, size=5), ValueError, r"\(1, 1\)"),
        (dict(space="R2", group="D4", in_irreps=2, out_irreps=1, size=5), ValueError, "two 1-dim"),
        (dict(space="R2", group="D4", in_irreps=(1, 3), out_irreps=1, size=5), ValueError, "0..2"),
        (dict(space="R2", group="O2", in_irreps=0, out_irreps=1, size=5), ValueError, "ambiguous"),
        (dict(space="R2", group="SO2", in_irreps=0, out_irreps=0, size=4), ValueError, "odd"),
        (dict(space="R2", group="SO2", in_irreps=0, out_irreps=0, size=0), ValueError, "odd"),
        (dict(space="R2", group="SO2", in_irreps=0, out_irreps=0, size=5.0), TypeError, "odd integer"),
        (dict(space="R2", group="SO2", in_irreps=0, out_irreps=0), ValueError, "size"),
        (dict(space="R2", group="SO3", in_irreps=0, out_irreps=0, size=5), ValueError, "does not act"),
        (dict(space="R4", group="SO2", in_irreps=0, out_irreps=0, size=5), ValueError, "space"),
        (dict(space="R2", group="Q8", in_irreps=0, out_irreps=0, size=5), ValueError, "group"),
        (dict(space="R2", group="SO2", in_irreps=[], out_irreps=0, size=5), ValueError, "at least one"),
        (dict(space="R2", group="SO2", in_irreps=0, out_irreps=0, size=5, sigma=0.0), ValueError, "sigma"),
        (dict(space="R2", group="SO2", in_irreps=0, out_irreps=0, radii=[-1.0]), ValueError, "radii"),
        (dict(space="R2", group="SO2", in_irreps=0, out_irreps=0, size=5, max_frequency=-1), ValueError, "max_frequency"),
    ],
)
def test_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        steerable_basis(**kwargs)


def test_bad_points():
    b = steerable_basis("R2", "SO2", 0, 1, size=3)
    with pytest.raises(ValueError, match=r"\(\.\.\., 2\)"):
        b.evaluate(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="finite"):
        b.evaluate(np.full((1, 2), np.nan))
    with pytest.raises(ValueError, match="without a grid size"):
        steerable_basis("R2", "SO2", 0, 1, radii=[1.0]).sample()


@pytest.mark.parametrize("space,group,ins,outs", [("R2", "D4", [(0, 0), 1, (1, 2)], [1, (0, 0)]), ("R3", "O3", ["1o", "2e"], ["0e", "1o"])])
def test_block_layout_equals_dense(space, group, ins, outs):
    b = steerable_basis(space, group, ins, outs, size=5)
    K = b.sample()
    osl, isl = b.block_slices()
    seen = []
    for (ob, ib), (idx, vals) in b.sample_blocks().items():
        np.testing.assert_array_equal(K[idx][:, osl[ob], isl[ib]], vals)
        seen.extend(idx.tolist())
    assert sorted(seen) == list(range(len(b)))


def test_project_planar_non_square(rng):
    b = steerable_basis("R2", "D4", [(0, 0), 1], [1], size=5)
    with pytest.raises(ValueError, match="square"):
        b.project(np.zeros((2, 3, 5, 3)))
    w = rng.normal(size=len(b))
    w2, res = b.project(b.expand(w))
    np.testing.assert_allclose(w2, w, rtol=0, atol=1e-10)
    assert res < 1e-12


@pytest.mark.parametrize("group,labels", [("SO2", [0, 1, 3]), ("O2", ["trivial", "sign", 1, 2]), ("C4", [0, 1, 2]),
                                          ("C5", [0, 1, 2]), ("D6", [(0, 0), (1, 0), 1, 2, (0, 3), (1, 3)]),
                                          ("D5", [(0, 0), (1, 0), 1, 2])])
def test_irrep_matrix_matches_closed_form(group, labels):
    """The kernels' irreps (taken from gaugemath.reps) equal the closed forms written in the test
    helpers, at group elements R(θ) diag(1, -1)^s built here (the flip of groups.O2)."""
    from gaugemath.groups import as_group
    from gaugemath.kernels.irreps import irrep_matrix, parse_irreps

    from .helpers import closed_form_irrep, element

    G = as_group(group)
    N = getattr(G, "N", None) if G.family in ("cyclic", "dihedral") else None
    thetas = [0.3, -2.0, 1.1] if N is None else [2 * np.pi * t / N for t in range(N)]
    for th in thetas:
        for f in ([0, 1] if G.family in ("O2", "dihedral") else [0]):
            g = element(G, th, f)
            for lab in labels:
                norm = parse_irreps(G, lab)[0]
                np.testing.assert_allclose(irrep_matrix(G, lab, g), closed_form_irrep(G, norm, th, f), rtol=0, atol=1e-13)


def test_group_objects_and_names_are_interchangeable():
    from gaugemath import groups

    b1 = steerable_basis("R2", "D4", [(0, 0), 1], [1], size=5)
    b2 = steerable_basis("R2", groups.dihedral(4), [(0, 0), 1], [1], size=5)
    assert b1.group.family == b2.group.family == "dihedral" and b1.group.N == 4 and b1.group_label == "D4"
    np.testing.assert_allclose(b1.sample(), b2.sample(), rtol=0, atol=0)
    with pytest.raises(ValueError, match="group"):
        steerable_basis("R2", groups.dihedral(4, ambient="SO3"), 1, 1, size=5)
    with pytest.raises(ValueError, match="group"):
        steerable_basis("R2", "Oh", 1, 1, size=5)

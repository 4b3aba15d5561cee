"""R³ bases for SO(3) and O(3): completeness vs nullspace, span, equivariance at rotated
continuous points (scipy rotations), exact cube-symmetry constraint on the grid, counts."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from gaugemath.kernels import grid_points, steerable_basis
from gaugemath.kernels.nullspace import solve_kernel_space

from .helpers import act, block_rho, equivariance_error, span_projector
from .strategies import o3_irreps, seeds, so3_irreps


@pytest.mark.parametrize(
    "group,ins,outs,size",
    [
        ("SO3", [0, 1], [1, 2], 5),
        ("SO3", [2], [2, 1], 3),
        ("SO3", [1, 1], [0], 7),
        ("O3", [(1, 1), (0, -1)], [(1, -1), (0, 1), (2, 1)], 3),
        ("O3", [(2, -1)], [(1, 1)], 5),
    ],
)
def test_complete_and_same_span_as_nullspace(group, ins, outs, size, rng):
    b = steerable_basis("R3", group, ins, outs, size=size, max_frequency=3)  # F <= 3 keeps the solver small
    dim, evaluate = solve_kernel_space(group, ins, outs, b.radii, b.sigmas, b.fmax)
    assert len(b) == dim
    pts = rng.normal(size=(120, 3)) * 1.5
    P1, r1 = span_projector(b.evaluate(pts))
    P2, r2 = span_projector(evaluate(pts))
    assert r1 == r2 == dim
    np.testing.assert_allclose(P1, P2, rtol=0, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(
    ins=st.lists(so3_irreps, min_size=1, max_size=2),
    outs=st.lists(so3_irreps, min_size=1, max_size=2),
    seed=seeds,
    o3=st.booleans(),
    parities=st.lists(st.sampled_from([1, -1]), min_size=4, max_size=4),
)
def test_equivariance_random_rotations(ins, outs, seed, o3, parities):
    if o3:
        ins = [(ell, parities[i]) for i, ell in enumerate(ins)]
        outs = [(ell, parities[2 + i]) for i, ell in enumerate(outs)]
    b = steerable_basis("R3", "O3" if o3 else "SO3", ins, outs, size=7)
    rng = np.random.default_rng(seed)
    pts = rng.normal(size=(30, 3)) * 2
    for R in Rotation.random(2, random_state=seed).as_matrix():
        for flip in ([0, 1] if o3 else [0]):
            assert equivariance_error(b, R, flip, pts) < 1e-12


@settings(max_examples=10, deadline=None)
@given(lo=o3_irreps, li=o3_irreps)
def test_o3_parity_selection_and_count(lo, li):
    b = steerable_basis("R3", "O3", [li], [lo], radii=[2.0])  # f_max = 4
    Js = [md["J"] for md in b.metadata]
    expected = [J for J in range(abs(lo[0] - li[0]), min(lo[0] + li[0], 4) + 1) if (-1) ** J == lo[1] * li[1]]
    assert Js == expected


def test_hand_count_so3_1_to_2_size_7():
    # shells r = 0,1,2,3 with J_max = 0,2,4,6; J in {1,2,3}: none at r=0, {1,2} at r=1, three each after
    b = steerable_basis("R3", "SO3", 1, 2, size=7)
    assert len(b) == 8
    assert [(md["shell"], md["J"]) for md in b.metadata] == [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3)]
    assert b.sample().shape == (8, 5, 3, 7, 7, 7)


def test_grid_constraint_exact_for_cube_rotations():
    b = steerable_basis("R3", "O3", [(1, -1), (2, 1)], [(1, -1), (0, 1)], size=5)
    pts = grid_points(5, 3).reshape(-1, 3)
    K = b.sample().reshape(len(b), b.out_dim, b.in_dim, -1)
    cube = [Rotation.from_euler("z", 90, degrees=True), Rotation.from_euler("x", 90, degrees=True)]
    for R in (r.as_matrix() for r in cube):
        for flip in (0, 1):
            gp = act(b.group, R, flip, pts) + 2
            idx = np.rint(gp).astype(int)
            assert np.allclose(gp, idx, rtol=0, atol=1e-12)
            perm = (idx[:, 0] * 5 + idx[:, 1]) * 5 + idx[:, 2]
            ro, ri = block_rho(b, b.out_irreps, R, flip), block_rho(b, b.in_irreps, R, flip)
            assert np.abs(K[..., perm] - np.einsum("ab,nbcp,dc->nadp", ro, K, ri)).max() < 1e-13


def test_value_at_origin_and_continuity():
    b = steerable_basis("R3", "SO3", [0, 1], [0, 1], size=5)
    K0 = b.evaluate(np.zeros((1, 3)))[..., 0]
    for n, md in enumerate(b.metadata):
        if md["J"] > 0:
            assert np.all(K0[n] == 0)
    # J = 0 elements are constant intertwiners: identity-proportional on matching blocks
    n = next(i for i, md in enumerate(b.metadata) if md["J"] == 0 and md["out_block"] == 1 and md["in_block"] == 1)
    blk = K0[n][1:, 1:]
    np.testing.assert_allclose(blk, blk[0, 0] * np.eye(3), rtol=0, atol=1e-15)


@pytest.mark.parametrize(
    "kwargs,exc,match",
    [
        (dict(space="R3", group="SO3", in_irreps=-1, out_irreps=0, size=5), ValueError, "l >= 0"),
        (dict(space="R3", group="SO3", in_irreps="1", out_irreps=0, size=5), TypeError, "integer"),
        (dict(space="R3", group="O3", in_irreps=1, out_irreps=(0, 1), size=5), ValueError, r"\(l, p\)"),
        (dict(space="R3", group="O3", in_irreps=(1, 0), out_irreps=(0, 1), size=5), ValueError, "p in"),
        (dict(space="R3", group="O3", in_irreps="1x", out_irreps=(0, 1), size=5), ValueError, "'1o'"),
        (dict(space="R3", group="SO3", in_irreps=1, out_irreps=1, size=6), ValueError, "odd"),
        (dict(space="R3", group="SO2", in_irreps=1, out_irreps=1, size=5), ValueError, "does not act"),
    ],
)
def test_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        steerable_basis(**kwargs)


def test_e3nn_style_o3_labels():
    a = steerable_basis("R3", "O3", ["1o", "2e"], "1e", size=5)
    b = steerable_basis("R3", "O3", [(1, -1), (2, 1)], (1, 1), size=5)
    assert a.in_irreps == b.in_irreps and len(a) == len(b)


def test_symbolic_vector_to_vector_kernels():
    """SO(3), l=1 -> l=1: J = 0, 1, 2 are (up to a constant) I, the cross-product matrix [x]x and
    x x^T - |x|^2 I/3 in the real basis order (y, z, x); those satisfy (1) exactly (SymPy, with
    a rational rotation matrix), and our numeric elements are proportional to them."""
    import sympy as sp

    x, y, z = sp.symbols("x y z", real=True)
    v = sp.Matrix([x, y, z])
    forms = {
        0: sp.eye(3),
        1: sp.Matrix([[0, -z, y], [z, 0, -x], [-y, x, 0]]),
        2: v * v.T - (v.T * v)[0] * sp.eye(3) / 3,
    }
    Rz = sp.Matrix([[sp.Rational(3, 5), -sp.Rational(4, 5), 0], [sp.Rational(4, 5), sp.Rational(3, 5), 0], [0, 0, 1]])
    Rx = sp.Matrix([[1, 0, 0], [0, sp.Rational(5, 13), -sp.Rational(12, 13)], [0, sp.Rational(12, 13), sp.Rational(5, 13)]])
    R = Rz * Rx
    assert R.T * R == sp.eye(3) and R.det() == 1
    for M in forms.values():
        Mg = M.subs({x: (R * v)[0], y: (R * v)[1], z: (R * v)[2]}, simultaneous=True)
        assert (Mg - R * M * R.T).applyfunc(sp.expand) == sp.zeros(3, 3)
    b = steerable_basis("R3", "SO3", 1, 1, radii=[1.0])
    pts = np.random.default_rng(4).normal(size=(12, 3))
    u = pts / np.linalg.norm(pts, axis=1, keepdims=True)
    prof = np.exp(-((np.linalg.norm(pts, axis=1) - 1.0) ** 2) / (2 * 0.6**2))
    K = b.evaluate(pts) / prof
    perm = [1, 2, 0]  # real basis order (y, z, x)
    for n, md in enumerate(b.metadata):
        f = sp.lambdify((x, y, z), forms[md["J"]], "numpy")
        ref = np.stack([np.array(f(*p), dtype=float)[np.ix_(perm, perm)] for p in u], -1)
        c = np.sum(K[n] * ref) / np.sum(ref * ref)
        assert abs(c) > 1e-3
        np.testing.assert_allclose(K[n], c * ref, rtol=0, atol=1e-13)


def test_expand_and_project_roundtrip_and_non_equivariant_kernels(rng):
    b = steerable_basis("R3", "SO3", [0, 1], [1], size=5)
    w = rng.normal(size=len(b))
    K = b.expand(w)
    assert K.shape == (3, 4, 5, 5, 5)
    w2, res = b.project(K)
    np.testing.assert_allclose(w2, w, rtol=0, atol=1e-10)
    assert res < 1e-12
    _, res_random = b.project(rng.normal(size=K.shape))  # a generic kernel is far from the span
    assert res_random > 0.5


@pytest.mark.parametrize(
    "shape,match",
    [((3, 4, 5, 5), "shape"), ((3, 4, 5, 5, 3), "cubic"), ((3, 4, 4, 4, 4), "odd"), ((3, 4, 7, 7, 7), "for this basis"),
     ((4, 3, 5, 5, 5), "for this basis")],
)
def test_project_rejects_wrongly_shaped_kernels(shape, match):
    b = steerable_basis("R3", "SO3", [0, 1], [1], size=5)
    with pytest.raises(ValueError, match=match):
        b.project(np.zeros(shape))
    with pytest.raises(ValueError, match="weights"):
        b.expand(np.zeros(len(b) + 1))
    with pytest.raises(TypeError, match="real"):
        b.project(np.zeros((3, 4, 5, 5, 5), complex))

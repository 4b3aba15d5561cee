"""G-CNN layers on p4 / p4m: brute force over group elements, exact equivariance, linearity."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath.layers import gcnn
from gaugemath.layers.gcnn import (
    act_on_features,
    act_on_image,
    correlate2d,
    d4_cayley_table,
    group_conv_p4,
    group_conv_p4m,
    group_inverse,
    lift_p4,
    lift_p4m,
    pool_rotations,
)

LIFT = {"p4": lift_p4, "p4m": lift_p4m}
GCONV = {"p4": group_conv_p4, "p4m": group_conv_p4m}
ORDER = {"p4": 4, "p4m": 8}

# ---------------------------------------------------------------- independent geometry
R90 = np.array([[0, -1], [1, 0]])
S = np.diag([1, -1])


def matrix(h):
    """2x2 integer matrix of the stabiliser element h = r^k s^m (index k + 4m), built from scratch."""
    k, m = h % 4, h // 4
    return np.linalg.matrix_power(R90, k) @ np.linalg.matrix_power(S, m)


def index_of(M, n):
    return next(h for h in range(n) if np.array_equal(matrix(h), M))


def coords(n):
    """(x, y) of pixel [i, j] on an n x n grid: x = j - c, y = c - i (c = (n-1)/2), doubled to stay integral."""
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    return np.stack([2 * j - (n - 1), (n - 1) - 2 * i], axis=-1)  # 2x, 2y


def lookup(arr, z2, n):
    """Value of a centred n x n array at doubled coordinate z2 (0 outside the support)."""
    j = (z2[0] + (n - 1)) // 2
    i = ((n - 1) - z2[1]) // 2
    if (z2[0] + (n - 1)) % 2 or ((n - 1) - z2[1]) % 2 or not (0 <= i < n and 0 <= j < n):
        return 0.0
    return arr[..., i, j]


def brute_lift(f, psi, group, padding):
    """Eq. (10) as an explicit sum over y in Z^2 and group elements, coordinates via integer matrices."""
    B, C, n, _ = f.shape
    O, _, k, _ = psi.shape
    nh = ORDER[group]
    p = (k - 1) // 2
    m = n if padding == "same" else n - k + 1
    off = 0 if padding == "same" else p
    X = coords(n)
    out = np.zeros((B, O, nh, m, m))
    for h in range(nh):
        Minv = np.linalg.inv(matrix(h)).round().astype(int)
        for i in range(m):
            for j in range(m):
                t2 = X[i + off, j + off]
                for yi in range(n):
                    for yj in range(n):
                        z2 = Minv @ (X[yi, yj] - t2)
                        val = lookup(psi, z2, k)  # (O, C) or 0
                        out[:, :, h, i, j] += np.einsum("bc,oc->bo", f[:, :, yi, yj], np.broadcast_to(val, (O, C)))
    return out


def brute_gconv(F, Psi, group, padding):
    """Eq. (11): sum over y and s in H of F(y, s) Psi(h^{-1}(y - t), h^{-1} s)."""
    B, C, nh, n, _ = F.shape
    O, _, _, k, _ = Psi.shape
    p = (k - 1) // 2
    m = n if padding == "same" else n - k + 1
    off = 0 if padding == "same" else p
    X = coords(n)
    out = np.zeros((B, O, nh, m, m))
    for h in range(nh):
        Minv = np.linalg.inv(matrix(h)).round().astype(int)
        for s in range(nh):
            hs = index_of(Minv @ matrix(s), nh)
            for i in range(m):
                for j in range(m):
                    t2 = X[i + off, j + off]
                    for yi in range(n):
                        for yj in range(n):
                            val = lookup(Psi[:, :, hs], Minv @ (X[yi, yj] - t2), k)
                            out[:, :, h, i, j] += np.einsum("bc,oc->bo", F[:, :, s, yi, yj],
                                                            np.broadcast_to(val, (O, C)))
    return out


@pytest.mark.parametrize("group", ["p4", "p4m"])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_lift_matches_brute_force(group, padding, rng):
    f = rng.normal(size=(2, 2, 5, 5))
    psi = rng.normal(size=(3, 2, 3, 3))
    np.testing.assert_allclose(LIFT[group](f, psi, padding), brute_lift(f, psi, group, padding), rtol=0, atol=1e-12)


@pytest.mark.parametrize("group", ["p4", "p4m"])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_group_conv_matches_brute_force(group, padding, rng):
    F = rng.normal(size=(1, 2, ORDER[group], 4, 4))
    Psi = rng.normal(size=(2, 2, ORDER[group], 3, 3))
    np.testing.assert_allclose(GCONV[group](F, Psi, padding), brute_gconv(F, Psi, group, padding), rtol=0, atol=1e-12)


# ---------------------------------------------------------------- the actions
@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_image_action_is_f_of_h_inverse_x(group, rng):
    n = 5
    f = rng.normal(size=(n, n))
    X = coords(n)
    for h in range(ORDER[group]):
        g = act_on_image(f, h, group)
        Minv = np.linalg.inv(matrix(h)).round().astype(int)
        expect = np.array([[lookup(f, Minv @ X[i, j], n) for j in range(n)] for i in range(n)])
        np.testing.assert_array_equal(g, expect)


def test_cayley_table_matches_matrices():
    T = d4_cayley_table("p4m")
    for a in range(8):
        for b in range(8):
            assert T[a, b] == index_of(matrix(a) @ matrix(b), 8)
        assert T[a, group_inverse(a)] == 0
    np.testing.assert_array_equal(d4_cayley_table("p4"), T[:4, :4])


def test_group_objects_and_point_group_element_order():
    from gaugemath import groups

    for name, n in (("p4", 4), ("p4m", 8)):
        P = gcnn.point_group(name)
        # the integer index is the element order of groups.cyclic(4) / dihedral(4) and of p4(m)'s points
        np.testing.assert_allclose(np.asarray(P.elements()), groups.as_group(name).point_elements(), rtol=0, atol=1e-15)
        np.testing.assert_allclose(np.asarray(P.elements()), np.array([matrix(a) for a in range(n)]), rtol=0, atol=1e-15)
    f = np.arange(25.0).reshape(5, 5)
    for u in range(8):
        np.testing.assert_array_equal(act_on_image(f, u, groups.p4m()), act_on_image(f, u, "p4m"))
    with pytest.raises(ValueError, match="p4 or p4m"):
        act_on_image(f, 1, "D4")
    with pytest.raises(ValueError, match="unknown group"):
        act_on_image(f, 1, "p6")


@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_feature_action_is_a_group_action(group, rng):
    F = rng.normal(size=(2, ORDER[group], 6, 6))
    T = d4_cayley_table(group)
    for u in range(ORDER[group]):
        for v in range(ORDER[group]):
            lhs = act_on_features(act_on_features(F, v, group), u, group)
            np.testing.assert_array_equal(lhs, act_on_features(F, T[u, v], group))
    # translations compose with the point group as in the semidirect product: (t,1)(0,h) = (t,h)
    u = ORDER[group] - 1
    both = act_on_features(F, u, group, shift=(2, -1))
    np.testing.assert_array_equal(both, act_on_features(act_on_features(F, u, group), 0, group, shift=(2, -1)))


# ---------------------------------------------------------------- equivariance
@pytest.mark.parametrize("group", ["p4", "p4m"])
@pytest.mark.parametrize("padding", ["valid", "same", "circular"])
def test_point_group_equivariance_exact(group, padding, rng):
    f = rng.normal(size=(2, 3, 9, 9))
    psi = rng.normal(size=(4, 3, 3, 3))
    Psi = rng.normal(size=(2, 4, ORDER[group], 3, 3))
    F = LIFT[group](f, psi, padding)
    G = GCONV[group](F, Psi, padding)
    for u in range(ORDER[group]):
        fu = act_on_image(f, u, group)
        Fu = LIFT[group](fu, psi, padding)
        np.testing.assert_allclose(Fu, act_on_features(F, u, group), rtol=0, atol=1e-12)
        np.testing.assert_allclose(GCONV[group](Fu, Psi, padding), act_on_features(G, u, group), rtol=0, atol=1e-12)
        np.testing.assert_allclose(pool_rotations(Fu), act_on_image(pool_rotations(F), u, group), rtol=0, atol=1e-12)
        np.testing.assert_allclose(pool_rotations(Fu, "mean"), act_on_image(pool_rotations(F, "avg"), u, group),
                                   rtol=0, atol=1e-12)
    np.testing.assert_allclose(pool_rotations(F, "mean"), F.mean(axis=2), rtol=0, atol=1e-15)
    np.testing.assert_array_equal(pool_rotations(F, "max"), F.max(axis=2))


@settings(max_examples=20, deadline=None)
@given(group=st.sampled_from(["p4", "p4m"]), u=st.integers(0, 7), tx=st.integers(-7, 7), ty=st.integers(-7, 7),
       seed=st.integers(0, 2**31), k=st.sampled_from([1, 3, 5]))
def test_roto_translation_equivariance_circular(group, u, tx, ty, seed, k):
    u %= ORDER[group]
    r = np.random.default_rng(seed)
    f = r.normal(size=(1, 2, 8, 8))
    psi = r.normal(size=(2, 2, k, k))
    Psi = r.normal(size=(1, 2, ORDER[group], k, k))
    F = LIFT[group](f, psi, "circular")
    G = GCONV[group](F, Psi, "circular")
    fu = act_on_image(f, u, group, shift=(tx, ty))
    Fu = LIFT[group](fu, psi, "circular")
    np.testing.assert_allclose(Fu, act_on_features(F, u, group, shift=(tx, ty)), rtol=0, atol=1e-12)
    np.testing.assert_allclose(GCONV[group](Fu, Psi, "circular"), act_on_features(G, u, group, shift=(tx, ty)),
                               rtol=0, atol=1e-12)


def test_translation_equivariance_interior_zero_padding(rng):
    f = np.zeros((1, 1, 12, 12))
    f[..., 3:8, 3:8] = rng.normal(size=(5, 5))  # compact support: shifts by (2, -2) stay inside
    psi = rng.normal(size=(2, 1, 3, 3))
    Psi = rng.normal(size=(1, 2, 8, 3, 3))
    G = group_conv_p4m(lift_p4m(f, psi, "same"), Psi, "same")
    Gt = group_conv_p4m(lift_p4m(act_on_image(f, 0, "p4m", shift=(2, -2)), psi, "same"), Psi, "same")
    np.testing.assert_allclose(Gt, act_on_features(G, 0, "p4m", shift=(2, -2)), rtol=0, atol=1e-12)


def test_even_filter_valid_is_equivariant(rng):
    f = rng.normal(size=(1, 1, 8, 8))
    psi = rng.normal(size=(1, 1, 4, 4))
    F = lift_p4m(f, psi)
    for u in range(8):
        np.testing.assert_allclose(lift_p4m(act_on_image(f, u), psi), act_on_features(F, u), rtol=0, atol=1e-12)


# ---------------------------------------------------------------- linearity, identity, sanity
@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_linearity(group, rng):
    a, b = 0.7, -1.3
    f1, f2 = rng.normal(size=(2, 1, 2, 6, 6))
    p1, p2 = rng.normal(size=(2, 2, 2, 3, 3))
    L = LIFT[group]
    np.testing.assert_allclose(L(a * f1 + b * f2, p1), a * L(f1, p1) + b * L(f2, p1), rtol=0, atol=1e-12)
    np.testing.assert_allclose(L(f1, a * p1 + b * p2), a * L(f1, p1) + b * L(f1, p2), rtol=0, atol=1e-12)
    F1, F2 = rng.normal(size=(2, 1, 2, ORDER[group], 6, 6))
    Q = rng.normal(size=(3, 2, ORDER[group], 3, 3))
    np.testing.assert_allclose(GCONV[group](a * F1 + b * F2, Q), a * GCONV[group](F1, Q) + b * GCONV[group](F2, Q),
                               rtol=0, atol=1e-12)


@pytest.mark.parametrize("group", ["p4", "p4m"])
@pytest.mark.parametrize("padding", ["same", "circular"])
def test_identity_filter(group, padding, rng):
    n = ORDER[group]
    F = rng.normal(size=(2, 3, n, 7, 7))
    Psi = np.zeros((3, 3, n, 3, 3))
    for c in range(3):
        Psi[c, c, 0, 1, 1] = 1.0
    np.testing.assert_allclose(GCONV[group](F, Psi, padding), F, rtol=0, atol=0)


def test_lift_with_delta_filter_copies_image(rng):
    f = rng.normal(size=(1, 2, 5, 5))
    psi = np.zeros((2, 2, 3, 3))
    psi[0, 0, 1, 1] = psi[1, 1, 1, 1] = 1.0
    F = lift_p4m(f, psi, "same")
    np.testing.assert_array_equal(F, np.repeat(f[:, :, None], 8, axis=2))


def test_correlate2d_against_scipy(rng):
    from scipy.signal import correlate

    x = rng.normal(size=(1, 2, 7, 6))
    w = rng.normal(size=(1, 2, 3, 3))
    ref = sum(correlate(x[0, c], w[0, c], mode="valid") for c in range(2))
    np.testing.assert_allclose(correlate2d(x, w)[0, 0], ref, rtol=0, atol=1e-12)
    ref_same = sum(correlate(x[0, c], w[0, c], mode="same") for c in range(2))
    np.testing.assert_allclose(correlate2d(x, w, "same")[0, 0], ref_same, rtol=0, atol=1e-12)


def test_complex_and_integer_inputs(rng):
    f = rng.normal(size=(1, 1, 5, 5)) + 1j * rng.normal(size=(1, 1, 5, 5))
    psi = rng.normal(size=(1, 1, 3, 3))
    F = lift_p4(f, psi)
    np.testing.assert_allclose(F, lift_p4(f.real, psi) + 1j * lift_p4(f.imag, psi), rtol=0, atol=1e-12)
    fi = np.arange(25).reshape(1, 1, 5, 5)
    np.testing.assert_allclose(lift_p4(fi, psi), lift_p4(fi.astype(float), psi), rtol=0, atol=1e-12)


def test_typical_sizes(rng):
    """16x16 images, 8 channels, batch 4 through lift + group conv (timings are in docs/layers.md, not asserted)."""
    f = rng.normal(size=(4, 8, 16, 16))
    psi = rng.normal(size=(8, 8, 3, 3))
    Psi = rng.normal(size=(8, 8, 8, 3, 3))
    out = group_conv_p4m(lift_p4m(f, psi, "same"), Psi, "same")
    assert out.shape == (4, 8, 8, 16, 16)
    assert np.all(np.isfinite(out))


# ---------------------------------------------------------------- bad input
def test_bad_input(rng):
    f = rng.normal(size=(1, 2, 6, 6))
    with pytest.raises(ValueError, match="padding"):
        lift_p4(f, rng.normal(size=(1, 2, 3, 3)), "reflect")
    with pytest.raises(ValueError, match="odd"):
        lift_p4(f, rng.normal(size=(1, 2, 4, 4)), "same")
    with pytest.raises(ValueError, match="channel"):
        lift_p4(f, rng.normal(size=(1, 3, 3, 3)))
    with pytest.raises(ValueError, match="square"):
        lift_p4(f, rng.normal(size=(1, 2, 3, 2)))
    with pytest.raises(ValueError, match="exceeds"):
        lift_p4(f, rng.normal(size=(1, 2, 7, 7)))
    with pytest.raises(ValueError, match="axes"):
        lift_p4(f[0], rng.normal(size=(1, 2, 3, 3)))
    with pytest.raises(ValueError, match=r"\|H\|"):
        group_conv_p4(rng.normal(size=(1, 1, 8, 5, 5)), rng.normal(size=(1, 1, 4, 3, 3)))
    with pytest.raises(ValueError, match="8"):
        group_conv_p4m(rng.normal(size=(1, 1, 8, 5, 5)), rng.normal(size=(1, 1, 4, 3, 3)))
    with pytest.raises(ValueError, match="element"):
        act_on_image(f, 4, "p4")
    with pytest.raises(TypeError, match="element"):
        act_on_image(f, 1.0, "p4")
    with pytest.raises(ValueError, match="group"):
        act_on_image(f, 1, "p6")
    with pytest.raises(ValueError, match="square"):
        act_on_image(rng.normal(size=(4, 5)), 1, "p4")
    with pytest.raises(TypeError, match="shift"):
        act_on_image(f, 1, "p4", shift=(0.5, 0))
    with pytest.raises(TypeError, match="dtype"):
        lift_p4(f > 0, rng.normal(size=(1, 2, 3, 3)))
    with pytest.raises(TypeError, match="image"):
        lift_p4("image", rng.normal(size=(1, 2, 3, 3)))
    with pytest.raises(ValueError, match="mode"):
        pool_rotations(rng.normal(size=(1, 1, 4, 3, 3)), "median")
    with pytest.raises(TypeError, match="complex"):
        pool_rotations(np.ones((1, 4, 3, 3), complex))


def test_namespace_fallback_is_numpy():
    from gaugemath.layers._backend import get_namespace

    assert get_namespace(np.ones(2)) is np
    assert get_namespace([1.0]) is np
    assert gcnn.GROUP_ORDERS == {"p4": 4, "p4m": 8}


# ---------------------------------------------------------------- the groups catalogue's p4 / p4m
def _homogeneous(h, t):
    g = np.eye(3, dtype=np.int64)
    g[:2, :2] = matrix(h)
    g[:2, 2] = t
    return g


@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_action_matches_groups_catalogue(group, rng):
    from gaugemath import groups

    G = getattr(groups, group)()
    f = rng.normal(size=(2, 7, 7))
    psi = rng.normal(size=(1, 2, 3, 3))
    F = LIFT[group](f[None], psi, "circular")
    for h in range(ORDER[group]):
        for t in [(0, 0), (2, -1), (-3, 3)]:
            g = _homogeneous(h, t)
            assert G.contains(g)
            ours = act_on_image(f, h, group, shift=t)
            np.testing.assert_array_equal(ours, G.act_on_image(g, f, boundary="periodic"))
            # the lifted layer is equivariant under the catalogue's action too
            Fg = LIFT[group](G.act_on_image(g, f, boundary="periodic")[None], psi, "circular")
            np.testing.assert_allclose(Fg, act_on_features(F, h, group, shift=t), rtol=0, atol=1e-12)

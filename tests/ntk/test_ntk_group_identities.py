"""Exact identities of the G-CNN kernels (gaugemath.ntk.group_conv), to rounding:
every kernel map against a brute-force covariance through the finite layers of
gaugemath.layers.gcnn, right invariance on the stabiliser indices, left equivariance under
p4 / p4m (rotations, flips, circular translations), group pooling = double group average,
and "G-CNN with group pooling = group-averaged CNN kernel" with its counterexamples."""

import numpy as np
import pytest

from gaugemath.layers.gcnn import act_on_features, act_on_image, d4_cayley_table
from gaugemath.ntk import (
    Conv2D, Dense, Erf, Flatten, GlobalAvgPool, GroupConv, GroupPool, Lift, Relu, serial,
)

ORDER = {"p4": 4, "p4m": 8}


def brute_cov(net, x1, x2):
    """Covariance of output channel 0 of a *linear, bias-free* one-layer net over its i.i.d.
    N(0, 1) weights: Σ over the weight basis of f(e_i; x1) f(e_i; x2) (exact)."""
    p = net.init(np.random.default_rng(0), x1.shape[1:])
    W = p[0]["W"]
    rows1, rows2 = [], []
    for i in range(W.size):
        e = np.zeros(W.size)
        e[i] = 1.0
        q = [{"W": e.reshape(W.shape)}]
        rows1.append(net.apply(q, x1)[:, 0].reshape(x1.shape[0], -1))
        rows2.append(net.apply(q, x2)[:, 0].reshape(x2.shape[0], -1))
    return np.einsum("pis,pjt->ijst", np.array(rows1), np.array(rows2))


@pytest.mark.parametrize("padding", ["valid", "same", "circular"])
@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_kernel_maps_equal_brute_force_covariance(group, padding):
    rng = np.random.default_rng(0)
    x1, x2 = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((1, 2, 5, 5))
    for layer, (a, b) in [
        (Conv2D(1, 3, padding, 1.0, None), (x1, x2)),
        (Lift(group, 1, 3, padding, 1.0, None), (x1, x2)),
    ]:
        net = serial(layer)
        k = net.kernel_fn(a, b, get="nngp").nngp
        np.testing.assert_allclose(k.reshape(brute_cov(net, a, b).shape), brute_cov(net, a, b), rtol=0, atol=1e-13)
    lift = serial(Lift(group, 2, 3, "same"))
    f1 = lift.apply(lift.init(rng, (2, 5, 5)), x1)
    f2 = lift.apply(lift.init(rng, (2, 5, 5)), x2)
    net = serial(GroupConv(group, 1, 3, padding, 1.0, None))
    k = net.kernel_fn(f1, f2, get="nngp").nngp
    ref = brute_cov(net, f1, f2)
    np.testing.assert_allclose(k.reshape(ref.shape), ref, rtol=0, atol=1e-12 * np.abs(ref).max())


def _deep(group, padding, act=Relu):
    return serial(Lift(group, 3, 3, padding, 1.2, 0.3), act(), GroupConv(group, 3, 3, padding, 1.1, 0.2), act())


@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_right_invariance_on_stabiliser_indices(group):
    # Σ[(t, h u), (t', h' u)] = Σ[(t, h), (t', h')] for all u: a function of h h'^{-1} only
    rng = np.random.default_rng(1)
    x1, x2 = rng.standard_normal((2, 1, 5, 5)), rng.standard_normal((2, 1, 5, 5))
    T = d4_cayley_table(group)
    for net in (serial(Lift(group, 2, 3, "same")), _deep(group, "valid")):
        st = net.kernel_state(x1, x2)
        for K in (st.nngp, st.ntk):
            scale = np.abs(K).max()
            for u in range(ORDER[group]):
                perm = T[:, u]  # h -> h u
                moved = K[:, :, perm][:, :, :, :, :, perm]
                np.testing.assert_allclose(moved, K, rtol=0, atol=1e-13 * scale)
    # not trivially constant: it does depend on h h'^{-1} ...
    K = serial(Lift(group, 2, 3, "same")).kernel_state(x1, x2).nngp
    assert np.abs(K[:, :, 0, :, :, 1] - K[:, :, 0, :, :, 0]).max() > 1e-3 * np.abs(K).max()
    if group == "p4m":  # ... and on D4 (non-abelian) left multiplication h -> u h is *not* a symmetry
        left = K[:, :, T[4]][:, :, :, :, :, T[4]]
        assert np.abs(left - K).max() > 1e-3 * np.abs(K).max()


@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_left_equivariance(group):
    # Σ(L_u x, L_u x') = (L_u ⊗ L_u) Σ(x, x') for the point group and circular translations
    rng = np.random.default_rng(2)
    x1, x2 = rng.standard_normal((1, 1, 5, 5)), rng.standard_normal((1, 1, 5, 5))
    net = _deep(group, "circular", Erf)
    st = net.kernel_state(x1, x2)
    for K in (st.nngp, st.ntk):
        scale = np.abs(K).max()
        for u in range(ORDER[group]):
            for shift in [(0, 0)] + ([(2, -1)] if u in (1, ORDER[group] - 1) else []):
                moved = net.kernel_state(act_on_image(x1, u, group, shift), act_on_image(x2, u, group, shift))
                got = moved.nngp if K is st.nngp else moved.ntk
                # (L_u ⊗ L_u): act on the first (|H|, H, W) triple, then on the second
                ref = act_on_features(np.moveaxis(K, (2, 3, 4), (-3, -2, -1)), u, group, shift)
                ref = act_on_features(np.moveaxis(ref, (-3, -2, -1), (2, 3, 4)), u, group, shift)
                np.testing.assert_allclose(got, ref, rtol=0, atol=1e-13 * scale)


@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_group_pooling_is_double_group_average(group):
    rng = np.random.default_rng(3)
    x1, x2 = rng.standard_normal((2, 1, 5, 5)), rng.standard_normal((3, 1, 5, 5))
    before = _deep(group, "same").kernel_state(x1, x2)
    after = serial(_deep(group, "same"), GroupPool()).kernel_state(x1, x2)
    n = ORDER[group]
    for a, b in ((after.nngp, before.nngp), (after.ntk, before.ntk)):
        ref = sum(b[:, :, h, :, :, hp] for h in range(n) for hp in range(n)) / n**2
        np.testing.assert_allclose(a, ref, rtol=0, atol=1e-14 * np.abs(ref).max())


def _group_average(cnn, x1, x2, group):
    n = ORDER[group]
    ks = [cnn.kernel_fn(act_on_image(x1, h, group), act_on_image(x2, hp, group))
          for h in range(n) for hp in range(n)]
    return sum(k.nngp for k in ks) / n**2, sum(k.ntk for k in ks) / n**2


@pytest.mark.parametrize("group,padding,parameterization,depth", [
    ("p4", "circular", "ntk", 1), ("p4", "valid", "standard", 1), ("p4m", "same", "ntk", 1),
    ("p4", "circular", "standard", 2), ("p4m", "valid", "ntk", 2),
])
def test_gcnn_with_group_pooling_equals_group_averaged_cnn(group, padding, parameterization, depth):
    # Lift (+ GroupConv) + pointwise nonlinearities + GroupPool + GlobalAvgPool + Dense
    #   ==  (1/|H|^2) Σ_{h,h'} K_CNN(L_h x, L_h' x') for the CNN with Conv2D in place of Lift/GroupConv
    rng = np.random.default_rng(4)
    x1, x2 = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((3, 2, 5, 5))
    a = dict(W_std=1.3, b_std=0.2, parameterization=parameterization)
    g_layers = [Lift(group, 4, 3, padding, **a), Relu()]
    c_layers = [Conv2D(4, 3, padding, **a), Relu()]
    if depth == 2:
        g_layers += [GroupConv(group, 4, 3, padding, **a), Erf(0.7)]
        c_layers += [Conv2D(4, 3, padding, **a), Erf(0.7)]
    gcnn = serial(*g_layers, GroupPool(), GlobalAvgPool(), Dense(1, 0.9, 0.1, parameterization))
    cnn = serial(*c_layers, GlobalAvgPool(), Dense(1, 0.9, 0.1, parameterization))
    k = gcnn.kernel_fn(x1, x2)
    nngp, ntk = _group_average(cnn, x1, x2, group)
    np.testing.assert_allclose(k.nngp, nngp, rtol=0, atol=1e-13 * np.abs(nngp).max())
    np.testing.assert_allclose(k.ntk, ntk, rtol=0, atol=1e-13 * np.abs(ntk).max())
    # the CNN kernel is invariant under a joint transformation, so one average suffices
    single = sum(cnn.kernel_fn(x1, act_on_image(x2, h, group)).nngp for h in range(ORDER[group])) / ORDER[group]
    np.testing.assert_allclose(single, nngp, rtol=0, atol=1e-13 * np.abs(nngp).max())


@pytest.mark.parametrize("case", ["flatten_readout", "pool_before_nonlinearity"])
def test_counterexamples_where_the_identity_fails(case):
    rng = np.random.default_rng(5)
    x1, x2 = rng.standard_normal((2, 1, 5, 5)), rng.standard_normal((2, 1, 5, 5))
    if case == "flatten_readout":  # the readout sees positions, which L_h permutes
        gcnn = serial(Lift("p4", 3, 3, "circular"), Relu(), GroupPool(), Flatten(), Dense(1))
        cnn = serial(Conv2D(3, 3, "circular"), Relu(), Flatten(), Dense(1))
    else:  # pooling the pre-activations over the group is not the average of the CNN kernels
        gcnn = serial(Lift("p4", 3, 3, "circular"), GroupPool(), Relu(), GlobalAvgPool(), Dense(1))
        cnn = serial(Conv2D(3, 3, "circular"), Relu(), GlobalAvgPool(), Dense(1))
    k = gcnn.kernel_fn(x1, x2)
    nngp, ntk = _group_average(cnn, x1, x2, "p4")
    assert np.abs(k.nngp - nngp).max() > 0.05 * np.abs(nngp).max()
    assert np.abs(k.ntk - ntk).max() > 0.05 * np.abs(ntk).max()


def test_bad_group_input():
    with pytest.raises(ValueError, match="N = 4"):
        Lift("C6", 2)
    with pytest.raises(ValueError, match="p4, p4m"):
        Lift("SO3", 2)
    assert Lift("C4", 2).group == "p4" and GroupConv("D4", 2).group == "p4m"
    with pytest.raises(ValueError, match="square"):
        serial(Lift("p4", 2)).kernel_fn(np.ones((1, 1, 5, 6)))
    with pytest.raises(ValueError, match="p4m feature maps"):
        serial(Lift("p4", 2), GroupConv("p4m", 2)).kernel_fn(np.ones((1, 1, 5, 5)))
    with pytest.raises(ValueError, match="odd filter"):
        serial(Lift("p4", 2, 2, "same")).kernel_fn(np.ones((1, 1, 5, 5)))
    with pytest.raises(ValueError, match="exceeds"):
        serial(Lift("p4", 2, 7)).kernel_fn(np.ones((1, 1, 5, 5)))
    with pytest.raises(ValueError, match="GroupPool needs"):
        serial(Conv2D(2), GroupPool()).kernel_fn(np.ones((1, 1, 5, 5)))
    with pytest.raises(ValueError, match="padding"):
        GroupConv("p4", 2, 3, "reflect")


@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_compressed_path_equals_full_path_and_chunking(group):
    # kernel_fn stores Lift/GroupConv covariances as Σ[(t, e), (t', v)] (right invariance); the
    # reference path keeps all (h, h') blocks.  Also: row chunks with the cached x2 covariances.
    rng = np.random.default_rng(6)
    x1, x2 = rng.standard_normal((3, 2, 5, 5)), rng.standard_normal((2, 2, 5, 5))
    nets = [
        serial(Lift(group, 3, 3, "valid", 1.2, 0.3), Erf(), GroupConv(group, 3, 3, "same", 1.1, 0.2), Relu(),
               GroupPool(), Flatten(), Dense(1, 1.0, 0.1)),
        serial(Lift(group, 3, 3, "circular", 1.2, 0.3, "standard"), Relu(), Flatten(), Dense(1, 1.0, 0.1, "standard")),
        serial(Lift(group, 3, 3, "same"), Relu(), GlobalAvgPool(), Flatten(), Dense(2)),
        serial(Lift(group, 2, 3, "same"), Relu(), GroupConv(group, 2, 3, "valid")),
    ]
    for net in nets:
        full = net.kernel_fn(x1, x2, compress_group=False)
        for fast in (net.kernel_fn(x1, x2), net.kernel_fn(x1, x2, max_elements=1)):
            for a, b in ((fast.nngp, full.nngp), (fast.ntk, full.ntk)):
                np.testing.assert_allclose(a, b, rtol=0, atol=1e-14 * np.abs(b).max())
    # a GroupConv on raw group features (not right invariant) as the first layer
    f1, f2 = rng.standard_normal((2, 2, ORDER[group], 5, 5)), rng.standard_normal((1, 2, ORDER[group], 5, 5))
    net = serial(GroupConv(group, 3, 3, "same"), Relu(), GroupPool(), GlobalAvgPool(), Dense(1))
    np.testing.assert_allclose(net.kernel_fn(f1, f2).ntk, net.kernel_fn(f1, f2, compress_group=False).ntk,
                               rtol=0, atol=1e-14)


@pytest.mark.parametrize("padding", ["valid", "same", "circular"])
def test_numba_conv_map_equals_numpy_reference(padding):
    from gaugemath.ntk.conv import conv_cov, conv_cov_numpy

    K = np.random.default_rng(7).standard_normal((3, 2, 6, 6, 6, 6))
    for k in (1, 3, 5):
        np.testing.assert_allclose(conv_cov(K, k, padding), conv_cov_numpy(K, k, padding), rtol=0, atol=1e-14)

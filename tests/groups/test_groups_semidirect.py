"""SE(d), E(d), p4, p4m: parts, membership, sampling box, actions on points and on pixel images."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaugemath.groups import SO3, E, SE, p4, p4m

from .strategies import seeds


def test_parts_and_inverse():
    G = SE(3)
    h = SO3().sample(4, seed=0)
    t = np.random.default_rng(1).normal(size=(4, 3))
    g = G.from_parts(h, t)
    assert np.allclose(G.rotation_part(g), h, rtol=0, atol=1e-10) and np.allclose(G.translation_part(g), t, rtol=0, atol=1e-10)
    gi = G.inverse(g)
    assert np.allclose(G.rotation_part(gi), np.swapaxes(h, -1, -2), rtol=0, atol=1e-10)
    assert np.allclose(G.translation_part(gi), -np.einsum("nji,nj->ni", h, t), rtol=0, atol=1e-10)
    x = np.random.default_rng(2).normal(size=(4, 3))
    assert np.allclose(G.act(g, x), np.einsum("nij,nj->ni", h, x) + t, rtol=0, atol=1e-10)
    assert np.allclose(G.act(gi, G.act(g, x)), x, rtol=0, atol=1e-10)


def test_euclidean_membership_and_bad_input():
    G, Gp = E(2), SE(2)
    refl = G.from_parts(np.diag([1.0, -1.0]), [0.5, 2.0])
    assert G.contains(refl) and not Gp.contains(refl)
    bad_row = np.eye(3)
    bad_row[2, 0] = 0.1
    assert not G.contains(bad_row)
    shear = np.eye(3)
    shear[0, 1] = 0.2
    assert not G.contains(shear)
    with pytest.raises(ValueError, match="not an element of SE\\(2\\)"):
        Gp.validate(refl)
    with pytest.raises(ValueError, match="h is not an element of SO\\(2\\)"):
        Gp.from_parts(np.diag([1.0, -1.0]), [0.0, 0.0])
    with pytest.raises(ValueError, match="d must be 2 or 3"):
        SE(4)
    with pytest.raises(ValueError, match="translation_range"):
        E(3, translation_range=-1.0)
    with pytest.raises(ValueError, match="trailing dimension"):
        G.act(refl, np.ones(3))


def test_euclidean_sampling_box():
    G = E(3, translation_range=2.5)
    g = G.sample(10_000, seed=7)
    t = G.translation_part(g)
    assert np.all(np.abs(t) <= 2.5) and np.allclose(t.mean(axis=0), 0, atol=0.1, rtol=0)
    assert np.allclose(t.var(axis=0), 2.5**2 / 3, rtol=0.05, atol=1e-10)  # uniform on [-L, L]: variance L^2/3
    assert abs(np.mean(np.linalg.det(G.rotation_part(g)) < 0) - 0.5) < 0.03


def test_pixel_group_elements():
    G = p4m()
    r, s = G.element(1), G.element(0, 1)
    assert np.array_equal(r[:2, :2], [[0, -1], [1, 0]]) and np.array_equal(s[:2, :2], [[1, 0], [0, -1]])
    assert G.identity().dtype == np.int64 and G.multiply(r, s).dtype == np.int64
    assert G.inverse(r).dtype == np.int64
    assert np.array_equal(G.point_index(G.multiply(r, s)), 5)  # r s <-> k + 4m = 5
    # r^a s^b r^c s^d = r^{a + (-1)^b c} s^{b+d}  (Cohen & Welling 2016, sec. 4.3)
    for a in range(4):
        for b in range(2):
            for c in range(4):
                for d in range(2):
                    prod = G.multiply(G.element(a, b), G.element(c, d))
                    assert G.point_index(prod) == (a + (-1) ** b * c) % 4 + 4 * ((b + d) % 2)
    assert p4().contains(r) and not p4().contains(s)
    half = np.eye(3)
    half[0, 2] = 0.5
    assert not G.contains(half)  # non-integer translation
    rot45 = np.eye(3)
    rot45[:2, :2] = [[np.sqrt(0.5), -np.sqrt(0.5)], [np.sqrt(0.5), np.sqrt(0.5)]]
    assert not G.contains(rot45)
    with pytest.raises(ValueError, match="p4 has no reflections"):
        p4().element(0, 1)
    with pytest.raises(ValueError, match="not an element of p4m"):
        G.validate(half)
    g = G.sample(5000, seed=2)
    assert np.all(G.contains(g)) and np.all(np.abs(G.translation_part(g)) <= 4)
    assert np.allclose(np.bincount(G.point_index(g), minlength=8) / 5000, 1 / 8, atol=0.02, rtol=0)


def _pixel_of(point, H, W):
    x, y = point
    return int(round((H - 1) / 2 - y)), int(round(x + (W - 1) / 2))


@settings(max_examples=25, deadline=None)
@given(k=st.integers(0, 3), m=st.integers(0, 1), tx=st.integers(-6, 6), ty=st.integers(-6, 6),
       n=st.sampled_from([5, 6]), seed=seeds)
def test_act_on_image_definition(k, m, tx, ty, n, seed):
    """[L_g f](p) = f(g^-1 p), pixel by pixel from the coordinate convention, periodic and zero boundary."""
    G = p4m()
    g = G.element(k, m, (tx, ty))
    f = np.random.default_rng(seed).normal(size=(2, n, n))
    out_p, out_z = G.act_on_image(g, f), G.act_on_image(g, f, boundary="zero")
    gi = G.inverse(g)
    for i in range(n):
        for j in range(n):
            p = np.array([j - (n - 1) / 2, (n - 1) / 2 - i])
            si, sj = _pixel_of(G.act(gi.astype(float), p), n, n)
            assert np.array_equal(out_p[:, i, j], f[:, si % n, sj % n])
            inside = 0 <= si < n and 0 <= sj < n
            assert np.array_equal(out_z[:, i, j], f[:, si, sj] if inside else np.zeros(2))


@settings(max_examples=25, deadline=None)
@given(seed=seeds, n=st.sampled_from([4, 7]))
def test_act_on_image_is_a_homomorphism(seed, n):
    G = p4m()
    g, h = G.sample(2, seed=seed)
    f = np.random.default_rng(seed).normal(size=(n, n))
    lhs = G.act_on_image(G.multiply(g, h), f)
    rhs = G.act_on_image(g, G.act_on_image(h, f))
    assert np.array_equal(lhs, rhs)
    assert np.array_equal(G.act_on_image(G.identity(), f), f)


def test_act_on_image_matches_layers_and_numpy():
    """Same pixel convention as gaugemath.layers.gcnn (rot90 / row flip / roll implementation)."""
    from gaugemath.layers.gcnn import act_on_image as layers_act

    G = p4m()
    f = np.random.default_rng(0).normal(size=(3, 6, 6))
    assert np.array_equal(G.act_on_image(G.element(1), f), np.rot90(f, 1, axes=(-2, -1)))
    assert np.array_equal(G.act_on_image(G.element(0, 1), f), f[..., ::-1, :])
    for idx in range(8):
        for shift in ((0, 0), (2, -1), (-3, 4)):
            g = G.element(idx % 4, idx // 4, shift)
            assert np.array_equal(G.act_on_image(g, f), layers_act(f, idx, "p4m", shift=shift))


def test_act_on_image_bad_input():
    G = p4()
    with pytest.raises(ValueError, match="square"):
        G.act_on_image(G.element(1), np.zeros((4, 5)))
    assert G.act_on_image(G.element(2, 0, (1, 1)), np.zeros((4, 5))).shape == (4, 5)  # half turn is fine
    with pytest.raises(ValueError, match="boundary"):
        G.act_on_image(G.identity(), np.zeros((4, 4)), boundary="reflect")
    with pytest.raises(ValueError, match="single element"):
        G.act_on_image(G.sample(2, seed=0), np.zeros((4, 4)))
    with pytest.raises(ValueError, match="not an element of p4"):
        G.act_on_image(p4m().element(0, 1), np.zeros((4, 4)))

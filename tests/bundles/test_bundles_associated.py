"""Associated bundles: Mackey functions vs local representatives, gauge covariance, induced actions."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from gaugemath.bundles import (
    AssociatedBundle,
    Circle,
    EuclideanSpace,
    Sphere,
    rotation_2d,
    so2_character,
    so2_rotation,
    sphere_angles,
    wrap_angle,
)
from gaugemath.harmonics import spherical_harmonics
from gaugemath.wigner import wigner_D

from .strategies import angles, points, rotations

S2 = Sphere()
CHARTS = S2.charts


def spin_mackey(ell, m, s):
    """f(g) = (-1)^s sqrt((2l+1)/4pi) conj(D^l_{m,-s}(g)): a Mackey function for rho_s(gamma) = e^{is gamma}."""

    def f(g):
        D = wigner_D(ell, np.asarray(g))
        return ((-1) ** s * np.sqrt((2 * ell + 1) / (4 * np.pi)) * np.conj(D[..., ell + m, ell - s]))[..., None]

    return f


A, B = np.array([0.3, -0.2, 1.0]), np.array([-0.5, 0.8, 0.1])


def vector_field(x):
    """A smooth tangent field on S^2: a rotation field plus a projected constant field."""
    return np.cross(A, x) + B - np.sum(B * x, -1, keepdims=True) * x


def tangent_mackey(g):
    """f(g) = (g^T v(g e_z))_{1,2}."""
    g = np.asarray(g)
    return np.einsum("...ji,...j->...i", g, vector_field(g[..., :, 2]))[..., :2]


@given(st.integers(0, 3), st.data(), rotations(), angles)
def test_wigner_D_columns_are_mackey_functions(ell, data, g, gamma):
    s = data.draw(st.integers(-min(ell, 2), min(ell, 2)))
    m = data.draw(st.integers(-ell, ell))
    bundle = AssociatedBundle(S2, so2_character(s))
    assert bundle.mackey_residual(spin_mackey(ell, m, s), g, gamma) < 1e-12
    tangent = AssociatedBundle(S2, so2_rotation(1))
    assert tangent.mackey_residual(tangent_mackey, g, gamma) < 1e-12


def test_mackey_residual_detects_wrong_spin():
    g = Rotation.random(random_state=1).as_matrix()
    wrong = AssociatedBundle(S2, so2_character(2))
    assert wrong.mackey_residual(spin_mackey(2, 1, 1), g, 0.7) > 1e-3


@given(st.integers(1, 3), st.data(), points(margin=1e-2))
def test_polar_representative_is_spin_weighted_harmonic(ell, data, x):
    """f_{sigma_0}(x) = _sY_lm(theta, phi) (gaugemath.harmonics), and gauge covariance in the other charts."""
    s = data.draw(st.integers(-min(ell, 2), min(ell, 2)))
    m = data.draw(st.integers(-ell, ell))
    bundle = AssociatedBundle(S2, so2_character(s))
    f = spin_mackey(ell, m, s)
    theta, phi = sphere_angles(x)
    ref = spherical_harmonics(ell, theta, phi, spin=s)[ell * ell + ell + m]
    assert abs(bundle.local_from_mackey(f, x, "polar")[0] - ref) < 1e-12
    for chart in ("north", "south"):
        k = S2.transition(x, "polar", chart)  # sigma_c = sigma_0 R_z(k)
        local = bundle.local_from_mackey(f, x, chart)[0]
        assert abs(local - np.exp(-1j * s * k) * ref) < 1e-12
        assert np.allclose(bundle.change_chart([ref], x, "polar", chart), [local], atol=1e-12, rtol=0)


@given(points(margin=1e-3), st.sampled_from(CHARTS), angles, st.integers(-2, 2))
def test_gauge_transformation_of_local_representative(x, chart, k, s):
    """f_{sigma k}(x) = f(sigma(x) k) = rho(k)^-1 f_sigma(x)."""
    assume(S2.in_chart(x, chart))
    for bundle, f in ((AssociatedBundle(S2, so2_character(s)), spin_mackey(2, 1, s)),
                      (AssociatedBundle(S2, so2_rotation(1)), tangent_mackey)):
        sigma = S2.section(x, chart)
        new = f(sigma @ S2.from_subgroup(k))
        assert np.allclose(new, bundle.gauge_transform(f(sigma), k), atol=1e-12, rtol=0)


@given(rotations(), points(margin=0.05), st.sampled_from(CHARTS))
def test_two_pictures_of_the_induced_action_agree_on_S2(g, x, chart):
    assume(S2.in_chart(g.T @ x, chart) and abs((g.T @ x)[2]) < 1 - 1e-3)
    for bundle, f in ((AssociatedBundle(S2, so2_character(1)), spin_mackey(2, -1, 1)),
                      (AssociatedBundle(S2, so2_rotation(1)), tangent_mackey)):
        local = lambda y, b=bundle, f=f: b.local_from_mackey(f, y, chart)  # noqa: E731
        via_local = bundle.act_local(g, local, chart)(x)
        via_mackey = bundle.local_from_mackey(bundle.act_mackey(g, f), x, chart)
        assert np.allclose(via_local, via_mackey, atol=1e-11, rtol=0)
    # geometric meaning for the tangent bundle: the push-forward field g_* v (x) = g v(g^-1 x)
    tangent = AssociatedBundle(S2, so2_rotation(1))
    pushed = g @ vector_field(g.T @ x)
    frame = S2.section(x, chart)[:, :2]
    local = lambda y: tangent.local_from_mackey(tangent_mackey, y, chart)  # noqa: E731
    assert np.allclose(tangent.act_local(g, local, chart)(x), frame.T @ pushed, atol=1e-11, rtol=0)


@given(rotations(), points(margin=0.05), st.integers(1, 3), st.data())
def test_rotating_spin_harmonics_mixes_orders_with_wigner_D(g, x, ell, data):
    """rho_s(h(g,x)) _sY_m(g^-1 x) = sum_m' _sY_m'(x) D^l_{m'm}(g)  (polar gauge)."""
    y = g.T @ x
    assume(abs(y[2]) < 1 - 1e-3)
    s = data.draw(st.integers(-min(ell, 2), min(ell, 2)))
    bundle = AssociatedBundle(S2, so2_character(s))
    sl = slice(ell * ell, (ell + 1) ** 2)
    sY = lambda p: spherical_harmonics(ell, *sphere_angles(p), spin=s)[..., sl]  # noqa: E731
    rhs = sY(x) @ wigner_D(ell, g)
    for m in range(-ell, ell + 1):
        f_m = lambda p, m=m: sY(p)[..., ell + m, None]  # noqa: E731
        lhs = bundle.act_local(g, f_m, "polar")(x)[0]
        assert abs(lhs - rhs[ell + m]) < 1e-11


@given(points(margin=1e-3), st.sampled_from(CHARTS))
def test_mackey_from_local_roundtrip(x, chart):
    assume(S2.in_chart(x, chart))
    bundle = AssociatedBundle(S2, so2_rotation(1))
    local = lambda y: bundle.local_from_mackey(tangent_mackey, y, chart)  # noqa: E731
    f = bundle.mackey_from_local(local, chart)
    gs = S2.section(x, chart) @ S2.from_subgroup(np.array([0.0, 1.3, -2.9]))
    assert np.allclose(f(gs), tangent_mackey(gs), atol=1e-12, rtol=0)


# -- R^d = SE(d)/SO(d) and S^1 = O(2)/Z2 ------------------------------------------------------


@given(st.sampled_from([2, 3]), st.integers(0, 2**32 - 1))
def test_euclidean_bundle(d, seed):
    rng = np.random.default_rng(seed)
    E = EuclideanSpace(d)
    R = Rotation.random(random_state=seed).as_matrix()
    R = R if d == 3 else rotation_2d(rng.uniform(-np.pi, np.pi))
    g = E.element(rng.normal(size=d), R)
    x = rng.normal(size=(5, d))
    assert np.allclose(E.project(E.section(x)), x, rtol=0, atol=1e-10)
    assert np.allclose(E.gauge_factor(g, x), R, rtol=0, atol=1e-10)  # h((t,R), x) = R
    assert np.allclose(E.multiply(g, E.inverse(g)), np.eye(d + 1), atol=1e-13, rtol=0)
    W = rng.normal(size=(d, d))
    bundle = AssociatedBundle(E, lambda k: k)  # the standard representation of SO(d)
    field = lambda y: np.tanh(y @ W)  # noqa: E731
    f = bundle.mackey_from_local(field)
    ks = E.from_subgroup(Rotation.random(3, random_state=seed).as_matrix() if d == 3 else rotation_2d([0.3, 1, 2]))
    gs = E.section(x[:3])
    assert bundle.mackey_residual(f, gs, E.to_subgroup(ks)) < 1e-12
    via_local = bundle.act_local(g, field)(x)
    assert np.allclose(via_local, bundle.local_from_mackey(bundle.act_mackey(g, f), x), atol=1e-12, rtol=0)
    # the familiar steerable-field formula rho(R) f(R^-1 (x - t))
    t = g[:d, d]
    assert np.allclose(via_local, field((x - t) @ R) @ R.T, atol=1e-12, rtol=0)


@given(angles, angles, st.booleans())
def test_circle_bundle_with_sign_representation(phi, alpha, reflect):
    C = Circle("O(2)")
    x = np.array([np.cos(phi), np.sin(phi)])
    g = rotation_2d(alpha) @ (np.diag([1.0, -1.0]) if reflect else np.eye(2))
    assert np.allclose(C.project(C.section(x)), x, rtol=0, atol=1e-10)
    assert C.gauge_factor(g, x) == (-1 if reflect else 1)
    bundle = AssociatedBundle(C, lambda k: np.asarray(k, dtype=float)[..., None, None])  # sign rep of Z2
    field = lambda y: np.sin(3 * np.arctan2(y[..., 1], y[..., 0]))[..., None]  # noqa: E731
    via_local = bundle.act_local(g, field)(x)
    via_mackey = bundle.local_from_mackey(bundle.act_mackey(g, bundle.mackey_from_local(field)), x)
    assert np.allclose(via_local, via_mackey, atol=1e-12, rtol=0)
    assert np.allclose(via_local, (-1 if reflect else 1) * field(g.T @ x), atol=1e-12, rtol=0)


def test_bad_inputs_raise():
    with pytest.raises(TypeError, match="rho"):
        AssociatedBundle(S2, 3)
    with pytest.raises(TypeError, match="HomogeneousSpace"):
        AssociatedBundle(object(), so2_rotation())
    with pytest.raises(ValueError, match="square"):
        AssociatedBundle(S2, lambda k: np.zeros(3))
    with pytest.raises(ValueError, match="d must be 2 or 3"):
        EuclideanSpace(4)
    with pytest.raises(ValueError, match="last row"):
        EuclideanSpace(2).project(np.ones((3, 3)))
    with pytest.raises(ValueError, match="group"):
        Circle("SO(3)")
    with pytest.raises(ValueError, match="SO\\(2\\)"):
        Circle("SO(2)").project(np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="integer"):
        so2_character(0.5)
    assert abs(wrap_angle(np.pi) - np.pi) < 1e-15 and abs(wrap_angle(-np.pi) - np.pi) < 1e-15

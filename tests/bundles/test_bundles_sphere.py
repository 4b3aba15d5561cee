"""S^2 = SO(3)/SO(2): projection, sections, transition functions, gauge factor."""

import itertools

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from gaugemath.bundles import Sphere, rotation_y, rotation_z, sphere_angles, sphere_point, transition, wrap_angle

from .strategies import angles, points, rotations

S2 = Sphere()
CHARTS = S2.charts


def test_rotation_helpers_match_scipy():
    for a in (-2.0, 0.3, 1.7):
        assert np.allclose(rotation_z(a), Rotation.from_euler("z", a).as_matrix(), atol=1e-15, rtol=0)
        assert np.allclose(rotation_y(a), Rotation.from_euler("y", a).as_matrix(), atol=1e-15, rtol=0)


@given(st.floats(0.01, np.pi - 0.01), angles)
def test_point_angle_roundtrip(theta, phi):
    t, p = sphere_angles(sphere_point(theta, phi))
    assert abs(t - theta) < 1e-12 and abs(wrap_angle(p - phi)) < 1e-12


@given(points(), st.sampled_from(CHARTS))
def test_projection_of_section_is_identity(x, chart):
    assume(S2.in_chart(x, chart))
    s = S2.section(x, chart)
    assert np.allclose(s.T @ s, np.eye(3), atol=1e-14, rtol=0)
    assert abs(np.linalg.det(s) - 1) < 1e-14
    assert np.allclose(S2.project(s), x, atol=1e-15, rtol=0)


@given(st.floats(1e-3, np.pi - 1e-3), angles)
def test_sections_closed_forms(theta, phi):
    x = sphere_point(theta, phi)
    rz, ry = rotation_z, rotation_y
    assert np.allclose(S2.section(x, "north"), rz(phi) @ ry(theta) @ rz(-phi), atol=1e-13, rtol=0)
    assert np.allclose(S2.section(x, "south"), rz(phi) @ ry(theta) @ rz(phi), atol=1e-13, rtol=0)
    assert np.allclose(S2.section(x, "polar"), rz(phi) @ ry(theta), atol=1e-13, rtol=0)
    # polar frame = (e_theta, e_phi)
    e_theta = [np.cos(theta) * np.cos(phi), np.cos(theta) * np.sin(phi), -np.sin(theta)]
    e_phi = [-np.sin(phi), np.cos(phi), 0.0]
    assert np.allclose(S2.frame(x, "polar"), [e_theta, e_phi], atol=1e-14, rtol=0)


@given(points(margin=1e-3))
def test_north_section_is_minimal_rotation(x):
    axis = np.cross([0, 0, 1.0], x)
    assert np.allclose(S2.section(x, "north") @ axis, axis, atol=1e-14, rtol=0)


@given(angles, st.floats(0, 1e-9))
def test_sections_are_smooth_at_their_pole(phi, eps):
    """sigma_N -> I at the north pole, sigma_S -> R_y(pi) at the south pole, for every phi."""
    assert np.allclose(S2.section(sphere_point(eps, phi), "north"), np.eye(3), atol=1e-8, rtol=0)
    assert np.allclose(S2.section(sphere_point(np.pi - eps, phi), "south"), rotation_y(np.pi), atol=1e-8, rtol=0)


@given(points(margin=1e-3), st.sampled_from(CHARTS), st.sampled_from(CHARTS))
def test_transition_closed_form_matches_sections(x, a, b):
    closed = S2.transition(x, a, b)
    generic = transition(S2, x, a, b)  # sigma_a^-1 sigma_b from the matrices
    assert abs(wrap_angle(closed - generic)) < 1e-12
    assert np.allclose(S2.section(x, a) @ rotation_z(closed), S2.section(x, b), atol=1e-13, rtol=0)


@given(points(margin=1e-3))
def test_transition_north_south_is_two_phi_and_cocycle(x):
    _, phi = sphere_angles(x)
    assert abs(wrap_angle(S2.transition(x, "north", "south") - 2 * phi)) < 1e-12
    for a, b, c in itertools.product(CHARTS, repeat=3):
        k = S2.transition(x, a, b) + S2.transition(x, b, c) - S2.transition(x, a, c)
        assert abs(wrap_angle(k)) < 1e-12
    assert abs(wrap_angle(S2.transition(x, "north", "south") + S2.transition(x, "south", "north"))) < 1e-12


@given(rotations(), points(margin=1e-2))
def test_gauge_factor_in_K_and_definition(g, x):
    gx = g.T @ x
    assume(abs(gx[2]) < 1 - 1e-4)
    for chart in CHARTS:
        h = S2.gauge_factor(g, x, chart)
        lhs = S2.section(x, chart) @ rotation_z(h)
        assert np.allclose(lhs, g @ S2.section(gx, chart), atol=1e-9, rtol=0)


@given(angles, points(margin=1e-2))
def test_gauge_factor_of_z_rotations(alpha, x):
    """Closed forms: h(R_z(a), x) = R_z(a) in the north and south gauges, identity in the polar gauge."""
    g = rotation_z(alpha)
    assert abs(wrap_angle(S2.gauge_factor(g, x, "north") - alpha)) < 1e-12
    assert abs(wrap_angle(S2.gauge_factor(g, x, "south") + alpha)) < 1e-12
    assert abs(wrap_angle(S2.gauge_factor(g, x, "polar"))) < 1e-12


@given(rotations(), rotations(), points(margin=0.05))
def test_gauge_factor_cocycle(g1, g2, x):
    """h(g1 g2, x) = h(g1, x) h(g2, g1^-1 x)."""
    y, z = g1.T @ x, (g1 @ g2).T @ x
    assume(min(1 - abs(y[2]), 1 - abs(z[2])) > 1e-3)
    lhs = S2.gauge_factor(g1 @ g2, x, "polar")
    rhs = S2.gauge_factor(g1, x, "polar") + S2.gauge_factor(g2, y, "polar")
    assert abs(wrap_angle(lhs - rhs)) < 1e-9


def test_batched_shapes():
    rng = np.random.default_rng(0)
    x = S2.random_points(12, rng).reshape(3, 4, 3)
    g = S2.random_elements(4, rng)
    assert S2.section(x).shape == (3, 4, 3, 3)
    assert S2.act(g, x).shape == (3, 4, 3)
    assert S2.gauge_factor(g, x, "north").shape == (3, 4)
    assert S2.frame(x, "south").shape == (3, 4, 2, 3)
    assert np.allclose(np.linalg.det(g), 1, rtol=0, atol=1e-10) and np.allclose(g @ np.swapaxes(g, -1, -2), np.eye(3), rtol=0, atol=1e-10)


def test_section_outside_chart_raises():
    with pytest.raises(ValueError, match="outside the 'north' chart"):
        S2.section([0, 0, -1.0], "north")
    with pytest.raises(ValueError, match="outside the 'south' chart"):
        S2.section(np.array([[1.0, 0, 0], [0, 0, 1.0]]), "south")
    with pytest.raises(ValueError, match="outside the 'polar' chart"):
        S2.section([0, 0, 1.0], "polar")
    with pytest.raises(ValueError, match="outside"):
        S2.transition([0, 0, 1.0], "north", "south")


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match="unit vectors"):
        S2.section([1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 3\)"):
        S2.section([1.0, 0.0])
    with pytest.raises(ValueError, match="NaN"):
        S2.section([np.nan, 0, 1.0])
    with pytest.raises(TypeError):
        S2.section("north")
    with pytest.raises(ValueError, match="unknown chart"):
        S2.section([0, 0, 1.0], "east")
    with pytest.raises(ValueError, match="SO\\(3\\)"):
        S2.project(2 * np.eye(3))
    with pytest.raises(ValueError, match="det = \\+1"):
        S2.project(np.diag([1.0, 1.0, -1.0]))
    with pytest.raises(ValueError, match="shape"):
        S2.project(np.eye(2))
    with pytest.raises(ValueError, match="stabiliser"):
        S2.to_subgroup(rotation_y(0.5))
    with pytest.raises(ValueError, match="theta"):
        sphere_point(4.0, 0.0)


def test_underflowing_offset_from_the_pole_counts_as_the_pole():
    """Regression (found by hypothesis): x = (8.5e-241, 0, 1) was in the south chart, and its section
    divided by x^2 + y^2 = 0."""
    x = np.array([8.51675783e-241, 0.0, 1.0])
    assert not S2.in_chart(x, "south")
    assert S2.in_chart(x, "north")
    assert np.allclose(S2.section(x, "north"), np.eye(3), rtol=0, atol=1e-15)

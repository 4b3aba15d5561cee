"""Tangent bundle of S^2: local components, spin weight, parallel transport, holonomy."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gaugemath.bundles import Sphere, rotation_z, sphere_point, wrap_angle
from gaugemath.bundles.tangent import (
    geodesic_transport,
    holonomy,
    local_to_tangent,
    parallel_transport,
    polygon_solid_angle,
    solid_angle,
    spin_to_tangent,
    tangent_to_local,
    tangent_to_spin,
    transport_angle,
)
from gaugemath.harmonics import spherical_harmonics

from .strategies import angles, points

S2 = Sphere()
CHARTS = S2.charts


def _tangent_at(x, w):
    return w - np.dot(w, x) * x


def _lhuilier_area(a, b, c):
    """Spherical excess by L'Huilier's theorem from the side lengths (independent reference)."""
    sa = np.arccos(np.clip(np.dot(b, c), -1, 1))
    sb = np.arccos(np.clip(np.dot(c, a), -1, 1))
    sc = np.arccos(np.clip(np.dot(a, b), -1, 1))
    s = (sa + sb + sc) / 2
    t = np.tan(s / 2) * np.tan((s - sa) / 2) * np.tan((s - sb) / 2) * np.tan((s - sc) / 2)
    return 4 * np.arctan(np.sqrt(max(t, 0.0)))


def _interior_angle(prev, v, nxt):
    """Angle at v between the arcs v->prev and v->nxt (tangent directions)."""
    t1 = _tangent_at(v, prev)
    t2 = _tangent_at(v, nxt)
    return np.arctan2(np.dot(np.cross(t1, t2), v), np.dot(t1, t2))


@given(points(margin=1e-3), st.sampled_from(CHARTS), st.floats(-3, 3), st.floats(-3, 3))
def test_local_components_roundtrip_and_gauge_covariance(x, chart, c1, c2):
    assume(S2.in_chart(x, chart) and abs(x[2]) < 1 - 1e-6)
    c = np.array([c1, c2])
    v = local_to_tangent(c, x, chart)
    assert abs(np.dot(v, x)) < 1e-12
    assert np.allclose(tangent_to_local(v, x, chart), c, atol=1e-12, rtol=0)
    # change of chart: v_b = R(-k_ab) v_a and eta_s -> exp(-i s k_ab) eta_s
    for b in CHARTS:
        k = S2.transition(x, chart, b)
        rot = rotation_z(-k)[:2, :2]
        assert np.allclose(tangent_to_local(v, x, b), rot @ c, atol=1e-11, rtol=0)
        for s in (1, -1):
            eta_a = tangent_to_spin(v, x, chart, spin=s)
            assert np.isclose(tangent_to_spin(v, x, b, spin=s), np.exp(-1j * s * k) * eta_a, atol=1e-11, rtol=0)
            assert np.allclose(spin_to_tangent(eta_a, x, chart, spin=s), v, atol=1e-12, rtol=0)


@given(st.integers(1, 6), st.floats(0.05, np.pi - 0.05), angles)
def test_gradient_of_Ylm_is_spin_one_harmonic(L, theta, phi):
    """eta_{+-1}(grad Y_lm) = -+ sqrt(l(l+1)) _{+-1}Y_lm (polar gauge; Goldberg et al. 1967 eth)."""
    h = 1e-5
    Y = spherical_harmonics(L, theta, phi)
    dtheta = (spherical_harmonics(L, theta + h, phi) - spherical_harmonics(L, theta - h, phi)) / (2 * h)
    dphi = (spherical_harmonics(L, theta, phi + h) - spherical_harmonics(L, theta, phi - h)) / (2 * h)
    x = sphere_point(theta, phi)
    e_theta, e_phi = S2.frame(x, "polar")
    ell = np.repeat(np.arange(L + 1), 2 * np.arange(L + 1) + 1)
    Yp = spherical_harmonics(L, theta, phi, spin=1)
    Ym = spherical_harmonics(L, theta, phi, spin=-1)
    for k in range(Y.shape[-1]):
        # Y = Re Y + i Im Y; the gradient of each real part is a real tangent vector
        grads = [part(dtheta[k]) * e_theta + part(dphi[k]) / np.sin(theta) * e_phi for part in (np.real, np.imag)]
        eta_p = tangent_to_spin(grads[0], x, "polar", spin=1) + 1j * tangent_to_spin(grads[1], x, "polar", spin=1)
        eta_m = tangent_to_spin(grads[0], x, "polar", spin=-1) + 1j * tangent_to_spin(grads[1], x, "polar", spin=-1)
        norm = np.sqrt(ell[k] * (ell[k] + 1))
        assert abs(eta_p + norm * Yp[k]) < 1e-8 * (1 + ell[k] ** 2)
        assert abs(eta_m - norm * Ym[k]) < 1e-8 * (1 + ell[k] ** 2)


@given(points(), points(), st.floats(-2, 2), st.floats(-2, 2), st.floats(-2, 2))
def test_parallel_transport_is_an_isometry_along_the_geodesic(x, y, a, b, c):
    assume(np.linalg.norm(x + y) > 1e-3)
    R = geodesic_transport(x, y)
    assert np.allclose(R @ x, y, atol=1e-12, rtol=0)
    assert np.allclose(R.T @ R, np.eye(3), atol=1e-12, rtol=0) and abs(np.linalg.det(R) - 1) < 1e-12
    n = np.cross(x, y)
    assert np.allclose(R @ n, n, atol=1e-12, rtol=0)  # rotation about x*y ...
    angle = np.arccos(np.clip(np.trace(R) / 2 - 0.5, -1, 1))
    assert abs(angle - np.arctan2(np.linalg.norm(n), np.dot(x, y))) < 1e-7  # ... by the arc length
    v, w = _tangent_at(x, np.array([a, b, c])), _tangent_at(x, np.array([c, -a, b]))
    pv, pw = parallel_transport(v, x, y), parallel_transport(w, x, y)
    assert abs(np.dot(pv, y)) < 1e-12
    assert abs(np.dot(pv, pw) - np.dot(v, w)) < 1e-12


@given(points(margin=1e-2), points(margin=1e-2), st.sampled_from(CHARTS), st.sampled_from(CHARTS))
def test_transport_angle_in_local_gauges(x, y, ca, cb):
    assume(np.linalg.norm(x + y) > 1e-3)
    omega = transport_angle(x, y, ca, cb)
    v = _tangent_at(x, np.array([0.3, -1.1, 0.7]))
    lhs = tangent_to_local(parallel_transport(v, x, y), y, cb)
    assert np.allclose(lhs, rotation_z(omega)[:2, :2] @ tangent_to_local(v, x, ca), atol=1e-11, rtol=0)


def test_holonomy_of_octant_is_plus_half_pi():
    """N -> (1,0,0) -> (0,1,0): counterclockwise seen from outside, area pi/2, e_x -> e_y at N."""
    tri = np.eye(3)[[2, 0, 1]]
    assert abs(holonomy(tri) - np.pi / 2) < 1e-14
    assert abs(solid_angle(*tri) - np.pi / 2) < 1e-14
    assert abs(holonomy(tri[::-1]) + np.pi / 2) < 1e-14
    # the vector e_x at N, carried around, comes back as e_y
    v = np.array([1.0, 0, 0])
    for i in range(3):
        v = parallel_transport(v, tri[i], tri[(i + 1) % 3])
    assert np.allclose(v, [0, 1.0, 0], atol=1e-14, rtol=0)


@st.composite
def triangles(draw):
    tri = np.stack([draw(points()) for _ in range(3)])
    for i in range(3):
        assume(np.linalg.norm(tri[i] + tri[(i + 1) % 3]) > 1e-2)
    assume(abs(np.linalg.det(tri)) > 1e-6)
    return tri


@given(triangles())
def test_holonomy_equals_solid_angle(tri):
    """Gauss–Bonnet: holonomy = signed area (Van Oosterom–Strackee) = L'Huilier excess, to 1e-10."""
    hol = holonomy(tri)
    omega = solid_angle(*tri)
    assert abs(wrap_angle(hol - omega)) < 1e-10
    assert abs(abs(omega) - _lhuilier_area(*tri)) < 1e-8
    assert np.sign(omega) == np.sign(np.linalg.det(tri))
    # interior angles: area = sum(angles) - pi for the counterclockwise orientation
    ccw = tri if omega > 0 else tri[::-1]
    angles_sum = sum(_interior_angle(ccw[i - 1], ccw[i], ccw[(i + 1) % 3]) for i in range(3))
    assert abs(abs(angles_sum) - np.pi - abs(omega)) < 1e-9


@given(st.integers(3, 8), st.floats(0.05, 1.2), st.integers(0, 2**32 - 1))
def test_holonomy_of_regular_polygon_gauss_bonnet(n, radius, seed):
    """Regular geodesic n-gon around a random centre: holonomy = 2 pi - sum of exterior angles."""
    from scipy.spatial.transform import Rotation

    R = Rotation.random(random_state=seed).as_matrix()
    phis = 2 * np.pi * np.arange(n) / n
    verts = np.einsum("ij,nj->ni", R, sphere_point(np.full(n, radius), phis))
    interior = sum(_interior_angle(verts[i - 1], verts[i], verts[(i + 1) % n]) for i in range(n))
    area = abs(interior) - (n - 2) * np.pi
    assert abs(wrap_angle(holonomy(verts) - area)) < 1e-10
    assert abs(polygon_solid_angle(verts) - area) < 1e-10
    assert abs(wrap_angle(holonomy(verts[::-1]) + area)) < 1e-10


def test_holonomy_batched():
    rng = np.random.default_rng(3)
    tri = S2.random_points(3 * 20, rng).reshape(4, 5, 3, 3)
    hol = holonomy(tri)
    assert hol.shape == (4, 5)
    assert np.allclose(wrap_angle(hol - solid_angle(tri[..., 0, :], tri[..., 1, :], tri[..., 2, :])), 0, atol=1e-10, rtol=0)


def test_bad_inputs_raise():
    x = np.array([0, 0, 1.0])
    with pytest.raises(ValueError, match="tangent"):
        tangent_to_local([0, 0, 1.0], x)
    with pytest.raises(ValueError, match="antipodal"):
        geodesic_transport(x, -x)
    with pytest.raises(ValueError, match="n >= 3"):
        holonomy(np.eye(3)[:2])
    with pytest.raises(ValueError, match="spin"):
        tangent_to_spin([1.0, 0, 0], x, spin=2)
    with pytest.raises(ValueError, match="outside the 'south' chart"):
        tangent_to_local([1.0, 0, 0], x, "south")
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 2\)"):
        local_to_tangent([1.0, 0, 0], x)
    with pytest.raises(ValueError, match="unit vectors"):
        solid_angle([1.0, 1, 0], [0, 1.0, 0], x)

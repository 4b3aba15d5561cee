"""Pull-back geometry (Dombrowski et al. 2023): metric, gradients, latent steps, geodesics.

Independent references: closed-form Jacobians (polar coordinates, helix, parabola, the sphere),
complex-step derivatives of g, straight lines / great circles / arc length in closed form."""

import numpy as np
import pytest

from gaugemath.pullback import (
    AdditiveCoupling,
    christoffel_symbols,
    data_velocity,
    geodesic_step,
    gradient_step_in_latent,
    latent_direction,
    latent_gradient,
    pullback_metric,
    riemannian_gradient,
)

C = 0.3  # helix pitch


def helix(z):
    return np.stack([np.cos(z[..., 0]), np.sin(z[..., 0]), C * z[..., 0]], -1)


def helix_jac(z):
    return np.stack([-np.sin(z[..., 0]), np.cos(z[..., 0]), np.full(z.shape[:-1], C)], -1)[..., None]


def polar(z):
    r, t = z[..., 0], z[..., 1]
    return np.stack([r * np.cos(t), r * np.sin(t)], -1)


def polar_jac(z):
    r, t = z[..., 0], z[..., 1]
    return np.stack([np.stack([np.cos(t), -r * np.sin(t)], -1), np.stack([np.sin(t), r * np.cos(t)], -1)], -2)


def sphere(z):  # (colatitude, azimuth) -> S^2
    t, p = z[..., 0], z[..., 1]
    return np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], -1)


def sphere_jac(z):
    t, p = z[..., 0], z[..., 1]
    return np.stack([np.stack([np.cos(t) * np.cos(p), -np.sin(t) * np.sin(p)], -1),
                     np.stack([np.cos(t) * np.sin(p), np.sin(t) * np.cos(p)], -1),
                     np.stack([-np.sin(t), np.zeros_like(t)], -1)], -2)


def f_grad(x):  # f(x) = sin(x . w) + |x|^2 / 2
    w = np.array([0.7, -0.4, 1.1])[: x.shape[-1]]
    return np.cos(x @ w)[..., None] * w + x


def complex_step(g, z, w, h=1e-30):
    """Directional derivative J w = Im g(z + i h w) / h, exact to rounding for analytic g."""
    return np.imag(g(z + 1j * h * w)) / h


def test_metric_closed_forms():
    z = np.array([[1.7, 0.3], [0.4, -2.0]])
    G = pullback_metric(polar_jac, z)
    assert np.allclose(G, [np.diag([1, r**2]) for r in z[:, 0]], rtol=0, atol=1e-15)
    assert np.allclose(pullback_metric(helix_jac, np.array([[0.2]])), [[[1 + C**2]]], rtol=1e-15, atol=0)
    zs = np.array([0.8, 0.5])
    assert np.allclose(pullback_metric(sphere_jac, zs), np.diag([1, np.sin(0.8) ** 2]), rtol=0, atol=1e-15)


def test_latent_step_moves_x_by_J_JT_grad_to_first_order():
    rng = np.random.default_rng(1)
    for g, jac, d in ((helix, helix_jac, 1), (sphere, sphere_jac, 2)):
        z = rng.uniform(0.3, 1.2, size=d)
        x = g(z)
        w = latent_gradient(jac, z, f_grad(x))
        # the linear map J J^T grad f equals the directional derivative of g along J^T grad f
        assert np.allclose(data_velocity(jac, z, f_grad(x)), complex_step(g, z, w), rtol=0, atol=1e-12)
        # and the remainder g(z + eps w) - g(z) - eps J J^T grad f is O(eps^2): slope 2 in log-log
        eps = np.array([1e-2, 3e-3, 1e-3, 3e-4])
        rem = [np.linalg.norm(g(z + e * w) - x - e * data_velocity(jac, z, f_grad(x))) for e in eps]
        slope = np.polyfit(np.log(eps), np.log(rem), 1)[0]
        assert slope == pytest.approx(2.0, rel=0, abs=0.05)
        # gradient_step_in_latent does the same step and stays on the manifold exactly
        z1, x1 = gradient_step_in_latent(g, jac, z, f_grad, 1e-3)
        assert np.allclose(z1, z + 1e-3 * w, rtol=0, atol=1e-15) and np.array_equal(x1, g(z1))


def test_riemannian_gradient_is_tangent_projection_and_inverse_for_diffeomorphisms():
    z = np.array([0.9, 0.4])
    grad = f_grad(sphere(z))
    v = data_velocity(sphere_jac, z, grad, riemannian=True)
    # orthogonal projection of grad onto the tangent plane of S^2 at x: grad - (grad . x) x
    x = sphere(z)
    assert np.allclose(v, grad - (grad @ x) * x, rtol=0, atol=1e-14)
    rg = riemannian_gradient(sphere_jac, z, grad)
    assert np.allclose(pullback_metric(sphere_jac, z) @ rg, latent_gradient(sphere_jac, z, grad), rtol=0, atol=1e-14)
    # square J (polar coordinates, a diffeomorphism off r = 0): J G^-1 J^T grad = grad
    zp = np.array([1.5, 0.7])
    gp = f_grad(polar(zp))
    assert np.allclose(data_velocity(polar_jac, zp, gp, riemannian=True), gp, rtol=0, atol=1e-14)
    assert np.allclose(polar_jac(zp) @ latent_direction(polar_jac, zp, gp), gp, rtol=0, atol=1e-14)


def test_geodesics_closed_forms():
    # polar coordinates: geodesics are straight lines in X
    z0, v0 = np.array([1.0, 0.2]), np.array([0.3, 0.8])
    zt, ut = geodesic_step(polar_jac, z0, v0, 1.0, n_steps=64)
    assert np.allclose(polar(zt), polar(z0) + polar_jac(z0) @ v0, rtol=0, atol=1e-9)
    assert np.allclose(polar_jac(zt) @ ut, polar_jac(z0) @ v0, rtol=0, atol=1e-9)  # constant velocity in X
    # sphere: great circles x(t) = cos(|u| t) x0 + sin(|u| t) u / |u|, u = J v
    z0, v0 = np.array([1.1, 0.4]), np.array([0.5, -0.6])
    u = sphere_jac(z0) @ v0
    s = np.linalg.norm(u)
    zt, _ = geodesic_step(sphere_jac, z0, v0, 1.0, n_steps=64)
    assert np.allclose(sphere(zt), np.cos(s) * sphere(z0) + np.sin(s) * u / s, rtol=0, atol=1e-9)
    # batched: three starting points at once equal three single calls
    Z = np.array([[1.1, 0.4], [0.7, -1.0], [2.0, 2.5]])
    Vv = np.array([[0.5, -0.6], [0.1, 0.3], [-0.4, 0.2]])
    zb, ub = geodesic_step(sphere_jac, Z, Vv, 0.5, n_steps=8)
    for t in range(3):
        zs, us = geodesic_step(sphere_jac, Z[t], Vv[t], 0.5, n_steps=8)
        assert np.allclose(zb[t], zs, rtol=0, atol=1e-14) and np.allclose(ub[t], us, rtol=0, atol=1e-14)
    # helix: Gamma = 0 (J . g'' = 0), geodesics are z0 + t v
    assert np.allclose(christoffel_symbols(helix_jac, np.array([0.7])), 0, rtol=0, atol=1e-9)


def test_geodesic_parabola_arc_length_and_finite_difference_hessian():
    def parab(z):
        return np.stack([z[..., 0], z[..., 0] ** 2], -1)

    def parab_jac(z):
        return np.stack([np.ones_like(z[..., 0]), 2 * z[..., 0]], -1)[..., None]

    def parab_hess(z):
        return np.stack([np.zeros_like(z[..., 0]), np.full_like(z[..., 0], 2.0)], -1)[..., None, None]

    def arc(z):  # closed-form arc length of y = x^2 from 0
        return z * np.sqrt(1 + 4 * z**2) / 2 + np.arcsinh(2 * z) / 4

    z0, v0 = np.array([0.3]), np.array([1.2])
    speed = np.linalg.norm(parab_jac(z0) @ v0)
    for hess in (parab_hess, None):  # analytic, then central differences of J
        zt, ut = geodesic_step(parab_jac, z0, v0, 1.0, hessian=hess, n_steps=64)
        assert arc(zt[0]) - arc(z0[0]) == pytest.approx(speed, rel=0, abs=1e-8)
        assert np.linalg.norm(parab_jac(zt) @ ut) == pytest.approx(speed, rel=0, abs=1e-8)


def test_additive_coupling_is_a_diffeomorphism_with_exact_derivatives():
    rng = np.random.default_rng(3)
    net = AdditiveCoupling(rng.normal(size=(2, 2)), rng.normal(size=2))
    z = rng.normal(size=(5, 4))
    assert np.allclose(net.inverse(net(z)), z, rtol=0, atol=1e-14)
    assert np.allclose(np.linalg.det(net.jacobian(z)), 1, rtol=0, atol=1e-14)
    h = 1e-6  # central differences (the layer validates real input, so no complex step here)
    for t in range(4):
        e = np.eye(4)[t]
        assert np.allclose(net.jacobian(z) @ e, (net(z + h * e) - net(z - h * e)) / (2 * h), rtol=0, atol=1e-9)
        assert np.allclose(net.hessian(z)[..., :, t, :], (net.jacobian(z + h * e) - net.jacobian(z - h * e)) / (2 * h),
                           rtol=0, atol=1e-9)
    # a Riemannian latent step moves x by grad f (to first order) for a diffeomorphism
    grad = f_grad(np.c_[net(z)[:, :3]])
    grad4 = np.c_[grad, np.ones(5)]
    assert np.allclose(data_velocity(net.jacobian, z, grad4, riemannian=True), grad4, rtol=0, atol=1e-13)


def test_bad_input():
    with pytest.raises(ValueError, match="singular"):
        pullback_metric(polar_jac, np.array([0.0, 0.3]))  # r = 0: J has rank 1
    with pytest.raises(ValueError, match="diffeomorphism"):
        latent_direction(sphere_jac, np.array([0.5, 0.5]), np.ones(3))
    with pytest.raises(ValueError, match="NaN"):
        pullback_metric(helix_jac, np.array([np.nan]))
    with pytest.raises(ValueError, match="NaN"):
        pullback_metric(lambda z: np.full((3, 1), np.nan), np.array([0.1]))
    with pytest.raises(ValueError, match="D >= d"):
        pullback_metric(lambda z: np.ones((1, 2)), np.array([0.1, 0.2]))
    with pytest.raises(ValueError, match="shape"):
        pullback_metric(lambda z: np.ones((3, 3)), np.array([0.1, 0.2]))
    with pytest.raises(ValueError, match="grad_x"):
        latent_gradient(helix_jac, np.array([0.1]), np.ones(2))
    with pytest.raises(TypeError, match="callable"):
        pullback_metric(np.eye(2), np.array([0.1, 0.2]))
    with pytest.raises(TypeError, match="real"):
        pullback_metric(lambda z: np.eye(2) * 1j, np.array([0.1, 0.2]))
    with pytest.raises(ValueError, match="n_steps"):
        geodesic_step(helix_jac, np.array([0.1]), np.array([1.0]), n_steps=0)
    with pytest.raises(ValueError, match="hessian"):
        christoffel_symbols(helix_jac, np.array([0.1]), hessian=lambda z: np.zeros((3, 2, 2)))
    with pytest.raises(ValueError, match="scalar"):
        pullback_metric(helix_jac, 0.3)

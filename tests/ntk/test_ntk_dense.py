"""Dense / Relu / Erf / Identity kernels of gaugemath.ntk against independent references:
2-D Gauss–Hermite quadrature of the Gaussian expectations (not the closed forms), the
explicit one-hidden-layer NNGP/NTK formulas, and Monte Carlo over random initialisations."""

import numpy as np
import pytest

from gaugemath.ntk import Dense, Erf, Identity, Relu, empirical_kernels, serial
from gaugemath.ntk._gaussian import erf_dual, relu_dual

from scipy.special import erf

# 2-D Gauss–Hermite (probabilists') rule: E[g(u, v)] for (u, v) ~ N(0, [[q1, k], [k, q2]])
_T, _W = np.polynomial.hermite_e.hermegauss(120)
_W = _W / _W.sum()


def _quad(g, q1, q2, k):
    L = np.linalg.cholesky(np.array([[q1, k], [k, q2]]))
    a, b = np.meshgrid(_T, _T, indexing="ij")
    u = L[0, 0] * a
    v = L[1, 0] * a + L[1, 1] * b
    return float(np.sum(np.outer(_W, _W) * g(u, v)))


CASES = [(1.0, 1.0, 0.3), (2.0, 0.5, -0.7), (0.3, 1.7, 0.69), (1.0, 1.0, 0.999)]


@pytest.mark.parametrize("q1,q2,k", CASES)
def test_erf_dual_matches_quadrature(q1, q2, k):
    a = 0.8
    nngp, dot = erf_dual(np.array(q1), np.array(q2), np.array(k), a)
    d = lambda z: 2 * a / np.sqrt(np.pi) * np.exp(-(a * z) ** 2)  # noqa: E731
    np.testing.assert_allclose(nngp, _quad(lambda u, v: erf(a * u) * erf(a * v), q1, q2, k), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dot, _quad(lambda u, v: d(u) * d(v), q1, q2, k), rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("q1,q2,k", CASES[:3])
def test_relu_dual_matches_quadrature(q1, q2, k):
    # relu is not smooth: Gauss–Hermite converges slowly, so compare with a dense 2-D grid rule
    nngp, dot = relu_dual(np.array(q1), np.array(q2), np.array(k))
    L = np.linalg.cholesky(np.array([[q1, k], [k, q2]]))
    t = np.linspace(-9, 9, 1801)
    w = np.exp(-t**2 / 2)
    w /= w.sum()
    a, b = np.meshgrid(t, t, indexing="ij")
    u, v = L[0, 0] * a, L[1, 0] * a + L[1, 1] * b
    W = np.outer(w, w)
    np.testing.assert_allclose(nngp, np.sum(W * np.maximum(u, 0) * np.maximum(v, 0)), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(dot, np.sum(W * (u > 0) * (v > 0)), rtol=2e-3, atol=1e-3)


def test_relu_dual_degenerate_variance_is_zero_not_nan():
    nngp, dot = relu_dual(np.array([0.0, 1.0]), np.array([1.0, 0.0]), np.array([0.0, 0.0]))
    assert np.all(np.isfinite(nngp)) and np.all(nngp == 0) and np.all(dot == 0)


@pytest.mark.parametrize("parameterization", ["ntk", "standard"])
@pytest.mark.parametrize("act", ["relu", "erf"])
def test_one_hidden_layer_closed_form(parameterization, act):
    rng = np.random.default_rng(1)
    x1, x2 = rng.standard_normal((3, 4)), rng.standard_normal((2, 4))
    sw1, sb1, sw2, sb2 = 1.3, 0.4, 0.9, 0.2
    layer = Relu() if act == "relu" else Erf(0.6)
    net = serial(Dense(7, sw1, sb1, parameterization), layer, Dense(1, sw2, sb2, parameterization))
    k = net.kernel_fn(x1, x2)
    # independent: explicit formulas, expectations by quadrature
    phi = (lambda z: np.maximum(z, 0)) if act == "relu" else (lambda z: erf(0.6 * z))
    dphi = (lambda z: (z > 0) * 1.0) if act == "relu" else (lambda z: 1.2 / np.sqrt(np.pi) * np.exp(-(0.6 * z) ** 2))
    S = lambda a, b: sw1**2 * a @ b / 4 + sb1**2  # noqa: E731
    for i in range(3):
        for j in range(2):
            q1, q2, c = S(x1[i], x1[i]), S(x2[j], x2[j]), S(x1[i], x2[j])
            if act == "relu":
                # closed form of a different shape: E relu relu = q/2π (sqrt(1-ρ²) + ρ(π - arccos ρ))
                rho = c / np.sqrt(q1 * q2)
                e_phi = np.sqrt(q1 * q2) / (2 * np.pi) * (np.sqrt(1 - rho**2) + rho * (np.pi - np.arccos(rho)))
                e_dphi = 0.5 - np.arccos(rho) / (2 * np.pi)
            else:
                e_phi = _quad(lambda u, v: phi(u) * phi(v), q1, q2, c)
                e_dphi = _quad(lambda u, v: dphi(u) * dphi(v), q1, q2, c)
            nngp = sw2**2 * e_phi + sb2**2
            if parameterization == "ntk":
                ntk = nngp + sw2**2 * e_dphi * c
            else:  # layer-1 direct term M(Σ0)+1, layer-2 direct term E[φφ] + 1
                ntk = e_phi + 1 + sw2**2 * e_dphi * (x1[i] @ x2[j] / 4 + 1)
            np.testing.assert_allclose(k.nngp[i, j], nngp, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(k.ntk[i, j], ntk, rtol=1e-9, atol=1e-12)


def test_identity_and_kernel_fn_defaults():
    x = np.random.default_rng(2).standard_normal((4, 3))
    net = serial(Dense(5, 1.5, 0.5), Identity(), Dense(2))
    k = net.kernel_fn(x)
    assert k.nngp.shape == k.ntk.shape == (4, 4)
    np.testing.assert_allclose(k.nngp, k.nngp.T, rtol=0, atol=1e-15)
    np.testing.assert_allclose(k.nngp, 2.25 * x @ x.T / 3 + 0.25, rtol=1e-13, atol=1e-13)
    assert serial(Dense(2)).kernel_fn(x, get="ntk").nngp is None


@pytest.mark.parametrize("parameterization", ["ntk", "standard"])
def test_empirical_ntk_converges(parameterization):
    # Monte Carlo: mean of the empirical NTK over 4 seeds at width 2048 vs the analytic NTK;
    # fluctuations are O(width^-1/2) ≈ 2 % per seed, so 3 % on the mean of 4 is > 3 standard errors.
    x = np.random.default_rng(3).standard_normal((3, 5))
    net = serial(Dense(2048, 1.2, 0.3, parameterization), Relu(), Dense(1, 1.0, 0.2, parameterization))
    k = net.kernel_fn(x)
    emp = np.mean([empirical_kernels(net, net.init(np.random.default_rng(s), (5,)), x).ntk for s in range(4)], axis=0)
    assert np.linalg.norm(emp - k.ntk) / np.linalg.norm(k.ntk) < 0.03


def test_apply_matches_explicit_formula():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 3))
    net = serial(Dense(4, 2.0, 0.5), Relu())
    p = net.init(np.random.default_rng(0), (3,))
    y = net.apply(p, x)
    np.testing.assert_allclose(y, np.maximum(2.0 / np.sqrt(3) * x @ p[0]["W"].T + 0.5 * p[0]["b"], 0),
                               rtol=1e-14, atol=1e-14)
    std = serial(Dense(4, 2.0, 0.5, "standard"))
    ps = std.init(np.random.default_rng(0), (3,))
    np.testing.assert_allclose(std.apply(ps, x), x @ ps[0]["W"].T + ps[0]["b"], rtol=1e-14, atol=1e-14)


def test_bad_input():
    with pytest.raises(ValueError, match="out"):
        Dense(0)
    with pytest.raises(TypeError, match="out"):
        Dense(2.5)
    with pytest.raises(ValueError, match="W_std"):
        Dense(3, W_std=-1.0)
    with pytest.raises(ValueError, match="parameterization"):
        Dense(3, parameterization="mup")
    with pytest.raises(ValueError, match="a must be > 0"):
        Erf(0.0)
    net = serial(Dense(3), Relu(), Dense(1))
    with pytest.raises(ValueError, match="NaN"):
        net.kernel_fn(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match="same per-example shape"):
        net.kernel_fn(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="get"):
        net.kernel_fn(np.ones((2, 3)), get="nnpg")
    with pytest.raises(ValueError, match="Flatten"):
        serial(Dense(2)).kernel_fn(np.ones((1, 1, 3, 3)))
    with pytest.raises(TypeError, match="layer 1"):
        serial(Dense(2), np.tanh)
    with pytest.raises(TypeError, match="rng"):
        net.init(0, (3,))
    p = net.init(np.random.default_rng(0), (3,))
    with pytest.raises(ValueError, match="does not match"):
        net.apply(p, np.ones((2, 4)))


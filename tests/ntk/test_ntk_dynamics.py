"""gaugemath.ntk.dynamics.predict against independent references: the matrix exponential of the linearised flow
(scipy.linalg.expm), a numerical ODE integration (scipy.integrate.solve_ivp), the exact covariance of the
linearly evolved Gaussian ensemble, and the t = inf kernel-regression formula."""

import numpy as np
import pytest
import scipy.integrate
import scipy.linalg

from gaugemath.ntk.dynamics import predict

ETA = 0.7


def _arccos_kernels(a, b):
    """NNGP and NTK of a one-hidden-layer ReLU network f(x) = v . relu(W x / sqrt(d)) / sqrt(width), standard
    Gaussian weights (Cho & Saul 2009 arc-cosine kernel of order 1; Jacot et al. 2018), written here from the formula."""
    d = a.shape[1]
    na, nb = np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1)
    cos = np.clip(a @ b.T / np.outer(na, nb), -1.0, 1.0)
    th = np.arccos(cos)
    nngp = np.outer(na, nb) / (2 * np.pi * d) * (np.sin(th) + (np.pi - th) * cos)
    ntk = nngp + (a @ b.T / d) * (np.pi - th) / (2 * np.pi)
    return nngp, ntk


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(3)
    x, xs = rng.normal(size=(9, 4)), rng.normal(size=(5, 4))
    z = np.concatenate([x, xs])
    nngp, ntk = _arccos_kernels(z, z)
    y = rng.normal(size=(9, 2))
    n = len(x)
    return dict(n=n, y=y, T=ntk[:n, :n], Ts=ntk[n:, :n], K=nngp[:n, :n], Ks=nngp[n:, :n], Kss=nngp[n:, n:],
                ntk=ntk, nngp=nngp)


def _run(p, t):
    return predict(p["T"], p["y"], p["Ts"], t=t, learning_rate=ETA, nngp_train_train=p["K"],
                   nngp_test_train=p["Ks"], nngp_test_test=p["Kss"])


@pytest.mark.parametrize("t", [0.0, 0.05, 1.0, 7.0])
def test_mean_and_covariance_match_the_matrix_exponential(problem, t):
    p = problem
    E = scipy.linalg.expm(-ETA * t * p["T"])
    A = np.linalg.solve(p["T"], np.eye(p["n"]) - E)  # Theta^-1 (I - e^{-eta Theta t})
    mu = p["Ts"] @ A @ p["y"]
    cross = p["Ts"] @ A @ p["Ks"].T
    cov = p["Kss"] + p["Ts"] @ A @ p["K"] @ A @ p["Ts"].T - cross - cross.T
    out = _run(p, t)
    np.testing.assert_allclose(out.mean, mu, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(out.covariance, cov, rtol=1e-10, atol=1e-12)


def test_mean_matches_ode_integration_of_the_linearised_flow(problem):
    """d f_X/dt = -eta Theta (f_X - Y), d f_*/dt = -eta Theta(x*, X)(f_X - Y), f(0) = 0, integrated numerically."""
    p = problem
    n, m, k = p["n"], len(p["Ts"]), p["y"].shape[1]

    def rhs(_, f):
        fx = f[: n * k].reshape(n, k)
        r = fx - p["y"]
        return np.concatenate([(-ETA * p["T"] @ r).ravel(), (-ETA * p["Ts"] @ r).ravel()])

    times = np.array([0.3, 2.0, 5.0])
    sol = scipy.integrate.solve_ivp(rhs, (0, 5.0), np.zeros((n + m) * k), t_eval=times, rtol=1e-11, atol=1e-12,
                                    method="DOP853")
    ode = sol.y.T[:, n * k:].reshape(len(times), m, k)
    out = predict(p["T"], p["y"], p["Ts"], t=times, learning_rate=ETA)
    assert out.mean.shape == (3, m, k) and out.covariance is None
    np.testing.assert_allclose(out.mean, ode, rtol=1e-8, atol=1e-9)
    # and on the training inputs (no test block): f_X(t) = (I - e^{-eta Theta t}) Y
    train = predict(p["T"], p["y"], t=times, learning_rate=ETA).mean
    np.testing.assert_allclose(train, sol.y.T[:, : n * k].reshape(len(times), n, k), rtol=1e-8, atol=1e-9)


def test_covariance_is_that_of_the_linearly_evolved_gaussian_ensemble(problem):
    """f_0 ~ N(0, K) jointly on (X, x*); the linear model moves f_t(X) = Y + e^{-eta Theta t}(f_0(X) - Y) and
    f_t(x*) = f_0(x*) - Theta(x*, X) Theta^-1 (f_0(X) - f_t(X)); Cov f_t(x*) = L K_joint L^T exactly."""
    p = problem
    n, m = p["n"], len(p["Ts"])
    t = 1.3
    E = scipy.linalg.expm(-ETA * t * p["T"])
    L = np.concatenate([-p["Ts"] @ np.linalg.solve(p["T"], np.eye(n) - E), np.eye(m)], axis=1)
    np.testing.assert_allclose(_run(p, t).covariance, L @ p["nngp"] @ L.T, rtol=1e-10, atol=1e-12)
    # on the training inputs: Cov f_t(X) = e^{-eta Theta t} K e^{-eta Theta t}
    out = predict(p["T"], p["y"], t=t, learning_rate=ETA, nngp_train_train=p["K"])
    np.testing.assert_allclose(out.covariance, E @ p["K"] @ E, rtol=1e-10, atol=1e-12)


def test_infinite_time_is_kernel_regression_and_zero_time_is_the_prior(problem):
    p = problem
    inf = _run(p, np.inf)
    np.testing.assert_allclose(inf.mean, p["Ts"] @ np.linalg.solve(p["T"], p["y"]), rtol=1e-10, atol=1e-12)
    zero = _run(p, 0.0)
    np.testing.assert_allclose(zero.mean, 0.0, rtol=0, atol=0)
    np.testing.assert_allclose(zero.covariance, p["Kss"], rtol=1e-13, atol=1e-15)
    # a long finite time approaches t = inf; the training-set mean interpolates at t = inf
    np.testing.assert_allclose(_run(p, 1e4).mean, inf.mean, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(predict(p["T"], p["y"]).mean, p["y"], rtol=1e-9, atol=1e-10)


def test_shapes_for_vector_targets_and_time_arrays(problem):
    p = problem
    y1 = p["y"][:, 0]
    out = predict(p["T"], y1, p["Ts"], t=[0.0, 1.0, np.inf], nngp_train_train=p["K"], nngp_test_train=p["Ks"],
                  nngp_test_test=p["Kss"])
    assert out.mean.shape == (3, 5) and out.covariance.shape == (3, 5, 5)
    np.testing.assert_allclose(out.mean[1], predict(p["T"], p["y"], p["Ts"], t=1.0).mean[:, 0], rtol=1e-12, atol=1e-14)


def test_singular_kernel_needs_jitter_at_infinite_time():
    x = np.random.default_rng(0).normal(size=(6, 2))
    gram = x @ x.T  # rank 2
    y = np.ones(6)
    with pytest.raises(ValueError, match="singular"):
        predict(gram, y, t=np.inf)
    out = predict(gram, y, gram, t=2.0, learning_rate=0.5)  # finite t is well defined on the null space (eta t)
    ref = gram @ np.linalg.pinv(gram) @ (np.eye(6) - scipy.linalg.expm(-0.5 * 2.0 * gram)) @ y
    np.testing.assert_allclose(out.mean, ref, rtol=1e-9, atol=1e-11)
    # a test row in the null space of Theta: there A_t = eta t, so the mean is eta t (row . Y)
    probe = np.linalg.svd(x.T)[2][2:3]  # x^T probe = 0, i.e. gram probe = 0
    out = predict(gram, y, probe, t=3.0, learning_rate=0.5)
    np.testing.assert_allclose(out.mean, 0.5 * 3.0 * probe @ y, rtol=1e-9, atol=1e-11)
    reg = predict(gram, y, gram, t=np.inf, jitter=0.1).mean  # ridge regression with the NTK
    np.testing.assert_allclose(reg, gram @ np.linalg.solve(gram + 0.1 * np.eye(6), y), rtol=1e-10, atol=1e-12)
    # without a test block the regularised kernel is used throughout: the flow interpolates Y at t = inf
    np.testing.assert_allclose(predict(gram, y, t=np.inf, jitter=0.1).mean, y, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kwargs, match", [
    (dict(t=-1.0), "t must be >= 0"),
    (dict(t=np.nan), "t must be >= 0"),
    (dict(t=[[1.0]]), "1-D array"),
    (dict(learning_rate=0.0), "learning_rate"),
    (dict(jitter=-1.0), "jitter"),
    (dict(y_train=np.ones(4)), "y_train must have shape"),
    (dict(ntk_test_train=np.ones((2, 4))), "ntk_test_train must have shape"),
    (dict(ntk_train_train=np.array([[1.0, 0.5], [0.0, 1.0]]), y_train=np.ones(2), ntk_test_train=None), "not symmetric"),
    (dict(ntk_train_train=np.array([[1.0, 2.0], [2.0, 1.0]]), y_train=np.ones(2), ntk_test_train=None),
     "not positive semidefinite"),
    (dict(ntk_train_train=np.array([[1.0, np.nan], [np.nan, 1.0]]), y_train=np.ones(2), ntk_test_train=None), "NaN"),
    (dict(nngp_train_train=np.eye(3)), "covariance needs"),
    (dict(nngp_train_train=np.eye(2), nngp_test_train=np.ones((1, 3)), nngp_test_test=np.eye(1)),
     "nngp_train_train must have shape"),
])
def test_bad_input_raises_a_clear_value_error(kwargs, match):
    base = dict(ntk_train_train=np.eye(3) + 0.1, y_train=np.ones(3), ntk_test_train=np.ones((1, 3)))
    base.update(kwargs)
    with pytest.raises(ValueError, match=match):
        predict(**base)


def test_bad_types_raise_type_error():
    with pytest.raises(TypeError):
        predict(np.eye(2), np.ones(2), t="inf")
    with pytest.raises(TypeError):
        predict(np.eye(2) * 1j, np.ones(2))

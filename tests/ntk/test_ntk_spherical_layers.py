"""Spherical layers of the ntk algebra (S2SO3Conv, SO3SO3Conv, SO3Pool): finite forward passes
against gaugemath.layers.spherical (an exact SO(3) quadrature for SO3SO3Conv), kernel maps
against s2_so3_kernel and a brute-force covariance, exact gradients, equivariance of the
kernel, and Monte-Carlo convergence of a finite spherical CNN to its NTK."""

import numpy as np
import pytest

from gaugemath import so3
from gaugemath.layers.spherical import (
    act_on_s2_coefficients, evaluate_so3, s2_so3_correlation, so3_so3_correlation,
)
from gaugemath.ntk import (
    Dense, Erf, Relu, S2SO3Conv, SO3Pool, SO3SO3Conv, empirical_kernels, s2_isotropic_basis, s2_localized_basis,
    s2_so3_kernel, serial, so3_localized_basis,
)
from gaugemath.ntk.empirical import jacobian
from gaugemath.ntk.spherical_layers import _real_to_complex_matrix
from gaugemath.transforms import so3_grid

L = 2
N = (L + 1) ** 2


def cap():
    th = np.array([0.0, 0.3, 0.3, 0.3])
    ph = np.array([0, 0, 2 * np.pi / 3, 4 * np.pi / 3])
    return np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1)


def grid_rotations(lmax):
    g = so3_grid(lmax, "gl")
    a, b, c = np.meshgrid(g.alpha, g.beta, g.gamma, indexing="ij")
    return so3.from_euler(a.ravel(), b.ravel(), c.ravel()), g.weights.ravel()


@pytest.mark.parametrize("basis", ["localized", "isotropic"])
def test_s2so3conv_kernel_equals_s2_so3_kernel_and_is_equivariant(basis):
    rng = np.random.default_rng(0)
    R = so3.random(5, rng)
    B = s2_localized_basis(L, cap()) if basis == "localized" else s2_isotropic_basis([1.0, 0.5, 0.25])
    x1, x2 = rng.standard_normal((2, 3, N)), rng.standard_normal((2, 3, N))
    K = serial(S2SO3Conv(1, L, R, B, 1.0, None)).kernel_fn(x1, x2, get="nngp").nngp
    T = _real_to_complex_matrix(L)
    ref = np.mean([s2_so3_kernel(x1[:, c] @ T.T, x2[:, c] @ T.T, R, R, B) for c in range(3)], axis=0)
    np.testing.assert_allclose(K, ref, rtol=0, atol=1e-13 * np.abs(ref).max())
    # equivariance: K(L_Q f, L_Q f')(R, R') = K(f, f')(Q^{-1} R, Q^{-1} R'), any filter prior
    Q = so3.random(1, rng)[0]
    f1, f2 = x1[:, 0] @ T.T, x2[:, 0] @ T.T
    rot = lambda f: np.array([act_on_s2_coefficients(fi, Q) for fi in f])  # noqa: E731
    moved = s2_so3_kernel(rot(f1), rot(f2), R, R, B)
    QinvR = Q.inverse * R
    np.testing.assert_allclose(moved, s2_so3_kernel(f1, f2, QinvR, QinvR, B), rtol=0, atol=1e-12)


def test_so3so3conv_forward_equals_harmonic_correlation():
    # quadrature on an exact SO(3) grid + characters  ==  Ĝ = 8π²/(2ℓ+1) F̂ Ψ̂†  (layers.spherical)
    rng = np.random.default_rng(1)
    Rin, win = grid_rotations(L)
    Rout, centres = so3.random(4, rng), so3.random(3, rng)
    f = rng.standard_normal((2, N)) @ _real_to_complex_matrix(L).T
    psi = rng.standard_normal((1, N)) @ _real_to_complex_matrix(L).T
    F_hat = s2_so3_correlation(f, psi)  # band-limited real SO(3) signals
    layer = SO3SO3Conv(1, Rin, win, Rout, centres, L, 1.0, None)
    W = rng.standard_normal((1, 1, 3))
    ours = layer.forward(evaluate_so3(F_hat, Rin).real[:, None, :], W)[:, 0]
    Psi = so3_localized_basis(L, centres) @ W[0, 0]
    ref = evaluate_so3(so3_so3_correlation(F_hat, Psi[None]), Rout)
    np.testing.assert_allclose(ours, ref.real, rtol=0, atol=1e-12 * np.abs(ref).max())


def test_so3so3conv_kernel_equals_brute_force_covariance():
    rng = np.random.default_rng(2)
    Rin, Rout, centres = so3.random(7, rng), so3.random(4, rng), so3.random(3, rng)
    net = serial(SO3SO3Conv(1, Rin, np.full(7, 1 / 7), Rout, centres, L, 1.0, None))
    x1, x2 = rng.standard_normal((2, 2, 7)), rng.standard_normal((3, 2, 7))
    K = net.kernel_fn(x1, x2, get="nngp").nngp
    W0 = net.init(rng, (2, 7))[0]["W"]
    ref = 0
    for i in range(W0.size):  # Σ over the weight basis of f(e_i; x1) f(e_i; x2)
        e = np.zeros(W0.size)
        e[i] = 1.0
        q = [{"W": e.reshape(W0.shape)}]
        ref = ref + np.einsum("ip,jq->ijpq", net.apply(q, x1)[:, 0], net.apply(q, x2)[:, 0])
    np.testing.assert_allclose(K, ref, rtol=0, atol=1e-13 * np.abs(ref).max())


def test_spherical_gradients_match_central_differences():
    rng = np.random.default_rng(3)
    Rin = so3.random(6, rng)
    net = serial(S2SO3Conv(3, L, Rin, s2_localized_basis(L, cap()), 1.2, 0.1), Erf(),
                 SO3SO3Conv(2, Rin, np.full(6, 1 / 6), so3.random(4, rng), so3.random(3, rng), L, 1.1, 0.2),
                 Relu(), SO3Pool(np.full(4, 0.25)), Dense(1, 1.0, 0.1))
    x = rng.standard_normal((2, 2, N))
    p = net.init(rng, (2, N))
    jac = jacobian(net, p, x)
    col = 0
    for li, d in enumerate(p):
        for name in sorted(d):
            for flat in rng.choice(d[name].size, min(3, d[name].size), replace=False):
                idx = np.unravel_index(flat, d[name].shape)
                plus = [{k: v.copy() for k, v in dd.items()} for dd in p]
                minus = [{k: v.copy() for k, v in dd.items()} for dd in p]
                plus[li][name][idx] += 1e-6
                minus[li][name][idx] -= 1e-6
                fd = (net.apply(plus, x)[:, 0] - net.apply(minus, x)[:, 0]) / 2e-6
                np.testing.assert_allclose(jac[:, col + flat], fd, rtol=1e-6, atol=1e-8)
            col += d[name].size


def test_spherical_cnn_empirical_ntk_converges():
    # S² → SO(3) (width 512, localised filters) → ReLU → SO(3) mean → Dense; mean of 6 seeds.
    # Per-seed error ≈ 8 %; bound 5 % on the mean (observed ≈ 1.5 %).
    rng = np.random.default_rng(4)
    R = so3.random(12, rng)
    net = serial(S2SO3Conv(512, L, R, s2_localized_basis(L, cap()), 1.0, 0.1), Relu(), SO3Pool(np.full(12, 1 / 12)),
                 Dense(1))
    x = rng.standard_normal((3, 2, N))
    k = net.kernel_fn(x)
    emp = np.mean([empirical_kernels(net, net.init(np.random.default_rng(s), (2, N)), x).ntk for s in range(6)], axis=0)
    assert np.linalg.norm(emp - k.ntk) / np.linalg.norm(k.ntk) < 0.05


def test_spherical_layers_bad_input():
    R = so3.random(3, np.random.default_rng(5))
    B = s2_localized_basis(L, cap())
    with pytest.raises(ValueError, match="filter_basis"):
        S2SO3Conv(2, L, R, B[:4])
    with pytest.raises(ValueError, match="in_weights"):
        SO3SO3Conv(2, R, np.ones(2), R, R, L)
    with pytest.raises(ValueError, match="weights"):
        SO3Pool(np.ones((2, 2)))
    with pytest.raises(ValueError, match="variances"):
        s2_isotropic_basis([1.0, -1.0])
    net = serial(S2SO3Conv(2, L, R, B), Relu(), SO3Pool(np.ones(4)))
    with pytest.raises(ValueError, match="SO3Pool"):
        net.kernel_fn(np.ones((1, 1, N)))
    with pytest.raises(ValueError, match="S2SO3Conv needs s2 inputs"):
        serial(S2SO3Conv(2, L, R, B)).kernel_fn(np.ones((1, 1, N + 1)))

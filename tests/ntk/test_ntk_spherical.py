"""Spherical-CNN kernels (gaugemath.ntk.spherical) against Monte Carlo over random filters
(through the finite layers of gaugemath.layers.spherical), a brute-force evaluation on grid
points (quadrature + Legendre addition theorem), and the closed form of the isotropic prior."""

import numpy as np
import pytest
from scipy.special import eval_legendre

from gaugemath import so3, wigner_D
from gaugemath.layers.spherical import evaluate_s2, evaluate_so3, s2_so3_correlation, so3_so3_correlation
from gaugemath.ntk import s2_localized_basis, s2_so3_kernel, so3_localized_basis, so3_pool_kernel, so3_so3_kernel
from gaugemath.ntk._gaussian import relu_dual
from gaugemath.transforms import s2_grid

L = 3


def real_coeffs(rng, n, L=L):
    """S² coefficients of real signals: f̂_{ℓ,−m} = (−1)^m conj f̂_ℓm."""
    f = rng.standard_normal((n, (L + 1) ** 2)) + 1j * rng.standard_normal((n, (L + 1) ** 2))
    out = f.copy()
    for l in range(L + 1):
        for m in range(-l, l + 1):
            out[:, l * l + l + m] = (f[:, l * l + l + m] + (-1) ** m * np.conj(f[:, l * l + l - m])) / 2
    return out


def cap_points():
    th = np.array([0.0, 0.25, 0.25, 0.25, 0.25])
    ph = np.array([0, 0, np.pi / 2, np.pi, 3 * np.pi / 2])
    return np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1)


def test_localized_filter_kernel_vs_monte_carlo():
    rng = np.random.default_rng(0)
    f1, f2 = real_coeffs(rng, 2), real_coeffs(rng, 1)
    R1, R2 = so3.random(3, rng), so3.random(2, rng)
    B = s2_localized_basis(L, cap_points())
    K = s2_so3_kernel(f1, f2, R1, R2, B)
    S = 20000
    psi = rng.standard_normal((S, B.shape[1])) @ B.T
    F1 = evaluate_so3(s2_so3_correlation(f1[:, None, :], psi[None]), R1).real
    F2 = evaluate_so3(s2_so3_correlation(f2[:, None, :], psi[None]), R2).real
    prod = np.einsum("isp,jsq->ijpqs", F1, F2)
    se = prod.std(axis=-1) / np.sqrt(S)
    assert np.all(np.abs(prod.mean(axis=-1) - K) < 5 * se)  # 5 standard errors, 12 entries


def test_localized_filter_kernel_vs_brute_force_on_grid():
    # F_j(R) = ∫ f(x) φ_j(R^{-1} x) dx with the band-limited delta φ_j(y) = Σ_ℓ (2ℓ+1)/4π P_ℓ(y·x_j)
    # (addition theorem), by Gauss–Legendre quadrature (exact for degree <= 2L)
    rng = np.random.default_rng(1)
    f1, f2 = real_coeffs(rng, 2), real_coeffs(rng, 2)
    R1, R2 = so3.random(2, rng), so3.random(3, rng)
    pts = cap_points()
    g = s2_grid(2 * L, "gl")
    th, ph = np.meshgrid(g.theta, g.phi, indexing="ij")
    xyz = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1).reshape(-1, 3)
    w = g.weights.reshape(-1)

    def F(f, R):
        vals = evaluate_s2(f, xyz).real  # (n, P)
        M = so3.as_matrix(R)  # (r, 3, 3)
        cos = np.einsum("pk,rkl,jl->rjp", xyz, M, pts)  # x · R x_j
        phi = sum((2 * l + 1) / (4 * np.pi) * eval_legendre(l, cos) for l in range(L + 1))
        return np.einsum("np,p,rjp->nrj", vals, w, phi)

    ref = np.einsum("irk,jsk->ijrs", F(f1, R1), F(f2, R2))
    K = s2_so3_kernel(f1, f2, R1, R2, s2_localized_basis(L, pts))
    np.testing.assert_allclose(K, ref, rtol=0, atol=1e-11 * np.abs(ref).max())


def test_isotropic_prior_closed_form():
    # C = diag(a_ℓ):  K(R, R') = Σ_ℓ a_ℓ f̂'_ℓ^† D^ℓ(R' R^{-1}) f̂_ℓ
    rng = np.random.default_rng(2)
    f1, f2 = real_coeffs(rng, 1), real_coeffs(rng, 1)
    R1, R2 = so3.random(2, rng), so3.random(2, rng)
    a = np.array([1.0, 0.5, 0.25, 0.125])
    K = s2_so3_kernel(f1, f2, R1, R2, a)
    for p in range(2):
        for q in range(2):
            rel = R2[q] * R1[p].inverse
            ref = sum(a[l] * np.conj(f2[0, l * l:(l + 1) ** 2]) @ wigner_D(l, rel) @ f1[0, l * l:(l + 1) ** 2]
                      for l in range(L + 1))
            np.testing.assert_allclose(K[0, 0, p, q], ref.real, rtol=1e-12, atol=1e-12)


def test_so3_so3_kernel_vs_monte_carlo():
    rng = np.random.default_rng(3)
    Lg = 2
    f = real_coeffs(rng, 2, Lg)
    psi0 = real_coeffs(rng, 1, Lg)
    F = s2_so3_correlation(f, psi0)  # deterministic SO(3) inputs (n, Σ(2ℓ+1)²)
    R1, R2 = so3.random(2, rng), so3.random(2, rng)
    Rloc = so3.from_axis_angle(np.array([[0, 0, 1.0], [1, 0, 0], [0, 1, 0]]), np.array([0.2, 0.2, 0.2]))
    B = so3_localized_basis(Lg, Rloc)
    K = so3_so3_kernel(F, F, R1, R2, B)
    S = 20000
    Psi = rng.standard_normal((S, B.shape[1])) @ B.T
    G1 = evaluate_so3(so3_so3_correlation(F[:, None, :], Psi[None]), R1).real
    G2 = evaluate_so3(so3_so3_correlation(F[:, None, :], Psi[None]), R2).real
    prod = np.einsum("isp,jsq->ijpqs", G1, G2)
    se = prod.std(axis=-1) / np.sqrt(S)
    assert np.all(np.abs(prod.mean(axis=-1) - K) < 5 * se)


def test_so3_pooling_of_linear_layer_is_the_degree_zero_term():
    # (1/8π²)∫F dR = F̂^0, so the pooled kernel of the linear layer with C = diag(a) is a_0 f̂_00 f̂'_00
    rng = np.random.default_rng(4)
    f1, f2 = real_coeffs(rng, 2), real_coeffs(rng, 3)
    R = so3.random(400, rng)
    a = np.array([2.0, 1.0, 1.0, 1.0])
    K = s2_so3_kernel(f1, f2, R, R, a)
    w = np.full(400, 1 / 400)  # Monte Carlo quadrature of the Haar mean
    pooled = so3_pool_kernel(K, None, None, w, w)
    exact = a[0] * np.outer(f1[:, 0], f2[:, 0]).real
    assert np.abs(pooled - exact).max() < 0.2 * np.abs(exact).max()  # MC quadrature, 400 points
    v1 = np.array([np.diag(s2_so3_kernel(f1[i:i + 1], f1[i:i + 1], R, R, a)[0, 0]) for i in range(2)])
    v2 = np.array([np.diag(s2_so3_kernel(f2[j:j + 1], f2[j:j + 1], R, R, a)[0, 0]) for j in range(3)])
    with_relu = so3_pool_kernel(K, v1, v2, w, w, relu_dual)
    # isotropic prior: the variance is the same at every rotation, Σ_ℓ a_ℓ |f̂_ℓ|²
    ref_var = sum(a[l] * np.sum(np.abs(f1[0, l * l:(l + 1) ** 2]) ** 2) for l in range(L + 1))
    np.testing.assert_allclose(v1[0], ref_var, rtol=1e-12, atol=1e-12)
    assert with_relu.shape == (2, 3) and np.all(np.isfinite(with_relu))


def test_spherical_bad_input():
    f = real_coeffs(np.random.default_rng(5), 1)
    R = so3.random(1, np.random.default_rng(5))
    with pytest.raises(ValueError, match="filter_cov"):
        s2_so3_kernel(f, f, R, R, np.ones(3))
    with pytest.raises(ValueError, match="filter_cov"):
        s2_so3_kernel(f, f, R, R, -np.ones(4))
    with pytest.raises(ValueError, match="same band-limit"):
        s2_so3_kernel(f, f[:, :9], R, R, np.ones(4))
    with pytest.raises(ValueError, match=r"\(L\+1\)²"):
        s2_so3_kernel(f[:, :5], f[:, :5], R, R, np.ones(2))
    with pytest.raises(ValueError, match="NaN"):
        s2_so3_kernel(np.full_like(f, np.nan), f, R, R, np.ones(4))
    with pytest.raises(ValueError, match="xyz"):
        s2_localized_basis(2, np.ones((3, 2)))

"""Spherical-CNN modules: independent checks (Dirac-kernel correlations evaluated point by point
with the core's harmonics / Wigner D), agreement with the NumPy reference layers, equivariance
under arbitrary rotations, initialisation variance, bad input."""

import math

import numpy as np
import pytest

pytestmark = pytest.mark.torch
torch = pytest.importorskip("torch")

from scipy.spatial.transform import Rotation  # noqa: E402

from gaugemath import transforms as T  # noqa: E402
from gaugemath.layers.spherical import (  # noqa: E402
    act_on_so3_coefficients,
    evaluate_s2,
    evaluate_so3,
    s2_so3_correlation_layer,
    so3_so3_correlation_layer,
)
from gaugemath.torch import functional as F  # noqa: E402
from gaugemath.torch.pooling import GridNonlinearity, S2Integrate, S2Pool, SO3Integrate, SO3Pool  # noqa: E402
from gaugemath.torch.spherical import (  # noqa: E402
    S2Conv,
    S2ToSO3Conv,
    SO3ToS2Conv,
    SO3ToSO3Conv,
    s2_near_pole_points,
    so3_near_identity_rotations,
)

L = 4
Q = Rotation.from_rotvec([0.4, -1.3, 2.2]).as_matrix()  # an arbitrary rotation (not a grid symmetry)


def _s2_input(gen, lead=(2, 3), lmax=L, grid=None):
    r = torch.randn(lead + ((lmax + 1) ** 2,), dtype=torch.float64, generator=gen)
    return r, F.s2_synthesis(r, lmax, grid or T.s2_grid(lmax, "gl"), real=True)


def _so3_input(gen, lead=(2, 3), lmax=L, grid=None):
    grid = grid or T.so3_grid(lmax, "gl")
    n = T.n_so3_coefficients(lmax)
    c = torch.randn(lead + (n,), dtype=torch.complex128, generator=gen)
    x = F.so3_synthesis(c, lmax, grid).real  # a real band-limited map
    return x


def _rot(euler_grid, i, j, k):
    a, b, g = euler_grid.euler()
    return Rotation.from_euler("ZYZ", [a[i, j, k], b[i, j, k], g[i, j, k]]).as_matrix()


def test_s2_to_so3_local_kernel_is_sum_of_point_values():
    """[f * psi](R) = sum_k w_k f(R x_k) for the Dirac kernel: evaluated with the core's harmonics."""
    gen = torch.Generator().manual_seed(0)
    g, G = T.s2_grid(L, "dh"), T.so3_grid(L, "soft")
    r, x = _s2_input(gen, grid=g)
    m = S2ToSO3Conv(3, 2, L, g, G)
    y = m(x).detach().numpy()
    c = F.real_to_complex(r, L).numpy()
    pts = s2_near_pole_points()
    for ijk in [(0, 0, 0), (3, 5, 7), (9, 2, 1)]:
        vals = evaluate_s2(c, pts @ _rot(G, *ijk).T).real  # (2, 3, K)
        ref = np.einsum("bck,ock->bo", vals, m.weight.detach().numpy())
        np.testing.assert_allclose(y[(...,) + ijk], ref, rtol=0, atol=1e-12)


def test_so3_to_so3_local_kernel_is_sum_of_point_values():
    gen = torch.Generator().manual_seed(1)
    G = T.so3_grid(L, "gl")
    x = _so3_input(gen)
    m = SO3ToSO3Conv(3, 2, L, G, G)
    y = m(x).detach().numpy()
    Fh = T.so3_analysis(x.numpy(), L, G)
    Rk = so3_near_identity_rotations()
    for ijk in [(0, 1, 2), (4, 3, 8)]:
        vals = evaluate_so3(Fh, _rot(G, *ijk) @ Rk).real  # (2, 3, K): F(R R_k)
        ref = np.einsum("bck,ock->bo", vals, m.weight.detach().numpy())
        np.testing.assert_allclose(y[(...,) + ijk], ref, rtol=0, atol=1e-11)


def test_so3_to_s2_is_pole_average_of_point_values():
    """g(x) = mean over gamma of G(R_x R_z(gamma)), G(R) = sum_k w_k F(R R_k); 2L+2 gamma samples are exact."""
    gen = torch.Generator().manual_seed(2)
    G, g = T.so3_grid(L, "gl"), T.s2_grid(L, "gl")
    x = _so3_input(gen, lead=(1, 2))
    m = SO3ToS2Conv(2, 2, L, G, g)
    y = m(x).detach().numpy()
    Fh = T.so3_analysis(x.numpy(), L, G)
    Rk = so3_near_identity_rotations()
    gam = 2 * np.pi * np.arange(2 * L + 2) / (2 * L + 2)
    for it, ip in [(0, 0), (2, 5), (4, 9)]:
        Rx = Rotation.from_euler("ZY", [g.phi[ip], g.theta[it]]).as_matrix()
        Rs = Rx @ Rotation.from_euler("Z", gam[:, None]).as_matrix()  # (n_gamma, 3, 3)
        vals = evaluate_so3(Fh, (Rs[:, None] @ Rk[None]).reshape(-1, 3, 3)).real.reshape(1, 2, len(gam), -1)
        ref = np.einsum("bcjk,ock->bo", vals, m.weight.detach().numpy()) / len(gam)
        np.testing.assert_allclose(y[..., it, ip], ref, rtol=0, atol=1e-11)


def test_harmonic_kernels_match_numpy_reference_layers():
    """Regression guard against gaugemath.layers.spherical (the NumPy reference implementation)."""
    gen = torch.Generator().manual_seed(3)
    g, G = T.s2_grid(L, "gl"), T.so3_grid(L, "gl")
    r, x = _s2_input(gen)
    m = S2ToSO3Conv(3, 2, L, g, G, kernel="harmonic")
    ref = s2_so3_correlation_layer(F.real_to_complex(r, L).numpy(), m.filter_coefficients().detach().numpy())
    np.testing.assert_allclose(m(x).detach().numpy(), T.so3_synthesis(ref, L, G).real, rtol=0, atol=1e-12)
    x3 = _so3_input(gen)
    m3 = SO3ToSO3Conv(3, 2, L, G, G, kernel="harmonic")
    ref3 = so3_so3_correlation_layer(T.so3_analysis(x3.numpy(), L, G), m3.filter_coefficients().detach().numpy())
    np.testing.assert_allclose(m3(x3).detach().numpy(), T.so3_synthesis(ref3, L, G).real, rtol=0, atol=1e-11)


def _so3_rotate_map(x, lmax, G, R):
    return F.so3_synthesis(torch.from_numpy(act_on_so3_coefficients(T.so3_analysis(x.numpy(), lmax, G), R)), lmax, G).real


@pytest.mark.parametrize("kernel", ["local", "harmonic"])
def test_equivariance_arbitrary_rotation(kernel):
    gen = torch.Generator().manual_seed(4)
    g, G = T.s2_grid(L, "mw"), T.so3_grid(L, "soft")
    r, x = _s2_input(gen, grid=g)
    xr = F.s2_synthesis(F.rotate_coefficients(r, Q, L, real=True), L, g, real=True)
    m1 = S2ToSO3Conv(3, 2, L, g, G, kernel=kernel)
    y, yr = m1(x).detach(), m1(xr).detach()
    err = (yr - _so3_rotate_map(y, L, G, Q)).abs().max() / y.abs().max()
    assert err < 1e-12
    m2 = SO3ToSO3Conv(2, 2, L, G, G, kernel=kernel)
    z, zr = m2(y).detach(), m2(yr).detach()
    assert (zr - _so3_rotate_map(z, L, G, Q)).abs().max() / z.abs().max() < 1e-12
    m3 = SO3ToS2Conv(2, 2, L, G, g, kernel=kernel)
    s, sr = m3(z), m3(zr)
    sc = F.s2_analysis(s, L, g, real=True)
    expect = F.s2_synthesis(F.rotate_coefficients(sc, Q, L, real=True), L, g, real=True)
    assert (sr - expect).abs().max() / s.abs().max() < 1e-12
    m4 = S2Conv(2, 3, L, g, g)
    t, tr = m4(s), m4(sr)
    expect = F.s2_synthesis(F.rotate_coefficients(F.s2_analysis(t, L, g, real=True), Q, L, real=True), L, g, real=True)
    assert (tr - expect).abs().max() / t.abs().max() < 1e-12
    # invariant pooling
    np.testing.assert_allclose(SO3Integrate(G)(zr).numpy(), SO3Integrate(G)(z).numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(S2Integrate(g)(sr).detach().numpy(), S2Integrate(g)(s).detach().numpy(), rtol=0, atol=1e-12)


def test_integrate_is_mean_and_pools_low_pass():
    g, G = T.s2_grid(L, "gl"), T.so3_grid(L, "gl")
    r = torch.zeros(1, 25, dtype=torch.float64)
    r[0, 0] = 1.0  # f = Y_00 = 1/sqrt(4 pi)
    f = F.s2_synthesis(r, L, g, real=True)
    np.testing.assert_allclose(S2Integrate(g)(f).item(), 1 / math.sqrt(4 * math.pi), rtol=1e-13, atol=0)
    np.testing.assert_allclose(SO3Integrate(G)(torch.full(G.shape, 2.5, dtype=torch.float64)).item(), 2.5, rtol=1e-13, atol=0)
    gen = torch.Generator().manual_seed(5)
    r, x = _s2_input(gen, lead=(2,))
    p = S2Pool(g, 2)(x)
    assert p.shape == (2,) + T.s2_grid(2, "gl").shape
    np.testing.assert_allclose(F.s2_analysis(p, 2, T.s2_grid(2, "gl"), real=True).numpy(), r[:, :9].numpy(), rtol=0, atol=1e-12)
    assert SO3Pool(G, 2)(_so3_input(gen)).shape == (2, 3) + T.so3_grid(2, "gl").shape


def test_grid_nonlinearity_equivariance_improves_with_oversampling():
    """Aliasing of relu(f): the error falls when the grid carries a larger band-limit (measured in docs/torch.md)."""
    gen = torch.Generator().manual_seed(6)
    r = torch.randn(4, 25, dtype=torch.float64, generator=gen)
    errs = []
    for lg in (L, 4 * L):
        nl = GridNonlinearity(L, T.s2_grid(lg, "gl"))
        a, b = nl(F.rotate_coefficients(r, Q, L, real=True)), F.rotate_coefficients(nl(r), Q, L, real=True)
        errs.append(float((a - b).abs().max() / b.abs().max()))
    assert errs[1] < errs[0] and errs[0] > 1e-4  # not exact on the coarse grid (a test that can fail)
    nl = GridNonlinearity(L, T.so3_grid(L, "gl"), domain="so3")
    assert nl(torch.randn(2, T.n_so3_coefficients(L), dtype=torch.complex128)).shape == (2, T.n_so3_coefficients(L))


def test_initialisation_variance_near_one():
    """Stated init: output variance ~ 1 for a unit-variance isotropic band-limited input (within 2x)."""
    torch.manual_seed(7)
    lmax, C = 6, 8
    g, G = T.s2_grid(lmax, "gl"), T.so3_grid(lmax, "gl")
    r = torch.randn(16, C, (lmax + 1) ** 2, dtype=torch.float64) * math.sqrt(4 * math.pi / (lmax + 1) ** 2)
    x = F.s2_synthesis(r, lmax, g, real=True)
    w = torch.tensor(g.weights / (4 * math.pi))
    var_in = float((x**2 * w).sum((-2, -1)).mean())
    assert 0.8 < var_in < 1.25
    for kernel in ("local", "harmonic"):
        y = S2ToSO3Conv(C, C, lmax, g, G, kernel=kernel)(x).detach()
        v = float(SO3Integrate(G)(y**2).mean())
        assert 0.5 < v < 2.0, (kernel, v)
    s = S2Conv(C, C, lmax, g, g)(x).detach()
    assert 0.5 < float((s**2 * w).sum((-2, -1)).mean()) < 2.0


def test_gradients_flow_to_weights_and_input():
    gen = torch.Generator().manual_seed(8)
    g, G = T.s2_grid(2, "gl"), T.so3_grid(2, "gl")
    _, x = _s2_input(gen, lead=(1, 2), lmax=2, grid=g)
    x = x.clone().requires_grad_(True)
    m = torch.nn.Sequential(S2ToSO3Conv(2, 2, 2, g, G), SO3ToSO3Conv(2, 1, 2, G, G, kernel="harmonic"))
    assert torch.autograd.gradcheck(lambda t: m(t), (x,))
    m(x).square().sum().backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in m.parameters())


def test_float32_module():
    gen = torch.Generator().manual_seed(9)
    _, x = _s2_input(gen)
    m = S2ToSO3Conv(3, 2, L)
    y64 = m(x).detach()
    y32 = m.float()(x.float()).detach()
    assert y32.dtype == torch.float32
    assert float((y32.double() - y64).abs().max() / y64.abs().max()) < 1e-5


def test_bad_input():
    g = T.s2_grid(L, "gl")
    m = S2ToSO3Conv(3, 2, L, g)
    x = torch.zeros((2, 3) + g.shape, dtype=torch.float64)
    with pytest.raises(ValueError, match="in_channels=3"):
        m(torch.zeros((2, 4) + g.shape, dtype=torch.float64))
    with pytest.raises(TypeError, match="dtype"):
        m(x.float())
    with pytest.raises(TypeError, match="must have dtype"):
        m(x.to(torch.complex128))
    with pytest.raises(ValueError, match="grid shape"):
        m(torch.zeros(2, 3, 4, 4, dtype=torch.float64))
    with pytest.raises(ValueError, match="band-limit"):
        S2ToSO3Conv(3, 2, 8, g)
    with pytest.raises(ValueError, match="band-limit"):
        SO3ToSO3Conv(3, 2, 8, T.so3_grid(4))
    with pytest.raises(ValueError, match="kernel"):
        S2ToSO3Conv(3, 2, L, kernel="gaussian")
    with pytest.raises(ValueError, match="in_channels"):
        S2ToSO3Conv(0, 2, L)
    with pytest.raises(TypeError, match="in_grid"):
        S2ToSO3Conv(1, 2, L, in_grid=3)
    with pytest.raises(ValueError, match="nside"):
        S2Conv(1, 1, L, in_grid="healpix")
    with pytest.raises(TypeError, match="torch.Tensor"):
        m(np.zeros((2, 3) + g.shape))
    if hasattr(torch, "device") and torch.device("meta").type == "meta":
        with pytest.raises(ValueError, match="device"):
            m(torch.zeros((2, 3) + g.shape, dtype=torch.float64, device="meta"))


def test_checks_helpers():
    from gaugemath.torch._checks import check_positive_int, check_same_dtype

    assert check_positive_int(np.int64(3), "n") == 3
    for bad in (2.0, True, "3"):
        with pytest.raises(TypeError, match="n must be an integer"):
            check_positive_int(bad, "n")
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        check_positive_int(0, "n")
    with pytest.raises(TypeError, match="a has dtype torch.float32 but b has dtype torch.complex128"):
        check_same_dtype(a=torch.zeros(1), b=torch.zeros(1, dtype=torch.complex128))

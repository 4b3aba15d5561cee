"""Differentiable transforms (gaugemath.torch.functional): forward = gaugemath.transforms,
backward = the exact adjoint (dot-product identity <Sx, y> = <x, S^H y>, gradcheck in float64
on every grid kind), float32 budget, bad input."""

import numpy as np
import pytest

pytestmark = pytest.mark.torch
torch = pytest.importorskip("torch")

from gaugemath import transforms as T  # noqa: E402
from gaugemath.transforms import s2_grid, so3_grid  # noqa: E402
from gaugemath.torch import functional as F  # noqa: E402

L = 4
CASES = [(0, True), (0, False), (1, False), (-2, False)]


def _grid(kind, lmax=L):
    return s2_grid(lmax, "healpix", nside=2) if kind == "healpix" else s2_grid(lmax, kind)


def _rand(shape, complex_, gen):
    if complex_:
        return torch.randn(shape, dtype=torch.complex128, generator=gen)
    return torch.randn(shape, dtype=torch.float64, generator=gen)


def _inner(a, b):
    """Real inner product Re <a, b> (the one autograd's adjoint satisfies)."""
    return (torch.conj(a) * b).real.sum() if a.is_complex() else (a * b).sum()


@pytest.mark.parametrize("kind", ["gl", "dh", "mw", "healpix"])
@pytest.mark.parametrize("spin,real", CASES)
def test_s2_forward_equals_numpy_and_backward_is_adjoint(kind, spin, real):
    gen = torch.Generator().manual_seed(1)
    g = _grid(kind)
    n = (L + 1) ** 2
    c = _rand((2, 3, n), not real, gen)
    f = F.s2_synthesis(c, L, g, spin, real)
    np.testing.assert_allclose(f.numpy(), T.s2_synthesis(c.numpy(), L, g, spin=spin, real=real), rtol=0, atol=1e-13)
    x = _rand(f.shape, not real, gen)
    a = F.s2_analysis(x, L, g, spin, real)
    np.testing.assert_allclose(a.numpy(), T.s2_analysis(x.numpy(), L, g, spin=spin, real=real), rtol=0, atol=1e-12)
    # adjoint identities with independent random vectors: <S c, y> = <c, S^H y>, <A x, z> = <x, A^H z>
    y = _rand(f.shape, not real, gen)
    ci = c.clone().requires_grad_(True)
    (gc,) = torch.autograd.grad(F.s2_synthesis(ci, L, g, spin, real), ci, y)
    assert abs(float(_inner(f, y) - _inner(c, gc))) < 1e-11 * float(f.abs().max() * y.abs().sum())
    z = _rand(a.shape, not real, gen)
    xi = x.clone().requires_grad_(True)
    (gx,) = torch.autograd.grad(F.s2_analysis(xi, L, g, spin, real), xi, z)
    assert abs(float(_inner(a, z) - _inner(x, gx))) < 1e-11 * float(a.abs().max() * z.abs().sum())


def test_synthesis_adjoint_against_explicit_harmonics():
    """S^H y = sum_p conj(Y_lm(x_p)) y_p with the core's harmonics (independent of the transforms)."""
    from gaugemath.harmonics import spherical_harmonics_xyz

    g = s2_grid(3, "dh")
    Y = spherical_harmonics_xyz(3, g.points())  # (P, 16) complex orthonormal
    gen = torch.Generator().manual_seed(2)
    y = _rand(g.shape, True, gen)
    c = torch.zeros(16, dtype=torch.complex128, requires_grad=True)
    (gc,) = torch.autograd.grad(F.s2_synthesis(c, 3, g), c, y)
    np.testing.assert_allclose(gc.numpy(), np.conj(Y).T @ y.numpy().ravel(), rtol=0, atol=1e-12)


@pytest.mark.parametrize("kind", ["gl", "dh", "mw", "healpix"])
@pytest.mark.parametrize("spin,real", [(0, True), (1, False)])
def test_gradcheck_s2(kind, spin, real):
    gen = torch.Generator().manual_seed(3)
    g = _grid(kind, 3) if kind != "healpix" else s2_grid(3, "healpix", nside=1)
    lm = 3 if kind != "healpix" else 2
    c = _rand((16 if lm == 3 else 9,), not real, gen).requires_grad_(True)
    assert torch.autograd.gradcheck(lambda t: F.s2_synthesis(t, lm, g, spin, real), (c,))
    x = _rand(g.shape, not real, gen).requires_grad_(True)
    assert torch.autograd.gradcheck(lambda t: F.s2_analysis(t, lm, g, spin, real), (x,))


@pytest.mark.parametrize("kind", ["gl", "soft"])
def test_so3_forward_adjoint_gradcheck(kind):
    gen = torch.Generator().manual_seed(4)
    g = so3_grid(2, kind)
    n = T.n_so3_coefficients(2)
    c = _rand((2, n), True, gen)
    Fm = F.so3_synthesis(c, 2, g, method="kernels")
    np.testing.assert_allclose(Fm.numpy(), T.so3_synthesis(c.numpy(), 2, g), rtol=0, atol=1e-13)
    x = _rand(Fm.shape, True, gen)
    a = F.so3_analysis(x, 2, g, method="kernels")
    np.testing.assert_allclose(a.numpy(), T.so3_analysis(x.numpy(), 2, g), rtol=0, atol=1e-13)
    y = _rand(Fm.shape, True, gen)
    ci = c.clone().requires_grad_(True)
    (gc,) = torch.autograd.grad(F.so3_synthesis(ci, 2, g, method="kernels"), ci, y)
    assert abs(float(_inner(Fm, y) - _inner(c, gc))) < 1e-11 * float(Fm.abs().max() * y.abs().sum())
    z = _rand(a.shape, True, gen)
    xi = x.clone().requires_grad_(True)
    (gx,) = torch.autograd.grad(F.so3_analysis(xi, 2, g, method="kernels"), xi, z)
    assert abs(float(_inner(a, z) - _inner(x, gx))) < 1e-11 * float(a.abs().max() * z.abs().sum())
    c1 = c[0].clone().requires_grad_(True)
    assert torch.autograd.gradcheck(lambda t: F.so3_synthesis(t, 2, g, method="kernels"), (c1,))
    x1 = x[0].clone().requires_grad_(True)
    assert torch.autograd.gradcheck(lambda t: F.so3_analysis(t, 2, g, method="kernels"), (x1,))


@pytest.mark.parametrize("real", [True, False])
def test_rotation_forward_and_gradcheck(real):
    from scipy.spatial.transform import Rotation

    gen = torch.Generator().manual_seed(5)
    R = Rotation.from_rotvec([0.3, -1.1, 0.7]).as_matrix()
    c = _rand((2, 16), not real, gen).requires_grad_(True)
    out = F.rotate_coefficients(c, R, 3, real)
    np.testing.assert_allclose(out.detach().numpy(), T.rotate_coefficients(c.detach().numpy(), R, 3, real=real), rtol=0, atol=1e-13)
    # rotation preserves the norm (orthonormal basis, unitary D)
    np.testing.assert_allclose(out.detach().abs().square().sum().item(), c.detach().abs().square().sum().item(), rtol=1e-12, atol=0)
    assert torch.autograd.gradcheck(lambda t: F.rotate_coefficients(t, R, 3, real), (c,))


def test_real_complex_maps_match_numpy_and_invert():
    gen = torch.Generator().manual_seed(6)
    r = _rand((3, 25), False, gen)
    c = F.real_to_complex(r, 4)
    ref = T.real_to_complex_coefficients(r.numpy(), 4)  # m >= 0 filled
    l = np.concatenate([np.full(2 * k + 1, k) for k in range(5)])
    m = np.concatenate([np.arange(-k, k + 1) for k in range(5)])
    np.testing.assert_allclose(c.numpy()[:, m >= 0], ref[:, m >= 0], rtol=0, atol=1e-15)
    # c_{l,-m} = (-1)^m conj(c_{lm}) (real field)
    flip = l * l + l - m
    np.testing.assert_allclose(c.numpy()[:, flip], ((-1.0) ** m) * np.conj(c.numpy()), rtol=0, atol=1e-15)
    np.testing.assert_allclose(F.complex_to_real(c, 4).numpy(), r.numpy(), rtol=0, atol=1e-15)


def test_batched_leading_axes():
    g = s2_grid(3, "gl")
    c = torch.randn(2, 3, 4, 16, dtype=torch.float64)
    f = F.s2_synthesis(c, 3, g, real=True)
    assert f.shape == (2, 3, 4) + g.shape
    np.testing.assert_allclose(F.s2_analysis(f, 3, g, real=True).numpy(), c.numpy(), rtol=0, atol=1e-12)


def test_float32_error_budget():
    """float32 in -> float32 out; error vs float64 at L = 32 within 1e-6 relative (measured ~1e-7)."""
    g = s2_grid(32, "gl")
    gen = torch.Generator().manual_seed(7)
    c64 = torch.randn(33 * 33, dtype=torch.float64, generator=gen)
    f64 = F.s2_synthesis(c64, 32, g, real=True)
    f32 = F.s2_synthesis(c64.float(), 32, g, real=True)
    assert f32.dtype == torch.float32
    rel = float((f32.double() - f64).abs().max() / f64.abs().max())
    assert rel < 1e-6
    a32 = F.s2_analysis(f64.float(), 32, g, real=True)
    assert float((a32.double() - c64).abs().max() / c64.abs().max()) < 1e-6


def test_bad_input_errors():
    g = s2_grid(3, "gl")
    with pytest.raises(ValueError, match="lmax=5 is larger"):
        F.s2_synthesis(torch.zeros(36, dtype=torch.complex128), 5, g)
    with pytest.raises(ValueError, match=r"c must have shape \(\.\.\., 16\)"):
        F.s2_synthesis(torch.zeros(15, dtype=torch.complex128), 3, g)
    with pytest.raises(TypeError, match="c must have dtype"):
        F.s2_synthesis(torch.zeros(16, dtype=torch.complex128), 3, g, real=True)
    with pytest.raises(TypeError, match="must have dtype"):
        F.s2_synthesis(torch.zeros(16, dtype=torch.int64), 3, g)
    with pytest.raises(TypeError, match="torch.Tensor"):
        F.s2_analysis(np.zeros(g.shape), 3, g)
    with pytest.raises(ValueError, match="f must have shape"):
        F.s2_analysis(torch.zeros(3, 3), 3, g)
    with pytest.raises(TypeError, match="S2Grid"):
        F.s2_analysis(torch.zeros(g.shape), 3, so3_grid(3))
    with pytest.raises(ValueError, match="real=True is for real spin-0"):
        F.s2_analysis(torch.zeros(g.shape), 3, g, spin=1, real=True)
    with pytest.raises(ValueError, match="spin"):
        F.s2_analysis(torch.zeros(g.shape, dtype=torch.complex128), 3, g, spin=4)
    with pytest.raises(ValueError, match="n_iter"):
        F.s2_analysis(torch.zeros(g.shape), 3, g, n_iter=-1)
    with pytest.raises(ValueError, match="R must be"):
        F.rotate_coefficients(torch.zeros(16), np.eye(2), 3, True)
    with pytest.raises(ValueError, match="too large|larger"):
        F.so3_synthesis(torch.zeros(10, dtype=torch.complex128), 4, so3_grid(3))


@pytest.mark.gpu
def test_cuda_matches_cpu():
    if not torch.cuda.is_available() or not T.cupy_available():
        pytest.skip("needs a CUDA device and CuPy")
    g = s2_grid(8, "gl")
    c = torch.randn(2, 81, dtype=torch.float64)
    cc = c.cuda().requires_grad_(True)
    f = F.s2_synthesis(cc, 8, g, real=True)
    assert f.is_cuda
    np.testing.assert_allclose(f.detach().cpu().numpy(), F.s2_synthesis(c, 8, g, real=True).numpy(), rtol=0, atol=1e-11)
    a = F.s2_analysis(f, 8, g, real=True)
    a.square().sum().backward()
    np.testing.assert_allclose(a.detach().cpu().numpy(), c.numpy(), rtol=0, atol=1e-11)
    assert cc.grad.is_cuda


@pytest.mark.parametrize("kind", ["gl", "soft"])
def test_so3_tables_method_equals_kernels_and_is_adjoint(kind):
    """method='tables' (dense torch) = gaugemath's transform; its autograd gradient = the kernels' adjoint."""
    gen = torch.Generator().manual_seed(11)
    g = so3_grid(4, kind)
    n = T.n_so3_coefficients(4)
    c = _rand((2, n), True, gen)
    np.testing.assert_allclose(F.so3_synthesis(c, 4, g, method="tables").numpy(), T.so3_synthesis(c.numpy(), 4, g), rtol=0, atol=1e-13)
    x = _rand((2,) + g.shape, True, gen)
    for lm in (4, 2):
        np.testing.assert_allclose(F.so3_analysis(x, lm, g, method="tables").numpy(), T.so3_analysis(x.numpy(), lm, g), rtol=0, atol=1e-13)
    y = _rand((2,) + g.shape, True, gen)
    grads = []
    for method in ("kernels", "tables"):
        ci = c.clone().requires_grad_(True)
        grads.append(torch.autograd.grad(F.so3_synthesis(ci, 4, g, method=method), ci, y)[0])
    np.testing.assert_allclose(grads[0].numpy(), grads[1].numpy(), rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="method"):
        F.so3_synthesis(c, 4, g, method="fast")
    # "auto" takes the tables while they fit AUTO_TABLE_BYTES, gaugemath's kernels above
    assert F._resolve_method("auto", 4, g) == "tables"
    assert F._resolve_method("auto", 200, so3_grid(200)) == "kernels"


def test_so3_batches_are_chunked_consistently():
    """Batches larger than one cache-sized block (about 1 MB of coefficients) give the same values."""
    g = so3_grid(12, "gl")
    n = T.n_so3_coefficients(12)  # 2625 -> blocks of 24 rows
    c = torch.randn(30, n, dtype=torch.complex128)
    np.testing.assert_allclose(F.so3_synthesis(c, 12, g, method="kernels").numpy(), T.so3_synthesis(c.numpy(), 12, g), rtol=0, atol=1e-12)
    x = torch.randn((30,) + g.shape, dtype=torch.complex128)
    np.testing.assert_allclose(F.so3_analysis(x, 12, g, method="kernels").numpy(), T.so3_analysis(x.numpy(), 12, g), rtol=0, atol=1e-12)


def test_import_without_torch_says_how_to_install(tmp_path):
    import subprocess
    import sys

    code = ("import sys; sys.modules['torch'] = None\n"
            "import gaugemath, gaugemath.transforms\n"
            "try:\n    import gaugemath.torch\nexcept ImportError as e:\n    print('ERR', e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout
    assert 'pip install "gaugemath[torch]"' in out

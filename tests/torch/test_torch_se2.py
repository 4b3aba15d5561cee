"""PyTorch SE(2)_N layers: same numbers as layers.se2, exact quarter turns, measured 2π/N error, gradients."""

import math

import numpy as np
import pytest

pytestmark = pytest.mark.torch
torch = pytest.importorskip("torch")

from gaugemath.layers.gcnn import group_conv_p4, lift_p4  # noqa: E402
from gaugemath.layers.se2 import act_on_features_se2, group_conv_se2, lift_se2  # noqa: E402
from gaugemath.torch.planar import GroupPool  # noqa: E402
from gaugemath.torch.se2 import SE2NGroupConv, SE2NLift  # noqa: E402


def _t(a):
    return torch.as_tensor(np.ascontiguousarray(a), dtype=torch.float64)


def grid(n):
    c = (n - 1) / 2
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    return j - c, c - i  # x right, y up


def blobs(x, y, params):
    return sum(a * np.exp(-((x - px) ** 2 + (y - py) ** 2) / (2 * s**2)) for a, px, py, s in params)


@pytest.mark.parametrize("n", [1, 3, 4, 6, 8])
@pytest.mark.parametrize("padding", ["valid", "same", "circular"])
def test_same_output_as_numpy_reference(n, padding, rng):
    x = rng.normal(size=(2, 2, 9, 9))
    torch.manual_seed(n)
    L = SE2NLift(2, 3, 5, n, padding=padding, bias=False).double()
    G = SE2NGroupConv(3, 2, 3, n, padding=padding).double()
    with torch.no_grad():
        G.bias.copy_(torch.tensor([0.25, -2.0]))
        y = L(_t(x))
        z = G(y)
    ref = lift_se2(x, L.weight.detach().numpy(), n, padding)
    np.testing.assert_allclose(y.numpy(), ref, rtol=0, atol=1e-12)
    ref2 = group_conv_se2(ref, G.weight.detach().numpy(), n, padding) + np.array([0.25, -2.0])[None, :, None, None, None]
    np.testing.assert_allclose(z.numpy(), ref2, rtol=0, atol=1e-12)


def test_n4_equals_p4(rng):
    """SE(2)_4 is p4 (independent implementation: layers.gcnn permutes, layers.se2 resamples)."""
    x = rng.normal(size=(1, 2, 7, 7))
    torch.manual_seed(0)
    L = SE2NLift(2, 2, 3, 4, padding="same", bias=False).double()
    G = SE2NGroupConv(2, 1, 3, 4, padding="same", bias=False).double()
    with torch.no_grad():
        y, z = L(_t(x)), G(L(_t(x)))
    ref = lift_p4(x, L.weight.detach().numpy(), "same")
    np.testing.assert_allclose(y.numpy(), ref, rtol=0, atol=1e-12)
    # p4's Ψ(·, s) at group index s is SE(2)_4's slice s (C4 = Z/4, h^{-1}s = s - h)
    np.testing.assert_allclose(z.numpy(), group_conv_p4(ref, G.weight.detach().numpy(), "same"), rtol=0, atol=1e-12)


@pytest.mark.parametrize("n", [4, 8, 12])
def test_exact_equivariance_quarter_turns(n, rng):
    torch.manual_seed(2)
    net = torch.nn.Sequential(SE2NLift(1, 2, 5, n, padding="circular"), torch.nn.ReLU(),
                              SE2NGroupConv(2, 2, 3, n, padding="circular")).double()
    x = rng.normal(size=(1, 1, 10, 10))
    with torch.no_grad():
        y = net(_t(x)).numpy()
        for q in (1, 2, 3):
            steps = q * n // 4
            xr = np.rot90(x, q, axes=(-2, -1))
            xr = np.roll(xr, (1, -2), axis=(-2, -1))  # plus a periodic translation
            yr = net(_t(xr)).numpy()
            np.testing.assert_allclose(yr, act_on_features_se2(y, steps, n, shift=(-2, -1)), rtol=0, atol=1e-12)
            pooled = GroupPool("max", n)
            np.testing.assert_allclose(pooled(_t(yr)).numpy(),
                                       np.roll(np.rot90(pooled(_t(y)).numpy(), q, axes=(-2, -1)), (1, -2), axis=(-2, -1)),
                                       rtol=0, atol=1e-12)


# Measured (this test, float64): relative error at the rotation centre, max over the N output
# rotations, smooth 9x9 filters, a sum of Gaussian blobs on 25x25 rotated analytically by 2π/N:
# lift 1.5e-3 / 3.2e-4 / 3.1e-4, lift + ReLU + group conv 1.4e-3 / 3.5e-3 / 2.1e-3 for N = 5 / 8 / 12
# (the ReLU between the layers is not band-limited; without it the NumPy layers give ~1e-3).
OFF_GRID_TOL = 5e-3


def _smooth(k, sigma, shift):
    fx, fy = grid(k)
    return fx * np.exp(-(fx**2 + fy**2) / (2 * sigma**2)) + 0.5 * fy**2 * np.exp(-((fx - shift) ** 2 + fy**2) / (2 * sigma**2))


@pytest.mark.parametrize("n", [5, 8, 12])
def test_off_grid_equivariance_measured(n):
    rng = np.random.default_rng(1)
    params = [(rng.normal(), *rng.uniform(-5, 5, 2), rng.uniform(1.5, 2.5)) for _ in range(6)]
    size, k = 25, 9
    x, y = grid(size)
    th = 2 * np.pi / n
    f = blobs(x, y, params)[None, None]
    fr = blobs(np.cos(th) * x + np.sin(th) * y, -np.sin(th) * x + np.cos(th) * y, params)[None, None]  # f(R^{-1} x)
    L = SE2NLift(1, 1, k, n, padding="same", bias=False).double()
    G = SE2NGroupConv(1, 1, k, n, padding="same", bias=False).double()
    with torch.no_grad():
        L.weight.copy_(_t(_smooth(k, 1.0, 1.0)[None, None]))
        G.weight.copy_(_t(np.stack([_smooth(k, 1.0, s) for s in np.linspace(-1, 1, n)])[None, None]))
        F, Fr = L(_t(f)).numpy(), L(_t(fr)).numpy()
        H, Hr = G(torch.relu(_t(F))).numpy(), G(torch.relu(_t(Fr))).numpy()
    mid = size // 2
    errs = []
    for A, B in ((F, Fr), (H, Hr)):
        a, b = B[0, 0, :, mid, mid], np.roll(A[0, 0, :, mid, mid], 1)  # rotating by θ_1 shifts the C_N axis by one
        errs.append(np.abs(a - b).max() / np.abs(b).max())
    print(f"N={n}: lift {errs[0]:.1e}, lift+relu+group conv {errs[1]:.1e}")
    assert max(errs) < OFF_GRID_TOL
    assert min(errs) > 1e-8  # approximate, not exact: the test notices a false exactness claim


def test_init_gradcheck_and_dtypes(rng):
    torch.manual_seed(0)
    G = SE2NGroupConv(8, 32, 3, 6)
    assert G.fan_in == 8 * 6 * 9 and G.resampling.shape == (6, 9, 9)
    w = G.weight.detach().double()
    assert abs(w.var().item() * G.fan_in / 2.0 - 1) < 5 * math.sqrt(2 / w.numel())
    L = SE2NLift(1, 1, 3, 5, padding="same").double()
    Gd = SE2NGroupConv(1, 1, 3, 5, padding="same").double()
    x = _t(rng.normal(size=(1, 1, 5, 5))).requires_grad_(True)
    assert torch.autograd.gradcheck(lambda a: Gd(L(a)), (x,))
    wt = L.weight.detach().clone().requires_grad_(True)
    assert torch.autograd.gradcheck(lambda v: torch.func.functional_call(L, {"weight": v}, (x.detach(),)), (wt,))
    with torch.no_grad():  # float32 runs with the float64 buffer cast to float32
        y32 = SE2NLift(1, 1, 3, 5, padding="same")(torch.zeros(1, 1, 5, 5))
    assert y32.dtype == torch.float32


def test_bad_input():
    with pytest.raises(TypeError, match="n_rotations"):
        SE2NLift(1, 1, 3, 4.0)
    with pytest.raises(ValueError, match="n_rotations"):
        SE2NGroupConv(1, 1, 3, 0)
    with pytest.raises(ValueError, match="padding"):
        SE2NLift(1, 1, 3, 4, padding="zeros")
    with pytest.raises(ValueError, match="odd kernel_size"):
        SE2NLift(1, 1, 4, 4, padding="same")
    G = SE2NGroupConv(2, 1, 3, 6)
    with pytest.raises(ValueError, match="N = 6"):
        G(torch.zeros(1, 2, 4, 7, 7))
    with pytest.raises(ValueError, match="channel mismatch"):
        G(torch.zeros(1, 3, 6, 7, 7))
    with pytest.raises(TypeError, match="dtype mismatch"):
        G(torch.zeros(1, 2, 6, 7, 7, dtype=torch.float64))
    with pytest.raises(ValueError, match="device mismatch"):
        SE2NLift(1, 1, 3, 4)(torch.zeros(1, 1, 7, 7, device="meta"))

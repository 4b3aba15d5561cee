"""PyTorch p4/p4m layers: same numbers as the NumPy reference, exact equivariance, init, gradients, bad input."""

import math

import numpy as np
import pytest

pytestmark = pytest.mark.torch
torch = pytest.importorskip("torch")

from gaugemath.layers.gcnn import (  # noqa: E402
    act_on_features,
    act_on_image,
    group_conv_p4,
    group_conv_p4m,
    lift_p4,
    lift_p4m,
    pool_rotations,
)
from gaugemath.torch.planar import GroupPool, P4GroupConv, P4Lift, P4MGroupConv, P4MLift  # noqa: E402

LIFTS = {"p4": (P4Lift, lift_p4), "p4m": (P4MLift, lift_p4m)}
GCONVS = {"p4": (P4GroupConv, group_conv_p4), "p4m": (P4MGroupConv, group_conv_p4m)}
ORDER = {"p4": 4, "p4m": 8}


def _t(a):
    return torch.as_tensor(np.ascontiguousarray(a), dtype=torch.float64)


def _brute_lift(image, w, group):
    """Independent reference: Eq. 10 summed pixel by pixel with the 2x2 matrices of h (valid padding)."""
    n, k = image.shape[-1], w.shape[-1]
    c = (k - 1) / 2
    mats = [np.array([[0, -1], [1, 0]]) ** 0]
    r = np.array([[0, -1], [1, 0]])
    s = np.diag([1, -1])
    mats = [np.linalg.matrix_power(r, q) @ np.linalg.matrix_power(s, m) for m in range(ORDER[group] // 4) for q in range(4)]
    out = np.zeros((image.shape[0], w.shape[0], len(mats), n - k + 1, n - k + 1))
    for h, M in enumerate(mats):
        Minv = np.rint(np.linalg.inv(M)).astype(int)
        for a in range(k):
            for b in range(k):
                z = np.array([b - c, c - a])  # filter offset of pixel [a, b]
                zs = Minv @ z  # psi(h^{-1} z)
                aa, bb = int(round(c - zs[1])), int(round(zs[0] + c))
                out[:, :, h] += np.einsum("oc,bcij->boij", w[:, :, aa, bb], image[:, :, a:a + n - k + 1, b:b + n - k + 1])
    return out


@pytest.mark.parametrize("group", ["p4", "p4m"])
@pytest.mark.parametrize("padding", ["valid", "same", "circular"])
def test_same_output_as_numpy_reference(group, padding, rng):
    Lift, lift = LIFTS[group]
    GConv, gconv = GCONVS[group]
    n = ORDER[group]
    x = rng.normal(size=(2, 3, 9, 9))
    torch.manual_seed(0)
    L = Lift(3, 4, 3, padding=padding, bias=False).double()
    with torch.no_grad():
        out = L(_t(x)).numpy()
    ref = lift(x, L.weight.detach().numpy(), padding)
    np.testing.assert_allclose(out, ref, rtol=0, atol=1e-12)
    G = GConv(4, 2, 3, padding=padding, bias=True).double()
    with torch.no_grad():
        G.bias.copy_(torch.tensor([0.5, -1.0]))
        out2 = G(_t(ref)).numpy()
    ref2 = gconv(ref, G.weight.detach().numpy(), padding) + np.array([0.5, -1.0])[None, :, None, None, None]
    np.testing.assert_allclose(out2, ref2, rtol=0, atol=1e-12)
    assert out2.shape == (2, 2, n) + ref2.shape[-2:]


@pytest.mark.parametrize("group", ["p4", "p4m"])
def test_lift_against_brute_force(group, rng):
    """Independent of both implementations: the group elements as 2x2 matrices, pixel sums."""
    Lift, _ = LIFTS[group]
    x = rng.normal(size=(1, 2, 7, 7))
    L = Lift(2, 3, 3, bias=False).double()
    with torch.no_grad():
        out = L(_t(x)).numpy()
    np.testing.assert_allclose(out, _brute_lift(x, L.weight.detach().numpy(), group), rtol=0, atol=1e-12)


@pytest.mark.parametrize("group", ["p4", "p4m"])
@pytest.mark.parametrize("padding", ["same", "circular"])
def test_exact_equivariance(group, padding, rng):
    Lift, _ = LIFTS[group]
    GConv, _ = GCONVS[group]
    torch.manual_seed(1)
    net = torch.nn.Sequential(Lift(2, 3, 3, padding=padding), torch.nn.ReLU(),
                              GConv(3, 3, 3, padding=padding), torch.nn.ReLU()).double()
    pool = GroupPool("max", ORDER[group])
    x = rng.normal(size=(2, 2, 11, 11))
    with torch.no_grad():
        y = net(_t(x)).numpy()
        for u in range(ORDER[group]):
            shift = (2, -3) if padding == "circular" else (0, 0)
            yu = net(_t(act_on_image(x, u, group, shift))).numpy()
            np.testing.assert_allclose(yu, act_on_features(y, u, group, shift), rtol=0, atol=1e-12)
            pooled = pool(_t(yu)).numpy()
            np.testing.assert_allclose(pooled, act_on_image(pool(_t(y)).numpy(), u, group, shift), rtol=0, atol=1e-12)


def test_group_pool_matches_reference(rng):
    f = rng.normal(size=(2, 3, 8, 5, 5))
    np.testing.assert_allclose(GroupPool("max")(_t(f)).numpy(), pool_rotations(f, "max"), rtol=0, atol=0)
    np.testing.assert_allclose(GroupPool("mean", 8)(_t(f)).numpy(), pool_rotations(f, "mean"), rtol=1e-15, atol=1e-15)


@pytest.mark.parametrize("cls,fan_in", [(P4Lift, 16 * 9), (P4GroupConv, 16 * 4 * 9), (P4MGroupConv, 16 * 8 * 9)])
def test_init_variance_is_he(cls, fan_in):
    torch.manual_seed(3)
    layer = cls(16, 64, 3)
    assert layer.fan_in == fan_in
    w = layer.weight.detach().double()
    var = 2.0 / fan_in
    # sample variance of n i.i.d. normals: relative standard error sqrt(2/n)
    assert abs(w.var().item() / var - 1) < 5 * math.sqrt(2 / w.numel())
    assert abs(w.mean().item()) < 5 * math.sqrt(var / w.numel())
    assert torch.all(layer.bias == 0)


def test_gradcheck_float64(rng):
    torch.manual_seed(0)
    L = P4MLift(1, 2, 3, padding="same").double()
    G = P4GroupConv(2, 1, 3, padding="circular").double()
    x = _t(rng.normal(size=(1, 1, 5, 5))).requires_grad_(True)
    assert torch.autograd.gradcheck(lambda a, w: torch.nn.functional.conv2d(a, w), (x, torch.randn(1, 1, 3, 3,
                                    dtype=torch.float64, requires_grad=True)))
    assert torch.autograd.gradcheck(lambda a: L(a), (x,))
    assert torch.autograd.gradcheck(lambda a: G(a), (_t(rng.normal(size=(1, 2, 4, 5, 5))).requires_grad_(True),))
    # gradient w.r.t. the weights flows through the filter bank
    G(_t(rng.normal(size=(1, 2, 4, 5, 5)))).sum().backward()
    assert G.weight.grad is not None and G.weight.grad.abs().sum() > 0


def test_float32_runs_and_matches_float64(rng):
    torch.manual_seed(0)
    L = P4Lift(1, 2, 3, padding="same")
    x = rng.normal(size=(1, 1, 8, 8))
    with torch.no_grad():
        y32 = L(torch.as_tensor(x, dtype=torch.float32)).numpy()
    assert y32.dtype == np.float32
    np.testing.assert_allclose(y32, lift_p4(x, L.weight.detach().double().numpy(), "same") + 0.0, rtol=1e-5, atol=1e-5)


def test_bad_input():
    with pytest.raises(ValueError, match="padding"):
        P4Lift(1, 1, 3, padding="reflect")
    with pytest.raises(ValueError, match="odd kernel_size"):
        P4Lift(1, 1, 4, padding="same")
    with pytest.raises(TypeError, match="in_channels"):
        P4Lift(1.5, 1, 3)
    with pytest.raises(ValueError, match="out_channels"):
        P4GroupConv(1, 0, 3)
    with pytest.raises(ValueError, match="init_gain"):
        P4Lift(1, 1, 3, init_gain=-1.0)
    with pytest.raises(ValueError, match="mode"):
        GroupPool("median")
    L = P4Lift(2, 1, 3)
    with pytest.raises(ValueError, match="channel mismatch"):
        L(torch.zeros(1, 3, 5, 5))
    with pytest.raises(ValueError, match=r"\(batch, C_in, H, W\)"):
        L(torch.zeros(2, 5, 5))
    with pytest.raises(TypeError, match="dtype mismatch"):
        L(torch.zeros(1, 2, 5, 5, dtype=torch.float64))
    with pytest.raises(TypeError, match="torch.Tensor"):
        L(np.zeros((1, 2, 5, 5)))
    with pytest.raises(TypeError, match="floating"):
        L(torch.zeros(1, 2, 5, 5, dtype=torch.int64))
    with pytest.raises(ValueError, match="exceeds"):
        L(torch.zeros(1, 2, 2, 2))
    G = P4MGroupConv(2, 1, 3)
    with pytest.raises(ValueError, match=r"\|H\| = 8"):
        G(torch.zeros(1, 2, 4, 5, 5))
    with pytest.raises(ValueError, match=r"\|H\| = 4"):
        GroupPool("max", 4)(torch.zeros(1, 2, 8, 5, 5))
    with pytest.raises(ValueError, match="device mismatch"):
        L(torch.zeros(1, 2, 5, 5, device="meta"))

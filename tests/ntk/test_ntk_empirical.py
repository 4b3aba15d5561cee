"""Finite width meets infinite width: exact parameter gradients of the NumPy backward pass
(finite differences; torch autograd in a torch-marked test) and Monte-Carlo convergence of
the empirical NTK of a p4 network to the analytic kernel."""

import numpy as np
import pytest

from gaugemath.ntk import (
    Conv2D, Dense, Erf, Flatten, GlobalAvgPool, GroupConv, GroupPool, Lift, Relu, empirical_kernels, serial,
)
from gaugemath.ntk.empirical import jacobian


@pytest.mark.parametrize("group,padding", [("p4", "circular"), ("p4m", "valid"), ("p4", "same")])
def test_gradients_match_central_differences(group, padding):
    rng = np.random.default_rng(0)
    net = serial(Conv2D(2, 3, "same", 1.1, 0.2), Erf(0.8), Lift(group, 2, 3, padding, 1.2, 0.3), Relu(),
                 GroupConv(group, 2, 3, "same", 1.0, 0.1), Erf(), GroupPool(), GlobalAvgPool(), Dense(2, 1.0, 0.1))
    x = rng.standard_normal((2, 2, 7, 7))
    p = net.init(rng, (2, 7, 7))
    jac = jacobian(net, p, x, unit=1)
    col = 0
    for li, layer_p in enumerate(p):
        for name in sorted(layer_p):
            size = layer_p[name].size
            for flat in rng.choice(size, min(3, size), replace=False):
                idx = np.unravel_index(flat, layer_p[name].shape)
                plus = [{k: v.copy() for k, v in d.items()} for d in p]
                minus = [{k: v.copy() for k, v in d.items()} for d in p]
                plus[li][name][idx] += 1e-6
                minus[li][name][idx] -= 1e-6
                fd = (net.apply(plus, x)[:, 1] - net.apply(minus, x)[:, 1]) / 2e-6
                np.testing.assert_allclose(jac[:, col + flat], fd, rtol=1e-6, atol=1e-8)
            col += size
    assert col == jac.shape[1]


def test_empirical_ntk_of_p4_network_converges_to_analytic():
    # two-layer p4 net (lift of width 256 + readout) on 8x8 images; metric: relative Frobenius
    # error of the mean empirical NTK over S = 8 seeds.  Per-seed error ≈ 3 %, so the mean of 8
    # is ≈ 1 %; bound 2 %.
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 1, 8, 8))
    net = serial(Lift("p4", 256, 3, "circular", 1.0, 0.1), Relu(), GroupPool(), GlobalAvgPool(), Dense(1))
    k = net.kernel_fn(x)
    emp = [empirical_kernels(net, net.init(np.random.default_rng(s), (1, 8, 8)), x) for s in range(8)]
    mean_ntk = np.mean([e.ntk for e in emp], axis=0)
    assert np.linalg.norm(mean_ntk - k.ntk) / np.linalg.norm(k.ntk) < 0.02
    # the NNGP of one output unit is a product of two Gaussians, not self-averaging; its mean
    # over seeds has O(1/sqrt(S)) error — check it loosely (5 standard errors)
    se = np.std([e.nngp for e in emp], axis=0) / np.sqrt(len(emp))
    assert np.all(np.abs(np.mean([e.nngp for e in emp], axis=0) - k.nngp) < 5 * se + 1e-12)


def test_empirical_standard_parameterisation_and_flatten():
    x = np.random.default_rng(2).standard_normal((3, 1, 5, 5))
    net = serial(Conv2D(512, 3, "same", 1.2, 0.2, "standard"), Relu(), Flatten(), Dense(1, 1.0, 0.1, "standard"))
    k = net.kernel_fn(x)
    emp = np.mean([empirical_kernels(net, net.init(np.random.default_rng(s), (1, 5, 5)), x).ntk
                   for s in range(4)], axis=0)
    assert np.linalg.norm(emp - k.ntk) / np.linalg.norm(k.ntk) < 0.03


def test_empirical_bad_input():
    net = serial(Lift("p4", 2), GroupPool())
    p = net.init(np.random.default_rng(0), (1, 5, 5))
    with pytest.raises(ValueError, match="vector readout"):
        empirical_kernels(net, p, np.ones((1, 1, 5, 5)))
    with pytest.raises(TypeError, match="Serial"):
        empirical_kernels(Dense(2), p, np.ones((1, 2)))
    with pytest.raises(ValueError, match="params"):
        serial(Dense(2)).apply([], np.ones((1, 2)))


@pytest.mark.torch
def test_gradients_match_torch_autograd():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(3)
    net = serial(Lift("p4", 3, 3, "circular", 1.3, 0.2), Relu(), GroupConv("p4", 2, 3, "circular", 1.1, 0.1),
                 Erf(0.7), GroupPool(), GlobalAvgPool(), Dense(1, 0.9, 0.3))
    x = rng.standard_normal((2, 1, 6, 6))
    p = net.init(rng, (1, 6, 6))
    # independent torch model: filter banks with torch.rot90, circular padding with F.pad
    t = {f"{i}{k}": torch.tensor(v, requires_grad=True) for i, d in enumerate(p) for k, v in d.items()}
    xt = torch.tensor(x)
    pad = lambda z: F.pad(z, (1, 1, 1, 1), mode="circular")  # noqa: E731
    bank1 = torch.stack([torch.rot90(t["0W"], h, dims=(-2, -1)) for h in range(4)], 1).reshape(12, 1, 3, 3)
    z1 = (1.3 / 3 * F.conv2d(pad(xt), bank1)).reshape(2, 3, 4, 6, 6) + 0.2 * t["0b"][None, :, None, None, None]
    a1 = torch.relu(z1).reshape(2, 12, 6, 6)
    bank2 = torch.stack([torch.rot90(torch.roll(t["2W"], h, dims=2), h, dims=(-2, -1)) for h in range(4)], 1)
    z2 = 1.1 / np.sqrt(3 * 4 * 9) * F.conv2d(pad(a1), bank2.reshape(8, 12, 3, 3)).reshape(2, 2, 4, 6, 6)
    z2 = z2 + 0.1 * t["2b"][None, :, None, None, None]
    feat = torch.erf(0.7 * z2).mean(dim=2).mean(dim=(-2, -1))
    out = 0.9 / np.sqrt(2) * feat @ t["6W"].T + 0.3 * t["6b"]
    np.testing.assert_allclose(out.detach().numpy(), net.apply(p, x), rtol=1e-12, atol=1e-12)
    jac = jacobian(net, p, x)
    keys = [f"{i}{k}" for i, d in enumerate(p) for k in sorted(d)]
    for i in range(2):
        grads = torch.autograd.grad(out[i, 0], [t[k] for k in keys], retain_graph=True)
        ref = np.concatenate([g.numpy().ravel() for g in grads])
        np.testing.assert_allclose(jac[i], ref, rtol=1e-10, atol=1e-12)

"""Seed experiments (issue 14, 3a/3b): the digit-on-sphere data and a tiny training run."""

import numpy as np
import pytest

pytestmark = pytest.mark.torch
torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")

from gaugemath import transforms as T  # noqa: E402
from gaugemath.torch import S2ToSO3Conv, SO3Integrate, SO3ToS2Conv, rotate_coefficients  # noqa: E402
from gaugemath.torch.datasets import (  # noqa: E402
    digit_coefficients,
    load_digit_images,
    random_rotations,
    render_digits,
    segmentation_labels,
)


def test_projection_puts_the_image_centre_on_the_pole():
    img = np.zeros((1, 8, 8))
    img[0, 3:5, 3:5] = 1.0  # the four central pixels
    pts = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, -1.0], [np.sin(0.45), 0.0, np.cos(0.45)]])
    g = T.s2_grid(4, "gl")
    vals = render_digits(img, np.eye(3)[None], g)
    assert vals.shape == (1,) + g.shape
    from gaugemath.torch.datasets import _sample

    v = _sample(img, np.eye(3)[None], pts, cap=0.9)[0]
    assert v[0] == pytest.approx(1.0, abs=1e-12)  # centre of the image at the north pole
    assert v[1] == 0.0  # far side of the sphere: outside the image
    assert v[2] == pytest.approx(0.0, abs=1e-12)  # u = 0.5: pixel column 5.5, outside the 2x2 block


def test_rotating_coefficients_equals_rendering_in_the_rotated_frame():
    images, _ = load_digit_images()
    Q = random_rotations(1, seed=3)
    L = 8
    a = digit_coefficients(images[:2], L, frames=np.repeat(Q, 2, axis=0), oversample=4)
    b = rotate_coefficients(torch.from_numpy(digit_coefficients(images[:2], L, oversample=4)), Q[0], L, real=True).numpy()
    # equal up to the aliasing of the (non-band-limited) rendered digit on the fine grid
    assert np.abs(a - b).max() / np.abs(b).max() < 0.05


def test_segmentation_labels_follow_the_frames():
    images, labels = load_digit_images()
    g = T.s2_grid(10, "gl")
    frames = np.stack([np.eye(3), np.diag([1.0, -1.0, -1.0])])[None]  # north and south pole
    lab = segmentation_labels(images[None, :2], labels[None, :2], frames, g)
    north, south = lab[0, :3], lab[0, -3:]
    assert set(np.unique(north)) <= {0, labels[0] + 1} and (north == labels[0] + 1).any()
    assert set(np.unique(south)) <= {0, labels[1] + 1} and (south == labels[1] + 1).any()
    assert (lab[0, 5] == 0).all()  # equator: background


def test_tiny_s2cnn_trains_and_is_invariant():
    torch.manual_seed(0)
    images, labels = load_digit_images()
    L = 4
    g, G = T.s2_grid(L, "gl"), T.so3_grid(2 * L, "gl")  # oversampled SO(3) grid: less ReLU aliasing
    c = torch.from_numpy(digit_coefficients(images[:64], L))
    from gaugemath.torch import s2_synthesis

    x = s2_synthesis(c, L, g, real=True)[:, None]
    y = torch.from_numpy(labels[:64])
    net = torch.nn.Sequential(S2ToSO3Conv(1, 4, L, g, G, so3_method="tables"), torch.nn.ReLU(),
                              SO3Integrate(G), torch.nn.Linear(4, 10, dtype=torch.float64))
    opt = torch.optim.Adam(net.parameters(), lr=0.05)
    losses = []
    for _ in range(15):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]
    R = random_rotations(1, seed=2)[0]
    xr = s2_synthesis(rotate_coefficients(c[:8], R, L, real=True), L, g, real=True)[:, None]
    with torch.no_grad():
        a, b = net[:3](x[:8]), net[:3](xr)  # the invariant features
    assert float((a - b).abs().max() / a.abs().max()) < 0.02  # invariant up to the ReLU's aliasing
    seg = SO3ToS2Conv(4, 3, L, G, g, so3_method="tables")  # the segmentation head runs on these features
    assert seg(torch.relu(net[0](x[:2]))).shape == (2, 3) + g.shape

"""Segmenting digits on the sphere: an S2CNN ending in SO(3) → S² vs a planar CNN with augmentation.

Issue 14, experiment 3b.  A scene holds two digits (scikit-learn's 8×8 images) placed at random
centres on the sphere, upright along their meridian (frame R_z(φ)R_y(θ)); every pixel of the
output grid is labelled with the class + 1 of the digit covering it (0: background), from the
geometry (gaugemath.torch.datasets).  Test scenes are training-style scenes turned by Haar-random
SO(3) rotations (digits tilted in place).
* S2CNN: S² → SO(3) → SO(3) correlations, then SO(3) → S² (SO(3) correlation + average over the
  rotation about the pole): per-pixel logits, equivariant, trained on unrotated scenes only.
* Planar CNN: three convolutions on the (θ, φ) image (circular padding in φ), trained with 0 or 2
  randomly rotated copies of each scene.
Printed: mean IoU on rotated test scenes, parameter counts, equivariance error, training time and
inference latency; figure torch_s2_segmentation.png under $GAUGEMATH_EXAMPLES_OUT (default
./figures).  GAUGEMATH_TORCH_EXPERIMENT=full: the bigger run of docs/torch.md.
"""

import os
import pathlib
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from gaugemath import transforms as T  # noqa: E402
from gaugemath.torch import S2ToSO3Conv, SO3ToS2Conv, SO3ToSO3Conv, rotate_coefficients, s2_analysis, s2_synthesis  # noqa: E402
from gaugemath.torch.datasets import load_digit_images, random_rotations, render_digits, segmentation_labels  # noqa: E402

FULL = os.environ.get("GAUGEMATH_TORCH_EXPERIMENT", "") == "full"
out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)
torch.manual_seed(0)
N_TRAIN, N_TEST, EPOCHS = (300, 100, 10) if FULL else (120, 60, 4)
L = 10  # band-limit of the data; maps and labels on the Gauss-Legendre grid of L (11 x 22)
L_NET = 6 if FULL else 5  # band-limit of the spherical layers; their SO(3) maps on the grid of L (oversampled:
#                           the ReLU's aliasing, the only non-equivariant step, falls with the oversampling)
K, N_CLASSES = 2, 11  # digits per scene; 10 digit classes + background
grid, fine = T.s2_grid(L, "gl"), T.s2_grid(2 * L, "gl")
rng = np.random.default_rng(0)
images, labels = load_digit_images()


def scenes(n, rotations=None):
    """(maps (n, 1, *grid.shape), labels (n, *grid.shape)): K digits at random upright frames, then
    the whole scene turned by ``rotations`` (n, 3, 3) if given (exactly: frames and coefficients)."""
    pick = rng.integers(0, len(images), size=(n, K))
    th = np.arccos(rng.uniform(-0.8, 0.8, size=(n, K)))
    ph = rng.uniform(0, 2 * np.pi, size=(n, K))
    c, s, z, o = np.cos, np.sin, np.zeros((n, K)), np.ones((n, K))
    Rz = np.stack([np.stack([c(ph), -s(ph), z], -1), np.stack([s(ph), c(ph), z], -1), np.stack([z, z, o], -1)], -2)
    Ry = np.stack([np.stack([c(th), z, s(th)], -1), np.stack([z, o, z], -1), np.stack([-s(th), z, c(th)], -1)], -2)
    frames = Rz @ Ry
    maps = render_digits(images[pick].reshape(-1, 8, 8), frames.reshape(-1, 3, 3), fine).reshape((n, K) + fine.shape)
    coeffs = s2_analysis(torch.from_numpy(maps.max(axis=1)), L, fine, real=True)  # band-limited scene
    if rotations is not None:
        frames = rotations[:, None] @ frames
        coeffs = rotate_coefficients(coeffs, rotations, L, real=True)
    lab = segmentation_labels(images[pick], labels[pick], frames, grid)
    return s2_synthesis(coeffs, L, grid, real=True)[:, None], torch.from_numpy(lab)


x_tr, y_tr = scenes(N_TRAIN)
x_te, y_te = scenes(N_TEST, random_rotations(N_TEST, seed=1))


def s2cnn():
    G = T.so3_grid(L, "gl")
    kw = dict(so3_method="tables")
    return torch.nn.Sequential(
        S2ToSO3Conv(1, 8, L_NET, grid, G, **kw), torch.nn.ReLU(),
        SO3ToSO3Conv(8, 8, L_NET, G, G, n_beta=2, n_alpha=4, n_gamma=4, **kw), torch.nn.ReLU(),
        SO3ToS2Conv(8, N_CLASSES, L_NET, G, grid, n_beta=2, n_alpha=4, n_gamma=4, **kw),
    )


def planar_cnn():
    conv = dict(kernel_size=3, padding=1, padding_mode="circular", dtype=torch.float64)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, **conv), torch.nn.ReLU(), torch.nn.Conv2d(16, 16, **conv), torch.nn.ReLU(),
        torch.nn.Conv2d(16, N_CLASSES, kernel_size=1, dtype=torch.float64),
    )


def train(model, x, y, epochs, batch=16, lr=0.01):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    weight = torch.ones(N_CLASSES, dtype=torch.float64)
    weight[0] = 0.2  # background covers most pixels
    t0 = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), batch):
            b = perm[i:i + batch]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x[b]), y[b], weight=weight).backward()
            opt.step()
    return time.perf_counter() - t0


def mean_iou(model, x, y):
    with torch.no_grad():
        t0 = time.perf_counter()
        pred = model(x).argmax(1)
        latency = (time.perf_counter() - t0) / len(x)
    ious = [((pred == k) & (y == k)).sum() / ((pred == k) | (y == k)).sum() for k in range(N_CLASSES) if (y == k).any()]
    return float(torch.stack(ious).mean()), latency, pred


def equivariance_error(model):
    """Logit maps of a rotated scene vs the rotated logit maps (harmonic-domain rotation), relative."""
    R = random_rotations(1, seed=5)[0]
    with torch.no_grad():
        a = model(x_tr[:4])
        xr = s2_synthesis(rotate_coefficients(s2_analysis(x_tr[:4], L, grid, real=True), R, L, real=True), L, grid, real=True)
        b = model(xr)
        a_rot = s2_synthesis(rotate_coefficients(s2_analysis(a, L, grid, real=True), R, L, real=True), L, grid, real=True)
    return float((b - a_rot).abs().max() / a.abs().max())


results, preds = {}, {}
model = s2cnn()
t_train = train(model, x_tr, y_tr, EPOCHS)
iou, lat, preds["S2CNN"] = mean_iou(model, x_te, y_te)
results["S2CNN, no augmentation"] = (iou, sum(p.numel() for p in model.parameters()), equivariance_error(model), t_train, lat)
for copies in (0, 2):
    xs, ys = [x_tr], [y_tr]
    for k in range(copies):
        xa, ya = scenes(N_TRAIN, random_rotations(N_TRAIN, seed=20 + k))
        xs.append(xa)
        ys.append(ya)
    model = planar_cnn()
    t_train = train(model, torch.cat(xs), torch.cat(ys), EPOCHS)
    iou, lat, preds[f"planar +{copies}"] = mean_iou(model, x_te, y_te)
    results[f"planar CNN, {copies} rotated copies"] = (iou, sum(p.numel() for p in model.parameters()),
                                                       equivariance_error(model), t_train, lat)

print(f"{N_TRAIN} training scenes (upright digits), {N_TEST} test scenes (random SO(3) rotations), {EPOCHS} epochs")
for name, (iou, n, err, tt, lat) in results.items():
    print(f"{name}: rotated-test mean IoU {iou:.3f}, parameters {n}, equivariance error {err:.1e}, "
          f"training {tt:.1f} s, inference {lat * 1e3:.2f} ms/scene")

fig, ax = plt.subplots(1, 4, figsize=(15, 3.2))
ax[0].imshow(x_te[0, 0].numpy(), cmap="gray_r", aspect="auto")
ax[0].set_title("rotated test scene (θ, φ)")
ax[1].imshow(y_te[0].numpy(), cmap="tab20", vmin=0, vmax=N_CLASSES, aspect="auto")
ax[1].set_title("labels")
ax[2].imshow(preds["S2CNN"][0].numpy(), cmap="tab20", vmin=0, vmax=N_CLASSES, aspect="auto")
ax[2].set_title("S2CNN prediction")
names = list(results)
ax[3].bar(["S2CNN", "planar +0", "planar +2"], [results[k][0] for k in names], color=["C0", "C1", "C1"])
ax[3].set_title("mean IoU, rotated test scenes")
fig.tight_layout()
fig.savefig(out / "torch_s2_segmentation.png", dpi=90)

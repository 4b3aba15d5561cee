"""Rotated digits on the sphere: a spherical CNN trained WITHOUT rotations vs a planar CNN with augmentation.

Issue 14, experiment 3a.  The 8×8 scikit-learn digits are projected onto a cap around the north
pole (azimuthal equidistant projection, gaugemath.torch.datasets) and band-limited; the test
digits are turned by Haar-random rotations of SO(3) (exactly, in harmonic space).
* S2CNN (Cohen et al. 2018): S² → SO(3) → SO(3) correlations, ReLU on the grids, the invariant
  mean over SO(3), a linear classifier.  Trained on upright digits only: rotation invariance is
  built in, so it transfers to rotated test digits.
* Planar CNN on the equirectangular (θ, φ) image of the same map (circular padding in φ),
  trained with 0, 1, 3 randomly rotated copies of each training digit (augmentation).
Printed: accuracy on rotated test digits, parameter counts, invariance error of the logits under
a rotation, training time and inference latency; figure torch_s2cnn_vs_augmentation.png under
$GAUGEMATH_EXAMPLES_OUT (default ./figures).  GAUGEMATH_TORCH_EXPERIMENT=full: bigger run
(more digits, epochs), the numbers of docs/torch.md.
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
from gaugemath.torch import S2ToSO3Conv, SO3Integrate, SO3ToSO3Conv, rotate_coefficients, s2_synthesis  # noqa: E402
from gaugemath.torch.datasets import digit_coefficients, load_digit_images, random_rotations  # noqa: E402

FULL = os.environ.get("GAUGEMATH_TORCH_EXPERIMENT", "") == "full"
out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)
torch.manual_seed(0)
N_TRAIN, N_TEST, EPOCHS = (600, 300, 10) if FULL else (200, 100, 5)
L_DATA = 10  # data band-limit (maps on the 11 x 22 Gauss-Legendre grid)
L1, C1, C2 = (6, 8, 16) if FULL else (5, 6, 12)  # band-limit and channels of the spherical layers

# --- data: upright training digits, rotated test digits (rotations applied to the coefficients)
images, labels = load_digit_images()
rng = np.random.default_rng(0)
idx = rng.permutation(len(images))[: N_TRAIN + N_TEST]
coeffs = torch.from_numpy(digit_coefficients(images[idx], L_DATA))  # (n, (L+1)^2), real basis
y_all = torch.from_numpy(labels[idx])
grid = T.s2_grid(L_DATA, "gl")  # (11, 22) rings x azimuths: also the planar CNN's image
c_tr, y_tr = coeffs[:N_TRAIN], y_all[:N_TRAIN]
c_te = rotate_coefficients(coeffs[N_TRAIN:], random_rotations(N_TEST, seed=1), L_DATA, real=True)
y_te = y_all[N_TRAIN:]
x_tr = s2_synthesis(c_tr, L_DATA, grid, real=True)[:, None]  # (n, 1, 11, 22)
x_te = s2_synthesis(c_te, L_DATA, grid, real=True)[:, None]


# --- models
def s2cnn():
    # SO(3) maps on a grid of band-limit 2 L1: the ReLU's aliasing (the only non-equivariant step)
    # falls ~10x against a grid of band-limit L1 (measured); Wigner-d tables: fast at small L
    Gf = T.so3_grid(2 * L1, "gl")
    return torch.nn.Sequential(
        S2ToSO3Conv(1, C1, L1, grid, Gf, so3_method="tables"), torch.nn.ReLU(),
        SO3ToSO3Conv(C1, C2, L1, Gf, Gf, n_beta=2, n_alpha=4, n_gamma=4, so3_method="tables"), torch.nn.ReLU(),
        SO3Integrate(Gf), torch.nn.BatchNorm1d(C2, dtype=torch.float64), torch.nn.Linear(C2, 10, dtype=torch.float64),
    )


def planar_cnn():
    conv = dict(kernel_size=3, padding=1, padding_mode="circular", dtype=torch.float64)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, **conv), torch.nn.ReLU(), torch.nn.Conv2d(8, 16, **conv), torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.BatchNorm1d(16, dtype=torch.float64),
        torch.nn.Linear(16, 10, dtype=torch.float64),
    )


def train(model, x, y, epochs, batch=32, lr=0.01):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    t0 = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), batch):
            b = perm[i:i + batch]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x[b]), y[b]).backward()
            opt.step()
    return time.perf_counter() - t0


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        t0 = time.perf_counter()
        logits = model(x)
        latency = (time.perf_counter() - t0) / len(x)
    return float((logits.argmax(1) == y).double().mean()), latency


def invariance_error(model, c):
    """max |logits(rotated x) - logits(x)| / max |logits(x)| over a few digits and one rotation."""
    R = random_rotations(1, seed=7)[0]
    model.eval()
    with torch.no_grad():
        a = model(s2_synthesis(c, L_DATA, grid, real=True)[:, None])
        b = model(s2_synthesis(rotate_coefficients(c, R, L_DATA, real=True), L_DATA, grid, real=True)[:, None])
    return float((a - b).abs().max() / a.abs().max())


def n_params(model):
    return sum(p.numel() for p in model.parameters())


results = {}
model = s2cnn()
t_train = train(model, x_tr, y_tr, EPOCHS)
acc, lat = evaluate(model, x_te, y_te)
results["S2CNN, no augmentation"] = (acc, n_params(model), invariance_error(model, c_tr[:8]), t_train, lat)
for copies in (0, 1, 3):
    Rs = random_rotations(copies * N_TRAIN, seed=10 + copies)
    c_aug = torch.cat([c_tr] + [rotate_coefficients(c_tr, Rs[k * N_TRAIN:(k + 1) * N_TRAIN], L_DATA, real=True)
                                for k in range(copies)])
    x_aug = s2_synthesis(c_aug, L_DATA, grid, real=True)[:, None]
    model = planar_cnn()
    t_train = train(model, x_aug, y_tr.repeat(copies + 1), EPOCHS)
    acc, lat = evaluate(model, x_te, y_te)
    results[f"planar CNN, {copies} rotated copies"] = (acc, n_params(model), invariance_error(model, c_tr[:8]), t_train, lat)

print(f"{N_TRAIN} training digits (upright), {N_TEST} test digits (random SO(3) rotations), {EPOCHS} epochs")
for name, (acc, n, err, tt, lat) in results.items():
    print(f"{name}: rotated-test accuracy {acc:.3f}, parameters {n}, invariance error {err:.1e}, "
          f"training {tt:.1f} s, inference {lat * 1e3:.2f} ms/digit")

fig, ax = plt.subplots(1, 3, figsize=(13, 3.6))
names = list(results)
short = ["S2CNN\n(no aug.)"] + [f"planar\n+{c} rot." for c in (0, 1, 3)]
ax[0].bar(short, [results[k][0] for k in names], color=["C0", "C1", "C1", "C1"])
ax[0].axhline(0.1, color="gray", ls=":", lw=1)
ax[0].set_title("accuracy on rotated test digits")
ax[1].bar(short, [max(results[k][2], 1e-17) for k in names], color=["C0", "C1", "C1", "C1"])
ax[1].set_yscale("log")
ax[1].set_title("logit invariance error (relative)")
ax[2].imshow(x_te[0, 0].numpy(), cmap="gray_r", aspect="auto")
ax[2].set_title(f"a rotated test digit ({int(y_te[0])}) on the (θ, φ) grid")
fig.tight_layout()
fig.savefig(out / "torch_s2cnn_vs_augmentation.png", dpi=90)

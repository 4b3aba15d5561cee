"""Emergent equivariance: deep ensembles trained on rot90-augmented digits become rotation invariant.

Gerken & Kessel (ICML 2024, arXiv:2403.03103): if every member of an ensemble is trained on the fully
augmented data set {(g x_i, y_i) : g in G}, the ensemble mean is exactly G-invariant in the limit of infinitely
many members, at every training time and also far from the data.  Here G = C4 (rotations by 90 degrees) acts on
the 8x8 digits of scikit-learn by pixel permutations.  We train 64 two-layer ReLU networks (width 128, NTK
parameterisation, written below with hand-written gradients) by gradient descent, measure the invariance error
of the mean of the first M members (M = 1, 4, 16, 64), and compare with the infinite-width infinite ensemble,
computed in closed form from the network's NTK (gaugemath.ntk layer algebra) by the isotypic block solve of
gaugemath.ntk.augmentation, which is invariant to rounding.  Finally, infinitely wide CNNs: kernel regression
with a CNN kernel on the augmented digits equals kernel regression with the p4 group-CNN kernel (both exactly
invariant), while the plain CNN is not invariant.
Saves ``ntk_emergent_equivariance.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402

from gaugemath.groups import as_group  # noqa: E402
from gaugemath.ntk import Conv2D, Dense, GlobalAvgPool, GroupPool, Lift, Relu, serial  # noqa: E402
from gaugemath.ntk.augmentation import augment, predict_augmented  # noqa: E402
from gaugemath.ntk.dynamics import predict  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(0)

# --- data: 8x8 digits, each image scaled to norm sqrt(64) (a permutation-invariant normalisation) -----------
digits = load_digits()
images = digits.images / np.linalg.norm(digits.images, axis=(1, 2), keepdims=True) * 8.0
order = rng.permutation(len(images))
train, test = order[:60], order[60:360]
x_train, x_test = images[train].reshape(-1, 64), images[test].reshape(-1, 64)
y_train = np.eye(10)[digits.target[train]] - 0.1  # centred one-hot targets, invariant under rotations

# --- the group: C4 = gaugemath.groups.cyclic(4); element k is the rotation by k * 90 degrees, which turns a
# picture counter-clockwise like np.rot90(image, k); as 64 x 64 permutation matrices on the flattened pixels:
C4 = as_group("C4")
rho_in = np.stack([np.eye(64)[np.rot90(np.arange(64).reshape(8, 8), k).ravel()] for k in range(4)])
x_aug, y_aug = augment(x_train, y_train, C4, rho_in)  # 240 pairs (g x_i, y_i), g-major
print(f"augmented training set: {len(x_train)} digits x |C4| = {len(x_aug)} images")

# --- the architecture, once as a gaugemath.ntk network (for its kernels) and once by hand (for training) ----
width = 128
net = serial(Dense(width, W_std=np.sqrt(2.0), b_std=None), Relu(), Dense(10, b_std=None))


def forward(W1, W2, x):
    """f(x) = W2 relu(sqrt(2/64) W1 x) / sqrt(width) for a stack of members (M, ...), NTK parameterisation."""
    m = len(W1)
    pre = np.sqrt(2.0 / 64) * (x @ W1.reshape(m * width, 64).T).reshape(len(x), m, width).transpose(1, 0, 2)
    return (np.maximum(pre, 0.0) @ W2.transpose(0, 2, 1)) / np.sqrt(width), pre


params = net.init(np.random.default_rng(1), (64,))
mine = forward(params[0]["W"][None], params[2]["W"][None], x_test[:5])[0][0]
print(f"max |hand-written forward - gaugemath.ntk apply| = {np.max(np.abs(mine - net.apply(params, x_test[:5]))):.1e}")

# --- gradient descent on L = 1/2 sum ||f(g x_i) - y_i||^2 over the augmented set, all members at once ----------
M = 64
W1 = rng.standard_normal((M, width, 64))
W2 = rng.standard_normal((M, 10, width))
theta = net.kernel_fn(x_aug, x_aug).ntk
lr = 1.0 / np.linalg.eigvalsh(theta)[-1]  # stable step (2 / lambda_max is the limit)
steps = 100
for _ in range(steps):
    f, pre = forward(W1, W2, x_aug)
    r = f - y_aug[None]  # dL/df
    h = np.maximum(pre, 0.0)
    gW2 = (r.transpose(0, 2, 1) @ h) / np.sqrt(width)  # dL/dW2, (M, 10, width)
    gpre = (r @ W2) / np.sqrt(width) * (pre > 0)  # dL/d(pre-activation)
    gW1 = np.sqrt(2.0 / 64) * (gpre.transpose(0, 2, 1).reshape(M * width, -1) @ x_aug)  # dL/dW1, one GEMM
    gW1 = gW1.reshape(M, width, 64)
    W1 -= lr * gW1
    W2 -= lr * gW2
t = steps * lr  # gradient flow time (learning rate 1 in gaugemath.ntk.dynamics' convention)
print(f"trained {M} networks for {steps} steps of size {lr:.2e}: flow time t = {t:.3f}")

# --- invariance error of the ensemble mean: rms over test digits, outputs and rotations of f(g x) - f(x) ------
x_rot = np.concatenate([x_test @ rho_in[k].T for k in range(4)])  # g-major: 4 x 300 test images
f_rot = forward(W1, W2, x_rot)[0].reshape(M, 4, len(x_test), 10)


def invariance_error(mean):  # mean: (4, m, 10) predictions at g x_j
    return float(np.sqrt(np.mean((mean - mean[:1]) ** 2)))


members = [1, 4, 16, 64]
errors = [invariance_error(f_rot[:k].mean(axis=0)) for k in members]
print("finite ensemble invariance error (M = 1, 4, 16, 64): " + ", ".join(f"{e:.3e}" for e in errors))

# --- the infinite ensemble: exact mean at the same time t and at t = inf, from the NTK of the same network -------
mu = predict_augmented(net.kernel_fn, x_train, y_train, x_rot, C4, rho_in, t=[t, np.inf]).mean
mu = mu.reshape(2, 4, len(x_test), 10)
err_inf = max(invariance_error(mu[0]), invariance_error(mu[1]))
print(f"infinite ensemble (isotypic solve) invariance error at t = {t:.3f} and t = inf: {err_inf:.1e}")
dist = float(np.sqrt(np.mean((f_rot.mean(axis=0) - mu[0]) ** 2)))
print(f"rms distance of the 64-member mean from the infinite ensemble at time t: {dist:.3f}")

# without augmentation the infinite ensemble is not invariant
k_plain = net.kernel_fn(np.concatenate([x_train, x_rot]), x_train).ntk
mu_plain = predict(k_plain[:60], y_train, k_plain[60:], t=np.inf).mean.reshape(4, len(x_test), 10)
print(f"without augmentation, infinite ensemble invariance error: {invariance_error(mu_plain):.3f}")

labels = digits.target[test]
acc = {name: float(np.mean(np.argmax(m[0], axis=-1) == labels))
       for name, m in [("finite ensemble", f_rot.mean(axis=0)), ("infinite, t", mu[0]), ("infinite, t = inf", mu[1]),
                       ("infinite, no augmentation", mu_plain)]}
print("test accuracy: " + ", ".join(f"{k} {v:.3f}" for k, v in acc.items()))

# --- CNN vs p4-CNN (infinite width, t = inf) on 40 digits: augmentation vs built-in equivariance ---------------
# K_p4(x, x') = 1/4 sum_h K_CNN(x, r^h x') (the G-CNN kernel is the group-averaged CNN kernel, see above), and
# kernel regression on the augmented set with K_CNN is kernel regression with that average, so the
# C4-augmented CNN ensemble and the p4-CNN ensemble coincide at t = inf.
cnn = serial(Conv2D(1, 3, "valid"), Relu(), GlobalAvgPool(), Dense(10))
p4cnn = serial(Lift("p4", 1, 3, "valid"), Relu(), GroupPool(), GlobalAvgPool(), Dense(10))
img_train, img_test = images[train[:40], None], images[test[:40], None]  # (n, 1, 8, 8)
y40 = y_train[:40]
img_rot = np.concatenate([np.rot90(img_test, k, axes=(2, 3)) for k in range(4)])
pair = np.concatenate([img_train[:6], np.rot90(img_train[:6], 1, axes=(2, 3))])
k_pair = cnn.kernel_fn(pair, pair).ntk  # joint invariance of the CNN kernel, checked by hand on 6 digits
print(f"CNN kernel: max |K(gx, gx') - K(x, x')| = {np.max(np.abs(k_pair[6:, 6:] - k_pair[:6, :6])):.1e}, "
      f"but max |K(gx, x') - K(x, x')| = {np.max(np.abs(k_pair[6:, :6] - k_pair[:6, :6])):.2f}")
k_tr = cnn.kernel_fn(np.concatenate([img_train, img_rot]), img_train).ntk
plain = predict(k_tr[:40], y40, k_tr[40:]).mean.reshape(4, 40, 10)
aug = predict_augmented(cnn.kernel_fn, img_train, y40, img_rot, C4, rho_in, check=False).mean.reshape(4, 40, 10)
k_p4 = p4cnn.kernel_fn(np.concatenate([img_train, img_rot]), img_train).ntk
gcnn = predict(k_p4[:40], y40, k_p4[40:]).mean.reshape(4, 40, 10)
for name, pred in [("CNN, no augmentation", plain), ("CNN, C4-augmented (isotypic)", aug), ("p4-CNN", gcnn)]:
    acc40 = np.mean(np.argmax(pred[0], axis=-1) == labels[:40])
    print(f"{name}: test accuracy {acc40:.3f}, invariance error {invariance_error(pred):.1e}")
print(f"max |augmented CNN - p4-CNN| over the rotated test digits: {np.max(np.abs(aug - gcnn)):.1e}")

fig, ax = plt.subplots(figsize=(6, 4))
ax.loglog(members, errors, "o-", label="mean of M trained networks (width 128)")
ax.loglog(members, errors[0] / np.sqrt(members), "k:", label=r"$\propto 1/\sqrt{M}$")
ax.axhline(max(err_inf, 1e-17), color="C2", label="infinite ensemble (isotypic solve)")
ax.axhline(invariance_error(mu_plain), color="C3", ls="--", label="infinite ensemble, no augmentation")
ax.set_xlabel("ensemble members M")
ax.set_ylabel(r"rms $\bar f(gx) - \bar f(x)$ on test digits")
ax.set_title("C4-augmented training: emergent invariance")
ax.legend(fontsize=7)
fig.tight_layout()
fig.savefig(out / "ntk_emergent_equivariance.png", dpi=90)
print(f"saved {out / 'ntk_emergent_equivariance.png'}")

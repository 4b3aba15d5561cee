"""Seed experiment: rotation-equivariant G-CNNs (p4, SE(2)_8) vs a plain CNN on rotated digits.

All networks are trained on *upright* 8x8 digits (scikit-learn's ``load_digits``, zero-padded to
12x12 so that rotations fit) and tested on the upright test digits, on the test digits rotated by
multiples of 90°, and rotated by random angles (bilinear ``scipy.ndimage.rotate``).  The G-CNNs
(``gaugemath.torch.planar`` / ``gaugemath.torch.se2``) end with a max over the group axis and a
global average over the plane, so their logits are *invariant* under 90° rotations of the input
(exactly, up to float32 round-off): their accuracy on the 90°-rotated digits equals the upright
accuracy.  The CNN has no such guarantee; a CNN trained with random-rotation augmentation is
shown for comparison.  Printed: parameter counts, accuracies, measured invariance errors,
training time and inference latency.  Saves ``torch_gcnn_vs_cnn.png`` under
$GAUGEMATH_EXAMPLES_OUT (default ./figures).

Size: GAUGEMATH_GCNN_VS_CNN=tiny (a few seconds, the test), unset (default, ~half a minute on
2 cores), or "full" (more epochs, 3 seeds; the numbers of docs/torch.md).
"""

import os
import pathlib
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from scipy.ndimage import rotate  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402

from gaugemath.torch.planar import GroupPool, P4GroupConv, P4Lift  # noqa: E402
from gaugemath.torch.se2 import SE2NGroupConv, SE2NLift  # noqa: E402

MODE = os.environ.get("GAUGEMATH_GCNN_VS_CNN", "default")
EPOCHS, SEEDS, N_TRAIN, N_TEST = {"tiny": (1, [0], 128, 200), "default": (12, [0], 1200, 597),
                                  "full": (40, [0, 1, 2], 1200, 597)}[MODE]
torch.set_num_threads(1)
out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)
print(f"mode: {MODE} ({EPOCHS} epochs, seeds {SEEDS}, {N_TRAIN} training / {N_TEST} test digits)")

# ---- data: 8x8 digits in [0, 1], zero-padded to 12x12 (rotation centre = grid centre) ----------
digits = load_digits()
images = np.pad(digits.images / 16.0, ((0, 0), (2, 2), (2, 2))).astype(np.float32)
labels = digits.target
perm = np.random.default_rng(0).permutation(len(images))
train, test = perm[:N_TRAIN], perm[N_TRAIN:N_TRAIN + N_TEST]
x_train, y_train = torch.tensor(images[train])[:, None], torch.tensor(labels[train])
x_test, y_test = images[test], torch.tensor(labels[test])
rng = np.random.default_rng(1)
test_sets = {
    "upright": x_test,
    "rot 90k": np.stack([np.rot90(im, k) for im, k in zip(x_test, rng.integers(0, 4, len(x_test)))]),
    "rot any": np.stack([rotate(im, a, reshape=False, order=1) for im, a in zip(x_test, rng.uniform(0, 360, len(x_test)))]),
}
test_sets = {k: torch.tensor(np.ascontiguousarray(v))[:, None] for k, v in test_sets.items()}


# ---- models: three conv layers of similar parameter count, invariant heads -------------------
class Head(torch.nn.Module):
    """(max over the group axis,) global average over the plane, linear classifier."""

    def __init__(self, channels, group):
        super().__init__()
        self.pool = GroupPool("max") if group else None
        self.fc = torch.nn.Linear(channels, 10)

    def forward(self, f):
        if self.pool is not None:
            f = self.pool(f)
        return self.fc(f.mean(dim=(-2, -1)))


class Pool2(torch.nn.Module):
    """2x2 average pooling of the plane (12x12 -> 6x6); on an even grid the 90° rotations about the
    centre map the 2x2 blocks onto blocks, so the G-CNNs stay exactly equivariant."""

    def forward(self, f):
        shape = f.shape
        return torch.nn.functional.avg_pool2d(f.reshape(-1, 1, *shape[-2:]), 2).reshape(*shape[:-2], *[n // 2 for n in shape[-2:]])


def make(name):
    relu = torch.nn.ReLU()
    if name.startswith("CNN"):
        return torch.nn.Sequential(torch.nn.Conv2d(1, 16, 3, padding=1), relu, Pool2(), torch.nn.Conv2d(16, 24, 3, padding=1),
                                   relu, torch.nn.Conv2d(24, 32, 3, padding=1), relu, Head(32, False))
    if name == "p4 G-CNN":
        return torch.nn.Sequential(P4Lift(1, 8, 3, "same"), relu, Pool2(), P4GroupConv(8, 10, 3, "same"), relu,
                                   P4GroupConv(10, 16, 3, "same"), relu, Head(16, True))
    return torch.nn.Sequential(SE2NLift(1, 6, 5, 8, "same"), relu, Pool2(), SE2NGroupConv(6, 6, 3, 8, "same"), relu,
                               SE2NGroupConv(6, 10, 3, 8, "same"), relu, Head(10, True))


def augment(xb, gen):
    """Random rotation of a batch (bilinear), for the augmented CNN."""
    ang = gen.uniform(0, 360, len(xb))
    return torch.tensor(np.stack([rotate(im[0].numpy(), a, reshape=False, order=1) for im, a in zip(xb, ang)]))[:, None]


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


NAMES = ["CNN", "CNN + rot. augmentation", "p4 G-CNN", "SE(2)_8 G-CNN"]
results = {n: {"acc": {k: [] for k in test_sets}, "time": [], "eq90": [], "eq45": []} for n in NAMES}
for seed in SEEDS:
    for name in NAMES:
        torch.manual_seed(seed)
        gen = np.random.default_rng(seed)
        model = make(name)
        opt = torch.optim.Adam(model.parameters(), lr=1e-2)
        t0 = time.perf_counter()
        for epoch in range(EPOCHS):
            order = torch.randperm(len(x_train))
            for i in range(0, len(order), 64):
                xb, yb = x_train[order[i:i + 64]], y_train[order[i:i + 64]]
                if "augmentation" in name:
                    xb = augment(xb, gen)
                loss = torch.nn.functional.cross_entropy(model(xb), yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
        results[name]["time"].append(time.perf_counter() - t0)
        for k, xs in test_sets.items():
            results[name]["acc"][k].append(accuracy(model, xs, y_test))
        with torch.no_grad():  # invariance of the logits: rotate the input by 90° / 45°
            xs = test_sets["upright"][:200]
            base = model(xs)
            r90 = model(torch.rot90(xs, 1, dims=(-2, -1)))
            r45 = model(torch.tensor(np.stack([rotate(im[0].numpy(), 45, reshape=False, order=1) for im in xs]))[:, None])
            scale = base.abs().max().item()
            results[name]["eq90"].append((r90 - base).abs().max().item() / scale)
            results[name]["eq45"].append((r45 - base).abs().max().item() / scale)
        results[name]["params"] = sum(p.numel() for p in model.parameters())
        xs = test_sets["upright"][:256]
        with torch.no_grad():
            model(xs)
            lat = min(_t for _t in [(lambda t0: (model(xs), time.perf_counter() - t0)[1])(time.perf_counter())
                                    for _ in range(3)])
        results[name]["latency_ms"] = 1e3 * lat

print("\nmodel | params | accuracy upright / rot 90k / rot any | rel. invariance error 90° / 45° | train s | "
      "inference ms (256 digits)")
for name in NAMES:
    r = results[name]
    acc = " / ".join(f"{np.mean(r['acc'][k]):.3f}" for k in test_sets)
    print(f"{name}: params {r['params']} | accuracy {acc} | invariance error {np.max(r['eq90']):.1e} / "
          f"{np.mean(r['eq45']):.1e} | train {np.mean(r['time']):.2f} s | inference {r['latency_ms']:.2f} ms")
for name in ("p4 G-CNN", "SE(2)_8 G-CNN"):
    r = results[name]
    same = all(a == b for a, b in zip(r["acc"]["upright"], r["acc"]["rot 90k"]))
    print(f"{name}: accuracy on 90k-rotated digits equals upright accuracy: {same}")

# ---- figure: accuracies per test set, and the invariance errors -------------------------------
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5))
width = 0.2
for i, name in enumerate(NAMES):
    means = [np.mean(results[name]["acc"][k]) for k in test_sets]
    ax1.bar(np.arange(3) + (i - 1.5) * width, means, width, label=f"{name} ({results[name]['params']} params)")
ax1.set_xticks(range(3), list(test_sets))
ax1.set_ylabel("test accuracy")
ax1.set_ylim(0, 1)
ax1.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
ax1.set_title(f"trained on upright digits ({MODE}: {EPOCHS} epochs, {len(SEEDS)} seed(s))")
for i, name in enumerate(NAMES):
    vals = [max(np.max(results[name]["eq90"]), 1e-9), max(np.mean(results[name]["eq45"]), 1e-9)]
    ax2.bar(np.arange(2) + (i - 1.5) * width, vals, width, label=name)
ax2.set_yscale("log")
ax2.set_xticks(range(2), ["rotate input by 90°", "rotate input by 45°"])
ax2.set_ylabel("max |logits(g x) - logits(x)| / max |logits(x)|")
ax2.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
ax2.set_title("measured invariance error of the logits")
fig.tight_layout()
fig.savefig(out / "torch_gcnn_vs_cnn.png", dpi=90)
print(f"saved {out / 'torch_gcnn_vs_cnn.png'}")

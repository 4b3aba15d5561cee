"""A p4 G-CNN layer on a digit-like image: rotating the input rotates the maps AND permutes the group axis.

Lifting correlation Z² → p4 (Cohen & Welling 2016, Eq. 10): one filter is correlated with the image
in its four rotated copies r^k ψ, giving four feature maps F(·, r^k).  If the image is rotated by
90° (r), every map rotates by 90° and the stack shifts cyclically: F'(·, r^k) = r·F(·, r^{k-1}).
Saves ``layers_gcnn_p4.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath.groups import p4 as _p4  # noqa: E402
from gaugemath.layers.gcnn import act_on_features, act_on_image, group_conv_p4, lift_p4, pool_rotations  # noqa: E402

p4 = _p4()  # the group object; element 1 of its point group C4 = groups.cyclic(4) is r (+90 deg)

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

# A "7" drawn with two strokes on a 21 x 21 grid (pixel [i, j] <-> (x, y) = (j - 10, 10 - i)), slightly blurred.
n = 21
img = np.zeros((n, n))
img[4, 5:16] = 1.0                                  # top bar
for t in np.linspace(0, 1, 40):                     # diagonal stroke
    img[int(round(4 + 13 * t)), int(round(15 - 7 * t))] = 1.0
blur = np.exp(-0.5 * (np.arange(-2, 3) / 0.8) ** 2)
img = np.apply_along_axis(np.convolve, 0, img, blur / blur.sum(), "same")
img = np.apply_along_axis(np.convolve, 1, img, blur / blur.sum(), "same")
image = img[None, None]                             # (batch, C_in, H, W)

# One oriented filter: a horizontal-edge detector (not rotation invariant, so the 4 maps differ).
psi = np.array([[1.0, 2.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -2.0, -1.0]])[None, None]
F = lift_p4(image, psi, padding="same")             # (1, 1, 4, 21, 21)

rotated = act_on_image(image, 1, p4)              # L_r f: f(r^{-1} x), counter-clockwise by 90°
F_rot = lift_p4(rotated, psi, padding="same")
err_lift = np.max(np.abs(F_rot - act_on_features(F, 1, p4)))
print(f"lift: max |F(L_r f) - L_r F(f)| = {err_lift:.1e}   (L_r F: rotate maps, shift group axis k -> k+1)")

# A second layer (p4 -> p4) and rotation pooling stay equivariant / invariant.
Psi = np.random.default_rng(0).normal(size=(1, 1, 4, 3, 3))
G, G_rot = group_conv_p4(F, Psi, "same"), group_conv_p4(F_rot, Psi, "same")
print(f"group conv: max error {np.max(np.abs(G_rot - act_on_features(G, 1, p4))):.1e}")
pooled, pooled_rot = pool_rotations(G), pool_rotations(G_rot)
print(f"max over rotations then rotate back: error {np.max(np.abs(pooled_rot - act_on_image(pooled, 1, p4))):.1e}")

fig, axes = plt.subplots(2, 5, figsize=(12, 5))
for row, (im, maps, label) in enumerate([(img, F[0, 0], "f"), (rotated[0, 0], F_rot[0, 0], "r·f")]):
    axes[row, 0].imshow(im, cmap="gray_r")
    axes[row, 0].set_title(label)
    vmax = np.abs(F).max()
    for k in range(4):
        axes[row, k + 1].imshow(maps[k], cmap="RdBu_r", vmin=-vmax, vmax=vmax)
        axes[row, k + 1].set_title(f"[{label} ⋆ ψ](·, r^{k})")
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("p4 lifting: rotating the input rotates each map and shifts the stack by one (k → k+1)")
fig.tight_layout()
fig.savefig(out / "layers_gcnn_p4.png", dpi=90)
print(f"saved {out / 'layers_gcnn_p4.png'}")

"""Regenerate ``e3nn_reference.npz``: e3nn's outputs on fixed inputs, so that the default
tests compare gaugemath's ``convention="e3nn"`` presets with e3nn without installing torch.

    pip install "torch<2.14" e3nn      # CPU wheels are enough
    python tests/data/make_e3nn_reference.py

The file records the e3nn and torch versions it was made with (keys ``e3nn_version``,
``torch_version``) and holds, all in float64:

* ``matrices`` (3, 3, 3): three rotation matrices (fixed seed, Haar);
* ``D_<l>`` (3, 2l+1, 2l+1), l = 0..4: ``e3nn.o3.wigner_D(l, *e3nn.o3.matrix_to_angles(M))``;
* ``points`` (5, 3) and ``sh`` (5, 25): ``e3nn.o3.spherical_harmonics(range(5), points,
  normalize=True, normalization="integral")``;
* ``w3j_<l1>_<l2>_<l3>``: ``e3nn.o3.wigner_3j(l1, l2, l3)`` for the triples in ``TRIPLES``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

TRIPLES = [(0, 2, 2), (1, 1, 0), (1, 1, 1), (1, 1, 2), (1, 2, 2), (1, 2, 3), (2, 2, 2), (2, 2, 4), (2, 3, 4), (3, 3, 2), (4, 4, 4)]
OUT = Path(__file__).with_name("e3nn_reference.npz")


def main() -> None:
    import e3nn
    import torch
    from e3nn import o3
    from scipy.spatial.transform import Rotation

    torch.set_default_dtype(torch.float64)
    data = {"e3nn_version": np.array(e3nn.__version__), "torch_version": np.array(torch.__version__)}
    M = Rotation.random(3, random_state=20240501).as_matrix()
    data["matrices"] = M
    angles = o3.matrix_to_angles(torch.tensor(M))
    for ell in range(5):
        data[f"D_{ell}"] = o3.wigner_D(ell, *angles).numpy()
    pts = np.random.default_rng(7).normal(size=(5, 3))
    pts[0] = [0.0, 0.0, 1.0]  # a pole
    data["points"] = pts
    data["sh"] = o3.spherical_harmonics(list(range(5)), torch.tensor(pts), normalize=True, normalization="integral").numpy()
    for l1, l2, l3 in TRIPLES:
        data[f"w3j_{l1}_{l2}_{l3}"] = o3.wigner_3j(l1, l2, l3).numpy()
    np.savez_compressed(OUT, **data)
    print(f"wrote {OUT} (e3nn {e3nn.__version__}, torch {torch.__version__})")


if __name__ == "__main__":
    main()

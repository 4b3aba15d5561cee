"""All Y_lm, l <= L, at 10^4 points: gaugemath beside scipy (complex), sphericart and
e3nn (real, Cartesian).  Targets: >= 5x faster than scipy.special.sph_harm_y,
within 2x of sphericart."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
from _harness import Case, format_rows, run_cases  # noqa: E402

from gaugemath.harmonics import spherical_harmonics, spherical_harmonics_xyz  # noqa: E402


def _scipy_all(L, th, ph):
    from scipy.special import sph_harm_y

    ell = np.repeat(np.arange(L + 1), 2 * np.arange(L + 1) + 1)
    m = np.concatenate([np.arange(-k, k + 1) for k in range(L + 1)])
    return sph_harm_y(ell[None, :], m[None, :], th[:, None], ph[:, None])  # one broadcast call


def _scipy_y_all(L, th, ph):
    from scipy.special import sph_harm_y_all  # scipy >= 1.15: all (l, m) in one call

    return sph_harm_y_all(L, L, th, ph)


def cases(quick: bool) -> list[Case]:
    rng = np.random.default_rng(0)
    n = 1000 if quick else 10_000
    xyz = rng.normal(size=(n, 3))
    xyz /= np.linalg.norm(xyz, axis=1, keepdims=True)
    th, ph = np.arccos(xyz[:, 2]), np.arctan2(xyz[:, 1], xyz[:, 0])
    out = []
    for L in (8, 32) if quick else (8, 32, 128):
        out.append(
            Case(
                f"complex Y, L={L}, {n} pts",
                lambda L=L: spherical_harmonics(L, th, ph),
                {
                    "scipy.sph_harm_y": lambda L=L: _scipy_all(L, th, ph),
                    "scipy.sph_harm_y_all": lambda L=L: _scipy_y_all(L, th, ph),
                },
                ">= 5x scipy",
            )
        )
        peers = {}
        try:
            import sphericart

            sc = sphericart.SphericalHarmonics(L)
            peers["sphericart"] = lambda sc=sc: sc.compute(xyz)
        except ImportError:
            pass
        try:
            import torch
            from e3nn import o3

            torch.set_default_dtype(torch.float64)
            tx = torch.tensor(xyz)
            peers["e3nn"] = lambda L=L, tx=tx: o3.spherical_harmonics(list(range(L + 1)), tx, normalize=True, normalization="integral")
        except ImportError:
            pass
        out.append(Case(f"real S (xyz), L={L}, {n} pts", lambda L=L: spherical_harmonics_xyz(L, xyz, basis="real"), peers, "within 2x sphericart"))
    return out


if __name__ == "__main__":
    print(format_rows(run_cases(cases("--quick" in sys.argv))))

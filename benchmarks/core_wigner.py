"""All Wigner D^l, l <= L, for a batch of rotations: gaugemath beside spherical and e3nn.

Targets (issue 'SO(3) numerical core'): at least as fast as spherical, >= 20x faster
than e3nn.o3.wigner_D (looped over l, batched over rotations).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
from _harness import Case, format_rows, run_cases  # noqa: E402

from gaugemath import so3  # noqa: E402
from gaugemath.wigner import wigner_D_all  # noqa: E402

SIZES = {16: 100, 64: 10, 256: 1}


def cases(quick: bool) -> list[Case]:
    out = []
    sizes = {8: 10, 16: 4} if quick else SIZES
    for L, n in sizes.items():
        R = so3.random(n, seed=L)
        q = so3.as_quaternion(R)
        peers = {}
        try:
            import quaternionic
            import spherical

            W = spherical.Wigner(L)
            Rq = quaternionic.array(q)
            peers["spherical"] = lambda W=W, Rq=Rq: W.D(Rq)
        except ImportError:
            pass
        try:
            import torch
            from e3nn import o3

            torch.set_default_dtype(torch.float64)
            ang = o3.matrix_to_angles(torch.tensor(so3.as_matrix(R)))
            peers["e3nn"] = lambda ang=ang, L=L: [o3.wigner_D(ell, *ang) for ell in range(L + 1)]
        except ImportError:
            pass
        out.append(Case(f"D^l all l<={L}, {n} rotations", lambda L=L, q=q: wigner_D_all(L, q), peers, ">= spherical; >= 20x e3nn"))
    return out


if __name__ == "__main__":
    print(format_rows(run_cases(cases("--quick" in sys.argv))))

"""First use of the core (issue 'First use on a fresh machine'): small calls, loops over the
degree, the real basis, and cold/warm first-call cost per entry point.

    python benchmarks/core_first_use.py            # the timing table (default threads)
    python benchmarks/core_first_use.py --cold     # first-call CPU time per entry point:
                                                   # empty cache, then the cache it filled

Targets: one ``wigner_D(3, R)`` call <= 3x spherical's ``Wigner(3).D(R)`` (default threads);
``wigner_D(l, R)`` looped over l <= 64 for 50 rotations <= 1.5x spherical computing all D^l
(one thread); ``wigner_D_all`` <= 1x; the real basis <= 1.3x the complex one.  Ratios are
peer time / gaugemath time (> 1: gaugemath faster), as everywhere in ``benchmarks/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
from _harness import Case, format_rows, run_cases  # noqa: E402

from gaugemath import so3  # noqa: E402
from gaugemath.wigner import wigner_D, wigner_D_all  # noqa: E402

REPS = 200  # small calls are timed as a loop of REPS calls


def cases(quick: bool) -> list[Case]:
    out = []
    q1 = so3.as_quaternion(so3.random(seed=1))
    L, n = (16, 10) if quick else (64, 50)
    q = so3.as_quaternion(so3.random(n, seed=2))
    peers_small, peers_loop = {}, {}
    try:
        import quaternionic
        import spherical

        W3, R1 = spherical.Wigner(3), quaternionic.array(q1)
        WL, R = spherical.Wigner(L), quaternionic.array(q)
        peers_small["spherical Wigner(3).D"] = lambda: [W3.D(R1) for _ in range(REPS)]
        peers_loop["spherical Wigner(L).D (all l)"] = lambda: WL.D(R)
    except ImportError:
        pass
    out.append(Case(f"wigner_D(3, R), one rotation, {REPS} calls", lambda: [wigner_D(3, q1) for _ in range(REPS)], peers_small, "ratio >= 0.33 (<= 3x spherical)"))
    out.append(Case(f"wigner_D(l, R) for l <= {L}, {n} rotations", lambda: [wigner_D(ell, q) for ell in range(L + 1)], peers_loop, "ratio >= 0.67 (<= 1.5x), 1 thread"))
    out.append(Case(f"wigner_D_all({L}, R), {n} rotations", lambda: wigner_D_all(L, q), peers_loop, "ratio >= 1"))
    qr = so3.as_quaternion(so3.random(100, seed=3))
    for ell in (3, 16, 64):
        out.append(
            Case(
                f"wigner_D({ell}, R, basis='real'), 100 rotations",
                lambda ell=ell: wigner_D(ell, qr, basis="real"),
                {"gaugemath complex basis": lambda ell=ell: wigner_D(ell, qr)},
                "ratio >= 0.77 (real <= 1.3x complex)",
            )
        )
    return out


COLD = r"""
import json, sys, time
t0 = time.process_time()
import numpy as np
from gaugemath import so3
from gaugemath.wigner import wigner_d, wigner_D, wigner_D_all
from gaugemath.harmonics import spherical_harmonics, spherical_harmonics_xyz
from gaugemath.coupling import coupling_tensor, clebsch_gordan, wigner_3j
res = {"import gaugemath core modules": time.process_time() - t0}
q = np.array([0.5, 0.5, 0.5, 0.5]); M = so3.as_matrix(q)
calls = [
    ("so3.from_matrix (+ quaternionic import)", lambda: so3.from_matrix(M)),
    ("so3.as_quaternion(matrix)", lambda: so3.as_quaternion(M)),
    ("wigner_d(3, beta)", lambda: wigner_d(3, 0.3)),
    ("wigner_d(1.5, beta)", lambda: wigner_d(1.5, 0.3)),
    ("wigner_D(3, q)", lambda: wigner_D(3, q)),
    ("wigner_D(3, q, basis='real')", lambda: wigner_D(3, q, basis="real")),
    ("wigner_D(0.5, q)", lambda: wigner_D(0.5, q)),
    ("wigner_D_all(4, q)", lambda: wigner_D_all(4, q)),
    ("spherical_harmonics complex", lambda: spherical_harmonics(4, 0.3, 0.2)),
    ("spherical_harmonics real", lambda: spherical_harmonics(4, 0.3, 0.2, basis="real")),
    ("spherical_harmonics spin=1", lambda: spherical_harmonics(4, 0.3, 0.2, spin=1)),
    ("spherical_harmonics_xyz real", lambda: spherical_harmonics_xyz(4, [0.1, 0.2, 0.3], basis="real")),
    ("coupling_tensor(1, 2, 2)", lambda: coupling_tensor(1, 2, 2)),
    ("clebsch_gordan", lambda: clebsch_gordan(1, 0, 1, 0, 2, 0)),
    ("wigner_3j", lambda: wigner_3j(1, 1, 2, 0, 0, 0)),
]
for name, f in calls:
    t = time.process_time(); f(); res[name] = time.process_time() - t
print(json.dumps(res))
"""


def cold_first_calls(root: str | None = None) -> str:
    """Markdown table: CPU seconds of each first call in a fresh process on an empty Numba cache
    (cold) and in a second fresh process on the cache the first one filled (warm)."""
    import json

    root = root or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cache = tempfile.mkdtemp(prefix="gm_numba_cache_")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.update(NUMBA_CACHE_DIR=cache, PYTHONPATH=root + os.pathsep + env.get("PYTHONPATH", ""))
    runs = []
    for _ in range(2):
        res = subprocess.run([sys.executable, "-c", COLD], env=env, cwd=root, capture_output=True, text=True, check=True)
        runs.append(json.loads(res.stdout.strip().splitlines()[-1]))
    lines = ["| first call | cold cache (CPU s) | warm cache (CPU s) |", "|---|---|---|"]
    for name in runs[0]:
        lines.append(f"| {name} | {runs[0][name]:.2f} | {runs[1][name]:.3f} |")
    lines.append(f"| **total** | {sum(runs[0].values()):.2f} | {sum(runs[1].values()):.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    if "--cold" in sys.argv:
        print(cold_first_calls())
    else:
        print(format_rows(run_cases(cases("--quick" in sys.argv))))

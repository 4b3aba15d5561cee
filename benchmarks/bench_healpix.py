"""HEALPix index algebra: gaugemath.transforms.healpix beside healpy, all pixels of one map,
in one run, as ratios healpy time / gaugemath time (> 1: gaugemath faster).

    python benchmarks/bench_healpix.py                 # nside 1024 (12.6 M pixels)
    python benchmarks/bench_healpix.py --quick         # nside 64 (smoke test)
    python benchmarks/bench_healpix.py --first-call    # compile / cache-load cost of each kernel

Each table is measured twice: with one thread (``numba.set_num_threads(1)``: the serial
kernels) and with the default number of threads (the ``parallel=True`` kernels above 2^20
pixels).  healpy is single-threaded in both.  Both libraries produce identical outputs (checked
here once per case, and in tests/transforms/test_transforms_healpix_healpy.py).
Target (issue 12): nest -> ring, ring -> nest and neighbours of all pixels at nside 1024 >= 1x healpy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402

from gaugemath.transforms import healpix as H  # noqa: E402

TARGET = ">= 1x healpy"


def cases(quick: bool) -> list[Case]:
    import healpy as hp

    nside = 64 if quick else 1024
    p = np.arange(12 * nside * nside)
    th, ph = hp.pix2ang(nside, p)
    vx, vy, vz = hp.pix2vec(nside, p)
    th = th + 1e-7  # off the centres: generic directions
    checks = [
        (H.nest2ring(nside, p), hp.nest2ring(nside, p)),
        (H.ring2nest(nside, p), hp.ring2nest(nside, p)),
        (H.neighbours(nside, p[::97], nest=True), hp.get_all_neighbours(nside, p[::97], nest=True)),
        (H.neighbours(nside, p[::97]), hp.get_all_neighbours(nside, p[::97])),
        (H.ang2pix(nside, th, ph), hp.ang2pix(nside, th, ph)),
        (H.vec2pix(nside, vx, vy, vz, nest=True), hp.vec2pix(nside, vx, vy, vz, nest=True)),
    ]
    assert all(np.array_equal(a, b) for a, b in checks), "outputs differ from healpy"
    n = f"nside {nside}, all {p.size} pixels"
    return [
        Case(f"nest2ring ({n})", lambda: H.nest2ring(nside, p), {"healpy": lambda: hp.nest2ring(nside, p)}, TARGET),
        Case(f"ring2nest ({n})", lambda: H.ring2nest(nside, p), {"healpy": lambda: hp.ring2nest(nside, p)}, TARGET),
        Case(f"neighbours nest ({n})", lambda: H.neighbours(nside, p, nest=True),
             {"healpy": lambda: hp.get_all_neighbours(nside, p, nest=True)}, TARGET),
        Case(f"neighbours ring ({n})", lambda: H.neighbours(nside, p),
             {"healpy": lambda: hp.get_all_neighbours(nside, p)}, TARGET),
        Case(f"pix2ang ring ({n})", lambda: H.pix2ang(nside, p), {"healpy": lambda: hp.pix2ang(nside, p)}),
        Case(f"ang2pix ring ({n})", lambda: H.ang2pix(nside, th, ph), {"healpy": lambda: hp.ang2pix(nside, th, ph)}),
        Case(f"pix2vec nest ({n})", lambda: H.pix2vec(nside, p, nest=True),
             {"healpy": lambda: hp.pix2vec(nside, p, nest=True)}),
        Case(f"vec2pix nest ({n})", lambda: H.vec2pix(nside, vx, vy, vz, nest=True),
             {"healpy": lambda: hp.vec2pix(nside, vx, vy, vz, nest=True)}),
    ]


_FIRST = """
import time, numpy as np
t0 = time.perf_counter()
from gaugemath.transforms import healpix as H
t1 = time.perf_counter()
print(f"import: {1e3 * (t1 - t0):.0f} ms")
p = np.arange(48)
for name, fn in [("nest2ring", lambda: H.nest2ring(2, p)), ("ring2nest", lambda: H.ring2nest(2, p)),
                 ("nest2xyf", lambda: H.nest2xyf(2, p)), ("xyf2nest", lambda: H.xyf2nest(2, 0, 0, 0)),
                 ("pix2ang", lambda: H.pix2ang(2, p)), ("ang2pix", lambda: H.ang2pix(2, 0.5, 0.5)),
                 ("pix2vec", lambda: H.pix2vec(2, p)), ("vec2pix", lambda: H.vec2pix(2, 1.0, 0.0, 0.0)),
                 ("neighbours", lambda: H.neighbours(2, p)), ("boundaries", lambda: H.boundaries(2, p))]:
    t = time.perf_counter(); fn(); print(f"first {name}: {1e3 * (time.perf_counter() - t):.0f} ms")
"""


def first_call() -> None:
    """First-call cost in fresh processes: without Numba's cache (compile) and with it (load)."""
    env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
    for label, extra in (("no cache (compile)", {"GAUGEMATH_NUMBA_CACHE": "0"}), ("cache filled (load)", {})):
        subprocess.run([sys.executable, "-c", _FIRST], env=dict(env, **extra), check=True, capture_output=True)
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", _FIRST], env=dict(env, **extra), check=True,
                             capture_output=True, text=True).stdout
        print(f"## first calls, {label}: process {time.perf_counter() - t:.1f} s\n{out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--first-call", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.first_call:
        first_call()
        return
    import numba

    default = numba.get_num_threads()
    cs = cases(args.quick)
    for threads in (1, default):
        set_threads(threads)
        print(f"\n## {threads} thread(s) (Numba); healpy single-threaded\n")
        print(format_rows(run_cases(cs, repeat=args.repeat)))


if __name__ == "__main__":
    main()

"""``gaugemath transform``: round-trip check of the harmonic transforms from the shell.

    gaugemath transform --grid gl --lmax 64 --check

Synthesis of random coefficients (standard normal, complex unless ``--real``; degrees
below ``|spin|`` zeroed) on the grid, then analysis; each step's time is printed as it
finishes (the first call includes Numba compilation unless ``gaugemath warmup`` ran).
The parser is defined in :mod:`gaugemath.cli`; this module holds the implementation.
"""

from __future__ import annotations

import time


def _cmd_transform(args) -> int:
    import numpy as np

    from .grids import s2_grid
    from .s2 import s2_analysis, s2_synthesis

    if args.grid == "healpix":
        grid = s2_grid(args.lmax, "healpix", nside=args.nside)
    else:
        grid = s2_grid(args.lmax, args.grid)
    rng = np.random.default_rng(args.seed)
    n = (args.lmax + 1) ** 2
    c = rng.normal(size=n) if args.real else rng.normal(size=n) + 1j * rng.normal(size=n)
    c[: abs(args.spin) ** 2] = 0
    print(f"grid={grid!r} spin={args.spin} real={args.real}", flush=True)
    t0 = time.perf_counter()
    f = s2_synthesis(c, args.lmax, grid, spin=args.spin, real=args.real)
    t1 = time.perf_counter()
    print(f"synthesis {1e3 * (t1 - t0):.2f} ms", flush=True)
    c2 = s2_analysis(f, args.lmax, grid, spin=args.spin, real=args.real)
    t2 = time.perf_counter()
    print(f"analysis {1e3 * (t2 - t1):.2f} ms  (first calls include JIT compilation unless warmed up)", flush=True)
    if args.check:
        print(f"round-trip max error: {np.abs(c2 - c).max():.3e}")
    return 0

"""``gaugemath transform``: round-trip check of the harmonic transforms from the shell.

    gaugemath transform --grid gl --lmax 64 --check
"""

from __future__ import annotations

import time

import numpy as np


def _cmd_transform(args) -> int:
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
    t0 = time.perf_counter()
    f = s2_synthesis(c, args.lmax, grid, spin=args.spin, real=args.real)
    t1 = time.perf_counter()
    c2 = s2_analysis(f, args.lmax, grid, spin=args.spin, real=args.real)
    t2 = time.perf_counter()
    print(f"grid={grid!r} spin={args.spin} real={args.real}")
    print(f"synthesis {1e3 * (t1 - t0):.2f} ms, analysis {1e3 * (t2 - t1):.2f} ms (first call includes JIT)")
    if args.check:
        print(f"round-trip max error: {np.abs(c2 - c).max():.3e}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("transform", help="S2 harmonic transform round trip on a grid")
    p.add_argument("--grid", choices=("gl", "dh", "mw", "healpix"), default="gl")
    p.add_argument("--lmax", type=int, default=64)
    p.add_argument("--nside", type=int, default=None, help="HEALPix resolution (power of two)")
    p.add_argument("--spin", type=int, default=0)
    p.add_argument("--real", action="store_true", help="real field, real-basis coefficients")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--check", action="store_true", help="print the round-trip error")
    p.set_defaults(func=_cmd_transform)

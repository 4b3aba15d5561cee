"""Issue 'SO(3) numerical core' benchmark: gaugemath beside spherical, e3nn, scipy,
sympy and sphericart on the same inputs, in one run, as ratios.

    python benchmarks/bench_core.py            # full sizes
    python benchmarks/bench_core.py --quick    # small sizes (smoke test)
    python benchmarks/bench_core.py --only first_use   # small calls, loops over l, real basis
    python benchmarks/bench_core.py --cold     # also: first-call CPU time, empty vs filled cache

Prints two tables: single thread (numba/torch/BLAS limited to 1 thread) and the
default thread count.  Ratio = peer time / gaugemath time (> 1: gaugemath faster).
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _harness import format_rows, run_cases, set_threads  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=("wigner", "harmonics", "cg", "first_use"), default=None)
    parser.add_argument("--cold", action="store_true", help="also measure cold/warm first calls")
    args = parser.parse_args(argv)
    import core_cg
    import core_first_use
    import core_harmonics
    import core_wigner

    if args.cold:
        print("\n## first call per entry point (fresh process; empty cache, then the filled one)\n")
        print(core_first_use.cold_first_calls())
    modules = {"wigner": core_wigner, "harmonics": core_harmonics, "cg": core_cg, "first_use": core_first_use}
    if args.only:
        modules = {args.only: modules[args.only]}
    import numba

    default_threads = numba.config.NUMBA_NUM_THREADS
    for label, threads in (("single thread", 1), (f"default threads ({default_threads})", default_threads)):
        set_threads(threads)
        print(f"\n## {label}\n")
        for name, mod in modules.items():
            print(f"### {name}\n")
            print(format_rows(run_cases(mod.cases(args.quick))))
            print()


if __name__ == "__main__":
    main()

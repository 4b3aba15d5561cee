"""Import cost of ``gaugemath`` beside ``import numpy, scipy.special`` (issue "First use").

    python benchmarks/bench_import.py            # 7 fresh interpreters per statement
    python benchmarks/bench_import.py --repeat 3

Each statement runs in a fresh ``python -c`` subprocess (the OS file cache is warm after
the first run; Numba's on-disk cache is whatever the machine has).  The table gives the
median wall time of the whole interpreter run, the same minus a bare ``python -c pass``
(the import's own cost), and the ratio of that to ``import numpy, scipy.special`` — the
issue's goal is ratio <= 1.5 for ``import gaugemath``.  The lower rows show what a user
pays on first touch of a subpackage or function (SymPy, Numba, quaternionic are imported
there, not by ``import gaugemath``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

REFERENCE = "import numpy, scipy.special"
STATEMENTS = (
    "pass",
    REFERENCE,
    "import gaugemath",
    "import gaugemath; gaugemath.groups",
    "import gaugemath; gaugemath.reps",
    "import gaugemath; gaugemath.spherical_harmonics",
    "import gaugemath; gaugemath.wigner_D",
    "import gaugemath; gaugemath.transforms.s2_synthesis",
    "import gaugemath; gaugemath.symbolic.clebsch_gordan",
    "import gaugemath.cli as c; c.build_parser()",
)


def wall(statement: str, repeat: int) -> float:
    """Median wall time (s) of ``python -c statement`` over ``repeat`` fresh interpreters."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="fresh interpreters per statement (default 7)")
    args = parser.parse_args(argv)
    for s in STATEMENTS:  # one untimed run each: file cache, Numba cache, .pyc files
        wall(s, 1)
    results = {s: wall(s, args.repeat) for s in STATEMENTS}
    base = results["pass"]
    ref = results[REFERENCE] - base
    print(f"python {sys.version.split()[0]}; median of {args.repeat} fresh interpreters; "
          f"ratio = import cost / cost of `{REFERENCE}`")
    print(f"{'statement':<56} {'wall':>8} {'import':>8} {'ratio':>7}")
    for s, t in results.items():
        cost = t - base
        ratio = "" if s == "pass" else f"{cost / ref:6.2f}x"
        print(f"{s:<56} {t * 1e3:6.0f}ms {cost * 1e3:6.0f}ms {ratio:>7}")


if __name__ == "__main__":
    main()

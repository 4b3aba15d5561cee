"""The full Clebsch-Gordan table for j1, j2 <= 20: gaugemath beside SymPy and spherical.

Targets: >= 1000x faster than SymPy, as fast as spherical's Wigner3j.  SymPy is timed twice:
on the whole table for j1, j2 <= JS, and on a seeded random sample of the entries of the
j1, j2 <= 20 table, its time scaled by (number of entries / sample size) -- the whole table
would take SymPy hours.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _harness import Case, format_rows, run_cases  # noqa: E402

from gaugemath.coupling import _cg_table  # noqa: E402


def _ours(J):
    _cg_table.cache_clear()
    for j1 in range(J + 1):
        for j2 in range(J + 1):
            _cg_table(float(j1), float(j2))


def _spherical(J):
    import spherical

    calc = spherical.Wigner3jCalculator(J, J)
    for j1 in range(J + 1):
        for j2 in range(J + 1):
            for m1 in range(-j1, j1 + 1):
                for m2 in range(-j2, j2 + 1):
                    calc.calculate(j1, j2, m1, m2)  # all j3 at once (same recursion)


def _sympy(J):
    from sympy.physics.wigner import clebsch_gordan

    for j1 in range(J + 1):
        for j2 in range(J + 1):
            for j in range(abs(j1 - j2), j1 + j2 + 1):
                for m1 in range(-j1, j1 + 1):
                    for m2 in range(-j2, j2 + 1):
                        if abs(m1 + m2) <= j:
                            clebsch_gordan(j1, j2, j, m1, m2, m1 + m2)


def _table_entries(J):
    return [
        (j1, j2, j, m1, m2)
        for j1 in range(J + 1)
        for j2 in range(J + 1)
        for j in range(abs(j1 - j2), j1 + j2 + 1)
        for m1 in range(-j1, j1 + 1)
        for m2 in range(-j2, j2 + 1)
        if abs(m1 + m2) <= j
    ]


def _sympy_sample(entries):
    from sympy.physics.wigner import clebsch_gordan

    for j1, j2, j, m1, m2 in entries:
        clebsch_gordan(j1, j2, j, m1, m2, m1 + m2)


def cases(quick: bool) -> list[Case]:
    J = 6 if quick else 20
    JS = 3 if quick else 5
    peers = {}
    try:
        import spherical  # noqa: F401

        peers["spherical.Wigner3jCalculator"] = lambda: _spherical(J)
    except ImportError:
        pass
    import random

    entries = _table_entries(J)
    sample = random.Random(0).sample(entries, 200 if quick else 2000)
    factor = len(entries) / len(sample)
    return [
        Case(f"full CG table j1,j2<={J}", lambda: _ours(J), peers, "as fast as spherical"),
        Case(f"full CG table j1,j2<={J} ({len(entries)} entries)", lambda: _ours(J),
             {"sympy (exact)": lambda: _sympy_sample(sample)}, ">= 1000x sympy", extrapolate={"sympy (exact)": factor}),
        Case(f"full CG table j1,j2<={JS}", lambda: _ours(JS), {"sympy (exact)": lambda: _sympy(JS)}, ">= 1000x sympy"),
    ]


if __name__ == "__main__":
    print(format_rows(run_cases(cases("--quick" in sys.argv))))

"""Tiny timing harness shared by the benchmark scripts.

Each benchmark area module (``benchmarks/core_*.py`` …) exposes ``cases(quick: bool)``
returning a list of :class:`Case`; a driver times every callable of a case in the
same run and prints ratios ``peer time / gaugemath time`` (> 1 means gaugemath is
faster).  Timings are the best of ``repeat`` runs after one warm-up call (which
also triggers Numba compilation), so JIT time is excluded.
"""

from __future__ import annotations

import dataclasses
import os
import time
from typing import Callable


@dataclasses.dataclass
class Case:
    """One workload: gaugemath's callable and the peers' callables on the same input."""

    name: str
    ours: Callable[[], object]
    peers: dict[str, Callable[[], object]]
    target: str = ""  # the target, in words, e.g. ">= 20x vs e3nn"
    # peer -> factor: the peer's measured time is multiplied by it (a peer timed on a random
    # 1/factor of the workload because the whole would take hours); the table says so.
    extrapolate: dict[str, float] = dataclasses.field(default_factory=dict)


def best_time(fn: Callable[[], object], repeat: int = 5, budget_s: float = 5.0) -> float:
    """Best wall time of ``fn()`` over up to ``repeat`` runs (after a warm-up)."""
    fn()
    best = float("inf")
    start = time.perf_counter()
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
        if time.perf_counter() - start > budget_s:
            break
    return best


def run_cases(cases: list[Case], repeat: int = 5) -> list[dict]:
    """Time every case; returns rows with seconds and ratios."""
    rows = []
    for case in cases:
        t_ours = best_time(case.ours, repeat)
        row = {"case": case.name, "gaugemath_s": t_ours, "target": case.target, "peers": {}}
        for peer, fn in case.peers.items():
            try:
                t = best_time(fn, repeat) * case.extrapolate.get(peer, 1.0)
                row["peers"][peer] = (t, t / t_ours)
            except Exception as exc:  # a peer that cannot run this case is reported, not fatal
                row["peers"][peer] = (float("nan"), f"failed: {type(exc).__name__}: {exc}")
        row["extrapolate"] = dict(case.extrapolate)
        rows.append(row)
    return rows


def format_rows(rows: list[dict]) -> str:
    """Markdown table: one line per (case, peer) with the ratio peer/gaugemath."""
    lines = ["| case | gaugemath | peer | peer time | ratio (peer/gaugemath) | target |", "|---|---|---|---|---|---|"]
    for row in rows:
        if not row["peers"]:
            lines.append(f"| {row['case']} | {row['gaugemath_s']*1e3:.3f} ms | – | – | – | {row['target']} |")
        for peer, (t, ratio) in row["peers"].items():
            r = f"{ratio:.2f}x" if isinstance(ratio, float) else ratio
            factor = row.get("extrapolate", {}).get(peer)
            if factor:
                peer = f"{peer} (timed on a random 1/{factor:.0f} of the entries, scaled up)"
            lines.append(
                f"| {row['case']} | {row['gaugemath_s']*1e3:.3f} ms | {peer} | {t*1e3:.3f} ms | {r} | {row['target']} |"
            )
    return "\n".join(lines)


def set_threads(n: int | None) -> None:
    """Limit numba/BLAS/torch threads to ``n`` (None: leave defaults)."""
    if n is None:
        return
    os.environ["OMP_NUM_THREADS"] = str(n)
    try:
        import numba

        numba.set_num_threads(n)
    except Exception:
        pass
    try:
        import torch

        torch.set_num_threads(n)
    except Exception:
        pass

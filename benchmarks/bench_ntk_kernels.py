"""Issue 11 benchmark: finite width meets infinite width, and the speed of the analytic kernels.

    python benchmarks/bench_ntk_kernels.py           # full sizes
    python benchmarks/bench_ntk_kernels.py --quick   # small sizes (smoke test)

1. Convergence: the two-layer p4 network ``Lift(p4, width, 3, circular) → Relu → GroupPool →
   GlobalAvgPool → Dense(1)`` on 8×8 images; for widths 16 … 256 the relative Frobenius error
   ``‖Θ̂ − Θ‖_F / ‖Θ‖_F`` of the empirical NTK (one network, exact NumPy gradients), averaged
   over seeds, and the least-squares slope of log(error) against log(width) (theory: −1/2).
2. Speed: the analytic NTK + NNGP of the same network for 100 × 100 image pairs of 8×8
   (single thread), and of the plain CNN ``Conv2D → Relu → GlobalAvgPool → Dense``.
3. Peer: neural-tangents' ``kernel_fn`` for the plain CNN when it imports (optional; it needs
   JAX — see docs/ntk.md); ratio = peer time / gaugemath time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from _harness import best_time, set_threads  # noqa: E402  (best_time: the peer row)

from gaugemath.ntk import (  # noqa: E402
    Conv2D, Dense, GlobalAvgPool, GroupPool, Lift, Relu, empirical_kernels, serial,
)


def p4_net(width):
    return serial(Lift("p4", width, 3, "circular", 1.0, 0.1), Relu(), GroupPool(), GlobalAvgPool(), Dense(1))


def convergence(widths, seeds, n_images):
    x = np.random.default_rng(0).standard_normal((n_images, 1, 8, 8))
    exact = p4_net(widths[0]).kernel_fn(x, get="ntk").ntk  # the analytic kernel does not depend on the width
    errs = []
    for w in widths:
        net = p4_net(w)
        e = [np.linalg.norm(empirical_kernels(net, net.init(np.random.default_rng(s), (1, 8, 8)), x,
                                              get="ntk").ntk - exact) / np.linalg.norm(exact) for s in range(seeds)]
        errs.append(float(np.mean(e)))
        print(f"  width {w:4d}: mean relative Frobenius error of the empirical NTK over {seeds} seeds = {errs[-1]:.4f}")
    slope = np.polyfit(np.log(widths), np.log(errs), 1)[0]
    print(f"  log-log slope of the error vs width: {slope:.3f}  (theory -0.5)")
    return slope


def speed(n, quick):
    rng = np.random.default_rng(1)
    x1, x2 = rng.standard_normal((n, 1, 8, 8)), rng.standard_normal((n, 1, 8, 8))
    rows = {}
    cnn = serial(Conv2D(1, 3, "circular", 1.0, 0.1), Relu(), GlobalAvgPool(), Dense(1))
    for name, net in (("p4 two-layer NTK+NNGP", p4_net(1)), ("CNN NTK+NNGP", cnn)):
        net.kernel_fn(x1[:2], x2[:2])  # compile the Numba kernel outside the timing
        t0, c0 = time.perf_counter(), time.process_time()
        net.kernel_fn(x1, x2)
        rows[name] = time.perf_counter() - t0
        print(f"  {name}, {n}x{n} pairs of 8x8 images: {rows[name]:.2f} s wall, "
              f"{time.process_time() - c0:.2f} s CPU (the CPU time is the fair figure on a shared machine)")
    try:
        from neural_tangents import stax as nt_stax
    except Exception as exc:  # optional peer
        print(f"  neural-tangents: not importable ({type(exc).__name__}: {str(exc)[:120]}); no ratio")
        return rows
    _, _, kfn = nt_stax.serial(nt_stax.Conv(1, (3, 3), padding="CIRCULAR", W_std=1.0, b_std=0.1), nt_stax.Relu(),
                               nt_stax.GlobalAvgPool(), nt_stax.Dense(1))
    a, b = np.moveaxis(x1, 1, -1), np.moveaxis(x2, 1, -1)  # NHWC
    t_nt = best_time(lambda: np.asarray(kfn(a, b, ("nngp", "ntk")).ntk), repeat=2, budget_s=1.0)
    print(f"  neural-tangents CNN: {t_nt:.2f} s; ratio peer/gaugemath = {t_nt / rows['CNN NTK+NNGP']:.2f}")
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    set_threads(1)
    widths = [16, 32, 64] if args.quick else [16, 32, 64, 128, 256]
    print("1. empirical vs analytic NTK, two-layer p4 network, 8x8 images")
    t0 = time.perf_counter()
    convergence(widths, 3 if args.quick else 10, 4 if args.quick else 8)
    print(f"   ({time.perf_counter() - t0:.1f} s)")
    print("2./3. analytic kernels, single thread")
    speed(10 if args.quick else 100, args.quick)


if __name__ == "__main__":
    main()

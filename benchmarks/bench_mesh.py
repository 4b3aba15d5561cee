"""Issue 13 benchmark: discrete geometry, neighbour tables and the gauge-equivariant mesh convolution
on meshes of ~10^5 vertices, and the layer's forward pass beside a dense NumPy gather baseline.

    python benchmarks/bench_mesh.py           # full sizes (icosphere(7): 163842 vertices; torus 400x250)
    python benchmarks/bench_mesh.py --quick   # small sizes (smoke test)

Rows without a peer report gaugemath's time.  The forward-pass row compares
``GaugeEquivariantMeshConv.__call__`` (angular moments per frequency, one segmented sum over the
ring-ordered neighbour table, then a small matrix product) with the baseline written below: a
dense kernel K(θ_pq) (C_out x C_in) per neighbour, a dense block-rotation matrix ρ_in(g_{q→p})
per neighbour, two batched matrix-vector products and an ``np.add.at`` scatter — processed in
chunks of 50 000 neighbours to bound memory.  Both compute the same output (checked).
Ratio = baseline time / gaugemath time (> 1: gaugemath faster).  BLAS runs on one thread
unless ``--threads N`` is given.  Field type: 16 channels =
4 scalars + 3 vector fields (order 1) + 3 order-2 fields, in and out.
"""

from __future__ import annotations

import argparse
import os
import sys

# BLAS threads are fixed when NumPy loads: one thread unless --threads N is given (on a busy
# machine OpenBLAS's spinning threads made the small matrix products 10x slower in wall time).
_n = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "1"
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, _n)

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402

from gaugemath.mesh import (  # noqa: E402
    GaugeEquivariantMeshConv,
    TriangleMesh,
    conv_tables,
    feature_dim,
    icosphere,
    log_map,
    torus,
    transport_angles,
    vertex_frames,
)

ORDERS = (0, 0, 0, 0, 1, 1, 1, 2, 2, 2)  # 16 channels
CHUNK = 50_000


def dense_gather_baseline(layer, f, T):
    """Per-neighbour dense kernel and rotation matrices, batched matvecs, scatter-add."""
    C_in = feature_dim(layer.in_orders)
    out = f @ layer.self_kernel().T
    for lo in range(0, len(T.theta), CHUNK):
        sl = slice(lo, lo + CHUNK)
        K = layer.kernel(T.theta[sl])  # (h, C_out, C_in)
        g = T.transport[sl]
        Rm = np.zeros((len(g), C_in, C_in))
        c = 0
        for n in layer.in_orders:
            if n == 0:
                Rm[:, c, c] = 1.0
                c += 1
                continue
            co, si = np.cos(n * g), np.sin(n * g)
            Rm[:, c, c], Rm[:, c, c + 1], Rm[:, c + 1, c], Rm[:, c + 1, c + 1] = co, -si, si, co
            c += 2
        moved = np.einsum("hij,hj->hi", Rm, f[T.neighbors[sl]])
        np.add.at(out, T.centers[sl], np.einsum("hoi,hi->ho", K, moved))
    return out


def cases(quick: bool) -> list[Case]:
    sub, (nu, nv) = (4, (60, 40)) if quick else (7, (400, 250))
    ico = icosphere(sub)
    tor = torus(nu, nv)
    V, F = np.array(ico.vertices), np.array(ico.faces)
    out = [
        Case(f"TriangleMesh(...) validation + half-edge/one-ring tables, icosphere({sub}), V={ico.n_vertices}",
             lambda: TriangleMesh(V, F), {}, "report time"),
        Case(f"vertex_frames + log_map + transport_angles, icosphere({sub})",
             lambda: (lambda fr: (log_map(ico, fr), transport_angles(ico, fr)))(vertex_frames(ico)), {}, "report time"),
        Case(f"conv_tables (neighbour tables), torus {nu}x{nv}, V={tor.n_vertices}", lambda: conv_tables(tor), {},
             "report time"),
    ]
    layer = GaugeEquivariantMeshConv(ORDERS, ORDERS, seed=0)
    T = conv_tables(tor)
    f = np.random.default_rng(1).standard_normal((tor.n_vertices, feature_dim(ORDERS)))
    err = np.abs(layer(f, T) - dense_gather_baseline(layer, f, T)).max()
    print(f"forward: max |gaugemath - dense baseline| = {err:.2e}")
    out.append(Case(f"forward, torus V={tor.n_vertices}, 16 -> 16 channels (orders <= 2)", lambda: layer(f, T),
                    {"dense gather (NumPy, this file)": lambda: dense_gather_baseline(layer, f, T)}, "report ratio"))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    set_threads(args.threads)
    rows = run_cases(cases(args.quick), repeat=3)
    print(format_rows(rows))


if __name__ == "__main__":
    main()

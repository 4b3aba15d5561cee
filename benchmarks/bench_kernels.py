"""Issue 'steerable kernel bases' benchmark: generating a basis sampled on a grid, gaugemath
beside escnn (escnn.kernels basis construction + sampling, and R3Conv/R2Conv construction)
and e3nn (the same Wigner–Eckart basis assembled from e3nn.o3 primitives), same spaces,
sizes and basis dimension (checked), in one run, as ratios.

    python benchmarks/bench_kernels.py           # full sizes
    python benchmarks/bench_kernels.py --quick   # small sizes (smoke test)

Ratio = peer time / gaugemath time (> 1: gaugemath faster).  All libraries keep their caches
after the harness's warm-up call (escnn caches solved bases and R3Conv/R2Conv expansions, e3nn
its 3j symbols, gaugemath its coupling tensors); rows marked "cold" clear gaugemath's caches
before every call (escnn's stay warm), a conservative comparison.  "[block layout]" rows time
``KernelBasis.sample_blocks()`` (one array per irrep pair, as escnn's BlocksBasisExpansion
stores it) instead of the dense ``(n_basis, D_out, D_in, *grid)`` array.  Target: >= 10x vs escnn for
SO(3) irreps up to l = 3 at kernel size 7 with the same basis dimension.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402

from gaugemath.kernels import steerable_basis  # noqa: E402
from gaugemath.kernels.export import export_basis  # noqa: E402
from gaugemath.kernels.irreps import space_dim  # noqa: E402
from gaugemath.kernels.r3 import coupling_for_kernel  # noqa: E402


def _ours(space, group, ins, outs, size, fmt=None, sigma=0.5, cold=False, blocks=False):
    def run():
        if cold:  # drop every cached coupling tensor / CG table first
            from gaugemath.coupling import _cg_table
            from gaugemath.kernels.export import _e3nn_coupling

            coupling_for_kernel.cache_clear()
            _e3nn_coupling.cache_clear()
            _cg_table.cache_clear()
        b = steerable_basis(space, group, ins, outs, size=size, sigma=sigma)
        if blocks:
            return b.sample_blocks()
        return export_basis(b, fmt)["basis"] if fmt else b.sample()

    return run


def _escnn_kernels(group, ins, outs, size, expected_dim, sigma=0.5):
    """escnn.kernels basis with the same shells/band-limit, sampled on escnn's grid."""
    import torch
    from escnn import group as eg
    from escnn import kernels as ek
    from escnn.nn.modules.conv.rd_convolution import get_grid_coords

    from gaugemath.kernels.export import escnn_irrep_ids

    b = steerable_basis("R3" if group in ("SO3", "O3") else "R2", group, ins, outs, size=size, sigma=sigma)
    fam = b.group.family
    E = {"SO2": lambda: eg.so2_group(10), "O2": lambda: eg.o2_group(10), "SO3": lambda: eg.so3_group(6),
         "O3": lambda: eg.o3_group(6), "cyclic": lambda: eg.cyclic_group(b.group.N),
         "dihedral": lambda: eg.dihedral_group(b.group.N)}[fam]()
    fn = {"SO2": ek.kernels_SO2_act_R2, "O2": ek.kernels_O2_act_R2, "cyclic": ek.kernels_CN_act_R2,
          "dihedral": ek.kernels_DN_act_R2, "SO3": ek.kernels_SO3_act_R3, "O3": ek.kernels_O3_act_R3}[fam]
    fmax = dict(zip(b.radii.tolist(), b.fmax.tolist()))
    keep = lambda attr: attr["irrep:frequency"] <= fmax[round(float(attr["radius"]), 3)]  # noqa: E731
    pts = torch.tensor(get_grid_coords(space_dim(b.group), size), dtype=torch.float32)

    def rep(labels):
        irr = [E.irrep(*t) for t in escnn_irrep_ids(b, labels)]
        return eg.directsum(irr) if len(irr) > 1 else irr[0]

    rin, rout = rep(b.in_irreps), rep(b.out_irreps)

    def run():
        eb = fn(rin, rout, radii=b.radii.tolist(), sigma=b.sigmas.tolist(), maximum_frequency=int(b.fmax.max()), filter=keep)
        assert eb.dim == expected_dim, (eb.dim, expected_dim)
        return eb.sample(pts)

    return run


def _escnn_conv(group, ins, outs, size):
    """escnn.nn.R3Conv / R2Conv construction (its own default shells; dimension reported)."""
    from escnn import gspaces, nn

    from gaugemath.kernels import kernel_group
    from gaugemath.kernels.export import escnn_irrep_ids

    G = kernel_group(group)
    b = steerable_basis("R3" if space_dim(G) == 3 else "R2", group, ins, outs, size=size)
    gs = {"SO3": lambda: gspaces.rot3dOnR3(maximum_frequency=6), "O3": lambda: gspaces.flipRot3dOnR3(maximum_frequency=6),
          "SO2": lambda: gspaces.rot2dOnR2(-1, maximum_frequency=10), "O2": lambda: gspaces.flipRot2dOnR2(-1, maximum_frequency=10),
          "cyclic": lambda: gspaces.rot2dOnR2(G.N), "dihedral": lambda: gspaces.flipRot2dOnR2(G.N)}[G.family]()
    F = gs.fibergroup
    tin = nn.FieldType(gs, [F.irrep(*t) for t in escnn_irrep_ids(b, b.in_irreps)])
    tout = nn.FieldType(gs, [F.irrep(*t) for t in escnn_irrep_ids(b, b.out_irreps)])
    Conv = nn.R3Conv if space_dim(G) == 3 else nn.R2Conv

    def run():
        return Conv(tin, tout, kernel_size=size, initialize=False)

    return run


def _e3nn_assembled(group, ins, outs, size, sigma=0.5):
    """The same basis assembled from e3nn primitives: sh on the grid x wigner_3j x Gaussian."""
    import torch
    from e3nn import o3

    b = steerable_basis("R3", group, ins, outs, size=size, sigma=sigma)
    c = (size - 1) / 2
    ax = torch.arange(size, dtype=torch.float64) - c
    x = torch.stack(torch.meshgrid(ax, ax, ax, indexing="ij"), -1).reshape(-1, 3)
    lab = (lambda v: v) if b.group.family == "SO3" else (lambda v: v[0])
    osl, isl = b.block_slices()

    def run():
        r = x.norm(dim=1)
        Y = o3.spherical_harmonics(list(range(int(b.fmax.max()) + 1)), x, normalize=True, normalization="integral")
        out = torch.zeros(len(b), b.out_dim, b.in_dim, x.shape[0], dtype=torch.float64)
        radii = torch.tensor(b.radii)
        prof = torch.exp(-((r[None] - radii[:, None]) ** 2) / (2 * sigma**2))
        for n, md in enumerate(b.metadata):
            li, lo, J = lab(md["in_irrep"]), lab(md["out_irrep"]), md["J"]
            W = o3.wigner_3j(li, J, lo, dtype=torch.float64)
            k = torch.einsum("ijk,pj->kip", W, Y[:, J * J : (J + 1) ** 2]) * prof[md["shell"]]
            out[n, osl[md["out_block"]], isl[md["in_block"]]] = k
        return out

    return run


def cases(quick: bool) -> list:
    size3 = 5 if quick else 7
    up_to = [0, 1] if quick else [0, 1, 2, 3]
    res = []
    for group, ins, outs in [("SO3", up_to, up_to), ("O3", [(ell, (-1) ** ell) for ell in up_to], [(ell, (-1) ** (ell + 1)) for ell in up_to])]:
        dim = len(steerable_basis("R3", group, ins, outs, size=size3, sigma=0.5))
        name = f"{group} irreps l<={up_to[-1]} (all pairs), size {size3}, dim {dim}"
        peers = {"escnn.kernels (build+sample)": _escnn_kernels(group, ins, outs, size3, dim)}
        peers["escnn R3Conv() construction"] = _escnn_conv(group, ins, outs, size3)
        peers["e3nn primitives (sh x w3j)"] = _e3nn_assembled(group, ins, outs, size3)
        res.append(Case(name, _ours("R3", group, ins, outs, size3), peers, target=">= 10x vs escnn (SO3)"))
        res.append(Case(name + " [block layout]", _ours("R3", group, ins, outs, size3, blocks=True),
                        {k: peers[k] for k in ("escnn.kernels (build+sample)", "escnn R3Conv() construction")},
                        target=">= 10x vs escnn (SO3)"))
        res.append(Case(name + " [gaugemath cold]", _ours("R3", group, ins, outs, size3, cold=True),
                        {"escnn.kernels (build+sample)": peers["escnn.kernels (build+sample)"]}, target=">= 10x vs escnn (SO3)"))
        res.append(Case(name + " [e3nn export]", _ours("R3", group, ins, outs, size3, "e3nn"),
                        {"e3nn primitives (sh x w3j)": _e3nn_assembled(group, ins, outs, size3)}))
    size2 = 5 if quick else 9
    for group, ins, outs in [("SO2", [0, 1, 2, 3], [0, 1, 2, 3]), ("O2", ["trivial", "sign", 1, 2, 3], ["trivial", "sign", 1, 2, 3]),
                             ("C8", [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]), ("D8", [(0, 0), (1, 0), 1, 2, 3, (0, 4), (1, 4)], [(0, 0), (1, 0), 1, 2, 3, (0, 4), (1, 4)])]:
        dim = len(steerable_basis("R2", group, ins, outs, size=size2, sigma=0.5))
        name = f"{group} all irreps, size {size2}, dim {dim}"
        p2 = {"escnn.kernels (build+sample)": _escnn_kernels(group, ins, outs, size2, dim),
              "escnn R2Conv() construction": _escnn_conv(group, ins, outs, size2)}
        res.append(Case(name, _ours("R2", group, ins, outs, size2), p2))
        res.append(Case(name + " [block layout]", _ours("R2", group, ins, outs, size2, blocks=True), p2))
    return res


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    from tests.kernels._escnn_compat import load_escnn

    if load_escnn() is None:
        print("escnn not importable: its rows will report failures")
    set_threads(args.threads)
    print(f"\n## kernel bases ({args.threads} thread(s))\n")
    print(format_rows(run_cases(cases(args.quick), repeat=3)))


if __name__ == "__main__":
    main()

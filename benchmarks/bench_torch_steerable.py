"""Steerable R³ convolution in PyTorch: gaugemath's SteerableConv3d beside e3nn's voxel convolution
(``e3nn.nn.models.v2104.voxel_convolution.Convolution``) and escnn's R3Conv (where escnn imports),
same irreps, same 7³ filter, same input, in one run, as ratios peer time / gaugemath time.

    python benchmarks/bench_torch_steerable.py           # 2x(0e+1o+2e) -> same, 16³ volume
    python benchmarks/bench_torch_steerable.py --quick   # 1x, 8³ (smoke test)
    python benchmarks/bench_torch_steerable.py --device cuda --mul 4 --size 48   # on a GPU

Rows: *filter expansion* (gaugemath ``layer.filter()``: one einsum per pair of field types with the
precomputed basis; e3nn ``conv.kernel()``: radial MLP-free embedding @ weights, then the tensor
product of the 343 precomputed spherical harmonics with the input irreps), *forward* and
*forward + backward* (``out.square().sum().backward()``).  e3nn's module adds a self-connection
(``o3.Linear``, a 1×1×1 convolution) to the 7³ convolution; the "e3nn conv only" peer times
``conv3d(x, conv.kernel())`` without it, the closest like-for-like.  e3nn's radial basis:
4 ``smooth_finite`` functions on [0, 3.5] (gaugemath: 4 Gaussian shells r = 0..3); angular
``irreps_sh`` up to ℓ = 4 = max ℓ_in + ℓ_out (gaugemath's default band-limit allows J ≤ 2r, so
both reach J = 4 on the outer shells); the parameter counts are printed (they differ: e3nn has one
weight per radial function and tensor-product path, gaugemath one per shell and allowed J).
CPU, one thread (``--threads``), or a GPU (``--device cuda``, each call synchronised), float32,
best of 3 after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402


def _fwd_bwd(module_or_fn, x):
    def run():
        x.grad = None
        out = module_or_fn(x)
        out.square().sum().backward()
        return out

    return run


def _synced(fn, device):
    """``fn`` followed by ``torch.cuda.synchronize()`` on a GPU (so that the wall time is the work)."""
    import torch

    if device == "cpu":
        return fn

    def run():
        out = fn()
        torch.cuda.synchronize()
        return out

    return run


def cases(quick: bool, device: str = "cpu", mul: int | None = None, n: int | None = None) -> list:
    import torch

    from gaugemath.torch.steerable import SteerableConv3d

    torch.manual_seed(0)
    mul = mul or (1 if quick else 2)
    n = n or (8 if quick else 16)
    irreps = " + ".join(f"{mul}x{lab}" for lab in ("0e", "1o", "2e"))
    ours = SteerableConv3d(irreps, irreps, 7, padding="same").to(device)
    x = torch.randn(1, ours.in_channels, n, n, n, requires_grad=True, device=device)
    peers_filter, peers_fwd, peers_fb = {}, {}, {}
    counts = {"gaugemath": ours.weight.numel()}
    try:
        from e3nn import o3
        from e3nn.nn.models.v2104.voxel_convolution import Convolution

        e3 = Convolution(irreps, irreps, o3.Irreps.spherical_harmonics(4), diameter=7.0, num_radial_basis=4).to(device)
        assert e3.lattice.shape[:3] == (7, 7, 7)
        counts["e3nn"] = e3.weight.numel()
        counts["e3nn self-connection"] = sum(p.numel() for p in e3.sc.parameters())

        def e3_conv_only(v):
            return torch.nn.functional.conv3d(v, e3.kernel(), padding=3)

        peers_filter["e3nn kernel()"] = e3.kernel
        peers_fwd["e3nn Convolution"] = lambda: e3(x)
        peers_fwd["e3nn conv only"] = lambda: e3_conv_only(x)
        peers_fb["e3nn Convolution"] = _fwd_bwd(e3, x)
        peers_fb["e3nn conv only"] = _fwd_bwd(e3_conv_only, x)
    except ImportError as exc:
        print(f"e3nn not importable ({exc}): its rows are skipped")
    try:
        from escnn import gspaces
        from escnn import nn as enn

        gs = gspaces.flipRot3dOnR3()
        rep = [gs.irrep(j, ell) for ell, j in ((0, 0), (1, 1), (2, 0))] * mul
        ftype = enn.FieldType(gs, rep)
        es = enn.R3Conv(ftype, ftype, 7, padding=3).to(device)
        counts["escnn"] = es.weights.numel()
        peers_fwd["escnn R3Conv"] = lambda: es(enn.GeometricTensor(x, ftype)).tensor
        peers_fb["escnn R3Conv"] = _fwd_bwd(lambda v: es(enn.GeometricTensor(v, ftype)).tensor, x)
    except ImportError as exc:
        print(f"escnn not importable ({exc}): its rows are skipped")
    print("parameters: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    name = f"R3 {irreps} -> same, 7^3 filter, {n}^3 volume, {device}"

    def sync(d):
        return {k: _synced(v, device) for k, v in d.items()}

    return [
        Case(f"{name}: filter expansion", _synced(ours.filter, device), sync(peers_filter), ">= 1x vs e3nn"),
        Case(f"{name}: forward", _synced(lambda: ours(x), device), sync(peers_fwd), ">= 1x vs e3nn"),
        Case(f"{name}: forward + backward", _synced(_fwd_bwd(ours, x), device), sync(peers_fb), ">= 1x vs e3nn"),
    ]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    parser.add_argument("--mul", type=int, default=None, help="multiplicity of each irrep (default 2; quick 1)")
    parser.add_argument("--size", type=int, default=None, help="volume side (default 16; quick 8)")
    args = parser.parse_args(argv)
    set_threads(args.threads)
    rows = run_cases(cases(args.quick, args.device, args.mul, args.size), repeat=3)
    where = f"CPU, {args.threads} thread(s)" if args.device == "cpu" else args.device
    print(f"\n## steerable R3 convolution, torch ({where}, float32)\n")
    print(format_rows(rows))


if __name__ == "__main__":
    main()

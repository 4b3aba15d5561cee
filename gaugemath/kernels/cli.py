"""``gaugemath basis``: write a steerable kernel basis to ``.npz`` for NumPy, e3nn or escnn.

    gaugemath basis --space R3 --group SO3 --in 1 --out 2 --size 7 --format e3nn -o basis.npz
    gaugemath basis --space R2 --group D4 --in trivial 1 --out 0:2 1 --size 5 --format escnn -o k.npz

Irrep labels on the command line: SO3 ``1``; O3 ``1o``/``2e`` (or ``1:-1``); SO2/CN ``k``;
O2/DN ``trivial``, ``sign``, ``k`` (2-dim) or ``j:k``.  Several labels = a direct sum.
The file layout is documented in :mod:`gaugemath.kernels.export` and ``docs/kernels.md``.
"""

from __future__ import annotations

import argparse

__all__ = ["register", "parse_label"]


def parse_label(text: str):
    """Command-line irrep label → API label (int, str or tuple)."""
    t = text.strip()
    if ":" in t:
        a, _, b = t.partition(":")
        try:
            return (int(a), int(b))
        except ValueError:
            raise argparse.ArgumentTypeError(f"irrep label {text!r}: expected j:k with integers") from None
    try:
        return int(t)
    except ValueError:
        return t


def _cmd_basis(args) -> int:
    import numpy as np

    from .basis import steerable_basis
    from .export import save_basis

    ins = args.in_irreps if len(args.in_irreps) > 1 else args.in_irreps[0]
    outs = args.out_irreps if len(args.out_irreps) > 1 else args.out_irreps[0]
    basis = steerable_basis(
        args.space, args.group, ins, outs, size=args.size, sigma=args.sigma, max_frequency=args.max_frequency
    )
    kwargs = {} if args.escnn_axis is None else dict(escnn_axis=args.escnn_axis)
    data = save_basis(basis, args.output, args.format, **kwargs)
    print(
        f"{len(basis)} basis elements for {basis.group.name} on {args.space.upper()}: "
        f"in {basis.in_irreps} (dim {basis.in_dim}) -> out {basis.out_irreps} (dim {basis.out_dim}), "
        f"grid {args.size}^{basis.group.space_dim}, shells r={basis.radii.tolist()} f_max={basis.fmax.tolist()}"
    )
    print(f"wrote {args.output}: basis {tuple(data['basis'].shape)} [format={args.format}; see docs/kernels.md]")
    if args.format == "e3nn":
        print(f"  irreps_in={data['irreps_in']} irreps_out={data['irreps_out']}")
    if args.verbose:
        freq = data["frequency"]
        for n in range(len(basis)):
            print(f"  #{n}: out_block={data['out_block'][n]} in_block={data['in_block'][n]} "
                  f"r={data['radius'][n]:g} frequency={freq[n]}")
    return 0 if np.all(np.isfinite(data["basis"])) else 1


def register(subparsers) -> None:
    """Add the ``basis`` sub-command to the gaugemath CLI."""
    p = subparsers.add_parser("basis", help="steerable kernel basis (R2: SO2/O2/CN/DN; R3: SO3/O3) to .npz")
    p.add_argument("--space", required=True, choices=("R2", "R3", "r2", "r3"))
    p.add_argument("--group", required=True, help="SO2, O2, C<N>, D<N>, SO3 or O3")
    p.add_argument("--in", dest="in_irreps", nargs="+", type=parse_label, required=True, help="input irrep label(s)")
    p.add_argument("--out", dest="out_irreps", nargs="+", type=parse_label, required=True, help="output irrep label(s)")
    p.add_argument("--size", type=int, required=True, help="odd kernel size")
    p.add_argument("--format", choices=("numpy", "e3nn", "escnn"), default="numpy")
    p.add_argument("--sigma", type=float, default=0.6, help="Gaussian shell width (default %(default)s)")
    p.add_argument("--max-frequency", type=int, default=None, help="global cap on the band-limit (f or J)")
    p.add_argument("--escnn-axis", type=float, default=None, help="reflection axis for escnn export (default pi/2)")
    p.add_argument("-o", "--output", required=True, help="output .npz path")
    p.add_argument("-v", "--verbose", action="store_true", help="print every element's metadata")
    p.set_defaults(func=_cmd_basis)

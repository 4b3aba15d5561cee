"""``gaugemath basis``: write a steerable kernel basis to ``.npz`` for NumPy, e3nn or escnn.

    gaugemath basis --space R3 --group SO3 --in 1 --out 2 --size 7 --format e3nn -o basis.npz
    gaugemath basis --space R2 --group D4 --in trivial 1 --out 0:2 1 --size 5 --format escnn -o k.npz

Irrep labels on the command line: SO3 ``1``; O3 ``1o``/``2e`` (or ``1:-1``); SO2/CN ``k``;
O2/DN ``trivial``, ``sign``, ``k`` (2-dim) or ``j:k``.  Several labels = a direct sum.
The file layout is documented in :mod:`gaugemath.kernels.export` and ``docs/kernels.md``.
The parser is defined in :mod:`gaugemath.cli` (it imports nothing numeric); this module
holds the command's implementation.
"""

from __future__ import annotations

__all__ = ["parse_label"]


def parse_label(text: str):
    """Command-line irrep label → API label (int, str or tuple); ``ValueError`` if malformed."""
    t = text.strip()
    if ":" in t:
        a, _, b = t.partition(":")
        try:
            return (int(a), int(b))
        except ValueError:
            raise ValueError(f"irrep label {text!r}: expected j:k with integers") from None
    try:
        return int(t)
    except ValueError:
        return t


def _cmd_basis(args) -> int:
    import numpy as np

    from ..cli import check_output_file
    from .basis import steerable_basis
    from .export import save_basis

    check_output_file(args.output)  # fail before computing, not after
    in_labels = [parse_label(t) for t in args.in_irreps]
    out_labels = [parse_label(t) for t in args.out_irreps]
    ins = in_labels if len(in_labels) > 1 else in_labels[0]
    outs = out_labels if len(out_labels) > 1 else out_labels[0]
    basis = steerable_basis(
        args.space, args.group, ins, outs, size=args.size, sigma=args.sigma, max_frequency=args.max_frequency
    )
    kwargs = {} if args.escnn_axis is None else dict(escnn_axis=args.escnn_axis)
    data = save_basis(basis, args.output, args.format, **kwargs)
    print(
        f"{len(basis)} basis elements for {basis.group_label} on {args.space.upper()}: "
        f"in {basis.in_irreps} (dim {basis.in_dim}) -> out {basis.out_irreps} (dim {basis.out_dim}), "
        f"grid {args.size}^{basis.space_dim}, shells r={basis.radii.tolist()} f_max={basis.fmax.tolist()}"
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

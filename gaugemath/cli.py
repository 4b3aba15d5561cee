"""The ``gaugemath`` command line.

``gaugemath tour``     the main job: a short guided run (values, identities checked
                       numerically and exactly, a figure saved as PNG);
``gaugemath wigner-d`` Wigner d / D matrices for given arguments;
``gaugemath sh``       spherical harmonics at a point;
``gaugemath cg``       Clebsch–Gordan coefficients / 3j symbols;
``gaugemath prove``    run the machine-checked proofs in ``proofs/``;
``gaugemath basis``    steerable kernel bases for other libraries;
``gaugemath verify``   exact verification of a kernel / intertwiner given in a file.

Every value printed states its convention (see ``docs/conventions.md``).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from fractions import Fraction

import numpy as np

from .conventions import CONVENTIONS

__all__ = ["main", "build_parser"]


def _half_integer(text: str) -> Fraction:
    """argparse type for quantum numbers: ``2``, ``-1``, ``3/2``, ``1.5``."""
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"not an integer or half-integer: {text!r}") from None
    if value.denominator not in (1, 2):
        raise argparse.ArgumentTypeError(f"not an integer or half-integer: {text!r}")
    return value


def _scalar(j: Fraction):
    """Python int for integers, Fraction otherwise (what the API accepts)."""
    return int(j) if j.denominator == 1 else j


def _print_matrix(mat: np.ndarray, labels, precision: int) -> None:
    width = precision + 8
    header = " " * 6 + "".join(f"{str(lab):>{width}}" for lab in labels)
    print(header)
    for lab, row in zip(labels, mat):
        cells = []
        for v in row:
            if np.iscomplexobj(mat):
                cells.append(f"{v.real:+.{precision}f}{v.imag:+.{precision}f}j".rjust(2 * width))
            else:
                cells.append(f"{v:+.{precision}f}".rjust(width))
        print(f"{str(lab):>6}" + "".join(cells))


def _cmd_wigner_d(args) -> int:
    from . import wigner

    j = _scalar(args.j)
    labels = [str(Fraction(-args.j + k)) for k in range(int(2 * args.j) + 1)]
    if args.exact:
        import sympy as sp

        from . import symbolic as swigner

        beta = sp.Symbol("beta", real=True)
        if args.alpha is None and args.gamma is None:
            mat = swigner.wigner_d(j, beta)
            print(f"d^{args.j}(beta) [rows m' = -j..j, cols m = -j..j; Wigner/Sakurai phase]:")
        else:
            alpha, gamma = sp.Symbol("alpha", real=True), sp.Symbol("gamma", real=True)
            mat = swigner.wigner_D(j, alpha, beta, gamma)
            print(f"D^{args.j}(alpha, beta, gamma) = exp(-i m' alpha) d(beta) exp(-i m gamma):")
        sp.pprint(mat, use_unicode=False)
        return 0
    if args.alpha is None and args.gamma is None and args.basis == "complex" and args.convention == "gaugemath":
        mat = np.asarray(wigner.wigner_d(j, args.beta))
        print(f"d^{args.j}({args.beta}) [rows m' = -j..j, cols m = -j..j; Wigner/Sakurai phase]")
    else:
        from . import so3

        R = so3.from_euler(args.alpha or 0.0, args.beta, args.gamma or 0.0)
        mat = np.asarray(wigner.wigner_D(j, R, basis=args.basis, convention=args.convention))
        print(
            f"D^{args.j}(alpha={args.alpha or 0.0}, beta={args.beta}, gamma={args.gamma or 0.0}) "
            f"[basis={args.basis}, convention={args.convention}; ZYZ active]"
        )
    _print_matrix(mat, labels, args.precision)
    return 0


def _cmd_sh(args) -> int:
    from . import harmonics

    L, theta, phi = args.L, args.theta, args.phi
    if args.exact:
        import sympy as sp

        from . import symbolic as sharm

        th, ph = sp.Symbol("theta", real=True), sp.Symbol("phi", real=True)
        for ell in range(L + 1):
            for m in range(-ell, ell + 1):
                print(f"Y_{ell},{m}(theta, phi) = {sharm.spherical_harmonic(ell, m, th, ph)}")
        return 0
    y = harmonics.spherical_harmonics(
        L,
        theta,
        phi,
        basis=args.basis,
        spin=args.spin,
        normalization=args.normalization,
        convention=args.convention,
    )
    print(
        f"Y_lm(theta={theta}, phi={phi}) [basis={args.basis}, spin={args.spin}, "
        f"normalization={args.normalization}, convention={args.convention}; index l^2+l+m]"
    )
    y = np.asarray(y)
    for ell in range(L + 1):
        for m in range(-ell, ell + 1):
            v = y[ell * ell + ell + m]
            text = f"{v.real:+.{args.precision}f}{v.imag:+.{args.precision}f}j" if np.iscomplexobj(y) else f"{v:+.{args.precision}f}"
            print(f"  l={ell:3d} m={m:+4d}  {text}")
    return 0


def _cmd_cg(args) -> int:
    j1, m1, j2, m2, j, m = (_scalar(x) for x in (args.j1, args.m1, args.j2, args.m2, args.j, args.m))
    if args.three_j:
        desc = f"( {args.j1} {args.j2} {args.j} ; {args.m1} {args.m2} {args.m} )"
        if args.exact:
            from . import symbolic as scg

            print(f"3j {desc} = {scg.wigner_3j(j1, j2, j, m1, m2, m)}")
        else:
            from .coupling import wigner_3j

            print(f"3j {desc} = {float(wigner_3j(j1, j2, j, m1, m2, m)):.{args.precision}g}")
        return 0
    desc = f"<{args.j1} {args.m1}; {args.j2} {args.m2} | {args.j} {args.m}>"
    if args.exact:
        from . import symbolic as scg

        print(f"CG {desc} = {scg.clebsch_gordan(j1, m1, j2, m2, j, m)}  [Condon-Shortley]")
    else:
        from .coupling import clebsch_gordan

        value = float(clebsch_gordan(j1, m1, j2, m2, j, m))
        print(f"CG {desc} = {value:.{args.precision}g}  [Condon-Shortley]")
    return 0


def _cmd_tour(args) -> int:
    from .tour import run_tour

    return run_tour(out_dir=args.out, quick=args.quick)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="gaugemath",
        description="Reference mathematics of group- and gauge-equivariant deep learning.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("tour", help="guided run: values, identities checked, a figure saved")
    p.add_argument("--out", default="gaugemath-tour", help="folder for the report's PNG (default: %(default)s)")
    p.add_argument("--quick", action="store_true", help="smaller degrees (for tests)")
    p.set_defaults(func=_cmd_tour)

    p = sub.add_parser("wigner-d", help="Wigner d(beta), or D(alpha, beta, gamma) when alpha/gamma given")
    p.add_argument("j", type=_half_integer, help="degree j (integer or half-integer, e.g. 3/2)")
    p.add_argument("beta", type=float, nargs="?", default=0.0, help="second ZYZ Euler angle (radians)")
    p.add_argument("--alpha", type=float, default=None)
    p.add_argument("--gamma", type=float, default=None)
    p.add_argument("--basis", choices=("complex", "real"), default="complex")
    p.add_argument("--convention", choices=CONVENTIONS, default="gaugemath")
    p.add_argument("--exact", action="store_true", help="print SymPy's exact form in the symbol beta")
    p.add_argument("--precision", type=int, default=6)
    p.set_defaults(func=_cmd_wigner_d)

    p = sub.add_parser("sh", help="all spherical harmonics l <= L at one point")
    p.add_argument("L", type=int, help="maximum degree")
    p.add_argument("theta", type=float, nargs="?", default=0.5, help="colatitude (radians)")
    p.add_argument("phi", type=float, nargs="?", default=0.3, help="azimuth (radians)")
    p.add_argument("--basis", choices=("complex", "real"), default="complex")
    p.add_argument("--spin", type=int, default=0)
    p.add_argument("--normalization", choices=("orthonormal", "4pi", "schmidt", "unnormalized"), default="orthonormal")
    p.add_argument("--convention", choices=CONVENTIONS, default="gaugemath")
    p.add_argument("--exact", action="store_true", help="print SymPy's exact forms")
    p.add_argument("--precision", type=int, default=10)
    p.set_defaults(func=_cmd_sh)

    p = sub.add_parser("cg", help="Clebsch-Gordan <j1 m1; j2 m2 | j m> (or a 3j symbol with --3j)")
    for name in ("j1", "m1", "j2", "m2", "j", "m"):
        p.add_argument(name, type=_half_integer)
    p.add_argument("--3j", dest="three_j", action="store_true", help="print (j1 j2 j; m1 m2 m) instead")
    p.add_argument("--exact", action="store_true", help="print SymPy's exact value")
    p.add_argument("--precision", type=int, default=16)
    p.set_defaults(func=_cmd_cg)

    # Sub-commands that live with their subject: each module has ``register(subparsers)``.
    for name in _SUBCOMMAND_MODULES:
        package = name.rpartition(".")[0]
        if importlib.util.find_spec(f"gaugemath.{package}") is None:
            continue  # that subject's package is not part of this build
        if importlib.util.find_spec(f"gaugemath.{name}") is not None:
            importlib.import_module(f"gaugemath.{name}").register(sub)
    return parser


#: modules adding sub-commands (``prove``/``verify`` with the symbolic checks, ``basis``
#: with the steerable kernel bases, ``transform`` with the harmonic transforms).
_SUBCOMMAND_MODULES = ("symbolic.cli", "kernels.cli", "transforms.cli")


def main(argv=None) -> int:
    """Entry point of the ``gaugemath`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (ValueError, TypeError) as exc:
        print(f"gaugemath {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

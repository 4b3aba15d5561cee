"""The ``gaugemath`` command line (also ``python -m gaugemath``).

========================  ============================================================
command                   what it does
========================  ============================================================
``gaugemath tour``        the main job: a short guided run (values, identities checked
                          numerically and exactly, a figure saved as PNG)
``gaugemath wigner-d``    Wigner d / D matrices for given arguments
``gaugemath sh``          spherical harmonics at a point
``gaugemath cg``          Clebsch–Gordan coefficients / 3j symbols
``gaugemath prove``       run the machine-checked proofs in ``proofs/`` (one line per proof)
``gaugemath verify``      exact verification of a kernel / intertwiner given in a file
``gaugemath basis``       steerable kernel bases for other libraries
``gaugemath transform``   S² harmonic transform round trip
``gaugemath warmup``      compile (and cache on disk) every Numba kernel once
``--version``             print the version
========================  ============================================================

Every value printed states its convention (see ``docs/conventions.md``).

Design: the whole argument parser is defined here and imports nothing numeric or symbolic
(``gaugemath --help`` and ``gaugemath <command> --help`` load neither SymPy nor Numba).  A
command's implementation is named by ``"module:function"`` and imported only when that
command runs; the subject commands live with their subject (``symbolic/cli.py``,
``kernels/cli.py``, ``transforms/cli.py``).  Bad values end in ``gaugemath: error: <command>:
...`` on one line and exit status 2 (no traceback), and so do I/O errors (missing,
unreadable or invalid input file, unwritable output path).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from fractions import Fraction

from . import __version__
from .conventions import CONVENTIONS

__all__ = ["main", "build_parser", "check_output_file", "check_output_dir"]


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


def check_output_file(path) -> None:
    """Raise ``OSError`` now (before any computation) if ``path`` cannot be written."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.isdir(path):
        raise IsADirectoryError(f"output path is a folder: {path}")
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"output folder does not exist: {folder}")
    if not os.access(folder, os.W_OK):
        raise PermissionError(f"output folder is not writable: {folder}")


def check_output_dir(path) -> None:
    """Create folder ``path`` if needed; raise ``OSError`` if it cannot be written."""
    try:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(f"output path exists and is not a folder: {path}") from None
    except OSError as exc:
        raise OSError(f"cannot create output folder {path}: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK):
        raise PermissionError(f"output folder is not writable: {path}")


def _print_matrix(mat, labels, precision: int) -> None:
    import numpy as np

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
    import numpy as np

    from . import wigner

    j = _scalar(args.j)
    labels = [str(Fraction(-args.j + k)) for k in range(int(2 * args.j) + 1)]
    if args.exact:
        import sympy as sp

        from . import symbolic as swigner

        beta = sp.Symbol("beta", real=True)
        if args.alpha is None and args.gamma is None:
            mat, name = swigner.wigner_d(j, beta), "d"
            print(f"d^{args.j}(beta), one entry d[m',m] per line [Wigner/Sakurai phase; the angle is a symbol]:")
        else:
            alpha, gamma = sp.Symbol("alpha", real=True), sp.Symbol("gamma", real=True)
            mat, name = swigner.wigner_D(j, alpha, beta, gamma), "D"
            print(f"D^{args.j}(alpha, beta, gamma) = exp(-i m' alpha) d(beta) exp(-i m gamma), one entry D[m',m] per line:")
        for row, mp in zip(mat.tolist(), labels):
            for entry, m in zip(row, labels):
                print(f"  {name}[{mp},{m}] = {sp.sstr(entry)}")
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
    import numpy as np

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
    check_output_dir(args.out)
    from .tour import run_tour

    return run_tour(out_dir=args.out, quick=args.quick)


def _cmd_warmup(args) -> int:
    """Compile every public numeric entry point once (:func:`gaugemath.warmup.warmup`);
    exit status 1 if any of them failed (the failure is printed on its line)."""
    import time

    from .warmup import warmup

    t0 = time.perf_counter()
    results = warmup(verbose=True)
    failed = [name for name, r in results.items() if not isinstance(r, float)]
    print(f"warmed up {len(results) - len(failed)} of {len(results)} entry points "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation).  Imports nothing heavy."""
    parser = argparse.ArgumentParser(
        prog="gaugemath",
        description="Reference mathematics of group- and gauge-equivariant deep learning. "
        "Angles are in radians; conventions in docs/conventions.md.",
    )
    parser.add_argument("--version", action="version", version=f"gaugemath {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name, run, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(run=run)
        return p

    p = add("tour", f"{__name__}:_cmd_tour", "guided run: values, identities checked numerically and exactly, a figure saved")
    p.add_argument("--out", default="gaugemath-tour", help="folder for the figure tour.png, created if needed (default: %(default)s)")
    p.add_argument("--quick", action="store_true", help="smaller degrees: l <= 100 for D, l <= 8 for Y (for tests)")

    p = add("wigner-d", f"{__name__}:_cmd_wigner_d", "Wigner d^j(beta), or D^j(alpha, beta, gamma) when alpha/gamma given")
    p.add_argument("j", type=_half_integer, help="degree j >= 0 (integer or half-integer, e.g. 3/2)")
    p.add_argument("beta", type=float, nargs="?", default=0.0,
                   help="second ZYZ Euler angle, radians (default %(default)s)")
    p.add_argument("--alpha", type=float, default=None, help="first ZYZ Euler angle, radians (default 0)")
    p.add_argument("--gamma", type=float, default=None, help="third ZYZ Euler angle, radians (default 0)")
    p.add_argument("--basis", choices=("complex", "real"), default="complex", help="basis of the rows/columns (default %(default)s)")
    p.add_argument("--convention", choices=CONVENTIONS, default="gaugemath", help="named convention (default %(default)s)")
    p.add_argument("--exact", action="store_true",
                   help="print SymPy's exact entries as functions of the symbols alpha, beta, gamma (angle values unused)")
    p.add_argument("--precision", type=int, default=6, help="digits after the decimal point (default %(default)s)")

    p = add("sh", f"{__name__}:_cmd_sh", "all spherical harmonics Y_lm, l <= L, at one point")
    p.add_argument("L", type=int, help="maximum degree l (integer >= 0)")
    p.add_argument("theta", type=float, nargs="?", default=0.5, help="colatitude in [0, pi], radians (default %(default)s)")
    p.add_argument("phi", type=float, nargs="?", default=0.3, help="azimuth, radians (default %(default)s)")
    p.add_argument("--basis", choices=("complex", "real"), default="complex", help="(default %(default)s)")
    p.add_argument("--spin", type=int, default=0, help="spin weight s (integer, |s| <= l; default %(default)s)")
    p.add_argument("--normalization", choices=("orthonormal", "4pi", "schmidt", "unnormalized"), default="orthonormal",
                   help="(default %(default)s)")
    p.add_argument("--convention", choices=CONVENTIONS, default="gaugemath", help="named convention (default %(default)s)")
    p.add_argument("--exact", action="store_true", help="print SymPy's exact forms in the symbols theta, phi")
    p.add_argument("--precision", type=int, default=10, help="digits after the decimal point (default %(default)s)")

    p = add("cg", f"{__name__}:_cmd_cg", "Clebsch-Gordan <j1 m1; j2 m2 | j m> (or a 3j symbol with --3j), Condon-Shortley phase")
    for name in ("j1", "m1", "j2", "m2", "j", "m"):
        what = "degree" if name.startswith("j") else "order"
        p.add_argument(name, type=_half_integer, help=f"{what} (integer or half-integer, e.g. 1/2)")
    p.add_argument("--3j", dest="three_j", action="store_true", help="print the 3j symbol (j1 j2 j; m1 m2 m) instead")
    p.add_argument("--exact", action="store_true", help="print SymPy's exact value")
    p.add_argument("--precision", type=int, default=16, help="significant digits (default %(default)s)")

    p = add("prove", "gaugemath.symbolic.cli:_cmd_prove",
            "run the machine-checked SymPy proofs in proofs/, one line per proof as it finishes")
    p.add_argument("--path", default=None, help="folder with proof_*.py (default: proofs/ of the repository checkout)")
    p.add_argument("-k", default=None, metavar="TEXT", help="only proofs whose file name contains TEXT")

    p = add("verify", "gaugemath.symbolic.cli:_cmd_verify",
            "exactly verify an intertwiner or kernel given in a .json/.npz file (exit 0 holds, 1 fails, 2 bad input)")
    p.add_argument("file", help="JSON or .npz file (format: docs/verification.md; example: examples/data/kernel.json)")

    p = add("basis", "gaugemath.kernels.cli:_cmd_basis", "steerable kernel basis (R2: SO2/O2/CN/DN; R3: SO3/O3) written to .npz")
    p.add_argument("--space", required=True, choices=("R2", "R3", "r2", "r3"), help="domain of the kernel")
    p.add_argument("--group", required=True, help="SO2, O2, C<N>, D<N>, SO3 or O3")
    p.add_argument("--in", dest="in_irreps", nargs="+", required=True, metavar="LABEL",
                   help="input irrep label(s): SO3 '1'; O3 '1o'/'2e'; SO2/CN 'k'; O2/DN 'trivial', 'sign', 'k', 'j:k'")
    p.add_argument("--out", dest="out_irreps", nargs="+", required=True, metavar="LABEL",
                   help="output irrep label(s), same syntax as --in")
    p.add_argument("--size", type=int, required=True, help="odd kernel size in pixels/voxels per axis")
    p.add_argument("--format", choices=("numpy", "e3nn", "escnn"), default="numpy", help="file layout (default %(default)s; docs/kernels.md)")
    p.add_argument("--sigma", type=float, default=0.6, help="Gaussian shell width, in pixels (default %(default)s)")
    p.add_argument("--max-frequency", type=int, default=None, help="global cap on the angular band-limit (f for R2, J for R3)")
    p.add_argument("--escnn-axis", type=float, default=None, help="reflection axis for escnn export, radians (default pi/2)")
    p.add_argument("-o", "--output", required=True, help="output .npz path (its folder must exist)")
    p.add_argument("-v", "--verbose", action="store_true", help="print every element's metadata")

    p = add("transform", "gaugemath.transforms.cli:_cmd_transform",
            "S2 harmonic transform round trip (synthesis then analysis of random coefficients) on a grid")
    p.add_argument("--grid", choices=("gl", "dh", "mw", "healpix"), default="gl",
                   help="Gauss-Legendre, Driscoll-Healy, McEwen-Wiaux or HEALPix (default %(default)s)")
    p.add_argument("--lmax", type=int, default=64, help="band-limit: largest degree l (default %(default)s)")
    p.add_argument("--nside", type=int, default=None, help="HEALPix resolution (power of two; required with --grid healpix)")
    p.add_argument("--spin", type=int, default=0, help="spin weight s (default %(default)s)")
    p.add_argument("--real", action="store_true", help="real field, real-basis coefficients")
    p.add_argument("--seed", type=int, default=0, help="seed of the random coefficients (default %(default)s)")
    p.add_argument("--check", action="store_true", help="print the round-trip max error |c' - c|")

    add("warmup", f"{__name__}:_cmd_warmup",
        "compile every Numba kernel once and cache it on disk (run before parallel tests)")
    return parser


def _one_line(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        text = f"{exc.strerror}: {exc.filename}"
    return " ".join(text.split())


def main(argv=None) -> int:
    """Entry point of the ``gaugemath`` console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    module, _, function = args.run.partition(":")
    try:
        run = getattr(importlib.import_module(module), function)
        return int(run(args) or 0)
    except (ValueError, TypeError, OSError) as exc:
        # bad values and I/O problems: one line, exit 2 (argparse's status for bad usage)
        print(f"gaugemath: error: {args.command}: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"gaugemath: {args.command} interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

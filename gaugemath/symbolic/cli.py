r"""``gaugemath prove`` and ``gaugemath verify``.

``gaugemath prove [--path DIR] [-k TEXT]`` imports every ``proof_*.py`` in ``proofs/`` (next
to the package in a repository checkout, or ``--path``), runs its ``prove()`` and prints a
table *theorem | cases | time | result*; exit status 1 if any proof fails.

``gaugemath verify FILE`` checks an intertwiner or a kernel given in a file (format in
``docs/verification.md``):

* JSON (``.json``): ``{"W": [[...]], "rho_in": "so3:1+so3:1", "rho_out": "so3:2",
  "basis": "real"}``, entries as numbers or SymPy strings (``"sqrt(2)/2"``); ``"W"`` may also
  be one string (SymPy ``srepr`` or ``Matrix([...])`` text).  A kernel instead has
  ``"kernel": [[...]]`` (expressions in ``x, y, z`` — with ``r`` meaning
  :math:`\sqrt{x^2+y^2+z^2}` — or in ``r, phi`` / ``r, theta, phi``), ``"group"`` and
  optionally ``"system"``.  A finite-group representation is a dict ``{"group": "D4",
  "generators": [matrix, ...]}``.
* NumPy (``.npz``): array ``W`` (numbers recognised exactly by ``sympy.nsimplify`` within
  ``--tol``, default 1e-9) and string arrays ``rho_in``, ``rho_out`` (optional ``basis``).

Labels: ``so2:k``, ``o2:0+``, ``o2:0-``, ``o2:k``, ``so3:l``, ``su2:j``, ``o3:lo``/``o3:le``,
joined by ``+`` for direct sums.  Exit status 0 if it holds, 1 if it fails (the failing
generator and the exact residual are printed), 2 on bad input (also a missing, unreadable
or malformed file).  The parser is defined in :mod:`gaugemath.cli` (it imports nothing
symbolic); SymPy is imported when a command runs.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

__all__ = ["run_proofs", "load_problem", "default_proofs_dir"]


def default_proofs_dir() -> Path:
    """``proofs/`` next to the installed package (a repository checkout)."""
    return Path(__file__).resolve().parents[2] / "proofs"


def run_proofs(path=None, keyword: str | None = None, out=None) -> list:
    """Run every ``proof_*.py`` under ``path``; returns ``[(module name, ProofResult|Exception, seconds)]``.

    The table goes to ``out`` (default: the ``sys.stdout`` of the moment of the call), one
    row per proof as soon as it finishes, then a line ``k of n proved in t s``."""
    if out is None:
        out = sys.stdout
    folder = Path(path) if path is not None else default_proofs_dir()
    if not folder.is_dir():
        raise ValueError(f"proofs folder not found: {folder} (give --path)")
    files = sorted(folder.glob("proof_*.py"))
    if keyword:
        files = [f for f in files if keyword in f.stem]
    if not files:
        raise ValueError(f"no proof_*.py files in {folder}" + (f" matching {keyword!r}" if keyword else ""))
    width = max(56, *(len(f.stem) for f in files))  # theorem names are known only after each proof
    print(f"{'theorem':<{width}}  {'cases':>6}  {'time':>7}  result", file=out, flush=True)
    print("-" * (width + 28), file=out, flush=True)
    rows = []
    t_all = time.perf_counter()
    for f in files:
        spec = importlib.util.spec_from_file_location(f"gaugemath_proofs.{f.stem}", f)
        mod = importlib.util.module_from_spec(spec)
        t0 = time.perf_counter()
        try:
            spec.loader.exec_module(mod)
            res = mod.prove()
        except Exception as exc:  # noqa: BLE001 - report, do not crash the table
            res = exc
        row = (f.stem, res, time.perf_counter() - t0)
        rows.append(row)
        cases = getattr(res, "cases", "-")
        ok = "PROVED" if (not isinstance(res, Exception) and res.holds) else "FAILED"
        # one line per proof as soon as it finishes (a proof may take tens of seconds)
        print(f"{_theorem(row):<{width}}  {cases:>6}  {row[2]:6.2f}s  {ok}", file=out, flush=True)
        if ok == "FAILED":
            print(f"    {res if isinstance(res, Exception) else res.details}", file=out, flush=True)
    n_ok = sum(not isinstance(r, Exception) and r.holds for _, r, _ in rows)
    print("-" * (width + 28), file=out)
    print(f"{n_ok} of {len(rows)} proved in {time.perf_counter() - t_all:.1f} s", file=out, flush=True)
    return rows


def _theorem(row) -> str:
    name, res, _ = row
    return name if isinstance(res, Exception) else str(res.theorem)


def _cmd_prove(args) -> int:
    rows = run_proofs(args.path, args.k)
    return 0 if all(not isinstance(r, Exception) and r.holds for _, r, _ in rows) else 1


# ----------------------------------------------------------------------------------------


def _sym(v, locals_):
    import sympy as sp

    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return sp.nsimplify(v) if isinstance(v, float) else sp.Integer(v)
    if isinstance(v, str):
        try:
            return sp.sympify(v, locals=locals_)
        except Exception as exc:  # noqa: BLE001 - SympifyError, TokenError, SyntaxError: all bad input
            raise ValueError(f"cannot read the entry {v!r} as a SymPy expression ({type(exc).__name__})") from None
    raise ValueError(f"matrix entries must be numbers or strings, got {v!r}")


def _matrix(value, locals_, name):
    import sympy as sp

    if isinstance(value, str):
        M = sp.sympify(value, locals=locals_)
        if not isinstance(M, sp.MatrixBase):
            raise ValueError(f"{name} string does not describe a matrix")
        return sp.Matrix(M)
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        raise ValueError(f"{name} must be a list of rows (list of lists)")
    if len({len(r) for r in value}) != 1:
        raise ValueError(f"{name} rows have different lengths")
    return sp.Matrix([[_sym(v, locals_) for v in row] for row in value])


def _rep(spec, basis, name):
    from .recognition import parse_representation
    from .irreps import finite_representation

    if isinstance(spec, str):
        return parse_representation(spec, basis)
    if isinstance(spec, dict) and "group" in spec and "generators" in spec:
        return finite_representation(spec["group"], [_matrix(g, {}, f"{name}.generators") for g in spec["generators"]],
                                     name=spec.get("name", name))
    raise ValueError(f"{name} must be a label such as 'so3:1' or {{'group': ..., 'generators': [...]}}")


def load_problem(path) -> dict:
    """Read a ``verify`` file into ``{"kind": "intertwiner"|"kernel", ...}`` (see module docstring)."""
    import zipfile

    import numpy as np
    import sympy as sp

    from .numbers import recognise_matrix as _exact_from_numbers

    path = Path(path)
    if not path.exists():
        raise ValueError(f"file not found: {path}")
    if not path.is_file():
        raise ValueError(f"not a file: {path}")
    if path.suffix == ".npz":
        try:
            data = np.load(path, allow_pickle=False)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
            raise ValueError(f"{path.name} is not a readable .npz file: {exc}") from None
        for key in ("W", "rho_in", "rho_out"):
            if key not in data:
                raise ValueError(f"{path.name} lacks the array {key!r}")
        basis = str(data["basis"]) if "basis" in data else "real"
        W = np.asarray(data["W"])
        if W.ndim != 2:
            raise ValueError(f"W must be a 2-d array, got shape {W.shape}")
        tol = 1e-9
        return {"kind": "intertwiner", "W": _exact_from_numbers(W, tol, "W"),
                "rho_in": _rep(str(data["rho_in"]), basis, "rho_in"), "rho_out": _rep(str(data["rho_out"]), basis, "rho_out")}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{path.name} is not a UTF-8 text file (expected JSON or .npz)") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("the JSON file must hold an object")
    basis = data.get("basis", "real")
    for key in ("rho_in", "rho_out"):
        if key not in data:
            raise ValueError(f"{path.name} lacks {key!r}")
    rho_in, rho_out = _rep(data["rho_in"], basis, "rho_in"), _rep(data["rho_out"], basis, "rho_out")
    if "kernel" in data:
        system = data.get("system", "cartesian")
        if system == "cartesian":
            x, y, z = sp.symbols("x y z", real=True)
            locals_ = {"x": x, "y": y, "z": z, "r": sp.sqrt(x**2 + y**2 + z**2)}
        else:
            locals_ = {"r": sp.Symbol("r", positive=True), "phi": sp.Symbol("phi", real=True),
                       "theta": sp.Symbol("theta", real=True)}
        K = _matrix(data["kernel"], locals_, "kernel")
        if system == "cartesian" and "group" in data and str(data["group"]).lower().replace("(", "").replace(")", "") in ("so2", "o2"):
            K = K.subs({locals_["r"]: sp.sqrt(x**2 + y**2)})
        return {"kind": "kernel", "kernel": K, "group": data.get("group", rho_in.group), "system": system,
                "rho_in": rho_in, "rho_out": rho_out}
    if "W" not in data:
        raise ValueError(f"{path.name} needs 'W' (an intertwiner) or 'kernel'")
    return {"kind": "intertwiner", "W": _matrix(data["W"], {}, "W"), "rho_in": rho_in, "rho_out": rho_out}


def _cmd_verify(args) -> int:
    from .verify import verify_intertwiner, verify_kernel_constraint

    t0 = time.perf_counter()
    prob = load_problem(args.file)
    what = "kernel" if prob["kind"] == "kernel" else "intertwiner"
    print(f"verifying the {what} in {args.file} exactly ({time.perf_counter() - t0:.2f} s to read) ...", flush=True)
    t0 = time.perf_counter()
    if prob["kind"] == "intertwiner":
        cert = verify_intertwiner(prob["W"], prob["rho_in"], prob["rho_out"])
    else:
        cert = verify_kernel_constraint(prob["kernel"], prob["group"], prob["rho_in"], prob["rho_out"], system=prob["system"])
    print(cert)
    print(f"({time.perf_counter() - t0:.2f} s, exact SymPy arithmetic)")
    return 0 if cert.holds else 1

"""Exact numbers recognised from floats: a documented heuristic (``sympy.nsimplify`` within a
tolerance), used to import numeric data (:func:`~gaugemath.symbolic.from_numeric`, finite
groups given by float matrices) — never inside a proof, where values are exact by
construction."""

from __future__ import annotations

import numpy as np
import sympy as sp

__all__ = ["recognise_matrix"]


def _recognise(x: complex, tol: float):
    parts = []
    for v in (x.real, x.imag):
        if abs(v) <= tol:
            parts.append(sp.Integer(0))
            continue
        r = sp.nsimplify(v, tolerance=tol, rational=False)
        if abs(float(r) - v) > tol:
            r = sp.nsimplify(sp.Float(v ** 2, 17), tolerance=tol)
            r = sp.sign(v) * sp.sqrt(r)
        parts.append(r)
    return parts[0] + sp.I * parts[1]


def recognise_matrix(M, tol, what):
    """The matrix ``M`` (floats) with every entry recognised as an exact number (rational or
    ± square root of a rational, real and imaginary parts separately) by ``sympy.nsimplify``;
    ``ValueError`` naming ``what`` if the exact matrix is further than ``tol`` (max-abs) from
    ``M``.  A heuristic for importing data — never used inside a proof."""
    M = np.asarray(M, dtype=complex)
    E = sp.Matrix(M.shape[0], M.shape[1], lambda i, j: _recognise(complex(M[i, j]), tol))
    err = np.max(np.abs(np.array(E.evalf(20).tolist(), dtype=complex) - M)) if M.size else 0.0
    if err > tol:
        raise ValueError(f"could not recognise {what} exactly within tol={tol} (error {err:.2e})")
    return E

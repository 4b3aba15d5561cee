r"""Exact representations from numeric ones and from text labels.

:func:`from_numeric` and :func:`recognise_matrix` **recognise** exact numbers from floats
(``sympy.nsimplify`` within a tolerance): a documented heuristic for importing data, never
a step of a proof.  :func:`parse_representation` reads labels such as ``"so3:2"``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from .exact_linalg import is_zero
from .numbers import recognise_matrix
from .irreps import o2_irrep, o3_irrep, so2_irrep, so3_generators_cartesian, so3_irrep, su2_irrep
from .operations import direct_sum
from .representation import CONTINUOUS_FAMILIES, SymbolicRepresentation

__all__ = ["from_numeric", "recognise_matrix", "parse_representation"]


def _one_parameter(fam, k, t):
    if fam in ("SO2", "O2"):
        return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    if fam == "SU2":
        q = np.zeros(4)
        q[0], q[1 + k] = np.cos(t / 2), np.sin(t / 2)
        return q
    from scipy.linalg import expm

    return expm(t * np.array(so3_generators_cartesian()[k], dtype=float))


def from_numeric(rep, *, tol: float = 1e-9, step: float = 1e-3, name=None) -> SymbolicRepresentation:
    r"""Exact :class:`SymbolicRepresentation` from a numeric one (duck-typed: ``rep.group``,
    ``rep.dim``, ``rep(g)`` or ``rep.matrices(g)`` on arrays of group elements).

    * finite group: :math:`\rho(g_i)` at ``rep.group.generators()``;
    * continuous: :math:`X_k \approx` the 4-point central difference of
      :math:`\rho(e^{tL_k})` with step ``step`` (error ~ step⁴ ≈ 1e-12), plus
      :math:`\rho(F)` / :math:`\rho(-1)` for O(2)/O(3).

    **Recognition from floats (a heuristic, never used inside a proof):** every number is
    turned into an exact one by ``sympy.nsimplify`` (rationals and square roots of rationals)
    and accepted only if within ``tol`` (documented tolerance: 1e-9) of the numeric value;
    then for SO(3)/SU(2)/O(3) the exact commutation relations :math:`[X_x, X_y] = X_z`
    (cyclic) must hold exactly — else ``ValueError``.  The result carries ``rep.group`` (the
    same group object)."""
    if not hasattr(rep, "group") or not hasattr(rep, "dim"):
        raise TypeError(f"rep must have .group and .dim (a numeric representation), got {type(rep).__name__}")
    ev = rep.matrices if hasattr(rep, "matrices") else rep
    from ..groups import as_group

    G = as_group(rep.group, "rep.group")
    fam = G.family
    if G.is_finite:
        gens = np.asarray(G.generators())
        mats = [recognise_matrix(ev(g), tol, f"rho(generator {i})") for i, g in enumerate(gens)]
        return SymbolicRepresentation(G, int(rep.dim), (), mats, name=name or getattr(rep, "name", "rho"))
    if fam not in CONTINUOUS_FAMILIES:
        raise ValueError(f"rep.group must be finite, SO(2), O(2), SO(3), O(3) or SU(2); got {G.name}")
    n_lie = CONTINUOUS_FAMILIES[fam][0]
    lie = []
    for k in range(n_lie):
        h = step
        vals = [np.asarray(ev(_one_parameter(fam, k, s * h)), dtype=complex) for s in (-2, -1, 1, 2)]
        X = (vals[0] - 8 * vals[1] + 8 * vals[2] - vals[3]) / (12 * h)
        lie.append(recognise_matrix(X, max(tol, 1e3 * step ** 4), f"generator X_{k}"))
    grp = []
    if fam == "O2":
        grp.append(recognise_matrix(ev(np.diag([1.0, -1.0])), tol, "rho(F)"))
    if fam == "O3":
        grp.append(recognise_matrix(ev(-np.eye(3)), tol, "rho(-1)"))
    out = SymbolicRepresentation(G, int(rep.dim), lie, grp, name=name or getattr(rep, "name", "rho"))
    if n_lie == 3:
        X = [sp.Matrix(M) for M in out.lie_generators]
        for a, b, c in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
            if not all(is_zero(v) for v in (X[a] * X[b] - X[b] * X[a] - X[c])):
                raise ValueError("the recognised generators do not satisfy [X_x, X_y] = X_z exactly")
    return out


def parse_representation(text: str, basis: str = "real") -> SymbolicRepresentation:
    """A representation from a label: ``"so2:k"`` (complex, or real with ``basis="real"``),
    ``"o2:0+"``, ``"o2:0-"``, ``"o2:k"``, ``"so3:l"``, ``"su2:j"`` (``"su2:1/2"``),
    ``"o3:1o"``/``"o3:2e"``, and direct sums joined by ``"+"`` (``"so3:0+so3:1"``)."""
    if not isinstance(text, str):
        raise TypeError(f"representation label must be a string, got {type(text).__name__}")
    import re

    parts = [p.strip() for p in re.split(r"\+(?=\s*[A-Za-z]+\d*\s*:)", text.strip()) if p.strip()]
    if not parts:
        raise ValueError("representation label is empty")
    if len(parts) > 1:
        return direct_sum(*(parse_representation(p, basis) for p in parts))
    label = parts[0]
    if ":" not in label:
        raise ValueError(f"representation label must look like 'so3:2' or 'o3:1o', got {label!r}")
    grp, arg = (s.strip() for s in label.split(":", 1))
    from ..groups import as_group

    try:
        G = as_group(grp)
    except (ValueError, TypeError):
        raise ValueError(f"unknown group in representation label {label!r}; allowed so2, o2, so3, su2, o3") from None
    fam = G.family
    try:
        if fam == "SO2":
            return so2_irrep(G, int(arg), basis)
        if fam == "O2":
            if arg in ("0+", "0-"):
                return o2_irrep(G, 0, 1 if arg == "0+" else -1)
            return o2_irrep(G, int(arg))
        if fam == "SO3":
            return so3_irrep(G, int(arg), basis)
        if fam == "SU2":
            return su2_irrep(G, Fraction(arg))
        if fam == "O3":
            if arg[-1] not in "eo":
                raise ValueError
            return o3_irrep(G, int(arg[:-1]), 1 if arg[-1] == "e" else -1, basis)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"bad representation label {label!r}: {exc}") from None
    raise ValueError(f"unknown group in representation label {label!r}; allowed so2, o2, so3, su2, o3")

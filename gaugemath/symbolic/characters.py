r"""Exact characters: weights of continuous-group representations and the character inner product.

:func:`character_inner_product` ``(a, b)`` has the name and signature of
``gaugemath.reps.character_inner_product`` and returns the exact integer
:math:`\langle\chi_a,\chi_b\rangle`.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from .exact_linalg import exact_rank, is_zero
from .representation import SymbolicRepresentation, check_rep, check_same_group

__all__ = ["weight_multiplicities", "character_inner_product"]


def _rat(x: Fraction) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


def _nullity(M) -> int:
    return M.shape[1] - exact_rank(M)


def weight_multiplicities(rep: SymbolicRepresentation, projector=None) -> dict:
    r"""Weights of a continuous-group representation: ``{w: n(w)}`` with
    :math:`n(w) = \dim\ker(X_t - iw)`, :math:`X_t` the torus generator (:math:`X` for SO(2)/O(2),
    :math:`X_z` for SO(3)/SU(2)/O(3)); :math:`\chi(e^{\theta X_t}) = \sum_w n(w)e^{iw\theta}`.

    Candidates come from the numerical eigenvalues; the exact nullities must add up to
    ``dim`` (``ValueError`` otherwise, e.g. a generator that is not diagonalisable with
    imaginary integer/half-integer eigenvalues).  With ``projector = (P, p)`` counts the joint
    eigenspace of :math:`X_t` and the group element ``P`` for eigenvalue ``p``."""
    check_rep(rep, "rep")
    if rep.is_finite:
        raise ValueError(f"weights are for continuous groups; {rep.group.name} is finite")
    Xt = sp.Matrix(rep.lie_generators[-1])
    step = Fraction(1, 2) if rep.family == "SU2" else Fraction(1)
    ev = np.linalg.eigvals(np.array(Xt.evalf(20).tolist(), dtype=complex)) if rep.dim else []
    cands = sorted({Fraction(round(float(e.imag) / float(step))) * step for e in ev})
    out = {}
    total_expected = rep.dim
    for w in cands:
        A = Xt - sp.I * _rat(w) * sp.eye(rep.dim)
        if projector is not None:
            P, p = projector
            A = A.col_join(sp.Matrix(P) - p * sp.eye(rep.dim))
        n = _nullity(A)
        if n:
            out[w] = n
    if projector is None and sum(out.values()) != total_expected:
        raise ValueError(f"{rep.name}: the torus generator's weights do not account for all {rep.dim} dimensions")
    return out


def _weyl_so3(n1: dict, n2: dict):
    # <chi1, chi2> = sum_m n1 n2 - 1/2 sum_m n1(m) (n2(m+1) + n2(m-1))   (Weyl integration formula)
    total = Fraction(0)
    for w, a in n1.items():
        total += a * n2.get(w, 0)
        total -= Fraction(a, 2) * (n2.get(w + 1, 0) + n2.get(w - 1, 0))
    return total


def character_inner_product(rho1: SymbolicRepresentation, rho2: SymbolicRepresentation) -> int:
    r"""Exact :math:`\langle\chi_1,\chi_2\rangle = \int_G\overline{\chi_1}\chi_2\,dg`, computed
    from characters only (independently of any intertwiner solve):

    * finite: the mean of :math:`\overline{\chi_1(g)}\chi_2(g)` over ``group.elements()``
      (exact matrices from :meth:`SymbolicRepresentation.table`);
    * SO(2): :math:`\sum_w n_1(w)n_2(w)`;  O(2): :math:`\frac12\sum_w n_1n_2 +
      \frac12\overline{\operatorname{tr}\rho_1(F)}\operatorname{tr}\rho_2(F)` (all reflections are
      conjugate);
    * SO(3)/SU(2): Weyl's integration formula with density :math:`1-\cos\theta`:
      :math:`\sum_w n_1(w)n_2(w) - \tfrac12\sum_w n_1(w)(n_2(w+1)+n_2(w-1))`;
    * O(3) = SO(3)×{±1}: half the SO(3) value plus half the same formula for
      :math:`\chi(g\cdot(-1))`, whose weight coefficients are :math:`n_+(w)-n_-(w)` on the
      ±1-eigenspaces of :math:`\rho(-1)`.

    References: Serre (1977) §2.3; Bröcker & tom Dieck, *Representations of Compact Lie
    Groups* (1985) IV.1 (Weyl integration formula)."""
    check_same_group(rho1, rho2, ("rho1", "rho2"))
    g = rho1.family
    if rho1.is_finite:
        t1, t2 = rho1.table(), rho2.table()
        total = sum(sp.conjugate(a.trace()) * b.trace() for a, b in zip(t1, t2))
        val = sp.expand(total / len(t1))
        n = int(round(complex(sp.N(val, 30)).real))
        if is_zero(val - n) is not True:
            raise ValueError(f"character inner product {val} is not an integer")
        return n
    n1, n2 = weight_multiplicities(rho1), weight_multiplicities(rho2)
    if g == "SO2":
        val = sum(a * n2.get(w, 0) for w, a in n1.items())
    elif g == "O2":
        tr1 = sp.Matrix(rho1.group_generators[0]).trace()
        tr2 = sp.Matrix(rho2.group_generators[0]).trace()
        val = Fraction(sum(a * n2.get(w, 0) for w, a in n1.items()), 2) + Fraction(int(tr1 * tr2), 2)
    elif g in ("SO3", "SU2"):
        val = _weyl_so3(n1, n2)
    else:  # o3
        def signed(rep):
            P = rep.group_generators[0]
            plus = weight_multiplicities(rep, (P, 1))
            minus = weight_multiplicities(rep, (P, -1))
            return {w: plus.get(w, 0) - minus.get(w, 0) for w in set(plus) | set(minus)}

        val = (_weyl_so3(n1, n2) + _weyl_so3(signed(rho1), signed(rho2))) / 2
    val = Fraction(val)
    if val.denominator != 1 or val < 0:
        raise ValueError(f"character inner product came out {val}: not the representations claimed")
    return int(val)

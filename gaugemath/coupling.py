r"""Clebsch–Gordan coefficients, Wigner 3j symbols and coupling tensors (float).

Convention GM-CG (``docs/conventions.md`` §5): Condon–Shortley phase,

.. math::

    \langle j_1 m_1\, j_2 m_2 | j\, m\rangle
      = (-1)^{j_1-j_2+m}\sqrt{2j+1}\begin{pmatrix} j_1 & j_2 & j \\ m_1 & m_2 & -m\end{pmatrix},

equal to ``sympy.physics.wigner.clebsch_gordan``.  Values come from the stable
Schulten–Gordon recursion (:mod:`gaugemath._cg_kernels`): relative error ~1e-15
for j up to 500 and beyond, no overflow.

Bad-input policy: non-(half-)integers, negative j, :math:`|m|>j` and
non-integral :math:`j-m` raise ``ValueError``/``TypeError`` (naming the argument).
For the coefficient functions (``wigner_3j``, ``clebsch_gordan``) triangle violations
and :math:`m_1+m_2 \ne m` (:math:`m_1+m_2+m_3 \ne 0`) give exactly 0 by definition;
``coupling_tensor`` instead raises ``ValueError`` on a triangle violation (an all-zero
intertwiner is never what a caller building a tensor-product layer wants).

Coupling tensor (``coupling_tensor``): complex
:math:`C_{m_1m_2m} = \langle \ell_1 m_1 \ell_2 m_2|\ell m\rangle` satisfies, for the
default Wigner D,

.. math::  \sum_{ab} D^{\ell_1}_{ia} D^{\ell_2}_{jb} C_{abk} = \sum_c C_{ijc} D^{\ell}_{ck},

and :math:`\sum_{ab} C_{abk}C_{abk'} = \delta_{kk'}` (an isometry onto the
:math:`\ell` block).  Real: :math:`C^{r} = \kappa\,(Q_{\ell_1}\otimes Q_{\ell_2})\,C\,Q_\ell^\dagger`
with :math:`\kappa = 1` if :math:`\ell_1+\ell_2+\ell` is even and :math:`\kappa=-i`
if odd (which makes it real); it satisfies the same identity with
:math:`D^{real}` and the same normalisation.  ``convention="e3nn"`` returns
``e3nn.o3.wigner_3j(l1, l2, l)``: :math:`(B_{\ell_1}\otimes B_{\ell_2}\otimes B_\ell)C^r/\sqrt{2\ell+1}`
times :math:`(-1)^{\lfloor (\ell_1+\ell_2-\ell+1)/2\rfloor}`, with :math:`B_\ell = D^{real}_\ell(P)` (e3nn frame,
:func:`gaugemath.conventions.e3nn_frame`).
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np

from . import _cg_kernels as _k
from ._validation import as_degree, as_half_integer, as_spin, check_choice
from .conventions import check_convention, e3nn_frame

__all__ = ["wigner_3j", "clebsch_gordan", "clebsch_gordan_table", "coupling_tensor"]


def _as_qn_array(x, name: str, *, nonneg: bool) -> np.ndarray:
    arr = np.asarray(x)
    if arr.dtype == object:
        flat = [float(as_spin(v, name) if nonneg else as_half_integer(v, name)) for v in arr.reshape(-1)]
        return np.array(flat).reshape(arr.shape)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be integers or half-integers, got dtype {arr.dtype}")
    a = arr.astype(np.float64)
    if not np.all(np.isfinite(a)) or np.any(2 * a != np.round(2 * a)):
        raise ValueError(f"{name} must be integers or half-integers")
    if nonneg and np.any(a < 0):
        raise ValueError(f"{name} must be >= 0")
    return a


def _check_m(m: np.ndarray, j: np.ndarray, mname: str, jname: str) -> None:
    if np.any(np.abs(m) > j):
        raise ValueError(f"{mname} must satisfy -{jname} <= {mname} <= {jname}")
    if np.any((j - m) % 1 != 0):
        raise ValueError(f"{jname} - {mname} must be an integer")


def wigner_3j(j1, j2, j3, m1, m2, m3):
    r"""Wigner 3j symbol :math:`\begin{pmatrix}j_1&j_2&j_3\\m_1&m_2&m_3\end{pmatrix}` (float).

    Arguments broadcast (arrays of integers/half-integers, or ``Fraction``);
    a scalar call returns a Python float.  Zero by definition when
    :math:`m_1+m_2+m_3\ne0`, the triangle rule fails, or :math:`j_1+j_2+j_3` is not an integer.

    Examples
    --------
    >>> round(wigner_3j(1, 1, 2, 0, 0, 0), 12) == round((2 / 15) ** 0.5, 12)
    True
    """
    names = ("j1", "j2", "j3", "m1", "m2", "m3")
    vals = [_as_qn_array(v, n, nonneg=i < 3) for i, (v, n) in enumerate(zip((j1, j2, j3, m1, m2, m3), names))]
    for i in range(3):
        _check_m(vals[i + 3], vals[i], names[i + 3], names[i])
    b = np.broadcast_arrays(*vals)
    shape = b[0].shape
    flat = [np.ascontiguousarray(x.reshape(-1)) for x in b]
    out = np.empty(flat[0].shape[0])
    integral = ((flat[0] + flat[1] + flat[2]) % 1) == 0
    _k.three_j_many(*flat, out)
    out = np.where(integral, out, 0.0).reshape(shape)
    return float(out) if out.ndim == 0 else out


def clebsch_gordan(j1, m1, j2, m2, j, m):
    r"""Clebsch–Gordan coefficient :math:`\langle j_1 m_1\, j_2 m_2|j\,m\rangle` (float, Condon–Shortley).

    Computed as :math:`(-1)^{j_1-j_2+m}\sqrt{2j+1}\,(j_1\,j_2\,j;\,m_1\,m_2\,-m)`; arguments
    broadcast; zero by definition when :math:`m_1+m_2\ne m` or the triangle rule fails.
    """
    names = ("j1", "m1", "j2", "m2", "j", "m")
    a = [_as_qn_array(v, n, nonneg=n.startswith("j")) for v, n in zip((j1, m1, j2, m2, j, m), names)]
    J1, M1, J2, M2, J, M = a
    _check_m(M1, J1, "m1", "j1")
    _check_m(M2, J2, "m2", "j2")
    _check_m(M, J, "m", "j")
    tj = wigner_3j(J1, J2, J, M1, M2, -M)
    phase = np.where(np.round(J1 - J2 + M) % 2 == 0, 1.0, -1.0)
    out = phase * np.sqrt(2 * J + 1) * tj
    return float(out) if np.ndim(out) == 0 else out


def clebsch_gordan_table(j1, j2) -> dict:
    r"""All :math:`\langle j_1 m_1 j_2 m_2|j m\rangle` for given :math:`(j_1, j_2)`.

    Returns ``{j: C_j}`` with ``C_j`` of shape ``(2j1+1, 2j2+1)`` holding
    :math:`\langle j_1 m_1 j_2 m_2|j, m_1+m_2\rangle` (rows :math:`m_1=-j_1..j_1`,
    columns :math:`m_2=-j_2..j_2`; zero where :math:`|m_1+m_2|>j`).  One
    Schulten–Gordon recursion per :math:`(m_1, m_2)` gives all :math:`j` at once.
    """
    a, b = float(as_spin(j1, "j1")), float(as_spin(j2, "j2"))
    return {Fraction(k).limit_denominator(2) if isinstance(k, float) else k: v for k, v in _cg_table(a, b).items()}


@functools.lru_cache(maxsize=256)
def _cg_table(j1: float, j2: float) -> dict:
    n1, n2 = int(round(2 * j1)) + 1, int(round(2 * j2)) + 1
    js = np.arange(abs(j1 - j2), j1 + j2 + 0.5)
    arr = np.empty((js.size, n1, n2))
    _k.cg_table(j1, j2, arr)
    arr.setflags(write=False)
    return {float(j): arr[k] for k, j in enumerate(js)}


@functools.lru_cache(maxsize=256)
def _coupling_complex(l1: int, l2: int, l: int) -> np.ndarray:
    C = np.zeros((2 * l1 + 1, 2 * l2 + 1, 2 * l + 1))
    if not abs(l1 - l2) <= l <= l1 + l2:
        return C
    tab = _cg_table(float(l1), float(l2))[float(l)]
    for a in range(2 * l1 + 1):
        for b in range(2 * l2 + 1):
            m = (a - l1) + (b - l2)
            if abs(m) <= l:
                C[a, b, m + l] = tab[a, b]
    C.setflags(write=False)
    return C


def coupling_tensor(l1, l2, l, *, basis=None, convention: str = "gaugemath") -> np.ndarray:
    r"""Coupling tensor of shape ``(2l1+1, 2l2+1, 2l+1)`` intertwining :math:`D^{l_1}\otimes D^{l_2}` with :math:`D^l`.

    See the module docstring for the identity it satisfies and its normalisation;
    indices :math:`m = -\ell..\ell` in each slot.  A triangle violation
    (:math:`|\ell_1-\ell_2| \le \ell \le \ell_1+\ell_2` fails) raises ``ValueError``.
    ``basis=None`` means ``"complex"`` (``"real"`` under ``convention="e3nn"``, which has
    only the real tensor and refuses ``basis="complex"``, as :func:`gaugemath.wigner.wigner_D`
    does); it reproduces ``e3nn.o3.wigner_3j(l1, l2, l)``.
    """
    l1, l2, l = as_degree(l1, "l1"), as_degree(l2, "l2"), as_degree(l, "l")
    convention = check_convention(convention)
    if basis is None:
        basis = "real" if convention == "e3nn" else "complex"
    check_choice(basis, "basis", ("complex", "real"))
    if convention == "e3nn" and basis != "real":
        raise ValueError("convention 'e3nn' has only real coupling tensors: use basis='real' (or leave basis unset)")
    if not abs(l1 - l2) <= l <= l1 + l2:
        raise ValueError(f"l={l} violates the triangle rule |l1 - l2| <= l <= l1 + l2 for l1={l1}, l2={l2}")
    C = _coupling_complex(l1, l2, l)
    if basis == "complex":
        return C.copy()
    from .real_basis import _complex_to_real

    q1, q2, q = _complex_to_real(l1), _complex_to_real(l2), _complex_to_real(l)
    Cr = np.einsum("ia,jb,abc,kc->ijk", q1, q2, C, q.conj(), optimize=True)
    if (l1 + l2 + l) % 2:
        Cr = -1j * Cr
    Cr = np.ascontiguousarray(Cr.real)
    if convention != "e3nn":
        return Cr
    from .wigner import wigner_D

    P = e3nn_frame()
    B1, B2, B = (wigner_D(k, P, basis="real") for k in (l1, l2, l))
    Ce = np.einsum("ia,jb,kc,abc->ijk", B1, B2, B, Cr, optimize=True) / np.sqrt(2 * l + 1)
    return Ce * _e3nn_sign(l1, l2, l)


def _e3nn_sign(l1: int, l2: int, l: int) -> float:
    r"""Sign relating our (frame-changed, renormalised) real tensor to e3nn's:
    :math:`(-1)^{\lfloor (l_1+l_2-l+1)/2 \rfloor}` — it comes from e3nn's factor
    :math:`(-i)^\ell` in its real basis versus our :math:`\kappa`; established for every
    triple with :math:`l_1, l_2 \le 4` against e3nn 0.6 and pinned by
    ``tests/core/test_core_clebsch_gordan.py::test_e3nn_preset``."""
    return -1.0 if ((l1 + l2 - l + 1) // 2) % 2 else 1.0

r"""Irreducible representations of SO(2), O(2), SO(3), O(3) and SU(2).

Element conventions follow :mod:`gaugemath.groups`: SO(2)/O(2) elements are ``(2, 2)``
orthogonal matrices, SO(3)/O(3) ``(3, 3)`` orthogonal matrices, SU(2) ``(4,)`` unit
quaternions ``(w, x, y, z)``.  The family of a group is its explicit tag ``group.family`` (see
:func:`family`); every ``group`` argument may also be a name (``"SO3"``, ``"O(2)"``), parsed by
:func:`gaugemath.groups.as_group`.

Irreps (labels in brackets)
---------------------------
* SO(2), angle :math:`\theta` of :math:`r_\theta=\begin{pmatrix}\cos\theta&-\sin\theta\\
  \sin\theta&\cos\theta\end{pmatrix}`: complex :math:`\chi_k(r_\theta)=e^{ik\theta}`,
  :math:`k\in\mathbb Z` (``"k{k}"``); real: ``k=0`` trivial, ``k>0``
  :math:`\rho_k(r_\theta)=r_{k\theta}` (2×2; ≅ :math:`\chi_k\oplus\chi_{-k}`).
* O(2), :math:`g = r_\theta\,\mathrm{diag}(1,-1)^f`: ``"0+"`` trivial, ``"0-"``
  :math:`\det g`, and for :math:`k\ge1` ``"{k}"``: :math:`r_{k\theta}\mathrm{diag}(1,-1)^f`
  (real orthogonal, absolutely irreducible).
* SO(3): :math:`D^\ell` from :func:`gaugemath.wigner_D` (``basis="complex"`` or ``"real"``)
  (``"l{ell}"``); convention :math:`D^\ell_{m'm}(\alpha,\beta,\gamma) = e^{-im'\alpha}
  d^\ell_{m'm}(\beta)e^{-im\gamma}`, so :math:`D^\ell(R)=e^{-i\alpha J_z}e^{-i\beta J_y}e^{-i\gamma J_z}`
  with the Condon–Shortley ladder :math:`J_\pm|\ell m\rangle = \sqrt{\ell(\ell+1)-m(m\pm1)}|\ell, m\pm1\rangle`.
* O(3): :math:`\rho_{\ell,p}(g) = D^\ell(\det(g)\,g)\,(\det g)^{(1-p)/2}`, parity
  :math:`p=\pm1` = the sign of :math:`\rho(-1)` (``"{ell}e"`` for :math:`p=+1`, ``"{ell}o"``
  for :math:`p=-1`; the vector representation is ``"1o"``, as in e3nn).
* SU(2): :math:`D^j(q)` for :math:`j\in\frac12\mathbb N` (``"j{j}"``), same formula through
  the quaternion (the double cover :math:`q\mapsto R(q)`, :math:`D^j(-q) = (-1)^{2j}D^j(q)`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .._validation import as_degree, as_spin, check_choice
from ..groups import SO2, as_group
from .representation import Representation

__all__ = ["family", "so2_irrep", "o2_irrep", "so3_irrep", "o3_irrep", "su2_irrep", "compact_irrep"]


_COMPACT = ("SO2", "O2", "SO3", "O3", "SU2")


def family(group) -> str:
    """``group.family`` for SO(2), O(2), SO(3), O(3), SU(2), ``"finite"`` for any finite group
    (the explicit tag of :class:`gaugemath.groups.Group`; nothing is guessed from shapes).

    ``group`` may be a name (:func:`gaugemath.groups.as_group`); ``ValueError`` for other groups."""
    group = as_group(group)
    if group.is_finite:
        return "finite"
    if group.family in _COMPACT:
        return group.family
    raise ValueError(f"group must be finite, SO(2), O(2), SO(3), O(3) or SU(2); got {group.name} "
                     f"(family {group.family!r})")


def _need(group, fam: str):
    group = as_group(group)
    got = family(group)
    if got != fam:
        raise ValueError(f"group must be {fam[:-1]}({fam[-1]}), got {group.name} ({got})")
    return group


def so2_irrep(group, k: int, basis: str = "complex") -> Representation:
    r"""SO(2) irrep: complex :math:`e^{ik\theta}` (any integer ``k``) or real :math:`r_{k\theta}`
    (``k >= 1``, 2×2) / trivial (``k = 0``)."""
    group = _need(group, "SO2")
    basis = check_choice(basis, "basis", ("complex", "real"))
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an integer, got {k!r}")
    k = int(k)
    meta = {"family": "SO2", "k": k, "basis": basis, "is_real": basis == "real"}
    if basis == "complex":
        return Representation(group, 1, lambda g: np.exp(1j * k * SO2.angle(g))[..., None, None], name=f"k{k}", **meta)
    if k < 0:
        raise ValueError(f"k must be >= 0 for basis='real' (rho_k and rho_-k are equivalent), got {k}")
    if k == 0:
        return Representation(group, 1, lambda g: np.ones(np.shape(g)[:-2] + (1, 1)), name="k0", **meta)
    return Representation(group, 2, lambda g: SO2.from_angle(k * SO2.angle(g)), name=f"k{k}", **meta)


def o2_irrep(group, k: int, sign: int = 1) -> Representation:
    r"""O(2) irrep: ``k = 0`` with ``sign=+1`` (trivial, ``"0+"``) or ``-1`` (:math:`\det`, ``"0-"``);
    ``k >= 1``: :math:`r_\theta\,\mathrm{diag}(1,-1)^f\mapsto r_{k\theta}\,\mathrm{diag}(1,-1)^f` (``"{k}"``)."""
    group = _need(group, "O2")
    k = as_degree(k, "k")
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, got {sign!r}")
    if k == 0:
        name = "0+" if sign == 1 else "0-"
        fn = (lambda g: np.ones(np.shape(g)[:-2] + (1, 1))) if sign == 1 else (lambda g: np.linalg.det(g)[..., None, None])
        return Representation(group, 1, fn, name=name, family="O2", k=0, sign=sign, is_real=True)

    def fn(g):
        g = np.asarray(g, dtype=float)
        det = np.linalg.det(g)
        m = SO2.from_angle(k * SO2.angle(g))
        m[..., :, 1] *= det[..., None]
        return m

    return Representation(group, 2, fn, name=f"{k}", family="O2", k=k, sign=0, is_real=True)


def so3_irrep(group, ell: int, basis: str = "real") -> Representation:
    r"""SO(3) irrep :math:`D^\ell` (:func:`gaugemath.wigner_D`, ``basis="real"`` or ``"complex"``)."""
    from ..wigner import wigner_D

    group = _need(group, "SO3")
    ell = as_degree(ell, "ell")
    basis = check_choice(basis, "basis", ("complex", "real"))
    return Representation(group, 2 * ell + 1, lambda g: wigner_D(ell, np.asarray(g, dtype=float), basis=basis),
                          name=f"l{ell}", family="SO3", ell=ell, basis=basis,
                          is_real=basis == "real")


def o3_irrep(group, ell: int, parity: int, basis: str = "real") -> Representation:
    r"""O(3) irrep :math:`D^\ell(\det(g)g)(\det g)^{(1-p)/2}`, parity ``p = ±1`` (``"{ell}e"``/``"{ell}o"``)."""
    from ..wigner import wigner_D

    group = _need(group, "O3")
    ell = as_degree(ell, "ell")
    basis = check_choice(basis, "basis", ("complex", "real"))
    if parity not in (1, -1):
        raise ValueError(f"parity must be +1 or -1, got {parity!r}")

    def fn(g):
        g = np.asarray(g, dtype=float)
        det = np.linalg.det(g)
        D = wigner_D(ell, g * det[..., None, None], basis=basis)
        return D * det[..., None, None] if parity == -1 else D

    return Representation(group, 2 * ell + 1, fn, name=f"{ell}{'e' if parity == 1 else 'o'}", family="O3", ell=ell,
                          parity=parity, basis=basis, is_real=basis == "real")


def su2_irrep(group, j) -> Representation:
    r"""SU(2) irrep :math:`D^j(q)`, ``j`` integer or half-integer, complex basis (``"j{j}"``)."""
    import quaternionic

    from ..wigner import wigner_D

    group = _need(group, "SU2")
    jj = as_spin(j, "j")
    jf = float(jj) if jj.denominator == 2 else int(jj)
    label = f"j{jj}"

    def fn(q):
        return wigner_D(jf, quaternionic.array(np.asarray(q, dtype=float)), basis="complex")

    return Representation(group, int(2 * jj + 1), fn, name=label, family="SU2", j=Fraction(jj), basis="complex",
                          is_real=False)


def compact_irrep(group, label: dict) -> Representation:
    """Irrep of a compact group from a label dict as stored in ``Representation.meta``."""
    group = as_group(group)
    fam = family(group)
    if fam == "SO2":
        return so2_irrep(group, label["k"], label.get("basis", "complex"))
    if fam == "O2":
        return o2_irrep(group, label["k"], label.get("sign", 1) or 1)
    if fam == "SO3":
        return so3_irrep(group, label["ell"], label.get("basis", "real"))
    if fam == "O3":
        return o3_irrep(group, label["ell"], label["parity"], label.get("basis", "real"))
    return su2_irrep(group, label["j"])

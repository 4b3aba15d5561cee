r"""Exact (SymPy) representations given by their generators.

A :class:`SymbolicRepresentation` stores, for one group, exact matrices that determine the
representation completely:

* **finite groups** (any label other than the five below, e.g. ``"C4"``, ``"D6"``, ``"S3"``):
  the matrices :math:`\rho(g_1),\dots,\rho(g_k)` of a fixed list of group generators;
* **SO(2)** (``"so2"``): the Lie-algebra generator :math:`X = d\rho(L)`,
  :math:`L=\begin{pmatrix}0&-1\\1&0\end{pmatrix}` (so :math:`\rho(r_\theta) = e^{\theta X}`);
* **O(2)** (``"o2"``): that :math:`X` plus :math:`\rho(F)`, :math:`F=\mathrm{diag}(1,-1)`
  (reflection across the x axis; :math:`O(2) = SO(2)\rtimes\{1,F\}`);
* **SO(3)** (``"so3"``) and **SU(2)** (``"su2"``): :math:`X_k = d\rho(L_k)`, ``k = x, y, z``,
  with :math:`(L_k)_{ij} = -\varepsilon_{kij}` (so :math:`e^{\theta L_k}` is the active rotation
  by :math:`\theta` about axis k, and for SU(2) the path :math:`q(\theta) = \cos\frac\theta2
  + \sin\frac\theta2\,e_k`);
* **O(3)** (``"o3"``): the three :math:`X_k` plus :math:`\rho(-1)` (the inversion;
  :math:`O(3) = SO(3)\times\{\pm1\}`).

Since SO(2), SO(3), SU(2) are connected, a linear map commutes with all of
:math:`\rho(G)` iff it commutes with the :math:`X_k`; O(2)/O(3) add the one reflection /
inversion; finite groups need only the generators.  That is what makes the checks in
:mod:`gaugemath.symbolic.verify` exact and finite.

Conventions (the same as the numeric core, ``docs/conventions.md``):

* SO(3) irreps: complex basis :math:`X_k = -iJ_k` with the Condon–Shortley ladder
  :math:`J_\pm|\ell m\rangle=\sqrt{\ell(\ell+1)-m(m\pm1)}\,|\ell,m\pm1\rangle`,
  :math:`J_x = (J_++J_-)/2`, :math:`J_y=(J_+-J_-)/(2i)`, :math:`(J_z)_{mm}=m`, rows/columns
  :math:`m=-\ell..\ell` (so :math:`e^{\theta X}` integrates to ``gaugemath.wigner_D``,
  :math:`D(\alpha,\beta,\gamma)=e^{-i\alpha J_z}e^{-i\beta J_y}e^{-i\gamma J_z}`; Sakurai
  Eq. 3.5.41/3.8.33); real basis :math:`X^{real}_k = Q_\ell\,\overline{X_k}\,Q_\ell^\dagger`
  with the exact :math:`Q_\ell` of :func:`gaugemath.complex_to_real` (``D^real = Q conj(D) Q†``).
  For ℓ = 1 the real basis is the axis order (y, z, x).
* O(3) irreps ``(ℓ, p)``: the SO(3) generators plus :math:`\rho(-1) = p\,I` (``"1o"`` = the
  vector = ``o3_irrep(1, -1)``).
* O(2) irreps: ``k = 0`` with ``sign = ±1`` (trivial / det) and ``k ≥ 1``:
  :math:`r_\theta F^f \mapsto r_{k\theta}F^f` (same as :mod:`gaugemath.reps.compact`).
* direct sum: block diagonal; tensor product: Kronecker order (row index ``i*d2 + k``),
  :math:`X_{A\otimes B} = X_A\otimes 1 + 1\otimes X_B`, :math:`\rho_{A\otimes B}(g) =
  \rho_A(g)\otimes\rho_B(g)`; dual (contragredient): :math:`X^* = -X^{\mathsf T}`,
  :math:`\rho^*(g) = \rho(g)^{-\mathsf T}`.

Reference: B. C. Hall, *Lie Groups, Lie Algebras, and Representations* (2015), Thm. 5.6
(a representation of a connected group is fixed by its Lie-algebra representation) and
Prop. 4.5; J. J. Sakurai, *Modern Quantum Mechanics*, §3.5.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
import sympy as sp

from .._validation import as_degree, as_spin, check_choice

__all__ = [
    "SymbolicRepresentation",
    "CONTINUOUS_GROUPS",
    "group_label",
    "so2_irrep",
    "o2_irrep",
    "so3_irrep",
    "su2_irrep",
    "o3_irrep",
    "cyclic_irrep",
    "dihedral_irrep",
    "finite_representation",
    "standard_representation",
    "trivial_representation",
    "direct_sum",
    "tensor_product",
    "dual",
    "change_basis",
    "regular_representation",
    "finite_group_elements",
    "induced_representation",
    "restrict",
    "character_inner_product",
    "weight_multiplicities",
    "from_numeric",
    "parse_representation",
    "complex_to_real_exact",
    "angular_momentum",
    "so3_generators_cartesian",
    "is_zero",
    "exact_nullspace",
    "exact_rank",
]

#: continuous groups → (number of Lie-algebra generators, names of the extra group elements)
CONTINUOUS_GROUPS = {
    "so2": (1, ()),
    "o2": (1, ("reflection F=diag(1,-1)",)),
    "so3": (3, ()),
    "su2": (3, ()),
    "o3": (3, ("inversion -1",)),
}
_LIE_NAMES = {1: ("L",), 3: ("L_x", "L_y", "L_z")}


# ----------------------------------------------------------------------------------------
# exact linear algebra


def is_zero(expr) -> bool | None:
    """Exact zero test of a SymPy expression: ``True``, ``False`` or ``None`` (undecided).

    Order of attempts: ``expand``; for a number without symbols its minimal polynomial
    (exact for algebraic numbers; ``x`` means zero) and a 50-digit evaluation for non-zero;
    with symbols a 30-digit evaluation at three random rational points (a value above 1e-20
    anywhere proves *non*-zero), then ``simplify``; if that does not reach 0, ``None``.
    """
    e = sp.expand(sp.sympify(expr))
    if e == 0:
        return True
    if not e.free_symbols and not e.atoms(sp.Function):
        try:
            val = complex(sp.N(e, 50))
        except (TypeError, ValueError):
            val = None
        if val is not None and abs(val) > 1e-30:
            return False
        try:
            x = sp.Dummy("x")
            return sp.minimal_polynomial(e, x) == x
        except (NotImplementedError, ValueError, sp.PolynomialError):
            s = sp.simplify(e)
            return True if s == 0 else None
    syms = sorted(e.free_symbols, key=str)
    rng = np.random.default_rng(7)
    for _ in range(3):
        point = {v: sp.Rational(int(rng.integers(3, 97)), int(rng.integers(101, 199))) for v in syms}
        try:
            val = complex(sp.N(e.subs(point), 30))
        except (TypeError, ValueError):
            continue
        if abs(val) > 1e-20:
            return False
    return True if sp.simplify(e) == 0 else None


def _domain_matrix(M: sp.Matrix):
    from sympy.polys.matrices import DomainMatrix

    rows, cols = M.shape
    try:
        return DomainMatrix.from_list_sympy(rows, cols, M.tolist(), extension=True).to_field()
    except Exception:  # pragma: no cover - exotic entries: fall back to the expression domain
        return DomainMatrix.from_list_sympy(rows, cols, M.tolist()).to_field()


def exact_rank(M: sp.Matrix) -> int:
    """Exact rank (SymPy ``DomainMatrix`` over the algebraic field of the entries)."""
    M = sp.Matrix(M)
    if 0 in M.shape:
        return 0
    return int(_domain_matrix(M).rank())


def exact_nullspace(M: sp.Matrix) -> list[sp.Matrix]:
    """Exact basis of ``{v : M v = 0}`` (column vectors), from the reduced row echelon form
    over the algebraic number field of the entries; each vector has a 1 at its free column."""
    M = sp.Matrix(M)
    n = M.shape[1]
    if M.shape[0] == 0:
        return [sp.Matrix.eye(n)[:, k] for k in range(n)]
    R, pivots = _domain_matrix(M).rref()
    R = R.to_Matrix()
    free = [c for c in range(n) if c not in pivots]
    basis = []
    for f in free:
        v = sp.zeros(n, 1)
        v[f] = 1
        for row, p in enumerate(pivots):
            v[p] = -R[row, f]
        basis.append(v)
    return basis


# ----------------------------------------------------------------------------------------
# the representation object


def group_label(label) -> str:
    """Normalised group label: ``"SO(3)"`` → ``"so3"``; finite labels keep their letters
    (``"D_4"`` → ``"D4"``).  ``TypeError`` for non-strings."""
    if not isinstance(label, str) or not label.strip():
        raise TypeError(f"group must be a non-empty string label, got {label!r}")
    text = label.strip().replace("(", "").replace(")", "").replace("_", "").replace(" ", "")
    if text.lower() in CONTINUOUS_GROUPS:
        return text.lower()
    return text.upper()


def _as_exact_matrix(M, dim, name):
    if isinstance(M, np.ndarray) and M.dtype.kind == "f":
        raise TypeError(f"{name} must be exact (SymPy matrix or integer/rational entries), got a float array")
    try:
        A = sp.ImmutableMatrix(sp.Matrix(M))
    except Exception as exc:
        raise TypeError(f"{name} must be a matrix, got {type(M).__name__}") from exc
    if A.shape != (dim, dim):
        raise ValueError(f"{name} must have shape {(dim, dim)}, got {A.shape}")
    if A.free_symbols:
        raise ValueError(f"{name} must be a constant matrix, it has symbols {sorted(map(str, A.free_symbols))}")
    if any(isinstance(v, sp.Float) for v in A.atoms(sp.Float)):
        raise TypeError(f"{name} has floating-point entries; use exact numbers (sympy.nsimplify or from_numeric)")
    return A


class SymbolicRepresentation:
    r"""An exact representation given by generator matrices (see the module docstring).

    Parameters
    ----------
    group : str
        ``"so2"``, ``"o2"``, ``"so3"``, ``"su2"``, ``"o3"`` or a finite-group label.
    dim : int
    lie_generators : sequence of matrices
        Continuous groups: :math:`X_k = d\rho(L_k)` (1 for SO(2)/O(2), 3 for SO(3)/SU(2)/O(3)).
    group_generators : sequence of matrices
        Finite groups: :math:`\rho(g_i)` for the group's generators (in a fixed order shared
        by every representation of that group); O(2): ``[rho(F)]``; O(3): ``[rho(-1)]``.
    name : str
    generator_names : sequence of str, optional (finite groups)
    """

    def __init__(self, group, dim, lie_generators=(), group_generators=(), *, name="rho", generator_names=None):
        self.group = group_label(group)
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 1:
            raise ValueError(f"dim must be a positive integer, got {dim!r}")
        self.dim = int(dim)
        lie = tuple(_as_exact_matrix(M, self.dim, f"lie_generators[{i}]") for i, M in enumerate(lie_generators))
        grp = tuple(_as_exact_matrix(M, self.dim, f"group_generators[{i}]") for i, M in enumerate(group_generators))
        if self.group in CONTINUOUS_GROUPS:
            n_lie, extra = CONTINUOUS_GROUPS[self.group]
            if len(lie) != n_lie or len(grp) != len(extra):
                raise ValueError(
                    f"{self.group} needs {n_lie} Lie-algebra generator(s) and {len(extra)} group element(s) "
                    f"{list(extra)}, got {len(lie)} and {len(grp)}"
                )
            names = _LIE_NAMES[n_lie] + extra
        else:
            if lie:
                raise ValueError(f"finite group {self.group} takes group_generators only, got lie_generators")
            if not grp:
                raise ValueError(f"finite group {self.group} needs at least one generator matrix")
            names = tuple(generator_names) if generator_names is not None else tuple(f"g{i + 1}" for i in range(len(grp)))
            if len(names) != len(grp):
                raise ValueError(f"generator_names has {len(names)} names for {len(grp)} generators")
            for i, M in enumerate(grp):
                if M.det() == 0:
                    raise ValueError(f"group_generators[{i}] is singular, not a group element's matrix")
        self.lie_generators = lie
        self.group_generators = grp
        self.generator_names = names
        self.name = str(name)

    @property
    def is_finite(self) -> bool:
        return self.group not in CONTINUOUS_GROUPS

    @property
    def generators(self) -> list[tuple[str, str, sp.ImmutableMatrix]]:
        """``[(name, kind, matrix)]`` with kind ``"lie"`` (algebra) or ``"group"`` (element)."""
        out = [(n, "lie", M) for n, M in zip(self.generator_names, self.lie_generators)]
        names = self.generator_names[len(self.lie_generators) :]
        out += [(n, "group", M) for n, M in zip(names, self.group_generators)]
        return out

    @property
    def is_real(self) -> bool:
        """True if every generator matrix is real."""
        return all(all(v.is_real for v in M) for _, _, M in self.generators)

    def __repr__(self) -> str:
        return f"SymbolicRepresentation({self.group!r}, dim={self.dim}, name={self.name!r})"


def _check_rep(rep, name="rep"):
    if not isinstance(rep, SymbolicRepresentation):
        raise TypeError(f"{name} must be a SymbolicRepresentation, got {type(rep).__name__}")
    return rep


def check_same_group(a, b, names=("rho_in", "rho_out")) -> None:
    """``ValueError`` unless ``a`` and ``b`` represent the same group with matching generators."""
    _check_rep(a, names[0])
    _check_rep(b, names[1])
    if a.group != b.group:
        raise ValueError(f"{names[0]} is a representation of {a.group}, {names[1]} of {b.group}: not the same group")
    if len(a.group_generators) != len(b.group_generators) or len(a.lie_generators) != len(b.lie_generators):
        raise ValueError(
            f"{names[0]} and {names[1]} list different numbers of generators of {a.group} "
            f"({len(a.group_generators)} vs {len(b.group_generators)})"
        )


# ----------------------------------------------------------------------------------------
# constructors: compact groups


def _rat(x: Fraction) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


@functools.lru_cache(maxsize=None)
def angular_momentum(j) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix, sp.ImmutableMatrix]:
    r"""Exact :math:`(J_x, J_y, J_z)` for spin ``j`` (Condon–Shortley, rows/cols m = -j..j).

    :math:`(J_+)_{m+1,m} = \sqrt{j(j+1)-m(m+1)}`, :math:`J_- = J_+^\dagger`,
    :math:`J_x=(J_++J_-)/2`, :math:`J_y = (J_+-J_-)/(2i)`, :math:`J_z=\mathrm{diag}(m)`
    (Sakurai Eq. 3.5.41).  Satisfies :math:`[J_x,J_y]=iJ_z` (cyclic)."""
    jj = _rat(as_spin(j, "j"))
    d = int(2 * jj) + 1
    ms = [-jj + k for k in range(d)]
    Jp = sp.zeros(d, d)
    for b in range(d - 1):
        m = ms[b]
        Jp[b + 1, b] = sp.sqrt(jj * (jj + 1) - m * (m + 1))
    Jm = Jp.T
    Jx = (Jp + Jm) / 2
    Jy = (Jp - Jm) / (2 * sp.I)
    Jz = sp.diag(*ms)
    return sp.ImmutableMatrix(Jx), sp.ImmutableMatrix(Jy.applyfunc(sp.expand)), sp.ImmutableMatrix(Jz)


@functools.lru_cache(maxsize=None)
def complex_to_real_exact(ell) -> sp.ImmutableMatrix:
    r"""Exact unitary :math:`Q_\ell` with :math:`S_\ell = Q_\ell Y_\ell` (GM-BASIS-REAL; equals
    :func:`gaugemath.complex_to_real` — pinned by ``tests/symbolic``)."""
    ell = as_degree(ell, "ell")
    s = 1 / sp.sqrt(2)
    Q = sp.zeros(2 * ell + 1, 2 * ell + 1)
    Q[ell, ell] = 1
    for mu in range(1, ell + 1):
        sign = (-1) ** mu
        Q[ell + mu, ell + mu] = sign * s
        Q[ell + mu, ell - mu] = s
        Q[ell - mu, ell - mu] = sp.I * s
        Q[ell - mu, ell + mu] = -sp.I * sign * s
    return sp.ImmutableMatrix(Q)


def so3_generators_cartesian() -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix, sp.ImmutableMatrix]:
    r""":math:`(L_x, L_y, L_z)`, :math:`(L_k)_{ij} = -\varepsilon_{kij}`: ``L_z = [[0,-1,0],[1,0,0],[0,0,0]]``."""
    Ls = []
    for k in range(3):
        L = sp.zeros(3, 3)
        for i in range(3):
            for j in range(3):
                L[i, j] = -sp.LeviCivita(k, i, j)
        Ls.append(sp.ImmutableMatrix(L))
    return tuple(Ls)


def so2_irrep(k, basis: str = "complex") -> SymbolicRepresentation:
    r"""SO(2) irrep: complex :math:`X = (ik)` (:math:`e^{ik\theta}`, any integer k), or real
    ``k >= 1``: :math:`X = \begin{pmatrix}0&-k\\k&0\end{pmatrix}` (:math:`r_{k\theta}`),
    ``k = 0``: trivial."""
    basis = check_choice(basis, "basis", ("complex", "real"))
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an integer, got {k!r}")
    k = int(k)
    if basis == "complex":
        return SymbolicRepresentation("so2", 1, [sp.Matrix([[sp.I * k]])], name=f"so2:{k}")
    if k < 0:
        raise ValueError(f"k must be >= 0 for basis='real', got {k}")
    if k == 0:
        return SymbolicRepresentation("so2", 1, [sp.zeros(1, 1)], name="so2:0")
    return SymbolicRepresentation("so2", 2, [sp.Matrix([[0, -k], [k, 0]])], name=f"so2:{k}")


def o2_irrep(k, sign: int = 1) -> SymbolicRepresentation:
    r"""O(2) irrep: ``k = 0``: trivial (``sign=+1``) or :math:`\det` (``sign=-1``);
    ``k >= 1``: :math:`X=\begin{pmatrix}0&-k\\k&0\end{pmatrix}`, :math:`\rho(F) = \mathrm{diag}(1,-1)`."""
    k = as_degree(k, "k")
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, got {sign!r}")
    if k == 0:
        return SymbolicRepresentation("o2", 1, [sp.zeros(1, 1)], [sp.Matrix([[sign]])], name=f"o2:0{'+' if sign > 0 else '-'}")
    return SymbolicRepresentation("o2", 2, [sp.Matrix([[0, -k], [k, 0]])], [sp.diag(1, -1)], name=f"o2:{k}")


@functools.lru_cache(maxsize=None)
def _so3_generators(ell: int, basis: str):
    Jx, Jy, Jz = angular_momentum(ell)
    Xs = [(-sp.I * J).applyfunc(sp.expand) for J in (Jx, Jy, Jz)]
    if basis == "real":
        Q = sp.Matrix(complex_to_real_exact(ell))
        Xs = [(Q * X.conjugate() * Q.H).applyfunc(sp.expand) for X in Xs]
    return tuple(sp.ImmutableMatrix(X) for X in Xs)


def so3_irrep(l, basis: str = "real") -> SymbolicRepresentation:
    r"""SO(3) irrep :math:`D^\ell`: :math:`X_k=-iJ_k` (complex) or :math:`Q\overline{X_k}Q^\dagger`
    (real; :math:`D^{real}=Q\overline D Q^\dagger`, ℓ=1 in axis order (y, z, x))."""
    ell = as_degree(l, "l")
    basis = check_choice(basis, "basis", ("complex", "real"))
    return SymbolicRepresentation("so3", 2 * ell + 1, _so3_generators(ell, basis), name=f"so3:{ell}")


def su2_irrep(j) -> SymbolicRepresentation:
    r"""SU(2) irrep :math:`D^j` (complex basis, ``j`` integer or half-integer): :math:`X_k=-iJ_k`."""
    jj = as_spin(j, "j")
    Jx, Jy, Jz = angular_momentum(jj)
    Xs = [(-sp.I * J).applyfunc(sp.expand) for J in (Jx, Jy, Jz)]
    return SymbolicRepresentation("su2", int(2 * jj) + 1, Xs, name=f"su2:{jj}")


def o3_irrep(l, parity: int, basis: str = "real") -> SymbolicRepresentation:
    r"""O(3) irrep ``(ℓ, p)``: the SO(3) generators and :math:`\rho(-1) = p\,I` (``"1o"`` = vector)."""
    ell = as_degree(l, "l")
    if parity not in (1, -1):
        raise ValueError(f"parity must be +1 or -1, got {parity!r}")
    basis = check_choice(basis, "basis", ("complex", "real"))
    return SymbolicRepresentation(
        "o3", 2 * ell + 1, _so3_generators(ell, basis), [parity * sp.eye(2 * ell + 1)],
        name=f"o3:{ell}{'e' if parity > 0 else 'o'}",
    )


def trivial_representation(group, dim: int = 1, n_generators: int = 1) -> SymbolicRepresentation:
    """The trivial representation (zero algebra generators, identity group generators)."""
    g = group_label(group)
    if g in CONTINUOUS_GROUPS:
        n_lie, extra = CONTINUOUS_GROUPS[g]
        return SymbolicRepresentation(g, dim, [sp.zeros(dim, dim)] * n_lie, [sp.eye(dim)] * len(extra), name=f"{g}:trivial")
    return SymbolicRepresentation(g, dim, (), [sp.eye(dim)] * n_generators, name=f"{g}:trivial")


# ----------------------------------------------------------------------------------------
# finite groups


def _root_of_unity(k, N):
    a = 2 * sp.pi * sp.Rational(k, N)
    return sp.cos(a) + sp.I * sp.sin(a)


def _rotation2(k, N):
    a = 2 * sp.pi * sp.Rational(k, N)
    return sp.Matrix([[sp.cos(a), -sp.sin(a)], [sp.sin(a), sp.cos(a)]])


def _check_N(N):
    if isinstance(N, bool) or not isinstance(N, (int, np.integer)) or N < 1:
        raise ValueError(f"N must be a positive integer, got {N!r}")
    return int(N)


def cyclic_irrep(N, k, basis: str = "complex") -> SymbolicRepresentation:
    r"""Irrep of :math:`C_N = \langle r\rangle` (label ``"C{N}"``, one generator r = rotation by
    2π/N): complex :math:`r\mapsto e^{2\pi ik/N}`; real (k ≠ 0, 2k ≠ N): :math:`r\mapsto r_{2\pi k/N}`."""
    N = _check_N(N)
    basis = check_choice(basis, "basis", ("complex", "real"))
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an integer, got {k!r}")
    k = int(k) % N
    if basis == "complex" or k == 0 or 2 * k == N:
        return finite_representation(f"C{N}", [sp.Matrix([[_root_of_unity(k, N)]])], names=["r"], name=f"C{N}:{k}")
    return finite_representation(f"C{N}", [_rotation2(k, N)], names=["r"], name=f"C{N}:{k}")


def dihedral_irrep(N, k, signs=(1, 1)) -> SymbolicRepresentation:
    r"""Real irrep of :math:`D_N = \langle r, s\rangle` (label ``"D{N}"``; r = rotation by 2π/N,
    s = reflection diag(1,-1) across the x axis).

    ``k = 0``: one-dimensional, :math:`r\mapsto` ``signs[0]``, :math:`s\mapsto` ``signs[1]``
    (``signs[0] = -1`` needs N even); ``1 <= k < N/2``: :math:`r\mapsto r_{2\pi k/N}`,
    :math:`s\mapsto\mathrm{diag}(1,-1)`."""
    N = _check_N(N)
    k = as_degree(k, "k")
    if k == 0:
        a, b = signs
        if a not in (1, -1) or b not in (1, -1):
            raise ValueError(f"signs must be a pair of +1/-1, got {signs!r}")
        if a == -1 and N % 2:
            raise ValueError(f"signs[0] = -1 (r -> -1) needs N even, got N={N}")
        return finite_representation(f"D{N}", [sp.Matrix([[a]]), sp.Matrix([[b]])], names=["r", "s"], name=f"D{N}:0{a:+d}{b:+d}")
    if not 2 * k < N:
        raise ValueError(f"k must satisfy 1 <= k < N/2 for a 2-dim irrep of D{N}, got {k}")
    return finite_representation(f"D{N}", [_rotation2(k, N), sp.diag(1, -1)], names=["r", "s"], name=f"D{N}:{k}")


def finite_representation(group, generators, *, names=None, name="rho") -> SymbolicRepresentation:
    """A representation of the finite group labelled ``group`` by the exact matrices of its
    generators, in the group's fixed generator order (the caller's responsibility: every
    representation of that label must list the images of the same abstract generators)."""
    g = group_label(group)
    if g in CONTINUOUS_GROUPS:
        raise ValueError(f"group {group!r} is continuous; use so2_irrep/so3_irrep/... or SymbolicRepresentation")
    gens = [sp.Matrix(M) for M in generators]
    if not gens:
        raise ValueError("generators must be a non-empty list of square matrices")
    dim = gens[0].shape[0]
    return SymbolicRepresentation(g, dim, (), gens, name=name, generator_names=names)


def standard_representation(group, N: int | None = None) -> SymbolicRepresentation:
    r"""The defining action on :math:`\mathbb R^d` in Cartesian order: SO(2)/O(2) on (x, y),
    SO(3)/O(3) on (x, y, z) (:math:`X_k = L_k`, inversion :math:`-1`), and ``"C{N}"``/``"D{N}"``
    by rotation by 2π/N (and s = diag(1, -1))."""
    g = group_label(group)
    if g in ("so2", "o2"):
        L = sp.Matrix([[0, -1], [1, 0]])
        return SymbolicRepresentation(g, 2, [L], [sp.diag(1, -1)] if g == "o2" else [], name=f"{g}:standard")
    if g in ("so3", "o3"):
        return SymbolicRepresentation(g, 3, so3_generators_cartesian(), [-sp.eye(3)] if g == "o3" else [], name=f"{g}:standard")
    if g == "su2":
        raise ValueError("su2 has no standard action on coordinates here; use so3")
    if g[0] in "CD" and g[1:].isdigit():
        N = int(g[1:])
        gens = [_rotation2(1, N)] + ([sp.diag(1, -1)] if g[0] == "D" else [])
        return finite_representation(g, gens, names=["r", "s"][: len(gens)], name=f"{g}:standard")
    raise ValueError(f"no standard representation for group {group!r}; give the action as a SymbolicRepresentation")


def finite_group_elements(*reps, max_order: int = 5000) -> list[tuple[sp.Matrix, ...]]:
    r"""All elements of the image of a finite group in :math:`\rho_1\oplus\dots\oplus\rho_n`,
    as tuples of exact matrices (identity first), by breadth-first closure under the generators.

    Elements are identified by their numerical values (rounded to 1e-9); the matrices kept are
    the exact products.  ``ValueError`` beyond ``max_order`` elements."""
    if not reps:
        raise ValueError("give at least one representation")
    for i, r in enumerate(reps):
        _check_rep(r, f"reps[{i}]")
        if not r.is_finite:
            raise ValueError(f"reps[{i}] is a representation of the continuous group {r.group}")
    for r in reps[1:]:
        check_same_group(reps[0], r, ("reps[0]", "reps[i]"))
    gens = [tuple(sp.Matrix(r.group_generators[i]) for r in reps) for i in range(len(reps[0].group_generators))]

    def key(tup):
        vals = np.concatenate([np.array(M.evalf(15).tolist(), dtype=complex).ravel() for M in tup])
        return tuple(np.round(vals.real, 9) + 0.0) + tuple(np.round(vals.imag, 9) + 0.0)

    ident = tuple(sp.eye(r.dim) for r in reps)
    seen = {key(ident): ident}
    order = [ident]
    frontier = [ident]
    while frontier:
        nxt = []
        for el in frontier:
            for g in gens:
                prod = tuple((a * b).applyfunc(sp.expand) for a, b in zip(g, el))
                k = key(prod)
                if k not in seen:
                    seen[k] = prod
                    order.append(prod)
                    nxt.append(prod)
                    if len(order) > max_order:
                        raise ValueError(f"the group generated has more than max_order={max_order} elements")
        frontier = nxt
    return order


def regular_representation(rep: SymbolicRepresentation) -> SymbolicRepresentation:
    """The left-regular representation of the finite group whose faithful representation is
    ``rep``: permutation matrices :math:`\\lambda(g)e_h = e_{gh}` on the elements of
    :func:`finite_group_elements` (``rep`` must be faithful for this to be the group's)."""
    _check_rep(rep)
    elems = [e[0] for e in finite_group_elements(rep)]
    keys = [tuple(np.round(np.array(M.evalf(15).tolist(), dtype=complex).ravel(), 9)) for M in elems]
    index = {k: i for i, k in enumerate(keys)}
    n = len(elems)
    mats = []
    for g in rep.group_generators:
        P = sp.zeros(n, n)
        for h, M in enumerate(elems):
            k = tuple(np.round(np.array((g * M).evalf(15).tolist(), dtype=complex).ravel(), 9))
            P[index[k], h] = 1
        mats.append(P)
    return SymbolicRepresentation(rep.group, n, (), mats, name=f"{rep.group}:regular", generator_names=rep.generator_names)


def _lookup(elems, key_of, M):
    k = key_of(M)
    for i, E in enumerate(elems):
        if key_of(E) == k:
            return i
    return None


def _num_key(M):
    return tuple(np.round(np.array(sp.Matrix(M).evalf(15).tolist(), dtype=complex).ravel(), 9))


def induced_representation(sigma: SymbolicRepresentation, faithful: SymbolicRepresentation, subgroup_generators,
                           ) -> SymbolicRepresentation:
    r"""Induced representation :math:`\mathrm{Ind}_H^G\sigma` (Serre §3.3; Frobenius).

    ``faithful`` is a faithful representation of the finite group G (used to enumerate G);
    ``subgroup_generators`` lists the generators of :math:`H\le G` as matrices of ``faithful``;
    ``sigma`` represents H with its generators in that order.  With left-coset
    representatives :math:`t_1 = e, t_2,\dots,t_n` (first found in :func:`finite_group_elements`
    order) :math:`\mathrm{Ind}(g)_{ij} = \sigma(t_i^{-1} g t_j)` when that lies in H, else 0
    (blocks of size dim σ).  Returns the generators of G in ``faithful``'s order."""
    _check_rep(sigma, "sigma")
    _check_rep(faithful, "faithful")
    if len(subgroup_generators) != len(sigma.group_generators):
        raise ValueError(f"subgroup_generators has {len(subgroup_generators)} matrices, sigma has {len(sigma.group_generators)} generators")
    # enumerate H as pairs (faithful(h), sigma(h))
    hf = finite_representation("H", [sp.Matrix(M) for M in subgroup_generators], name="H")
    hs = SymbolicRepresentation("H", sigma.dim, (), sigma.group_generators)
    H = finite_group_elements(hf, hs)
    h_index = {_num_key(a): b for a, b in H}
    G = [e[0] for e in finite_group_elements(faithful)]
    if len(G) % len(H):
        raise ValueError("subgroup_generators do not generate a subgroup of the group of faithful")
    reps = []
    covered = set()
    for g in G:
        if _num_key(g) in covered:
            continue
        reps.append(g)
        for h, _ in H:
            covered.add(_num_key((g * h).applyfunc(sp.expand)))
    n, d = len(reps), sigma.dim
    inv = [t.inv() for t in reps]
    mats = []
    for g in faithful.group_generators:
        M = sp.zeros(n * d, n * d)
        for i in range(n):
            for j in range(n):
                k = _num_key((inv[i] * g * reps[j]).applyfunc(sp.expand))
                if k in h_index:
                    M[i * d : (i + 1) * d, j * d : (j + 1) * d] = h_index[k]
        mats.append(M)
    return SymbolicRepresentation(faithful.group, n * d, (), mats, name=f"Ind({sigma.name})",
                                  generator_names=faithful.generator_names)


def restrict(rho: SymbolicRepresentation, faithful: SymbolicRepresentation, subgroup_generators) -> SymbolicRepresentation:
    """Restriction of ``rho`` (a representation of finite G) to the subgroup generated by
    ``subgroup_generators`` (matrices of the faithful representation ``faithful`` of G);
    the result is labelled ``"H"`` with those generators, in that order."""
    check_same_group(faithful, rho, ("faithful", "rho"))
    table = {_num_key(a): b for a, b in finite_group_elements(faithful, rho)}
    mats = []
    for i, M in enumerate(subgroup_generators):
        k = _num_key(M)
        if k not in table:
            raise ValueError(f"subgroup_generators[{i}] is not an element of the group of faithful")
        mats.append(table[k])
    return SymbolicRepresentation("H", rho.dim, (), mats, name=f"Res({rho.name})")


# ----------------------------------------------------------------------------------------
# operations


def _block_diag(mats):
    return sp.diag(*[sp.Matrix(M) for M in mats])


def direct_sum(*reps: SymbolicRepresentation) -> SymbolicRepresentation:
    """Block-diagonal direct sum, blocks in the order given."""
    if not reps:
        raise ValueError("direct_sum needs at least one representation")
    for r in reps[1:]:
        check_same_group(reps[0], r, ("reps[0]", "reps[i]"))
    first = reps[0]
    lie = [_block_diag([r.lie_generators[k] for r in reps]) for k in range(len(first.lie_generators))]
    grp = [_block_diag([r.group_generators[k] for r in reps]) for k in range(len(first.group_generators))]
    return SymbolicRepresentation(first.group, sum(r.dim for r in reps), lie, grp,
                                  name="+".join(r.name for r in reps),
                                  generator_names=first.generator_names if first.is_finite else None)


def tensor_product(a: SymbolicRepresentation, b: SymbolicRepresentation) -> SymbolicRepresentation:
    r"""Kronecker product: :math:`X_a\otimes1+1\otimes X_b` and :math:`\rho_a(g)\otimes\rho_b(g)`."""
    check_same_group(a, b, ("a", "b"))
    Ia, Ib = sp.eye(a.dim), sp.eye(b.dim)
    lie = [sp.kronecker_product(sp.Matrix(X), Ib) + sp.kronecker_product(Ia, sp.Matrix(Y))
           for X, Y in zip(a.lie_generators, b.lie_generators)]
    grp = [sp.kronecker_product(sp.Matrix(X), sp.Matrix(Y)).applyfunc(sp.expand) for X, Y in zip(a.group_generators, b.group_generators)]
    return SymbolicRepresentation(a.group, a.dim * b.dim, lie, grp, name=f"({a.name})x({b.name})",
                                  generator_names=a.generator_names if a.is_finite else None)


def dual(rep: SymbolicRepresentation) -> SymbolicRepresentation:
    r"""Contragredient: :math:`X^* = -X^{\mathsf T}`, :math:`\rho^*(g) = (\rho(g)^{-1})^{\mathsf T}`."""
    _check_rep(rep)
    lie = [-sp.Matrix(X).T for X in rep.lie_generators]
    grp = [sp.Matrix(M).inv().T.applyfunc(sp.expand) for M in rep.group_generators]
    return SymbolicRepresentation(rep.group, rep.dim, lie, grp, name=f"({rep.name})*",
                                  generator_names=rep.generator_names if rep.is_finite else None)


def change_basis(rep: SymbolicRepresentation, Q) -> SymbolicRepresentation:
    r""":math:`g\mapsto Q\rho(g)Q^{-1}` (generators :math:`QXQ^{-1}`); ``Q`` exact and invertible."""
    _check_rep(rep)
    Q = _as_exact_matrix(Q, rep.dim, "Q")
    if Q.det() == 0:
        raise ValueError("Q must be invertible")
    Qi = Q.inv()
    lie = [(Q * X * Qi).applyfunc(sp.expand) for X in rep.lie_generators]
    grp = [(Q * M * Qi).applyfunc(sp.expand) for M in rep.group_generators]
    return SymbolicRepresentation(rep.group, rep.dim, lie, grp, name=f"Q({rep.name})",
                                  generator_names=rep.generator_names if rep.is_finite else None)


# ----------------------------------------------------------------------------------------
# characters


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
    _check_rep(rep)
    if rep.is_finite:
        raise ValueError(f"weights are for continuous groups; {rep.group} is finite")
    Xt = sp.Matrix(rep.lie_generators[-1])
    step = Fraction(1, 2) if rep.group == "su2" else Fraction(1)
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

    * finite: the mean of :math:`\overline{\chi_1(g)}\chi_2(g)` over the image of G in
      :math:`\rho_1\oplus\rho_2` (enumerated exactly; characters factor through it);
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
    g = rho1.group
    if rho1.is_finite:
        elems = finite_group_elements(rho1, rho2)
        total = sum(sp.conjugate(a.trace()) * b.trace() for a, b in elems)
        val = sp.expand(total / len(elems))
        n = int(round(complex(sp.N(val, 30)).real))
        if is_zero(val - n) is not True:
            raise ValueError(f"character inner product {val} is not an integer")
        return n
    n1, n2 = weight_multiplicities(rho1), weight_multiplicities(rho2)
    if g == "so2":
        val = sum(a * n2.get(w, 0) for w, a in n1.items())
    elif g == "o2":
        tr1 = sp.Matrix(rho1.group_generators[0]).trace()
        tr2 = sp.Matrix(rho2.group_generators[0]).trace()
        val = Fraction(sum(a * n2.get(w, 0) for w, a in n1.items()), 2) + Fraction(int(tr1 * tr2), 2)
    elif g in ("so3", "su2"):
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


# ----------------------------------------------------------------------------------------
# from numeric representations, and from text labels


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


def _exact_from_numbers(M, tol, what):
    M = np.asarray(M, dtype=complex)
    E = sp.Matrix(M.shape[0], M.shape[1], lambda i, j: _recognise(complex(M[i, j]), tol))
    err = np.max(np.abs(np.array(E.evalf(20).tolist(), dtype=complex) - M)) if M.size else 0.0
    if err > tol:
        raise ValueError(f"could not recognise {what} exactly within tol={tol} (error {err:.2e})")
    return E


def _family(group) -> str:
    if getattr(group, "is_finite", False):
        return "finite"
    shape = tuple(getattr(group, "element_shape", ()))
    if shape == (4,):
        return "su2"
    if shape in ((2, 2), (3, 3)):
        if shape[0] == 2:
            return "o2" if bool(np.all(group.contains(np.diag([1.0, -1.0])))) else "so2"
        return "o3" if bool(np.all(group.contains(-np.eye(3)))) else "so3"
    raise ValueError(f"rep.group must be finite, SO(2), O(2), SO(3), O(3) or SU(2); got {getattr(group, 'name', group)!r}")


def _one_parameter(fam, k, t):
    if fam in ("so2", "o2"):
        return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    if fam == "su2":
        q = np.zeros(4)
        q[0], q[1 + k] = np.cos(t / 2), np.sin(t / 2)
        return q
    from scipy.linalg import expm

    return expm(t * np.array(so3_generators_cartesian()[k], dtype=float))


def from_numeric(rep, *, tol: float = 1e-9, step: float = 1e-3, group=None, name=None) -> SymbolicRepresentation:
    r"""Exact :class:`SymbolicRepresentation` from a numeric one (duck-typed: ``rep.group``,
    ``rep.dim``, ``rep(g)`` or ``rep.matrices(g)`` on arrays of group elements).

    * finite group: :math:`\rho(g_i)` at ``rep.group.generators()``;
    * continuous: :math:`X_k \approx` the 4-point central difference of
      :math:`\rho(e^{tL_k})` with step ``step`` (error ~ step⁴ ≈ 1e-12), plus
      :math:`\rho(F)` / :math:`\rho(-1)` for O(2)/O(3).

    Every number is turned into an exact one by ``sympy.nsimplify`` (rationals and square
    roots of rationals) and accepted only if within ``tol`` (documented tolerance: 1e-9) of
    the numeric value; then for SO(3)/SU(2)/O(3) the exact commutation relations
    :math:`[X_x, X_y] = X_z` (cyclic) must hold exactly — else ``ValueError``.
    ``group``: the exact group label to attach (default: inferred, finite groups get
    ``rep.group.name``)."""
    if not hasattr(rep, "group") or not hasattr(rep, "dim"):
        raise TypeError(f"rep must have .group and .dim (a numeric representation), got {type(rep).__name__}")
    ev = rep.matrices if hasattr(rep, "matrices") else rep
    G = rep.group
    fam = _family(G)
    label = group or (getattr(G, "name", "G") if fam == "finite" else fam)
    if fam == "finite":
        gens = np.asarray(G.generators())
        mats = [_exact_from_numbers(ev(g), tol, f"rho(generator {i})") for i, g in enumerate(gens)]
        return finite_representation(label, mats, name=name or getattr(rep, "name", "rho"))
    n_lie = CONTINUOUS_GROUPS[fam][0]
    lie = []
    for k in range(n_lie):
        h = step
        vals = [np.asarray(ev(_one_parameter(fam, k, s * h)), dtype=complex) for s in (-2, -1, 1, 2)]
        X = (vals[0] - 8 * vals[1] + 8 * vals[2] - vals[3]) / (12 * h)
        lie.append(_exact_from_numbers(X, max(tol, 1e3 * step ** 4), f"generator X_{k}"))
    grp = []
    if fam == "o2":
        grp.append(_exact_from_numbers(ev(np.diag([1.0, -1.0])), tol, "rho(F)"))
    if fam == "o3":
        grp.append(_exact_from_numbers(ev(-np.eye(3)), tol, "rho(-1)"))
    out = SymbolicRepresentation(fam, int(rep.dim), lie, grp, name=name or getattr(rep, "name", "rho"))
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
    grp = group_label(grp)
    try:
        if grp == "so2":
            return so2_irrep(int(arg), basis)
        if grp == "o2":
            if arg in ("0+", "0-"):
                return o2_irrep(0, 1 if arg == "0+" else -1)
            return o2_irrep(int(arg))
        if grp == "so3":
            return so3_irrep(int(arg), basis)
        if grp == "su2":
            return su2_irrep(Fraction(arg))
        if grp == "o3":
            if arg[-1] not in "eo":
                raise ValueError
            return o3_irrep(int(arg[:-1]), 1 if arg[-1] == "e" else -1, basis)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"bad representation label {label!r}: {exc}") from None
    raise ValueError(f"unknown group in representation label {label!r}; allowed so2, o2, so3, su2, o3")

r"""Exact verification of equivariance: intertwiners, Hom-spaces, kernel constraints.

Everything here is exact SymPy arithmetic on the generators of a
:class:`~gaugemath.symbolic.representation.SymbolicRepresentation`:

* :func:`verify_intertwiner` — :math:`W\rho_{in}(g) = \rho_{out}(g)W` for all g, checked as
  :math:`WX^{in}_k - X^{out}_kW = 0` on the Lie-algebra generators (SO(2), SO(3), SU(2):
  connected, so this is equivalent — Hall 2015, Thm. 5.6 / Cor. 3.47) and
  :math:`W\rho_{in}(s) - \rho_{out}(s)W = 0` on the group generators (finite groups; the
  reflection of O(2), the inversion of O(3)).  Returns a :class:`Certificate`: which
  generator fails and the exact residual matrix.
* :func:`solve_intertwiners` — an exact basis of :math:`\mathrm{Hom}_G(\rho_{in},\rho_{out})`
  (the common null space of those linear conditions, over the algebraic number field of the
  entries); its size equals :func:`~gaugemath.symbolic.characters.character_inner_product`
  (Schur; Serre 1977 §2.3 Thm. 4/§2.6), which the tests check.
* :func:`verify_kernel_constraint` — a symbolic kernel :math:`\kappa(x)` (matrix of
  expressions in coordinates) satisfies :math:`\kappa(hx) = \rho_{out}(h)\kappa(x)\rho_{in}(h)^{-1}`
  (Weiler & Cesa 2019, Eq. 2; Lang & Weiler 2021, Eq. 1): for each Lie generator A of the
  action on coordinates, the Lie-derivative form
  :math:`(\mathcal L_A\kappa)(x) := \tfrac{d}{dt}\kappa(e^{tA}x)|_0 = X^{out}\kappa(x) - \kappa(x)X^{in}`
  (equivalent on connected groups: :math:`t\mapsto\rho_{out}(e^{-tA})\kappa(e^{tA}x)\rho_{in}(e^{tA})`
  has zero derivative), and for each group generator h the substituted identity.

Shapes: ``W`` and ``kappa`` are ``(dim rho_out, dim rho_in)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from .characters import character_inner_product
from .exact_linalg import exact_nullspace, is_zero
from .irreps import standard_representation
from .representation import SymbolicRepresentation, check_same_group

__all__ = [
    "GeneratorCheck",
    "Certificate",
    "verify_intertwiner",
    "solve_intertwiners",
    "intertwiner_dimension",
    "verify_kernel_constraint",
    "lie_derivative",
    "ProofResult",
]


@dataclass
class GeneratorCheck:
    """One generator's check: ``holds`` is True, False, or None (undecided by SymPy)."""

    name: str
    kind: str  # "lie" or "group"
    holds: bool | None
    residual: sp.Matrix

    def __str__(self) -> str:
        tag = {True: "holds", False: "FAILS", None: "undecided"}[self.holds]
        return f"{self.kind:5s} {self.name:24s} {tag}"


@dataclass
class Certificate:
    """Result of an exact check: ``holds`` and the per-generator residuals.

    ``bool(cert)`` is True only if every generator check holds exactly.  ``failing`` is the
    first failing (or undecided) :class:`GeneratorCheck`, ``residual`` its exact matrix."""

    statement: str
    checks: list = field(default_factory=list)

    @property
    def holds(self) -> bool | None:
        states = [c.holds for c in self.checks]
        if all(s is True for s in states):
            return True
        if any(s is False for s in states):
            return False
        return None

    @property
    def failing(self) -> GeneratorCheck | None:
        for c in self.checks:
            if c.holds is False:
                return c
        for c in self.checks:
            if c.holds is None:
                return c
        return None

    @property
    def residual(self) -> sp.Matrix | None:
        f = self.failing
        return None if f is None else f.residual

    def __bool__(self) -> bool:
        return self.holds is True

    def __str__(self) -> str:
        head = {True: "HOLDS", False: "FAILS", None: "UNDECIDED"}[self.holds]
        lines = [f"{self.statement}: {head}"] + ["  " + str(c) for c in self.checks]
        f = self.failing
        if f is not None:
            lines.append(f"  residual at {f.name}: {sp.sstr(f.residual)}")
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------


def _as_exact_matrix(W, shape, name):
    if isinstance(W, np.ndarray) and W.dtype.kind in "fc":
        raise TypeError(f"{name} must be exact (SymPy matrix, integers, rationals); got a {W.dtype} array — "
                        "use exact numbers (sympy.Rational, sympy.sqrt) or gaugemath.symbolic.from_numeric "
                        "(recognition from floats) first")
    try:
        M = sp.Matrix(W)
    except Exception as exc:
        raise TypeError(f"{name} must be a matrix, got {type(W).__name__}") from exc
    if M.shape != tuple(shape):
        raise ValueError(f"{name} must have shape (dim rho_out, dim rho_in) = {tuple(shape)}, got {M.shape}")
    if M.atoms(sp.Float):
        raise TypeError(f"{name} has floating-point entries; use exact numbers (sympy.Rational, sympy.sqrt)")
    return M


def _generic(e):
    """Undefined functions (and their derivatives) of the coordinates → fresh symbols."""
    from sympy.core.function import AppliedUndef

    atoms = e.atoms(sp.Subs, sp.Derivative, AppliedUndef)
    if not atoms:
        return e
    return e.xreplace({a: sp.Dummy(f"F{k}") for k, a in enumerate(sorted(atoms, key=sp.default_sort_key))})


def _entry_zero(e, coords=None, system=None) -> bool | None:
    """Exact zero test for a residual entry (see :func:`_check_matrix_zero`)."""
    e = sp.sympify(e)
    if e == 0 or (coords is None and sp.expand(e) == 0):
        return True
    if coords is not None:
        if system == "cartesian":
            rho = sp.Dummy("rho", positive=True)
            r2 = sum(c**2 for c in coords)
            g = _generic(e.subs(sp.sqrt(r2), rho))
            num, _ = sp.fraction(sp.together(sp.expand(g)))
            num = sp.expand(num)
            if num == 0 or sp.rem(num, rho**2 - r2, rho) == 0:
                return True
        else:
            g = _generic(e).rewrite(sp.exp)
            num, _ = sp.fraction(sp.together(sp.expand(g)))
            if sp.expand(num) == 0:
                return True
        e = _generic(e)
    return is_zero(e)


def _check_matrix_zero(M, coords=None, system=None) -> tuple[bool | None, sp.Matrix]:
    """Entrywise exact zero test.  Kernel residuals (``coords`` given): undefined functions
    (radial profiles and their derivatives) become independent symbols; Cartesian entries are
    put over one denominator with :math:`\rho = |x|` and the numerator reduced modulo
    :math:`\rho^2 - |x|^2` (zero remainder proves zero); polar/spherical entries are rewritten
    in exponentials.  Otherwise :func:`~gaugemath.symbolic.exact_linalg.is_zero` decides
    (a numerical witness proves non-zero; generic function values then stand for a radial
    profile that breaks the identity)."""
    R = sp.Matrix(M)
    states = [_entry_zero(v, coords, system) for v in R]
    if all(s is True for s in states):
        return True, sp.zeros(*R.shape)
    R = R.applyfunc(lambda v: 0 if _entry_zero(v, coords, system) is True else sp.simplify(v))
    return (False if any(s is False for s in states) else None), R


def verify_intertwiner(W, rho_in: SymbolicRepresentation, rho_out: SymbolicRepresentation) -> Certificate:
    r"""Exact check that ``W`` (shape ``(dim rho_out, dim rho_in)``) is an intertwiner,
    :math:`W\rho_{in}(g) = \rho_{out}(g)W`.

    Residuals: :math:`WX^{in}_k - X^{out}_kW` (Lie-algebra generators) and
    :math:`W\rho_{in}(s) - \rho_{out}(s)W` (group generators).  ``W`` must be exact and
    constant (no symbols); representations of different groups raise ``ValueError``."""
    check_same_group(rho_in, rho_out)
    W = _as_exact_matrix(W, (rho_out.dim, rho_in.dim), "W")
    if W.free_symbols:
        raise ValueError(f"W must be a constant matrix, it has symbols {sorted(map(str, W.free_symbols))}")
    cert = Certificate(f"W: {rho_in.name} -> {rho_out.name} is a {rho_in.group.name}-intertwiner")
    for (name, kind, A_in), (_, _, A_out) in zip(rho_in.generators, rho_out.generators):
        holds, R = _check_matrix_zero(W * A_in - A_out * W)
        cert.checks.append(GeneratorCheck(name, kind, holds, R))
    return cert


def intertwiner_dimension(rho_in: SymbolicRepresentation, rho_out: SymbolicRepresentation) -> int:
    r""":math:`\dim\mathrm{Hom}_G(\rho_{in},\rho_{out}) = \langle\chi_{in},\chi_{out}\rangle` (over
    :math:`\mathbb C`; from characters only — Serre 1977 §2.3 Thm. 4 and §2.6)."""
    return character_inner_product(rho_in, rho_out)


def solve_intertwiners(rho_in: SymbolicRepresentation, rho_out: SymbolicRepresentation, *,
                       check_dimension: bool = False) -> list[sp.Matrix]:
    r"""Exact basis of :math:`\mathrm{Hom}_G(\rho_{in},\rho_{out})` as ``(dim_out, dim_in)`` matrices.

    Solves :math:`WA^{in} - A^{out}W = 0` for every generator pair by successive restriction
    (the null space of the first condition, then of the next restricted to it, ...) with exact
    row reduction over the number field of the entries.  Each basis element has a 1 at its
    own free coordinate (row-major ``vec(W)``), so the basis is real when both
    representations are real.  With ``check_dimension`` the size is compared with
    :func:`intertwiner_dimension` (``RuntimeError`` if they differ)."""
    check_same_group(rho_in, rho_out)
    di, do = rho_in.dim, rho_out.dim
    n = di * do
    pairs = [(sp.Matrix(a[2]), sp.Matrix(b[2])) for a, b in zip(rho_in.generators, rho_out.generators)]
    # diagonal (cheap) conditions first
    pairs.sort(key=lambda p: -(p[0].is_diagonal() and p[1].is_diagonal()))
    basis = None  # columns of vec(W); None = all of C^n
    for A_in, A_out in pairs:
        if basis is None:
            cols = []
            for k in range(n):
                W = sp.zeros(do, di)
                W[k // di, k % di] = 1
                cols.append((W * A_in - A_out * W).reshape(n, 1))
            C = sp.Matrix.hstack(*cols)
            basis = exact_nullspace(C)
        else:
            if not basis:
                break
            cols = [(sp.Matrix(do, di, list(v)) * A_in - A_out * sp.Matrix(do, di, list(v))).reshape(n, 1) for v in basis]
            C = sp.Matrix.hstack(*cols).applyfunc(sp.expand)
            coeffs = exact_nullspace(C)
            basis = [sum((c[i] * basis[i] for i in range(len(basis))), sp.zeros(n, 1)).applyfunc(sp.expand) for c in coeffs]
    if basis is None:
        basis = [sp.eye(n)[:, k] for k in range(n)]
    out = [sp.Matrix(do, di, list(v)) for v in basis]
    if check_dimension:
        expected = intertwiner_dimension(rho_in, rho_out)
        if expected != len(out):
            raise RuntimeError(f"solved {len(out)} intertwiners, characters say {expected}")
    return out


# ----------------------------------------------------------------------------------------
# kernels


_SYSTEMS = ("cartesian", "polar", "spherical")


def _coordinates(kappa, coordinates, system, d):
    if coordinates is None:
        names = {"cartesian": ("x", "y", "z")[:d], "polar": ("r", "phi"), "spherical": ("r", "theta", "phi")}[system]
        by_name = {str(s): s for s in kappa.free_symbols}
        coordinates = tuple(by_name.get(n, sp.Symbol(n, real=True)) for n in names)
    coords = tuple(coordinates)
    if not all(isinstance(c, sp.Symbol) for c in coords):
        raise TypeError("coordinates must be SymPy Symbols")
    want = {"cartesian": d, "polar": 2, "spherical": 3}[system]
    if len(coords) != want:
        raise ValueError(f"{system} coordinates for a group acting on R^{d} need {want} symbols, got {len(coords)}")
    if system == "polar" and d != 2 or system == "spherical" and d != 3:
        raise ValueError(f"system={system!r} does not fit a group acting on R^{d}")
    extra = kappa.free_symbols - set(coords)
    if extra:
        raise ValueError(f"kappa has free symbols {sorted(map(str, extra))} other than the coordinates "
                         f"{[str(c) for c in coords]}; substitute parameters first")
    return coords


def lie_derivative(kappa, A, coordinates, system: str = "cartesian") -> sp.Matrix:
    r""":math:`\tfrac{d}{dt}\kappa(e^{tA}x)|_{t=0}`, entrywise.

    Cartesian: :math:`\sum_i (Ax)_i\,\partial_i\kappa`.  Polar :math:`(r,\varphi)` with
    :math:`A = L`: :math:`\partial_\varphi`.  Spherical :math:`(r,\theta,\varphi)` with
    :math:`A = L_x, L_y, L_z`: :math:`-(\sin\varphi\,\partial_\theta + \cot\theta\cos\varphi\,\partial_\varphi)`,
    :math:`\cos\varphi\,\partial_\theta - \cot\theta\sin\varphi\,\partial_\varphi`, :math:`\partial_\varphi`
    (the vector fields :math:`y\partial_z - z\partial_y` etc. in spherical coordinates;
    pinned against the chain rule by the tests)."""
    kappa = sp.Matrix(kappa)
    A = sp.Matrix(A)
    if system == "cartesian":
        x = sp.Matrix(coordinates)
        v = A * x
        return sum((v[i] * kappa.diff(coordinates[i]) for i in range(len(coordinates))), sp.zeros(*kappa.shape))
    if system == "polar":
        L = standard_representation("SO2").lie_generators[0]
        if A != L:
            raise ValueError("polar coordinates support only the standard rotation generator")
        return kappa.diff(coordinates[1])
    r, th, ph = coordinates
    Ls = standard_representation("SO3").lie_generators
    if A == Ls[2]:
        return kappa.diff(ph)
    if A == Ls[0]:
        return -(sp.sin(ph) * kappa.diff(th) + sp.cos(th) / sp.sin(th) * sp.cos(ph) * kappa.diff(ph))
    if A == Ls[1]:
        return sp.cos(ph) * kappa.diff(th) - sp.cos(th) / sp.sin(th) * sp.sin(ph) * kappa.diff(ph)
    raise ValueError("spherical coordinates support only the standard generators L_x, L_y, L_z")


def _substitution(h, coordinates, system):
    h = sp.Matrix(h)
    if system == "cartesian":
        hx = h * sp.Matrix(coordinates)
        return {c: hx[i] for i, c in enumerate(coordinates)}
    if system == "polar":
        r, ph = coordinates
        if h.shape != (2, 2) or not all(is_zero(v) for v in (h * h.T - sp.eye(2))):
            raise ValueError("polar coordinates need orthogonal 2x2 group generators")
        a = sp.atan2(h[1, 0], h[0, 0])
        return {ph: ph + a} if is_zero(h.det() - 1) else {ph: a - ph}
    r, th, ph = coordinates
    if h == -sp.eye(3):
        return {th: sp.pi - th, ph: ph + sp.pi}
    raise ValueError("spherical coordinates support only the inversion -1 as a group generator")


def verify_kernel_constraint(kappa, group, rho_in: SymbolicRepresentation, rho_out: SymbolicRepresentation, *,
                             coordinates=None, system: str = "cartesian") -> Certificate:
    r"""Exact check of the steerable-kernel constraint
    :math:`\kappa(hx) = \rho_{out}(h)\,\kappa(x)\,\rho_{in}(h)^{-1}`.

    Parameters
    ----------
    kappa : SymPy matrix ``(dim rho_out, dim rho_in)`` of expressions in the coordinates
        (undefined functions of them, e.g. a radial profile ``f(r)``, are allowed; other free
        symbols raise ``ValueError``).
    group : a :mod:`gaugemath.groups` object or name (``"SO2"``, ``"O2"``, ``"SO3"``, ``"O3"``,
        ``"C4"``, ``"D6"``, ...: its standard action,
        :func:`~gaugemath.symbolic.irreps.standard_representation`) or a
        :class:`SymbolicRepresentation` giving the action on coordinates (Cartesian order).
    coordinates : Symbols, default by name: ``(x, y[, z])``, ``(r, phi)``, ``(r, theta, phi)``.
    system : ``"cartesian"``, ``"polar"`` (2-d; φ from the x axis) or ``"spherical"``
        (3-d; θ colatitude, φ azimuth).

    Residuals: Lie generators :math:`\mathcal L_A\kappa - X^{out}\kappa + \kappa X^{in}`
    (see :func:`lie_derivative`); group generators
    :math:`\kappa(hx) - \rho_{out}(h)\kappa(x)\rho_{in}(h)^{-1}`."""
    if system not in _SYSTEMS:
        raise ValueError(f"system must be one of {_SYSTEMS}, got {system!r}")
    base = group if isinstance(group, SymbolicRepresentation) else standard_representation(group)
    check_same_group(base, rho_in, ("group", "rho_in"))
    check_same_group(base, rho_out, ("group", "rho_out"))
    if base.family == "SU2":
        raise ValueError("kernel constraints are for groups acting on coordinates (so2, o2, so3, o3, finite)")
    try:
        K = sp.Matrix(kappa)
    except Exception as exc:
        raise TypeError(f"kappa must be a SymPy matrix, got {type(kappa).__name__}") from exc
    if K.shape != (rho_out.dim, rho_in.dim):
        raise ValueError(f"kappa must have shape (dim rho_out, dim rho_in) = {(rho_out.dim, rho_in.dim)}, got {K.shape}")
    coords = _coordinates(K, coordinates, system, base.dim)
    cert = Certificate(f"kappa(hx) = rho_out(h) kappa(x) rho_in(h)^-1 for {base.group.name} ({rho_in.name} -> {rho_out.name})")
    gens = zip(base.generators, rho_in.generators, rho_out.generators)
    for (name, kind, A), (_, _, Xi), (_, _, Xo) in gens:
        Xi, Xo = sp.Matrix(Xi), sp.Matrix(Xo)
        if kind == "lie":
            R = lie_derivative(K, A, coords, system) - Xo * K + K * Xi
        else:
            sub = _substitution(A, coords, system)
            R = K.subs(sub, simultaneous=True) - Xo * K * Xi.inv()
        holds, R = _check_matrix_zero(R, coords, system)
        cert.checks.append(GeneratorCheck(name, kind, holds, R))
    return cert



@dataclass
class ProofResult:
    """Record returned by each ``proofs/proof_*.py`` ``prove()``: the theorem, how many exact
    cases were checked, whether all held, and details (the failing case, if any)."""

    theorem: str
    cases: int
    holds: bool
    details: str = ""

    def __bool__(self) -> bool:
        return bool(self.holds)

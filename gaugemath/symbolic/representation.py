r"""Exact (SymPy) representations given by their generators: :class:`SymbolicRepresentation`.

A :class:`SymbolicRepresentation` carries a :mod:`gaugemath.groups` object as ``.group`` (the
same objects as the numeric :class:`gaugemath.reps.Representation`; a name is turned into one
by :func:`gaugemath.groups.as_group`) and exact matrices that determine the representation:

* **finite groups** (``group.is_finite``): :math:`\rho(g_1),\dots,\rho(g_k)` for the group's
  generators ``group.generators()``, in that order (``groups.cyclic(N)``: ``r`` = rotation by
  2π/N; ``groups.dihedral(N)``: ``(r, s)`` with ``s = diag(1, -1)``; for N = 1 only the
  non-identity one).  Every element's matrix follows (:meth:`SymbolicRepresentation.table`);
* **SO(2)** (family ``"SO2"``): the Lie-algebra generator :math:`X = d\rho(L)`,
  :math:`L=\begin{pmatrix}0&-1\\1&0\end{pmatrix}` (``groups.SO2().lie_algebra()``), so
  :math:`\rho(R(\theta)) = e^{\theta X}`;
* **O(2)** (``"O2"``): that :math:`X` plus :math:`\rho(F)`, :math:`F=\mathrm{diag}(1,-1)` — the
  flip of ``groups.O2`` (reflection across the x axis; :math:`O(2) = SO(2)\rtimes\{1,F\}`);
* **SO(3)** (``"SO3"``) and **SU(2)** (``"SU2"``): :math:`X_k = d\rho(L_k)`, ``k = x, y, z``,
  :math:`(L_k)_{ij} = -\varepsilon_{kij}` (``groups.SO3().lie_algebra()``; :math:`e^{\theta L_k}`
  is the active rotation by θ about axis k; for SU(2) the path
  :math:`q(\theta) = \cos\frac\theta2 + \sin\frac\theta2\,e_k`);
* **O(3)** (``"O3"``): the three :math:`X_k` plus :math:`\rho(-1)` (the inversion;
  :math:`O(3) = SO(3)\times\{\pm1\}`).

Since SO(2), SO(3), SU(2) are connected, a linear map commutes with all of :math:`\rho(G)`
iff it commutes with the :math:`X_k` (Hall 2015, Thm. 5.6); O(2)/O(3) add the one reflection /
inversion; finite groups need only the generators.  That makes the checks of
:mod:`gaugemath.symbolic.verify` exact and finite.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SymbolicRepresentation", "CONTINUOUS_FAMILIES", "as_exact_matrix", "check_same_group"]

#: continuous families → (number of Lie-algebra generators, names of the extra group elements)
CONTINUOUS_FAMILIES = {
    "SO2": (1, ()),
    "O2": (1, ("reflection F=diag(1,-1)",)),
    "SO3": (3, ()),
    "SU2": (3, ()),
    "O3": (3, ("inversion -1",)),
}
_LIE_NAMES = {1: ("L",), 3: ("L_x", "L_y", "L_z")}


def as_exact_matrix(M, dim, name):
    """``M`` as an exact constant ``sympy.ImmutableMatrix`` of shape ``(dim, dim)``; float
    entries are refused (``TypeError``): exact input only."""
    import sympy as sp

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
    if A.atoms(sp.Float):
        raise TypeError(f"{name} has floating-point entries; use exact numbers (sympy.Rational, sympy.sqrt) "
                        "or gaugemath.symbolic.from_numeric (recognition from floats)")
    return A


class SymbolicRepresentation:
    r"""An exact representation given by generator matrices (see the module docstring).

    Parameters
    ----------
    group : gaugemath.groups.Group or str
        Any group object (or name, via :func:`gaugemath.groups.as_group`): a finite group, or
        one of the families SO2, O2, SO3, SU2, O3.
    dim : int
    lie_generators : sequence of matrices
        Continuous groups: :math:`X_k = d\rho(L_k)` (1 for SO(2)/O(2), 3 for SO(3)/SU(2)/O(3)).
    group_generators : sequence of matrices
        Finite groups: :math:`\rho(g_i)` for ``group.generators()`` in that order; O(2):
        ``[rho(F)]``; O(3): ``[rho(-1)]``.
    name : str
    """

    def __init__(self, group, dim, lie_generators=(), group_generators=(), *, name="rho"):
        from ..groups import as_group

        G = as_group(group)
        self.group = G
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 1:
            raise ValueError(f"dim must be a positive integer, got {dim!r}")
        self.dim = int(dim)
        lie = tuple(as_exact_matrix(M, self.dim, f"lie_generators[{i}]") for i, M in enumerate(lie_generators))
        grp = tuple(as_exact_matrix(M, self.dim, f"group_generators[{i}]") for i, M in enumerate(group_generators))
        if G.is_finite:
            if lie:
                raise ValueError(f"finite group {G.name} takes group_generators only, got lie_generators")
            n = len(G.generators())
            if len(grp) != n:
                raise ValueError(f"group_generators must list the images of the {n} generators of {G.name} "
                                 f"(group.generators()), got {len(grp)}")
            for i, M in enumerate(grp):
                if M.det() == 0:
                    raise ValueError(f"group_generators[{i}] is singular, not a group element's matrix")
            names = tuple(f"g{i + 1}" for i in range(len(grp)))
        elif G.family in CONTINUOUS_FAMILIES:
            n_lie, extra = CONTINUOUS_FAMILIES[G.family]
            if len(lie) != n_lie or len(grp) != len(extra):
                raise ValueError(f"{G.name} needs {n_lie} Lie-algebra generator(s) and {len(extra)} group element(s) "
                                 f"{list(extra)}, got {len(lie)} and {len(grp)}")
            names = _LIE_NAMES[n_lie] + extra
        else:
            raise ValueError(f"group must be finite or one of SO2, O2, SO3, SU2, O3; got {G.name}")
        self.lie_generators = lie
        self.group_generators = grp
        self.generator_names = names
        self.name = str(name)

    @property
    def family(self) -> str:
        """``group.family``."""
        return self.group.family

    @property
    def is_finite(self) -> bool:
        return bool(self.group.is_finite)

    @property
    def generators(self) -> list:
        """``[(name, kind, matrix)]`` with kind ``"lie"`` (algebra) or ``"group"`` (element)."""
        out = [(n, "lie", M) for n, M in zip(self.generator_names, self.lie_generators)]
        names = self.generator_names[len(self.lie_generators):]
        out += [(n, "group", M) for n, M in zip(names, self.group_generators)]
        return out

    @property
    def is_real(self) -> bool:
        """True if every generator matrix is real."""
        return all(all(v.is_real for v in M) for _, _, M in self.generators)

    def table(self) -> list:
        r"""Finite groups: the exact :math:`\rho(g)` for every ``g`` in ``group.elements()`` order.

        Breadth-first over the Cayley table from the identity: :math:`\rho(a g_i) =
        \rho(a)\rho(g_i)`, multiplying on the right by the generators as the group's own
        closure does.  ``ValueError`` for continuous groups.
        """
        import sympy as sp

        if not self.is_finite:
            raise ValueError(f"table() is for finite groups; {self.group.name} is continuous")
        if getattr(self, "_table", None) is None:
            G = self.group
            T = np.asarray(G.cayley_table())
            gi = [int(i) for i in np.atleast_1d(G.index(np.asarray(G.generators())))]
            mats = [None] * G.order
            mats[0] = sp.ImmutableMatrix(sp.eye(self.dim))
            queue = [0]
            for a in queue:
                for i, g in enumerate(gi):
                    b = int(T[a, g])
                    if mats[b] is None:
                        mats[b] = sp.ImmutableMatrix((mats[a] * self.group_generators[i]).applyfunc(sp.expand))
                        queue.append(b)
            self._table = mats
        return list(self._table)

    def __repr__(self) -> str:
        return f"SymbolicRepresentation({self.group.name!r}, dim={self.dim}, name={self.name!r})"


def check_rep(rep, name="rep") -> SymbolicRepresentation:
    if not isinstance(rep, SymbolicRepresentation):
        raise TypeError(f"{name} must be a SymbolicRepresentation, got {type(rep).__name__}")
    return rep


def check_same_group(a, b, names=("rho_in", "rho_out")) -> None:
    """``ValueError`` unless ``a`` and ``b`` represent the same group (``reps.same_group``)."""
    from ..reps.representation import same_group

    check_rep(a, names[0])
    check_rep(b, names[1])
    if not same_group(a.group, b.group):
        raise ValueError(f"{names[0]} is a representation of {a.group.name}, {names[1]} of {b.group.name}: "
                         "not the same group")

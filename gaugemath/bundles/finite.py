r"""Finite homogeneous spaces :math:`G/K`: cosets, coset representatives (sections), gauge factors.

A finite group is used through a minimal protocol, satisfied by the finite groups of
:mod:`gaugemath.groups` and by plain lists of matrices: an object with ``elements``
(a sequence, or a method returning one, indexed along its first axis) and
``multiply(a, b)``; elements are compared with ``numpy.allclose``.  Alternatively
:meth:`FiniteQuotient.from_cayley_table` takes the multiplication table directly.

Internally every element of :math:`G` is its **index** ``0..|G|-1`` in that list and
every point of :math:`G/K` is a **coset index** ``0..|G/K|-1``; the coset :math:`x_0 = K`
is point ``0``.  The (global) section picks one representative per coset,
:math:`\sigma(x) \in xK`, by default the element of smallest index; another choice
of representatives is another gauge, :math:`\sigma'(x) = \sigma(x)k(x)`.  A subgroup
element is given by its index in :math:`G`.  Then :math:`\pi(g) = gK`,
:math:`g\cdot x = \pi(g\sigma(x))`, and :math:`h(g,x) = \sigma(x)^{-1}g\sigma(g^{-1}x) \in K`.

Reference: Cohen, Geiger & Weiler 2019, §2 (cosets and sections of G → G/H);
Serre, "Linear representations of finite groups", §7 (induced representations).
"""

from __future__ import annotations

import numpy as np

from ..groups import as_group
from ..groups.base import left_cosets
from ._checks import as_chart
from .homogeneous import gauge_factor, transition

__all__ = ["FiniteQuotient", "cayley_table"]


def cayley_table(elements, multiply, *, atol: float = 1e-9) -> np.ndarray:
    """Multiplication table ``T[a, b] = index of elements[a] * elements[b]`` (``ValueError`` if not closed).

    For objects that are not a :mod:`gaugemath.groups` group (a list of arrays and a ``multiply``):
    the products are looked up with the same hash index and table builder as
    :meth:`gaugemath.groups.FiniteGroup.cayley_table` (:func:`gaugemath.groups.finite.table_from_products`);
    complex elements are compared on their real and imaginary parts."""
    from gaugemath.groups.finite import ElementIndex, table_from_products

    elems = [np.asarray(e) for e in elements]
    n = len(elems)
    if n == 0:
        raise ValueError("elements must be a non-empty sequence of group elements")

    def flat(arrs):
        a = np.stack([np.asarray(e, dtype=np.complex128).ravel() for e in arrs])
        return np.concatenate([a.real, a.imag], axis=1)

    if len({e.shape for e in elems}) != 1:
        raise ValueError("elements must all have the same shape")
    index = ElementIndex(flat(elems))

    def products(rows):
        return flat([multiply(elems[a], elems[b]) for a in rows for b in range(n)]).reshape(len(rows), n, -1)

    return table_from_products(index, products, "the group", atol=atol)


def _is_finite_group(obj) -> bool:
    """A finite :class:`gaugemath.groups.base.Group` (cached Cayley table and vectorised index)."""
    from gaugemath.groups.base import Group

    return isinstance(obj, Group) and bool(getattr(obj, "is_finite", False))


class FiniteQuotient:
    r"""The finite homogeneous space :math:`G/K` with a chosen section (coset representatives).

    Parameters
    ----------
    group : object or str
        ``elements`` (sequence or method) and ``multiply(a, b)``; see the module docstring; or a
        group name (``"D4"``, ``"O"``) parsed by :func:`gaugemath.groups.as_group`.
        A finite :mod:`gaugemath.groups` group (e.g. ``dihedral(4)``, ``octahedral()``) is used
        through its cached ``cayley_table()`` and ``index()``; element indices are then its own.
    subgroup : sequence, finite Group or name
        The elements of :math:`K` (group elements, matched with ``numpy.allclose``, or with
        ``group.index``), or a finite :mod:`gaugemath.groups` group mapped into ``group`` by
        :func:`gaugemath.groups.embed` (``ValueError`` if it is not a subgroup).
    representatives : sequence of int, optional
        Index (in ``group.elements``) of the chosen representative of each coset, in coset
        order; default: the smallest index in each coset.
    """

    charts = ("global",)
    default_chart = "global"

    def __init__(self, group, subgroup, representatives=None):
        if isinstance(group, str):  # a group name: the groups catalogue (as_group)
            group = as_group(group, "group")
        if isinstance(subgroup, str):
            subgroup = as_group(subgroup, "subgroup")
        elements = group.elements() if callable(getattr(group, "elements", None)) else getattr(group, "elements", None)
        if elements is None or not hasattr(group, "multiply"):
            raise TypeError("group must provide elements and multiply(a, b)")
        self.elements = [np.asarray(e) for e in elements]
        if _is_finite_group(group):  # gaugemath.groups finite group: its cached table and index lookup
            table = np.asarray(group.cayley_table(), dtype=np.int64)
            self._lookup = group.index
        else:
            table = cayley_table(self.elements, group.multiply)
        if _is_finite_group(subgroup):  # a finite gaugemath.groups subgroup, mapped by groups.embed
            from gaugemath.groups import embed

            subgroup = embed(subgroup, group)(subgroup.elements())
        sub = [self.index(k) for k in subgroup]
        self._setup(table, sub, representatives)

    @classmethod
    def from_cayley_table(cls, table, subgroup, representatives=None) -> FiniteQuotient:
        """Build from a multiplication table (elements are then the indices themselves)."""
        obj = cls.__new__(cls)
        table = np.asarray(table)
        if table.ndim != 2 or table.shape[0] != table.shape[1] or not np.issubdtype(table.dtype, np.integer):
            raise ValueError(f"table must be a square integer array, got shape {table.shape} dtype {table.dtype}")
        obj.elements = list(range(table.shape[0]))
        obj._setup(table.astype(np.int64), [int(k) for k in subgroup], representatives)
        return obj

    # -- construction --------------------------------------------------------------------
    def _setup(self, table, sub, representatives):
        n = table.shape[0]
        if np.any((table < 0) | (table >= n)) or any(sorted(row) != list(range(n)) for row in table.tolist()):
            raise ValueError("table is not the multiplication table of a group (rows must be permutations)")
        ident = [e for e in range(n) if np.array_equal(table[e], np.arange(n))]
        if len(ident) != 1:
            raise ValueError("table has no unique identity element")
        self._table, self._e = table, ident[0]
        self._inv = np.array([int(np.flatnonzero(table[a] == self._e)[0]) for a in range(n)])
        sub = sorted(set(sub))
        if any(k < 0 or k >= n for k in sub) or self._e not in sub:
            raise ValueError("subgroup must contain the identity and only elements of the group")
        if any(int(table[a, b]) not in sub for a in sub for b in sub):
            raise ValueError("subgroup is not closed under multiplication")
        self.subgroup = np.array(sub, dtype=np.int64)
        reps_default, coset = left_cosets(table, self.subgroup)  # numbered by their smallest element
        self._coset = coset
        if representatives is None:
            reps = np.array(reps_default, dtype=np.int64)
        else:
            reps = np.asarray(representatives)
            if reps.shape != (len(reps_default),) or not np.issubdtype(reps.dtype, np.integer):
                raise ValueError(f"representatives must be {len(reps_default)} integers, one per coset")
            if np.any(coset[reps] != np.arange(len(reps_default))):
                raise ValueError("representatives[x] must lie in coset x (representatives[0] in K)")
        self.representatives = reps.astype(np.int64)

    @property
    def order(self) -> int:
        """:math:`|G|`."""
        return self._table.shape[0]

    @property
    def size(self) -> int:
        """:math:`|G/K|`."""
        return len(self.representatives)

    def index(self, g) -> int:
        """Index of the group element ``g`` in :attr:`elements` (``ValueError`` if absent)."""
        g = np.asarray(g)
        lookup = getattr(self, "_lookup", None)
        if lookup is not None:
            return int(lookup(g))
        for i, e in enumerate(self.elements):
            if e.shape == g.shape and np.allclose(e, g, atol=1e-9):
                return i
        raise ValueError("g is not an element of the group")

    def with_representatives(self, representatives) -> FiniteQuotient:
        """The same quotient with another section (gauge)."""
        obj = self.__class__.__new__(self.__class__)
        obj.elements = self.elements
        if getattr(self, "_lookup", None) is not None:
            obj._lookup = self._lookup
        obj._setup(self._table, list(self.subgroup), representatives)
        return obj

    # -- protocol --------------------------------------------------------------------------
    def _g(self, g, name="g"):
        g = np.asarray(g)
        if not np.issubdtype(g.dtype, np.integer) or np.any((g < 0) | (g >= self.order)):
            raise ValueError(f"{name} must be integer element indices in [0, {self.order})")
        return g

    def _x(self, x, name="x"):
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.integer) or np.any((x < 0) | (x >= self.size)):
            raise ValueError(f"{name} must be integer coset indices in [0, {self.size})")
        return x

    def identity(self) -> np.int64:
        """Index of the identity."""
        return np.int64(self._e)

    def multiply(self, a, b) -> np.ndarray:
        """Index of the product (batched, broadcasting)."""
        return self._table[self._g(a, "a"), self._g(b, "b")]

    def inverse(self, g) -> np.ndarray:
        """Index of the inverse."""
        return self._inv[self._g(g)]

    def project(self, g) -> np.ndarray:
        r""":math:`\pi(g) = gK` (coset index)."""
        return self._coset[self._g(g)]

    def act(self, g, x) -> np.ndarray:
        r""":math:`g\cdot x = \pi(g\,\sigma(x))`."""
        return self._coset[self._table[self._g(g), self.representatives[self._x(x)]]]

    def section(self, x, chart=None) -> np.ndarray:
        r"""The coset representative :math:`\sigma(x)` (element index)."""
        as_chart(self.default_chart if chart is None else chart, self.charts)
        return self.representatives[self._x(x)]

    def to_subgroup(self, g) -> np.ndarray:
        """``g`` itself, after checking that it lies in :math:`K`."""
        g = self._g(g)
        if not np.all(np.isin(g, self.subgroup)):
            raise ValueError("g is not in the subgroup K")
        return g

    def from_subgroup(self, k) -> np.ndarray:
        """``k`` itself (an element index of :math:`K`), after checking membership."""
        return self.to_subgroup(k)

    def transition(self, x, chart_from=None, chart_to=None):
        """:func:`~gaugemath.bundles.transition` (trivial with one chart)."""
        return transition(self, x, chart_from or "global", chart_to or "global")

    def gauge_factor(self, g, x, chart=None):
        r""":math:`h(g,x) = \sigma(x)^{-1} g\,\sigma(g^{-1}x)` (element index in :math:`K`)."""
        return gauge_factor(self, g, x, chart)

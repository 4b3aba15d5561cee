"""The one interface every group in gaugemath implements.

Elements are NumPy arrays.  Each group fixes an ``element_shape`` (for example ``(3, 3)``
for SO(3) as rotation matrices, ``(4,)`` for SU(2) as unit quaternions ``(w, x, y, z)``,
``(3, 3)`` for SE(2) as homogeneous matrices); a *batch* of elements is an array of shape
``(..., *element_shape)`` and every method broadcasts over the leading axes.  There is no
element class: arrays in, arrays out.

Finite groups additionally enumerate their elements in a fixed order (index 0 is the
identity) and expose generators and a Cayley table; continuous groups expose a Haar sampler
and Lie-algebra generators of their defining representation.

Subgroups: ``H.embedding_into(G)`` (or :func:`gaugemath.groups.embed`) maps a batch of H's
elements to G's element parameterisation; for finite subgroups given as matrices in the same
ambient space it is the identity map.  Restriction of representations and homogeneous spaces
G/H use that map.
"""

from __future__ import annotations

import abc

import numpy as np


def _frozen(arrays):
    for a in arrays:
        a.setflags(write=False)
    return arrays


def left_cosets(table: np.ndarray, sub) -> tuple[np.ndarray, np.ndarray]:
    """Left cosets :math:`gK` from a Cayley table and the indices ``sub`` of :math:`K`:
    ``(representatives, coset_of)``, cosets numbered in order of their smallest element, which is
    the representative (so coset 0 is K, representative 0 the identity when it is index 0).
    The one coset numbering of the package (``reps.cosets``, ``bundles.FiniteQuotient``)."""
    table = np.asarray(table)
    sub = np.asarray(sub, dtype=np.int64)
    coset_of = -np.ones(len(table), dtype=np.int64)
    reps = []
    for g in range(len(table)):
        if coset_of[g] < 0:
            coset_of[table[g, sub]] = len(reps)
            reps.append(g)
    return np.asarray(reps, dtype=np.int64), coset_of


class Group(abc.ABC):
    """Abstract group with batched array elements.

    Attributes
    ----------
    name : str
        Human-readable name, e.g. ``"SO(3)"``, ``"D_4 < O(2)"``.
    element_shape : tuple of int
        Shape of one element's array.
    is_finite : bool
    order : int or None
        Number of elements (``None`` for infinite groups).
    ambient_dim : int or None
        Dimension d of the space R^d the group acts on by :meth:`act` (``None`` if it has no
        natural action, e.g. an abstract cyclic group).
    family : str
        Explicit family tag, never guessed from shapes: ``"SO2"``, ``"O2"``, ``"SO3"``,
        ``"O3"``, ``"SU2"``, ``"cyclic"``, ``"dihedral"``, ``"T"``, ``"O"``, ``"I"``, ``"Th"``,
        ``"Oh"``, ``"Ih"``, ``"SE"``, ``"E"``, ``"p4"``, ``"p4m"``, or ``"finite"`` for a
        generic :class:`~gaugemath.groups.FiniteGroup`.
    N : int or None
        The parameter of the family where it has one (``N`` of C_N / D_N, ``d`` of SE(d)/E(d)).

    Data derived from the group (Cayley table, conjugacy classes, character table, cosets)
    is memoised on the instance with :meth:`cached`, never in module-level dictionaries.
    """

    name: str
    element_shape: tuple[int, ...]
    is_finite: bool = False
    order: int | None = None
    ambient_dim: int | None = None
    family: str = "group"
    N: int | None = None

    def cached(self, key, build):
        """``build()`` computed once per group object and key, then returned from the instance cache.

        The cache lives on the instance (``self.__dict__``), so it dies with the group; callers
        must treat the value as read-only (arrays are returned with ``writeable=False`` where
        they are NumPy arrays)."""
        store = self.__dict__.get("_derived_cache")
        if store is None:
            store = self.__dict__["_derived_cache"] = {}
        try:
            return store[key]
        except KeyError:
            pass
        value = build()
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
        store[key] = value
        return value

    # --- group law ------------------------------------------------------------------
    @abc.abstractmethod
    def identity(self) -> np.ndarray:
        """The identity element, shape ``element_shape``."""

    @abc.abstractmethod
    def multiply(self, a, b) -> np.ndarray:
        """Product ``a·b`` of (broadcast) batches of elements."""

    @abc.abstractmethod
    def inverse(self, a) -> np.ndarray:
        """Inverse of a batch of elements."""

    @abc.abstractmethod
    def contains(self, a, *, atol: float = 1e-9) -> np.ndarray:
        """Boolean array (batch shape): is each array a valid element of this group?"""

    @abc.abstractmethod
    def sample(self, n: int, seed=None) -> np.ndarray:
        """``n`` elements drawn from the normalised Haar measure (uniform for finite groups)."""

    def equal(self, a, b, *, atol: float = 1e-9) -> np.ndarray:
        """Boolean array: ``a == b`` within ``atol`` (max-abs on the element arrays).

        Element arrays are unique for every group here (an SU(2) element is one unit
        quaternion, q and -q being different elements; an SO(3) element is one matrix); a
        group with a non-unique parameterisation must override this."""
        a, b = np.asarray(a), np.asarray(b)
        axes = tuple(range(-len(self.element_shape), 0))
        return np.max(np.abs(a - b), axis=axes) <= atol

    def validate(self, a, name: str = "g") -> np.ndarray:
        """Return ``a`` as a float/int array of elements or raise ``ValueError`` naming ``name``."""
        a = np.asarray(a)
        k = len(self.element_shape)
        if a.shape[a.ndim - k :] != tuple(self.element_shape):
            raise ValueError(f"{name} must have trailing shape {self.element_shape} for {self.name}, got {a.shape}")
        if not np.all(self.contains(a)):
            raise ValueError(f"{name} is not an element of {self.name}")
        return a

    # --- action on R^d and on functions ----------------------------------------------
    def act(self, g, x) -> np.ndarray:
        """Action on points ``x`` of shape ``(..., ambient_dim)``: ``g·x``."""
        raise NotImplementedError(f"{self.name} has no action on R^d")

    def act_on_function(self, g, f):
        """Left-regular action on functions: returns ``x ↦ f(g⁻¹·x)`` for a single element g."""
        g_inv = self.inverse(np.asarray(g))

        def moved(x):
            return f(self.act(g_inv, x))

        return moved

    # --- irreps ------------------------------------------------------------------------
    def irrep_labels(self, max_degree: int | None = None) -> list:
        """Labels of the irreducible representations in the project's conventions (docs/groups.md).

        SO2: ``k = 0..max_degree`` (real irreps; the complex ones are ``±k``); O2: ``(0, 0)`` trivial,
        ``(1, 0)`` det, ``(1, k)`` for ``k = 1..max_degree``; SO3: ``ell = 0..max_degree``; O3:
        ``(ell, p)`` with parity ``p = +1, -1``; SU2: ``j = 0, 1/2, ..., max_degree`` as
        :class:`fractions.Fraction`; cyclic C_N: ``0..N-1`` (the ``j`` of ``chi_j``); other finite
        groups: the names :func:`gaugemath.reps.irreps` gives (``max_degree`` ignored).  Continuous
        groups need ``max_degree`` (``ValueError`` without it).  Groups without an irrep catalogue
        (SE(d), E(d), p4, p4m) raise ``NotImplementedError``."""
        raise NotImplementedError(f"{self.name} has no irrep catalogue")

    # --- finite groups -----------------------------------------------------------------
    def elements(self) -> np.ndarray:
        """All elements, shape ``(order, *element_shape)``, fixed order, index 0 = identity."""
        raise NotImplementedError(f"{self.name} is not finite")

    def generators(self) -> np.ndarray:
        """A generating set, shape ``(k, *element_shape)`` (finite groups)."""
        raise NotImplementedError(f"{self.name} does not list generators")

    def index(self, a) -> np.ndarray:
        """Index (into :meth:`elements`) of each element of a batch; ``ValueError`` if absent."""
        raise NotImplementedError(f"{self.name} is not finite")

    def cayley_table(self) -> np.ndarray:
        """``T[i, j] = index(elements[i] · elements[j])`` (finite groups)."""
        raise NotImplementedError(f"{self.name} is not finite")

    def inverse_index(self) -> np.ndarray:
        """``inv[i]`` = index of ``elements[i]⁻¹`` (int64 ``(order,)``, cached, read-only)."""
        return self.cached("inverse_index", lambda: np.argmax(self.cayley_table() == 0, axis=1).astype(np.int64))

    def class_of(self) -> np.ndarray:
        r"""``class_of[i]`` = number of the conjugacy class of element ``i`` (classes numbered by their
        smallest index, class 0 = {identity}); int64 ``(order,)``, cached."""
        def build():
            T, inv = self.cayley_table(), self.inverse_index()
            conj = T[T, inv[:, None]]  # conj[h, g] = h g h^-1
            out = -np.ones(self.order, dtype=np.int64)
            ncls = 0
            for g in range(self.order):
                if out[g] < 0:
                    out[np.unique(conj[:, g])] = ncls
                    ncls += 1
            return out

        return self.cached("class_of", build)

    def conjugacy_classes(self) -> list[np.ndarray]:
        r"""Conjugacy classes :math:`\{hgh^{-1}: h \in G\}` as sorted index arrays.

        Ordered by their smallest index, so class 0 is ``[0]`` (the identity)."""
        cls = self.class_of()
        return [np.flatnonzero(cls == c) for c in range(int(cls.max()) + 1)]

    def element_orders(self) -> np.ndarray:
        """Order of each element (smallest ``k >= 1`` with ``g^k = e``), int64 ``(order,)``, cached."""
        def build():
            T = self.cayley_table()
            orders = np.ones(self.order, dtype=np.int64)
            p = np.arange(self.order)
            active = p != 0
            while np.any(active):
                p = np.where(active, T[p, np.arange(self.order)], p)
                orders += active
                active = p != 0
            return orders

        return self.cached("element_orders", build)

    def left_cosets(self, sub) -> tuple[np.ndarray, np.ndarray]:
        """:func:`left_cosets` of the subgroup with element indices ``sub`` (cached per index set)."""
        sub = np.asarray(sub, dtype=np.int64)
        return self.cached(("left_cosets", sub.tobytes()), lambda: _frozen(left_cosets(self.cayley_table(), sub)))

    def __repr__(self) -> str:
        return f"<group {self.name}>"

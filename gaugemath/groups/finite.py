r"""Finite matrix groups built by closure of generators: :class:`FiniteGroup`.

A finite group here is a finite set of real invertible ``n × n`` matrices closed under
the matrix product (the *defining representation* is faithful by construction).  The
elements are enumerated once, in a fixed order with index 0 the identity, and cached on
the instance together with the Cayley table.

Element order (closure)
    Breadth-first search over words in the generators: starting from the identity, each
    frontier element ``a`` is multiplied **on the right** by the generators in the order
    given, ``a·g_1, a·g_2, ...``, and new products are appended.  So the order is the
    shortlex order of the shortest words (ties broken by generator order), which is
    reproducible.  Constructors that pass an explicit element list (cyclic, dihedral, the
    groups with inversion) keep that list's order.

Lookup (:meth:`FiniteGroup.index`)
    Each element is hashed from its entries rounded to a grid of spacing :math:`2^{-24}`
    (an integer dot product with fixed random multipliers); a query is matched to the
    element with the same hash and then *verified* by the max-abs distance
    (``atol``).  Queries that miss (rounding boundary, hash collision) fall back to a
    vectorised brute-force distance search, so the result never depends on the hash.

Reference: D. Holt, B. Eick, E. O'Brien, *Handbook of Computational Group Theory*
(CRC 2005), §4.1 (orbit/closure algorithm); conjugacy classes from the Cayley table,
:math:`\mathrm{cl}(g) = \{hgh^{-1}\}` (Serre, *Linear representations of finite groups*, §2.5).
"""

from __future__ import annotations

import numpy as np

from ._matrix import as_element_array, check_positive_int, orthogonality_error, snap
from .base import Group, left_cosets

__all__ = ["FiniteGroup", "ElementIndex", "table_from_products", "left_cosets"]

_HASH_SCALE = float(2**24)
_HASH_MULT = np.random.default_rng(1234567).integers(1, 2**40, size=64, dtype=np.int64) | 1


def _hash(flat: np.ndarray) -> np.ndarray:
    """Integer hash of each row of ``flat`` (m, k): rounded entries dotted with fixed multipliers."""
    k = flat.shape[-1]
    q = np.round(flat * _HASH_SCALE).astype(np.int64)
    mult = np.resize(_HASH_MULT, k)
    with np.errstate(over="ignore"):
        return (q * mult).sum(axis=-1)


class ElementIndex:
    """Hash index of a fixed list of element arrays (rows of ``flat``, real): the one lookup used by
    :meth:`FiniteGroup.index`, :meth:`FiniteGroup.cayley_table` and
    :func:`gaugemath.bundles.cayley_table`.

    A query row is matched to the stored row with the same hash and then verified by the
    max-abs distance; misses (rounding boundary, collision) fall back to a brute-force distance
    search, so the answer never depends on the hash."""

    def __init__(self, flat: np.ndarray):
        flat = np.ascontiguousarray(flat, dtype=float)
        self.flat = flat
        hashes = _hash(flat)
        order = np.argsort(hashes, kind="stable")
        self.sorted_hash = hashes[order]
        self.sorted_index = order
        self.unique = len(np.unique(hashes)) == len(hashes)

    def lookup(self, flat: np.ndarray, atol: float) -> np.ndarray:
        """Index of each query row ``flat`` (m, k) within ``atol`` (max-abs), ``-1`` where absent."""
        flat = np.asarray(flat, dtype=float)
        n = len(self.flat)
        good = np.all(np.isfinite(flat), axis=1)
        flat = np.where(good[:, None], flat, 0.0)
        h = _hash(flat)
        pos = np.clip(np.searchsorted(self.sorted_hash, h), 0, n - 1)
        cand = self.sorted_index[pos]
        ok = (self.sorted_hash[pos] == h) & (np.max(np.abs(self.flat[cand] - flat), axis=1) <= atol)
        idx = np.where(ok, cand, -1)
        miss = np.flatnonzero(~ok & good)
        chunk = max(1, 2_000_000 // max(1, n * flat.shape[1]))
        for s in range(0, len(miss), chunk):  # brute force on the (rare) misses
            m = miss[s : s + chunk]
            d = np.max(np.abs(flat[m, None, :] - self.flat[None]), axis=-1)
            best = np.argmin(d, axis=1)
            idx[m] = np.where(d[np.arange(len(m)), best] <= atol, best, -1)
        return idx


def table_from_products(index: ElementIndex, products, what: str, atol: float = 1e-7) -> np.ndarray:
    """Cayley table from the flattened products ``products(rows)`` → ``(len(rows), n, k)`` of the
    elements ``rows`` with all elements, looked up in ``index``; ``ValueError`` (naming ``what``)
    if a product is missing or a row is not a permutation.  The one Cayley-table builder."""
    n, k = index.flat.shape
    table = np.empty((n, n), dtype=np.int64)
    rows = max(1, 1_000_000 // max(1, n * k))
    for s in range(0, n, rows):
        r = np.arange(s, min(n, s + rows))
        prods = np.asarray(products(r)).reshape(len(r) * n, k)
        idx = index.lookup(prods, atol)
        if np.any(idx < 0):
            raise ValueError(f"elements of {what} are not closed under multiplication (not a group)")
        table[s : s + len(r)] = idx.reshape(len(r), n)
    if np.any(np.sort(table, axis=1) != np.arange(n)):
        raise ValueError(f"elements of {what} do not form a group (a Cayley-table row is not a permutation)")
    return table


class FiniteGroup(Group):
    r"""A finite group of real invertible ``n × n`` matrices, elements enumerated by closure.

    Parameters
    ----------
    generators : array_like, shape (k, n, n)
        Generating matrices (real, finite, invertible).
    name : str
        Human-readable name.
    elements : array_like, shape (order, n, n), optional
        The full element list in the desired order (``elements[0]`` must be the identity);
        it is checked to be closed under multiplication and generated by ``generators``.
    max_order : int
        Closure stops with ``ValueError`` beyond this many elements (the generators do not
        generate a finite group, or one too large for this dense representation).
    atol : float
        Tolerance (max-abs on entries) for identifying two matrices as the same element.

    Group law: matrix product; inverse: transpose when every element is orthogonal (checked
    once), else the matrix inverse.  Action on ``R^n``: ``g·x = g x``.  Haar measure: uniform
    (``1/|G|`` on each element).
    """

    is_finite = True
    family = "finite"

    def __init__(self, generators, *, name: str = "G", elements=None, max_order: int = 10_000, atol: float = 1e-9):
        gens = np.asarray(generators)
        if gens.dtype == object or np.iscomplexobj(gens) or not (np.issubdtype(gens.dtype, np.number)
                                                                 or gens.dtype == np.bool_):
            raise TypeError(f"generators must be a real numeric array (k, n, n), got dtype {gens.dtype}")
        gens = gens.astype(float)
        if gens.ndim == 2:
            gens = gens[None]
        if gens.ndim != 3 or gens.shape[1] != gens.shape[2] or gens.shape[0] == 0:
            raise ValueError(f"generators must have shape (k, n, n) with k >= 1, got {np.shape(generators)}")
        if not np.all(np.isfinite(gens)):
            raise ValueError("generators must be finite (no NaN/inf)")
        if np.any(np.abs(np.linalg.det(gens)) < 1e-12):
            raise ValueError("generators must be invertible matrices")
        max_order = check_positive_int(max_order, "max_order")
        self.name = name
        n = gens.shape[1]
        self.element_shape = (n, n)
        self.ambient_dim = n
        self._atol = float(atol)
        self._gens = snap(gens)
        if elements is None:
            elems = self._closure(self._gens, max_order)
        else:
            elems = self._check_elements(elements, max_order)
        self._set_elements(elems)
        self.order = int(len(elems))
        self._orthogonal = bool(np.all(orthogonality_error(elems) <= 1e-9))
        if elements is not None:
            try:
                spanned = self._closure(self._gens, self.order)
            except ValueError:
                raise ValueError(f"generators of {name} generate elements outside the list given") from None
            if len(spanned) != self.order:
                raise ValueError(f"generators generate {len(spanned)} of the {self.order} elements given for {name}")
            self.cayley_table()  # checks closure (ValueError if a product is missing)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_elements(cls, elements, *, name: str = "G", generators=None, atol: float = 1e-9) -> FiniteGroup:
        """A finite group from its full element list (order kept; ``elements[0]`` = identity).

        ``ValueError`` if the list is not closed under multiplication, has repeats, or does not
        start with the identity.  Without ``generators`` a small generating set is chosen greedily
        (the first element, in list order, outside the subgroup generated so far).
        """
        elems = np.asarray(elements, dtype=float)
        if elems.ndim != 3 or elems.shape[1] != elems.shape[2] or len(elems) == 0:
            raise ValueError(f"elements must have shape (order, n, n), got {elems.shape}")
        if generators is None:
            generators = _greedy_generators(elems, atol)
        return cls(generators, name=name, elements=elems, atol=atol)

    def _closure(self, gens: np.ndarray, max_order: int) -> np.ndarray:
        n = gens.shape[1]
        store = np.empty((16, n * n))
        store[0] = np.eye(n).ravel()
        count = 1
        buckets: dict[int, list[int]] = {int(_hash(store[:1])[0]): [0]}
        frontier = np.eye(n)[None]
        gflat = gens
        while len(frontier):
            prods = snap(np.einsum("aij,gjk->agik", frontier, gflat).reshape(-1, n, n))
            flat = prods.reshape(len(prods), -1)
            hashes = _hash(flat)
            new = []
            for p, h in zip(flat, hashes.tolist()):
                hit = False
                for i in buckets.get(h, ()):
                    if np.max(np.abs(store[i] - p)) <= self._atol:
                        hit = True
                        break
                if not hit:  # rounding boundary: confirm by brute force before adding
                    hit = bool(np.any(np.max(np.abs(store[:count] - p), axis=1) <= self._atol))
                if hit:
                    continue
                if count >= max_order:
                    raise ValueError(f"generators of {self.name} generate more than max_order={max_order} elements "
                                     "(not a finite group, or too large)")
                if count == len(store):
                    store = np.concatenate([store, np.empty_like(store)])
                store[count] = p
                buckets.setdefault(h, []).append(count)
                new.append(p)
                count += 1
            frontier = np.asarray(new).reshape(-1, n, n)
        return store[:count].reshape(count, n, n)

    def _check_elements(self, elements, max_order: int) -> np.ndarray:
        elems = np.asarray(elements, dtype=float)
        n = self.element_shape[0]
        if elems.ndim != 3 or elems.shape[1:] != (n, n) or len(elems) == 0:
            raise ValueError(f"elements must have shape (order, {n}, {n}), got {elems.shape}")
        if len(elems) > max_order:
            raise ValueError(f"elements has {len(elems)} entries > max_order={max_order}")
        if not np.all(np.isfinite(elems)):
            raise ValueError("elements must be finite (no NaN/inf)")
        if np.max(np.abs(elems[0] - np.eye(n))) > self._atol:
            raise ValueError("elements[0] must be the identity matrix")
        return snap(elems)

    def _set_elements(self, elems: np.ndarray) -> None:
        flat = elems.reshape(len(elems), -1)
        index = ElementIndex(flat)
        if not index.unique:  # equal hashes: equal (rounded) entries?
            d = np.max(np.abs(flat[:, None] - flat[None]), axis=-1) + np.eye(len(flat))
            if np.any(d <= self._atol):
                raise ValueError(f"elements of {self.name} contain a repeated element")
        self._elements = elems
        self._elements.setflags(write=False)
        self._index = index

    # -- lookup -------------------------------------------------------------------------
    def _lookup(self, a, atol: float) -> tuple[np.ndarray, np.ndarray]:
        """(index, found) for a batch; index is -1 where not found."""
        a = as_element_array(a, self.element_shape, self.name, "g")
        batch = a.shape[: a.ndim - 2]
        flat = np.asarray(a, dtype=float).reshape(-1, self._index.flat.shape[1])
        idx = self._index.lookup(flat, atol).reshape(batch)
        return idx, idx >= 0

    def index(self, a, *, atol: float = 1e-8) -> np.ndarray:
        """Index in :meth:`elements` of each matrix of a batch ``(..., n, n)``.

        ``ValueError`` if some matrix is not within ``atol`` (max-abs) of an element."""
        idx, found = self._lookup(a, atol)
        if not np.all(found):
            raise ValueError(f"g is not an element of {self.name} (no element within atol={atol})")
        return idx

    # -- Group interface ------------------------------------------------------------------
    def identity(self) -> np.ndarray:
        """The identity matrix (element 0)."""
        return np.eye(self.element_shape[0])

    def multiply(self, a, b) -> np.ndarray:
        """Matrix product ``a @ b`` (broadcast over batches)."""
        return np.matmul(a, b)

    def inverse(self, a) -> np.ndarray:
        """``aᵀ`` for orthogonal groups, else ``a⁻¹``."""
        a = np.asarray(a)
        return np.swapaxes(a, -1, -2) if self._orthogonal else np.linalg.inv(a)

    def contains(self, a, *, atol: float = 1e-9) -> np.ndarray:
        """Is each matrix within ``atol`` (max-abs) of an element?"""
        return self._lookup(a, max(atol, 1e-12))[1]

    def sample(self, n: int, seed=None) -> np.ndarray:
        """``n`` elements drawn uniformly (the normalised Haar = counting measure)."""
        n = check_positive_int(n, "n", 0)
        return self._elements[np.random.default_rng(seed).integers(0, self.order, n)].copy()

    def elements(self) -> np.ndarray:
        """All elements ``(order, n, n)`` (read-only, cached), index 0 = identity."""
        return self._elements

    def generators(self) -> np.ndarray:
        """The generators ``(k, n, n)`` the group was built from (a copy)."""
        return self._gens.copy()

    def cayley_table(self) -> np.ndarray:
        """``T[i, j] = index(elements[i] @ elements[j])``, int64 ``(order, order)``, cached, read-only."""
        E = self._elements

        def build():
            n = self.order
            return table_from_products(self._index, lambda r: np.einsum("aij,bjk->abik", E[r], E).reshape(len(r), n, -1),
                                       self.name)

        return self.cached("cayley_table", build)

    def irrep_labels(self, max_degree: int | None = None) -> list:
        """``0..N-1`` for the cyclic family (the ``j`` of ``chi_j``), else the names of
        :func:`gaugemath.reps.irreps` (``max_degree`` is ignored; the irreps are built once and cached)."""
        if self.family == "cyclic":
            return list(range(self.order))
        from gaugemath.reps.finite import irreps  # reps builds on groups: imported at call time only

        return [r.name for r in irreps(self)]

    def act(self, g, x) -> np.ndarray:
        """``g x`` for points ``x`` ``(..., n)`` (broadcast with the batch of ``g``)."""
        x = np.asarray(x)
        if x.shape[-1:] != (self.ambient_dim,):
            raise ValueError(f"x must have trailing dimension {self.ambient_dim} for {self.name}, got {x.shape}")
        return np.matmul(np.asarray(g), x[..., None])[..., 0]


def _greedy_generators(elems: np.ndarray, atol: float) -> np.ndarray:
    """First element (in list order) outside the subgroup generated so far, until all are reached."""
    n = elems.shape[1]
    flat = elems.reshape(len(elems), -1)
    gens: list[np.ndarray] = []
    span = np.zeros(len(elems), dtype=bool)
    span[0] = True
    for i in range(1, len(elems)):
        if span[i]:
            continue
        gens.append(elems[i])
        # closure of the current generators, tracked as a boolean mask over the list
        reached = [0]
        span[:] = False
        span[0] = True
        while reached:
            prods = np.einsum("aij,gjk->agik", elems[reached], np.asarray(gens)).reshape(-1, n * n)
            d = np.max(np.abs(prods[:, None] - flat[None]), axis=-1)
            best = np.argmin(d, axis=1)
            if np.any(d[np.arange(len(best)), best] > 1e-7):
                raise ValueError("elements are not closed under multiplication (not a group)")
            reached = [int(b) for b in np.unique(best) if not span[b]]
            span[reached] = True
        if span.all():
            break
    return np.asarray(gens) if gens else elems[:1].copy()

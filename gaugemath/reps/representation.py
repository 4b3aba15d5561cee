r"""The :class:`Representation` object and the operations that build new representations.

A representation of a group :math:`G` (a :class:`gaugemath.groups.Group`) on
:math:`\mathbb{C}^d` (or :math:`\mathbb{R}^d`) is a batched map ``g -> rho(g)`` returning
arrays of shape ``(..., d, d)`` with :math:`\rho(gh) = \rho(g)\rho(h)`.

* For a **finite** group a representation stores its full table of matrices,
  ``table[i] = rho(G.elements()[i])`` (shape ``(|G|, d, d)``); evaluation on a batch of
  elements is a table look-up through ``G.index``.  All operations on finite groups work on
  tables (exact permutations, no sampling).
* For a **continuous** group it stores a batched callable.

Conventions (stated once, used everywhere):

* direct sum: block diagonal, blocks in the order given;
* tensor product: ``kron`` order, :math:`(\rho_1\otimes\rho_2)(g)_{(i k),(j l)} =
  \rho_1(g)_{ij}\rho_2(g)_{kl}`, row-major flattening ``i*d2 + k``;
* dual (contragredient): :math:`\rho^*(g) = \rho(g^{-1})^{\mathsf T}` (the complex
  conjugate :math:`\overline{\rho(g)}` for unitary :math:`\rho`);
* change of basis: ``change_basis(rho, Q)`` is :math:`g\mapsto Q\,\rho(g)\,Q^{-1}`;
* character: :math:`\chi_\rho(g) = \operatorname{tr}\rho(g)`; inner products
  :math:`\langle\chi_1,\chi_2\rangle = \int_G \overline{\chi_1(g)}\chi_2(g)\,dg`
  (normalised Haar measure; a mean over the elements for finite groups).

Reference: J.-P. Serre, *Linear representations of finite groups* (1977), ch. 1–2.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..groups import as_group

__all__ = [
    "Representation",
    "trivial",
    "direct_sum",
    "tensor_product",
    "dual",
    "change_basis",
    "character",
    "character_inner_product",
    "restrict",
    "same_group",
    "finite_data",
]


# ----------------------------------------------------------------------------------------
# finite-group data (Cayley table, inverses, classes), cached per group object


class _FiniteData:
    """Read-only view of a finite group's cached structure (all held by the group itself, see
    :meth:`gaugemath.groups.Group.cached`): elements, Cayley table, inverses, classes, element orders."""

    def __init__(self, group):
        self.elements = np.asarray(group.elements())
        self.order = len(self.elements)
        table = np.asarray(group.cayley_table(), dtype=np.int64)
        if table.shape != (self.order, self.order):
            raise ValueError(f"cayley_table of {group.name} has shape {table.shape}, expected {(self.order,) * 2}")
        self.table = table
        self.inverse = group.inverse_index()
        self.class_of = group.class_of()
        self.classes = group.conjugacy_classes()
        self.element_order = group.element_orders()


def finite_data(group) -> _FiniteData:
    """Cayley table, inverses and conjugacy classes of a finite ``group`` (cached on the group)."""
    group = as_group(group)
    if not group.is_finite:
        raise ValueError(f"group must be finite, got {group.name!r}")
    return group.cached("finite_data", lambda: _FiniteData(group))


def same_group(g1, g2) -> bool:
    """True if ``g1`` and ``g2`` are the same group (same object, or same type, name and elements)."""
    if g1 is g2:
        return True
    if type(g1) is not type(g2) or getattr(g1, "name", None) != getattr(g2, "name", None):
        return False
    if tuple(g1.element_shape) != tuple(g2.element_shape) or g1.is_finite != g2.is_finite:
        return False
    if g1.is_finite:
        if g1.order != g2.order:
            return False
        return bool(np.allclose(np.asarray(g1.elements()), np.asarray(g2.elements()), atol=1e-9))
    return True


# ----------------------------------------------------------------------------------------


class Representation:
    r"""A matrix representation :math:`\rho: G \to GL(d)` with batched evaluation.

    Parameters
    ----------
    group : gaugemath.groups.Group
    dim : int
        The dimension ``d``.
    matrices : callable, optional
        ``matrices(g)`` for a batch ``g`` of shape ``(..., *group.element_shape)`` returns
        ``(..., d, d)``.  Required for continuous groups.
    table : array (|G|, d, d), optional
        Finite groups: ``table[i] = rho(group.elements()[i])``.  Computed from ``matrices``
        when not given.
    name : str
        A label (irreps carry their Mulliken/Bethe or quantum-number label here).

    Notes
    -----
    ``rho(g)`` validates ``g`` (``ValueError`` naming ``g``); ``rho.matrices(g)`` skips the check.
    Matrices are real (``float64``) when the representation is real in the stated basis and
    ``complex128`` otherwise (:attr:`is_real`).
    """

    def __init__(self, group, dim: int, matrices: Callable | None = None, *, table=None, name: str = "rho", **meta):
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 1:
            raise ValueError(f"dim must be a positive integer, got {dim!r}")
        group = as_group(group)
        self.group = group
        self.dim = int(dim)
        self.name = str(name)
        self.meta = dict(meta)
        self._fn = matrices
        self._table = None
        if table is not None:
            if not group.is_finite:
                raise ValueError(f"table= is only for finite groups, {group.name} is continuous")
            t = np.asarray(table)
            if t.shape != (group.order, self.dim, self.dim):
                raise ValueError(f"table must have shape {(group.order, self.dim, self.dim)}, got {t.shape}")
            self._table = _clean_dtype(t)
        elif matrices is None:
            raise ValueError("give matrices= (a callable) or table= (finite groups)")

    # --- evaluation -------------------------------------------------------------------
    @property
    def is_finite(self) -> bool:
        return bool(self.group.is_finite)

    @property
    def table(self) -> np.ndarray:
        """Finite groups: all matrices, ``(|G|, d, d)``, in ``group.elements()`` order."""
        if not self.is_finite:
            raise ValueError(f"table is only defined for finite groups; {self.group.name} is continuous")
        if self._table is None:
            t = np.asarray(self._fn(np.asarray(self.group.elements())))
            self._table = _clean_dtype(t)
        return self._table

    def matrices(self, g) -> np.ndarray:
        """``rho(g)`` for a batch of elements, without validating ``g``."""
        if self._table is not None or (self.is_finite and self._fn is None):
            return self.table[np.asarray(self.group.index(g))]
        out = np.asarray(self._fn(np.asarray(g)))
        return _clean_dtype(out)

    def __call__(self, g) -> np.ndarray:
        """``rho(g)``, shape ``(..., d, d)``; ``g`` is validated (``ValueError`` if not in the group)."""
        g = self.group.validate(g, "g")
        return self.matrices(g)

    @property
    def is_real(self) -> bool:
        """True if the matrices are real in this basis."""
        if self.is_finite:
            return not np.iscomplexobj(self.table)
        if "is_real" not in self.meta:
            self.meta["is_real"] = not np.iscomplexobj(self.matrices(self.group.sample(4, seed=0)))
        return bool(self.meta["is_real"])

    def character(self, g) -> np.ndarray:
        r""":math:`\chi(g) = \operatorname{tr}\rho(g)` for a batch of elements."""
        return np.trace(self(g), axis1=-2, axis2=-1)

    def is_unitary(self, *, atol: float = 1e-9, samples: int = 16, seed: int = 0) -> bool:
        """Unitarity on all elements (finite) or on ``samples`` Haar-random elements."""
        m = self.table if self.is_finite else self.matrices(self.group.sample(samples, seed=seed))
        eye = np.eye(self.dim)
        return bool(np.max(np.abs(np.conj(np.swapaxes(m, -1, -2)) @ m - eye)) <= atol)

    def __repr__(self) -> str:
        return f"<Representation {self.name} of {self.group.name}, dim {self.dim}>"


def _clean_dtype(m: np.ndarray) -> np.ndarray:
    """float64 when the imaginary part vanishes exactly, else complex128."""
    if np.iscomplexobj(m):
        if not np.any(m.imag):
            return np.ascontiguousarray(m.real, dtype=np.float64)
        return np.ascontiguousarray(m, dtype=np.complex128)
    return np.ascontiguousarray(m, dtype=np.float64)


def _check_rep(rho, name: str) -> Representation:
    if not isinstance(rho, Representation):
        raise TypeError(f"{name} must be a Representation, got {type(rho).__name__}")
    return rho


def _check_same_group(reps, names) -> None:
    g0 = reps[0].group
    for r, n in zip(reps[1:], names[1:]):
        if not same_group(g0, r.group):
            raise ValueError(
                f"{n} is a representation of {r.group.name}, but {names[0]} is one of {g0.name}: "
                "representations of different groups cannot be combined"
            )


# ----------------------------------------------------------------------------------------
# constructions


def trivial(group, dim: int = 1) -> Representation:
    """The trivial representation ``g -> I_dim`` (real); ``group`` a Group or a name."""
    group = as_group(group)
    if group.is_finite:
        return Representation(group, dim, table=np.broadcast_to(np.eye(dim), (group.order, dim, dim)).copy(),
                              name="trivial")
    ndim = len(group.element_shape)

    def fn(g):
        return np.broadcast_to(np.eye(dim), np.shape(g)[: np.ndim(g) - ndim] + (dim, dim)).copy()

    return Representation(group, dim, fn, name="trivial")


def direct_sum(*reps: Representation) -> Representation:
    r""":math:`\rho_1\oplus\rho_2\oplus\cdots`: block-diagonal matrices, blocks in argument order."""
    if len(reps) == 1 and isinstance(reps[0], (list, tuple)):
        reps = tuple(reps[0])
    if not reps:
        raise ValueError("direct_sum needs at least one representation")
    names = [f"reps[{i}]" for i in range(len(reps))]
    for r, n in zip(reps, names):
        _check_rep(r, n)
    _check_same_group(reps, names)
    dims = [r.dim for r in reps]
    offs = np.concatenate([[0], np.cumsum(dims)])
    d = int(offs[-1])
    name = " ⊕ ".join(r.name for r in reps)
    group = reps[0].group

    def assemble(mats):
        shape = mats[0].shape[:-2]
        dtype = np.result_type(*mats)
        out = np.zeros(shape + (d, d), dtype=dtype)
        for m, a, b in zip(mats, offs[:-1], offs[1:]):
            out[..., a:b, a:b] = m
        return out

    if group.is_finite:
        return Representation(group, d, table=assemble([r.table for r in reps]), name=name)
    return Representation(group, d, lambda g: assemble([r.matrices(g) for r in reps]), name=name,
                          is_real=all(r.is_real for r in reps))


def _kron(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = a[..., :, None, :, None] * b[..., None, :, None, :]
    s = out.shape
    return out.reshape(s[:-4] + (s[-4] * s[-3], s[-2] * s[-1]))


def tensor_product(rho1: Representation, rho2: Representation) -> Representation:
    r""":math:`\rho_1\otimes\rho_2` in ``kron`` order (row index ``i*d2 + k``)."""
    _check_rep(rho1, "rho1")
    _check_rep(rho2, "rho2")
    _check_same_group([rho1, rho2], ["rho1", "rho2"])
    d = rho1.dim * rho2.dim
    name = f"({rho1.name}) ⊗ ({rho2.name})"
    meta = {"tensor_factors": (rho1, rho2)}
    if rho1.is_finite:
        return Representation(rho1.group, d, table=_kron(rho1.table, rho2.table), name=name, **meta)
    meta["is_real"] = rho1.is_real and rho2.is_real
    return Representation(rho1.group, d, lambda g: _kron(rho1.matrices(g), rho2.matrices(g)), name=name, **meta)


def dual(rho: Representation) -> Representation:
    r"""Contragredient :math:`\rho^*(g) = \rho(g^{-1})^{\mathsf T}`."""
    _check_rep(rho, "rho")
    group = rho.group
    name = f"({rho.name})*"
    if rho.is_finite:
        inv = finite_data(group).inverse
        return Representation(group, rho.dim, table=np.swapaxes(rho.table[inv], -1, -2), name=name)
    return Representation(group, rho.dim, lambda g: np.swapaxes(rho.matrices(group.inverse(g)), -1, -2), name=name)


def change_basis(rho: Representation, Q, name: str | None = None) -> Representation:
    r"""The equivalent representation :math:`g\mapsto Q\,\rho(g)\,Q^{-1}` (``Q`` invertible, ``(d, d)``)."""
    _check_rep(rho, "rho")
    Q = np.asarray(Q)
    if Q.shape != (rho.dim, rho.dim):
        raise ValueError(f"Q must have shape {(rho.dim, rho.dim)}, got {Q.shape}")
    if not np.all(np.isfinite(Q)):
        raise ValueError("Q must be finite")
    s = np.linalg.svd(Q, compute_uv=False)
    if s[-1] <= 1e-12 * s[0]:
        raise ValueError("Q must be invertible (its condition number exceeds 1e12)")
    Qinv = np.linalg.inv(Q)
    name = name or f"Q ({rho.name}) Q⁻¹"
    if rho.is_finite:
        return Representation(rho.group, rho.dim, table=Q @ rho.table @ Qinv, name=name)
    return Representation(rho.group, rho.dim, lambda g: Q @ rho.matrices(g) @ Qinv, name=name)


def character(rho: Representation, g=None) -> np.ndarray:
    r"""Character :math:`\chi_\rho(g) = \operatorname{tr}\rho(g)`; for finite groups and ``g=None``,
    the values on all elements (``group.elements()`` order)."""
    _check_rep(rho, "rho")
    if g is None:
        if not rho.is_finite:
            raise ValueError("g is required for a continuous group")
        return np.trace(rho.table, axis1=-2, axis2=-1)
    return rho.character(g)


def character_inner_product(rho1: Representation, rho2: Representation) -> complex | float:
    r""":math:`\langle\chi_1,\chi_2\rangle = \frac1{|G|}\sum_g \overline{\chi_1(g)}\chi_2(g)` (finite groups).

    For continuous groups use :func:`gaugemath.reps.multiplicities` (exact weights) or
    :func:`gaugemath.reps.hom_basis`.  Returns a float when the imaginary part is below 1e-12.
    """
    _check_rep(rho1, "rho1")
    _check_rep(rho2, "rho2")
    _check_same_group([rho1, rho2], ["rho1", "rho2"])
    if not rho1.is_finite:
        raise ValueError("character_inner_product sums over the elements: finite groups only")
    val = np.mean(np.conj(character(rho1)) * character(rho2))
    return float(val.real) if abs(val.imag) < 1e-12 else complex(val)


def restrict(rho: Representation, subgroup, embedding: Callable | None = None) -> Representation:
    r"""Restriction :math:`\mathrm{Res}^G_H\rho = \rho\circ\iota` to a subgroup ``H``.

    ``embedding`` maps a batch of ``H``'s elements to ``G``'s parameterisation; by default
    :func:`gaugemath.groups.embed` ``(H, G)``.  ``ValueError`` if ``H`` is not a subgroup of ``G``
    (checked on all elements of a finite ``H``, on 32 Haar samples of a continuous one).
    """
    _check_rep(rho, "rho")
    G = rho.group
    H = as_group(subgroup, "subgroup")
    if embedding is None:
        embedding = _default_embedding(H, G)
    if H.is_finite:
        elems = np.asarray(embedding(np.asarray(H.elements())))
        if not np.all(G.contains(elems)):
            raise ValueError(f"subgroup {H.name} is not a subgroup of {G.name} (an element is not in {G.name})")
        mats = rho.matrices(elems)
        return Representation(H, rho.dim, table=mats, name=f"Res({rho.name})")
    probe = np.asarray(embedding(H.sample(32, seed=0)))
    if not np.all(G.contains(probe)):
        raise ValueError(f"subgroup {H.name} is not a subgroup of {G.name}")
    return Representation(H, rho.dim, lambda h: rho.matrices(embedding(h)), name=f"Res({rho.name})")


def _default_embedding(H, G) -> Callable:
    """:func:`gaugemath.groups.embed` ``(H, G)`` (``ValueError`` when no embedding is known)."""
    from ..groups import embed

    return embed(H, G)

r"""Induced representations of finite groups, Frobenius reciprocity, Mackey intertwiners.

Coset representatives
---------------------
For :math:`K\le G` the left cosets :math:`gK` are numbered in order of their smallest
element index in ``G.elements()``; the representative :math:`r_i` of coset ``i`` is that
smallest element, so :math:`r_0 = e` (:func:`cosets`).

Induced representation (Serre §7.1, explicit matrices)
------------------------------------------------------
On :math:`V^{\oplus[G:K]}` (block ``j`` = the copy :math:`r_j\otimes V`),

.. math:: \mathrm{Ind}_K^G\rho(g)_{ij} = \rho(r_i^{-1} g\, r_j)\ \text{ if } r_i^{-1}gr_j\in K,
          \text{ else } 0,

i.e. block column ``j`` has exactly one non-zero block, in the row of the coset
:math:`g r_j K`.  In the Mackey picture (functions :math:`f:G\to V`,
:math:`f(gk)=\rho(k)^{-1}f(g)`, :math:`(g\cdot f)(h) = f(g^{-1}h)`) the block ``j`` is the
value :math:`f(r_j)`: the two pictures have the same matrices.

Intertwiners between induced representations (Mackey; Cohen, Geiger & Weiler 2019 §4)
-------------------------------------------------------------------------------------
A kernel :math:`\kappa: G\to\mathrm{Hom}(V_{in}, V_{out})` with
:math:`\kappa(kgk') = \rho_{out}(k)\,\kappa(g)\,\rho_{in}(k')` for all :math:`k,k'\in K`
defines the equivariant map :math:`(\Phi f)(g) = \frac1{|K|}\sum_{h\in G}\kappa(g^{-1}h) f(h)`,
whose matrix on the blocks is :math:`\Phi_{ij} = \kappa(r_i^{-1}r_j)`.  Such kernels are
determined by their values on one representative :math:`g` per double coset :math:`KgK`,
constrained by the stabiliser :math:`K_g = K\cap gKg^{-1}`; so

.. math:: \dim\mathrm{Hom}_G(\mathrm{Ind}\rho_{in},\mathrm{Ind}\rho_{out}) =
          \sum_{KgK}\dim\mathrm{Hom}_{K_g}(\rho_{in}^g, \rho_{out}),
          \quad \rho_{in}^g(k) = \rho_{in}(g^{-1}kg)  \quad\text{(Mackey's formula)}.
"""

from __future__ import annotations

import numpy as np

from .._linalg import nullspace
from ..groups import as_group
from .representation import Representation, _check_rep, _default_embedding, finite_data, same_group

__all__ = [
    "cosets",
    "double_cosets",
    "induce",
    "frobenius_map",
    "frobenius_reciprocity",
    "induced_intertwiners",
    "kernel_matrix",
    "mackey_dimension",
]


def _subgroup_indices(G, K, embedding=None) -> np.ndarray:
    """Indices in ``G.elements()`` of ``K.elements()`` (``ValueError`` if K is not a subgroup);
    cached on ``G`` per subgroup object when ``embedding`` is the default."""
    G, K = as_group(G, "G"), as_group(K, "K")
    if not G.is_finite:
        raise ValueError(f"G must be a finite group, got {G.name!r}")
    if not K.is_finite:
        raise ValueError(f"K must be a finite group, got {K.name!r}")
    if embedding is None:
        return G.cached(("subgroup_indices", K), lambda: _find_subgroup_indices(G, K, None))
    return _find_subgroup_indices(G, K, embedding)


def _find_subgroup_indices(G, K, embedding) -> np.ndarray:
    if embedding is None:
        try:
            embedding = _default_embedding(K, G)
        except ValueError as exc:
            raise ValueError(f"K={K.name} is not a subgroup of G={G.name}: {exc}") from None
    elems = np.asarray(embedding(np.asarray(K.elements())))
    if not np.all(G.contains(elems)):
        raise ValueError(f"K={K.name} is not a subgroup of G={G.name} (an element of K is not in G)")
    try:
        idx = np.asarray(G.index(elems), dtype=np.int64)
    except ValueError:
        raise ValueError(f"K={K.name} is not a subgroup of G={G.name} (an element of K is not in G)") from None
    if len(np.unique(idx)) != len(idx):
        raise ValueError(f"K={K.name} does not embed injectively into G={G.name}")
    data = finite_data(G)
    inside = np.zeros(data.order, dtype=bool)
    inside[idx] = True
    if not np.all(inside[data.table[np.ix_(idx, idx)]]) or G.order % len(idx):
        raise ValueError(f"K={K.name} is not a subgroup of G={G.name} (not closed under multiplication)")
    return idx


def cosets(G, K, embedding=None):
    r"""Left cosets :math:`G/K`: ``(representatives, coset_of, k_index)``.

    ``representatives[i]`` is the index of :math:`r_i` (smallest index in its coset, so
    ``representatives[0] = 0`` = identity); ``coset_of[g]`` the coset of element ``g``;
    ``k_index`` the indices of K's elements in G (in K's own order).  The numbering is
    :func:`gaugemath.groups.base.left_cosets`, shared with :class:`gaugemath.bundles.FiniteQuotient`,
    and cached on ``G`` (:meth:`~gaugemath.groups.Group.left_cosets`).
    """
    G, K = as_group(G, "G"), as_group(K, "K")
    if embedding is None:  # cached on G per subgroup object
        return G.cached(("cosets", K), lambda: _cosets(G, K, None))
    return _cosets(G, K, embedding)


def _cosets(G, K, embedding):
    kidx = _subgroup_indices(G, K, embedding)
    reps_idx, coset_of = G.left_cosets(np.sort(kidx))
    return reps_idx, coset_of, kidx


def _induction_pattern(G, K, embedding=None):
    r"""``(representatives, block)`` with ``block[g, i, j]`` the position in K of
    :math:`r_i^{-1} g r_j` when it lies in K (i.e. :math:`g r_j \in r_i K`), else −1: the block
    pattern of :math:`\mathrm{Ind}_K^G\rho(g)`, which depends on (G, K) only (cached on G per
    subgroup object).  ``G`` and ``K`` are group objects (callers parse names)."""
    if embedding is None:
        return G.cached(("induction_pattern", K), lambda: _build_pattern(G, *cosets(G, K)))
    return _build_pattern(G, *cosets(G, K, embedding))


def _build_pattern(G, reps_idx, coset_of, kidx):
    data = finite_data(G)
    n, m = data.order, len(reps_idx)
    pos_in_k = -np.ones(n, dtype=np.int64)
    pos_in_k[kidx] = np.arange(len(kidx))
    g = np.arange(n)[:, None]
    gr = data.table[g, reps_idx[None, :]]  # g r_j, (n, m)
    i = coset_of[gr]  # the row block of column block j
    block = -np.ones((n, m, m), dtype=np.int64)
    block[np.broadcast_to(g, (n, m)), i, np.broadcast_to(np.arange(m), (n, m))] = pos_in_k[
        data.table[data.inverse[reps_idx[i]], gr]
    ]  # r_i^-1 g r_j in K
    block.setflags(write=False)
    return reps_idx, block


def double_cosets(G, K, embedding=None) -> list[np.ndarray]:
    """Double cosets :math:`KgK` as arrays of element indices; the first entry of each is its
    smallest index (the representative), and the first double coset is ``K`` itself."""
    G = as_group(G, "G")
    kidx = _subgroup_indices(G, K, embedding)
    data = finite_data(G)
    seen = np.zeros(data.order, dtype=bool)
    out = []
    for g in range(data.order):
        if not seen[g]:
            members = np.unique(data.table[data.table[kidx, g][:, None], kidx[None, :]])
            seen[members] = True
            out.append(np.concatenate([[g], members[members != g]]))
    return out


def induce(rho: Representation, G, K=None, embedding=None) -> Representation:
    r""":math:`\mathrm{Ind}_K^G\rho` with explicit matrices (see the module docstring).

    ``rho`` is a representation of ``K`` (default ``K = rho.group``).  The result has
    dimension :math:`[G:K]\,d_\rho`, block ``j`` belonging to coset representative
    ``meta["representatives"][j]``.  ``ValueError`` if ``K`` is not a subgroup of ``G``.
    """
    _check_rep(rho, "rho")
    G = as_group(G, "G")
    K = rho.group if K is None else as_group(K, "K")
    if not same_group(K, rho.group):
        raise ValueError(f"rho is a representation of {rho.group.name}, not of K={K.name}")
    reps_idx, block = _induction_pattern(G, K, embedding)
    n, m, d = block.shape[0], len(reps_idx), rho.dim
    rk = rho.table
    padded = np.concatenate([rk, np.zeros((1, d, d), dtype=rk.dtype)])  # index -1: the zero block
    out = padded[block].transpose(0, 1, 3, 2, 4)  # (n, i, a, j, b)
    return Representation(G, m * d, table=out.reshape(n, m * d, m * d), name=f"Ind({rho.name})",
                          representatives=reps_idx, subgroup=K, inducing=rho)


def frobenius_map(phi, tau: Representation, rho: Representation, K=None, embedding=None) -> np.ndarray:
    r"""Frobenius reciprocity :math:`\mathrm{Hom}_K(\rho,\mathrm{Res}\,\tau)\to
    \mathrm{Hom}_G(\mathrm{Ind}\,\rho,\tau)`, :math:`\Phi\mapsto[\tau(r_0)\Phi,\dots,\tau(r_{m-1})\Phi]`.

    ``phi`` has shape ``(d_tau, d_rho)`` (or a stack ``(..., d_tau, d_rho)``) and must satisfy
    :math:`\tau(k)\Phi = \Phi\rho(k)`; the result ``(..., d_tau, m d_rho)`` intertwines
    :func:`induce` ``(rho, tau.group, K)`` with ``tau``.  The inverse map is the restriction to
    block 0 (:math:`r_0=e`).  Serre §7.2, Theorem 13.
    """
    _check_rep(tau, "tau")
    _check_rep(rho, "rho")
    K = rho.group if K is None else as_group(K, "K")
    G = tau.group
    reps_idx, _, _ = cosets(G, K, embedding)
    phi = np.asarray(phi)
    if phi.shape[-2:] != (tau.dim, rho.dim):
        raise ValueError(f"phi must have trailing shape {(tau.dim, rho.dim)}, got {phi.shape}")
    blocks = tau.table[reps_idx] @ phi[..., None, :, :]  # (..., m, d_tau, d_rho)
    return np.concatenate(list(np.moveaxis(blocks, -3, 0)), axis=-1)


def frobenius_reciprocity(rho: Representation, tau: Representation, K=None, embedding=None) -> tuple[int, int]:
    r"""Both sides of Frobenius reciprocity as integers:
    :math:`(\langle\chi_{\mathrm{Ind}\rho},\chi_\tau\rangle_G,\ \langle\chi_\rho,\chi_{\mathrm{Res}\tau}\rangle_K)`,
    each computed from characters on its own group (they are equal)."""
    from .representation import character_inner_product, restrict

    K = rho.group if K is None else K
    ind = induce(rho, tau.group, K, embedding)
    lhs = character_inner_product(ind, tau)
    rhs = character_inner_product(rho, restrict(tau, K, embedding))
    return int(round(np.real(lhs))), int(round(np.real(rhs)))


def induced_intertwiners(rho_in: Representation, rho_out: Representation, G, embedding=None) -> np.ndarray:
    r"""Basis of Mackey kernels :math:`\kappa` between :math:`\mathrm{Ind}_K^G\rho_{in}` and
    :math:`\mathrm{Ind}_K^G\rho_{out}` (``rho_in``, ``rho_out`` representations of the same ``K``).

    Returns an array ``(n_basis, |G|, d_out, d_in)``: ``kappa[b, g]`` is the value on element
    ``g`` (index in ``G.elements()``); each basis kernel lives on one double coset and satisfies
    :math:`\kappa(kgk') = \rho_{out}(k)\kappa(g)\rho_{in}(k')`.  The count equals Mackey's formula
    (:func:`mackey_dimension`).  Use :func:`kernel_matrix` for the matrix between the induced
    representations of :func:`induce`.
    """
    _check_rep(rho_in, "rho_in")
    _check_rep(rho_out, "rho_out")
    if not same_group(rho_in.group, rho_out.group):
        raise ValueError("rho_in and rho_out must be representations of the same subgroup K")
    K, G = rho_in.group, as_group(G, "G")
    kidx = _subgroup_indices(G, K, embedding)
    data = finite_data(G)
    pos_in_k = -np.ones(data.order, dtype=np.int64)
    pos_in_k[kidx] = np.arange(len(kidx))
    A_in, A_out = rho_in.table, rho_out.table
    dtype = np.result_type(A_in, A_out)
    d_in, d_out = rho_in.dim, rho_out.dim
    basis = []
    for dc in double_cosets(G, K, embedding):
        g = dc[0]
        ginv = data.inverse[g]
        # stabiliser: k in K with k' = g^-1 k^-1 g in K
        kp = pos_in_k[data.table[data.table[ginv, data.inverse[kidx]], g]]
        stab = np.flatnonzero(kp >= 0)
        # X = rho_out(k) X rho_in(k')  ->  (rho_out(k) ⊗ rho_in(k')^T - I) vec X = 0
        rows = [np.kron(A_out[s], A_in[kp[s]].T) - np.eye(d_out * d_in) for s in stab]
        null = nullspace(np.concatenate(rows, axis=0))
        if null.size == 0:
            continue
        if not np.iscomplexobj(A_in) and not np.iscomplexobj(A_out):
            null = null.real
        # spread over the double coset: kappa(k g k') = rho_out(k) X rho_in(k')
        kk = np.repeat(np.arange(len(kidx)), len(kidx))
        kq = np.tile(np.arange(len(kidx)), len(kidx))
        elem = data.table[data.table[kidx[kk], g], kidx[kq]]
        for col in null.T:
            X = col.reshape(d_out, d_in)
            kap = np.zeros((data.order, d_out, d_in), dtype=np.result_type(dtype, X))
            kap[elem] = A_out[kk] @ X @ A_in[kq]
            basis.append(kap)
    if not basis:
        return np.zeros((0, data.order, d_out, d_in), dtype=dtype)
    return np.stack(basis)


def kernel_matrix(kappa, rho_in: Representation, G, embedding=None) -> np.ndarray:
    r"""Matrix of :math:`\Phi` on the blocks of :func:`induce`: :math:`\Phi_{ij}=\kappa(r_i^{-1}r_j)`.

    ``kappa`` is ``(|G|, d_out, d_in)`` (or a stack of them); the result is
    ``(..., m d_out, m d_in)`` with :math:`\Phi\,\mathrm{Ind}\rho_{in}(g) = \mathrm{Ind}\rho_{out}(g)\,\Phi`.
    """
    G = as_group(G, "G")
    reps_idx, _, _ = cosets(G, rho_in.group, embedding)
    data = finite_data(G)
    kappa = np.asarray(kappa)
    m = len(reps_idx)
    idx = data.table[data.inverse[reps_idx][:, None], reps_idx[None, :]]  # r_i^-1 r_j
    blocks = kappa[..., idx, :, :]  # (..., m, m, d_out, d_in)
    blocks = np.swapaxes(blocks, -3, -2)  # (..., m, d_out, m, d_in)
    s = blocks.shape
    return blocks.reshape(s[:-4] + (m * s[-3], m * s[-1]))


def mackey_dimension(rho_in: Representation, rho_out: Representation, G, embedding=None) -> int:
    r"""Mackey's formula :math:`\sum_{KgK}\langle\chi_{\rho_{in}^g},\chi_{\rho_{out}}\rangle_{K_g}`
    computed from characters on the stabilisers :math:`K_g = K\cap gKg^{-1}`."""
    K, G = rho_in.group, as_group(G, "G")
    kidx = _subgroup_indices(G, K, embedding)
    data = finite_data(G)
    pos_in_k = -np.ones(data.order, dtype=np.int64)
    pos_in_k[kidx] = np.arange(len(kidx))
    chi_in = np.trace(rho_in.table, axis1=1, axis2=2)
    chi_out = np.trace(rho_out.table, axis1=1, axis2=2)
    total = 0.0
    for dc in double_cosets(G, K, embedding):
        g = dc[0]
        conj = pos_in_k[data.table[data.table[data.inverse[g], kidx], g]]  # g^-1 k g
        stab = np.flatnonzero(conj >= 0)
        total += np.mean(np.conj(chi_in[conj[stab]]) * chi_out[stab]).real
    return int(round(total))


def spin_weighted_induced(group, s: int, L: int) -> Representation:
    r""":math:`\mathrm{Ind}_{SO(2)}^{SO(3)}\chi_s`, band-limited to degree ``L``, on coefficient vectors.

    Realised on spin-weight-``s`` functions :math:`f = \sum_{\ell=|s|}^{L}\sum_m a_{\ell m}\,{}_sY_{\ell m}`
    (:func:`gaugemath.spherical_harmonics` with ``spin=s``), i.e. on Mackey functions
    :math:`F(g) \propto \sum a_{\ell m}\overline{D^\ell_{m,-s}(g)}` with
    :math:`F(g\,R_z(\gamma)) = e^{-is\gamma}F(g)` (so :math:`\chi_s(R_z(\gamma)) = e^{is\gamma}`);
    the action :math:`(R\cdot F)(g) = F(R^{-1}g)` acts on coefficients by
    :math:`a_\ell \mapsto D^\ell(R)\,a_\ell` (complex basis), so the matrices are
    :math:`\bigoplus_{\ell=|s|}^{L} D^\ell(R)`, coefficient :math:`(\ell, m)` at
    :math:`\ell^2+\ell+m-s^2` — the decomposition :math:`\bigoplus_{\ell\ge|s|}D^\ell` is explicit.
    Reference: Goldberg et al., J. Math. Phys. 8 (1967) 2155; Cohen, Geiger & Weiler 2019 §6.
    """
    from .._validation import as_degree
    from ..wigner import wigner_D_all

    L = as_degree(L, "L")
    if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
        raise TypeError(f"s must be an integer, got {s!r}")
    s = int(s)
    if abs(s) > L:
        raise ValueError(f"need |s| <= L, got s={s}, L={L}")
    group = as_group(group)
    if group.family != "SO3":
        raise ValueError(f"group must be SO(3), got {group.name}")
    dim = (L + 1) ** 2 - s * s
    degrees = list(range(abs(s), L + 1))

    def fn(g):
        Ds = wigner_D_all(L, np.asarray(g, dtype=float), basis="complex")
        out = np.zeros(np.shape(g)[:-2] + (dim, dim), dtype=complex)
        off = 0
        for ell in degrees:
            k = 2 * ell + 1
            out[..., off:off + k, off:off + k] = Ds[ell]
            off += k
        return out

    return Representation(group, dim, fn, name=f"Ind(chi_{s}), L={L}", spin=s, degrees=degrees)

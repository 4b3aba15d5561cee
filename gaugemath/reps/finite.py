r"""Irreducible representations of finite groups, regular and quotient representations.

Construction (no hard-coded tables)
-----------------------------------
The structure is read from the Cayley table alone (never from the element matrices, the
generator order or a family guess), so any generating set and any faithful realisation
gives the same irreps up to the choice of ``r`` and ``s`` below.

* **Cyclic** :math:`C_N` (some element has order ``N = |G|``; ``r`` = the first such element in
  ``G.elements()`` order, which is :math:`R(2\pi/N)` for :func:`gaugemath.groups.cyclic`):
  :math:`\chi_j(r^k) = e^{2\pi i jk/N}`, ``j = 0..N-1``, labels ``"chi{j}"``; ``chi0`` and
  (``N`` even) ``chi{N/2}`` are real, the others complex.
* **Dihedral** :math:`D_N`, ``|G| = 2N >= 4`` (``r`` = the first element of order N, ``s`` = the
  first element outside :math:`\langle r\rangle`, verified :math:`s^2=e`, :math:`srs^{-1}=r^{-1}`,
  so every element is :math:`r^k s^f`; for :func:`gaugemath.groups.dihedral` these are
  :math:`R(2\pi/N)` and :math:`\mathrm{diag}(1,-1)`):
  ``A1`` (trivial), ``A2`` (:math:`r\mapsto1, s\mapsto-1`), for even ``N`` ``B1``
  (:math:`r\mapsto-1, s\mapsto1`) and ``B2`` (:math:`r\mapsto-1, s\mapsto-1`), and
  ``E{j}`` for :math:`1\le j<N/2`: :math:`r^k\mapsto R(2\pi jk/N)`,
  :math:`r^k s\mapsto R(2\pi jk/N)\,\mathrm{diag}(1,-1)`, all real orthogonal.
* **Any other finite group** (T, O, I, T_h, O_h, I_h, or a user's group): a real version
  of Dixon's method (J. D. Dixon, *Numer. Math.* 10 (1967) 446; Serre §2.6–2.7):

  1. a random real symmetric **central** element :math:`z=\sum_C c_C\,\hat C` of
     :math:`\mathbb R[G]` (``c_C = c_{C^{-1}}``) acts on the regular representation by a
     symmetric matrix; its eigenspaces are the real isotypic components;
  2. inside each, a random symmetric element of the right regular action (the commutant)
     splits off one irreducible real subspace :math:`E`; :math:`\rho_{\mathbb R}(g) =
     E^{\mathsf T}L(g)E` is real orthogonal;
  3. the Frobenius–Schur type comes from :math:`\langle\chi_{\mathbb R},\chi_{\mathbb R}\rangle
     \in\{1,2,4\}`: real type (1) keeps the real orthogonal form; complex type (2) is split
     by a complex structure :math:`J` in its commutant (:math:`J^2=-1`) into the unitary
     :math:`\tau = U^\dagger\rho_{\mathbb R}U` on the :math:`+i` eigenspace of :math:`J` and
     its conjugate :math:`\bar\tau`; quaternionic type (4) gives one unitary :math:`\tau`.

  The random numbers come from a fixed seed, so the matrices are reproducible.  Groups of
  odd-dimensional matrices containing :math:`-1` (then :math:`G = H\times\{\pm1\}` with H the
  rotation part, e.g. ``O_h = O \times \{\pm1\}``) are built as products: the irreps of the rotation part (elements with :math:`\det>0`)
  times the parity characters, so that ``O_h``'s irreps restrict to exactly ``O``'s.

Form stated
-----------
:func:`irreps` returns the **complex irreducible** representations, each unitary, given by
*real orthogonal* matrices whenever it is of real type (``irrep.meta["type"]`` is
``"real"``, ``"complex"`` or ``"quaternionic"``).  :func:`real_irreps` returns the irreducible
representations over :math:`\mathbb R`: real-type irreps as they are, and for each complex
pair the realification :math:`\tau_{\mathbb R} = \begin{pmatrix}\mathrm{Re}\,\tau & -\mathrm{Im}\,\tau\\
\mathrm{Im}\,\tau & \mathrm{Re}\,\tau\end{pmatrix}`.

Labels (Mulliken/Bethe, documented rule)
----------------------------------------
For groups other than :math:`C_N, D_N`: letter by dimension (A=1, E=2, T=3, G=4, H=5, then
``D{d}``); among real-type irreps of one dimension, subscripts 1, 2, … in decreasing
:math:`\chi(p)` where :math:`p` is the first element of highest order among the
rotations (:math:`\det>0`), e.g. a 4-fold axis of O, a 5-fold axis of I (so ``T1`` of O
and I is the vector representation, ``A2`` of O has :math:`\chi(C_4)=-1`); a complex pair
of dimension ``d`` is ``"1X"``, ``"2X"`` with ``X`` the letter of ``2d`` (T: ``1E``, ``2E``),
``1`` for the member with :math:`\mathrm{Im}\,\chi(p) > 0`; a quaternionic irrep has the letter of
its own dimension (Q_8: ``E``); when G = H × {±1} as above, the suffix ``g``/``u`` gives :math:`\chi(-1)/d = \pm1` (so the vector representation of O_h is ``T1u``).
"""

from __future__ import annotations

import numpy as np

from ..groups import as_group
from .representation import Representation, finite_data

__all__ = ["irreps", "real_irreps", "regular", "quotient", "irrep", "frobenius_schur_indicator"]

_LETTERS = {1: "A", 2: "E", 3: "T", 4: "G", 5: "H"}
_SEED = 20240607


# ----------------------------------------------------------------------------------------
# structure detection


def _cyclic_generator(data) -> int | None:
    """Index of the first element (in element order) of order ``|G|``, or ``None`` if G is not cyclic."""
    hit = np.flatnonzero(data.element_order == data.order)
    return int(hit[0]) if len(hit) else None


def _powers(data, r: int) -> np.ndarray:
    """``k[i]`` with ``elements[i] = r^k`` for the elements of the cyclic subgroup generated by ``r``
    (``-1`` elsewhere)."""
    k = -np.ones(data.order, dtype=np.int64)
    p, e = 0, 0
    while k[p] < 0:
        k[p] = e
        p, e = int(data.table[p, r]), e + 1
    return k


def _dihedral_structure(data):
    r"""``(N, k, f)`` if G is dihedral of order 2N ≥ 4: every element is :math:`r^{k} s^{f}` with ``r`` the
    first element of order N and ``s`` the first element outside :math:`\langle r\rangle`, where
    :math:`s^2 = e`, :math:`srs^{-1} = r^{-1}`; else ``None``.  Decided from the Cayley table only."""
    n = data.order
    if n < 4 or n % 2:
        return None
    N = n // 2
    cand = np.flatnonzero(data.element_order == N)
    if not len(cand):
        return None
    r = int(cand[0])
    k = _powers(data, r)
    outside = np.flatnonzero(k < 0)
    if len(outside) != N:
        return None
    s = int(outside[0])
    t, inv = data.table, data.inverse
    if t[s, s] != 0 or t[t[s, r], inv[s]] != inv[r]:
        return None
    f = (k < 0).astype(np.int64)
    # r^k s for the elements outside <r>: k of g s^-1 = g s
    k = np.where(f == 1, k[t[np.arange(n), s]], k)
    return N, k, f


def _cyclic_irreps(group, data, gen: int) -> list[Representation]:
    n = data.order
    k = _powers(data, gen)
    out = []
    for j in range(n):
        vals = np.exp(2j * np.pi * j * k / n)
        real = (2 * j) % n == 0
        if real:
            vals = np.round(vals.real)
        out.append(Representation(group, 1, table=vals[:, None, None], name=f"chi{j}",
                                  type="real" if real else "complex", conjugate=f"chi{(-j) % n}"))
    return out


def _dihedral_irreps(group, data, N: int, k: np.ndarray, f: np.ndarray) -> list[Representation]:
    from gaugemath.groups import SO2

    out = []
    sgn = np.where(f == 1, -1.0, 1.0)
    alt = (-1.0) ** k

    def one(vals, name):
        out.append(Representation(group, 1, table=vals[:, None, None], name=name, type="real"))

    one(np.ones(data.order), "A1")
    one(sgn, "A2")
    if N % 2 == 0:
        one(alt, "B1")
        one(alt * sgn, "B2")
    for j in range(1, (N + 1) // 2):
        m = SO2.from_angle(2 * np.pi * j * k / N)
        m[..., :, 1] *= sgn[:, None]  # r^k s^f -> R(2 pi j k / N) diag(1, -1)^f
        out.append(Representation(group, 2, table=m, name=f"E{j}", type="real"))
    return out


# ----------------------------------------------------------------------------------------
# generic construction (real Dixon-type splitting of the regular representation)


def _clusters(values: np.ndarray, tol: float) -> list[np.ndarray]:
    order = np.argsort(values)
    v = values[order]
    cuts = np.flatnonzero(np.diff(v) > tol) + 1
    return np.split(order, cuts)


def _real_irreps_from_table(table: np.ndarray, inv: np.ndarray, class_of: np.ndarray, seed: int):
    """Real-irreducible orthogonal representations (tables) of the group with Cayley ``table``."""
    n = len(table)
    rng = np.random.default_rng(seed)
    ncls = int(class_of.max()) + 1
    c = rng.standard_normal(ncls)
    cg = c[class_of]
    cg = cg + cg[inv]  # symmetric: c(g) = c(g^-1)
    # left multiplication by z = sum_g c(g) g on R[G]: M[g h, h] += c(g)
    rows = table.ravel()  # table[g, h] for g (outer), h (inner)
    cols = np.tile(np.arange(n), n)
    M = np.zeros((n, n))
    np.add.at(M, (rows, cols), np.repeat(cg, n))
    w, V = np.linalg.eigh(M)
    scale = max(1.0, np.max(np.abs(w)))
    blocks = _clusters(w, 1e-7 * scale)
    a = rng.standard_normal(n)
    a = a + a[inv]
    # right multiplication by a: R[h g, h] += a(g)
    R = np.zeros((n, n))
    rows_r = table.T.ravel()  # table[h, g] for g outer, h inner
    np.add.at(R, (rows_r, cols), np.repeat(a, n))
    reps = []
    for blk in blocks:
        B = V[:, blk]
        wr, Vr = np.linalg.eigh(B.T @ R @ B)
        sub = _clusters(wr, 1e-7 * max(1.0, np.max(np.abs(wr))))
        E = B @ Vr[:, sub[0]]
        # rho(g) = E^T L(g) E with (L(g) E)[k] = E[g^-1 k]
        moved = E[table[inv]]  # moved[g, k, :] = E[g^-1 k]
        reps.append(np.einsum("ka,gkb->gab", E, moved))
    return reps


def _split_real_irrep(t: np.ndarray, n: int, seed: int):
    """Classify a real irreducible orthogonal table and return complex irreps [(table, type)]."""
    chi = np.trace(t, axis1=1, axis2=2)
    nu = float(np.mean(chi * chi))
    kind = int(round(nu))
    if abs(nu - kind) > 1e-6 or kind not in (1, 2, 4):
        raise RuntimeError(f"irreducibility check failed (<chi, chi> = {nu})")
    if kind == 1:
        return [(t, "real")]
    d = t.shape[1]
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((d, d))
    X = X - X.T
    J = np.einsum("gab,bc,gdc->ad", t, X, t) / n  # projection onto the commutant (antisymmetric part kept)
    J = J / np.sqrt(np.mean(np.diag(J.T @ J)))
    if np.max(np.abs(J @ J + np.eye(d))) > 1e-8:
        raise RuntimeError("complex structure of the commutant not found")
    w, U = np.linalg.eigh(-1j * J)  # J u = i u  <=>  (-iJ) u = u
    U = U[:, w > 0]
    tau = np.conj(U.T)[None] @ t @ U[None]
    if kind == 2:
        return [(tau, "complex"), (np.conj(tau), "complex")]
    return [(tau, "quaternionic")]


def _principal_element(group, data) -> int:
    elems = data.elements
    rot = np.ones(data.order, dtype=bool)
    if elems.ndim == 3 and elems.shape[1] == elems.shape[2]:
        rot = np.linalg.det(elems) > 0
    orders = np.where(rot, data.element_order, 0)
    return int(np.argmax(orders))


def _minus_one_index(group, data) -> int | None:
    r"""Index of :math:`-1` when G is a direct product :math:`H\times\{\pm1\}` with H the rotation part,
    else ``None``.  That holds exactly when :math:`-1\in G` and the dimension d is odd: then
    :math:`\det(-1) = -1`, so :math:`-1\notin H = G\cap SO(d)`, :math:`-1` is central of order 2 and
    :math:`G = H\sqcup(-1)H`.  (In even d, :math:`-1` is a rotation — e.g. in D_4 < O(2) or Q_8 < O(4) —
    and no such splitting follows.)"""
    elems = data.elements
    d = elems.shape[1] if elems.ndim == 3 and elems.shape[1] == elems.shape[2] else 0
    if d % 2 == 0 or data.order <= 2:
        return None
    hit = np.flatnonzero(np.all(np.abs(elems + np.eye(d)) < 1e-9, axis=(1, 2)))
    return int(hit[0]) if len(hit) else None


def _generic_irreps(group, data) -> list[Representation]:
    n = data.order
    minus = _minus_one_index(group, data)
    if minus is not None:
        base, base_types = _product_with_inversion(data, minus)
    else:
        base, base_types = [], []
        for i, t in enumerate(_real_irreps_from_table(data.table, data.inverse, data.class_of, _SEED)):
            for tab, typ in _split_real_irrep(t, n, _SEED + i):
                base.append(tab)
                base_types.append(typ)
    total = sum(t.shape[1] ** 2 for t in base)
    if total != n:
        raise RuntimeError(f"irreps construction failed: sum of dim^2 = {total} != |G| = {n}")
    return _label(group, data, base, base_types, minus)


def _product_with_inversion(data, minus: int):
    """Irreps of H x {±1} from those of the rotation part H (elements with det > 0)."""
    elems = data.elements
    rot = np.flatnonzero(np.linalg.det(elems) > 0)
    pos = -np.ones(data.order, dtype=np.int64)
    pos[rot] = np.arange(len(rot))
    sub_table = pos[data.table[np.ix_(rot, rot)]]
    if np.any(sub_table < 0) or len(rot) * 2 != data.order:
        raise RuntimeError("rotation part is not an index-2 subgroup")
    sub_inv = pos[data.inverse[rot]]
    # conjugacy classes of the subgroup
    conj = sub_table[sub_table, sub_inv[:, None]]
    class_of = -np.ones(len(rot), dtype=np.int64)
    ncls = 0
    for h in range(len(rot)):
        if class_of[h] < 0:
            class_of[np.unique(conj[:, h])] = ncls
            ncls += 1
    m = len(rot)
    sub_tabs, sub_types = [], []
    for i, t in enumerate(_real_irreps_from_table(sub_table, sub_inv, class_of, _SEED)):
        for tab, typ in _split_real_irrep(t, m, _SEED + i):
            sub_tabs.append(tab)
            sub_types.append(typ)
    # every element is h or (-1) h
    rot_of = np.empty(data.order, dtype=np.int64)
    sign = np.ones(data.order)
    rot_of[rot] = np.arange(m)
    neg = data.table[minus, rot]
    rot_of[neg] = np.arange(m)
    sign[neg] = -1.0
    out, types = [], []
    for parity in (1.0, -1.0):
        for tab, typ in zip(sub_tabs, sub_types):
            factor = np.where(sign < 0, parity, 1.0)
            out.append(tab[rot_of] * factor[:, None, None])
            types.append(typ)
    return out, types


def _label(group, data, tabs, types, minus) -> list[Representation]:
    p = _principal_element(group, data)
    chis = [np.trace(t, axis1=1, axis2=2) for t in tabs]
    entries = []
    for t, typ, chi in zip(tabs, types, chis):
        d = t.shape[1]
        par = "" if minus is None else ("g" if chi[minus].real > 0 else "u")
        entries.append({"t": t, "type": typ, "d": d, "chi_p": chi[p], "par": par})
    # order: parity g first, then by dimension, real before complex, decreasing chi(p)
    entries.sort(key=lambda e: (e["par"] == "u", e["d"], e["type"] != "real", -round(e["chi_p"].real, 8),
                                -round(e["chi_p"].imag, 8)))
    reps = []
    groups: dict[tuple, list] = {}
    for e in entries:
        groups.setdefault((e["par"], e["d"], e["type"] == "real"), []).append(e)
    for (par, d, is_real), members in groups.items():
        if is_real:
            letter = _LETTERS.get(d, f"D{d}")
            for i, e in enumerate(members):
                sub = str(i + 1) if len(members) > 1 else ""
                e["name"] = f"{letter}{sub}{par}"
        else:
            letter = _LETTERS.get(2 * d, f"D{2 * d}")
            # pair complex conjugates: members sorted by decreasing Im chi(p)
            npairs = max(1, len(members) // 2)
            pos = [e for e in members if e["chi_p"].imag > 1e-9]
            neg = [e for e in members if e["chi_p"].imag <= 1e-9]
            for i, e in enumerate(pos):
                tag = f"_{i + 1}" if npairs > 1 else ""
                e["name"] = f"1{letter}{tag}{par}"
                partner = min(neg, key=lambda f: np.abs(f["chi_p"] - np.conj(e["chi_p"])))
                partner["name"] = f"2{letter}{tag}{par}"
                neg.remove(partner)
            for e in neg:  # quaternionic: letter of its own dimension (Q_8: "E")
                e.setdefault("name", f"{_LETTERS.get(d, f'D{d}')}{par}")
    for e in entries:
        reps.append(Representation(group, e["d"], table=e["t"], name=e["name"], type=e["type"]))
    return reps


# ----------------------------------------------------------------------------------------
# public API

def irreps(group) -> list[Representation]:
    r"""A complete set of inequivalent complex irreducible representations of a finite group.

    ``group``: a finite :class:`gaugemath.groups.Group` or a name (``"D6"``, ``"Oh"``, ...).
    Every irrep is unitary; irreps of real type are real orthogonal (see the module
    docstring for the construction, the form and the labels).  The trivial representation
    is first.  :math:`\sum_\tau d_\tau^2 = |G|` is checked on construction.  Built once per
    group object and cached on it (:meth:`~gaugemath.groups.Group.cached`).
    """
    group = as_group(group)
    if not group.is_finite:
        raise ValueError(f"irreps(group) here is for finite groups; got {group.name!r} "
                         "(use so2_irrep, o2_irrep, so3_irrep, o3_irrep, su2_irrep for compact groups)")
    return list(group.cached("irreps", lambda: _build_irreps(group)))


def _build_irreps(group) -> tuple[Representation, ...]:
    data = finite_data(group)
    gen = _cyclic_generator(data)
    if gen is not None:
        return tuple(_cyclic_irreps(group, data, gen))
    dih = _dihedral_structure(data)
    if dih is not None:
        return tuple(_dihedral_irreps(group, data, *dih))
    return tuple(_generic_irreps(group, data))


def irrep(group, name: str) -> Representation:
    """The irrep of a finite ``group`` with the given label (``ValueError`` listing the labels)."""
    group = as_group(group)
    reps = irreps(group)
    for r in reps:
        if r.name == name:
            return r
    raise ValueError(f"name must be one of {[r.name for r in reps]} for {group.name}, got {name!r}")


def frobenius_schur_indicator(rho: Representation) -> float:
    r""":math:`\nu = \frac1{|G|}\sum_g \chi(g^2)`: 1 (real), 0 (complex), −1 (quaternionic) for an irrep."""
    data = finite_data(rho.group)
    chi = np.trace(rho.table, axis1=1, axis2=2)
    val = np.mean(chi[data.table[np.arange(data.order), np.arange(data.order)]])
    return float(val.real)


def _realify(t: np.ndarray) -> np.ndarray:
    re, im = t.real, t.imag
    top = np.concatenate([re, -im], axis=-1)
    bot = np.concatenate([im, re], axis=-1)
    return np.concatenate([top, bot], axis=-2)


def real_irreps(group) -> list[Representation]:
    r"""The irreducible representations over :math:`\mathbb R` (real orthogonal matrices).

    Real-type irreps of :func:`irreps` as they are; for each complex-conjugate pair, the
    realification of the first member :math:`\tau_{\mathbb R} = [[\mathrm{Re}\,\tau,
    -\mathrm{Im}\,\tau],[\mathrm{Im}\,\tau, \mathrm{Re}\,\tau]]` (named ``"R(<name>)"``,
    ``meta["complex_irrep"]`` = the name of :math:`\tau`).  Quaternionic irreps are realified
    the same way (the result is irreducible over :math:`\mathbb R`).
    """
    group = as_group(group)
    out = []
    seen = set()
    reps = irreps(group)
    for r in reps:
        if r.meta.get("type", "real") == "real":
            out.append(r)
            continue
        if r.name in seen:
            continue
        chi = np.conj(np.trace(r.table, axis1=1, axis2=2))
        for s in reps:  # mark the conjugate partner
            if s is not r and np.allclose(np.trace(s.table, axis1=1, axis2=2), chi, atol=1e-8):
                seen.add(s.name)
        out.append(Representation(group, 2 * r.dim, table=_realify(r.table), name=f"R({r.name})",
                                  type="realified", complex_irrep=r.name))
    return out


def regular(group) -> Representation:
    r"""Left regular representation: :math:`L(g)e_h = e_{gh}` (permutation matrices, real)."""
    group = as_group(group)
    data = finite_data(group)
    n = data.order
    t = np.zeros((n, n, n))
    g = np.repeat(np.arange(n), n)
    h = np.tile(np.arange(n), n)
    t[g, data.table[g, h], h] = 1.0
    return Representation(group, n, table=t, name="regular")


def quotient(group, subgroup, embedding=None) -> Representation:
    r"""Permutation representation on the left cosets :math:`G/H`: :math:`P(g)e_{xH} = e_{gxH}`.

    Cosets are numbered in order of their smallest element index (coset 0 is ``H``);
    the coset representatives are those smallest elements (``meta["representatives"]``).
    Equal to ``induce(trivial(H), G, H)`` (tested).
    """
    from .induced import cosets

    group, subgroup = as_group(group), as_group(subgroup, "subgroup")
    reps_idx, coset_of, _ = cosets(group, subgroup, embedding)
    data = finite_data(group)
    n, m = data.order, len(reps_idx)
    t = np.zeros((n, m, m))
    g = np.repeat(np.arange(n), m)
    j = np.tile(np.arange(m), n)
    t[g, coset_of[data.table[g, reps_idx[j]]], j] = 1.0
    return Representation(group, m, table=t, name=f"{group.name}/{subgroup.name}", representatives=reps_idx)

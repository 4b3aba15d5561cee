r"""Decomposition of a representation into irreps, with the explicit change of basis, and
:math:`\mathrm{Hom}_G(\rho_1,\rho_2)`.

Result: :class:`Decomposition` with ``irreps`` (distinct, in a fixed order),
``multiplicities`` and ``Q`` such that

.. math:: \rho(g)\,Q = Q\,\Big(\bigoplus_\tau \tau(g)^{\oplus n_\tau}\Big),

copies of one irrep contiguous; ``Q`` is unitary (real orthogonal for ``basis="real"``)
whenever :math:`\rho` is unitary.

Methods
-------
* **finite groups** — multiplicities :math:`n_\tau=\langle\chi_\tau,\chi_\rho\rangle`; copies
  from Wigner's projection operators (Serre §2.7, Prop. 8)
  :math:`P^\tau_{i0} = \frac{d_\tau}{|G|}\sum_g\overline{\tau_{i0}(g)}\rho(g)`: for an orthonormal
  basis :math:`v_c` of the range of :math:`P^\tau_{00}`, the vectors
  :math:`P^\tau_{i0}v_c` (``i = 0..d_τ-1``) span copy ``c`` in :math:`\tau`'s own basis.
  ``basis="real"`` realifies complex pairs (:func:`gaugemath.reps.real_irreps`):
  copy :math:`X` of :math:`\tau` gives :math:`\sqrt2\,[\mathrm{Re}X, -\mathrm{Im}X]` for
  :math:`\tau_{\mathbb R}`.
* **SO(3), SU(2), O(3)** — exact Lie-algebra weights: :math:`J_a` (``a = x, y, z``) from
  :math:`\rho(e^{-i\varepsilon J_a}) = U`, :math:`\sin(\varepsilon J_a) = (U^\dagger-U)/2i`
  diagonalised and its eigenvalues rounded to (half-)integers (ε = 1e-3: weights up to
  about 1500); highest-weight vectors :math:`\ker J_+\cap\{J_z=\ell\}` (orthonormal; phase: the
  largest-modulus entry real positive), lowered with the Condon–Shortley ladder
  :math:`J_-|\ell m\rangle = \sqrt{\ell(\ell+1)-m(m-1)}|\ell,m-1\rangle`, which is the
  convention of :func:`gaugemath.wigner_D`.  Real basis: :math:`Y = X Q_\ell^{\mathsf T}`
  (:math:`Q_\ell` = :func:`gaugemath.complex_to_real`), then a real orthonormal basis of the
  span of :math:`\mathrm{Re}\,Y,\mathrm{Im}\,Y`.  O(3): first the :math:`\pm1` eigenspaces of
  :math:`\rho(-1)`.  Tensor products of two SO(3) irreps use the core's coupling tensors
  directly (``Q`` columns = :func:`~gaugemath.coupling.coupling_tensor`).
* **SO(2), O(2)** — weights of :math:`\rho(r_\varepsilon)`; O(2) pairs weight
  :math:`\pm k` through the reflection :math:`s=\mathrm{diag}(1,-1)`.

``Hom_G(rho1, rho2)``: from the two decompositions (Schur's lemma); for finite groups also
``method="sylvester"``: nullspace of :math:`\rho_2(g)X - X\rho_1(g) = 0` on the generators.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .._linalg import nullspace
from .._validation import check_choice
from .compact import family
from .finite import irreps as finite_irreps
from .finite import real_irreps as finite_real_irreps
from .representation import Representation, _check_rep, _check_same_group, direct_sum
from .weights import _coupling_fast, _o2, _o3, _realify, _so2, _so3

__all__ = ["Decomposition", "decompose", "multiplicities", "hom_basis"]



@dataclasses.dataclass
class Decomposition:
    """``rho(g) @ Q == Q @ irrep_sum()(g)``; see the module docstring."""

    rep: Representation
    irreps: list
    multiplicities: list
    Q: np.ndarray
    Q_inv: np.ndarray
    basis: str

    def labels(self) -> dict:
        """``{irrep name: multiplicity}``."""
        return {t.name: n for t, n in zip(self.irreps, self.multiplicities)}

    def blocks(self) -> list[tuple[int, int, slice]]:
        """``(irrep index, copy, column slice of Q)`` for every copy, in column order."""
        out, off = [], 0
        for i, (t, n) in enumerate(zip(self.irreps, self.multiplicities)):
            for c in range(n):
                out.append((i, c, slice(off, off + t.dim)))
                off += t.dim
        return out

    def irrep_sum(self) -> Representation:
        """:math:`\\bigoplus_\\tau\\tau^{\\oplus n_\\tau}` in the column order of ``Q``."""
        return direct_sum([self.irreps[i] for i, _, _ in self.blocks()])

    def residual(self, g) -> float:
        """max |rho(g) Q - Q S(g)| over a batch of elements."""
        lhs = self.rep.matrices(g) @ self.Q
        rhs = self.Q @ self.irrep_sum().matrices(g)
        return float(np.max(np.abs(lhs - rhs)))


def _default_basis(rho, fam):
    if fam == "SU2":
        return "complex"
    return "real" if rho.is_real else "complex"


def decompose(rho: Representation, basis: str | None = None) -> Decomposition:
    """Decompose ``rho`` into irreps with multiplicities and the explicit change of basis.

    ``basis``: ``"complex"`` (complex irreps; real-type ones are real) or ``"real"`` (real irreps
    and a real ``Q``; needs a real ``rho``); default ``"real"`` for a real ``rho``
    (SU(2): always complex).  See the module docstring for methods and phases.
    """
    _check_rep(rho, "rho")
    fam = family(rho.group)
    basis = _default_basis(rho, fam) if basis is None else check_choice(basis, "basis", ("complex", "real"))
    if basis == "real" and not rho.is_real:
        raise ValueError("basis='real' needs a real representation (rho has complex matrices)")
    if basis == "real" and fam == "SU2":
        raise ValueError("basis='real' is not available for SU(2); use basis='complex'")
    fast = _coupling_fast(rho, basis) if fam == "SO3" else None
    if fast is not None:
        taus, mults, cols = fast
        Q = np.concatenate(cols, axis=1)
        return Decomposition(rho, taus, mults, Q, Q.T, basis)  # real CG columns: Q^-1 = Q^T
    if fam == "finite":
        taus, mults, cols = _finite(rho, basis)
    elif fam in ("SO3", "SU2"):
        taus, mults, cols = _so3(rho, basis, fam)
    elif fam == "O3":
        taus, mults, cols = _o3(rho, basis)
    elif fam == "SO2":
        taus, mults, cols = _so2(rho, basis)
    else:
        taus, mults, cols = _o2(rho, basis)
    Q = np.concatenate(cols, axis=1) if cols else np.zeros((rho.dim, 0))
    if Q.shape[1] != rho.dim:
        raise ValueError(f"decomposition incomplete: {Q.shape[1]} of {rho.dim} dimensions found "
                         "(is rho a representation of this group?)")
    if basis == "real":
        Q = Q.real
    if np.max(np.abs(np.conj(Q.T) @ Q - np.eye(rho.dim))) < 1e-8:
        Q_inv = np.conj(Q.T)
    else:
        Q_inv = np.linalg.inv(Q)
    return Decomposition(rho, taus, mults, Q, Q_inv, basis)


def multiplicities(rho: Representation, basis: str | None = None) -> dict:
    """``{irrep name: multiplicity}`` (see :func:`decompose`)."""
    return decompose(rho, basis).labels()


# ----------------------------------------------------------------------------------------
# finite groups


def _character_table(G):
    """The irreps of the finite group ``G``, the matrix conj(chi_tau(g)) / |G| of shape
    (n_irreps, |G|), and per irrep the rows (d_tau/|G|) conj(tau(g)_{i0}) of shape (d_tau, |G|)
    (the first column of the isotypic projector, Serre §2.7 Theorem 8); cached on ``G``."""
    return G.cached("projector_rows", lambda: _build_character_table(G))


def _build_character_table(G):
    irr = finite_irreps(G)
    n = G.order
    chars = np.conj(np.array([np.trace(t.table, axis1=1, axis2=2) for t in irr])) / n
    rows = [np.ascontiguousarray((t.dim / n) * np.conj(t.table[:, :, 0]).T) for t in irr]
    for a in [chars, *rows]:
        a.setflags(write=False)
    return irr, chars, rows


def _finite(rho, basis):
    G = rho.group
    T = rho.table
    n = G.order
    chi = np.trace(T, axis1=1, axis2=2)
    taus_out, mults, cols = [], [], []
    real_by_name = {}
    if basis == "real":
        real_by_name = {r.meta.get("complex_irrep", r.name): r for r in finite_real_irreps(G)}
    irr, conj_chars, proj_rows = _character_table(G)
    all_mults = conj_chars @ chi  # <chi_tau, chi_rho> for every irrep at once
    rounded = np.rint(all_mults.real)
    deviation = np.abs(all_mults - rounded)
    if deviation.max() > 1e-6:
        mult = all_mults[np.argmax(deviation)]
        raise ValueError(f"rho is not a representation of {G.name} (non-integral multiplicity {mult})")
    for k in np.flatnonzero(rounded):
        tau, m = irr[k], int(rounded[k])
        if basis == "real" and tau.name not in real_by_name:
            continue  # the conjugate partner of a realified pair
        dt = tau.dim
        d = T.shape[1]
        # P[i] = (d_tau/|G|) Σ_g conj(tau(g)_{i0}) rho(g): one matrix product over g
        P = (proj_rows[k] @ T.reshape(n, d * d)).reshape(dt, d, d)
        if m == 1:  # rank-one projector P00 = v v^dagger: its largest column is v up to a phase
            col_norms = np.einsum("ab,ab->b", P[0], np.conj(P[0])).real
            j = int(np.argmax(col_norms))
            V = P[0][:, j : j + 1] / np.sqrt(col_norms[j])
        else:  # orthonormal basis of the range of the projector P00
            U, s, _ = np.linalg.svd(P[0])
            V = U[:, :m]
        if not np.iscomplexobj(P):
            V = V.real
        X = (P @ V).transpose(2, 1, 0)  # X[c] = copy c, (d, dt)
        typ = tau.meta.get("type", "real")
        if basis == "real" and typ == "quaternionic":
            raise NotImplementedError("basis='real' with quaternionic-type irreps is not implemented")
        if basis == "real" and typ == "complex":
            X = np.sqrt(2.0) * np.concatenate([X.real, -X.imag], axis=2)
            tau = real_by_name[tau.name]
        elif basis == "real":
            X = _realify(list(X), m) if np.iscomplexobj(X) else X
        taus_out.append(tau)
        mults.append(m)
        cols.extend(list(X))
    return taus_out, mults, cols


# ----------------------------------------------------------------------------------------
# compact groups: weights


def hom_basis(rho1: Representation, rho2: Representation, method: str = "auto") -> np.ndarray:
    r"""Orthonormal (Frobenius) basis of :math:`\mathrm{Hom}_G(\rho_1,\rho_2) =
    \{X : \rho_2(g)X = X\rho_1(g)\ \forall g\}`, shape ``(n, d2, d1)``.

    ``method="schur"`` (default): from the decompositions of both (one basis element per pair of
    copies of a common irrep; realified complex pairs contribute two, ``I`` and the complex
    structure ``J``); real when both are real.  ``method="sylvester"`` (finite groups): nullspace
    of the stacked constraints on ``G.generators()``.  The dimension is
    :math:`\langle\chi_1,\chi_2\rangle` (tested).
    """
    _check_rep(rho1, "rho1")
    _check_rep(rho2, "rho2")
    _check_same_group([rho1, rho2], ["rho1", "rho2"])
    method = check_choice(method, "method", ("auto", "schur", "sylvester"))
    G = rho1.group
    real = rho1.is_real and rho2.is_real
    d1, d2 = rho1.dim, rho2.dim
    if method == "sylvester":
        if not G.is_finite:
            raise ValueError("method='sylvester' needs a finite group (it uses G.generators())")
        gens = np.asarray(G.index(G.generators())).ravel()
        A1, A2 = rho1.table[gens], rho2.table[gens]
        rows = [np.kron(a2, np.eye(d1)) - np.kron(np.eye(d2), a1.T) for a1, a2 in zip(A1, A2)]
        N = nullspace(np.concatenate(rows, axis=0))
        if real:
            N = N.real
        return np.moveaxis(N, 0, 1).reshape(-1, d2, d1) if N.size else np.zeros((0, d2, d1))
    fam = family(G)
    basis = "real" if (real and fam != "SU2") else "complex"
    dec1, dec2 = decompose(rho1, basis), decompose(rho2, basis)
    pos1 = {}
    for i, c, sl in dec1.blocks():
        pos1.setdefault(dec1.irreps[i].name, []).append(sl)
    out = []
    for i, c, sl2 in dec2.blocks():
        tau = dec2.irreps[i]
        comm = [np.eye(tau.dim)]
        if tau.meta.get("type") == "realified":
            h = tau.dim // 2
            Jc = np.zeros((tau.dim, tau.dim))
            Jc[:h, h:] = -np.eye(h)
            Jc[h:, :h] = np.eye(h)
            comm.append(Jc)
        for sl1 in pos1.get(tau.name, []):
            for C in comm:
                out.append(dec2.Q[:, sl2] @ C @ dec1.Q_inv[sl1, :])
    if not out:
        return np.zeros((0, d2, d1))
    M = np.stack(out).reshape(len(out), -1)
    U, s, vh = np.linalg.svd(M, full_matrices=False)
    B = vh[s > 1e-9 * s[0]]
    if real:
        B = B.real
    return B.reshape(-1, d2, d1)

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
import functools

import numpy as np

from .._linalg import nullspace
from .._validation import check_choice
from ..groups import SO2
from .compact import family, o2_irrep, o3_irrep, so2_irrep, so3_irrep, su2_irrep
from .finite import irreps as finite_irreps
from .finite import real_irreps as finite_real_irreps
from .representation import Representation, _check_rep, _check_same_group, direct_sum

__all__ = ["Decomposition", "decompose", "multiplicities", "hom_basis"]

EPS = 1e-3


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


def _realify(copies, n):
    """n real orthonormal intertwiner copies spanning the span of Re/Im of the given copies."""
    cands = []
    for Y in copies:
        cands.append(np.real(Y))
        cands.append(np.imag(Y))
    dt = cands[0].shape[1]
    out = []
    for _ in range(n):
        best, best_norm = None, 0.0
        for c in cands:
            r = c.copy()
            for o in out:
                r -= o * (np.sum(o * r) / dt)
            nr = np.sum(r * r) / dt
            if nr > best_norm:
                best, best_norm = r, nr
        if best is None or best_norm < 1e-10:
            raise ValueError("could not build a real basis: is rho real and equivalent to real irreps?")
        out.append(best / np.sqrt(best_norm))
    return out


def _unitary_check(U, what):
    if np.max(np.abs(np.conj(U.T) @ U - np.eye(U.shape[0]))) > 1e-8:
        raise ValueError(f"decomposition of a compact-group representation needs a unitary rho ({what} is not unitary)")


def _weights(U, sign, step, what, eps=EPS):
    """Eigen-decomposition of J with U = exp(sign * i * eps * J): integer/half-integer weights."""
    _unitary_check(U, what)
    S = (U - np.conj(U.T)) / 2j
    S = (S + np.conj(S.T)) / 2
    w, V = np.linalg.eigh(S)
    lam = sign * np.arcsin(np.clip(w, -1, 1)) / eps
    r = np.round(lam / step) * step
    if np.max(np.abs(lam - r), initial=0) > 1e-5:
        raise ValueError("weights are not (half-)integers: rho is not a representation of this group, "
                         "or its weights exceed ~1500")
    return r, V


def _z_rotation(fam, t):
    if fam == "SU2":
        return np.array([np.cos(t / 2), 0, 0, np.sin(t / 2)])
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1.0]])


def _quarter_turns(fam):
    """R_y(pi/2) (maps e_z to e_x) and R_x(-pi/2) (maps e_z to e_y)."""
    h = np.sqrt(0.5)
    if fam == "SU2":
        return np.array([h, 0, h, 0]), np.array([h, -h, 0, 0])
    return (np.array([[0, 0, 1.0], [0, 1, 0], [-1, 0, 0]]), np.array([[1.0, 0, 0], [0, 0, 1], [0, -1, 0]]))


def _jz(mat, fam, step):
    """Weights and orthonormal eigenvectors of J_z; a second pass with eps = 1/(max|m|+1)
    keeps the eigenvalue gaps >= 0.5/(max|m|+1) (accurate eigenvectors)."""
    r, V = _weights(mat(_z_rotation(fam, EPS)), -1, step, "rho")
    eps2 = 1.0 / (np.max(np.abs(r), initial=0) + 1)
    return _weights(mat(_z_rotation(fam, eps2)), -1, step, "rho", eps2)


def _phase_fix(v):
    k = np.argmax(np.abs(v))
    return v * (np.conj(v[k]) / abs(v[k]))


def _highest_weight(mat, fam):
    """[(ell, [X_c complex (d, 2ell+1)])] for a unitary rep of SO(3)/SU(2) given by ``mat(elem)``."""
    step = 0.5 if fam == "SU2" else 1.0
    rz, Vz = _jz(mat, fam, step)
    Jz = (Vz * rz) @ np.conj(Vz.T)
    ry, rx = _quarter_turns(fam)
    Uy, Ux = mat(ry), mat(rx)
    Jx = Uy @ Jz @ np.conj(Uy.T)  # J_{R e_z} = rho(R) J_z rho(R)^-1
    Jy = Ux @ Jz @ np.conj(Ux.T)
    Jm = Jx - 1j * Jy
    # isotypic components: eigenspaces of the Casimir J^2 (eigenvalues l(l+1), gaps >= 2), so
    # that lowering never mixes degrees (it would amplify rounding errors by (l'/l)^steps)
    J2 = Jx @ Jx + Jy @ Jy + Jz @ Jz
    c, W = np.linalg.eigh((J2 + np.conj(J2.T)) / 2)
    ells = np.round((np.sqrt(1 + 4 * np.clip(c, 0, None)) - 1) / 2 / step) * step
    if np.max(np.abs(ells * (ells + 1) - c), initial=0) > 1e-6:
        raise ValueError("Casimir eigenvalues are not l(l+1): rho is not a representation of SO(3)/SU(2)")
    out = []
    for ell in sorted(set(ells.tolist())):
        B = W[:, ells == ell]
        d_tau = int(round(2 * ell + 1))
        n, rem = divmod(B.shape[1], d_tau)
        if rem:
            raise ValueError("isotypic dimension is not a multiple of 2l+1: rho is not a representation")
        Bh = np.conj(B.T)
        jz = Bh @ Jz @ B
        wz, Vz_ = np.linalg.eigh((jz + np.conj(jz.T)) / 2)
        hw = B @ Vz_[:, np.abs(wz - ell) < 0.25]
        if hw.shape[1] != n:
            raise ValueError("weights inside an isotypic component are inconsistent (rho is not a representation?)")
        jm = Bh @ Jm @ B
        copies = []
        for k in range(n):
            v = Bh @ _phase_fix(hw[:, k])
            cols = np.zeros((B.shape[1], d_tau), dtype=complex)
            cols[:, -1] = v
            m = ell
            for col in range(d_tau - 1, 0, -1):
                cols[:, col - 1] = jm @ cols[:, col] / np.sqrt(ell * (ell + 1) - m * (m - 1))
                m -= 1
            copies.append(B @ cols)
        out.append((ell, copies))
    return out


def _coupling_fast(rho, basis):
    f = rho.meta.get("tensor_factors")
    if f is None:
        return None
    r1, r2 = f
    if r1.meta.get("family") != "SO3" or r2.meta.get("family") != "SO3":
        return None
    if r1.meta["basis"] != basis or r2.meta["basis"] != basis:
        return None
    l1, l2 = r1.meta["ell"], r2.meta["ell"]
    taus, mults, cols = [], [], []
    for ell in range(abs(l1 - l2), l1 + l2 + 1):
        taus.append(so3_irrep(rho.group, ell, basis))
        mults.append(1)
        cols.append(_coupling_columns(l1, l2, ell, basis))
    return taus, mults, cols


@functools.lru_cache(maxsize=4096)
def _coupling_columns(l1: int, l2: int, ell: int, basis: str) -> np.ndarray:
    """Coupling tensor as ((2l1+1)(2l2+1), 2l+1) columns (read-only, memoised)."""
    from ..coupling import coupling_tensor
    from ..real_basis import complex_to_real

    C = coupling_tensor(l1, l2, ell, basis="complex")
    if basis == "real":
        # the core's real coupling tensor, Cr = (q1 ⊗ q2) C conj(q)^T (times -i for odd l1+l2+l),
        # evaluated with matrix products
        q1, q2, q = complex_to_real(l1), complex_to_real(l2), complex_to_real(ell)
        T = np.tensordot(q1, C, axes=(1, 0))
        T = np.tensordot(T, q2, axes=(1, 1)).transpose(0, 2, 1)
        C = T @ q.conj().T
        if (l1 + l2 + ell) % 2:
            C = -1j * C
        C = C.real
    out = np.ascontiguousarray(C.reshape(-1, 2 * ell + 1))
    out.setflags(write=False)
    return out


def _so3(rho, basis, fam):
    return _so3_from(rho.matrices, rho.group, basis, fam, None)


def _so3_from(mat, group, basis, fam, parity):
    from ..real_basis import complex_to_real

    taus, mults, cols = [], [], []
    for ell, copies in _highest_weight(mat, fam):
        if fam == "SU2":
            jj = int(round(2 * ell))
            taus.append(su2_irrep(group, jj / 2 if jj % 2 else jj // 2))
        else:
            ell = int(round(ell))
            if parity is None:
                taus.append(so3_irrep(group, ell, basis))
            else:
                taus.append(o3_irrep(group, ell, parity, basis))
            if basis == "real":
                Ql = complex_to_real(ell)
                copies = _realify([X @ Ql.T for X in copies], len(copies))
        mults.append(len(copies))
        cols.extend(copies)
    return taus, mults, cols


def _o3(rho, basis):
    G = rho.group
    P = rho.matrices(-np.eye(3))
    _unitary_check(P, "rho(-1)")
    w, V = np.linalg.eigh((P + np.conj(P.T)) / 2)
    if np.max(np.abs(np.abs(w) - 1)) > 1e-8:
        raise ValueError("rho(-1) is not an involution: rho is not a representation of O(3)")
    if rho.is_real:
        V = V.real
    taus, mults, cols = [], [], []
    for parity in (1, -1):
        B = V[:, np.abs(w - parity) < 1e-6]
        if B.shape[1] == 0:
            continue
        Bh = np.conj(B.T)

        def mat(g, B=B, Bh=Bh):
            return Bh @ rho.matrices(g) @ B

        t, m, c = _so3_from(mat, G, basis, "SO3", parity)
        taus += t
        mults += m
        cols += [B @ X for X in c]
    return taus, mults, cols


def _so2(rho, basis):
    G = rho.group
    r, V = _so2_weights(rho)
    taus, mults, cols = [], [], []
    ks = sorted(set(int(k) for k in r))
    if basis == "complex":
        for k in ks:
            B = V[:, r == k]
            taus.append(so2_irrep(G, k, "complex"))
            mults.append(B.shape[1])
            cols.extend([B[:, [c]] for c in range(B.shape[1])])
        return taus, mults, cols
    for k in sorted(set(abs(k) for k in ks)):
        B = V[:, r == k]
        if k == 0:
            copies = _realify([B[:, [c]] for c in range(B.shape[1])], B.shape[1])
        else:
            if np.sum(r == -k) != B.shape[1]:
                raise ValueError("weights k and -k have different multiplicities: rho is not real")
            copies = _realify([np.sqrt(2.0) * np.stack([B[:, c].real, -B[:, c].imag], 1)
                               + 0j for c in range(B.shape[1])], B.shape[1])
        taus.append(so2_irrep(G, k, "real"))
        mults.append(len(copies))
        cols.extend(copies)
    return taus, mults, cols


def _so2_weights(rho):
    r, _ = _weights(rho.matrices(SO2.from_angle(EPS)), 1, 1.0, "rho")
    eps2 = 1.0 / (np.max(np.abs(r), initial=0) + 1)
    return _weights(rho.matrices(SO2.from_angle(eps2)), 1, 1.0, "rho", eps2)


def _o2(rho, basis):
    G = rho.group
    r, V = _so2_weights(rho)
    S = rho.matrices(np.diag([1.0, -1.0]))
    taus, mults, cols = [], [], []
    for k in sorted(set(abs(int(k)) for k in r)):
        B = V[:, r == k]
        if k == 0:
            M = np.conj(B.T) @ S @ B
            w, U = np.linalg.eigh((M + np.conj(M.T)) / 2)
            for sign in (1, -1):
                Bs = B @ U[:, np.abs(w - sign) < 1e-6]
                if Bs.shape[1] == 0:
                    continue
                copies = [Bs[:, [c]] for c in range(Bs.shape[1])]
                if basis == "real":
                    copies = _realify(copies, len(copies))
                taus.append(o2_irrep(G, 0, sign))
                mults.append(len(copies))
                cols.extend(copies)
            continue
        copies = []
        for c in range(B.shape[1]):
            u = B[:, c]
            w_ = S @ u
            copies.append(np.stack([(u + w_) / np.sqrt(2), 1j * (u - w_) / np.sqrt(2)], 1))
        if basis == "real":
            copies = _realify(copies, len(copies))
        taus.append(o2_irrep(G, k))
        mults.append(len(copies))
        cols.extend(copies)
    return taus, mults, cols


# ----------------------------------------------------------------------------------------
# Hom_G


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

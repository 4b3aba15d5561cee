r"""Decomposition of representations of the compact Lie groups SO(2), O(2), SO(3), SU(2), O(3)
by their weights (used by :func:`gaugemath.reps.decompose`; the method is described in the
docstring of :mod:`gaugemath.reps.decomposition`): Lie-algebra weights from
:math:`\rho(e^{-i\varepsilon J_a})`, highest-weight vectors lowered with the Condon–Shortley
ladder, tensor products of two SO(3) irreps straight from the coupling tensors, the real
basis by realification, O(2)/O(3) through the reflection / inversion eigenspaces.
"""

from __future__ import annotations

import functools

import numpy as np

from ..groups import SO2
from .compact import o2_irrep, o3_irrep, so2_irrep, so3_irrep, su2_irrep

#: step ε of the one-parameter subgroups whose generators give the weights (weights up to ~1500)
EPS = 1e-3


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

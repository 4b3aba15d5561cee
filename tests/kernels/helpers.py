"""Shared helpers for the kernel-basis tests (span projectors, block representations).

The group elements, their action on R^d and the irrep matrices used here are written out
in closed form in this file (planar groups) or derived from SciPy's spherical harmonics
(SO(3)/O(3)), independently of :mod:`gaugemath.kernels` and :mod:`gaugemath.reps`, so that a
convention changed in the library (e.g. the reflection axis of O(2)) fails the tests.
"""

import numpy as np
from scipy.special import sph_harm_y


def span_projector(B, tol=1e-8):
    """Orthogonal projector onto the span of the rows of B (n, ...) flattened; and its rank."""
    B = np.asarray(B).reshape(B.shape[0], -1)
    Q, s, _ = np.linalg.svd(B.T, full_matrices=False)
    Q = Q[:, s > tol * s[0]]
    return Q @ Q.T, Q.shape[1]


def _is_3d(G):
    return G.family in ("SO3", "O3")


def element(G, g, flip):
    """The group element as a matrix: planar ``R(θ) diag(1, -1)^flip``; 3-D ``(-1)^flip R``."""
    if _is_3d(G):
        return np.asarray(g, float) * (-1.0) ** int(flip)
    c, s = np.cos(g), np.sin(g)
    return np.array([[c, -s], [s, c]]) @ np.diag([1.0, (-1.0) ** int(flip)])


def act(G, g, flip, x):
    """``element(G, g, flip) @ x`` for points ``x`` of shape ``(..., d)``."""
    return np.asarray(x, float) @ element(G, g, flip).T


def real_ylm(ell, x):
    """Real spherical harmonics of degree ell at unit vectors x (P, 3), order m = -ell..ell,
    from SciPy's complex Y (Condon–Shortley): √2(−1)^m Im Y_ℓ^{|m|} (m < 0), Y_ℓ^0, √2(−1)^m Re Y_ℓ^m."""
    theta = np.arccos(np.clip(x[:, 2], -1, 1))
    phi = np.arctan2(x[:, 1], x[:, 0])
    cols = []
    for m in range(-ell, ell + 1):
        Y = sph_harm_y(ell, abs(m), theta, phi)
        cols.append(Y.real if m == 0 else np.sqrt(2) * (-1) ** m * (Y.imag if m < 0 else Y.real))
    return np.stack(cols, -1)


def real_wigner_from_harmonics(ell, R):
    """The real D^ℓ(R) defined by Y(R x) = D(R) Y(x) (least squares over random directions)."""
    x = np.random.default_rng(7).normal(size=(4 * (2 * ell + 1) + 10, 3))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    A, B = real_ylm(ell, x), real_ylm(ell, x @ np.asarray(R, float).T)
    return np.linalg.lstsq(A, B, rcond=None)[0].T


def closed_form_irrep(G, label, g, flip):
    """Irrep matrix of a normalised label at the element (g, flip), written out independently:
    SO2/CN ``(0, k)``, O2/DN ``(j, k)``: ψ(kθ) ξ^flip (2-dim) or cos(kθ)·((−1)^j)^flip (1-dim);
    SO3 ℓ / O3 (ℓ, p): p^flip D^ℓ(R) from the harmonics."""
    if _is_3d(G):
        ell, p = (label, 1) if G.family == "SO3" else label
        return real_wigner_from_harmonics(ell, g) * float(p) ** int(flip)
    j, k = label
    N = getattr(G, "N", None) if G.family in ("cyclic", "dihedral") else None
    if k == 0 or (N is not None and 2 * k == N):
        return np.array([[np.cos(k * g) * ((-1.0) ** j) ** int(flip)]])
    c, s = np.cos(k * g), np.sin(k * g)
    return np.array([[c, -s], [s, c]]) @ np.diag([1.0, (-1.0) ** int(flip)])


def block_rho(basis_or_group, labels, g, flip):
    """Block-diagonal representation matrix of a direct sum of labelled irreps (closed form)."""
    G = getattr(basis_or_group, "group", basis_or_group)
    mats = [closed_form_irrep(G, lab, g, flip) for lab in labels]
    D = sum(m.shape[-1] for m in mats)
    out = np.zeros((D, D))
    o = 0
    for m in mats:
        k = m.shape[-1]
        out[o : o + k, o : o + k] = m
        o += k
    return out


def random_elements(G, n, seed):
    """``n`` random (angle or rotation matrix, flip) pairs; finite groups: angles 2πt/N."""
    rng = np.random.default_rng(seed)
    flip = rng.integers(0, 2, n) if G.family in ("O2", "dihedral", "O3") else np.zeros(n, dtype=int)
    if _is_3d(G):
        from scipy.spatial.transform import Rotation

        return Rotation.random(n, random_state=int(rng.integers(2**31))).as_matrix(), flip
    if G.family in ("cyclic", "dihedral"):
        return 2 * np.pi * rng.integers(0, G.N, n) / G.N, flip
    return rng.uniform(-np.pi, np.pi, n), flip


def equivariance_error(basis, g, flip, points):
    """max |κ(g x) − ρ_out(g) κ(x) ρ_in(g)^{-1}| over the basis, at continuous points."""
    if len(basis) == 0:
        return 0.0
    ro = block_rho(basis, basis.out_irreps, g, flip)
    ri = block_rho(basis, basis.in_irreps, g, flip)
    K = basis.evaluate(points)
    Kg = basis.evaluate(act(basis.group, g, flip, points))
    return np.abs(Kg - np.einsum("ab,nbcp,dc->nadp", ro, K, ri)).max()

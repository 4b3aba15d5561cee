"""Shared helpers for the kernel-basis tests (span projectors, block representations)."""

import numpy as np

from gaugemath.kernels.irreps import irrep_matrix


def span_projector(B, tol=1e-8):
    """Orthogonal projector onto the span of the rows of B (n, ...) flattened; and its rank."""
    B = np.asarray(B).reshape(B.shape[0], -1)
    Q, s, _ = np.linalg.svd(B.T, full_matrices=False)
    Q = Q[:, s > tol * s[0]]
    return Q @ Q.T, Q.shape[1]


def block_rho(basis_or_group, labels, g, flip):
    """Block-diagonal representation matrix of a direct sum of labelled irreps."""
    G = getattr(basis_or_group, "group", basis_or_group)
    mats = [irrep_matrix(G, lab, g, flip) for lab in labels]
    D = sum(m.shape[-1] for m in mats)
    out = np.zeros((D, D))
    o = 0
    for m in mats:
        k = m.shape[-1]
        out[o : o + k, o : o + k] = m
        o += k
    return out


def equivariance_error(basis, g, flip, points):
    """max |κ(g x) − ρ_out(g) κ(x) ρ_in(g)^{-1}| over the basis, at continuous points."""
    from gaugemath.kernels.irreps import act

    if len(basis) == 0:
        return 0.0
    ro = block_rho(basis, basis.out_irreps, g, flip)
    ri = block_rho(basis, basis.in_irreps, g, flip)
    K = basis.evaluate(points)
    Kg = basis.evaluate(act(basis.group, g, flip, points))
    return np.abs(Kg - np.einsum("ab,nbcp,dc->nadp", ro, K, ri)).max()

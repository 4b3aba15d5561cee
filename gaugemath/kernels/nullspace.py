r"""Independent numerical solution of the kernel constraint (the EMLP way: a nullspace).

Used to check *completeness* of the analytic bases: no harmonics, no Clebsch–Gordan
coefficients, no angular formulas.  On one shell the unconstrained space is

    {x ↦ Σ_a c_{o i a} A_a(x/|x|)},   A = orthonormalised monomials of degree ≤ F

(restricted to the circle/sphere, polynomials of degree ≤ F span exactly the harmonics of
degree/frequency ≤ F, so the band-limit matches the analytic rule).  The constraint
κ(g x) = ρ_out(g) κ(x) ρ_in(g)⁻¹, imposed at random directions x for the generators of a
finite group or a few random elements of a continuous one (they generate a dense subgroup
almost surely), is the linear system

    [ I ⊗ I ⊗ A(g x)ᵀ  −  ρ_out(g) ⊗ ρ_in(g) ⊗ A(x)ᵀ ] vec(c) = 0

whose nullspace (``gaugemath._linalg.nullspace``: singular values ≤ √tol·max, i.e. Gram eigenvalues
≤ tol·max) is the solution
space (Finzi, Welling & Wilson 2021, "A practical method for constructing equivariant MLPs",
§4, applied to sampled functions).
"""

from __future__ import annotations

import itertools

import numpy as np

from .._linalg import nullspace
from .irreps import has_flip, irrep_dim, irrep_matrix, kernel_group, parse_irreps, space_dim

__all__ = ["shell_solution_space", "solve_kernel_space"]


def _monomial_exponents(d: int, F: int):
    return [e for e in itertools.product(range(F + 1), repeat=d) if sum(e) <= F]


def _monomials(u, exps):
    return np.stack([np.prod(u ** np.array(e)[None, :], axis=1) for e in exps], axis=1)


def _unit(rng, n, d):
    v = rng.normal(size=(n, d))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


class _FunctionSpace:
    """Orthonormalised monomials of degree ≤ F on S^{d-1}."""

    def __init__(self, d: int, F: int, rng):
        self.exps = _monomial_exponents(d, F)
        Z = _unit(rng, 6 * len(self.exps) + 50, d)
        M = _monomials(Z, self.exps) / np.sqrt(Z.shape[0])
        U, s, Vt = np.linalg.svd(M, full_matrices=False)
        keep = s > 1e-10 * s[0]
        self.T = Vt[keep].T / s[keep]  # A(x) = monomials(x) @ T, orthonormal on Z
        self.n = int(keep.sum())

    def __call__(self, u):
        return _monomials(u, self.exps) @ self.T


def _block_rho(G, labels, g):
    mats = [irrep_matrix(G, lab, g) for lab in labels]
    D = sum(m.shape[-1] for m in mats)
    out = np.zeros(mats[0].shape[:-2] + (D, D))
    o = 0
    for m in mats:
        k = m.shape[-1]
        out[..., o : o + k, o : o + k] = m
        o += k
    return out


def _elements(G, seed):
    """Generators of a finite group; else 3 Haar-random elements, plus the flip ξ = diag(1, −1)
    (O(2)) or the inversion −1 (O(3)) for the groups with a reflection."""
    if G.is_finite:
        return np.asarray(G.generators())
    g = np.asarray(G.sample(3, seed=seed))
    if has_flip(G):
        d = space_dim(G)
        refl = np.diag([1.0, -1.0]) if d == 2 else -np.eye(3)
        g = np.concatenate([g, refl[None]])
    return g


def shell_solution_space(group, in_irreps, out_irreps, F: int, *, seed: int = 0, tol: float = 1e-9):
    """Solutions on one shell with angular band-limit ``F``.

    Returns ``(coeffs, space)``: ``coeffs`` of shape ``(n_solutions, D_out, D_in, n_A)``
    (orthonormal) and ``space`` (callable: unit directions ``(P, d)`` → ``(P, n_A)``).
    """
    G = kernel_group(group)
    ins, outs = parse_irreps(G, in_irreps, "in_irreps"), parse_irreps(G, out_irreps, "out_irreps")
    rng = np.random.default_rng(seed)
    space = _FunctionSpace(space_dim(G), int(F), rng)
    Do = sum(irrep_dim(G, lab) for lab in outs)
    Di = sum(irrep_dim(G, lab) for lab in ins)
    nA = space.n
    elems = _elements(G, seed)
    # the action on the (G-invariant) function space: A(g x) = T(g) A(x), fitted on random points
    x = _unit(rng, 3 * nA + 20, space_dim(G))
    Ax = space(x)
    blocks = []
    for g in elems:
        ro, ri = _block_rho(G, outs, g), _block_rho(G, ins, g)
        Agx = space(G.act(g, x))
        T = np.linalg.lstsq(Ax, Agx, rcond=None)[0].T  # (nA, nA)
        # c_{oi.} T(g) = sum rho_out[o,o'] rho_in[i,i'] c_{o'i'.}   on vec(c) indexed (o, i, a)
        blocks.append(np.kron(np.eye(Do * Di), T.T) - np.kron(np.kron(ro, ri), np.eye(nA)))
    M = np.vstack(blocks)
    null = nullspace(M, tol=float(np.sqrt(tol)))  # singular values <= sqrt(tol): Gram eigenvalues <= tol
    return null.T.reshape(-1, Do, Di, nA), space


def solve_kernel_space(group, in_irreps, out_irreps, radii, sigmas, fmax, *, seed: int = 0):
    """Solution space over Gaussian shells (same radial model as the analytic bases).

    Returns ``(dim, evaluate)`` where ``evaluate(points)`` gives ``(dim, D_out, D_in, P)``
    at points away from the origin.
    """
    radii = np.asarray(radii, float)
    sigmas = np.broadcast_to(np.asarray(sigmas, float), radii.shape)
    G = kernel_group(group)
    ins, outs = parse_irreps(G, in_irreps, "in_irreps"), parse_irreps(G, out_irreps, "out_irreps")
    do = [irrep_dim(G, lab) for lab in outs]
    di = [irrep_dim(G, lab) for lab in ins]
    oo, io = np.concatenate([[0], np.cumsum(do)]), np.concatenate([[0], np.cumsum(di)])
    # the constraint is block diagonal in (output irrep, input irrep): solve each block
    solved = {}
    for lo in set(outs):
        for li in set(ins):
            for F in set(int(f) for f in fmax):
                solved[lo, li, F] = shell_solution_space(G, [li], [lo], F, seed=seed)
    dim = sum(solved[lo, li, int(F)][0].shape[0] for lo in outs for li in ins for F in fmax)

    def evaluate(points):
        x = np.asarray(points, float).reshape(-1, space_dim(G))
        r = np.linalg.norm(x, axis=1)
        u = x / r[:, None]
        res = []
        for a, lo in enumerate(outs):
            for b, li in enumerate(ins):
                for s, F in enumerate(fmax):
                    coeffs, space = solved[lo, li, int(F)]
                    prof = np.exp(-((r - radii[s]) ** 2) / (2 * sigmas[s] ** 2))
                    vals = np.einsum("noia,pa->noip", coeffs, space(u)) * prof
                    full = np.zeros((vals.shape[0], oo[-1], io[-1], x.shape[0]))
                    full[:, oo[a] : oo[a + 1], io[b] : io[b + 1]] = vals
                    res.append(full)
        return np.concatenate(res, axis=0)

    return dim, evaluate

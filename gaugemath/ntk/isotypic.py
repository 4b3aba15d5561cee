r"""Group-circulant block matrices and their block diagonalisation by the irreps of a finite group.

The object
----------
Let :math:`G` be a finite group with elements :math:`g_0 = e, g_1, \dots` (``group.elements()`` order) and let a
block matrix with rows and columns indexed by :math:`(g, i)`, :math:`g\in G`, :math:`i = 1..n` (row-major:
index ``g * n + i``) have blocks that depend on :math:`g^{-1}h` only:

.. math::  M_{(g,i),(h,j)} = c(g^{-1}h)_{ij},\qquad c: G\to\mathbb{R}^{n\times n}.

This is the Gram matrix :math:`K(gx_i, hx_j) = K(x_i, g^{-1}hx_j)` of a fully augmented training set for a
kernel invariant under the simultaneous action, with :math:`c(u)_{ij} = K(x_i, ux_j)`.  As an operator
:math:`M = \sum_u R(u)\otimes c(u)` with the right-regular permutations :math:`R(u)e_h = e_{hu^{-1}}`, so it
commutes with the left-regular action (this is the equivariance of the solve).

The transform
-------------
For a complete set of inequivalent unitary irreps :math:`\pi` (:func:`gaugemath.reps.irreps`), the vectors
:math:`v^\pi_{ab}(g) = \sqrt{d_\pi/|G|}\,\pi(g)_{ab}` form an orthonormal basis of :math:`\mathbb{C}^{G}`
(Schur orthogonality; Serre, *Linear representations of finite groups*, §2.2 and §6.2).  Since
:math:`(R(u)v^\pi_{ab})(g) = v^\pi_{ab}(gu) = \sum_c v^\pi_{ac}(g)\pi(u)_{cb}`, each of the :math:`d_\pi` spans
:math:`\{v^\pi_{ab}\otimes e_i\}_{b,i}` (one for every row index :math:`a`) is invariant, and on each of them
:math:`M` acts by the same :math:`(d_\pi n)\times(d_\pi n)` Hermitian block

.. math::  \hat M_\pi = \sum_{u\in G} \pi(u)\otimes c(u)\qquad(\text{row index } (b, i) = b\,n + i).

So :math:`M \cong \bigoplus_\pi \hat M_\pi^{\oplus d_\pi}`, the map :math:`M\mapsto(\hat M_\pi)_\pi` is an algebra
homomorphism (:math:`\widehat{MN}_\pi = \hat M_\pi\hat N_\pi`, :math:`\widehat{f(M)}_\pi = f(\hat M_\pi)`), and
its inverse is Fourier inversion

.. math::  c(u) = \sum_\pi \frac{d_\pi}{|G|}\sum_{a,b}\overline{\pi(u)_{ab}}\,\hat M_\pi[a, b],

with :math:`\hat M_\pi[a, b]` the :math:`n\times n` block at block position :math:`(a, b)`.  One eigensolve per irrep
of size :math:`d_\pi n` replaces one of size :math:`|G|n` (:math:`\sum_\pi d_\pi^2 = |G|`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["circulant_blocks", "inverse_blocks", "row_transform", "block_quadratic", "flow_quadratics",
           "dense_circulant"]


def circulant_blocks(c: np.ndarray, tables) -> list[np.ndarray]:
    r"""The Hermitian blocks :math:`\hat M_\pi = \sum_u \pi(u)\otimes c(u)` for each irrep table ``(|G|, d, d)``.

    ``c``: ``(|G|, n, n)``.  Returns a list of ``(d n, d n)`` matrices (complex for complex irreps),
    Hermitian-symmetrised (exact in exact arithmetic when :math:`c(u^{-1}) = c(u)^{\mathsf T}`)."""
    n = c.shape[1]
    out = []
    for P in tables:
        d = P.shape[1]
        blk = np.einsum("uab,uij->aibj", P, c).reshape(d * n, d * n)
        out.append(0.5 * (blk + np.conj(blk.T)))
    return out


def inverse_blocks(blocks, tables) -> np.ndarray:
    r"""Fourier inversion: :math:`c(u) = \sum_\pi (d_\pi/|G|)\sum_{ab}\overline{\pi(u)_{ab}}\hat M_\pi[a,b]`.

    ``blocks``: list (one per irrep table) of ``(..., d n, d n)``; irreps left out contribute zero (use it to
    keep only the isotypic components that matter).  Returns ``(..., |G|, n, n)`` (complex dtype)."""
    out = None
    for blk, P in zip(blocks, tables):
        order, d = P.shape[0], P.shape[1]
        n = blk.shape[-1] // d
        b = blk.reshape(blk.shape[:-2] + (d, n, d, n))
        term = (d / order) * np.einsum("hab,...aibj->...hij", np.conj(P), b)
        out = term if out is None else out + term
    return out


def row_transform(r: np.ndarray, P: np.ndarray) -> np.ndarray:
    r"""Coordinates of rows :math:`r(g, i)` (shape ``(m, |G|, n)``) in the basis :math:`v^\pi_{ab}\otimes e_i`:
    ``out[m, a, b*n + i]`` :math:`=\sqrt{d/|G|}\sum_g\overline{\pi(g)_{ab}}\,r(g, i)`."""
    order, d = P.shape[0], P.shape[1]
    m, n = r.shape[0], r.shape[2]
    out = np.sqrt(d / order) * np.einsum("gab,mgi->mabi", np.conj(P), r)
    return out.reshape(m, d, d * n)


def block_quadratic(r1_hats, blocks, r2_hats) -> np.ndarray:
    r""":math:`r_1^{\mathsf T} M r_2` for real rows :math:`r_1, r_2` and a G-circulant :math:`M` given by its blocks:
    :math:`\sum_\pi\sum_a \hat r_{1,\pi,a}^{\,H}\hat M_\pi\hat r_{2,\pi,a}`.  ``blocks[k]`` may carry leading
    (time) axes; returns ``(..., m1, m2)`` (complex dtype; real up to rounding)."""
    out = None
    for r1, blk, r2 in zip(r1_hats, blocks, r2_hats):
        m1, d, x = r1.shape
        m2 = r2.shape[0]
        right = np.matmul(blk, r2.transpose(2, 1, 0).reshape(x, d * m2))  # (..., x, (a, n))
        left = np.conj(r1).transpose(0, 1, 2)  # (m1, a, x)
        right = right.reshape(right.shape[:-1] + (d, m2))  # (..., x, a, n)
        term = np.einsum("max,...xan->...mn", left, right, optimize=True)
        out = term if out is None else out + term
    return out


def flow_quadratics(rt: np.ndarray, rk: np.ndarray, V: np.ndarray, phi: np.ndarray, kb: np.ndarray):
    r"""One irrep's share of the two quadratic forms of the ensemble covariance, in the eigenbasis of its NTK
    block :math:`\hat\Theta_\pi = V\,\mathrm{diag}(\lambda)V^H` (so :math:`\hat A_t = V\,\mathrm{diag}(\varphi_t)V^H`):

    :math:`\sum_a \hat r_{\Theta,a}^H\hat A_t\hat K\hat A_t\hat r_{\Theta,a}` and
    :math:`\sum_a \hat r_{\Theta,a}^H\hat A_t\hat r_{K,a}`, each ``(T, m, m)`` (complex dtype).

    ``rt``, ``rk``: transformed NTK / NNGP rows ``(m, d, d n)`` (:func:`row_transform`); ``phi``: ``(T, d n)``;
    ``kb``: the NNGP block ``(d n, d n)``.  Two :math:`(dn)^3` products in all, whatever the number of times."""
    m, d, x = rt.shape
    Rt, Rk = rt @ np.conj(V), rk @ np.conj(V)  # rows in the eigenbasis: V^H r
    Kt = np.conj(V.T) @ kb @ V
    P = Rt[None] * phi[:, None, None, :]  # (T, m, d, x): V^H A_t r
    KP = P @ Kt.T
    T = phi.shape[0]
    quad = np.conj(P.reshape(T, m, d * x)) @ np.swapaxes(KP.reshape(T, m, d * x), 1, 2)
    cross = np.conj(P.reshape(T, m, d * x)) @ Rk.reshape(m, d * x).T[None]
    return quad, cross


def dense_circulant(c: np.ndarray, table: np.ndarray) -> np.ndarray:
    r"""The dense :math:`(|G|n)\times(|G|n)` matrix :math:`M_{(g,i),(h,j)} = c(g^{-1}h)_{ij}` (for tests and
    comparisons); ``table`` is the Cayley table (``table[g, h]`` = index of :math:`gh`)."""
    order, n = c.shape[0], c.shape[1]
    inv = np.argmax(table == 0, axis=1)
    u = table[inv[:, None], np.arange(order)[None, :]]  # u[g, h] = g^-1 h
    return c[u].transpose(0, 2, 1, 3).reshape(order * n, order * n)

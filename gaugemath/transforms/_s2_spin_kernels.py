r"""Numba kernels of the spin-s S² transforms (any integer spin; spin 0 has the faster
:mod:`._s2_scalar_kernels`): synthesis and analysis of the Legendre / Wigner-d part in θ.

Per order m ≥ 0 and ring pair (north θ, south π−θ) the kernels run the normalised
three-term recursion of :mod:`._kernels` for λ_ℓ = √((2ℓ+1)/(4π)) d^ℓ_{m,-s}(θ) and, for
s ≠ 0, μ_ℓ = √((2ℓ+1)/(4π)) d^ℓ_{m,s}(θ), and serve the four (sign of m, ring) combinations
by the ring symmetry stated there, on blocks of RB rings; seeds far below the double range
carry an integer scale k (value = v·2^(−300k)) and contribute only once k = 0.
"""

from __future__ import annotations

import numpy as np

from .._jit import jit, prange
from ._kernels import BIG, ICHUNK, balanced_order, dual, seed, shifted_coefficients, start_value

RB = 8  # rings per block (spin kernels)


@jit
def _block_seeds(m, mp, logc, logs, blk, nr, lf, p1, p2, kk):
    for r in range(nr):
        sg, lg = seed(m, mp, logc[blk + r], logs[blk + r], lf)
        v, k = start_value(sg, lg)
        p1[r] = v
        p2[r] = 0.0
        kk[r] = k


@jit
def _advance(ell, nr, tt, blk, A, A1, C, p1, p2, kk, mask, any_scaled):
    """λ_ℓ -> λ_{ℓ+1} for the rings of a block; rescales and updates the mask.

    The step is written (A(1-B) λ_ℓ − C λ_{ℓ−1}) − A t λ_ℓ with t = 1 − cos θ given
    accurately (2 sin²(θ/2)), so that near the pole the large nearly cancelling terms are
    combined first (as the core's harmonics kernel; error O(ℓ ε) instead of O(ℓ² ε))."""
    a = A[ell]
    a1 = A1[ell]
    c = C[ell]
    for r in range(nr):
        v = (a1 * p1[r] - c * p2[r]) - a * tt[blk + r] * p1[r]
        p2[r] = p1[r]
        p1[r] = v
    if any_scaled:
        still = False
        for r in range(nr):
            if kk[r] > 0:
                if abs(p1[r]) > BIG:
                    p1[r] *= ICHUNK
                    p2[r] *= ICHUNK
                    kk[r] -= 1
                if kk[r] > 0:
                    still = True
                    mask[r] = 0.0
                else:
                    mask[r] = 1.0
        return still
    return False


@jit
def _order_recursions(lmax, m, s):
    """Recursion coefficients (A, A(1 − B), C) for the orders (m, −s) and, when s ≠ 0, (m, s)."""
    A1 = np.zeros(lmax + 1)
    Ash1 = np.zeros(lmax + 1)
    C1 = np.zeros(lmax + 1)
    A2 = np.zeros(lmax + 1)
    Ash2 = np.zeros(lmax + 1)
    C2 = np.zeros(lmax + 1)
    shifted_coefficients(lmax, m, -s, A1, Ash1, C1)
    if s != 0:
        shifted_coefficients(lmax, m, s, A2, Ash2, C2)
    return A1, Ash1, C1, A2, Ash2, C2


@jit
def _start_block(m, s, logc, logs, blk, nr, lf, p1, p2, kp, maskp, q1, q2, kq, maskq):
    """Seeds of the (m, −s) [and (m, s)] recursions for the ring pairs blk..blk+nr and their
    masks (1 where the seed is representable, 0 while it is still scaled); returns whether any
    ring of each recursion is still scaled."""
    _block_seeds(m, -s, logc, logs, blk, nr, lf, p1, p2, kp)
    if s != 0:
        _block_seeds(m, s, logc, logs, blk, nr, lf, q1, q2, kq)
    scaled_p = False
    scaled_q = False
    for r in range(nr):
        maskp[r] = 1.0 if kp[r] == 0 else 0.0
        maskq[r] = 1.0 if kq[r] == 0 else 0.0
        if kp[r] > 0:
            scaled_p = True
        if kq[r] > 0:
            scaled_q = True
    return scaled_p, scaled_q


@dual
def s2_synthesis_kernel(lmax, s, real_only, c_re, c_im, tt, logc, logs, north, south, lf, out_re, out_im):
    """Ring Fourier coefficients F_m(θ_r) = Σ_ℓ c_ℓm sY_ℓm(θ_r, 0).

    c_re, c_im: (nb, (lmax+1)²) complex coefficients at ℓ²+ℓ+m.  cosx, logc, logs: per
    ring pair t = 1 − cos θ, log cos(θ/2), log sin(θ/2) of the northern position; north/south: ring indices
    (south = −1 if unpaired).  out_*: (nb, n_rings, n_m) with column m + lmax, or m when
    ``real_only`` (then only m >= 0 is computed; s must be 0).  Outputs must be zeroed.
    """
    nb = c_re.shape[0]
    npairs = tt.shape[0]
    sa = abs(s)
    moff = 0 if real_only else lmax
    sgn_s = -1.0 if sa % 2 == 1 else 1.0
    for task in prange(lmax + 1):
        m = balanced_order(task, lmax + 1)
        l0 = max(m, sa)
        if l0 > lmax:
            continue
        nl = lmax - l0 + 1
        A1, Ash1, C1, A2, Ash2, C2 = _order_recursions(lmax, m, s)
        # coefficients of +m and -m, contiguous in the batch
        cp = np.zeros((nl, 2, nb))
        cm = np.zeros((nl, 2, nb))
        for i in range(nl):
            ell = l0 + i
            for bb in range(nb):
                cp[i, 0, bb] = c_re[bb, ell * ell + ell + m]
                cp[i, 1, bb] = c_im[bb, ell * ell + ell + m]
                if not real_only and m > 0:
                    cm[i, 0, bb] = c_re[bb, ell * ell + ell - m]
                    cm[i, 1, bb] = c_im[bb, ell * ell + ell - m]
        # parity-split accumulators: P = c+ λ, Q = c+ μ, R = c- μ, S = c- λ
        P = np.zeros((2, nb, 2, RB))
        Q = np.zeros((2, nb, 2, RB))
        R = np.zeros((2, nb, 2, RB))
        S = np.zeros((2, nb, 2, RB))
        p1 = np.zeros(RB)
        p2 = np.zeros(RB)
        q1 = np.zeros(RB)
        q2 = np.zeros(RB)
        kp = np.zeros(RB, np.int64)
        kq = np.zeros(RB, np.int64)
        maskp = np.ones(RB)
        maskq = np.ones(RB)
        vp = np.zeros(RB)
        vq = np.zeros(RB)
        do_neg = (not real_only) and m > 0
        for blk in range(0, npairs, RB):
            nr = min(RB, npairs - blk)
            scaled_p, scaled_q = _start_block(m, s, logc, logs, blk, nr, lf, p1, p2, kp, maskp, q1, q2, kq, maskq)
            P[:] = 0.0
            Q[:] = 0.0
            R[:] = 0.0
            S[:] = 0.0
            for i in range(nl):
                ell = l0 + i
                par = (ell + m) & 1
                for r in range(nr):
                    vp[r] = p1[r] * maskp[r]
                if s != 0:
                    for r in range(nr):
                        vq[r] = q1[r] * maskq[r]
                for bb in range(nb):
                    ar = cp[i, 0, bb]
                    ai = cp[i, 1, bb]
                    for r in range(nr):
                        P[par, bb, 0, r] += ar * vp[r]
                        P[par, bb, 1, r] += ai * vp[r]
                    if s != 0:
                        for r in range(nr):
                            Q[par, bb, 0, r] += ar * vq[r]
                            Q[par, bb, 1, r] += ai * vq[r]
                    if do_neg:
                        br = cm[i, 0, bb]
                        bi = cm[i, 1, bb]
                        for r in range(nr):
                            S[par, bb, 0, r] += br * vp[r]
                            S[par, bb, 1, r] += bi * vp[r]
                        if s != 0:
                            for r in range(nr):
                                R[par, bb, 0, r] += br * vq[r]
                                R[par, bb, 1, r] += bi * vq[r]
                if i < nl - 1:
                    scaled_p = _advance(ell, nr, tt, blk, A1, Ash1, C1, p1, p2, kp, maskp, scaled_p)
                    if s != 0:
                        scaled_q = _advance(ell, nr, tt, blk, A2, Ash2, C2, q1, q2, kq, maskq, scaled_q)
            # outputs
            sg_neg_n = sgn_s * (-1.0 if (m - s) % 2 != 0 else 1.0)
            sg_neg_s = sgn_s * (-1.0 if (m + s) % 2 != 0 else 1.0)
            for r in range(nr):
                rn = north[blk + r]
                rs = south[blk + r]
                for bb in range(nb):
                    for c in range(2):
                        if s == 0:
                            qe = P[0, bb, c, r]
                            qo = P[1, bb, c, r]
                            re_ = S[0, bb, c, r]
                            ro = S[1, bb, c, r]
                        else:
                            qe = Q[0, bb, c, r]
                            qo = Q[1, bb, c, r]
                            re_ = R[0, bb, c, r]
                            ro = R[1, bb, c, r]
                        npos = sgn_s * (P[0, bb, c, r] + P[1, bb, c, r])
                        spos = sgn_s * (qe - qo)
                        if c == 0:
                            if rn >= 0:
                                out_re[bb, rn, m + moff] = npos
                            if rs >= 0:
                                out_re[bb, rs, m + moff] = spos
                        else:
                            if rn >= 0:
                                out_im[bb, rn, m + moff] = npos
                            if rs >= 0:
                                out_im[bb, rs, m + moff] = spos
                        if do_neg:
                            nneg = sg_neg_n * (re_ + ro)
                            sneg = sg_neg_s * (S[0, bb, c, r] - S[1, bb, c, r])
                            if c == 0:
                                if rn >= 0:
                                    out_re[bb, rn, moff - m] = nneg
                                if rs >= 0:
                                    out_re[bb, rs, moff - m] = sneg
                            else:
                                if rn >= 0:
                                    out_im[bb, rn, moff - m] = nneg
                                if rs >= 0:
                                    out_im[bb, rs, moff - m] = sneg


@dual(fastmath={"reassoc", "contract"})
def s2_analysis_kernel(lmax, s, real_only, g_re, g_im, tt, logc, logs, north, south, lf, out_re, out_im):
    """Coefficients c_ℓm = Σ_r sY_ℓm(θ_r, 0) G_m(θ_r) of weighted ring Fourier data
    G (layout of the synthesis output); writes out_*[b, ℓ²+ℓ+m] (zeroed by the caller)."""
    nb = g_re.shape[0]
    npairs = tt.shape[0]
    sa = abs(s)
    moff = 0 if real_only else lmax
    sgn_s = -1.0 if sa % 2 == 1 else 1.0
    for task in prange(lmax + 1):
        m = balanced_order(task, lmax + 1)
        l0 = max(m, sa)
        if l0 > lmax:
            continue
        nl = lmax - l0 + 1
        A1, Ash1, C1, A2, Ash2, C2 = _order_recursions(lmax, m, s)
        do_neg = (not real_only) and m > 0
        accp = np.zeros((nl, 2, nb))
        accm = np.zeros((nl, 2, nb))
        # H1 = G+N, H2 = G+S, H3 = σ1 G-N, H4 = σ2 G-S, per block; for s = 0 folded by parity
        H = np.zeros((4, nb, 2, RB))
        E = np.zeros((2, 2, nb, 2, RB))  # [sign of m][parity]
        p1 = np.zeros(RB)
        p2 = np.zeros(RB)
        q1 = np.zeros(RB)
        q2 = np.zeros(RB)
        kp = np.zeros(RB, np.int64)
        kq = np.zeros(RB, np.int64)
        maskp = np.ones(RB)
        maskq = np.ones(RB)
        vp = np.zeros(RB)
        vq = np.zeros(RB)
        sg1 = -1.0 if (m - s) % 2 != 0 else 1.0
        sg2 = -1.0 if (m + s) % 2 != 0 else 1.0
        for blk in range(0, npairs, RB):
            nr = min(RB, npairs - blk)
            H[:] = 0.0
            for r in range(nr):
                rn = north[blk + r]
                rs = south[blk + r]
                for bb in range(nb):
                    if rn >= 0:
                        H[0, bb, 0, r] = g_re[bb, rn, m + moff]
                        H[0, bb, 1, r] = g_im[bb, rn, m + moff]
                    if rs >= 0:
                        H[1, bb, 0, r] = g_re[bb, rs, m + moff]
                        H[1, bb, 1, r] = g_im[bb, rs, m + moff]
                    if do_neg:
                        if rn >= 0:
                            H[2, bb, 0, r] = sg1 * g_re[bb, rn, moff - m]
                            H[2, bb, 1, r] = sg1 * g_im[bb, rn, moff - m]
                        if rs >= 0:
                            H[3, bb, 0, r] = sg2 * g_re[bb, rs, moff - m]
                            H[3, bb, 1, r] = sg2 * g_im[bb, rs, moff - m]
            if s == 0:
                for bb in range(nb):
                    for c in range(2):
                        for r in range(RB):
                            E[0, 0, bb, c, r] = H[0, bb, c, r] + H[1, bb, c, r]
                            E[0, 1, bb, c, r] = H[0, bb, c, r] - H[1, bb, c, r]
                            E[1, 0, bb, c, r] = H[2, bb, c, r] + H[3, bb, c, r]
                            E[1, 1, bb, c, r] = H[2, bb, c, r] - H[3, bb, c, r]
            scaled_p, scaled_q = _start_block(m, s, logc, logs, blk, nr, lf, p1, p2, kp, maskp, q1, q2, kq, maskq)
            for i in range(nl):
                ell = l0 + i
                par = (ell + m) & 1
                eps = 1.0 - 2.0 * par
                for r in range(nr):
                    vp[r] = p1[r] * maskp[r]
                if s != 0:
                    for r in range(nr):
                        vq[r] = q1[r] * maskq[r]
                for bb in range(nb):
                    for c in range(2):
                        if s == 0:
                            t = 0.0
                            for r in range(nr):
                                t += vp[r] * E[0, par, bb, c, r]
                            accp[i, c, bb] += t
                            if do_neg:
                                t = 0.0
                                for r in range(nr):
                                    t += vp[r] * E[1, par, bb, c, r]
                                accm[i, c, bb] += t
                        else:
                            t = 0.0
                            for r in range(nr):
                                t += vp[r] * H[0, bb, c, r] + eps * vq[r] * H[1, bb, c, r]
                            accp[i, c, bb] += t
                            if do_neg:
                                t = 0.0
                                for r in range(nr):
                                    t += vq[r] * H[2, bb, c, r] + eps * vp[r] * H[3, bb, c, r]
                                accm[i, c, bb] += t
                if i < nl - 1:
                    scaled_p = _advance(ell, nr, tt, blk, A1, Ash1, C1, p1, p2, kp, maskp, scaled_p)
                    if s != 0:
                        scaled_q = _advance(ell, nr, tt, blk, A2, Ash2, C2, q1, q2, kq, maskq, scaled_q)
        for i in range(nl):
            ell = l0 + i
            for bb in range(nb):
                out_re[bb, ell * ell + ell + m] = sgn_s * accp[i, 0, bb]
                out_im[bb, ell * ell + ell + m] = sgn_s * accp[i, 1, bb]
                if do_neg:
                    out_re[bb, ell * ell + ell - m] = sgn_s * accm[i, 0, bb]
                    out_im[bb, ell * ell + ell - m] = sgn_s * accm[i, 1, bb]

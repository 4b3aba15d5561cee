r"""Numba kernels of the harmonic transforms: the Legendre / Wigner-d part in θ.

For azimuthal order ``m`` and spin ``s`` the S² transforms need, on every ring θ,

    λ_ℓ(θ) = √((2ℓ+1)/(4π)) d^ℓ_{m,-s}(θ)      and      μ_ℓ(θ) = √((2ℓ+1)/(4π)) d^ℓ_{m,s}(θ)

(μ = λ for s = 0), with ``sY_ℓm(θ, φ) = (-1)^s λ_ℓ(θ) e^{imφ}`` (docs/conventions.md §5).
They come from the three-term recursion in the degree of the Wigner d functions
(Kostelec & Rockmore 2008, Eq. (3.2), as in :mod:`gaugemath._wigner_kernels`) written for
the normalised values,

    λ_{ℓ+1} = A_ℓ (cos θ − B_ℓ) λ_ℓ − C_ℓ λ_{ℓ−1},
    A_ℓ = (ℓ+1)(2ℓ+1) / √(((ℓ+1)²−m²)((ℓ+1)²−m'²)) · √((2ℓ+3)/(2ℓ+1)),
    B_ℓ = m m' / (ℓ(ℓ+1)),
    C_ℓ = A_ℓ √((ℓ²−m²)(ℓ²−m'²)) / (ℓ(2ℓ+1)) · √((2ℓ+1)/(2ℓ−1)),

started at ℓ0 = max(|m|, |m'|) from Wigner's closed form (one term), computed in
logarithms with the double-double log-binomial of the core.  Starting values far below
the double range are carried with an integer scale k (value = v·2^(−300k)); the scale is
lowered when |v| exceeds 2^150, and a value contributes only when k = 0 (before that it is
below 2^−150 of the largest ones).  No table grows with L³: per order m the kernels hold
O(L) recursion coefficients, per ring block O(L) accumulators.

Ring symmetry (equator-symmetric grids), with d^ℓ_{m'm}(π−θ) = (−1)^{ℓ+m'} d^ℓ_{m',−m}(θ)
and d_{−m,−s} = (−1)^{m−s} d_{m,s}, for a north ring θ and its mirror π−θ:

    (+m, north) = λ_ℓ,                (+m, south) = (−1)^{ℓ+m} μ_ℓ,
    (−m, north) = (−1)^{m−s} μ_ℓ,     (−m, south) = (−1)^{m+s} (−1)^{ℓ+m} λ_ℓ,

so one recursion (s = 0) or two (s ≠ 0) per order m ≥ 0 and ring pair serve all four
(sign of m, ring) combinations; sums over ℓ are split by the parity of ℓ + m.
Parallel over m (``prange``), in an order that pairs heavy and light orders.
"""

from __future__ import annotations

import math

import numpy as np

from .._jit import jit, prange
from .._wigner_kernels import _half_angle_logs, _log_binomial, _two_sum, d_column_tabled, recursion_tables

RB = 8  # rings per block
CHUNK = 2.0**300
ICHUNK = 2.0**-300
BIG = 2.0**150
LN2 = math.log(2.0)


@jit
def log_factorials(n):
    """log k! for k <= n as double-double (hi, lo) rows (as the core's ``recursion_tables``)."""
    lf = np.zeros((n + 1, 2))
    for k in range(2, n + 1):
        hi, lo = _two_sum(lf[k - 1, 0], math.log(k))
        lf[k, 0] = hi
        lf[k, 1] = lo + lf[k - 1, 1]
    return lf


@jit
def balanced_order(task, n):
    """Task t -> order m so that consecutive tasks alternate light and heavy orders."""
    half = task // 2
    if task % 2 == 0:
        return half
    return n - 1 - half


@jit
def recursion_coefficients(lmax, m, mp, A, B, C):
    """A, B, C of the normalised recursion (module docstring) for orders (m, mp), l < lmax."""
    l0 = max(abs(m), abs(mp))
    mm = float(m * m)
    mpp = float(mp * mp)
    for ell in range(l0, lmax):
        j = float(ell)
        jp1 = j + 1.0
        a = jp1 * (2.0 * j + 1.0) / math.sqrt((jp1 * jp1 - mm) * (jp1 * jp1 - mpp))
        A[ell] = a * math.sqrt((2.0 * j + 3.0) / (2.0 * j + 1.0))
        if ell == 0:
            B[ell] = 0.0
            C[ell] = 0.0
        else:
            B[ell] = m * mp / (j * jp1)
            C[ell] = (
                A[ell]
                * math.sqrt(max((j * j - mm) * (j * j - mpp), 0.0))
                / (j * (2.0 * j + 1.0))
                * math.sqrt((2.0 * j + 1.0) / (2.0 * j - 1.0))
            )


@jit
def seed(m, mp, log_c, log_s, lf):
    """(sign, log|λ_ℓ0|) of √((2ℓ0+1)/4π) d^ℓ0_{m,mp}(θ), ℓ0 = max(|m|, |mp|), from
    d^j_{j,b} = (−1)^{j−b} √C(2j, j+b) c^{j+b} s^{j−b}, d^j_{−j,b} = √C(2j, j+b) c^{j−b} s^{j+b}
    and d_{a,b} = (−1)^{a−b} d_{b,a}; c = cos(θ/2), s = sin(θ/2) given as logs."""
    sign = 1.0
    a = m
    b = mp
    if abs(b) > abs(a):
        if (a - b) % 2 != 0:
            sign = -sign
        a, b = b, a
    j0 = abs(a)
    lg = 0.5 * _log_binomial(lf, 2 * j0, j0 + b)
    if a >= 0:
        if (j0 - b) % 2 != 0:
            sign = -sign
        ec, es = j0 + b, j0 - b
    else:
        ec, es = j0 - b, j0 + b
    if ec > 0:
        lg += ec * log_c
    if es > 0:
        lg += es * log_s
    lg += 0.5 * math.log((2.0 * j0 + 1.0) / (4.0 * math.pi))
    return sign, lg


@jit
def start_value(sign, lg):
    """(scaled value, scale k) with value·2^(−300k) = sign·exp(lg)."""
    if lg == -np.inf:
        return 0.0, 0
    k = 0
    if lg < -150.0 * LN2:
        k = int(math.ceil((-lg / LN2 - 150.0) / 300.0))
    return sign * math.exp(lg + 300.0 * k * LN2), k


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
def shifted_coefficients(lmax, m, mp, A, A1, C):
    """A, A(1 − B), C of the recursion for orders (m, mp) (see :func:`_advance`)."""
    B = np.zeros(lmax + 1)
    recursion_coefficients(lmax, m, mp, A, B, C)
    for ell in range(lmax + 1):
        A1[ell] = A[ell] * (1.0 - B[ell])


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


@jit(parallel=True)
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


@jit(parallel=True, fastmath={"reassoc", "contract"})
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


# ----------------------------------------------------------------------------- spin 0, fast path
@jit
def _scalar_block_start(m, logc, logs, tt, blk, nr, lf, p1, p2, kk, t):
    """Seeds of a (padded) block of RB rings; returns the number of scaled rings."""
    nscaled = 0
    for r in range(RB):
        if r < nr:
            sg, lg = seed(m, 0, logc[blk + r], logs[blk + r], lf)
            v, k = start_value(sg, lg)
            p1[r] = v
            kk[r] = k
            t[r] = tt[blk + r]
            if k > 0:
                nscaled += 1
        else:
            p1[r] = 0.0
            kk[r] = 0
            t[r] = 0.0
        p2[r] = 0.0
    return nscaled


@jit
def _scalar_step(a, a1, c, p1, p2, t):
    for r in range(RB):
        v = (a1 * p1[r] - c * p2[r]) - a * t[r] * p1[r]
        p2[r] = p1[r]
        p1[r] = v


@jit
def _rescale(p1, p2, kk, mask):
    n = 0
    for r in range(RB):
        if kk[r] > 0:
            if abs(p1[r]) > BIG:
                p1[r] *= ICHUNK
                p2[r] *= ICHUNK
                kk[r] -= 1
        mask[r] = 1.0 if kk[r] == 0 else 0.0
        if kk[r] > 0:
            n += 1
    return n


@jit(inline="always")
def _accumulate_degree(cp, cm, i, do_neg, p1, x, y):
    """Synthesis, tight phase: x[b] += c_{ℓ,+m}[b] λ_ℓ and y[b] += c_{ℓ,-m}[b] λ_ℓ (ℓ = m + i).
    Inlined at Numba-IR level: as a plain call it cost 50 % at L = 512 (measured)."""
    for bb in range(cp.shape[1]):
        ar = cp[i, bb, 0]
        ai = cp[i, bb, 1]
        for r in range(RB):
            x[bb, 0, r] += ar * p1[r]
            x[bb, 1, r] += ai * p1[r]
        if do_neg:
            br = cm[i, bb, 0]
            bi_ = cm[i, bb, 1]
            for r in range(RB):
                y[bb, 0, r] += br * p1[r]
                y[bb, 1, r] += bi_ * p1[r]


@jit(parallel=True)
def s2_synthesis_scalar(lmax, real_only, c_re, c_im, tt, logc, logs, north, south, lf, out_re, out_im):
    """Spin-0 :func:`s2_synthesis_kernel`: one recursion per (m, ring pair) serves ±m and
    both mirror rings; blocks of RB rings, the degree loop split into a checked phase (some
    starting values still scaled) and a tight phase unrolled by two (even/odd ℓ + m)."""
    nb = c_re.shape[0]
    npairs = tt.shape[0]
    moff = 0 if real_only else lmax
    nblk = (npairs + RB - 1) // RB
    for task in prange(lmax + 1):
        m = balanced_order(task, lmax + 1)
        nl = lmax - m + 1
        A = np.zeros(lmax + 1)
        A1 = np.zeros(lmax + 1)
        C = np.zeros(lmax + 1)
        shifted_coefficients(lmax, m, 0, A, A1, C)
        do_neg = (not real_only) and m > 0
        cp = np.zeros((nl, nb, 2))
        cm = np.zeros((nl, nb, 2))
        for i in range(nl):
            ell = m + i
            for bb in range(nb):
                cp[i, bb, 0] = c_re[bb, ell * ell + ell + m]
                cp[i, bb, 1] = c_im[bb, ell * ell + ell + m]
                if do_neg:
                    cm[i, bb, 0] = c_re[bb, ell * ell + ell - m]
                    cm[i, bb, 1] = c_im[bb, ell * ell + ell - m]
        accp = np.zeros((2, nb, 2, RB))  # [parity of l + m] for +m
        accm = np.zeros((2, nb, 2, RB))  # for -m
        p1 = np.zeros(RB)
        p2 = np.zeros(RB)
        t = np.zeros(RB)
        kk = np.zeros(RB, np.int64)
        mask = np.ones(RB)
        sgm = -1.0 if m % 2 == 1 else 1.0
        for bi in range(nblk):
            blk = bi * RB
            nr = min(RB, npairs - blk)
            nscaled = _scalar_block_start(m, logc, logs, tt, blk, nr, lf, p1, p2, kk, t)
            for r in range(RB):
                mask[r] = 1.0 if kk[r] == 0 else 0.0
            accp[:] = 0.0
            accm[:] = 0.0
            i = 0
            while nscaled > 0 and i < nl:  # checked phase
                par = i & 1
                if nscaled < nr:
                    for bb in range(nb):
                        for c in range(2):
                            x = cp[i, bb, c]
                            for r in range(RB):
                                accp[par, bb, c, r] += x * p1[r] * mask[r]
                            if do_neg:
                                y = cm[i, bb, c]
                                for r in range(RB):
                                    accm[par, bb, c, r] += y * p1[r] * mask[r]
                if i < nl - 1:
                    ell = m + i
                    _scalar_step(A[ell], A1[ell], C[ell], p1, p2, t)
                    nscaled = _rescale(p1, p2, kk, mask)
                i += 1
            pe = i & 1
            xa = accp[pe]
            xb = accp[1 - pe]
            ya = accm[pe]
            yb = accm[1 - pe]
            while i < nl:  # tight phase, two degrees per pass
                _accumulate_degree(cp, cm, i, do_neg, p1, xa, ya)
                if i == nl - 1:
                    break
                ell = m + i
                _scalar_step(A[ell], A1[ell], C[ell], p1, p2, t)
                i += 1
                _accumulate_degree(cp, cm, i, do_neg, p1, xb, yb)
                if i == nl - 1:
                    break
                ell = m + i
                _scalar_step(A[ell], A1[ell], C[ell], p1, p2, t)
                i += 1
            for r in range(nr):
                rn = north[blk + r]
                rs = south[blk + r]
                for bb in range(nb):
                    # +m: north = E + O, south = E - O; -m: (-1)^m (E' +- O')
                    if rn >= 0:
                        out_re[bb, rn, moff + m] = accp[0, bb, 0, r] + accp[1, bb, 0, r]
                        out_im[bb, rn, moff + m] = accp[0, bb, 1, r] + accp[1, bb, 1, r]
                        if do_neg:
                            out_re[bb, rn, moff - m] = sgm * (accm[0, bb, 0, r] + accm[1, bb, 0, r])
                            out_im[bb, rn, moff - m] = sgm * (accm[0, bb, 1, r] + accm[1, bb, 1, r])
                    if rs >= 0:
                        out_re[bb, rs, moff + m] = accp[0, bb, 0, r] - accp[1, bb, 0, r]
                        out_im[bb, rs, moff + m] = accp[0, bb, 1, r] - accp[1, bb, 1, r]
                        if do_neg:
                            out_re[bb, rs, moff - m] = sgm * (accm[0, bb, 0, r] - accm[1, bb, 0, r])
                            out_im[bb, rs, moff - m] = sgm * (accm[0, bb, 1, r] - accm[1, bb, 1, r])


@jit(parallel=True, fastmath={"reassoc", "contract"})
def s2_analysis_scalar(lmax, real_only, g_re, g_im, tt, logc, logs, north, south, lf, out_re, out_im):
    """Spin-0 :func:`s2_analysis_kernel` (transpose of :func:`s2_synthesis_scalar`)."""
    nb = g_re.shape[0]
    npairs = tt.shape[0]
    moff = 0 if real_only else lmax
    nblk = (npairs + RB - 1) // RB
    for task in prange(lmax + 1):
        m = balanced_order(task, lmax + 1)
        nl = lmax - m + 1
        A = np.zeros(lmax + 1)
        A1 = np.zeros(lmax + 1)
        C = np.zeros(lmax + 1)
        shifted_coefficients(lmax, m, 0, A, A1, C)
        do_neg = (not real_only) and m > 0
        sgm = -1.0 if m % 2 == 1 else 1.0
        accp = np.zeros((nl, nb, 2))
        accm = np.zeros((nl, nb, 2))
        E = np.zeros((2, nb, 2, RB))  # +m, [parity]
        O = np.zeros((2, nb, 2, RB))  # -m
        p1 = np.zeros(RB)
        p2 = np.zeros(RB)
        t = np.zeros(RB)
        kk = np.zeros(RB, np.int64)
        mask = np.ones(RB)
        for bi in range(nblk):
            blk = bi * RB
            nr = min(RB, npairs - blk)
            E[:] = 0.0
            O[:] = 0.0
            for r in range(nr):
                rn = north[blk + r]
                rs = south[blk + r]
                for bb in range(nb):
                    for c in range(2):
                        g = g_re if c == 0 else g_im
                        a = g[bb, rn, moff + m] if rn >= 0 else 0.0
                        b = g[bb, rs, moff + m] if rs >= 0 else 0.0
                        E[0, bb, c, r] = a + b
                        E[1, bb, c, r] = a - b
                        if do_neg:
                            a = g[bb, rn, moff - m] if rn >= 0 else 0.0
                            b = g[bb, rs, moff - m] if rs >= 0 else 0.0
                            O[0, bb, c, r] = sgm * (a + b)
                            O[1, bb, c, r] = sgm * (a - b)
            nscaled = _scalar_block_start(m, logc, logs, tt, blk, nr, lf, p1, p2, kk, t)
            for r in range(RB):
                mask[r] = 1.0 if kk[r] == 0 else 0.0
            i = 0
            while nscaled > 0 and i < nl:  # checked phase
                par = i & 1
                if nscaled < nr:
                    for bb in range(nb):
                        for c in range(2):
                            s_ = 0.0
                            for r in range(RB):
                                s_ += p1[r] * mask[r] * E[par, bb, c, r]
                            accp[i, bb, c] += s_
                            if do_neg:
                                s_ = 0.0
                                for r in range(RB):
                                    s_ += p1[r] * mask[r] * O[par, bb, c, r]
                                accm[i, bb, c] += s_
                if i < nl - 1:
                    ell = m + i
                    _scalar_step(A[ell], A1[ell], C[ell], p1, p2, t)
                    nscaled = _rescale(p1, p2, kk, mask)
                i += 1
            while i < nl:  # tight phase
                par = i & 1
                ea = E[par]
                oa = O[par]
                for bb in range(nb):
                    sr = 0.0
                    si = 0.0
                    for r in range(RB):
                        sr += p1[r] * ea[bb, 0, r]
                        si += p1[r] * ea[bb, 1, r]
                    accp[i, bb, 0] += sr
                    accp[i, bb, 1] += si
                    if do_neg:
                        sr = 0.0
                        si = 0.0
                        for r in range(RB):
                            sr += p1[r] * oa[bb, 0, r]
                            si += p1[r] * oa[bb, 1, r]
                        accm[i, bb, 0] += sr
                        accm[i, bb, 1] += si
                if i < nl - 1:
                    ell = m + i
                    _scalar_step(A[ell], A1[ell], C[ell], p1, p2, t)
                i += 1
        for i in range(nl):
            ell = m + i
            for bb in range(nb):
                out_re[bb, ell * ell + ell + m] = accp[i, bb, 0]
                out_im[bb, ell * ell + ell + m] = accp[i, bb, 1]
                if do_neg:
                    out_re[bb, ell * ell + ell - m] = accm[i, bb, 0]
                    out_im[bb, ell * ell + ell - m] = accm[i, bb, 1]


# ----------------------------------------------------------------------------- SO(3)
@jit
def _so3_targets(mp, m):
    """The distinct (m', m, sign) among the four entries served by the column d_{mp,m}:
    d_{mp,m} = (-1)^{mp-m} d_{m,mp} = d_{-m,-mp} = (-1)^{mp-m} d_{-mp,-m} (Sakurai 3.8.36)."""
    sg = -1.0 if (mp - m) % 2 != 0 else 1.0
    cand = ((mp, m, 1.0), (m, mp, sg), (-m, -mp, 1.0), (-mp, -m, sg))
    out = np.zeros((4, 3))
    n = 0
    for k in range(4):
        a, b, s_ = cand[k]
        dup = False
        for q in range(n):
            if out[q, 0] == a and out[q, 1] == b:
                dup = True
        if not dup:
            out[n, 0] = a
            out[n, 1] = b
            out[n, 2] = s_
            n += 1
    return out, n


@jit(parallel=True)
def so3_synthesis_kernel(lmax, f_re, f_im, betas, out_re, out_im):
    """G[b, j, m'+lmax, m+lmax] = Σ_ℓ F^ℓ_{m'm} d^ℓ_{m'm}(β_j) for packed F (index
    ℓ(4ℓ²−1)/3 + (m'+ℓ)(2ℓ+1) + (m+ℓ)); d columns from the core's tabled recursion,
    each serving up to four (m', m) entries.  Parallel over mp = max(|m'|, |m|)."""
    tables = recursion_tables(lmax)
    nb = f_re.shape[0]
    nbeta = betas.shape[0]
    for task in prange(lmax + 1):
        mp = balanced_order(task, lmax + 1)
        col = np.empty(lmax + 1)
        for m in range(-mp, mp + 1):
            tg, nt = _so3_targets(mp, m)
            for j in range(nbeta):
                cb, log_c, log_s = _half_angle_logs(betas[j])
                d_column_tabled(lmax, mp, m, cb, log_c, log_s, tables, col)
                for q in range(nt):
                    a = int(tg[q, 0])
                    b = int(tg[q, 1])
                    sg = tg[q, 2]
                    for bb in range(nb):
                        sr = 0.0
                        si = 0.0
                        for k in range(lmax - mp + 1):
                            ell = mp + k
                            idx = ell * (4 * ell * ell - 1) // 3 + (a + ell) * (2 * ell + 1) + (b + ell)
                            sr += f_re[bb, idx] * col[k]
                            si += f_im[bb, idx] * col[k]
                        out_re[bb, j, a + lmax, b + lmax] = sg * sr
                        out_im[bb, j, a + lmax, b + lmax] = sg * si


@jit(parallel=True)
def so3_analysis_kernel(lmax, g_re, g_im, betas, wbeta, out_re, out_im):
    """F^ℓ_{m'm} = (2ℓ+1)/2 Σ_j w_j G[b, j, m', m] d^ℓ_{m'm}(β_j) (transpose of the above,
    with the normalisation of the Wigner-D orthogonality ∫ D D̄ dR = 8π²/(2ℓ+1))."""
    tables = recursion_tables(lmax)
    nb = g_re.shape[0]
    nbeta = betas.shape[0]
    for task in prange(lmax + 1):
        mp = balanced_order(task, lmax + 1)
        col = np.empty(lmax + 1)
        for m in range(-mp, mp + 1):
            tg, nt = _so3_targets(mp, m)
            for j in range(nbeta):
                cb, log_c, log_s = _half_angle_logs(betas[j])
                d_column_tabled(lmax, mp, m, cb, log_c, log_s, tables, col)
                for q in range(nt):
                    a = int(tg[q, 0])
                    b = int(tg[q, 1])
                    sg = tg[q, 2] * wbeta[j]
                    for bb in range(nb):
                        gr = sg * g_re[bb, j, a + lmax, b + lmax]
                        gi = sg * g_im[bb, j, a + lmax, b + lmax]
                        for k in range(lmax - mp + 1):
                            ell = mp + k
                            idx = ell * (4 * ell * ell - 1) // 3 + (a + ell) * (2 * ell + 1) + (b + ell)
                            out_re[bb, idx] += (ell + 0.5) * gr * col[k]
                            out_im[bb, idx] += (ell + 0.5) * gi * col[k]

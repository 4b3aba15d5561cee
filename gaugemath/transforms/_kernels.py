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
import types

import numpy as np

from .._jit import JIT_ENABLED, jit, prange
from .._wigner_kernels import _half_angle_logs, _log_binomial, d_column_tabled, recursion_tables

RB = 8  # rings per block (spin kernels)
RBS = 32  # rings per block (spin-0 kernels: long enough for the loop vectoriser)
CHUNK = 2.0**300
ICHUNK = 2.0**-300
BIG = 2.0**150
LN2 = math.log(2.0)


class _Dual:
    """A ``prange`` kernel with a serial and a parallel Numba dispatcher, each built (and
    compiled, for float64/complex128 inputs only) on its first use: small transforms call
    ``serial`` and never pay the thread-pool start or the parallel compile.  The serial
    variant is a copy of the function under the name ``<name>_serial`` so that the two never
    share an on-disk cache entry (Numba keys the cache by qualified name and signature)."""

    def __init__(self, fn, **kwargs):
        self.py_func = fn
        self._kwargs = kwargs
        self._serial = None
        self._parallel = None
        self.__doc__ = fn.__doc__

    @property
    def serial(self):
        if self._serial is None:
            fn = self.py_func
            if JIT_ENABLED:
                copy = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__ + "_serial",
                                          fn.__defaults__, fn.__closure__)
                copy.__qualname__ = fn.__qualname__ + "_serial"
                copy.__doc__ = fn.__doc__
                fn = copy
            self._serial = jit(fn, **self._kwargs)
        return self._serial

    @property
    def parallel(self):
        if self._parallel is None:
            self._parallel = jit(self.py_func, parallel=True, **self._kwargs)
        return self._parallel

    def __call__(self, *args, parallel=False):
        return (self.parallel if parallel else self.serial)(*args)


def dual(fn=None, **kwargs):
    """Decorator: :class:`_Dual` (``fastmath`` etc. passed to both variants)."""
    if fn is None:
        return lambda f: _Dual(f, **kwargs)
    return _Dual(fn, **kwargs)


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
    mmp = float(m * mp)
    if l0 == 0 and lmax > 0:  # ℓ = 0: no λ_{−1} term
        A[0] = math.sqrt(3.0) / math.sqrt((1.0 - mm) * (1.0 - mpp))
        B[0] = 0.0
        C[0] = 0.0
    for ell in range(max(l0, 1), lmax):  # branch-free body: the loop vectorises
        j = float(ell)
        jp1 = j + 1.0
        a = jp1 * (2.0 * j + 1.0) / math.sqrt((jp1 * jp1 - mm) * (jp1 * jp1 - mpp))
        a = a * math.sqrt((2.0 * j + 3.0) / (2.0 * j + 1.0))
        A[ell] = a
        B[ell] = mmp / (j * jp1)
        C[ell] = (
            a
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


# ----------------------------------------------------------------------------- spin 0, fast path
@jit
def _scalar_block_start(m, logc, logs, tt, blk, nr, lf, p1, p2, kk, t):
    """Seeds of a (padded) block of RBS rings; returns the number of scaled rings."""
    nscaled = 0
    for r in range(RBS):
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
def first_live_pair(lmax, tt, logc, logs, lf, out):
    """out[m] = index of the first ring pair (pairs sorted by t = 2 sin²(θ/2) ascending) whose
    spin-0 λ_ℓm(θ) leaves the scaled range (|λ| > 2^-150) at some ℓ <= lmax.  Pairs before it
    carry only values below 2^-150 for this m — the kernels' mask sets them to zero anyway — so
    the kernels skip them instead of running their recursion.  The first live pair moves away
    from the pole as m grows (λ_mm ∝ sin^m θ, turning point ℓ ≈ m / sin θ), so the scan walks
    forward from out[m-1]: O((lmax + n_pairs) lmax) steps in all."""
    npairs = tt.shape[0]
    A = np.zeros(lmax + 1)
    A1 = np.zeros(lmax + 1)
    C = np.zeros(lmax + 1)
    j = 0
    for m in range(lmax + 1):
        shifted_coefficients(lmax, m, 0, A, A1, C)
        nl = lmax - m + 1
        while j < npairs:
            sg, lg = seed(m, 0, logc[j], logs[j], lf)
            p1, k = start_value(sg, lg)
            if p1 == 0.0:  # an exact zero (a pole ring, m > 0) stays zero at every degree
                j += 1
                continue
            p2 = 0.0
            i = 0
            while k > 0 and i < nl - 1:
                ell = m + i
                v = (A1[ell] * p1 - C[ell] * p2) - A[ell] * tt[j] * p1
                p2 = p1
                p1 = v
                if abs(p1) > BIG:
                    p1 *= ICHUNK
                    p2 *= ICHUNK
                    k -= 1
                i += 1
            if k == 0:
                break
            j += 1
        out[m] = j


@jit
def _scalar_step(a, a1, c, p1, p2, t):
    for r in range(RBS):
        v = (a1 * p1[r] - c * p2[r]) - a * t[r] * p1[r]
        p2[r] = p1[r]
        p1[r] = v


@jit
def _rescale(p1, p2, kk, mask):
    """Rings still scaled (kk > 0) whose value passed 2^150 drop one 2^-300 chunk; returns
    how many stay scaled.  Written with selects, not branches, so that it vectorises."""
    n = 0
    for r in range(RBS):
        up = kk[r] > 0 and abs(p1[r]) > BIG
        f = ICHUNK if up else 1.0
        p1[r] *= f
        p2[r] *= f
        k = kk[r] - (1 if up else 0)
        kk[r] = k
        mask[r] = 1.0 if k == 0 else 0.0
        n += 1 if k > 0 else 0
    return n


@jit
def _synthesis_tight(A, A1, C, m, i, nl, cp, cm, bb, do_neg, s1, s2, t, p1, p2, xa, xb, ya, yb):
    """Synthesis, tight phase of one map ``bb``: from the recursion state (s1, s2) = (λ_{m+i},
    λ_{m+i−1}) on RBS rings, x[c, r] += c_{ℓ,+m}[c] λ_ℓ(r) (and y for −m) for ℓ = m+i … lmax,
    even steps into xa, odd into xb.  Two degrees per pass, recursion and sums fused in one
    loop over the rings (so the loop vectoriser keeps λ in registers: ~4x faster, measured)."""
    for r in range(RBS):
        p1[r] = s1[r]
        p2[r] = s2[r]
    while i < nl:
        ar = cp[i, bb, 0]
        ai = cp[i, bb, 1]
        nr_ = cm[i, bb, 0]
        ni_ = cm[i, bb, 1]
        if i + 1 < nl:
            br = cp[i + 1, bb, 0]
            bi_ = cp[i + 1, bb, 1]
            mr = cm[i + 1, bb, 0]
            mi = cm[i + 1, bb, 1]
            ell = m + i
            a, a1, c = A[ell], A1[ell], C[ell]
            e, e1, f = A[ell + 1], A1[ell + 1], C[ell + 1]
        else:  # last degree alone: the steps below are computed and discarded
            br = bi_ = mr = mi = 0.0
            a = a1 = c = e = e1 = f = 0.0
        if do_neg:
            for r in range(RBS):
                q1 = p1[r]
                q2 = p2[r]
                tr = t[r]
                xa[0, r] += ar * q1
                xa[1, r] += ai * q1
                ya[0, r] += nr_ * q1
                ya[1, r] += ni_ * q1
                v = (a1 * q1 - c * q2) - a * tr * q1
                xb[0, r] += br * v
                xb[1, r] += bi_ * v
                yb[0, r] += mr * v
                yb[1, r] += mi * v
                p2[r] = v
                p1[r] = (e1 * v - f * q1) - e * tr * v
        else:
            for r in range(RBS):
                q1 = p1[r]
                q2 = p2[r]
                tr = t[r]
                xa[0, r] += ar * q1
                xa[1, r] += ai * q1
                v = (a1 * q1 - c * q2) - a * tr * q1
                xb[0, r] += br * v
                xb[1, r] += bi_ * v
                p2[r] = v
                p1[r] = (e1 * v - f * q1) - e * tr * v
        i += 2


@jit(fastmath={"reassoc", "contract"})
def _analysis_tight(A, A1, C, m, i, nl, ea, eb, oa, ob, do_neg, s1, s2, t, p1, p2, accp, accm):
    """Analysis, tight phase of one map (transpose of :func:`_synthesis_tight`):
    acc[ℓ−m, c] += Σ_r λ_ℓ(r) e[c, r] for ℓ = m+i … lmax, ring data ea for even steps and eb
    for odd ones (o for −m); two degrees per pass, recursion and sums in one ring loop."""
    for r in range(RBS):
        p1[r] = s1[r]
        p2[r] = s2[r]
    while i < nl:
        if i + 1 < nl:
            ell = m + i
            a, a1, c = A[ell], A1[ell], C[ell]
            e, e1, f = A[ell + 1], A1[ell + 1], C[ell + 1]
        else:  # last degree alone: the steps below are computed and discarded
            a = a1 = c = e = e1 = f = 0.0
        xr = xi = zr = zi = 0.0
        yr = yi = wr = wi = 0.0
        if do_neg:
            for r in range(RBS):
                q1 = p1[r]
                q2 = p2[r]
                tr = t[r]
                v = (a1 * q1 - c * q2) - a * tr * q1
                xr += q1 * ea[0, r]
                xi += q1 * ea[1, r]
                yr += q1 * oa[0, r]
                yi += q1 * oa[1, r]
                zr += v * eb[0, r]
                zi += v * eb[1, r]
                wr += v * ob[0, r]
                wi += v * ob[1, r]
                p2[r] = v
                p1[r] = (e1 * v - f * q1) - e * tr * v
            accm[i, 0] += yr
            accm[i, 1] += yi
            if i + 1 < nl:
                accm[i + 1, 0] += wr
                accm[i + 1, 1] += wi
        else:
            for r in range(RBS):
                q1 = p1[r]
                q2 = p2[r]
                tr = t[r]
                v = (a1 * q1 - c * q2) - a * tr * q1
                xr += q1 * ea[0, r]
                xi += q1 * ea[1, r]
                zr += v * eb[0, r]
                zi += v * eb[1, r]
                p2[r] = v
                p1[r] = (e1 * v - f * q1) - e * tr * v
        accp[i, 0] += xr
        accp[i, 1] += xi
        if i + 1 < nl:
            accp[i + 1, 0] += zr
            accp[i + 1, 1] += zi
        i += 2


@dual
def s2_synthesis_scalar(lmax, real_only, coef, tt, logc, logs, north, south, lf, live, out):
    """Spin-0 :func:`s2_synthesis_kernel`: one recursion per (m, ring pair) serves ±m and
    both mirror rings; blocks of RBS rings, the degree loop split into a checked phase (some
    starting values still scaled) and a tight phase unrolled by two (even/odd ℓ + m)."""
    nb = coef.shape[0]
    npairs = tt.shape[0]
    moff = 0 if real_only else lmax
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
                v = coef[bb, ell * ell + ell + m]
                cp[i, bb, 0] = v.real
                cp[i, bb, 1] = v.imag
                if do_neg:
                    v = coef[bb, ell * ell + ell - m]
                    cm[i, bb, 0] = v.real
                    cm[i, bb, 1] = v.imag
        accp = np.zeros((2, nb, 2, RBS))  # [parity of l + m] for +m
        accm = np.zeros((2, nb, 2, RBS))  # for -m
        p1 = np.zeros(RBS)
        p2 = np.zeros(RBS)
        s1 = np.zeros(RBS)
        s2 = np.zeros(RBS)
        t = np.zeros(RBS)
        kk = np.zeros(RBS, np.int64)
        mask = np.ones(RBS)
        sgm = -1.0 if m % 2 == 1 else 1.0
        for blk in range(live[m], npairs, RBS):  # pairs before live[m]: below 2^-150, zero
            nr = min(RBS, npairs - blk)
            nscaled = _scalar_block_start(m, logc, logs, tt, blk, nr, lf, p1, p2, kk, t)
            for r in range(RBS):
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
                            for r in range(RBS):
                                accp[par, bb, c, r] += x * p1[r] * mask[r]
                            if do_neg:
                                y = cm[i, bb, c]
                                for r in range(RBS):
                                    accm[par, bb, c, r] += y * p1[r] * mask[r]
                if i < nl - 1:
                    ell = m + i
                    _scalar_step(A[ell], A1[ell], C[ell], p1, p2, t)
                    nscaled = _rescale(p1, p2, kk, mask)
                i += 1
            if i < nl:  # tight phase, per map
                pe = i & 1
                for r in range(RBS):
                    s1[r] = p1[r]
                    s2[r] = p2[r]
                for bb in range(nb):
                    _synthesis_tight(A, A1, C, m, i, nl, cp, cm, bb, do_neg, s1, s2, t, p1, p2,
                                     accp[pe, bb], accp[1 - pe, bb], accm[pe, bb], accm[1 - pe, bb])
            for r in range(nr):
                rn = north[blk + r]
                rs = south[blk + r]
                for bb in range(nb):
                    # +m: north = E + O, south = E - O; -m: (-1)^m (E' +- O')
                    if rn >= 0:
                        out[bb, rn, moff + m] = complex(accp[0, bb, 0, r] + accp[1, bb, 0, r],
                                                        accp[0, bb, 1, r] + accp[1, bb, 1, r])
                        if do_neg:
                            out[bb, rn, moff - m] = sgm * complex(accm[0, bb, 0, r] + accm[1, bb, 0, r],
                                                                  accm[0, bb, 1, r] + accm[1, bb, 1, r])
                    if rs >= 0:
                        out[bb, rs, moff + m] = complex(accp[0, bb, 0, r] - accp[1, bb, 0, r],
                                                        accp[0, bb, 1, r] - accp[1, bb, 1, r])
                        if do_neg:
                            out[bb, rs, moff - m] = sgm * complex(accm[0, bb, 0, r] - accm[1, bb, 0, r],
                                                                  accm[0, bb, 1, r] - accm[1, bb, 1, r])


@dual(fastmath={"reassoc", "contract"})
def s2_analysis_scalar(lmax, real_only, g, tt, logc, logs, north, south, lf, live, out):
    """Spin-0 :func:`s2_analysis_kernel` (transpose of :func:`s2_synthesis_scalar`)."""
    nb = g.shape[0]
    npairs = tt.shape[0]
    moff = 0 if real_only else lmax
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
        E = np.zeros((2, nb, 2, RBS))  # +m, [parity]
        O = np.zeros((2, nb, 2, RBS))  # -m
        p1 = np.zeros(RBS)
        p2 = np.zeros(RBS)
        s1 = np.zeros(RBS)
        s2 = np.zeros(RBS)
        t = np.zeros(RBS)
        kk = np.zeros(RBS, np.int64)
        mask = np.ones(RBS)
        for blk in range(live[m], npairs, RBS):  # pairs before live[m]: below 2^-150, zero
            nr = min(RBS, npairs - blk)
            E[:] = 0.0
            O[:] = 0.0
            for r in range(nr):
                rn = north[blk + r]
                rs = south[blk + r]
                for bb in range(nb):
                    a = g[bb, rn, moff + m] if rn >= 0 else 0j
                    b = g[bb, rs, moff + m] if rs >= 0 else 0j
                    E[0, bb, 0, r] = a.real + b.real
                    E[0, bb, 1, r] = a.imag + b.imag
                    E[1, bb, 0, r] = a.real - b.real
                    E[1, bb, 1, r] = a.imag - b.imag
                    if do_neg:
                        a = g[bb, rn, moff - m] if rn >= 0 else 0j
                        b = g[bb, rs, moff - m] if rs >= 0 else 0j
                        O[0, bb, 0, r] = sgm * (a.real + b.real)
                        O[0, bb, 1, r] = sgm * (a.imag + b.imag)
                        O[1, bb, 0, r] = sgm * (a.real - b.real)
                        O[1, bb, 1, r] = sgm * (a.imag - b.imag)
            nscaled = _scalar_block_start(m, logc, logs, tt, blk, nr, lf, p1, p2, kk, t)
            for r in range(RBS):
                mask[r] = 1.0 if kk[r] == 0 else 0.0
            i = 0
            while nscaled > 0 and i < nl:  # checked phase
                par = i & 1
                if nscaled < nr:
                    for bb in range(nb):
                        for c in range(2):
                            s_ = 0.0
                            for r in range(RBS):
                                s_ += p1[r] * mask[r] * E[par, bb, c, r]
                            accp[i, bb, c] += s_
                            if do_neg:
                                s_ = 0.0
                                for r in range(RBS):
                                    s_ += p1[r] * mask[r] * O[par, bb, c, r]
                                accm[i, bb, c] += s_
                if i < nl - 1:
                    ell = m + i
                    _scalar_step(A[ell], A1[ell], C[ell], p1, p2, t)
                    nscaled = _rescale(p1, p2, kk, mask)
                i += 1
            if i < nl:  # tight phase, per map
                pe = i & 1
                for r in range(RBS):
                    s1[r] = p1[r]
                    s2[r] = p2[r]
                for bb in range(nb):
                    _analysis_tight(A, A1, C, m, i, nl, E[pe, bb], E[1 - pe, bb], O[pe, bb], O[1 - pe, bb],
                                    do_neg, s1, s2, t, p1, p2, accp[:, bb], accm[:, bb])
        for i in range(nl):
            ell = m + i
            for bb in range(nb):
                out[bb, ell * ell + ell + m] = complex(accp[i, bb, 0], accp[i, bb, 1])
                if do_neg:
                    out[bb, ell * ell + ell - m] = complex(accm[i, bb, 0], accm[i, bb, 1])


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


@dual
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


@dual
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

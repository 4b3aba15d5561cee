"""Numba kernels for Wigner d-matrices: the three-term recursion in the degree.

For fixed orders (m', m) the small-d functions obey (Edmonds 1957, Eq. 4.1.27 style;
Kostelec & Rockmore, J. Fourier Anal. Appl. 14 (2008) 145, Eq. (3.2)):

    d^{j+1}_{m'm} = (j+1)(2j+1) / sqrt(((j+1)^2 - m^2)((j+1)^2 - m'^2))
                    * [ (cos b - m m' / (j (j+1))) d^j_{m'm}
                        - sqrt((j^2 - m^2)(j^2 - m'^2)) / (j (2j+1)) d^{j-1}_{m'm} ]

started at j0 = max(|m|, |m'|) from the closed form (the sum in Wigner's formula has
a single term there).  The start is computed in logarithms and scaled by 2^800 so
that starting values far below the double range (large orders near the poles) stay
representable; the recursion is linear, so the scale is removed at the end.  Orders
are passed as floats so that half-integer j uses the same code.

Closed forms at j0 (Sakurai phase, d^1_{1,0} = -sin b / sqrt 2), c = cos(b/2), s = sin(b/2):

    d^j_{j,m}  = (-1)^{j-m} sqrt(C(2j, j+m)) c^{j+m} s^{j-m}
    d^j_{-j,m} =            sqrt(C(2j, j+m)) c^{j-m} s^{j+m}
    d^j_{m',m} = (-1)^{m'-m} d^j_{m,m'}      (used when |m| > |m'|)

Also here: the recursion tables and double-double phases shared with the S^2/SO(3) transforms
and the harmonics, and the fully normalised Legendre sweep plus the fixed-degree wedge band
(``legendre_all``, ``d_band``).  The fixed-degree d/D batch kernels built on them are in
:mod:`gaugemath._wigner_degree_kernels`.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ._jit import jit

SCALE_EXP = 800  # starting values are scaled by 2^800 (exact), removed at the end
SCALE = 2.0**SCALE_EXP
UNSCALE = 2.0**-SCALE_EXP
LOG_SCALE = SCALE_EXP * math.log(2.0)


@jit
def _log_binom(n, k):
    return math.lgamma(n + 1.0) - math.lgamma(k + 1.0) - math.lgamma(n - k + 1.0)


@jit
def _pow_log(base_log, expo):
    """expo * log(base) with 0 * log(0) = 0."""
    if expo == 0.0:
        return 0.0
    return expo * base_log


@jit
def d_start(j0, mp, m, log_c, log_s, neg_c=False, neg_s=False):
    """(sign, log|d^{j0}_{mp,m}(b)|) for j0 = max(|m|, |mp|); log_c = log|cos(b/2)|,
    log_s = log|sin(b/2)|, neg_c / neg_s the signs of cos(b/2) / sin(b/2) being negative."""
    sign = 1.0
    if abs(m) > abs(mp):  # swap roles: d_{mp,m} = (-1)^(mp-m) d_{m,mp}
        if int(round(mp - m)) % 2 != 0:
            sign = -sign
        mp, m = m, mp
    if mp >= 0:  # mp = j0
        if int(round(j0 - m)) % 2 != 0:
            sign = -sign
        ec, es = j0 + m, j0 - m
    else:  # mp = -j0
        ec, es = j0 - m, j0 + m
    lg = 0.5 * _log_binom(2.0 * j0, j0 + m) + _pow_log(log_c, ec) + _pow_log(log_s, es)
    if neg_c and int(round(ec)) % 2 != 0:
        sign = -sign
    if neg_s and int(round(es)) % 2 != 0:
        sign = -sign
    return sign, lg, j0 + m, ec, es


@jit
def _start_direct(j0, k, ec, es, c, s):
    """|sqrt(C(2 j0, k)) c^ec s^es| by direct products (relative error ~sqrt(j0) ulp, where
    the logarithmic form loses |log C| ulp); the caller ensures no overflow or underflow."""
    b = 1.0
    n = int(round(2.0 * j0))
    kk = int(round(k))
    kk = min(kk, n - kk)
    for i in range(1, kk + 1):
        b *= (n - kk + i) / i
    return math.sqrt(b) * math.pow(abs(c), ec) * math.pow(abs(s), es)


@jit
def d_column(jmax, mp, m, beta, out):
    """Write d^j_{mp,m}(beta) for j = j0, j0+1, ..., jmax into out[0:jmax-j0+1]."""
    j0 = max(abs(m), abs(mp))
    n = int(round(jmax - j0)) + 1
    if n <= 0:
        return
    half = 0.5 * beta
    c = math.cos(half)
    s = math.sin(half)
    log_c = math.log(abs(c)) if c != 0.0 else -np.inf
    log_s = math.log(abs(s)) if s != 0.0 else -np.inf
    sign, lg, kb, ec, es = d_start(j0, mp, m, log_c, log_s, c < 0.0, s < 0.0)
    if lg == -np.inf:
        prev = 0.0
    elif lg > -600.0 and j0 <= 500.0:  # C(2 j0, k) < 1e300 and the value is a normal double
        prev = sign * _start_direct(j0, kb, ec, es, c, s) * SCALE
    elif lg > -700.0:  # exp(lg) is a normal double: scale exactly by a power of two
        prev = sign * math.exp(lg) * SCALE
    else:  # far below the double range: fold the scale into the exponent
        prev = sign * math.exp(lg + LOG_SCALE)
    unscale = UNSCALE
    cb = math.cos(beta)
    out[0] = prev * unscale
    prev2 = 0.0
    j = j0
    for k in range(1, n):
        # advance from degree j to j+1
        jp1 = j + 1.0
        den = math.sqrt((jp1 * jp1 - m * m) * (jp1 * jp1 - mp * mp))
        if j == 0.0:
            cur = (jp1 * (2.0 * j + 1.0) / den) * cb * prev
        else:
            a = jp1 * (2.0 * j + 1.0) / den
            t = (cb - m * mp / (j * jp1)) * prev
            t -= math.sqrt((j * j - m * m) * (j * j - mp * mp)) / (j * (2.0 * j + 1.0)) * prev2
            cur = a * t
        prev2 = prev
        prev = cur
        out[k] = cur * unscale
        j = jp1


@jit
def wigner_d_single(j, betas, out):
    """out[n, a, b] = d^j_{m'm}(betas[n]) with m' = -j + a, m = -j + b."""
    dim = int(round(2.0 * j)) + 1
    col = np.empty(dim)
    for n in range(betas.shape[0]):
        for a in range(dim):
            mp = -j + a
            for b in range(dim):
                m = -j + b
                j0 = max(abs(m), abs(mp))
                d_column(j, mp, m, betas[n], col)
                out[n, a, b] = col[int(round(j - j0))]


@jit
def recursion_tables(L):
    """Tables for the integer-order degree recursion up to degree L+1.

    sq[j, m] = sqrt(j^2 - m^2) (0 where m > j), isq = 1/sq (0 where sq = 0), per-degree
    factors a[j] = (j+1)(2j+1), b[j] = 1/(j(j+1)), c[j] = 1/(j(2j+1)) (b[0] = c[0] = 0), and
    log k! for k <= 2L+2 as an unevaluated double-double sum lf[k, 0] + lf[k, 1] (Knuth's
    TwoSum), so that one step of the recursion costs multiplications only and a column
    start costs one exp.  The double-double matters: log C(2j, j+m) is a difference of
    numbers ~1e4 at j = 1000, and a plain double table loses ~1e-12 relative accuracy in
    the starting values (unitarity errors ~2e-11 at l = 1000 instead of ~2e-12)."""
    n = L + 2
    sq = np.zeros((n, n))
    isq = np.zeros((n, n))
    for j in range(n):
        for m in range(j + 1):
            v = math.sqrt(float((j - m) * (j + m)))
            sq[j, m] = v
            if v > 0.0:
                isq[j, m] = 1.0 / v
    a = np.zeros(n)
    b = np.zeros(n)
    c = np.zeros(n)
    for j in range(n):
        a[j] = (j + 1.0) * (2.0 * j + 1.0)
        if j > 0:
            b[j] = 1.0 / (j * (j + 1.0))
            c[j] = 1.0 / (j * (2.0 * j + 1.0))
    lf = np.zeros((2 * n + 1, 2))
    for k in range(2, 2 * n + 1):
        hi, lo = _two_sum(lf[k - 1, 0], math.log(k))
        lf[k, 0] = hi
        lf[k, 1] = lo + lf[k - 1, 1]
    return sq, isq, a, b, c, lf


@jit
def _two_sum(x, y):
    """s + e = x + y exactly (Knuth, TAOCP vol. 2, 4.2.2)."""
    s = x + y
    yy = s - x
    e = (x - (s - yy)) + (y - yy)
    return s, e


# Phases e^{-ik arg(a+ib)} for k = 0..K, to 0.5 ulp: the unit number (a+ib)/|a+ib| and its powers
# are formed in double-double arithmetic (Dekker 1971; TwoSum/TwoProduct error-free
# transformations), so the error does not grow with k as it does for cos(k * atan2(b, a)) (whose
# rounded angle is multiplied by k) or for repeated double multiplication.


@jit
def _split(a):
    c = 134217729.0 * a  # 2^27 + 1
    hi = c - (c - a)
    return hi, a - hi


@jit
def _two_prod(a, b):
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


@jit
def _fast_two_sum(a, b):
    s = a + b
    return s, b - (s - a)


@jit
def _dd_mul(ah, al, bh, bl):
    p, e = _two_prod(ah, bh)
    return _fast_two_sum(p, e + (ah * bl + al * bh))


@jit
def _dd_add(ah, al, bh, bl):
    s, e = _two_sum(ah, bh)
    return _fast_two_sum(s, e + (al + bl))


@jit
def _dd_div(a, rh, rl):
    """a / (rh + rl) in double-double (a a double)."""
    qh = a / rh
    p, e = _two_prod(qh, rh)
    return _fast_two_sum(qh, (((a - p) - e) - qh * rl) / rh)


@jit
def exp_i_multiple(m, phi):
    """e^{i m phi} with the product m * phi kept exactly (hi + lo): error ~0.5 ulp for any m."""
    hi, lo = _two_prod(float(m), phi)
    c = math.cos(hi)
    s = math.sin(hi)
    return complex(c - s * lo, s + c * lo)


@jit
def unit_phase_powers(a, b, K, out):
    """out[k] = conj(u)^k, u = (a + ib)/|a + ib| (u = 1 if a = b = 0), k = 0..K, each to ~0.5 ulp."""
    p1, e1 = _two_prod(a, a)
    p2, e2 = _two_prod(b, b)
    nh, nl = _dd_add(p1, e1, p2, e2)
    out[0] = 1.0
    if nh == 0.0:
        for k in range(1, K + 1):
            out[k] = 1.0
        return
    r = math.sqrt(nh)
    p, e = _two_prod(r, r)
    rh, rl = _fast_two_sum(r, (((nh - p) - e) + nl) / (2.0 * r))
    ch, cl = _dd_div(a, rh, rl)  # Re u
    sh, sl = _dd_div(-b, rh, rl)  # Im conj(u)
    xh, xl, yh, yl = 1.0, 0.0, 0.0, 0.0  # conj(u)^k = x + iy
    for k in range(1, K + 1):
        t1h, t1l = _dd_mul(xh, xl, ch, cl)
        t2h, t2l = _dd_mul(yh, yl, sh, sl)
        t3h, t3l = _dd_mul(xh, xl, sh, sl)
        t4h, t4l = _dd_mul(yh, yl, ch, cl)
        xh, xl = _dd_add(t1h, t1l, -t2h, -t2l)
        yh, yl = _dd_add(t3h, t3l, t4h, t4l)
        out[k] = complex(xh + xl, yh + yl)


@jit
def _log_binomial(lf, n, k):
    """log C(n, k) from the double-double log-factorial table, to ~1e-14 absolute."""
    s1, e1 = _two_sum(lf[n, 0], -lf[k, 0])
    s2, e2 = _two_sum(s1, -lf[n - k, 0])
    return s2 + (e1 + e2 + lf[n, 1] - lf[k, 1] - lf[n - k, 1])


@jit
def d_column_tabled(L, mp, m, cb, log_c, log_s, tables, col):
    """d^l_{mp,m}(beta) for l = mp..L (integer orders, mp >= |m|) into col[0:L-mp+1].

    Same recursion and scaled start as :func:`d_column` (here j0 = mp, so the start is
    d^{mp}_{mp,m} = (-1)^{mp-m} sqrt(C(2mp, mp+m)) c^{mp+m} s^{mp-m}), with cos(beta) and
    log cos(beta/2), log sin(beta/2) given and the square roots from :func:`recursion_tables`.
    """
    sq, isq, a, b, c, lf = tables
    sign = -1.0 if (mp - m) % 2 else 1.0
    lg = 0.5 * _log_binomial(lf, 2 * mp, mp + m)
    if mp + m > 0:
        lg += (mp + m) * log_c
    if mp - m > 0:
        lg += (mp - m) * log_s
    if lg == -np.inf:
        prev = 0.0
    elif lg > -700.0:
        prev = sign * math.exp(lg) * SCALE
    else:
        prev = sign * math.exp(lg + LOG_SCALE)
    am = abs(m)
    col[0] = prev * UNSCALE
    prev2 = 0.0
    mm = float(m * mp)
    for k in range(1, L - mp + 1):
        j = mp + k - 1  # advance from degree j to j+1
        f = a[j] * isq[j + 1, am] * isq[j + 1, mp]
        cur = f * ((cb - mm * b[j]) * prev - sq[j, am] * sq[j, mp] * c[j] * prev2)
        prev2 = prev
        prev = cur
        col[k] = cur * UNSCALE


@jit
def _half_angle_logs(beta):
    cs = math.cos(0.5 * beta)
    sn = math.sin(0.5 * beta)
    log_c = math.log(cs) if cs > 0.0 else -np.inf
    log_s = math.log(sn) if sn > 0.0 else -np.inf
    return math.cos(beta), log_c, log_s


@jit
def wigner_D_single_from_quaternions(j, quats, out):
    """Complex D^j(R) (integer or half-integer j) from unit quaternions; see above."""
    dim = int(round(2.0 * j)) + 1
    col = np.empty(dim)
    for n in range(quats.shape[0]):
        w, x, y, z = quats[n, 0], quats[n, 1], quats[n, 2], quats[n, 3]
        ra = math.hypot(w, z)
        rb = math.hypot(y, x)
        beta = 2.0 * math.atan2(rb, ra)
        pa = math.atan2(z, w)
        pb = math.atan2(-x, y)
        for a in range(dim):
            mp = -j + a
            for b in range(dim):
                m = -j + b
                j0 = max(abs(m), abs(mp))
                d_column(j, mp, m, beta, col)
                ph = -(mp + m) * pa - (mp - m) * pb
                out[n, a, b] = complex(math.cos(ph), math.sin(ph)) * col[int(round(j - j0))]


# ----------------------------------------------------------------------------------------
# Fixed-degree d^n(beta): O(n^2) per matrix, no recursion through the lower degrees.
#
# With c(k) = sqrt((n-k)(n+k+1)) (the matrix element of J_+), d = exp(-i beta J_y) commutes
# with J_y and satisfies J_x d = d (cos(beta) J_x + sin(beta) J_z); as matrix identities on
# |n m> (Gumerov & Duraiswami, SIAM J. Sci. Comput. 38 (2016), arXiv:1403.7698, Eqs. 41, 50,
# there written for H = signs * d):
#
#   (J_y)  c(k-1) d_{k-1,m} - c(k) d_{k+1,m} = c(m) d_{k,m+1} - c(m-1) d_{k,m-1},
#   (J_x)  d_{1,m} = [(1+cos b) c(m-1) d_{0,m-1} - (1-cos b) c(m) d_{0,m+1}
#                     - 2 m sin b d_{0,m}] / (2 c(0)),
#
# and row 0 is d_{0,m} = sqrt((n-m)!/(n+m)!) P_n^m(cos b) (no Condon-Shortley phase).  Only the
# wedge |m'| <= m is computed (rows 0, +-1 from the formulas above, then the J_y relation
# upwards for m' > 1 and downwards for m' < -1, as GD's steps 4-5), the rest by
# d_{m'm} = (-1)^(m'-m) d_{mm'} = d_{-m,-m'}.  cos b, sin b, 1 +- cos b come from
# ra = cos(b/2), rb = sin(b/2) without cancellation (1 - cos b = 2 rb^2).
# ----------------------------------------------------------------------------------------


def legendre_coefficients(L: int):
    """Tables a[m, l] = sqrt((4l^2 - 1)/(l^2 - m^2)), b[m, l] = sqrt(((l-1)^2 - m^2)/(4(l-1)^2 - 1))
    of the fully normalised Legendre recursion for l >= m + 2 (zero elsewhere), l, m <= L."""
    m = np.arange(L + 1, dtype=np.float64)[:, None]
    ell = np.arange(L + 1, dtype=np.float64)[None, :]
    use = ell >= m + 2
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(use, np.sqrt((4.0 * ell * ell - 1.0) / (ell * ell - m * m)), 0.0)
        b = np.where(use, np.sqrt(((ell - 1.0) ** 2 - m * m) / (4.0 * (ell - 1.0) ** 2 - 1.0)), 0.0)
    return a, b


@functools.lru_cache(maxsize=16)
def legendre_tables(L: int):
    """Read-only :func:`legendre_coefficients` of degree L (cached, 16 entries)."""
    a, b = legendre_coefficients(L)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def c_all(L: int) -> np.ndarray:
    """C[l, k + l + 1] = c_l(k) = sqrt((l-k)(l+k+1)) (the J_+ matrix element), k = -l-1..l, for
    every l <= L; zero beyond.  With j = k + l + 1 the product is j (2l + 1 - j)."""
    ell = np.arange(L + 1, dtype=np.float64)[:, None]
    j = np.arange(2 * L + 3, dtype=np.float64)[None, :]
    C = np.sqrt(np.maximum(j * (2.0 * ell + 1.0 - j), 0.0))
    C.setflags(write=False)  # read-only like c_row: one kernel specialisation
    return C


@functools.lru_cache(maxsize=512)
def c_row(n: int) -> np.ndarray:
    """Row n of :func:`c_all` (length 2n + 3), read-only, cached."""
    j = np.arange(2 * n + 3, dtype=np.float64)
    c = np.sqrt(np.maximum(j * (2.0 * n + 1.0 - j), 0.0))
    c.setflags(write=False)
    return c


@jit
def legendre_all(L, ra, rb, a, b, P):
    """P[l, m] = d^l_{0,m}(b) = sqrt((l-m)!/(l+m)!) P_l^m(cos b) (no CS phase), 0 <= m <= l <= L,
    with cos b = ra^2 - rb^2, sin b = 2 ra rb (signed).  Fully normalised recursion in the degree
    (Holmes & Featherstone 2002) with a 2^800-scaled sectoral seed and the 1 - |x| pole
    treatment of ``_harmonics_kernels``; tables a[m, l], b[m, l] from :func:`legendre_tables`."""
    ra2 = ra * ra
    rb2 = rb * rb
    flip = ra2 - rb2 < 0.0
    t = 2.0 * ra2 if flip else 2.0 * rb2  # 1 - |x| without cancellation
    xa = 1.0 - t
    y = 2.0 * ra * rb
    # m = 0: Legendre polynomials in difference form
    leg = 1.0
    dif = 0.0
    P[0, 0] = 1.0
    for ell in range(1, L + 1):
        dif = ((ell - 1.0) * dif - (2.0 * ell - 1.0) * t * leg) / ell
        leg += dif
        P[ell, 0] = -leg if (flip and ell % 2 == 1) else leg
    pmm = SCALE  # sqrt(4 pi) p_mm, scaled
    for m in range(1, L + 1):
        pmm *= math.sqrt((2.0 * m + 1.0) / (2.0 * m)) * y
        p2 = 0.0
        p1 = pmm
        for ell in range(m, L + 1):
            if ell == m + 1:
                p2 = pmm
                p1 = math.sqrt(2.0 * m + 3.0) * xa * pmm
            elif ell > m + 1:
                p = a[m, ell] * ((p1 - b[m, ell] * p2) - t * p1)
                p2 = p1
                p1 = p
            v = p1 * UNSCALE / math.sqrt(2.0 * ell + 1.0)
            P[ell, m] = -v if (flip and (ell + m) % 2 == 1) else v


@jit
def d_band(n, S, ra, rb, c, row, W):
    """W[k + S, m] = d^n_{k,m}(b) for |k| <= S <= n, |k| <= m <= n: the rows of the wedge nearest
    to m' = 0, from row[m] = d^n_{0,m}(b) (m = 0..n) and c = c_row(n); rows +-1 by the
    J_x relation, the others by the J_y recursion (see the comment above)."""
    o = n + 1  # c(k) = c[k + o]
    for m in range(n + 1):
        W[S, m] = row[m]
    if n == 0 or S == 0:
        return
    opc = 2.0 * ra * ra
    omc = 2.0 * rb * rb
    sb = 2.0 * ra * rb
    c0 = c[o]
    for m in range(1, n + 1):
        nxt = row[m + 1] if m < n else 0.0
        v1 = (opc * c[m - 1 + o] * row[m - 1] - omc * c[m + o] * nxt + 2.0 * m * sb * row[m]) / (2.0 * c0)
        W[S + 1, m] = v1
        W[S - 1, m] = v1 + (c[m + o] * nxt - c[m - 1 + o] * row[m - 1]) / c0
    for k in range(1, S):  # upwards: row k+1 from rows k, k-1
        inv = 1.0 / c[k + o]
        for m in range(k + 1, n + 1):
            up = W[S + k, m + 1] if m < n else 0.0
            W[S + k + 1, m] = (c[k - 1 + o] * W[S + k - 1, m] - c[m + o] * up + c[m - 1 + o] * W[S + k, m - 1]) * inv
    for k in range(-1, -S, -1):  # downwards: row k-1 from rows k, k+1
        inv = 1.0 / c[k - 1 + o]
        for m in range(-k + 1, n + 1):
            up = W[S + k, m + 1] if m < n else 0.0
            W[S + k - 1, m] = (c[k + o] * W[S + k + 1, m] + c[m + o] * up - c[m - 1 + o] * W[S + k, m - 1]) * inv

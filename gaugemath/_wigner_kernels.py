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
"""

from __future__ import annotations

import math

import numpy as np

from ._jit import jit, prange

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
def d_start(j0, mp, m, log_c, log_s):
    """(sign, log|d^{j0}_{mp,m}(b)|) for j0 = max(|m|, |mp|)."""
    sign = 1.0
    if abs(m) > abs(mp):  # swap roles: d_{mp,m} = (-1)^(mp-m) d_{m,mp}
        if int(round(mp - m)) % 2 != 0:
            sign = -sign
        mp, m = m, mp
    if mp >= 0:  # mp = j0
        if int(round(j0 - m)) % 2 != 0:
            sign = -sign
        lg = 0.5 * _log_binom(2.0 * j0, j0 + m) + _pow_log(log_c, j0 + m) + _pow_log(log_s, j0 - m)
    else:  # mp = -j0
        lg = 0.5 * _log_binom(2.0 * j0, j0 + m) + _pow_log(log_c, j0 - m) + _pow_log(log_s, j0 + m)
    return sign, lg


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
    log_c = math.log(c) if c > 0.0 else -np.inf
    log_s = math.log(s) if s > 0.0 else -np.inf
    sign, lg = d_start(j0, mp, m, log_c, log_s)
    if lg == -np.inf:
        prev = 0.0
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


@jit(parallel=True)
def wigner_d_all(L, betas, out):
    """Packed d^l_{m'm}(beta) for all integer l <= L.

    out[n, off(l) + (m'+l)(2l+1) + (m+l)] with off(l) = l(4l^2 - 1)/3.  Only the
    columns with m' >= |m| are recursed; the rest follow from
    d_{m'm} = (-1)^{m'-m} d_{mm'} = d_{-m,-m'} (Sakurai Eq. 3.8.36).  Parallel over
    (rotation, m') pairs.
    """
    tables = recursion_tables(L)
    nb = betas.shape[0]
    for task in prange(nb * (L + 1)):
        n = task // (L + 1)
        mp = task % (L + 1)
        cb, log_c, log_s = _half_angle_logs(betas[n])
        col = np.empty(L + 1)
        for m in range(-mp, mp + 1):
            d_column_tabled(L, mp, m, cb, log_c, log_s, tables, col)
            sgn = -1.0 if (mp - m) % 2 else 1.0
            for k in range(L - mp + 1):
                ell = mp + k
                off = ell * (4 * ell * ell - 1) // 3
                w = 2 * ell + 1
                v = col[k]
                out[n, off + (mp + ell) * w + (m + ell)] = v
                out[n, off + (m + ell) * w + (mp + ell)] = sgn * v
                out[n, off + (-m + ell) * w + (-mp + ell)] = v
                out[n, off + (-mp + ell) * w + (-m + ell)] = sgn * v


@jit
def _D_all_rows(L, q, mp_lo, mp_hi, tables, out_row):
    """Fill the packed D^l (all l <= L) of one rotation q for the columns m' in [mp_lo, mp_hi)."""
    w, x, y, z = q[0], q[1], q[2], q[3]
    ra = math.hypot(w, z)
    rb = math.hypot(y, x)
    beta = 2.0 * math.atan2(rb, ra)
    pa = math.atan2(z, w)
    pb = math.atan2(-x, y)
    cb, log_c, log_s = _half_angle_logs(beta)
    # ea[k] = e^{-i k pa}, eb[k] = e^{-i k pb}, k = 0..2L (each from its exact angle)
    ea = np.empty(2 * L + 1, np.complex128)
    eb = np.empty(2 * L + 1, np.complex128)
    for k in range(2 * L + 1):
        ea[k] = complex(math.cos(k * pa), -math.sin(k * pa))
        eb[k] = complex(math.cos(k * pb), -math.sin(k * pb))
    col = np.empty(L + 1)
    for mp in range(mp_lo, mp_hi):
        for m in range(-mp, mp + 1):
            d_column_tabled(L, mp, m, cb, log_c, log_s, tables, col)
            sgn = -1.0 if (mp - m) % 2 else 1.0
            # phases of the four entries (m', m), (m, m'), (-m, -m'), (-m', -m)
            e1 = ea[mp + m] * eb[mp - m]
            e2 = sgn * ea[mp + m] * eb[mp - m].conjugate()
            e3 = e2.conjugate() * sgn
            e4 = e1.conjugate() * sgn
            for k in range(L - mp + 1):
                ell = mp + k
                off = ell * (4 * ell * ell - 1) // 3
                wd = 2 * ell + 1
                v = col[k]
                out_row[off + (mp + ell) * wd + (m + ell)] = e1 * v
                out_row[off + (m + ell) * wd + (mp + ell)] = e2 * v
                out_row[off + (-m + ell) * wd + (-mp + ell)] = e3 * v
                out_row[off + (-mp + ell) * wd + (-m + ell)] = e4 * v


@jit(parallel=True)
def wigner_D_all_from_quaternions(L, quats, out):
    """Packed complex D^l_{m'm}(R) for all l <= L, R given as unit quaternions (w,x,y,z).

    With Ra = w + i z = cos(b/2) e^{i(a+g)/2} and Rb = y - i x = sin(b/2) e^{i(a-g)/2},
    D^l_{m'm} = e^{-i(m'+m) arg Ra} d^l_{m'm}(b) e^{-i(m'-m) arg Rb}.  Only columns with
    m' >= |m| are recursed (symmetries of d, as in ``wigner_d_all``).  Parallel over
    rotations when there are many, else over (rotation, m') pairs.
    """
    tables = recursion_tables(L)
    nq = quats.shape[0]
    if nq >= 16:
        for n in prange(nq):
            _D_all_rows(L, quats[n], 0, L + 1, tables, out[n])
    else:
        for task in prange(nq * (L + 1)):
            n = task // (L + 1)
            mp = task % (L + 1)
            _D_all_rows(L, quats[n], mp, mp + 1, tables, out[n])


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


@jit(parallel=True)
def wigner_D_degree_from_quaternions(ell, quats, out):
    """Complex D^ell(R) for one integer degree: the tabled recursion run up to ell for the
    columns m' >= |m| only (its last value is d^ell_{m'm}), the other entries by the
    symmetries of d; parallel over (rotation, m')."""
    tables = recursion_tables(ell)
    nq = quats.shape[0]
    for task in prange(nq * (ell + 1)):
        n = task // (ell + 1)
        mp = task % (ell + 1)
        w, x, y, z = quats[n, 0], quats[n, 1], quats[n, 2], quats[n, 3]
        beta = 2.0 * math.atan2(math.hypot(y, x), math.hypot(w, z))
        pa = math.atan2(z, w)
        pb = math.atan2(-x, y)
        cb, log_c, log_s = _half_angle_logs(beta)
        col = np.empty(ell + 1)
        for m in range(-mp, mp + 1):
            d_column_tabled(ell, mp, m, cb, log_c, log_s, tables, col)
            v = col[ell - mp]
            sgn = -1.0 if (mp - m) % 2 else 1.0
            p1 = -(mp + m) * pa - (mp - m) * pb
            p2 = -(mp + m) * pa + (mp - m) * pb
            e1 = complex(math.cos(p1), math.sin(p1))
            e2 = complex(math.cos(p2), math.sin(p2))
            out[n, mp + ell, m + ell] = e1 * v
            out[n, m + ell, mp + ell] = sgn * e2 * v
            out[n, -m + ell, -mp + ell] = e2.conjugate() * v
            out[n, -mp + ell, -m + ell] = sgn * e1.conjugate() * v


@jit(parallel=True)
def wigner_d_degree(ell, betas, out):
    """Real d^ell(beta) for one integer degree (see ``wigner_D_degree_from_quaternions``)."""
    tables = recursion_tables(ell)
    nb = betas.shape[0]
    for task in prange(nb * (ell + 1)):
        n = task // (ell + 1)
        mp = task % (ell + 1)
        cb, log_c, log_s = _half_angle_logs(betas[n])
        col = np.empty(ell + 1)
        for m in range(-mp, mp + 1):
            d_column_tabled(ell, mp, m, cb, log_c, log_s, tables, col)
            v = col[ell - mp]
            sgn = -1.0 if (mp - m) % 2 else 1.0
            out[n, mp + ell, m + ell] = v
            out[n, m + ell, mp + ell] = sgn * v
            out[n, -m + ell, -mp + ell] = v
            out[n, -mp + ell, -m + ell] = sgn * v

r"""The block recursion of the array-namespace Legendre/Wigner step (used by
:mod:`gaugemath.transforms._legendre_xp`): plans (which (m, m') pairs, which targets),
recursion coefficients, seeds in the extended-range scheme, the blocked three-term
recursion over degrees (``_wigner_blocks``) and, at spin 0, the chunks of orders that run
only on their live rings (``_chunks``, ``_live_ring_start``).  The formulas, the
extended-range scheme and the ring symmetry are described in the docstring of
:mod:`gaugemath.transforms._legendre_xp`; everything here uses only operations NumPy and
CuPy share.
"""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np

from ._rings import log_factorials

__all__ = ["LIVE", "DEFAULT_BLOCK_ELEMENTS", "DEFAULT_CHUNK_ELEMENTS"]  # the rest is private to the xp Legendre step

SCALE_EXP = 600  # exponent chunk of the extended-range scheme
BIG = 2.0**SCALE_EXP
INV_BIG = 2.0**-SCALE_EXP
SEED_EXP = 300  # seeds below 2^-300 are scaled into [2^-300, 2^300)
LOG_FLOOR = -1.0e6  # seeds with log|value| below this are treated as exact zeros
LN2 = math.log(2.0)
RESCALE_EVERY = 8  # degrees between rescaling checks (growth bound in the module docstring)
DEFAULT_BLOCK_ELEMENTS = 2**18  # doubles in one Lam buffer (2 MB, cache-sized: 2^22 was 25% slower at L = 512); K = this // (P R), 8 .. 64


# ----------------------------------------------------------------------------- host metadata
def _seed_parts(m, mp, lmax):
    """Host (per pair) parts of log|λ_ℓ0|: sign, ½ log C(2j, j+b) + ½ log((2j+1)/4π), and the
    exponents (ec, es) of cos(θ/2), sin(θ/2); as ``_kernels.seed`` (Wigner's closed form)."""
    m = np.asarray(m, np.int64)
    mp = np.asarray(mp, np.int64)
    lf = log_factorials(2 * lmax + 2)  # the double-double table (hi, lo) of both paths
    hi, lo = lf[:, 0], lf[:, 1]
    swap = np.abs(mp) > np.abs(m)
    sign = np.where(swap & ((m - mp) % 2 != 0), -1.0, 1.0)
    a = np.where(swap, mp, m)
    b = np.where(swap, m, mp)
    j0 = np.abs(a)
    n, k = 2 * j0, j0 + b
    s1 = hi[n] - hi[k]  # double-double log C(n, k), then rounded (as _log_binomial)
    e1 = (hi[n] - (s1 - (s1 - hi[n]))) + (-hi[k] - (s1 - hi[n]))
    s2 = s1 - hi[n - k]
    e2 = (s1 - (s2 - (s2 - s1))) + (-hi[n - k] - (s2 - s1))
    lbin = s2 + (e1 + e2 + lo[n] - lo[k] - lo[n - k])
    pos = a >= 0
    sign = sign * np.where(pos & ((j0 - b) % 2 != 0), -1.0, 1.0)
    ec = np.where(pos, j0 + b, j0 - b).astype(float)
    es = np.where(pos, j0 - b, j0 + b).astype(float)
    norm = 0.5 * np.log((2.0 * j0 + 1.0) / (4.0 * math.pi))
    return sign, 0.5 * lbin, ec, es, norm


@dataclasses.dataclass(frozen=True)
class _Target:
    """One (hemisphere, order column, sign) served by every computed pair j: value
    ``sign_j[j] * (-1)^(ℓ * parity_l) * λ_ℓ[j]``; columns < 0 are not served."""

    hemi: int  # 0 north, 1 south
    cols: np.ndarray  # (P,) column in the dense coefficient / ring-data layout, -1: none
    sign_j: np.ndarray  # (P,) float
    parity_l: bool


@dataclasses.dataclass(frozen=True)
class _Plan:
    """Pairs (m, m') sorted by ℓ0 and the targets they serve; ``n_cols`` dense columns."""

    lmax: int
    m: np.ndarray
    mp: np.ndarray
    targets: tuple
    n_cols: int

    @property
    def l0(self):
        return np.maximum(np.abs(self.m), np.abs(self.mp))


def _s2_plan(lmax, spin, real, orders=None):
    """Pairs (m, −s) and targets for the S² transforms; column of order m: m + lmax (complex)
    or m (real).  ``orders``: optional subset of the orders m (diagnostics/tests)."""
    sgn_s = -1.0 if spin % 2 else 1.0
    if spin == 0:
        m = np.arange(lmax + 1)
    else:
        mag = np.repeat(np.arange(lmax + 1), 2)[1:]
        m = mag * np.where(np.arange(mag.size) % 2 == 1, -1, 1)  # 0, -1, 1, -2, 2, ...
    if orders is not None:
        want = np.asarray(orders, np.int64)
        m = m[np.isin(np.abs(m), np.abs(want))]  # both signs: south rings of -m use the pair of m
    m = m.astype(np.int64)
    mp = np.full(m.shape, -spin, np.int64)
    col = (lambda q: q) if real else (lambda q: q + lmax)
    par_m = np.where(m % 2 == 1, -1.0, 1.0)
    one = np.ones(m.shape)
    if spin != 0:
        # (+m, N) = (-1)^s λ[m];  (-m, S) = (-1)^ℓ λ[m]   [λ^{μ}(π−θ) = (−1)^{ℓ+s} λ^{−μ}(θ)]
        targets = (_Target(0, col(m), sgn_s * one, False), _Target(1, col(-m), one, True))
    else:
        pos = m > 0
        targets = [_Target(0, col(m), one, False), _Target(1, col(m), par_m, True)]
        if not real:  # λ^{-m} = (−1)^m λ^m
            targets += [
                _Target(0, np.where(pos, col(-m), -1), np.where(pos, par_m, 0.0), False),
                _Target(1, np.where(pos, col(-m), -1), np.where(pos, 1.0, 0.0), True),
            ]
        targets = tuple(targets)
    return _Plan(lmax, m, mp, tuple(targets), lmax + 1 if real else 2 * lmax + 1)


@functools.lru_cache(maxsize=8)
def _so3_plan(lmax):
    """Pairs (m', m) with m' > 0, or m' = 0 and m >= 0, and the four targets each serves:
    (m', m) N; (m', −m) S with (−1)^{ℓ+m'}; (−m', −m) N with (−1)^{m'−m};
    (−m', m) S with (−1)^{ℓ+m}; column (m'+L)(2L+1) + (m+L)."""
    L = lmax
    a, b = np.meshgrid(np.arange(-L, L + 1), np.arange(-L, L + 1), indexing="ij")
    a, b = a.ravel(), b.ravel()
    keep = (a > 0) | ((a == 0) & (b >= 0))
    a, b = a[keep], b[keep]
    order = np.argsort(np.maximum(np.abs(a), np.abs(b)), kind="stable")
    a, b = a[order], b[order]
    n = 2 * L + 1

    def col(x, y):
        return (x + L) * n + (y + L)

    double = ~((a == 0) & (b == 0))
    par_a = np.where(a % 2 == 1, -1.0, 1.0)
    par_b = np.where(b % 2 == 1, -1.0, 1.0)
    one = np.ones(a.shape)
    targets = (
        _Target(0, col(a, b), one, False),
        _Target(1, col(a, -b), par_a, True),
        _Target(0, np.where(double, col(-a, -b), -1), np.where(double, par_a * par_b, 0.0), False),
        _Target(1, np.where(double, col(-a, b), -1), np.where(double, par_b, 0.0), True),
    )
    return _Plan(lmax, a.astype(np.int64), b.astype(np.int64), targets, n * n)


# ----------------------------------------------------------------------------- recursion
def _coefficients(xp, ells, m, mp):
    """A, A(1−B), C of the normalised recursion for degrees ``ells`` (K,) and pairs (P,);
    (K, P) arrays; zero where ℓ < ℓ0 (those pairs are not live)."""
    j = xp.asarray(np.asarray(ells, float))[:, None]
    mm = (m * m)[None, :]
    mpp = (mp * mp)[None, :]
    mmp = (m * mp)[None, :]
    jp1 = j + 1.0
    live = xp.maximum(xp.abs(m), xp.abs(mp))[None, :] <= j
    den = xp.where(live, (jp1 * jp1 - mm) * (jp1 * jp1 - mpp), 1.0)
    a = jp1 * (2.0 * j + 1.0) / xp.sqrt(den)
    a = a * xp.sqrt((2.0 * j + 3.0) / (2.0 * j + 1.0))
    jsafe = xp.where(j > 0, j, 1.0)
    b = mmp / (jsafe * (jsafe + 1.0))
    c = (
        a
        * xp.sqrt(xp.maximum((j * j - mm) * (j * j - mpp), 0.0))
        / (jsafe * (2.0 * jsafe + 1.0))
        * xp.sqrt((2.0 * jsafe + 1.0) / xp.where(j > 0, 2.0 * j - 1.0, 1.0))
    )
    zero_l = j == 0  # ℓ = 0 (only the pair (0, 0) is live): A = √3, B = C = 0
    a = xp.where(zero_l, math.sqrt(3.0), a)
    b = xp.where(zero_l, 0.0, b)
    c = xp.where(zero_l, 0.0, c)
    a = xp.where(live, a, 0.0)
    c = xp.where(live, c, 0.0)
    return a, a * (1.0 - b), c


CACHED_TABLE = 2**13  # blocks with (K+1) n <= this keep their tables (256 kB) in the cache


@functools.lru_cache(maxsize=512)
def _block_tables(m_bytes, mp_bytes, la, lb):
    """Host tables of one degree block [ℓa, ℓb) for the pairs (m, m') (int64 bytes); small
    blocks are cached (at most 512 × 256 kB; at L = 512 spin 0 the ~160 blocks of a
    transform take 5 MB and are shared by synthesis, analysis and repeated calls: 190 → 166
    ms, measured), large ones (SO(3) at high L) are recomputed:
    S (K+1, n) with S[k] = Π_{i<k} A_ℓa+i over the live degrees (1 before a pair starts),
    c'_k = C_k S_k−1 / S_k+1 (S_−1 = 1: the carried previous value is λ, not μ), 1 − B, and
    the rescaling bound 2^600 / S_k+1 (|μ_ℓ+1| above it <=> the p-scale value above 2^600)."""
    m = np.frombuffer(m_bytes, dtype=np.int64).astype(float)
    mp = np.frombuffer(mp_bytes, dtype=np.int64).astype(float)
    n = m.size
    A, A1, C = _coefficients(np, np.arange(la, lb), m, mp)
    a_eff = np.where(A != 0.0, A, 1.0)
    S = np.concatenate([np.ones((1, n)), np.cumprod(a_eff, axis=0)], axis=0)
    S_prev = np.concatenate([np.ones((1, n)), S[:-2]], axis=0)
    cp = C * S_prev / S[1:]  # C = 0 where not live
    b1 = np.where(A != 0.0, A1 / a_eff, 0.0)
    out = (S, cp, b1, BIG / S[1:])
    for a in out:
        a.setflags(write=False)
    return out


def _seeds(xp, plan, logc, logs):
    """Scaled seeds p (P, R) and exponents e (P, R) int32 with λ_ℓ0 = ldexp(p, e)."""
    sign, half_lbin, ec, es, norm = (xp.asarray(v) for v in _seed_parts(plan.m, plan.mp, plan.lmax))
    finite_c = xp.isfinite(logc)
    finite_s = xp.isfinite(logs)
    lc = xp.where(finite_c, logc, 0.0)[None, :]
    ls = xp.where(finite_s, logs, 0.0)[None, :]
    ec_ = ec[:, None]
    es_ = es[:, None]
    lg = half_lbin[:, None] + ec_ * lc
    lg = lg + es_ * ls
    lg = lg + norm[:, None]
    dead = ((ec_ > 0) & ~finite_c[None, :]) | ((es_ > 0) & ~finite_s[None, :]) | (lg < LOG_FLOOR)
    lg = xp.where(dead, 0.0, lg)
    k = xp.where(lg < -SEED_EXP * LN2, xp.ceil((-lg / LN2 - SEED_EXP) / SCALE_EXP), 0.0)
    p = xp.where(dead, 0.0, sign[:, None] * xp.exp(lg + SCALE_EXP * k * LN2))
    e = xp.where(dead, 0, -SCALE_EXP * k).astype(xp.int32)
    return p, e


def _wigner_blocks(xp, plan, tt, logc, logs, block_elements=DEFAULT_BLOCK_ELEMENTS):
    r"""Yield (ℓa, ℓb, n_live, Lam, S) for consecutive degree blocks [ℓa, ℓb): λ_ℓ of the first
    n_live pairs on the rings given by tt = 1 − cos θ, log cos(θ/2), log sin(θ/2) is
    ``Lam[j, k, :] * S[k, j]`` (ℓ = ℓa + k; the other pairs are not yet live, their values
    are 0); ``Lam`` (n_live, ℓb−ℓa, R), ``S`` (ℓb−ℓa, n_live).

    Within a block the recursion runs on μ_ℓ = λ_ℓ / S_ℓ with S_ℓa = 1, S_ℓ+1 = A_ℓ S_ℓ:

    .. math:: \mu_{\ell+1} = (1-B_\ell)\mu_\ell - t\,\mu_\ell - c'_\ell\,\mu_{\ell-1},
              \qquad c'_\ell = C_\ell S_{\ell-1}/S_{\ell+1},

    the same numbers up to rounding, with the per-pair factor A gone from the per-degree work
    (with t stored as a full array and B = 0 at spin 0: 4 array passes per degree instead of
    5, and no broadcast of A, measured 2x slower in NumPy than a contiguous pass); λ is
    carried between blocks, S is folded into the small sums of the callers."""
    lmax = plan.lmax
    l0 = plan.l0
    P = l0.size
    R = int(tt.shape[0])
    if P == 0 or R == 0 or l0[0] > lmax:
        return
    live_at = np.searchsorted(l0, np.arange(lmax + 1), side="right").tolist()  # live pairs at degree ℓ
    l_first = int(l0[0])
    spin0 = not np.any(plan.m * plan.mp)  # B = m m' / (ℓ(ℓ+1)) = 0 for every pair
    seed_p, seed_e = _seeds(xp, plan, logc, logs)
    # host flags: pairs with a scaled seed on some ring.  While no live value is scaled
    # (e = 0 everywhere: true values, |λ| <= √((2ℓ+1)/4π)) there is no rescaling check and
    # λ is copied without the factor 2^e
    seed_scaled = _to_host(xp, xp.any(seed_e != 0, axis=1))
    scaled = False
    p1 = xp.zeros((P, R))
    p2 = xp.zeros((P, R))
    e = xp.zeros((P, R), dtype=xp.int32)
    sc = xp.zeros((P, R))  # 2^e as a factor: 1, 2^-600, or 0 (values below 2^-600 of O(1) ones)
    buf = xp.zeros((P, R))
    t_full = xp.zeros((P, R)) + tt[None, :]  # t on every row: contiguous passes, no broadcast
    K = int(max(min(8, block_elements), min(64, block_elements // max(1, P * R))))
    la = l_first
    while la <= lmax:
        lb = min(lmax + 1, la + K)
        n_end = live_at[lb - 1]
        nk = lb - la
        key = (plan.m[:n_end].tobytes(), plan.mp[:n_end].tobytes(), la, lb)
        tables = _block_tables(*key) if (nk + 1) * n_end <= CACHED_TABLE else _block_tables.__wrapped__(*key)
        S, cp, b1, inv_s_bound = (xp.asarray(a) for a in tables)
        LamT = xp.empty((nk, n_end, R))  # degree-major: each degree's slice is contiguous
        n_start = live_at[la - 1] if la > 0 else 0
        if n_end > n_start:
            # pairs starting in this block, seeded once here (S = 1 up to their start): the
            # per-degree loop touches rows [:n] only, so they wait untouched; the seed sits in
            # both state arrays (they swap every degree) — as μ_ℓ0−1 it is multiplied by
            # c'_ℓ0 = 0 (C_ℓ0 = 0 exactly).  Their rows of the buffer read 0 until they start.
            p1[n_start:n_end] = seed_p[n_start:n_end]
            p2[n_start:n_end] = seed_p[n_start:n_end]
            e[n_start:n_end] = seed_e[n_start:n_end]
            sc[n_start:n_end] = _scale(xp, seed_e[n_start:n_end])
            scaled = scaled or bool(seed_scaled[n_start:n_end].any())
            LamT[:, n_start:, :] = 0.0
        n = -1
        for k, ell in enumerate(range(la, lb)):
            if live_at[ell] != n:  # views re-taken only when the live count changes
                n = live_at[ell]
                q1, q2, tmp, tf, scv = p1[:n], p2[:n], buf[:n], t_full[:n], sc[:n]
                cpv = cp[:, :n, None]
                b1v = None if spin0 else b1[:, :n, None]
            if scaled:
                xp.multiply(q1, scv, out=LamT[k, :n, :])  # μ_ℓ = p · 2^e
            else:
                LamT[k, :n, :] = q1
            if ell < lmax:
                # μ_{ℓ+1} = ((1−B) μ_ℓ − t μ_ℓ) − c' μ_{ℓ−1}, written over μ_{ℓ−1}'s storage
                # (no temporaries), then the two arrays swap roles.  Not (1 − t) μ with 1 − t
                # precomputed: that one rounded factor shifts θ systematically (50x larger
                # error near the poles at L = 256, measured); t μ is rounded afresh each step
                xp.multiply(tf, q1, out=tmp)
                if spin0:
                    xp.subtract(q1, tmp, out=tmp)
                    xp.multiply(cpv[k], q2, out=q2)
                    xp.subtract(tmp, q2, out=q2)
                else:
                    xp.multiply(cpv[k], q2, out=q2)
                    xp.add(q2, tmp, out=q2)
                    xp.multiply(b1v[k], q1, out=tmp)
                    xp.subtract(tmp, q2, out=q2)
                p1, p2, q1, q2 = p2, p1, q2, q1
                if scaled and (ell - l_first) % RESCALE_EVERY == RESCALE_EVERY - 1:
                    big = xp.abs(q1) > inv_s_bound[k, :n, None]
                    if bool(big.any()):  # in place: the views stay valid
                        q1[...] = xp.where(big, q1 * INV_BIG, q1)
                        q2[...] = xp.where(big, q2 * INV_BIG, q2)
                        e[:n] = e[:n] + xp.where(big, SCALE_EXP, 0).astype(xp.int32)
                        scv[...] = _scale(xp, e[:n])
                        scaled = bool(xp.any(e[:n_end] != 0))  # with the waiting seeds
        if lb <= lmax:  # carry λ_ℓb, λ_ℓb−1 (p-scale) into the next block
            xp.multiply(p1[:n_end], S[nk, :, None], out=p1[:n_end])
            xp.multiply(p2[:n_end], S[nk - 1, :, None], out=p2[:n_end])
        yield la, lb, n_end, xp.transpose(LamT, (1, 0, 2)), S[:nk]
        la = lb


def _to_host(xp, a):
    """A device array as a NumPy array (one transfer)."""
    return a if xp is np else np.asarray(a.get())


def _scale(xp, e):
    """2^e for the exponents e ∈ {0, −600, −1200, ...}: 1, 2^-600, and 0 below (2^-1200
    underflows; such values are below 2^-600 of the O(1) ones and do not reach the sums)."""
    return xp.where(e == 0, 1.0, xp.where(e == -SCALE_EXP, INV_BIG, 0.0))


LIVE = 2.0**-150  # a (pair, ring) whose |λ_ℓ| stays below this up to lmax is skipped (as the Numba kernel)
DEFAULT_CHUNK_ELEMENTS = 2**14  # pairs x rings of one recursion chunk (spin 0): 128 kB per state array


@functools.lru_cache(maxsize=16)
def _live_ring_start(tt_bytes, logc_bytes, logs_bytes, lmax, starts):
    """For each order m in ``starts`` (spin 0): the index of the first ring (rings sorted pole
    → equator, t ascending) where max_{ℓ<=lmax} |λ_ℓm| >= 2^-150; R if none.  Host NumPy,
    cached per ring set: one recursion over (len(starts), R) values.  The rings before it carry
    values below 2^-150 for this order and, since λ_ℓm ∝ sin^m θ × (a polynomial) decays with m
    at fixed θ and ℓ (turning point ℓ ≈ m / sin θ moves to higher ℓ), for every larger order:
    their contribution is below 2^-150 relative — the same cut as the Numba kernels'
    ``first_live_pair``."""
    tt, logc, logs = (np.frombuffer(b, dtype=np.float64) for b in (tt_bytes, logc_bytes, logs_bytes))
    R = tt.size
    plan = _s2_plan(lmax, 0, True, orders=list(starts))
    big = np.zeros((plan.m.size, R))
    for _la, _lb, n, Lam, S in _wigner_blocks(np, plan, tt, logc, logs):
        big[:n] = np.maximum(big[:n], np.abs(Lam * S.T[:, :, None]).max(axis=1))
    live = big >= LIVE
    first = np.where(live.any(axis=1), np.argmax(live, axis=1), R)
    return dict(zip(plan.m.tolist(), first.tolist()))


def _chunks(xp, plan, tt, logc, logs, block_elements, chunk_elements):
    """Yield (pa, r0, ℓa, ℓb, n_live, Lam): λ of the pairs pa .. pa+n_live−1 on the rings
    r0 .. R−1 (Lam (n_live, ℓb−ℓa, R−r0)).  Spin 0 (pairs = orders m ascending): pairs in
    chunks of about ``chunk_elements // R`` orders, each on its live rings only
    (:func:`_live_ring_start` of its first order); the chunks keep the recursion state in
    cache.  Other plans: one chunk, all rings."""
    P, R = plan.m.size, int(tt.shape[0])
    spin0 = P > 0 and not np.any(plan.mp) and bool(np.all(np.diff(plan.m) > 0))
    if not spin0 or P * R <= chunk_elements:
        for la, lb, n, Lam, S in _wigner_blocks(xp, plan, tt, logc, logs, block_elements):
            yield 0, 0, la, lb, n, Lam, S
        return
    size = max(8, chunk_elements // max(1, R))
    bounds = list(range(0, P, size))
    tt_h, logc_h, logs_h = (np.asarray(_to_host(xp, a), dtype=np.float64) for a in (tt, logc, logs))
    r0s = _live_ring_start(tt_h.tobytes(), logc_h.tobytes(), logs_h.tobytes(), plan.lmax,
                           tuple(int(plan.m[a]) for a in bounds))
    for a in bounds:
        b = min(P, a + size)
        r0 = int(r0s[int(plan.m[a])])
        if r0 >= R:
            break  # later orders are dead on every ring too
        sub = dataclasses.replace(plan, m=plan.m[a:b], mp=plan.mp[a:b], targets=())
        for la, lb, n, Lam, S in _wigner_blocks(xp, sub, tt[r0:], logc[r0:], logs[r0:], block_elements):
            yield a, r0, la, lb, n, Lam, S

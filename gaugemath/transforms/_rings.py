r"""The parts of the S² transforms outside the Legendre step, written once against ``xp``.

Ring geometry (ring pairs θ ↔ π−θ and the half-angle logarithms the recursions start from),
the double-double log-factorial table, the FFTs along rings (uniform grids and HEALPix
rings with their offsets φ0), the exact MW → Gauss–Legendre ring re-sampling, the HEALPix
nest ↔ ring permutation and the real ↔ complex coefficient maps.  Every function taking
``xp`` uses only operations NumPy and CuPy share (``asarray, zeros, concatenate, matmul,
fft.*``, slicing, integer index arrays, in-place ``*=`` on the ``.imag`` view of a complex
array); with ``xp = numpy`` the FFTs are SciPy's
(``scipy.fft``, multi-threaded through ``workers``).  Host metadata (O(L) or O(L²)
numbers) is built with NumPy and cached per argument.

Both Legendre implementations (:mod:`._legendre_numba`, :mod:`._legendre_xp`) and the
public functions (:mod:`.s2`, :mod:`.so3`) import from here; this module imports neither.
"""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np

from .grids import _gl_nodes, _ring_pairs

__all__ = [
    "orders",
    "log_factorials",
    "ring_geometry",
    "theta_key",
    "fft_lib",
    "rings_forward",
    "rings_inverse",
    "mw_resample",
    "nest_perm",
    "real_to_complex",
    "complex_to_real",
]


def threads() -> int:
    """Numba's thread count (the CPU parallelism the caller asked for), 1 without Numba."""
    try:
        import numba

        return int(numba.get_num_threads())
    except Exception:  # pragma: no cover
        return 1


def orders(lmax, real):
    """The orders m of the ring data columns: 0..lmax (real) or −lmax..lmax."""
    return np.arange(0, lmax + 1) if real else np.arange(-lmax, lmax + 1)


# ----------------------------------------------------------------------------- tables
@functools.lru_cache(maxsize=4)
def log_factorials(n):
    """log k! for k <= n as double-double rows (hi, lo): hi + lo = Σ log j with the error of
    every addition kept (Knuth's two-sum), as the core's ``recursion_tables``."""
    lf = np.zeros((n + 1, 2))
    hi = lo = 0.0
    for k in range(2, n + 1):
        x = math.log(k)
        s = hi + x
        bb = s - hi
        err = (hi - (s - bb)) + (x - bb)
        hi, lo = s, lo + err
        lf[k, 0] = hi
        lf[k, 1] = lo
    lf.setflags(write=False)
    return lf


@functools.lru_cache(maxsize=16)
def real_index(lmax):
    """Packed indices of (ℓ, m) and (ℓ, −m) for m >= 0, and m."""
    ell = np.concatenate([np.full(l + 1, l) for l in range(lmax + 1)])
    m = np.concatenate([np.arange(l + 1) for l in range(lmax + 1)])
    return ell * ell + ell + m, ell * ell + ell - m, m


# ----------------------------------------------------------------------------- ring geometry
@functools.lru_cache(maxsize=32)
def _pairs_for(theta_bytes: bytes):
    """Per ring pair: t = 1 − cos θ, log cos(θ/2), log sin(θ/2) at the northern position
    θ <= π/2, and the ring indices (north, south; −1 where absent).  A lone southern ring
    is handled as the south member of a pair (its mirror values, exact by parity).  Sorted
    pole to equator (t ascending): the spin-0 Numba kernels skip a prefix."""
    theta = np.frombuffer(theta_bytes, dtype=np.float64)
    th, north, south = _ring_pairs(theta)
    lone_south = (south < 0) & (th > 0.5 * np.pi)
    south = np.where(lone_south, north, south)
    north = np.where(lone_south, -1, north)
    th = np.where(lone_south, np.pi - th, th)
    half = 0.5 * th
    with np.errstate(divide="ignore"):
        logc = np.log(np.cos(half))
        logs = np.log(np.sin(half))
    tt = 2.0 * np.sin(half) ** 2
    order = np.argsort(tt, kind="stable")
    out = tuple(np.ascontiguousarray(a[order]) for a in (tt, logc, logs, north, south))
    for a in out:
        a.setflags(write=False)
    return out


def theta_key(theta) -> bytes:
    """The cache key of a ring set (its colatitudes as bytes)."""
    return np.ascontiguousarray(theta, dtype=np.float64).tobytes()


def ring_geometry(theta):
    """(tt, log cos θ/2, log sin θ/2, north, south) of the ring pairs of ``theta`` (host arrays)."""
    return _pairs_for(theta_key(theta))


# ----------------------------------------------------------------------------- FFT along rings
class _ScipyFFT:
    """``xp.fft``-shaped access to ``scipy.fft`` with ``workers`` (NumPy arrays)."""

    def __init__(self, workers):
        import scipy.fft

        self._f = scipy.fft
        self._w = workers

    def fft(self, a, axis=-1):
        return self._f.fft(a, axis=axis, workers=self._w)

    def ifft(self, a, axis=-1):
        return self._f.ifft(a, axis=axis, workers=self._w)

    def rfft(self, a, axis=-1):
        return self._f.rfft(a, axis=axis, workers=self._w)

    def irfft(self, a, n=None, axis=-1):
        return self._f.irfft(a, n=n, axis=axis, workers=self._w)

    def fft2(self, a, axes=(-2, -1)):
        return self._f.fft2(a, axes=axes, workers=self._w)

    def ifft2(self, a, axes=(-2, -1)):
        return self._f.ifft2(a, axes=axes, workers=self._w)


def fft_lib(xp):
    """The FFT functions for ``xp``: SciPy's (with Numba's thread count) for NumPy, else ``xp.fft``."""
    return _ScipyFFT(threads()) if xp is np else xp.fft


@dataclasses.dataclass(frozen=True)
class _RingGroup:
    """Rings of one length n (on HEALPix a northern ring and its mirror share n; the
    equatorial belt is one group): their pixels and where their spectra sit in the flat
    array of all spectra (``offset``, ``bins`` per ring)."""

    n: int
    rings: np.ndarray  # (k,)
    pix: np.ndarray  # (k, n) pixel indices in the ring-ordered map
    span: tuple  # (first pixel, end) when the k rings are contiguous, else ()
    offset: int  # first flat spectrum bin of the group
    bins: int  # bins per ring: n//2 + 1 (real data) or n


@dataclasses.dataclass(frozen=True)
class _RingPlan:
    """HEALPix ring FFT bookkeeping for one (grid, lmax, real), host arrays:

    forward  F[:, r, m] = spec[:, fwd_index[r, m]] (conj where fwd_conj) · fwd_phase[r, m],
             fwd_phase = e^{−imφ0_r}/n_r, spec = the rfft (real) / fft of every ring, flat;
    inverse  H[:, inv_index] += V[:, inv_src] (conj where inv_conj), V = F · inv_phase,
             inv_phase = n_r e^{+imφ0_r} (n_r: the inverse FFT's 1/n undone):
             the orders folded onto each ring's bins (m mod n_r; real data: the half
             spectrum k <= n/2 with V_{−m} = conj V_m), then one inverse FFT per group.
    The conjugations are in-place sign flips of the imaginary parts (``fwd_sign``,
    ``inv_sign`` = −1 where conj): no ``where``, no temporaries."""

    groups: tuple
    total_bins: int
    fwd_index: np.ndarray
    fwd_conj: np.ndarray
    fwd_phase: np.ndarray
    inv_phase: np.ndarray
    inv_index: np.ndarray
    inv_src: np.ndarray
    inv_conj: np.ndarray
    fwd_sign: np.ndarray
    inv_sign: np.ndarray


@functools.lru_cache(maxsize=4)
def _healpix_plan(start_bytes: bytes, nphi_bytes: bytes, phi0_bytes: bytes, lmax: int, real: bool):
    start = np.frombuffer(start_bytes, dtype=np.int64)
    nphi = np.frombuffer(nphi_bytes, dtype=np.int64)
    phi0 = np.frombuffer(phi0_bytes, dtype=np.float64)
    ms = orders(lmax, real)
    n_rings, n_m = nphi.size, ms.size
    groups, base = [], np.zeros(n_rings, np.int64)  # base: flat bin 0 of each ring
    offset = 0
    for n in np.unique(nphi):
        n = int(n)
        rings = np.nonzero(nphi == n)[0]
        pix = start[rings][:, None] + np.arange(n)[None, :]
        span = (int(pix[0, 0]), int(pix[-1, -1]) + 1) if bool(np.all(np.diff(rings) == 1)) else ()
        bins = n // 2 + 1 if real else n
        groups.append(_RingGroup(n, rings, pix, span, offset, bins))
        base[rings] = offset + np.arange(rings.size) * bins
        offset += rings.size * bins
    n_r = nphi[:, None]
    b = ms[None, :] % n_r  # (rings, orders): the bin of order m on ring r
    if real:  # rfft bins 0..n/2; F_m = conj(F_{n−m}) above
        fwd_conj = b > n_r // 2
        fwd_index = base[:, None] + np.where(fwd_conj, n_r - b, b)
    else:
        fwd_conj = np.zeros(b.shape, bool)
        fwd_index = base[:, None] + b
    ph = phi0[:, None] * ms[None, :]
    fwd_phase = np.exp(-1j * ph) / n_r
    inv_phase = np.exp(1j * ph) * n_r  # the n of the unnormalised inverse FFT, folded in
    src = np.arange(n_rings * n_m).reshape(n_rings, n_m)
    if real:  # V_m at bin m mod n and conj(V_m) at (−m) mod n (m > 0), where <= n/2
        keep1 = b <= n_r // 2
        t2 = (-ms[None, :]) % n_r
        keep2 = (t2 <= n_r // 2) & (ms[None, :] > 0)
        inv_index = np.concatenate([(base[:, None] + b)[keep1], (base[:, None] + t2)[keep2]])
        inv_src = np.concatenate([src[keep1], src[keep2]])
        inv_conj = np.concatenate([np.zeros(int(keep1.sum()), bool), np.ones(int(keep2.sum()), bool)])
    else:
        inv_index, inv_src, inv_conj = (base[:, None] + b).ravel(), src.ravel(), np.zeros(src.size, bool)
    fwd_sign = np.where(fwd_conj, -1.0, 1.0)  # conj as a sign of the imaginary part
    inv_sign = np.where(inv_conj, -1.0, 1.0)
    out = _RingPlan(tuple(groups), offset, fwd_index, fwd_conj, fwd_phase, inv_phase, inv_index, inv_src, inv_conj,
                    fwd_sign, inv_sign)
    for name in ("fwd_index", "fwd_conj", "fwd_phase", "inv_phase", "inv_index", "inv_src", "inv_conj",
                 "fwd_sign", "inv_sign"):
        getattr(out, name).setflags(write=False)
    return out


def _plan(grid, lmax, real):
    return _healpix_plan(
        np.ascontiguousarray(grid.ring_start, dtype=np.int64).tobytes(),
        np.ascontiguousarray(grid.ring_nphi, dtype=np.int64).tobytes(),
        np.ascontiguousarray(grid.ring_phi0, dtype=np.float64).tobytes(),
        int(lmax),
        bool(real),
    )


def _fold(xp, vals, index, size):
    """Σ of ``vals`` (nb, q) complex into ``size`` bins per row at ``index`` (q,): a weighted
    ``bincount`` (NumPy and CuPy) on row-offset indices."""
    nb = vals.shape[0]
    if nb == 1:
        flat = xp.asarray(index)
    else:
        flat = (xp.asarray(np.arange(nb) * size)[:, None] + xp.asarray(index)[None, :]).reshape(-1)
    re = xp.bincount(flat, weights=vals.real.reshape(-1), minlength=nb * size)
    im = xp.bincount(flat, weights=vals.imag.reshape(-1), minlength=nb * size)
    return (re + 1j * im).reshape(nb, size)


def rings_forward(xp, f, grid, lmax, real):
    r"""Ring data :math:`F_m(\theta_r) = \frac1{n_r}\sum_k f_{rk}e^{-im\phi_{rk}}`, shape
    (nb, n_rings, n_m), orders :func:`orders` (``real``: m >= 0 of a real map).
    ``f``: (nb, n_theta, n_phi) on uniform grids, (nb, n_pix) ring-ordered on HEALPix."""
    fl = fft_lib(xp)
    nb = f.shape[0]
    if grid.uniform:
        n = grid.shape[1]
        if real:
            return fl.rfft(f, axis=-1)[..., : lmax + 1] * (1.0 / n)
        return fl.fft(f, axis=-1)[..., xp.asarray(orders(lmax, False) % n)] * (1.0 / n)
    plan = _plan(grid, lmax, real)
    spectra = []
    for gp in plan.groups:  # one FFT per ring length
        k, n = gp.rings.size, gp.n
        if gp.span:
            block = f[:, gp.span[0] : gp.span[1]].reshape(nb, k, n)
        else:
            block = f[:, xp.asarray(gp.pix)]
        spec = fl.rfft(block, axis=-1) if real else fl.fft(block, axis=-1)
        spectra.append(spec.reshape(nb, k * gp.bins))
    F = xp.concatenate(spectra, axis=1)[:, xp.asarray(plan.fwd_index)]  # (nb, n_rings, n_m)
    if real:  # F_m = conj(F_{n−m}) above the half spectrum: flip the imaginary parts in place
        F.imag[...] *= xp.asarray(plan.fwd_sign)
    F *= xp.asarray(plan.fwd_phase)
    return F


def rings_inverse(xp, F, grid, lmax, real):
    r"""Maps :math:`f_{rk} = \sum_m F_m(\theta_r) e^{im\phi_{rk}}` from ring data (inverse of
    :func:`rings_forward` for band-limited data; on HEALPix the orders beyond a ring's
    Nyquist frequency alias onto m mod n_r).  Real: F holds m >= 0, F_{−m} = conj F_m."""
    fl = fft_lib(xp)
    nb, nr, n_m = F.shape
    if grid.uniform:
        n = grid.shape[1]
        if real:
            H = xp.zeros((nb, nr, n // 2 + 1), dtype=complex)
            H[..., : lmax + 1] = F
            return fl.irfft(H, n=n, axis=-1) * n
        H = xp.zeros((nb, nr, n), dtype=complex)
        H[..., xp.asarray(orders(lmax, False) % n)] = F
        return fl.ifft(H, axis=-1) * n
    plan = _plan(grid, lmax, real)
    V = (F * xp.asarray(plan.inv_phase)).reshape(nb, nr * n_m)
    terms = V[:, xp.asarray(plan.inv_src)]
    if real:  # conj(V_m) at the bins (−m) mod n: flip the imaginary parts in place
        terms.imag[...] *= xp.asarray(plan.inv_sign)
    H = _fold(xp, terms, plan.inv_index, plan.total_bins)
    out = xp.zeros((nb, grid.size), dtype=float if real else complex)
    for gp in plan.groups:  # one inverse FFT per ring length
        k, n = gp.rings.size, gp.n
        Hg = H[:, gp.offset : gp.offset + k * gp.bins].reshape(nb, k, gp.bins)
        ring = fl.irfft(Hg, n=n, axis=-1) if real else fl.ifft(Hg, axis=-1)  # n is in inv_phase
        if gp.span:
            out[:, gp.span[0] : gp.span[1]] = ring.reshape(nb, -1)
        else:
            out[:, xp.asarray(gp.pix)] = ring
    return out


# ----------------------------------------------------------------------------- MW resampling
@functools.lru_cache(maxsize=8)
def _mw_to_gl(grid_lmax):
    """Real matrices M_even, M_odd (L × L, L = grid_lmax + 1): GL-ring values of F_m from its
    values on the L MW rings, for (−1)^{m+s} = +1 / −1.  F_m extended to the torus by
    F_m(2π−θ) = (−1)^{m+s} F_m(θ) is a trigonometric polynomial of degree <= grid_lmax in θ
    fixed by its 2L−1 equispaced samples (McEwen & Wiaux 2011, §III): Dirichlet-kernel
    interpolation, exact."""
    L = grid_lmax + 1
    n = 2 * L - 1
    t_mw = np.pi * (2 * np.arange(L) + 1) / n
    t_gl, _ = _gl_nodes(L)

    def dirichlet(x):
        sx = np.sin(0.5 * x)
        small = np.abs(sx) < 1e-15
        return np.where(small, 1.0, np.sin(0.5 * n * x) / (n * np.where(small, 1.0, sx)))

    d_minus = dirichlet(t_gl[:, None] - t_mw[None, :])
    d_plus = dirichlet(t_gl[:, None] + t_mw[None, :])
    mats = []
    for sign in (1.0, -1.0):
        M = d_minus + sign * d_plus
        M[:, L - 1] = d_minus[:, L - 1]  # the south pole is its own mirror
        M.setflags(write=False)
        mats.append(M)
    return mats[0], mats[1]


def mw_resample(xp, F, grid_lmax, lmax, spin, real):
    """Ring data F (nb, grid_lmax+1, n_m) on the MW rings of a grid built for ``grid_lmax``
    (orders of ``lmax <= grid_lmax``) -> the same orders on the grid_lmax+1 Gauss–Legendre
    rings ``_gl_nodes(grid_lmax + 1)``."""
    Me, Mo = _mw_to_gl(grid_lmax)
    ms = orders(lmax, real)
    odd = (ms + spin) % 2 == 1
    out = xp.zeros(F.shape, dtype=complex)
    for sel, M in ((np.nonzero(~odd)[0], Me), (np.nonzero(odd)[0], Mo)):
        if sel.size:
            s = xp.asarray(sel)
            Md = xp.asarray(M)
            block = F[..., s]
            out[..., s] = xp.matmul(Md, block.real) + 1j * xp.matmul(Md, block.imag)
    return out


# ----------------------------------------------------------------------------- HEALPix order
@functools.lru_cache(maxsize=8)
def nest_perm(nside):
    """(ring2nest, nest2ring) index arrays of all pixels."""
    from .healpix import nest2ring, ring2nest

    p = np.arange(12 * nside * nside)
    return ring2nest(nside, p), nest2ring(nside, p)


# ----------------------------------------------------------------------------- real basis
@functools.lru_cache(maxsize=16)
def _real_maps(lmax):
    """Index arrays (m = 0 slots, m > 0 slots, their (ℓ, −m) partners) and (−1)^m."""
    idx_p, idx_n, m = real_index(lmax)
    pos = m > 0
    out = (idx_p[~pos], idx_p[pos], idx_n[pos], np.where(m[pos] % 2 == 1, -1.0, 1.0))
    for a in out:
        a.setflags(write=False)
    return out


def real_to_complex(xp, r, lmax):
    r"""Complex coefficients (m >= 0 filled, m < 0 zero) of real-basis rows: for m > 0
    :math:`c_{\ell m} = (-1)^m (r_{\ell m} - i r_{\ell,-m})/\sqrt2`, :math:`c_{\ell 0} = r_{\ell 0}`."""
    zero, ip, ineg, sg = (xp.asarray(a) for a in _real_maps(lmax))
    c = xp.zeros(r.shape, dtype=complex)
    c[..., zero] = r[..., zero]
    c[..., ip] = (r[..., ip] - 1j * r[..., ineg]) * (sg * (1.0 / math.sqrt(2.0)))
    return c


def complex_to_real(xp, c, lmax):
    """Inverse of :func:`real_to_complex` (reads the m >= 0 entries of ``c``)."""
    zero, ip, ineg, sg = (xp.asarray(a) for a in _real_maps(lmax))
    r = xp.zeros(c.shape)
    r[..., zero] = c[..., zero].real
    cp = c[..., ip] * (sg * math.sqrt(2.0))
    r[..., ip] = cp.real
    r[..., ineg] = -cp.imag
    return r

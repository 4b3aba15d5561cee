r"""The parts of the S² transforms outside the Legendre step, written once against ``xp``.

Ring geometry (ring pairs θ ↔ π−θ and the half-angle logarithms the recursions start from),
the double-double log-factorial table, the FFTs along rings (uniform grids and HEALPix
rings with their offsets φ0), the exact MW → Gauss–Legendre ring re-sampling, the HEALPix
nest ↔ ring permutation and the real ↔ complex coefficient maps.  Every function taking
``xp`` uses only operations NumPy and CuPy share (``asarray, zeros, concatenate, matmul,
fft.*``, slicing and integer index arrays); with ``xp = numpy`` the FFTs are SciPy's
(``scipy.fft``, multi-threaded through ``workers``).  Host metadata (O(L) or O(L²)
numbers) is built with NumPy and cached per argument.

Both Legendre implementations (:mod:`._legendre_numba`, :mod:`._legendre_xp`) and the
public functions (:mod:`.s2`, :mod:`.so3`) import from here; this module imports neither.
"""

from __future__ import annotations

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


@functools.lru_cache(maxsize=16)
def healpix_groups(nphi_bytes: bytes):
    """Runs (first, end) of consecutive rings with the same length (the equatorial belt is one run)."""
    nphi = np.frombuffer(nphi_bytes, dtype=np.int64)
    cut = np.nonzero(np.diff(nphi) != 0)[0] + 1
    edges = np.concatenate([[0], cut, [nphi.size]])
    return tuple((int(a), int(b)) for a, b in zip(edges[:-1], edges[1:]))


@functools.lru_cache(maxsize=16)
def _healpix_phase(phi0_bytes: bytes, lmax: int, sign: int):
    """exp(sign·i m φ0_r) for every ring r and order m in −lmax..lmax (host, cached)."""
    phi0 = np.frombuffer(phi0_bytes, dtype=np.float64)
    out = np.exp(sign * 1j * np.outer(phi0, orders(lmax, False)))
    out.setflags(write=False)
    return out


def _groups(grid):
    return healpix_groups(np.ascontiguousarray(grid.ring_nphi, dtype=np.int64).tobytes())


def _phase(grid, lmax, sign):
    return _healpix_phase(np.ascontiguousarray(grid.ring_phi0, dtype=np.float64).tobytes(), lmax, sign)


def rings_forward(xp, f, grid, lmax, real):
    r"""Ring data :math:`F_m(\theta_r) = \frac1{n_r}\sum_k f_{rk}e^{-im\phi_{rk}}`, shape
    (nb, n_rings, n_m), orders :func:`orders` (``real``: m >= 0 of a real map).
    ``f``: (nb, n_theta, n_phi) on uniform grids, (nb, n_pix) ring-ordered on HEALPix."""
    fl = fft_lib(xp)
    nb = f.shape[0]
    if grid.uniform:
        n = grid.shape[1]
        if real:
            return fl.rfft(f, axis=-1)[..., : lmax + 1] / n
        return fl.fft(f, axis=-1)[..., xp.asarray(orders(lmax, False) % n)] / n
    ms = orders(lmax, real)
    F = xp.zeros((nb, grid.n_rings, ms.size), dtype=complex)
    phase = _phase(grid, lmax, -1)
    if real:
        phase = phase[:, lmax:]
    for a, b in _groups(grid):
        n = int(grid.ring_nphi[a])
        p0 = int(grid.ring_start[a])
        block = f[:, p0 : p0 + (b - a) * n].reshape(nb, b - a, n)
        spec = fl.rfft(block, axis=-1) if real and n // 2 >= lmax else fl.fft(block, axis=-1)
        F[:, a:b, :] = spec[..., xp.asarray(ms % n)] * (xp.asarray(phase[a:b]) / n)
    return F


def rings_inverse(xp, F, grid, lmax, real):
    r"""Maps :math:`f_{rk} = \sum_m F_m(\theta_r) e^{im\phi_{rk}}` from ring data (inverse of
    :func:`rings_forward` for band-limited data; on HEALPix the orders beyond a ring's
    Nyquist frequency alias onto m mod n_r).  Real: F holds m >= 0, F_{−m} = conj F_m."""
    fl = fft_lib(xp)
    nb, nr, _ = F.shape
    if grid.uniform:
        n = grid.shape[1]
        if real:
            H = xp.zeros((nb, nr, n // 2 + 1), dtype=complex)
            H[..., : lmax + 1] = F
            return fl.irfft(H, n=n, axis=-1) * n
        H = xp.zeros((nb, nr, n), dtype=complex)
        H[..., xp.asarray(orders(lmax, False) % n)] = F
        return fl.ifft(H, axis=-1) * n
    ms = orders(lmax, False)
    out = xp.zeros((nb, grid.size), dtype=float if real else complex)
    phase = _phase(grid, lmax, +1)
    if real:
        phase = phase[:, lmax:]
    full = None  # real data extended by F_{−m} = conj(F_m), built only if a ring aliases
    for a, b in _groups(grid):
        n = int(grid.ring_nphi[a])
        p0 = int(grid.ring_start[a])
        if real and 2 * lmax < n:  # no aliasing, no Nyquist term: one real inverse FFT
            H = xp.zeros((nb, b - a, n // 2 + 1), dtype=complex)
            H[..., : lmax + 1] = F[:, a:b, :] * xp.asarray(phase[a:b])
            ring = fl.irfft(H, n=n, axis=-1) * n
        else:
            if real:
                if full is None:
                    full = xp.concatenate([xp.conj(F[..., :0:-1]), F], axis=-1)
                    phase_full = _phase(grid, lmax, +1)
                vals = full[:, a:b, :] * xp.asarray(phase_full[a:b])
            else:
                vals = F[:, a:b, :] * xp.asarray(phase[a:b])
            if 2 * lmax + 1 <= n:  # no aliasing: scatter the orders to their bins
                G = xp.zeros((nb, b - a, n), dtype=complex)
                G[..., xp.asarray(ms % n)] = vals
            else:
                m0 = n * math.floor(-lmax / n)
                K = -(-(lmax - m0 + 1) // n)
                padded = xp.zeros((nb, b - a, K * n), dtype=complex)
                padded[..., xp.asarray(ms - m0)] = vals
                G = padded.reshape(nb, b - a, K, n).sum(axis=2)  # aliasing: m -> m mod n
            ring = fl.ifft(G, axis=-1) * n
            if real:
                ring = ring.real
        out[:, p0 : p0 + (b - a) * n] = ring.reshape(nb, -1)
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
def real_to_complex(xp, r, lmax):
    r"""Complex coefficients (m >= 0 filled, m < 0 zero) of real-basis rows: for m > 0
    :math:`c_{\ell m} = (-1)^m (r_{\ell m} - i r_{\ell,-m})/\sqrt2`, :math:`c_{\ell 0} = r_{\ell 0}`."""
    idx_p, idx_n, m = real_index(lmax)
    pos = m > 0
    sg = xp.asarray(np.where(m[pos] % 2 == 1, -1.0, 1.0) / math.sqrt(2.0))
    c = xp.zeros(r.shape, dtype=complex)
    zero = xp.asarray(idx_p[~pos])
    c[..., zero] = r[..., zero]
    ip, ineg = xp.asarray(idx_p[pos]), xp.asarray(idx_n[pos])
    c[..., ip] = sg * (r[..., ip] - 1j * r[..., ineg])
    return c


def complex_to_real(xp, c, lmax):
    """Inverse of :func:`real_to_complex` (reads the m >= 0 entries of ``c``)."""
    idx_p, idx_n, m = real_index(lmax)
    pos = m > 0
    sg = xp.asarray(np.where(m[pos] % 2 == 1, -1.0, 1.0) * math.sqrt(2.0))
    r = xp.zeros(c.shape)
    zero = xp.asarray(idx_p[~pos])
    r[..., zero] = c[..., zero].real
    ip, ineg = xp.asarray(idx_p[pos]), xp.asarray(idx_n[pos])
    cp = c[..., ip]
    r[..., ip] = sg * cp.real
    r[..., ineg] = -sg * cp.imag
    return r

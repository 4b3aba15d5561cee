r"""Spherical harmonic transforms on S² (scalar and spin-weighted, complex and real).

Convention (docs/conventions.md §3, §5; docs/transforms.md): a band-limited field is

.. math::  f(\theta,\phi) = \sum_{\ell=|s|}^{L_{max}}\sum_{m=-\ell}^{\ell} c_{\ell m}\, {}_sY_{\ell m}(\theta,\phi),
           \qquad c_{\ell m} = \int_{S^2} f\,\overline{{}_sY_{\ell m}}\,d\Omega ,

with the core's orthonormal Condon–Shortley :math:`{}_sY_{\ell m}`
(``gaugemath.spherical_harmonics(..., spin=s)``), coefficients packed at
:math:`\ell^2+\ell+m` (zero for :math:`\ell<|s|`).  ``real=True`` (spin 0, real maps):
coefficients in the core's real basis :math:`S_{\ell m}` (``basis="real"``), real numbers.

Algorithm (separable, Driscoll & Healy 1994 §4): an FFT along every ring
(``scipy.fft``), then for each order m the sum over degrees done ring by ring with the
normalised Wigner-d recursion of :mod:`gaugemath.transforms._kernels` (Numba, parallel over
m, mirror rings θ ↔ π−θ processed together).  Analysis = quadrature
:math:`c_{\ell m} = \sum_r w_r 2\pi F_m(\theta_r)\,{}_s\lambda_{\ell m}(\theta_r)` with
:math:`F_m(\theta_r) = \frac1{n_r}\sum_k f_{rk} e^{-im\phi_{rk}}`; exact for band-limited
maps on ``gl``/``dh``; on ``mw`` each :math:`F_m` is first re-sampled exactly from the MW
rings to Gauss–Legendre rings through its extension to the torus
(:math:`F_m(2\pi-\theta) = (-1)^{m+s}F_m(\theta)`, a trigonometric polynomial of degree
:math:`\le L_{max}` fixed by the :math:`2L-1` samples: McEwen & Wiaux 2011, §III);
on HEALPix the ring quadrature :math:`4\pi/N_{pix}` is refined by ``n_iter`` Jacobi steps
:math:`c \leftarrow c + A(f - Sc)` (as ``healpy.map2alm(iter=3)``).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import scipy.fft

from .._validation import as_degree
from . import _kernels as _k
from .backend import get_namespace
from .grids import S2Grid, _gl_nodes, _ring_pairs

__all__ = ["s2_analysis", "s2_synthesis", "n_coefficients", "real_to_complex_coefficients", "complex_to_real_coefficients"]


def n_coefficients(lmax: int) -> int:
    """(lmax + 1)²: length of a packed coefficient vector."""
    return (as_degree(lmax, "lmax") + 1) ** 2


def _threads() -> int:
    try:
        import numba

        return numba.get_num_threads()
    except Exception:  # pragma: no cover
        return 1


# ----------------------------------------------------------------------------- validation
def _check_common(lmax, grid, spin, real):
    if not isinstance(grid, S2Grid):
        raise TypeError(f"grid must be an S2Grid from s2_grid(...), got {type(grid).__name__}")
    lmax = as_degree(lmax, "lmax")
    if lmax > grid.lmax:
        raise ValueError(
            f"lmax={lmax} is too large for this {grid.kind!r} grid (built for lmax <= {grid.lmax}); "
            f"use s2_grid({lmax}, {grid.kind!r}{', nside=...' if grid.kind == 'healpix' else ''})"
        )
    if isinstance(spin, (bool, np.bool_)) or not isinstance(spin, (int, np.integer)):
        raise TypeError(f"spin must be an integer, got {type(spin).__name__} {spin!r}")
    spin = int(spin)
    if abs(spin) > lmax:
        raise ValueError(f"spin must satisfy |spin| <= lmax={lmax}, got {spin}")
    if not isinstance(real, (bool, np.bool_)):
        raise TypeError(f"real must be True or False, got {real!r}")
    if real and spin != 0:
        raise ValueError("real=True is for real spin-0 fields; spin-weighted fields are complex (use real=False)")
    return lmax, spin, bool(real)


def _check_finite(xp, a, name):
    if not bool(xp.all(xp.isfinite(a))):
        raise ValueError(f"{name} contains NaN or infinite values")


def _as_input(xp, a, name, real):
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{name} must be an array, got {type(a).__name__}")
    a = xp.asarray(a)
    if a.dtype.kind not in "biufc":
        raise TypeError(f"{name} must be a numeric array, got dtype {a.dtype}")
    if real and a.dtype.kind == "c":
        raise TypeError(f"{name} must be real when real=True (got complex dtype {a.dtype})")
    return a


# ----------------------------------------------------------------------------- real basis
def real_to_complex_coefficients(r, lmax):
    """Complex coefficients (m >= 0 filled, m < 0 zero) of a real-basis vector: for m > 0
    :math:`c_{\\ell m} = (-1)^m (r_{\\ell m} - i r_{\\ell,-m})/\\sqrt2`, :math:`c_{\\ell0} = r_{\\ell0}`
    (from :math:`S_{\\ell m} = ((-1)^m Y_{\\ell m} + Y_{\\ell,-m})/\\sqrt2`, docs/conventions.md §3);
    the full complex vector has :math:`c_{\\ell,-m} = (-1)^m\\overline{c_{\\ell m}}`."""
    xp = get_namespace(r)
    lmax = as_degree(lmax, "lmax")
    if r.ndim < 1 or r.shape[-1] != (lmax + 1) ** 2:
        raise ValueError(f"r must have shape (..., (lmax+1)^2 = {(lmax + 1) ** 2}), got {tuple(r.shape)}")
    if xp is not np:  # the same formula with array-namespace indexing (device arrays)
        from . import _xp

        return _xp.real_to_complex_coefficients(xp, r, lmax)
    rows = np.ascontiguousarray(r, dtype=np.float64).reshape(-1, r.shape[-1])
    out = np.zeros(rows.shape, dtype=complex)
    _k.real_to_complex_rows(rows, lmax, out)
    return out.reshape(r.shape)


def complex_to_real_coefficients(c, lmax):
    """Inverse of :func:`real_to_complex_coefficients` (reads the m >= 0 entries of ``c``)."""
    xp = get_namespace(c)
    lmax = as_degree(lmax, "lmax")
    if c.ndim < 1 or c.shape[-1] != (lmax + 1) ** 2:
        raise ValueError(f"c must have shape (..., (lmax+1)^2 = {(lmax + 1) ** 2}), got {tuple(c.shape)}")
    if xp is not np:  # the same formula with array-namespace indexing (device arrays)
        from . import _xp

        return _xp.complex_to_real_coefficients(xp, c, lmax)
    rows = np.ascontiguousarray(c, dtype=np.complex128).reshape(-1, c.shape[-1])
    out = np.zeros(rows.shape, dtype=np.float64)
    _k.complex_to_real_rows(rows, lmax, out)
    return out.reshape(c.shape)


@functools.lru_cache(maxsize=16)
def _real_index(lmax):
    ell = np.concatenate([np.full(l + 1, l) for l in range(lmax + 1)])
    m = np.concatenate([np.arange(l + 1) for l in range(lmax + 1)])
    return ell * ell + ell + m, ell * ell + ell - m, m


# ----------------------------------------------------------------------------- ring geometry
@functools.lru_cache(maxsize=32)
def _pairs_for(theta_bytes: bytes):
    """Per ring pair: t = 1 - cos θ, log cos(θ/2), log sin(θ/2) at the northern position
    θ <= π/2, and the ring indices (north, south; -1 where absent).  A lone southern ring
    is handled as the south member of a pair (its mirror values, exact by parity)."""
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
    order = np.argsort(tt, kind="stable")  # pole to equator: the spin-0 kernels skip a prefix
    out = tuple(np.ascontiguousarray(a[order]) for a in (tt, logc, logs, north, south))
    for a in out:
        a.setflags(write=False)
    return out


def _theta_key(theta) -> bytes:
    """The cache key of a ring set (its colatitudes as bytes)."""
    return np.ascontiguousarray(theta, dtype=np.float64).tobytes()


def _ring_geometry(theta):
    return _pairs_for(_theta_key(theta))


@functools.lru_cache(maxsize=32)
def _first_live_pairs(lmax, theta_bytes: bytes):
    """Per order m, the first ring pair (in the t-sorted order of :func:`_pairs_for`) whose
    spin-0 values reach 2^-150 by degree lmax (see ``_kernels.first_live_pair``)."""
    tt, logc, logs, _, _ = _pairs_for(theta_bytes)
    out = np.zeros(lmax + 1, dtype=np.int64)
    _k.first_live_pair(lmax, tt, logc, logs, _log_factorials(2 * lmax + 2), out)
    out.setflags(write=False)
    return out


@functools.lru_cache(maxsize=4)
def _log_factorials(n):
    return _k.log_factorials(n)


def _legendre_synthesis(c, lmax, spin, real, theta):
    """c: (nb, nlm) complex -> F (nb, n_rings, n_m) complex (n_m = lmax+1 if real else 2lmax+1)."""
    key = _theta_key(theta)
    tt, logc, logs, north, south = _pairs_for(key)
    nb = c.shape[0]
    n_m = lmax + 1 if real else 2 * lmax + 1
    lf = _log_factorials(2 * lmax + 2)
    if spin == 0:
        out = np.zeros((nb, theta.shape[0], n_m), dtype=complex)
        live = _first_live_pairs(lmax, key)
        _k.s2_synthesis_scalar(lmax, real, np.ascontiguousarray(c, dtype=complex), tt, logc, logs, north, south,
                               lf, live, out)
        return out
    out_re = np.zeros((nb, theta.shape[0], n_m))
    out_im = np.zeros((nb, theta.shape[0], n_m))
    c_re = np.ascontiguousarray(c.real)
    c_im = np.ascontiguousarray(c.imag)
    _k.s2_synthesis_kernel(lmax, spin, real, c_re, c_im, tt, logc, logs, north, south, lf, out_re, out_im)
    return out_re + 1j * out_im


def _legendre_analysis(G, lmax, spin, real, theta):
    """G: (nb, n_rings, n_m) weighted ring data -> (nb, nlm) complex coefficients."""
    key = _theta_key(theta)
    tt, logc, logs, north, south = _pairs_for(key)
    nb = G.shape[0]
    lf = _log_factorials(2 * lmax + 2)
    if spin == 0:
        out = np.zeros((nb, (lmax + 1) ** 2), dtype=complex)
        live = _first_live_pairs(lmax, key)
        _k.s2_analysis_scalar(lmax, real, np.ascontiguousarray(G, dtype=complex), tt, logc, logs, north, south,
                              lf, live, out)
        return out
    out_re = np.zeros((nb, (lmax + 1) ** 2))
    out_im = np.zeros((nb, (lmax + 1) ** 2))
    g_re, g_im = np.ascontiguousarray(G.real), np.ascontiguousarray(G.imag)
    _k.s2_analysis_kernel(lmax, spin, real, g_re, g_im, tt, logc, logs, north, south, lf, out_re, out_im)
    return out_re + 1j * out_im


# ----------------------------------------------------------------------------- FFT along rings
def _orders(lmax, real):
    return np.arange(0, lmax + 1) if real else np.arange(-lmax, lmax + 1)


def _rings_forward_uniform(f, grid, lmax, real):
    """(nb, n_theta, n_phi) maps -> F_m(θ_r) = (1/n) Σ_k f e^{-imφ_k} for the orders."""
    n = grid.shape[1]
    w = _threads()
    if real:
        F = scipy.fft.rfft(f, axis=-1, workers=w)[..., : lmax + 1]
    else:
        F = scipy.fft.fft(f, axis=-1, workers=w)
        F = F[..., _orders(lmax, False) % n]
    return F / n


def _rings_inverse_uniform(F, grid, lmax, real):
    nb, nr, _ = F.shape
    n = grid.shape[1]
    w = _threads()
    if real:
        H = np.zeros((nb, nr, n // 2 + 1), complex)
        H[..., : lmax + 1] = F
        return scipy.fft.irfft(H, n=n, axis=-1, workers=w) * n
    H = np.zeros((nb, nr, n), complex)
    H[..., _orders(lmax, False) % n] = F
    return scipy.fft.ifft(H, axis=-1, workers=w) * n


def _healpix_groups(grid):
    """Runs of consecutive rings with the same length (equatorial belt in one FFT)."""
    groups = []
    start = 0
    nphi = grid.ring_nphi
    for r in range(1, grid.n_rings + 1):
        if r == grid.n_rings or nphi[r] != nphi[start]:
            groups.append((start, r))
            start = r
    return groups


def _rings_forward_healpix(f, grid, lmax, real):
    nb = f.shape[0]
    ms = _orders(lmax, False)
    F = np.empty((nb, grid.n_rings, ms.size), complex)
    w = _threads()
    for a, b in _healpix_groups(grid):
        n = int(grid.ring_nphi[a])
        p0 = int(grid.ring_start[a])
        block = f[:, p0 : p0 + (b - a) * n].reshape(nb, b - a, n)
        spec = scipy.fft.fft(block, axis=-1, workers=w) / n
        phase = np.exp(-1j * np.outer(grid.ring_phi0[a:b], ms))
        F[:, a:b, :] = spec[..., ms % n] * phase
    return F[..., lmax:] if real else F


def _rings_inverse_healpix(F, grid, lmax, real):
    nb = F.shape[0]
    ms = _orders(lmax, False)
    if real:  # F_{-m} = conj(F_m)
        F = np.concatenate([np.conj(F[..., :0:-1]), F], axis=-1)
    out = np.empty((nb, grid.size), complex)
    w = _threads()
    for a, b in _healpix_groups(grid):
        n = int(grid.ring_nphi[a])
        p0 = int(grid.ring_start[a])
        vals = F[:, a:b, :] * np.exp(1j * np.outer(grid.ring_phi0[a:b], ms))
        m0 = n * math.floor(-lmax / n)
        K = -(-(lmax - m0 + 1) // n)
        padded = np.zeros((nb, b - a, K * n), complex)
        padded[..., ms - m0] = vals
        G = padded.reshape(nb, b - a, K, n).sum(axis=2)  # aliasing: m -> m mod n
        out[:, p0 : p0 + (b - a) * n] = (scipy.fft.ifft(G, axis=-1, workers=w) * n).reshape(nb, -1)
    return out.real if real else out


# ----------------------------------------------------------------------------- MW resampling
@functools.lru_cache(maxsize=8)
def _mw_to_gl(lmax):
    """Real matrices M_even, M_odd (L x L): GL-ring values of F_m from its MW-ring values,
    for (-1)^{m+s} = +1 / -1 (Dirichlet-kernel interpolation on the torus)."""
    L = lmax + 1
    n = 2 * L - 1
    t_mw = np.pi * (2 * np.arange(L) + 1) / n
    t_gl, _ = _gl_nodes(L)

    def dirichlet(x):
        x = np.asarray(x)
        sx = np.sin(0.5 * x)
        small = np.abs(sx) < 1e-15
        return np.where(small, 1.0, np.sin(0.5 * n * x) / (n * np.where(small, 1.0, sx)))

    d_minus = dirichlet(t_gl[:, None] - t_mw[None, :])
    d_plus = dirichlet(t_gl[:, None] + t_mw[None, :])
    mats = []
    for sign in (1.0, -1.0):
        M = d_minus + sign * d_plus
        M[:, L - 1] = d_minus[:, L - 1]  # the south pole is its own mirror
        mats.append(M)
    return mats[0], mats[1], t_gl


def _mw_resample(F, lmax, spin, real):
    """F (nb, L, n_m) on MW rings -> (nb, L, n_m) on GL rings."""
    Me, Mo, _ = _mw_to_gl(lmax)
    ms = _orders(lmax, real)
    odd = (ms + spin) % 2 == 1
    out = np.empty_like(F)
    for sel, M in ((~odd, Me), (odd, Mo)):
        if sel.any():
            block = F[..., sel]
            out[..., sel] = np.matmul(M, block.real) + 1j * np.matmul(M, block.imag)
    return out


# ----------------------------------------------------------------------------- HEALPix order
@functools.lru_cache(maxsize=8)
def _nest_perm(nside):
    from .healpix import nest2ring, ring2nest

    p = np.arange(12 * nside * nside)
    return ring2nest(nside, p), nest2ring(nside, p)


# ----------------------------------------------------------------------------- public API
def s2_synthesis(coeffs, lmax, grid, spin=0, real=False, *, backend=None):
    r"""Map :math:`f = \sum_{\ell m} c_{\ell m}\,{}_sY_{\ell m}` on ``grid`` from coefficients.

    Parameters
    ----------
    coeffs : (..., (lmax+1)²) array, (ℓ, m) at ℓ²+ℓ+m; complex (``real=False``) or real-basis
        real numbers (``real=True``, spin 0).  Entries with ℓ < |spin| are ignored.
    lmax : maximal degree (inclusive), ``<= grid.lmax``.
    grid : :class:`~gaugemath.transforms.grids.S2Grid`.
    spin : integer spin weight s (``sY`` of docs/conventions.md §5).
    real : real-basis coefficients and a real map.
    backend : ``None`` (from the input type), ``"numpy"`` or ``"cupy"``.

    Returns
    -------
    (..., *grid.shape) complex map (float if ``real``).  Exact evaluation of the sum on
    every grid (HEALPix included), to rounding.
    """
    xp = get_namespace(coeffs, backend=backend)
    lmax, spin, real = _check_common(lmax, grid, spin, real)
    c = _as_input(xp, coeffs, "coeffs", real)
    n = (lmax + 1) ** 2
    if c.ndim < 1 or c.shape[-1] != n:
        raise ValueError(f"coeffs must have shape (..., (lmax+1)^2 = {n}) for lmax={lmax}, got {tuple(c.shape)}")
    _check_finite(xp, c, "coeffs")
    if xp is not np:
        from . import _cupy

        return _cupy.s2_synthesis(c, lmax, grid, spin, real)
    lead = c.shape[:-1]
    c = c.reshape(-1, n)
    c = real_to_complex_coefficients(c.astype(float), lmax) if real else c.astype(complex)
    F = _legendre_synthesis(c, lmax, spin, real, grid.theta)
    if grid.uniform:
        f = _rings_inverse_uniform(F, grid, lmax, real)
    else:
        f = _rings_inverse_healpix(F, grid, lmax, real)
        if grid.order == "nested":
            f = f[:, _nest_perm(grid.nside)[1]]
    return f.reshape(lead + tuple(grid.shape))


def _analysis_once(f, lmax, grid, spin, real):
    """Quadrature analysis of (nb, *shape) ring-ordered maps -> (nb, nlm) complex."""
    nb = f.shape[0]
    if grid.uniform:
        F = _rings_forward_uniform(f, grid, lmax, real)
    else:
        F = _rings_forward_healpix(f.reshape(nb, -1), grid, lmax, real)
    if grid.kind == "mw":
        F = _mw_resample(F, lmax, spin, real)
        t_gl, w_gl = _gl_nodes(lmax + 1)
        G = F * (2 * np.pi * w_gl)[None, :, None]
        return _legendre_analysis(G, lmax, spin, real, t_gl)
    G = F * (2 * np.pi * grid.theta_weights)[None, :, None]
    return _legendre_analysis(G, lmax, spin, real, grid.theta)


def s2_analysis(f, lmax, grid, spin=0, real=False, *, n_iter=3, backend=None):
    r"""Coefficients :math:`c_{\ell m} = \int f\,\overline{{}_sY_{\ell m}}\,d\Omega` of maps on ``grid``.

    Parameters
    ----------
    f : (..., *grid.shape) maps (complex, or real; ``real=True`` needs a real map).
    lmax : maximal degree (inclusive), ``<= grid.lmax``.
    grid, spin, real, backend : as in :func:`s2_synthesis`.
    n_iter : Jacobi refinement steps on HEALPix (ignored on the exact grids).

    Returns
    -------
    (..., (lmax+1)²) complex coefficients (real-basis floats if ``real``).  Exact to rounding
    for band-limited maps on ``gl``, ``dh`` and ``mw``; on HEALPix approximate (the residual
    falls with ``n_iter``; see docs/transforms.md).
    """
    xp = get_namespace(f, backend=backend)
    lmax, spin, real = _check_common(lmax, grid, spin, real)
    f = _as_input(xp, f, "f", real)
    shp = tuple(grid.shape)
    if f.ndim < len(shp) or tuple(f.shape[f.ndim - len(shp):]) != shp:
        raise ValueError(
            f"f must have shape (..., {', '.join(map(str, shp))}) for this {grid.kind!r} grid, got {tuple(f.shape)}"
        )
    _check_finite(xp, f, "f")
    if isinstance(n_iter, (bool, np.bool_)) or not isinstance(n_iter, (int, np.integer)) or n_iter < 0:
        raise ValueError(f"n_iter must be an integer >= 0, got {n_iter!r}")
    if xp is not np:
        from . import _cupy

        return _cupy.s2_analysis(f, lmax, grid, spin, real, n_iter)
    lead = f.shape[: f.ndim - len(shp)]
    f = f.reshape((-1,) + shp)
    f = f.astype(float) if real else f.astype(complex)
    if grid.kind == "healpix" and grid.order == "nested":
        f = f[:, _nest_perm(grid.nside)[0]]
        ring_grid = _ring_version(grid)
    else:
        ring_grid = grid
    c = _analysis_once(f, lmax, ring_grid, spin, real)
    if grid.kind == "healpix":
        for _ in range(int(n_iter)):
            F = _legendre_synthesis(c, lmax, spin, real, ring_grid.theta)
            resid = f - _rings_inverse_healpix(F, ring_grid, lmax, real)
            c = c + _analysis_once(resid, lmax, ring_grid, spin, real)
    out = complex_to_real_coefficients(c, lmax) if real else c
    return out.reshape(lead + ((lmax + 1) ** 2,))


def _ring_version(grid):
    import dataclasses

    return dataclasses.replace(grid, order="ring")

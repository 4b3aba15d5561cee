r"""Spherical harmonic transforms on S² (scalar and spin-weighted, complex and real).

Convention (docs/conventions.md §3, §5; docs/transforms.md): a band-limited field is

.. math::  f(\theta,\phi) = \sum_{\ell=|s|}^{L_{max}}\sum_{m=-\ell}^{\ell} c_{\ell m}\, {}_sY_{\ell m}(\theta,\phi),
           \qquad c_{\ell m} = \int_{S^2} f\,\overline{{}_sY_{\ell m}}\,d\Omega ,

with the core's orthonormal Condon–Shortley :math:`{}_sY_{\ell m}`
(``gaugemath.spherical_harmonics(..., spin=s)``), coefficients packed at
:math:`\ell^2+\ell+m` (zero for :math:`\ell<|s|`).  ``real=True`` (spin 0, real maps):
coefficients in the core's real basis :math:`S_{\ell m}` (``basis="real"``), real numbers.

Algorithm (separable, Driscoll & Healy 1994 §4): an FFT along every ring
(:mod:`._rings`), then for each order m the sum over degrees done ring by ring with the
normalised Wigner-d recursion (the Legendre step: Numba kernels or the array-namespace
version, picked by :func:`gaugemath.transforms.backend.resolve`; mirror rings θ ↔ π−θ
processed together).  Analysis = quadrature
:math:`c_{\ell m} = \sum_r w_r 2\pi F_m(\theta_r)\,{}_s\lambda_{\ell m}(\theta_r)` with
:math:`F_m(\theta_r) = \frac1{n_r}\sum_k f_{rk} e^{-im\phi_{rk}}`; exact for band-limited
maps on ``gl``/``dh``; on ``mw`` each :math:`F_m` is first re-sampled exactly from the
``grid.lmax + 1`` MW rings to as many Gauss–Legendre rings through its extension to the torus
(:math:`F_m(2\pi-\theta) = (-1)^{m+s}F_m(\theta)`, a trigonometric polynomial of degree
:math:`\le L_{max}` fixed by the :math:`2L-1` samples: McEwen & Wiaux 2011, §III);
on HEALPix the ring quadrature :math:`4\pi/N_{pix}` is refined by ``n_iter`` Jacobi steps
:math:`c \leftarrow c + A(f - Sc)` (as ``healpy.map2alm(iter=3)``).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .._validation import as_degree
from . import _rings
from .backend import resolve
from .grids import S2Grid, _gl_nodes

__all__ = ["s2_analysis", "s2_synthesis", "n_coefficients", "real_to_complex_coefficients", "complex_to_real_coefficients"]


def n_coefficients(lmax: int) -> int:
    """(lmax + 1)²: length of a packed coefficient vector."""
    return (as_degree(lmax, "lmax") + 1) ** 2


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


def _as_input(be, a, name, real):
    """``a`` as a validated numeric array of the pipeline namespace ``be.xp``."""
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{name} must be an array, got {type(a).__name__}")
    a = be.asarray(a)
    if a.dtype.kind not in "biufc":
        raise TypeError(f"{name} must be a numeric array, got dtype {a.dtype}")
    if real and a.dtype.kind == "c":
        raise TypeError(f"{name} must be real when real=True (got complex dtype {a.dtype})")
    if not bool(be.xp.all(be.xp.isfinite(a))):
        raise ValueError(f"{name} contains NaN or infinite values")
    return a


# ----------------------------------------------------------------------------- real basis
def real_to_complex_coefficients(r, lmax):
    """Complex coefficients (m >= 0 filled, m < 0 zero) of a real-basis vector: for m > 0
    :math:`c_{\\ell m} = (-1)^m (r_{\\ell m} - i r_{\\ell,-m})/\\sqrt2`, :math:`c_{\\ell0} = r_{\\ell0}`
    (from :math:`S_{\\ell m} = ((-1)^m Y_{\\ell m} + Y_{\\ell,-m})/\\sqrt2`, docs/conventions.md §3);
    the full complex vector has :math:`c_{\\ell,-m} = (-1)^m\\overline{c_{\\ell m}}`."""
    be = resolve(r)
    lmax = as_degree(lmax, "lmax")
    r = _as_input(be, r, "r", True)
    if r.ndim < 1 or r.shape[-1] != (lmax + 1) ** 2:
        raise ValueError(f"r must have shape (..., (lmax+1)^2 = {(lmax + 1) ** 2}), got {tuple(r.shape)}")
    return be.output(_rings.real_to_complex(be.xp, r.astype(float), lmax))


def complex_to_real_coefficients(c, lmax):
    """Inverse of :func:`real_to_complex_coefficients` (reads the m >= 0 entries of ``c``)."""
    be = resolve(c)
    lmax = as_degree(lmax, "lmax")
    c = _as_input(be, c, "c", False)
    if c.ndim < 1 or c.shape[-1] != (lmax + 1) ** 2:
        raise ValueError(f"c must have shape (..., (lmax+1)^2 = {(lmax + 1) ** 2}), got {tuple(c.shape)}")
    return be.output(_rings.complex_to_real(be.xp, c.astype(complex), lmax))


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
    backend : ``None`` (from the input's namespace), ``"numba"``, ``"xp"`` (the array-namespace
        Legendre step, also on NumPy input), ``"numpy"`` or ``"cupy"``: the table in
        :mod:`gaugemath.transforms.backend`.

    Returns
    -------
    ``(..., *grid.shape)`` complex map (float if ``real``), an array of the input's namespace.
    Exact evaluation of the sum on every grid (HEALPix included), to rounding.
    """
    be = resolve(coeffs, backend=backend)
    lmax, spin, real = _check_common(lmax, grid, spin, real)
    c = _as_input(be, coeffs, "coeffs", real)
    n = (lmax + 1) ** 2
    if c.ndim < 1 or c.shape[-1] != n:
        raise ValueError(f"coeffs must have shape (..., (lmax+1)^2 = {n}) for lmax={lmax}, got {tuple(c.shape)}")
    xp = be.xp
    lead = tuple(c.shape[:-1])
    c = c.reshape(-1, n)
    c = _rings.real_to_complex(xp, c.astype(float), lmax) if real else c.astype(complex)
    F = be.impl.s2_synthesis(xp, c, lmax, spin, real, grid.theta)
    f = _rings.rings_inverse(xp, F, grid, lmax, real)
    if grid.kind == "healpix" and grid.order == "nested":
        f = f[:, xp.asarray(_rings.nest_perm(grid.nside)[1])]
    return be.output(f.reshape(lead + tuple(grid.shape)))


def _analysis_once(be, f, lmax, grid, spin, real):
    """Quadrature analysis of (nb, *shape) ring-ordered maps -> (nb, nlm) complex."""
    xp = be.xp
    nb = f.shape[0]
    F = _rings.rings_forward(xp, f if grid.uniform else f.reshape(nb, -1), grid, lmax, real)
    if grid.kind == "mw":  # exact re-sampling to grid.lmax + 1 Gauss–Legendre rings
        F = _rings.mw_resample(xp, F, grid.lmax, lmax, spin, real)
        theta, w = _gl_nodes(grid.lmax + 1)
    else:
        theta, w = grid.theta, grid.theta_weights
    G = F * xp.asarray(2 * np.pi * w)[None, :, None]
    return be.impl.s2_analysis(xp, G, lmax, spin, real, theta)


def s2_analysis(f, lmax, grid, spin=0, real=False, *, n_iter=3, backend=None):
    r"""Coefficients :math:`c_{\ell m} = \int f\,\overline{{}_sY_{\ell m}}\,d\Omega` of maps on ``grid``.

    Parameters
    ----------
    f : ``(..., *grid.shape)`` maps (complex, or real; ``real=True`` needs a real map).
    lmax : maximal degree (inclusive), ``<= grid.lmax``.
    grid, spin, real, backend : as in :func:`s2_synthesis`.
    n_iter : Jacobi refinement steps on HEALPix (ignored on the exact grids).

    Returns
    -------
    (..., (lmax+1)²) complex coefficients (real-basis floats if ``real``), an array of the
    input's namespace.  Exact to rounding for maps band-limited to ``lmax`` on ``gl``, ``dh``
    and ``mw`` (any ``lmax <= grid.lmax``); on HEALPix approximate (the residual falls with
    ``n_iter``; see docs/transforms.md).
    """
    be = resolve(f, backend=backend)
    lmax, spin, real = _check_common(lmax, grid, spin, real)
    f = _as_input(be, f, "f", real)
    shp = tuple(grid.shape)
    if f.ndim < len(shp) or tuple(f.shape[f.ndim - len(shp):]) != shp:
        raise ValueError(
            f"f must have shape (..., {', '.join(map(str, shp))}) for this {grid.kind!r} grid, got {tuple(f.shape)}"
        )
    if isinstance(n_iter, (bool, np.bool_)) or not isinstance(n_iter, (int, np.integer)) or n_iter < 0:
        raise ValueError(f"n_iter must be an integer >= 0, got {n_iter!r}")
    xp = be.xp
    lead = tuple(f.shape[: f.ndim - len(shp)])
    f = f.reshape((-1,) + shp)
    f = f.astype(float) if real else f.astype(complex)
    if grid.kind == "healpix" and grid.order == "nested":
        f = f[:, xp.asarray(_rings.nest_perm(grid.nside)[0])]
        grid = dataclasses.replace(grid, order="ring")
    c = _analysis_once(be, f, lmax, grid, spin, real)
    if grid.kind == "healpix":  # Jacobi steps c <- c + A(f - S c)
        for _ in range(int(n_iter)):
            F = be.impl.s2_synthesis(xp, c, lmax, spin, real, grid.theta)
            resid = f - _rings.rings_inverse(xp, F, grid, lmax, real)
            c = c + _analysis_once(be, resid, lmax, grid, spin, real)
    out = _rings.complex_to_real(xp, c, lmax) if real else c
    return be.output(out.reshape(lead + ((lmax + 1) ** 2,)))

r"""The SO(3) (Wigner) transform and the rotation of harmonic coefficients.

Convention: a band-limited function on SO(3) is

.. math::  F(R) = \sum_{\ell=0}^{L_{max}}\sum_{m',m=-\ell}^{\ell} \hat F^\ell_{m'm}\, D^\ell_{m'm}(R),
           \qquad \hat F^\ell_{m'm} = \frac{2\ell+1}{8\pi^2}\int_{SO(3)} F(R)\,\overline{D^\ell_{m'm}(R)}\,dR,

with the core's :math:`D^\ell_{m'm}(\alpha,\beta,\gamma) = e^{-im'\alpha}d^\ell_{m'm}(\beta)e^{-im\gamma}`
(docs/conventions.md §2), :math:`dR = d\alpha\,\sin\beta\,d\beta\,d\gamma` (volume :math:`8\pi^2`,
so :math:`\int D^\ell_{m'm}\overline{D^{\ell'}_{n'n}} = \frac{8\pi^2}{2\ell+1}\delta\delta\delta`).
Coefficients are packed as ``gaugemath.wigner.packed_index(ℓ, m', m)`` =
:math:`\ell(4\ell^2-1)/3 + (m'+\ell)(2\ell+1) + (m+\ell)`, length
:math:`(L+1)(2L+1)(2L+3)/3`.  Maps live on :func:`~gaugemath.transforms.grids.so3_grid`
(shape ``(n_alpha, n_beta, n_gamma)``).

Algorithm (Kostelec & Rockmore 2008, §2): a 2-D FFT over (α, γ), then for each (m', m) the
sum over ℓ at every β node with the Wigner-d recursion of the core
(:func:`gaugemath._wigner_kernels.d_column_tabled`), one column serving the four entries
related by the symmetries of d.  Exact to rounding on both grid kinds.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.fft

from .._validation import as_degree
from . import _kernels as _k
from .backend import get_namespace, to_numpy
from .grids import SO3Grid

__all__ = ["so3_analysis", "so3_synthesis", "n_so3_coefficients", "rotate_coefficients"]


def n_so3_coefficients(lmax) -> int:
    """Σ_ℓ (2ℓ+1)² = (L+1)(2L+1)(2L+3)/3."""
    L = as_degree(lmax, "lmax")
    return (L + 1) * (2 * L + 1) * (2 * L + 3) // 3


def _check(lmax, grid):
    if not isinstance(grid, SO3Grid):
        raise TypeError(f"grid must be an SO3Grid from so3_grid(...), got {type(grid).__name__}")
    lmax = as_degree(lmax, "lmax")
    if lmax > grid.lmax:
        raise ValueError(f"lmax={lmax} is too large for this SO(3) grid (built for lmax <= {grid.lmax})")
    return lmax


def _numeric(xp, a, name):
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{name} must be an array, got {type(a).__name__}")
    a = xp.asarray(a)
    if a.dtype.kind not in "biufc":
        raise TypeError(f"{name} must be a numeric array, got dtype {a.dtype}")
    if not bool(xp.all(xp.isfinite(a))):
        raise ValueError(f"{name} contains NaN or infinite values")
    return a


def _threads():
    import numba

    return numba.get_num_threads()


def so3_synthesis(coeffs, lmax, grid, *, backend=None):
    r"""Samples of :math:`F(R)=\sum \hat F^\ell_{m'm}D^\ell_{m'm}(R)` on ``grid``.

    coeffs : (..., n_so3_coefficients(lmax)) complex, packed as above.
    Returns (..., n_alpha, n_beta, n_gamma) complex.  ``backend="cupy"`` (or CuPy input) runs the
    array-namespace version of the same algorithm on the device (:mod:`._xp`)."""
    xp = get_namespace(coeffs, backend=backend)
    lmax = _check(lmax, grid)
    c = _numeric(xp, coeffs, "coeffs")
    n = n_so3_coefficients(lmax)
    if c.ndim < 1 or c.shape[-1] != n:
        raise ValueError(f"coeffs must have shape (..., {n}) for lmax={lmax}, got {tuple(c.shape)}")
    if xp is not np:  # device path (array-namespace code, no host round trip)
        from . import _cupy

        return _cupy.so3_synthesis(c, lmax, grid)
    lead = c.shape[:-1]
    c = np.asarray(to_numpy(c), dtype=complex).reshape(-1, n)
    nb = c.shape[0]
    na, nbeta, ng = grid.shape
    g_re = np.zeros((nb, nbeta, 2 * lmax + 1, 2 * lmax + 1))
    g_im = np.zeros_like(g_re)
    _k.so3_synthesis_kernel(lmax, np.ascontiguousarray(c.real), np.ascontiguousarray(c.imag), grid.beta, g_re, g_im)
    H = np.zeros((nb, nbeta, na, ng), complex)
    ms = np.arange(-lmax, lmax + 1)
    H[:, :, (ms % na)[:, None], (ms % ng)[None, :]] = g_re + 1j * g_im
    F = scipy.fft.fft2(H, axes=(-2, -1), workers=_threads())  # Σ e^{-i(m'α + mγ)}
    out = np.transpose(F, (0, 2, 1, 3)).reshape(lead + tuple(grid.shape))
    return xp.asarray(out) if xp is not np else out


def so3_analysis(F, lmax, grid, *, backend=None):
    r"""Coefficients :math:`\hat F^\ell_{m'm}` of samples ``F`` (..., n_alpha, n_beta, n_gamma).

    Exact (to rounding) for band-limit ``<= grid.lmax``.  Returns (..., n_so3_coefficients)."""
    xp = get_namespace(F, backend=backend)
    lmax = _check(lmax, grid)
    f = _numeric(xp, F, "F")
    shp = tuple(grid.shape)
    if f.ndim < 3 or tuple(f.shape[-3:]) != shp:
        raise ValueError(f"F must have shape (..., {shp[0]}, {shp[1]}, {shp[2]}) for this grid, got {tuple(f.shape)}")
    if xp is not np:  # device path (array-namespace code, no host round trip)
        from . import _cupy

        return _cupy.so3_analysis(f, lmax, grid)
    lead = f.shape[:-3]
    f = np.asarray(to_numpy(f), dtype=complex).reshape((-1,) + shp)
    nb = f.shape[0]
    na, nbeta, ng = shp
    G = scipy.fft.ifft2(np.transpose(f, (0, 2, 1, 3)), axes=(-2, -1), workers=_threads())  # mean of F e^{+i(...)}
    ms = np.arange(-lmax, lmax + 1)
    G = G[:, :, (ms % na)[:, None], (ms % ng)[None, :]]
    n = n_so3_coefficients(lmax)
    o_re = np.zeros((nb, n))
    o_im = np.zeros((nb, n))
    _k.so3_analysis_kernel(lmax, np.ascontiguousarray(G.real), np.ascontiguousarray(G.imag), grid.beta,
                           grid.beta_weights, o_re, o_im)
    out = (o_re + 1j * o_im).reshape(lead + (n,))
    return xp.asarray(out) if xp is not np else out


def rotate_coefficients(coeffs, R, lmax, *, real=False, backend=None):
    r"""Coefficients of :math:`f(R^{-1}x)` from those of :math:`f` (S² fields, spin 0).

    Complex basis: :math:`c'_{\ell m'} = \sum_m D^\ell_{m'm}(R)\,c_{\ell m}` (from
    :math:`Y_{\ell m}(R^{-1}x) = \sum_{m'}Y_{\ell m'}(x)D^\ell_{m'm}(R)`, docs/conventions.md §2);
    real basis (``real=True``): :math:`r' = D^{real}(R)\,r` (from :math:`S_\ell(Rx) = D^{real}(R)S_\ell(x)`).
    ``R``: a rotation (quaternionic array or (3, 3) matrix) or a batch broadcasting against
    the leading axes of ``coeffs`` (..., (lmax+1)²)."""
    from ..wigner import wigner_D_all

    xp = get_namespace(coeffs, backend=backend)
    lmax = as_degree(lmax, "lmax")
    c = _numeric(xp, coeffs, "coeffs")
    n = (lmax + 1) ** 2
    if c.ndim < 1 or c.shape[-1] != n:
        raise ValueError(f"coeffs must have shape (..., {n}) for lmax={lmax}, got {tuple(c.shape)}")
    if real and c.dtype.kind == "c":
        raise TypeError("coeffs must be real when real=True")
    if xp is not np:  # Wigner matrices built on the host, applied on the device
        from . import _cupy

        return _cupy.rotate_coefficients(c, R, lmax, real)
    c = np.asarray(to_numpy(c))
    Ds = wigner_D_all(lmax, R, basis="real" if real else "complex")
    blocks = []
    for ell in range(lmax + 1):
        blk = c[..., ell * ell : (ell + 1) ** 2]
        blocks.append(np.einsum("...ij,...j->...i", Ds[ell], blk))
    out = np.concatenate(blocks, axis=-1)
    return xp.asarray(out) if xp is not np else out

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

Algorithm (Kostelec & Rockmore 2008, §2): a 2-D FFT over (α, γ) (written once against the
array namespace), then for each (m', m) the sum over ℓ at every β node (the Wigner step:
Numba kernels with the core's tabled recursion
:func:`gaugemath._wigner_kernels.d_column_tabled`, or the array-namespace recursion of
:mod:`._legendre_xp`, picked by :func:`gaugemath.transforms.backend.resolve`), one column
serving the four entries related by the symmetries of d.  Exact to rounding on both grid
kinds.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_degree
from ._rings import fft_lib
from .backend import resolve
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


def _numeric(be, a, name):
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{name} must be an array, got {type(a).__name__}")
    a = be.asarray(a)
    if a.dtype.kind not in "biufc":
        raise TypeError(f"{name} must be a numeric array, got dtype {a.dtype}")
    if not bool(be.xp.all(be.xp.isfinite(a))):
        raise ValueError(f"{name} contains NaN or infinite values")
    return a


def so3_synthesis(coeffs, lmax, grid, *, backend=None):
    r"""Samples of :math:`F(R)=\sum \hat F^\ell_{m'm}D^\ell_{m'm}(R)` on ``grid``.

    coeffs : (..., n_so3_coefficients(lmax)) complex, packed as above.
    backend : as in :func:`gaugemath.transforms.s2_synthesis` (table in
    :mod:`gaugemath.transforms.backend`).
    Returns (..., n_alpha, n_beta, n_gamma) complex, an array of the input's namespace."""
    be = resolve(coeffs, backend=backend)
    lmax = _check(lmax, grid)
    c = _numeric(be, coeffs, "coeffs")
    n = n_so3_coefficients(lmax)
    if c.ndim < 1 or c.shape[-1] != n:
        raise ValueError(f"coeffs must have shape (..., {n}) for lmax={lmax}, got {tuple(c.shape)}")
    xp = be.xp
    lead = tuple(c.shape[:-1])
    c = c.reshape(-1, n).astype(complex)
    nb = c.shape[0]
    na, nbeta, ng = grid.shape
    G = be.impl.so3_synthesis(xp, c, lmax, grid.beta)  # (nb, nβ, 2L+1, 2L+1)
    ms = np.arange(-lmax, lmax + 1)
    H = xp.zeros((nb, nbeta, na, ng), dtype=complex)
    H[:, :, xp.asarray(ms % na)[:, None], xp.asarray(ms % ng)[None, :]] = G
    F = fft_lib(xp).fft2(H, axes=(-2, -1))  # Σ e^{-i(m'α + mγ)}
    return be.output(xp.transpose(F, (0, 2, 1, 3)).reshape(lead + tuple(grid.shape)))


def so3_analysis(F, lmax, grid, *, backend=None):
    r"""Coefficients :math:`\hat F^\ell_{m'm}` of samples ``F`` (..., n_alpha, n_beta, n_gamma).

    Exact (to rounding) for band-limit ``<= grid.lmax``.  Returns (..., n_so3_coefficients),
    an array of the input's namespace; ``backend`` as in :func:`so3_synthesis`."""
    be = resolve(F, backend=backend)
    lmax = _check(lmax, grid)
    f = _numeric(be, F, "F")
    shp = tuple(grid.shape)
    if f.ndim < 3 or tuple(f.shape[-3:]) != shp:
        raise ValueError(f"F must have shape (..., {shp[0]}, {shp[1]}, {shp[2]}) for this grid, got {tuple(f.shape)}")
    xp = be.xp
    lead = tuple(f.shape[:-3])
    f = f.reshape((-1,) + shp).astype(complex)
    G = fft_lib(xp).ifft2(xp.transpose(f, (0, 2, 1, 3)), axes=(-2, -1))  # mean of F e^{+i(m'α + mγ)}
    ms = np.arange(-lmax, lmax + 1)
    na, _, ng = shp
    G = G[:, :, xp.asarray(ms % na)[:, None], xp.asarray(ms % ng)[None, :]]
    out = be.impl.so3_analysis(xp, G, lmax, grid.beta, grid.beta_weights)
    return be.output(out.reshape(lead + (n_so3_coefficients(lmax),)))


def rotate_coefficients(coeffs, R, lmax, *, real=False, backend=None):
    r"""Coefficients of :math:`f(R^{-1}x)` from those of :math:`f` (S² fields, spin 0).

    Complex basis: :math:`c'_{\ell m'} = \sum_m D^\ell_{m'm}(R)\,c_{\ell m}` (from
    :math:`Y_{\ell m}(R^{-1}x) = \sum_{m'}Y_{\ell m'}(x)D^\ell_{m'm}(R)`, docs/conventions.md §2);
    real basis (``real=True``): :math:`r' = D^{real}(R)\,r` (from :math:`S_\ell(Rx) = D^{real}(R)S_\ell(x)`).
    ``R``: a rotation (quaternionic array or (3, 3) matrix) or a batch broadcasting against
    the leading axes of ``coeffs`` (..., (lmax+1)²).  The Wigner matrices are built on the
    host (:func:`gaugemath.wigner.wigner_D_all`) and applied in the input's own namespace
    (NumPy, CuPy or any Array-API library: only ``asarray``, ``matmul`` and ``concat`` are
    used); the one implementation of coefficient rotation (the layers' action
    ``act_on_s2_coefficients`` calls it)."""
    from ..wigner import wigner_D_all

    if backend is not None:
        resolve(coeffs, backend=backend)  # validates the name (and CuPy availability)
    if isinstance(coeffs, (str, bytes)) or coeffs is None:
        raise TypeError(f"coeffs must be an array, got {type(coeffs).__name__}")
    from .backend import get_namespace

    xp = get_namespace(coeffs)
    if backend == "cupy" and getattr(xp, "__name__", "") != "cupy":
        import cupy

        xp = cupy
    c = xp.asarray(coeffs)
    lmax = as_degree(lmax, "lmax")
    if not _is_numeric(xp, c):
        raise TypeError(f"coeffs must be a numeric array, got dtype {c.dtype}")
    n = (lmax + 1) ** 2
    if c.ndim < 1 or c.shape[-1] != n:
        raise ValueError(f"coeffs must have shape (..., {n}) for lmax={lmax}, got {tuple(c.shape)}")
    if real and _is_complex(xp, c):
        raise TypeError("coeffs must be real when real=True")
    if not bool(xp.all(xp.isfinite(c))):
        raise ValueError("coeffs contains NaN or infinite values")
    Ds = wigner_D_all(lmax, R, basis="real" if real else "complex")
    blocks = []
    for ell in range(lmax + 1):
        blk = c[..., ell * ell : (ell + 1) ** 2]
        blocks.append(xp.matmul(xp.asarray(Ds[ell]), blk[..., None])[..., 0])
    concat = getattr(xp, "concat", None) or xp.concatenate
    return concat(blocks, axis=-1)


def _is_numeric(xp, a) -> bool:
    if hasattr(xp, "isdtype"):
        return bool(xp.isdtype(a.dtype, ("integral", "real floating", "complex floating")))
    return a.dtype.kind in "iufc"


def _is_complex(xp, a) -> bool:
    if hasattr(xp, "isdtype"):
        return bool(xp.isdtype(a.dtype, "complex floating"))
    return a.dtype.kind == "c"

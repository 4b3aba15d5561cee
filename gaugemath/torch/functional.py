r"""Differentiable transforms on torch tensors (CPU and CUDA), with gaugemath's conventions.

Same conventions and layouts as :mod:`gaugemath.transforms` (docs/transforms.md): S²
coefficients ``(..., (lmax+1)²)`` at :math:`\ell^2+\ell+m`, orthonormal Condon--Shortley
:math:`{}_sY_{\ell m}`, real basis :math:`S_{\ell m}` for ``real=True``; SO(3) coefficients
packed at ``gaugemath.wigner.packed_index`` with
:math:`F(R)=\sum\hat F^\ell_{m'm}D^\ell_{m'm}(R)`.  Leading axes are batch/channel axes.

Gradients are exact adjoints (module :mod:`gaugemath.torch._autograd`); ``mw`` analysis and
HEALPix analysis with ``n_iter`` Jacobi steps are compositions of differentiable pieces:

* MW: :math:`c = A_{GL}\,(M_e P_e + M_o P_o)\,f`, where :math:`P_{e/o}` keep the azimuthal
  orders with :math:`m+s` even/odd (``torch.fft``), :math:`M_{e/o}` are the exact
  Dirichlet-kernel re-samplings from the MW rings to Gauss--Legendre rings of
  :mod:`gaugemath.transforms` (McEwen & Wiaux 2011, §III) and :math:`A_{GL}` the GL quadrature
  on the MW azimuths; equal to :func:`gaugemath.transforms.s2_analysis` on ``mw``.
* HEALPix: :math:`c_0 = A f`, :math:`c_{k+1} = c_k + A(f - S c_k)` in torch (autograd
  differentiates the loop; each :math:`A`, :math:`S` has its adjoint).

Precision: float32/complex64 inputs are transformed in float64 and the results rounded to
the input precision (gradients likewise); measured budget in docs/torch.md.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import torch

from gaugemath import transforms as _tr
from gaugemath._validation import as_degree
from gaugemath.transforms.grids import S2Grid, SO3Grid

from ._autograd import RotateS2Fn, S2QuadratureFn, S2SynthesisFn, SO3AnalysisFn, SO3SynthesisFn
from ._checks import check_tensor, check_trailing_shape, complex_dtype_for

__all__ = [
    "s2_synthesis",
    "s2_analysis",
    "so3_synthesis",
    "so3_analysis",
    "rotate_coefficients",
    "real_to_complex",
    "complex_to_real",
]


def _check_grid_lmax(lmax, grid, cls, name="grid"):
    if not isinstance(grid, cls):
        maker = "s2_grid" if cls is S2Grid else "so3_grid"
        raise TypeError(f"{name} must be a {cls.__name__} from gaugemath.transforms.{maker}(...), got {type(grid).__name__}")
    lmax = as_degree(lmax, "lmax")
    if lmax > grid.lmax:
        raise ValueError(f"lmax={lmax} is larger than the band-limit the {grid.kind!r} grid carries (lmax <= {grid.lmax})")
    return lmax


def _check_spin_real(lmax, spin, real):
    if isinstance(spin, bool) or not isinstance(spin, (int, np.integer)):
        raise TypeError(f"spin must be an integer, got {type(spin).__name__}")
    if abs(int(spin)) > lmax:
        raise ValueError(f"spin must satisfy |spin| <= lmax={lmax}, got {spin}")
    if not isinstance(real, bool):
        raise TypeError(f"real must be True or False, got {real!r}")
    if real and spin != 0:
        raise ValueError("real=True is for real spin-0 fields; use real=False for spin-weighted fields")
    return int(spin)


def _as_input(x, name, real):
    check_tensor(x, name, complex_ok=not real)
    return x if real or x.is_complex() else x.to(complex_dtype_for(x.dtype))


# ----------------------------------------------------------------------------- S²
def s2_synthesis(c, lmax, grid, spin=0, real=False):
    r"""Differentiable :func:`gaugemath.transforms.s2_synthesis`: maps
    :math:`f = \sum c_{\ell m}\,{}_sY_{\ell m}` ``(..., *grid.shape)`` from coefficients
    ``(..., (lmax+1)²)`` (complex; real-basis reals if ``real``).  Backward: :math:`S^\dagger`."""
    lmax = _check_grid_lmax(lmax, grid, S2Grid)
    spin = _check_spin_real(lmax, spin, real)
    c = _as_input(c, "c", real)
    check_trailing_shape(c, ((lmax + 1) ** 2,), "c", f" for lmax={lmax}")
    return S2SynthesisFn.apply(c, lmax, grid, spin, real)


def s2_analysis(f, lmax, grid, spin=0, real=False, n_iter=3):
    r"""Differentiable :func:`gaugemath.transforms.s2_analysis` of maps ``(..., *grid.shape)`` ->
    coefficients ``(..., (lmax+1)²)``; exact for band-limited maps on ``gl``/``dh``/``mw``,
    ``n_iter`` Jacobi steps on HEALPix.  Backward: the exact adjoint (module docstring)."""
    lmax = _check_grid_lmax(lmax, grid, S2Grid)
    spin = _check_spin_real(lmax, spin, real)
    f = _as_input(f, "f", real)
    check_trailing_shape(f, grid.shape, "f", f" for this {grid.kind!r} grid")
    if isinstance(n_iter, bool) or not isinstance(n_iter, (int, np.integer)) or n_iter < 0:
        raise ValueError(f"n_iter must be an integer >= 0, got {n_iter!r}")
    if grid.kind == "mw":
        return _mw_analysis(f, lmax, grid, spin, real)
    c = S2QuadratureFn.apply(f, lmax, grid, spin, real)
    if grid.kind == "healpix":
        for _ in range(int(n_iter)):
            c = c + S2QuadratureFn.apply(f - S2SynthesisFn.apply(c, lmax, grid, spin, real), lmax, grid, spin, real)
    return c


def _mw_gl_grid(grid):
    """The Gauss–Legendre rings of the MW re-sampling, with the MW azimuths."""
    from gaugemath.transforms.grids import _gl_nodes  # the nodes mw_resample maps to

    theta, w = _gl_nodes(grid.lmax + 1)
    n_phi = grid.shape[1]
    return dataclasses.replace(
        grid,
        kind="gl",
        theta=theta.copy(),
        theta_weights=w.copy(),
        weights=np.repeat((w * (2 * np.pi / n_phi))[:, None], n_phi, axis=1),
        shape=(theta.shape[0], n_phi),
    )


def _mw_analysis(f, lmax, grid, spin, real):
    from gaugemath.transforms._rings import _mw_to_gl  # exact MW -> GL ring re-sampling matrices

    Me, Mo = _mw_to_gl(grid.lmax)
    n = grid.shape[1]
    m = np.fft.fftfreq(n, 1.0 / n).round().astype(int)  # order of every FFT bin
    odd = torch.as_tensor((m + spin) % 2 == 1, device=f.device)
    F = torch.fft.fft(f, dim=-1)
    zero = torch.zeros((), dtype=F.dtype, device=f.device)
    fe = torch.fft.ifft(torch.where(odd, zero, F), dim=-1)
    fo = torch.fft.ifft(torch.where(odd, F, zero), dim=-1)
    if real:
        fe, fo = fe.real, fo.real
    rdt = torch.float32 if f.dtype in (torch.float32, torch.complex64) else torch.float64
    Me_t = torch.tensor(np.array(Me), device=f.device, dtype=rdt)
    Mo_t = torch.tensor(np.array(Mo), device=f.device, dtype=rdt)
    g = torch.matmul(Me_t.to(fe.dtype), fe) + torch.matmul(Mo_t.to(fo.dtype), fo)
    return S2QuadratureFn.apply(g.contiguous(), lmax, _mw_gl_grid(grid), spin, real)


# ----------------------------------------------------------------------------- SO(3)
#: ``method="auto"`` takes the dense torch tables while their float64 Wigner-d table needs at
#: most this many bytes (L = 64 on the GL grid: 1.1 GB), else gaugemath's transform.  Measured
#: (docs/torch.md, S² → SO(3) layer forward + backward, batch 8, 8 → 16 channels): on an H200 the
#: tables took 52 ms at L = 32 and 261 ms at L = 64 against 3958 ms and 14713 ms through the CuPy
#: transform (launch-bound); on one CPU thread at L = 32 the tables were 2x faster than Numba.
AUTO_TABLE_BYTES = 2**31


def _check_method(method):
    if method not in ("auto", "kernels", "tables"):
        raise ValueError("method must be 'auto', 'kernels' (gaugemath's Numba/CuPy transform) or 'tables' "
                         f"(dense torch), got {method!r}")
    return method


def _resolve_method(method, lmax, grid):
    """``"auto"`` → ``"tables"`` when the table fits :data:`AUTO_TABLE_BYTES`, else ``"kernels"``."""
    method = _check_method(method)
    if method == "auto":
        from ._so3_tables import table_bytes

        method = "tables" if table_bytes(lmax, int(len(grid.beta))) <= AUTO_TABLE_BYTES else "kernels"
    return method


def so3_synthesis(c, lmax, grid, method="auto"):
    r"""Differentiable :func:`gaugemath.transforms.so3_synthesis`: samples
    ``(..., n_alpha, n_beta, n_gamma)`` of :math:`F=\sum\hat F^\ell_{m'm}D^\ell_{m'm}` (complex).

    ``method="kernels"``: gaugemath's transform (Numba on CPU, CuPy on CUDA), adjoint backward;
    ``"tables"``: the same transform as dense torch operations on tabled Wigner-d values
    (:mod:`gaugemath.torch._so3_tables`; memory :math:`(2L+1)^2(L+1)n_\beta` numbers);
    ``"auto"`` (default): ``"tables"`` while that table fits ``AUTO_TABLE_BYTES`` (2 GiB), else
    ``"kernels"``."""
    lmax = _check_grid_lmax(lmax, grid, SO3Grid)
    method = _resolve_method(method, lmax, grid)
    c = _as_input(c, "c", False)
    check_trailing_shape(c, (_tr.n_so3_coefficients(lmax),), "c", f" for lmax={lmax}")
    if method == "tables":
        from ._so3_tables import so3_synthesis_tables

        return so3_synthesis_tables(c, lmax, grid)
    return SO3SynthesisFn.apply(c, lmax, grid)


def so3_analysis(F, lmax, grid, method="auto"):
    r"""Differentiable :func:`gaugemath.transforms.so3_analysis`:
    :math:`\hat F^\ell_{m'm} = \frac{2\ell+1}{8\pi^2}\int F\,\overline{D^\ell_{m'm}}\,dR` (complex);
    ``method`` as in :func:`so3_synthesis`."""
    lmax = _check_grid_lmax(lmax, grid, SO3Grid)
    method = _resolve_method(method, lmax, grid)
    F = _as_input(F, "F", False)
    check_trailing_shape(F, grid.shape, "F", " for this SO(3) grid")
    if method == "tables":
        from ._so3_tables import so3_analysis_tables

        return so3_analysis_tables(F, lmax, grid)
    return SO3AnalysisFn.apply(F, lmax, grid)


def rotate_coefficients(c, R, lmax, real=False):
    r"""Differentiable :func:`gaugemath.transforms.rotate_coefficients`: coefficients of
    :math:`f(R^{-1}x)`, :math:`c'_\ell = D^\ell(R)c_\ell` (real basis: :math:`D^{real}`).
    ``R``: a (3, 3) rotation matrix or a batch (…, 3, 3) broadcasting against the leading axes
    of ``c`` (NumPy or tensor; no gradient with respect to ``R``)."""
    lmax = as_degree(lmax, "lmax")
    if not isinstance(real, bool):
        raise TypeError(f"real must be True or False, got {real!r}")
    c = _as_input(c, "c", real)
    check_trailing_shape(c, ((lmax + 1) ** 2,), "c", f" for lmax={lmax}")
    R = R.detach().cpu().numpy() if isinstance(R, torch.Tensor) else np.asarray(R, dtype=float)
    if R.ndim < 2 or R.shape[-2:] != (3, 3):
        raise ValueError(f"R must be a (3, 3) rotation matrix or a batch (..., 3, 3), got shape {R.shape}")
    return RotateS2Fn.apply(c, np.ascontiguousarray(R, dtype=float), lmax, real)


# ----------------------------------------------------------------------------- real <-> complex
def _real_index(lmax):
    l = np.concatenate([np.full(2 * k + 1, k) for k in range(lmax + 1)])
    m = np.concatenate([np.arange(-k, k + 1) for k in range(lmax + 1)])
    return l, m


def real_to_complex(r, lmax):
    r"""Complex coefficients (all m) of real-basis coefficients ``r`` ``(..., (lmax+1)²)``:
    :math:`c_{\ell m} = (-1)^m (r_{\ell m} - i r_{\ell,-m})/\sqrt2`,
    :math:`c_{\ell,-m} = (r_{\ell m} + i r_{\ell,-m})/\sqrt2` (m > 0), :math:`c_{\ell 0} = r_{\ell 0}`
    (docs/transforms.md); linear, differentiable."""
    l, m = _real_index(lmax)
    idx = l * l + l
    pos = torch.as_tensor(idx + np.abs(m), device=r.device)
    neg = torch.as_tensor(idx - np.abs(m), device=r.device)
    rdt = r.dtype
    a = torch.as_tensor(np.where(m > 0, (-1.0) ** np.abs(m) / np.sqrt(2), np.where(m < 0, 1 / np.sqrt(2), 1.0)), device=r.device, dtype=rdt)
    b = torch.as_tensor(np.where(m > 0, -(-1.0) ** np.abs(m) / np.sqrt(2), np.where(m < 0, 1 / np.sqrt(2), 0.0)), device=r.device, dtype=rdt)
    return torch.complex(a * r[..., pos], b * r[..., neg])


def complex_to_real(c, lmax):
    r"""Real-basis coefficients of a real field from its complex coefficients (inverse of
    :func:`real_to_complex`): :math:`r_{\ell m} = \sqrt2 (-1)^m \mathrm{Re}\,c_{\ell m}`,
    :math:`r_{\ell,-m} = -\sqrt2 (-1)^m \mathrm{Im}\,c_{\ell m}` (m > 0), :math:`r_{\ell0} = \mathrm{Re}\,c_{\ell0}`."""
    l, m = _real_index(lmax)
    idx = l * l + l
    src = torch.as_tensor(idx + np.abs(m), device=c.device)
    sg = (-1.0) ** np.abs(m)
    fr = torch.as_tensor(np.where(m > 0, np.sqrt(2) * sg, np.where(m == 0, 1.0, 0.0)), device=c.device, dtype=c.real.dtype)
    fi = torch.as_tensor(np.where(m < 0, -np.sqrt(2) * sg, 0.0), device=c.device, dtype=c.real.dtype)
    x = c[..., src]
    return fr * x.real + fi * x.imag

r"""``torch.autograd.Function`` s wrapping gaugemath's transforms, with adjoint backward passes.

Each forward hands the tensor's memory to the transform without a host round trip
(CPU: ``tensor.numpy()``, zero-copy, then the Numba kernels; CUDA: ``cupy.from_dlpack``, then
the array-namespace path of :mod:`gaugemath.transforms` on the device) and wraps the result
with ``torch.from_numpy`` / ``torch.from_dlpack``.  Each backward is the exact ADJOINT of the
(linear) forward map -- never a numerical derivative.  For a C-linear map :math:`y = Mx`
PyTorch's vector-Jacobian product is :math:`M^\dagger \bar y` (conjugate-Wirtinger
convention), for a real map :math:`M^T \bar y`.

Adjoints (derivations in docs/torch.md, "Adjoints"):

* S² synthesis :math:`S: c \mapsto f_p = \sum c_{\ell m}\,{}_sY_{\ell m}(x_p)`;
  :math:`S^\dagger g = \sum_p \overline{{}_sY_{\ell m}(x_p)}\, g_p`, the "unweighted analysis":
  the quadrature analysis run on a copy of the grid whose ring weights are
  :math:`w_r = n_r/(2\pi)` (every pixel weight 1).
* Quadrature analysis (``gl``, ``dh``, one HEALPix pass) :math:`A = S^\dagger W` with the pixel
  weights :math:`W = \mathrm{diag}(2\pi w_r/n_r)`, so :math:`A^\dagger = W S`: synthesis, then
  multiply by the weights.  ``mw`` and HEALPix with Jacobi steps are differentiable
  compositions (:mod:`gaugemath.torch.functional`).
* SO(3) synthesis :math:`S: \hat F \mapsto F_p = \sum \hat F^\ell_{m'm} D^\ell_{m'm}(R_p)`;
  analysis :math:`A = K S^\dagger W` with :math:`K = \mathrm{diag}((2\ell+1)/8\pi^2)`;
  :math:`A^\dagger = W S K`, :math:`S^\dagger = K^{-1} A_1` (:math:`A_1`: analysis with unit
  pixel weights).
* Coefficient rotation :math:`c \mapsto D(R)c`: :math:`D(R)^\dagger = D(R^{-1})` (unitary;
  orthogonal in the real basis).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import torch

from gaugemath import transforms as _tr

__all__ = ["S2SynthesisFn", "S2QuadratureFn", "SO3SynthesisFn", "SO3AnalysisFn", "RotateS2Fn", "to_array", "from_array"]


# ----------------------------------------------------------------------------- memory hand-off
def to_array(t: torch.Tensor):
    """The tensor's data as a NumPy array (CPU, zero-copy when contiguous) or a CuPy array
    (CUDA, through DLPack); never a host round trip for CUDA tensors."""
    t = t.detach()
    if t.is_conj():
        t = t.resolve_conj()
    t = t.contiguous()
    if t.device.type == "cuda":
        try:
            import cupy
        except ImportError as exc:  # pragma: no cover - GPU machines only
            raise ImportError('CUDA tensors need CuPy: pip install "gaugemath[gpu]"') from exc
        return cupy.from_dlpack(t)
    if t.device.type != "cpu":
        raise ValueError(f"tensors must be on a CPU or CUDA device, got {t.device}")
    return t.numpy()


def from_array(a, device, dtype) -> torch.Tensor:
    """A tensor from a NumPy (``torch.from_numpy``) or CuPy (``torch.from_dlpack``) array, cast to
    ``dtype`` (the real or complex type of the input's precision) on ``device``."""
    out = torch.from_numpy(np.ascontiguousarray(a)) if isinstance(a, np.ndarray) else torch.from_dlpack(a)
    if dtype.is_complex != out.dtype.is_complex:
        out = out.real if not dtype.is_complex else out
    return out.to(device=device, dtype=dtype)


# ----------------------------------------------------------------------------- grid helpers
def unit_weight_s2_grid(grid):
    """A copy of ``grid`` whose quadrature has pixel weight 1 (ring weights n_r/2π); its one-pass
    analysis is :math:`S^\\dagger`.  MW becomes a plain ring quadrature (kind ``"gl"``: no
    re-sampling).  Cheap (ring-sized arrays); built per call, no cache."""
    tw = np.asarray(grid.ring_nphi, dtype=float) / (2 * np.pi)
    return dataclasses.replace(grid, kind="gl" if grid.kind == "mw" else grid.kind, theta_weights=tw)


def unit_weight_so3_grid(grid):
    """A copy of the SO(3) ``grid`` with unit pixel weights (β weights n_α n_γ / 4π²)."""
    na, nb, ng = grid.shape
    return dataclasses.replace(grid, beta_weights=np.full(nb, na * ng / (4 * np.pi**2)))


@lru_cache(maxsize=32)
def so3_degree_factors(lmax: int) -> np.ndarray:
    """K = (2ℓ+1)/(8π²) at every packed SO(3) slot (length n_so3_coefficients(lmax))."""
    return np.concatenate([np.full((2 * l + 1) ** 2, (2 * l + 1) / (8 * np.pi**2)) for l in range(lmax + 1)])


def _chunked(fn, a, n_coeff):
    """``fn`` applied to row blocks of ``a`` (leading axis) of about 1 MB of coefficients each:
    the Numba SO(3) kernels loop over the batch inside the (m', m, β) loops, so a block that
    fits in cache runs up to ~2x faster per map than one large batch (measured at L = 16, 32)."""
    rows = max(1, (1 << 20) // (16 * n_coeff))
    if a.shape[0] <= rows:
        return fn(a)
    xp = np if isinstance(a, np.ndarray) else __import__("cupy")
    return xp.concatenate([fn(a[i:i + rows]) for i in range(0, a.shape[0], rows)], axis=0)


def _flat(a, tail):
    """``a`` with its leading axes flattened to one (a view for contiguous arrays)."""
    return a.reshape((-1,) + tuple(a.shape[a.ndim - tail:]))


def _weights_tensor(w, like: torch.Tensor) -> torch.Tensor:
    return torch.as_tensor(np.asarray(w), device=like.device, dtype=torch.float64).to(
        torch.float32 if like.dtype in (torch.float32, torch.complex64) else torch.float64
    )


def _out_dtype(like: torch.Tensor, complex_out: bool) -> torch.dtype:
    single = like.dtype in (torch.float32, torch.complex64)
    if complex_out:
        return torch.complex64 if single else torch.complex128
    return torch.float32 if single else torch.float64


# ----------------------------------------------------------------------------- S²
class S2SynthesisFn(torch.autograd.Function):
    """``f = S c`` (:func:`gaugemath.transforms.s2_synthesis`); backward :math:`S^\\dagger`."""

    @staticmethod
    def forward(ctx, c, lmax, grid, spin, real):
        ctx.meta = (lmax, grid, spin, real)
        out = _tr.s2_synthesis(to_array(c), lmax, grid, spin=spin, real=real)
        return from_array(out, c.device, _out_dtype(c, not real))

    @staticmethod
    def backward(ctx, g):
        lmax, grid, spin, real = ctx.meta
        if not ctx.needs_input_grad[0]:
            return None, None, None, None, None
        gc = _tr.s2_analysis(to_array(g), lmax, unit_weight_s2_grid(grid), spin=spin, real=real, n_iter=0)
        return from_array(gc, g.device, _out_dtype(g, not real)), None, None, None, None


class S2QuadratureFn(torch.autograd.Function):
    """One quadrature pass ``c = S^† W f`` on ``gl``/``dh``/HEALPix (``n_iter=0``); backward ``W S``."""

    @staticmethod
    def forward(ctx, f, lmax, grid, spin, real):
        ctx.meta = (lmax, grid, spin, real)
        out = _tr.s2_analysis(to_array(f), lmax, grid, spin=spin, real=real, n_iter=0)
        return from_array(out, f.device, _out_dtype(f, not real))

    @staticmethod
    def backward(ctx, g):
        lmax, grid, spin, real = ctx.meta
        if not ctx.needs_input_grad[0]:
            return None, None, None, None, None
        f = from_array(_tr.s2_synthesis(to_array(g), lmax, grid, spin=spin, real=real), g.device, _out_dtype(g, not real))
        return f * _weights_tensor(grid.weights, f), None, None, None, None


# ----------------------------------------------------------------------------- SO(3)
class SO3SynthesisFn(torch.autograd.Function):
    """``F = S F̂`` (:func:`gaugemath.transforms.so3_synthesis`); backward ``K^{-1} A_1``."""

    @staticmethod
    def forward(ctx, c, lmax, grid):
        ctx.meta = (lmax, grid)
        n = c.shape[-1]
        out = _chunked(lambda a: _tr.so3_synthesis(a, lmax, grid), _flat(to_array(c), 1), n)
        return from_array(out, c.device, _out_dtype(c, True)).reshape(c.shape[:-1] + tuple(grid.shape))

    @staticmethod
    def backward(ctx, g):
        lmax, grid = ctx.meta
        if not ctx.needs_input_grad[0]:
            return None, None, None
        unit = unit_weight_so3_grid(grid)
        n = _tr.n_so3_coefficients(lmax)
        gc = _chunked(lambda a: _tr.so3_analysis(a, lmax, unit), _flat(to_array(g), 3), n)
        gc = from_array(gc, g.device, _out_dtype(g, True)).reshape(g.shape[:-3] + (n,))
        return gc / _weights_tensor(so3_degree_factors(lmax), gc), None, None


class SO3AnalysisFn(torch.autograd.Function):
    """``F̂ = K S^† W F`` (:func:`gaugemath.transforms.so3_analysis`); backward ``W S K``."""

    @staticmethod
    def forward(ctx, F, lmax, grid):
        ctx.meta = (lmax, grid)
        n = _tr.n_so3_coefficients(lmax)
        out = _chunked(lambda a: _tr.so3_analysis(a, lmax, grid), _flat(to_array(F), 3), n)
        return from_array(out, F.device, _out_dtype(F, True)).reshape(F.shape[:-3] + (n,))

    @staticmethod
    def backward(ctx, g):
        lmax, grid = ctx.meta
        if not ctx.needs_input_grad[0]:
            return None, None, None
        gk = g * _weights_tensor(so3_degree_factors(lmax), g)
        f = _chunked(lambda a: _tr.so3_synthesis(a, lmax, grid), _flat(to_array(gk), 1), g.shape[-1])
        f = from_array(f, g.device, _out_dtype(g, True)).reshape(g.shape[:-1] + tuple(grid.shape))
        return f * _weights_tensor(grid.weights, f), None, None


# ----------------------------------------------------------------------------- rotation
class RotateS2Fn(torch.autograd.Function):
    """``c' = D(R) c`` (:func:`gaugemath.transforms.rotate_coefficients`); backward ``D(R^{-1})``.
    ``R``: (…, 3, 3) rotation matrices (NumPy); no gradient with respect to ``R``."""

    @staticmethod
    def forward(ctx, c, R, lmax, real):
        ctx.meta = (R, lmax, real)
        out = _tr.rotate_coefficients(to_array(c), R, lmax, real=real)
        return from_array(out, c.device, c.dtype)

    @staticmethod
    def backward(ctx, g):
        R, lmax, real = ctx.meta
        if not ctx.needs_input_grad[0]:
            return None, None, None, None
        Rinv = np.swapaxes(R, -1, -2)
        out = _tr.rotate_coefficients(to_array(g), Rinv, lmax, real=real)
        return from_array(out, g.device, g.dtype), None, None, None

r"""Nonlinearity, invariant integration and spectral pooling for the spherical CNN modules.

* :class:`GridNonlinearity`: coefficients → synthesis → σ → analysis (equivariant up to the
  aliasing of σ(f) beyond the band-limit).
* :class:`S2Integrate`, :class:`SO3Integrate`: invariant means by the grids' quadrature
  (exact for band-limited inputs on the exact grids).
* :class:`S2Pool`, :class:`SO3Pool`: spectral pooling -- analysis to a lower band-limit on the
  input grid, synthesis on the coarser output grid: the equivariant down-sampling (a max-pool
  on the grid would not commute with rotations).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from gaugemath._validation import as_degree
from gaugemath.transforms.grids import S2Grid, SO3Grid

from . import functional as F
from ._checks import check_tensor
from .spherical import _s2_grid, _so3_grid

__all__ = ["GridNonlinearity", "S2Integrate", "SO3Integrate", "S2Pool", "SO3Pool"]

HAAR = 8 * math.pi**2


class GridNonlinearity(nn.Module):
    r"""Pointwise nonlinearity for coefficient-domain features: synthesis on ``grid``, σ, analysis.

    ``domain="s2"``: real-basis coefficients ``(..., (lmax+1)²)``; ``"so3"``: complex SO(3)
    coefficients ``(..., n_so3_coefficients(lmax))`` (σ acts on the real part of the map).
    Equivariant up to the aliasing of σ(f) beyond the band-limit: a finer ``grid``
    (``grid.lmax > lmax``) reduces it (measured in docs/torch.md).
    """

    def __init__(self, lmax, grid="gl", activation=torch.relu, domain="s2"):
        super().__init__()
        self.lmax = as_degree(lmax, "lmax")
        if domain not in ("s2", "so3"):
            raise ValueError(f"domain must be 's2' or 'so3', got {domain!r}")
        self.domain = domain
        self.grid = _s2_grid(grid, self.lmax, "grid") if domain == "s2" else _so3_grid(grid, self.lmax, "grid")
        if not callable(activation):
            raise TypeError(f"activation must be callable, got {type(activation).__name__}")
        self.activation = activation

    def forward(self, c):
        if self.domain == "s2":
            check_tensor(c, "c", complex_ok=False, min_ndim=1)
            f = F.s2_synthesis(c, self.lmax, self.grid, real=True)
            return F.s2_analysis(self.activation(f), self.lmax, self.grid, real=True)
        check_tensor(c, "c", min_ndim=1)
        f = F.so3_synthesis(c, self.lmax, self.grid).real
        return F.so3_analysis(self.activation(f), self.lmax, self.grid)


class S2Integrate(nn.Module):
    r"""Invariant mean :math:`\frac1{4\pi}\int_{S^2} f\,d\Omega` over the grid axes by the grid's quadrature
    (exact for band-limited f on ``gl``/``dh``/``mw``): ``(..., *grid.shape)`` → ``(...)``."""

    def __init__(self, grid):
        super().__init__()
        if not isinstance(grid, S2Grid):
            raise TypeError(f"grid must be an S2Grid, got {type(grid).__name__}")
        self.grid = grid
        self.register_buffer("w", torch.tensor(np.asarray(grid.weights) / (4 * np.pi)))

    def forward(self, x):
        check_tensor(x, "x", complex_ok=False, min_ndim=len(self.grid.shape))
        if tuple(x.shape[x.ndim - len(self.grid.shape):]) != tuple(self.grid.shape):
            raise ValueError(f"x must end with the grid shape {tuple(self.grid.shape)}, got {tuple(x.shape)}")
        dims = tuple(range(-len(self.grid.shape), 0))
        return (x * self.w.to(x.dtype)).sum(dim=dims)


class SO3Integrate(nn.Module):
    r"""Invariant mean :math:`\frac1{8\pi^2}\int_{SO(3)} F\,dR` by the grid's quadrature:
    ``(..., n_alpha, n_beta, n_gamma)`` → ``(...)``."""

    def __init__(self, grid):
        super().__init__()
        if not isinstance(grid, SO3Grid):
            raise TypeError(f"grid must be an SO3Grid, got {type(grid).__name__}")
        self.grid = grid
        self.register_buffer("w", torch.tensor(np.asarray(grid.weights) / HAAR))

    def forward(self, x):
        check_tensor(x, "x", complex_ok=False, min_ndim=3)
        if tuple(x.shape[-3:]) != tuple(self.grid.shape):
            raise ValueError(f"x must end with the grid shape {tuple(self.grid.shape)}, got {tuple(x.shape)}")
        return (x * self.w.to(x.dtype)).sum(dim=(-3, -2, -1))


class S2Pool(nn.Module):
    """Spectral pooling on S²: analysis to ``lmax_out`` on ``in_grid``, synthesis on ``out_grid``
    (built for ``lmax_out``): an equivariant low-pass + down-sampling ``(..., *in) → (..., *out)``."""

    def __init__(self, in_grid, lmax_out, out_grid="gl"):
        super().__init__()
        if not isinstance(in_grid, S2Grid):
            raise TypeError(f"in_grid must be an S2Grid, got {type(in_grid).__name__}")
        self.lmax = as_degree(lmax_out, "lmax_out")
        if self.lmax > in_grid.lmax:
            raise ValueError(f"lmax_out={self.lmax} exceeds the input grid's band-limit {in_grid.lmax}")
        self.in_grid, self.out_grid = in_grid, _s2_grid(out_grid, self.lmax, "out_grid")

    def forward(self, x):
        c = F.s2_analysis(x, self.lmax, self.in_grid, real=True)
        return F.s2_synthesis(c, self.lmax, self.out_grid, real=True)


class SO3Pool(nn.Module):
    """Spectral pooling on SO(3) (as :class:`S2Pool`; real part of the synthesis)."""

    def __init__(self, in_grid, lmax_out, out_grid="gl"):
        super().__init__()
        if not isinstance(in_grid, SO3Grid):
            raise TypeError(f"in_grid must be an SO3Grid, got {type(in_grid).__name__}")
        self.lmax = as_degree(lmax_out, "lmax_out")
        if self.lmax > in_grid.lmax:
            raise ValueError(f"lmax_out={self.lmax} exceeds the input grid's band-limit {in_grid.lmax}")
        self.in_grid, self.out_grid = in_grid, _so3_grid(out_grid, self.lmax, "out_grid")

    def forward(self, x):
        check_tensor(x, "x", complex_ok=False, min_ndim=3)
        return F.so3_synthesis(F.so3_analysis(x, self.lmax, self.in_grid), self.lmax, self.out_grid).real

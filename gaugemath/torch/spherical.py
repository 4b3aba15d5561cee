r"""Spherical-CNN modules (``torch.nn.Module``) on grids of :mod:`gaugemath.transforms`.

Every convolution runs in the harmonic domain with gaugemath's conventions (the formulas of
:mod:`gaugemath.layers.spherical`, Cohen et al., "Spherical CNNs", ICLR 2018, Eqs. (4), (10);
Driscoll & Healy 1994, Thm 1): analysis of the input maps (differentiable, exact adjoint
backward, :mod:`gaugemath.torch.functional`), products of coefficients per degree, synthesis
on the output grid.  Inputs and outputs are real maps with leading batch axes and one channel
axis before the grid axes: S² maps ``(..., C, *s2_grid.shape)``, SO(3) maps
``(..., C, n_alpha, n_beta, n_gamma)``.

* :class:`S2ToSO3Conv`: :math:`[f\star\psi](R)=\sum_c\int_{S^2} f_c(x)\,\psi_{oc}(R^{-1}x)\,dx`.
* :class:`SO3ToSO3Conv`: :math:`[F\star\Psi](R)=\sum_c\int_{SO(3)} F_c(Q)\,\Psi_{oc}(R^{-1}Q)\,dQ`.
* :class:`SO3ToS2Conv`: an SO(3) correlation followed by the average over the rotation about
  the pole, :math:`g(x)=\frac1{2\pi}\int_0^{2\pi}G(R_x R_z(\gamma))\,d\gamma` (well defined on
  S² = SO(3)/SO(2); in coefficients :math:`\hat g_{\ell m}=\sqrt{4\pi/(2\ell+1)}\,(-1)^m\hat G^\ell_{-m,0}`).
* :class:`S2Conv`: zonal convolution :math:`(f*h)^\wedge_{\ell m}=2\pi\sqrt{4\pi/(2\ell+1)}\,\hat f_{\ell m}\hat h_{\ell0}`.
* Nonlinearity, invariant integration and spectral pooling: :mod:`gaugemath.torch.pooling`.

Filters: ``kernel="local"`` puts real weights on Dirac points of a small cap around the north
pole η (S²: colatitudes :math:`\beta_j = j\,\beta_{max}/n_\beta`, :math:`j=1..n_\beta`, azimuths
:math:`2\pi k/n_\alpha`) or near the identity (SO(3): :math:`R_z(\alpha)R_y(\beta)R_z(\gamma-\alpha)`),
as in Cohen et al.'s code; then :math:`f\star\psi(R)=\sum_k w_k f(Rx_k)` for band-limited f, and
:math:`\hat\psi_{\ell m}=\sum_k w_k\overline{Y_{\ell m}(x_k)}`,
:math:`\hat\Psi^\ell=\frac{2\ell+1}{8\pi^2}\sum_k w_k\overline{D^\ell(R_k)}`.  ``kernel="harmonic"``
learns the coefficients directly (real basis on S², complex on SO(3), real part of the output).

Initialisation (stated variances; output variance ≈ 1 for a unit-variance isotropic
band-limited input): local kernels :math:`\mathrm{Var}\,w=1/(C_{in}K)` (K Dirac points);
harmonic S² kernel :math:`1/(4\pi C_{in})`; harmonic SO(3) kernel
:math:`n_{SO(3)}/((8\pi^2)^2 C_{in}(L+1)^2)` per real and imaginary part; zonal S² kernel
:math:`(L+1)/(16\pi^3 C_{in})`.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from gaugemath import transforms as _tr
from gaugemath._validation import as_degree
from gaugemath.transforms.grids import S2Grid, SO3Grid

from . import functional as F
from ._autograd import so3_degree_factors
from ._checks import check_channels, check_positive_int, check_same_device, check_same_dtype, check_tensor, complex_dtype_for

__all__ = [
    "S2ToSO3Conv",
    "SO3ToSO3Conv",
    "SO3ToS2Conv",
    "S2Conv",
    "s2_near_pole_points",
    "so3_near_identity_rotations",
]

HAAR = 8 * math.pi**2


# ----------------------------------------------------------------------------- grids, kernels
def _s2_grid(spec, lmax, name):
    if isinstance(spec, S2Grid):
        if spec.lmax < lmax:
            raise ValueError(f"{name} carries band-limit {spec.lmax} < lmax={lmax}; build it with s2_grid({lmax}, ...)")
        return spec
    if isinstance(spec, str):
        if spec == "healpix":
            raise ValueError(f"{name}='healpix' needs an nside: pass s2_grid(lmax, 'healpix', nside=...)")
        return _tr.s2_grid(lmax, spec)
    raise TypeError(f"{name} must be an S2Grid or a kind in {_tr.S2_KINDS}, got {type(spec).__name__}")


def _so3_grid(spec, lmax, name):
    if isinstance(spec, SO3Grid):
        if spec.lmax < lmax:
            raise ValueError(f"{name} carries band-limit {spec.lmax} < lmax={lmax}; build it with so3_grid({lmax}, ...)")
        return spec
    if isinstance(spec, str):
        return _tr.so3_grid(lmax, spec)
    raise TypeError(f"{name} must be an SO3Grid or a kind in {_tr.SO3_KINDS}, got {type(spec).__name__}")


def _rz(a):
    c, s = np.cos(a), np.sin(a)
    z, o = np.zeros_like(a), np.ones_like(a)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)


def _ry(b):
    c, s = np.cos(b), np.sin(b)
    z, o = np.zeros_like(b), np.ones_like(b)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def s2_near_pole_points(max_beta=math.pi / 8, n_beta=3, n_alpha=8):
    """(K, 3) unit vectors of the local S² kernel: colatitudes ``max_beta·j/n_beta`` (j = 1..n_beta)
    × azimuths ``2πk/n_alpha``, K = n_beta·n_alpha."""
    b = max_beta * np.arange(1, n_beta + 1) / n_beta
    a = 2 * np.pi * np.arange(n_alpha) / n_alpha
    B, A = np.meshgrid(b, a, indexing="ij")
    return np.stack([np.sin(B) * np.cos(A), np.sin(B) * np.sin(A), np.cos(B)], -1).reshape(-1, 3)


def so3_near_identity_rotations(max_beta=math.pi / 8, n_beta=3, n_alpha=8, n_gamma=8):
    """(K, 3, 3) rotations of the local SO(3) kernel: :math:`R_z(\\alpha)R_y(\\beta)R_z(\\gamma-\\alpha)`
    with β as in :func:`s2_near_pole_points`, α = 2πi/n_alpha, γ = 2πk/n_gamma."""
    b = max_beta * np.arange(1, n_beta + 1) / n_beta
    a = 2 * np.pi * np.arange(n_alpha) / n_alpha
    g = 2 * np.pi * np.arange(n_gamma) / n_gamma
    B, A, G = (x.ravel() for x in np.meshgrid(b, a, g, indexing="ij"))
    return _rz(A) @ _ry(B) @ _rz(G - A)


def _degrees_so3(lmax):
    return [(l, sum((2 * k + 1) ** 2 for k in range(l))) for l in range(lmax + 1)]


class _Base(nn.Module):
    def _check_input(self, x, grid_shape, name="x"):
        check_tensor(x, name, complex_ok=False, min_ndim=len(grid_shape) + 1)
        p = next(iter(self.parameters()), None)
        if p is not None:
            check_same_device(**{name: x, "weight": p})
            check_same_dtype(**{name: x, "weight": p})
        axis = -(len(grid_shape) + 1)
        check_channels(x, self.in_channels, name, axis)
        if tuple(x.shape[x.ndim - len(grid_shape):]) != tuple(grid_shape):
            raise ValueError(f"{name} must end with the grid shape {tuple(grid_shape)}, got {tuple(x.shape)}")
        return x


def _s2_coefficients(x, lmax, grid):
    """Real maps (..., C, *shape) -> complex coefficients (..., C, (lmax+1)²)."""
    return F.real_to_complex(F.s2_analysis(x, lmax, grid, real=True), lmax)


def _so3_correlate(Fh, Ph, lmax):
    """Ĝ^ℓ_o = 8π²/(2ℓ+1) Σ_c F̂^ℓ_c (Ψ̂^ℓ_oc)^†; Fh (..., C_in, n), Ph (C_out, C_in, n)."""
    out = []
    sizes = [(2 * l + 1) ** 2 for l in range(lmax + 1)]  # torch.split: one cat in the backward
    for l, fb, pb in zip(range(lmax + 1), torch.split(Fh, sizes, -1), torch.split(Ph, sizes, -1)):
        d = 2 * l + 1
        fb = fb.reshape(Fh.shape[:-1] + (d, d))
        pb = pb.reshape(Ph.shape[:-1] + (d, d))
        g = torch.einsum("...cik,ocjk->...oij", fb, pb.conj()) * (HAAR / d)
        out.append(g.reshape(g.shape[:-2] + (d * d,)))
    return torch.cat(out, -1)


# ----------------------------------------------------------------------------- S² -> SO(3)
class S2ToSO3Conv(_Base):
    r"""S² → SO(3) correlation (Cohen et al. 2018, Eq. 4), multi-channel, learnable filters.

    Parameters
    ----------
    in_channels, out_channels : int
    lmax : int
        Band-limit of the operation (coefficients ℓ ≤ lmax are kept).
    in_grid : S2Grid or str
        Grid of the input maps (may carry a larger band-limit: then the layer also low-passes);
        a kind (``"gl"``, ``"dh"``, ``"mw"``) builds ``s2_grid(lmax, kind)``.
    out_grid : SO3Grid or str
        Grid of the output maps (``"gl"`` or ``"soft"`` builds ``so3_grid(lmax, kind)``).
    kernel : ``"local"`` or ``"harmonic"``
        Dirac points on a cap of radius ``max_beta`` around η (``n_beta × n_alpha``) or
        real-basis harmonic coefficients.
    so3_method : ``"auto"`` (default), ``"kernels"`` or ``"tables"``
        SO(3) transform: gaugemath's (Numba / CuPy) or dense torch on Wigner-d tables
        (:func:`gaugemath.torch.functional.so3_synthesis`); same results to rounding; ``"auto"``
        takes the tables while they fit 2 GiB (L ≤ 64 on the GL grid; faster on CPU and GPU).

    Shapes: ``(..., in_channels, *in_grid.shape)`` real → ``(..., out_channels, *out_grid.shape)``.
    Equivariance: rotating the input by Q (:math:`f\mapsto f(Q^{-1}\cdot)`) rotates the output
    (:math:`F\mapsto F(Q^{-1}\cdot)`), exactly for band-limited inputs.
    """

    def __init__(self, in_channels, out_channels, lmax, in_grid="gl", out_grid="gl", *, kernel="local",
                 max_beta=math.pi / 8, n_beta=3, n_alpha=8, so3_method="auto"):
        super().__init__()
        self.so3_method = F._check_method(so3_method)
        self.in_channels = check_positive_int(in_channels, "in_channels")
        self.out_channels = check_positive_int(out_channels, "out_channels")
        self.lmax = as_degree(lmax, "lmax")
        self.in_grid = _s2_grid(in_grid, self.lmax, "in_grid")
        self.out_grid = _so3_grid(out_grid, self.lmax, "out_grid")
        n = (self.lmax + 1) ** 2
        if kernel == "local":
            pts = s2_near_pole_points(max_beta, n_beta, n_alpha)
            from gaugemath.harmonics import spherical_harmonics_xyz

            Ybar = np.conj(spherical_harmonics_xyz(self.lmax, pts, basis="complex"))  # (K, n)
            self.register_buffer("basis", torch.complex(torch.tensor(Ybar.real), torch.tensor(Ybar.imag)))
            K = pts.shape[0]
            self.weight = nn.Parameter(torch.randn(out_channels, in_channels, K, dtype=torch.float64) / math.sqrt(in_channels * K))
        elif kernel == "harmonic":
            self.basis = None
            self.weight = nn.Parameter(torch.randn(out_channels, in_channels, n, dtype=torch.float64) / math.sqrt(4 * math.pi * in_channels))
        else:
            raise ValueError(f"kernel must be 'local' or 'harmonic', got {kernel!r}")
        self.kernel = kernel

    def filter_coefficients(self):
        """ψ̂ (out, in, (lmax+1)²) complex: complex coefficients of the real filters."""
        if self.kernel == "local":
            b = self.basis.to(complex_dtype_for(self.weight.dtype))
            return torch.einsum("ock,kn->ocn", self.weight.to(b.dtype), b)
        return F.real_to_complex(self.weight, self.lmax)

    def forward(self, x):
        self._check_input(x, self.in_grid.shape)
        L = self.lmax
        f = _s2_coefficients(x, L, self.in_grid)  # (..., C_in, n)
        psi = self.filter_coefficients()
        out = []
        sizes = [2 * l + 1 for l in range(L + 1)]
        for l, fl, pl in zip(range(L + 1), torch.split(f, sizes, -1), torch.split(psi, sizes, -1)):
            d = 2 * l + 1
            # F̂^ℓ_{m'm} = Σ_c (−1)^{m'+m} f̂_{ℓ,−m'} conj(ψ̂_{ℓ,−m}) (layers.spherical, module docstring)
            sign = torch.tensor([(-1.0) ** m for m in range(-l, l + 1)], dtype=f.real.dtype, device=f.device)
            a = fl.flip(-1) * sign
            b = pl.flip(-1).conj() * sign
            g = torch.einsum("...ci,ocj->...oij", a, b)
            out.append(g.reshape(g.shape[:-2] + (d * d,)))
        Fh = torch.cat(out, -1)
        return F.so3_synthesis(Fh, L, self.out_grid, self.so3_method).real


# ----------------------------------------------------------------------------- SO(3) -> SO(3)
class _SO3Filter(_Base):
    def _init_layer(self, in_channels, out_channels, lmax, in_grid, out_grid, make_out_grid, kernel, max_beta, n_beta,
                    n_alpha, n_gamma, so3_method):
        """What the SO(3)-input layers share: SO(3) transform method, channels, band-limit, an SO(3)
        input grid, the output grid (``make_out_grid``: SO(3) or S²), and the filter."""
        self.so3_method = F._check_method(so3_method)
        self.in_channels = check_positive_int(in_channels, "in_channels")
        self.out_channels = check_positive_int(out_channels, "out_channels")
        self.lmax = as_degree(lmax, "lmax")
        self.in_grid = _so3_grid(in_grid, self.lmax, "in_grid")
        self.out_grid = make_out_grid(out_grid, self.lmax, "out_grid")
        self._init_filter(in_channels, out_channels, kernel, max_beta, n_beta, n_alpha, n_gamma)

    def _init_filter(self, in_channels, out_channels, kernel, max_beta, n_beta, n_alpha, n_gamma):
        L = self.lmax
        n = _tr.n_so3_coefficients(L)
        if kernel == "local":
            from gaugemath.wigner import wigner_D_all

            Rk = so3_near_identity_rotations(max_beta, n_beta, n_alpha, n_gamma)
            Ds = wigner_D_all(L, Rk, basis="complex")
            B = np.concatenate([D.reshape(D.shape[0], -1) for D in Ds], axis=1).conj() * so3_degree_factors(L)  # (K, n)
            self.register_buffer("basis", torch.complex(torch.tensor(B.real), torch.tensor(B.imag)))
            K = Rk.shape[0]
            self.weight = nn.Parameter(torch.randn(out_channels, in_channels, K, dtype=torch.float64) / math.sqrt(in_channels * K))
        elif kernel == "harmonic":
            self.basis = None
            std = math.sqrt(n / (HAAR**2 * in_channels * (L + 1) ** 2))
            self.weight = nn.Parameter(torch.randn(out_channels, in_channels, n, 2, dtype=torch.float64) * std)
        else:
            raise ValueError(f"kernel must be 'local' or 'harmonic', got {kernel!r}")
        self.kernel = kernel

    def filter_coefficients(self):
        """Ψ̂ (out, in, n_so3_coefficients(lmax)) complex."""
        if self.kernel == "local":
            b = self.basis.to(complex_dtype_for(self.weight.dtype))
            return torch.einsum("ock,kn->ocn", self.weight.to(b.dtype), b)
        return torch.view_as_complex(self.weight.contiguous())


class SO3ToSO3Conv(_SO3Filter):
    r"""SO(3) → SO(3) correlation (Cohen et al. 2018, Eq. 10):
    :math:`\hat G^\ell_o = \frac{8\pi^2}{2\ell+1}\sum_c \hat F^\ell_c(\hat\Psi^\ell_{oc})^\dagger`.

    Parameters as :class:`S2ToSO3Conv` with ``in_grid``/``out_grid`` SO(3) grids (or kinds);
    local kernel: Dirac points at :func:`so3_near_identity_rotations` (``n_gamma`` angles).
    Shapes ``(..., in_channels, *in_grid.shape)`` → ``(..., out_channels, *out_grid.shape)``;
    the output is the real part (the local kernel's output is real already).
    """

    def __init__(self, in_channels, out_channels, lmax, in_grid="gl", out_grid="gl", *, kernel="local",
                 max_beta=math.pi / 8, n_beta=3, n_alpha=8, n_gamma=8, so3_method="auto"):
        super().__init__()
        self._init_layer(in_channels, out_channels, lmax, in_grid, out_grid, _so3_grid, kernel,
                         max_beta, n_beta, n_alpha, n_gamma, so3_method)

    def forward(self, x):
        self._check_input(x, self.in_grid.shape)
        Fh = F.so3_analysis(x, self.lmax, self.in_grid, self.so3_method)
        G = _so3_correlate(Fh, self.filter_coefficients(), self.lmax)
        return F.so3_synthesis(G, self.lmax, self.out_grid, self.so3_method).real


def _pole_average_index(lmax):
    """For every S² slot (ℓ, m): the packed SO(3) slot of (ℓ, −m, 0) and √(4π/(2ℓ+1))(−1)^m."""
    idx, fac = [], []
    for l, off in _degrees_so3(lmax):
        d = 2 * l + 1
        for m in range(-l, l + 1):
            idx.append(off + (-m + l) * d + l)
            fac.append(math.sqrt(4 * math.pi / d) * (-1.0) ** m)
    return np.array(idx), np.array(fac)


class SO3ToS2Conv(_SO3Filter):
    r"""SO(3) → S² layer for dense (per-pixel) outputs: an SO(3) correlation
    :math:`G = F\star\Psi` followed by the average over the rotation about the pole,
    :math:`g(x) = \frac1{2\pi}\int_0^{2\pi} G(R_xR_z(\gamma))\,d\gamma`, i.e.
    :math:`\hat g_{\ell m} = \sqrt{4\pi/(2\ell+1)}\,(-1)^m\,\hat G^\ell_{-m,0}` (from
    :math:`D^\ell_{m0}(\alpha,\beta,\gamma)=\sqrt{4\pi/(2\ell+1)}\,\overline{Y_{\ell m}(\beta,\alpha)}`).
    Equivariant: :math:`G(Q^{-1}\cdot)` gives :math:`g(Q^{-1}\cdot)`.

    Shapes ``(..., in_channels, *in_grid.shape)`` (SO(3)) → ``(..., out_channels, *out_grid.shape)`` (S², real).
    """

    def __init__(self, in_channels, out_channels, lmax, in_grid="gl", out_grid="gl", *, kernel="local",
                 max_beta=math.pi / 8, n_beta=3, n_alpha=8, n_gamma=8, so3_method="auto"):
        super().__init__()
        self._init_layer(in_channels, out_channels, lmax, in_grid, out_grid, _s2_grid, kernel,
                         max_beta, n_beta, n_alpha, n_gamma, so3_method)
        idx, fac = _pole_average_index(self.lmax)
        self.register_buffer("avg_index", torch.tensor(idx))
        self.register_buffer("avg_factor", torch.tensor(fac))

    def forward(self, x):
        self._check_input(x, self.in_grid.shape)
        Fh = F.so3_analysis(x, self.lmax, self.in_grid, self.so3_method)
        G = _so3_correlate(Fh, self.filter_coefficients(), self.lmax)
        g = G[..., self.avg_index] * self.avg_factor.to(G.real.dtype)
        # the output field is real up to rounding for the local kernel; for complex harmonic filters
        # keep its real part: Re g = (g + conj g)/2 is again an equivariant linear map
        c = F.complex_to_real((g + _conj_field(g, self.lmax)) / 2, self.lmax)
        return F.s2_synthesis(c, self.lmax, self.out_grid, real=True)


def _conj_field(c, lmax):
    """Coefficients of conj(f): (−1)^m conj(c_{ℓ,−m})."""
    l = np.concatenate([np.full(2 * k + 1, k) for k in range(lmax + 1)])
    m = np.concatenate([np.arange(-k, k + 1) for k in range(lmax + 1)])
    flip = torch.as_tensor(l * l + l - m, device=c.device)
    sign = torch.as_tensor((-1.0) ** np.abs(m), device=c.device, dtype=c.real.dtype)
    return c[..., flip].conj() * sign


# ----------------------------------------------------------------------------- zonal S²
class S2Conv(_Base):
    r"""Zonal S² convolution (Driscoll & Healy 1994, Thm 1; Esteves et al. 2018):
    :math:`(f*h)^\wedge_{\ell m} = 2\pi\sqrt{4\pi/(2\ell+1)}\,\hat f_{\ell m}\hat h_{\ell 0}`, one
    learnable real :math:`\hat h_{\ell0}` per (out, in, ℓ) (the filter's zonal part).  Works in
    the real basis directly (the factor depends on ℓ only).  Shapes
    ``(..., in_channels, *in_grid.shape)`` → ``(..., out_channels, *out_grid.shape)``."""

    def __init__(self, in_channels, out_channels, lmax, in_grid="gl", out_grid="gl"):
        super().__init__()
        self.in_channels = check_positive_int(in_channels, "in_channels")
        self.out_channels = check_positive_int(out_channels, "out_channels")
        self.lmax = as_degree(lmax, "lmax")
        self.in_grid = _s2_grid(in_grid, self.lmax, "in_grid")
        self.out_grid = _s2_grid(out_grid, self.lmax, "out_grid")
        L = self.lmax
        std = math.sqrt((L + 1) / (16 * math.pi**3 * in_channels))
        self.weight = nn.Parameter(torch.randn(out_channels, in_channels, L + 1, dtype=torch.float64) * std)
        ell = np.concatenate([np.full(2 * k + 1, k) for k in range(L + 1)])
        self.register_buffer("degree", torch.tensor(ell))
        self.register_buffer("factor", torch.tensor(2 * np.pi * np.sqrt(4 * np.pi / (2 * ell + 1))))

    def forward(self, x):
        self._check_input(x, self.in_grid.shape)
        r = F.s2_analysis(x, self.lmax, self.in_grid, real=True)  # (..., C_in, n)
        h = self.weight[..., self.degree] * self.factor.to(self.weight.dtype)  # (out, in, n)
        out = torch.einsum("...cn,ocn->...on", r, h)
        return F.s2_synthesis(out, self.lmax, self.out_grid, real=True)

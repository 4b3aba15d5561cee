r"""Spectral kernel bases for spherical CNNs (S² → S², S² → SO(3), SO(3) → SO(3)).

Spectral conventions (real bases of the core):

* a function on S²: :math:`k(x) = \sum_{\ell\le L}\sum_m \hat k_{\ell m} S_{\ell m}(x)` with the
  real orthonormal harmonics :math:`S_{\ell m}` (``spherical_harmonics_xyz(L, x, basis="real")``),
  coefficient vector of length :math:`(L+1)^2` indexed :math:`\ell^2+\ell+m`;
* a function on SO(3): :math:`k(R) = \sum_\ell \sum_{m n} \hat k^\ell_{m n} D^\ell_{m n}(R)` with the
  real Wigner matrices :math:`D^\ell = ` ``wigner_D(ℓ, R, basis="real")``; the coefficient vector
  concatenates the blocks :math:`\hat k^\ell` (row-major, m, n = −ℓ..ℓ), offsets
  :func:`so3_block_offsets`, total :math:`\sum_\ell (2\ell+1)^2`.

Layers and their constraints (the kernel is defined on the input domain; the output is
indexed by rotations R):

* ``"S2->SO3"`` (Cohen et al. 2018, "Spherical CNNs", Eq. 4):
  :math:`[f\star k](R) = \int_{S^2} k(R^{-1}x) f(x)\,dx` is equivariant for *every* k:
  basis = all :math:`S_{\ell m}`, :math:`(L+1)^2` elements.
* ``"SO3->SO3"`` (ibid., Eq. 5): :math:`[f\star k](R) = \int_{SO(3)} k(R^{-1}Q) f(Q)\,dQ`, every
  k: basis = all :math:`D^\ell_{mn}`, :math:`\sum_\ell(2\ell+1)^2` elements.
* ``"S2->S2"`` (Esteves et al. 2018; Driscoll & Healy 1994): :math:`[f * k](x) =
  \int_{SO(3)} f(R\eta) k(R^{-1}x)\,dR` with η the north pole is well defined on S² only for
  *zonal* kernels, :math:`k(R_z(\alpha)x) = k(x)`, i.e. :math:`\hat k_{\ell m} = 0` for m ≠ 0:
  basis :math:`S_{\ell 0}`, L + 1 elements; then
  :math:`\widehat{(f*k)}_{\ell m} = 2\pi\sqrt{4\pi/(2\ell+1)}\,\hat k_{\ell 0}\hat f_{\ell m}`.

**Localisation** (``localization="local"``): Cohen et al. (2018, §5) restrict kernels to a
neighbourhood of the north pole / the identity.  We use band-limited, smoothed point kernels
centred on the near-identity grids

* S²: points :math:`p_{ij}` at colatitude :math:`\beta_i = \beta_{max}\,i/n_\beta` (i = 1..n_β) and
  azimuth :math:`\alpha_j = 2\pi j/n_\alpha`, plus the pole;
  :math:`\hat k_{\ell m} = w_\ell S_{\ell m}(p)`;
* SO(3): :math:`R_{ijk} = R_z(\alpha_j)R_y(\beta_i)R_z(\gamma_k - \alpha_j)` (ZYZ, γ_k = 2πk/n_γ)
  plus the identity; :math:`\hat k^\ell = w_\ell\,\tfrac{2\ell+1}{8\pi^2} D^\ell(R)`;
* zonal (S²→S²): rings at :math:`\beta_i` (and the pole): :math:`\hat k_{\ell 0} = w_\ell S_{\ell 0}(\beta_i)`;

with the heat-kernel window :math:`w_\ell = e^{-\ell(\ell+1)t}`, :math:`t = (\beta_{max}/n_\beta)^2/4`
by default.  These are the (smoothed) reproducing kernels at those points, so the kernel is
concentrated within ≈ β_max of the pole; they span a subspace of the full basis (the whole of
it when there are at least as many points as coefficients).
"""

from __future__ import annotations

import dataclasses
import numbers

import numpy as np

__all__ = ["SphericalKernelBasis", "spherical_kernel_basis", "so3_block_offsets", "LAYERS"]

LAYERS = ("S2->S2", "S2->SO3", "SO3->SO3")


def so3_block_offsets(L: int) -> np.ndarray:
    """Start of block ℓ in an SO(3) coefficient vector: ``sum_{l<ℓ} (2l+1)^2`` (length L + 2)."""
    return np.concatenate([[0], np.cumsum([(2 * ell + 1) ** 2 for ell in range(L + 1)])]).astype(int)


@dataclasses.dataclass
class SphericalKernelBasis:
    """Spectral kernel basis: ``coefficients`` (n_basis, n_coeff) and per-element metadata."""

    layer: str
    L: int
    localization: str
    coefficients: np.ndarray
    metadata: list

    def __len__(self) -> int:
        return self.coefficients.shape[0]

    @property
    def domain(self) -> str:
        return self.layer.split("->")[0]

    def evaluate(self, points) -> np.ndarray:
        """Kernels in space: S² kernels at unit vectors ``(..., 3)``; SO(3) kernels at rotation
        matrices ``(..., 3, 3)``.  Returns ``(n_basis, ...)``."""
        from ..harmonics import spherical_harmonics_xyz
        from ..wigner import wigner_D

        if self.domain == "S2":
            x = np.asarray(points, float)
            if x.shape[-1:] != (3,):
                raise ValueError(f"points must have shape (..., 3) for S2 kernels, got {x.shape}")
            Y = spherical_harmonics_xyz(self.L, x, basis="real")
            return np.moveaxis(Y @ self.coefficients.T, -1, 0)
        R = np.asarray(points, float)
        if R.shape[-2:] != (3, 3):
            raise ValueError(f"points must be rotation matrices (..., 3, 3) for SO3 kernels, got {R.shape}")
        off = so3_block_offsets(self.L)
        out = 0.0
        for ell in range(self.L + 1):
            D = np.asarray(wigner_D(ell, R, basis="real")).reshape(R.shape[:-2] + (-1,))
            out = out + D @ self.coefficients[:, off[ell] : off[ell + 1]].T
        return np.moveaxis(np.asarray(out), -1, 0)


def _check_int(x, name, lo):
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral) or x < lo:
        raise ValueError(f"{name} must be an integer >= {lo}, got {x!r}")
    return int(x)


def spherical_kernel_basis(
    layer: str,
    L,
    *,
    localization: str = "spectral",
    max_beta: float = np.pi / 8,
    n_beta: int = 3,
    n_alpha: int = 8,
    n_gamma: int = 8,
    smoothing: float | None = None,
) -> SphericalKernelBasis:
    r"""Kernel basis of a spherical-CNN layer, band-limited at degree ``L``.

    ``layer`` in ``("S2->S2", "S2->SO3", "SO3->SO3")``; ``localization="spectral"`` gives the
    canonical basis (one element per coefficient allowed by the constraint, metadata ℓ, m[, n]);
    ``"local"`` the smoothed point kernels on the near-identity grid (metadata β, α[, γ]).
    See the module docstring for the formulas and conventions.
    """
    from ..harmonics import spherical_harmonics_xyz
    from ..wigner import wigner_D

    if layer not in LAYERS:
        raise ValueError(f"layer must be one of {LAYERS}, got {layer!r}")
    L = _check_int(L, "L", 0)
    if localization not in ("spectral", "local"):
        raise ValueError(f"localization must be 'spectral' or 'local', got {localization!r}")
    if not (0 < float(max_beta) <= np.pi):
        raise ValueError(f"max_beta must be in (0, pi], got {max_beta!r}")
    n_beta, n_alpha, n_gamma = (_check_int(v, k, 1) for v, k in ((n_beta, "n_beta"), (n_alpha, "n_alpha"), (n_gamma, "n_gamma")))
    ells = np.arange(L + 1)
    t = (max_beta / n_beta) ** 2 / 4 if smoothing is None else float(smoothing)
    if not np.isfinite(t) or t < 0:
        raise ValueError(f"smoothing must be >= 0, got {smoothing!r}")
    w = np.exp(-ells * (ells + 1) * t)
    betas = max_beta * np.arange(1, n_beta + 1) / n_beta
    n_s2 = (L + 1) ** 2
    off = so3_block_offsets(L)
    md: list = []
    if localization == "spectral":
        if layer == "S2->S2":
            C = np.zeros((L + 1, n_s2))
            for ell in ells:
                C[ell, ell * ell + ell] = 1.0
                md.append(dict(ell=int(ell), m=0))
        elif layer == "S2->SO3":
            C = np.eye(n_s2)
            md = [dict(ell=ell, m=m) for ell in range(L + 1) for m in range(-ell, ell + 1)]
        else:
            C = np.eye(int(off[-1]))
            md = [dict(ell=ell, m=m, n=n) for ell in range(L + 1) for m in range(-ell, ell + 1) for n in range(-ell, ell + 1)]
        return SphericalKernelBasis(layer, L, localization, C, md)
    wfull = np.repeat(w, 2 * ells + 1)  # weight per (ℓ, m)
    if layer == "S2->S2":
        cols = [ell * ell + ell for ell in ells]
        bs = np.concatenate([[0.0], betas])
        pts = np.stack([np.sin(bs), np.zeros_like(bs), np.cos(bs)], -1)
        Y = spherical_harmonics_xyz(L, pts, basis="real")
        C = np.zeros((len(bs), n_s2))
        C[:, cols] = Y[:, cols] * w
        md = [dict(beta=float(b)) for b in bs]
    elif layer == "S2->SO3":
        bs, als = [0.0], [0.0]
        for b in betas:
            for j in range(n_alpha):
                bs.append(b)
                als.append(2 * np.pi * j / n_alpha)
        bs, als = np.array(bs), np.array(als)
        pts = np.stack([np.sin(bs) * np.cos(als), np.sin(bs) * np.sin(als), np.cos(bs)], -1)
        C = spherical_harmonics_xyz(L, pts, basis="real") * wfull
        md = [dict(beta=float(b), alpha=float(a)) for b, a in zip(bs, als)]
    else:
        from .. import so3

        angles = [(0.0, 0.0, 0.0)]
        for b in betas:
            for j in range(n_alpha):
                for k in range(n_gamma):
                    a = 2 * np.pi * j / n_alpha
                    angles.append((a, b, 2 * np.pi * k / n_gamma - a))
        angles = np.array(angles)
        R = np.asarray(so3.as_matrix(so3.from_euler(angles[:, 0], angles[:, 1], angles[:, 2])))
        C = np.zeros((len(angles), int(off[-1])))
        for ell in ells:
            D = np.asarray(wigner_D(int(ell), R, basis="real")).reshape(len(angles), -1)
            C[:, off[ell] : off[ell + 1]] = D * w[ell] * (2 * ell + 1) / (8 * np.pi**2)
        md = [dict(alpha=float(a), beta=float(b), gamma=float(g)) for a, b, g in angles]
    return SphericalKernelBasis(layer, L, localization, C, md)

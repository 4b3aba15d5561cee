r"""Spherical harmonics: complex, real and spin-weighted, stable to high degree.

Convention GM-SH (``docs/conventions.md`` §3), ``convention="gaugemath"``:

* complex, orthonormal, Condon–Shortley phase, equal to ``scipy.special.sph_harm_y``:
  :math:`Y_\ell^m(\theta,\phi) = (-1)^m\sqrt{\tfrac{2\ell+1}{4\pi}\tfrac{(\ell-m)!}{(\ell+m)!}}
  P_\ell^m(\cos\theta)e^{im\phi}` (:math:`m\ge0`, :math:`P_\ell^m` without the CS phase),
  :math:`Y_\ell^{-m} = (-1)^m\overline{Y_\ell^m}`; θ colatitude, φ azimuth;
* real: :math:`S_{\ell m} = \sqrt2(-1)^m\,\mathrm{Re}\,Y_\ell^m` (m>0), :math:`Y_\ell^0` (m=0),
  :math:`\sqrt2(-1)^m\,\mathrm{Im}\,Y_\ell^{|m|}` (m<0); :math:`S_1 = \sqrt{3/4\pi}(y,z,x)`;
* spin-weighted (complex only):
  :math:`{}_sY_{\ell m}(\theta,\phi) = (-1)^s\sqrt{\tfrac{2\ell+1}{4\pi}}\,d^\ell_{m,-s}(\theta)\,e^{im\phi}`
  (zero for :math:`\ell<|s|`), i.e.
  :math:`{}_sY_{\ell m}(\theta,\phi) = (-1)^s\sqrt{\tfrac{2\ell+1}{4\pi}}\,\overline{D^\ell_{m,-s}(\phi,\theta,0)}`
  with the default Wigner D; :math:`{}_0Y_{\ell m} = Y_\ell^m` (Goldberg et al.,
  J. Math. Phys. 8 (1967) 2155, up to their sign of s);
* normalisations multiply the orthonormal value by a factor of :math:`(\ell, |m|)`:
  ``"orthonormal"`` 1; ``"4pi"`` :math:`\sqrt{4\pi}`; ``"schmidt"``
  :math:`\sqrt{4\pi/(2\ell+1)}`; ``"unnormalized"``
  :math:`\big(\tfrac{2\ell+1}{4\pi}\tfrac{(\ell-|m|)!}{(\ell+|m|)!}\big)^{-1/2}` (so complex
  :math:`m\ge0` gives :math:`P_\ell^m(\cos\theta)e^{im\phi}` with the CS phase, as
  ``scipy.special.lpmv``); it raises if a value would overflow.

Output shape ``(..., (L+1)**2)`` with :math:`(\ell,m)` at index :math:`\ell^2+\ell+m`.

Presets: ``"e3nn"`` — real basis in e3nn's frame, :math:`Y^{e3nn}_\ell(x) = S_\ell(Px)`
(:func:`gaugemath.conventions.e3nn_frame`), equal to
``e3nn.o3.spherical_harmonics(l, x, normalize=True, normalization="integral")``;
``"scipy"`` — the default; ``"spherical"`` — moble's ``spherical`` spin-weighted
harmonics ``Wigner.sYlm(s, R)`` at ``R = quaternionic.array.from_spherical_coordinates(theta, phi)``,
which equal ours for every s (pinned by ``tests/conventions/test_harmonics_conventions.py``).

Algorithm: fully normalised Legendre recursion with a :math:`2^{800}`-scaled seed
(Holmes & Featherstone 2002) for spin 0; for spin ≠ 0 the same Legendre values give
:math:`d^\ell_{0,m}` and the fixed-degree recursion of Gumerov & Duraiswami
(arXiv:1403.7698), run only on the rows :math:`|m'|\le|s|`, gives :math:`d^\ell_{m,-s}`
(:math:`O(L^2(|s|+1))` per point); :math:`e^{im\phi}` keeps :math:`m\phi` exact.
Accurate to ~1e-13 absolute up to ℓ = 2000, poles included.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from . import _harmonics_kernels as _k
from . import _wigner_kernels as _wk
from ._jit import n_chunks, use_parallel
from ._validation import as_degree, as_real_array, check_choice, check_size
from .conventions import check_convention, e3nn_frame

__all__ = ["spherical_harmonics", "spherical_harmonics_xyz", "NORMALIZATIONS", "BASES"]

NORMALIZATIONS = ("orthonormal", "4pi", "schmidt", "unnormalized")
BASES = ("complex", "real")


def _coefficients(L: int):
    """Read-only Legendre tables a, b for degree L (cached in ``_wigner_kernels.legendre_tables``)."""
    return _wk.legendre_tables(L)


@functools.lru_cache(maxsize=16)
def _sectoral_factors(L: int):
    tables = _k.sectoral_factors(L)
    for t in tables:
        t.setflags(write=False)
    return tables


def _norm_factors(L: int, normalization: str) -> np.ndarray | None:
    if normalization == "orthonormal":
        return None
    ell = np.repeat(np.arange(L + 1), 2 * np.arange(L + 1) + 1)
    m = np.concatenate([np.arange(-k, k + 1) for k in range(L + 1)])
    if normalization == "4pi":
        return np.full(ell.shape, math.sqrt(4 * math.pi))
    if normalization == "schmidt":
        return np.sqrt(4 * math.pi / (2 * ell + 1))
    from scipy.special import gammaln

    am = np.abs(m)
    log_f = -0.5 * (np.log((2 * ell + 1) / (4 * math.pi)) + gammaln(ell - am + 1) - gammaln(ell + am + 1))
    if log_f.max() > 700:
        raise ValueError(
            f"normalization='unnormalized' overflows float64 at L={L}: the largest factor is "
            f"e^{log_f.max():.0f}; use L <= {int(_max_unnormalized_L())} or another normalization"
        )
    return np.exp(log_f)


@functools.lru_cache(maxsize=1)
def _max_unnormalized_L() -> int:
    from scipy.special import gammaln

    L = 1
    while 0.5 * (gammaln(2 * L + 1) - np.log((2 * L + 1) / (4 * math.pi))) < 700:
        L += 1
    return L - 1


def _check_common(L, basis, spin, normalization, convention):
    L = as_degree(L, "L")
    convention = check_convention(convention)
    if basis is None:
        basis = "real" if convention == "e3nn" else "complex"
    check_choice(basis, "basis", BASES)
    check_choice(normalization, "normalization", NORMALIZATIONS)
    if isinstance(spin, (bool, np.bool_)) or not isinstance(spin, (int, np.integer)):
        raise TypeError(f"spin must be an integer, got {type(spin).__name__} {spin!r}")
    spin = int(spin)
    if spin != 0 and basis == "real":
        raise ValueError("spin-weighted harmonics exist only in the complex basis (basis='complex')")
    if convention == "e3nn" and (basis != "real" or spin != 0):
        raise ValueError("convention 'e3nn' has only real scalar harmonics: basis='real', spin=0")
    return L, basis, spin, convention


def _evaluate(L, cost, omct, sint, cosp, sinp, theta, phi, basis, spin, normalization, convention):
    n = cost.shape[0]
    size = (L + 1) ** 2
    if spin != 0:
        out = np.zeros((n, size), dtype=np.complex128)
        if abs(spin) <= L:
            C, (a, b) = _wk.c_all(L), _wk.legendre_tables(L)
            th = np.ascontiguousarray(theta, dtype=np.float64)
            ph = np.ascontiguousarray(phi, dtype=np.float64)
            if use_parallel(n * size * (abs(spin) + 2)):
                _k.spin_harmonics_parallel(L, spin, th, ph, C, a, b, out, n_chunks(n))
            else:
                _k.spin_harmonics(L, spin, th, ph, C, a, b, out)
    else:
        a, b = _coefficients(L)
        re = np.empty((n, size))
        im = re if basis == "real" else np.empty((n, size))
        if use_parallel(n * size):
            _k.scalar_harmonics_parallel(L, cost, omct, sint, cosp, sinp, a, b, basis == "real", re, im, n_chunks(n))
        else:
            _k.scalar_harmonics(L, cost, omct, sint, cosp, sinp, a, b, basis == "real", re, im)
        out = re if basis == "real" else re + 1j * im
    f = _norm_factors(L, normalization)
    return out if f is None else out * f


def spherical_harmonics(
    L,
    theta,
    phi,
    *,
    basis=None,
    spin: int = 0,
    normalization: str = "orthonormal",
    convention: str = "gaugemath",
    max_bytes=None,
) -> np.ndarray:
    r"""All spherical harmonics of degree :math:`\ell \le L` at angles ``(theta, phi)``.

    Parameters
    ----------
    L : int
        Maximum degree, ``>= 0``.
    theta, phi : array_like (broadcast together)
        Colatitude in :math:`[0, \pi]` and azimuth (any real value), radians.
    basis : {"complex", "real"}, optional
        Default ``"complex"`` (``"real"`` under ``convention="e3nn"``).
    spin : int
        Spin weight ``s`` (complex basis only); entries with :math:`\ell < |s|` are 0.
    normalization : {"orthonormal", "4pi", "schmidt", "unnormalized"}
    convention : {"gaugemath", "e3nn", "spherical", "scipy"}
    max_bytes : int, optional
        Refuse (``ValueError``) an output larger than this; default 4 GiB.

    Returns
    -------
    ndarray, shape ``broadcast(theta, phi).shape + ((L+1)**2,)``, index :math:`\ell^2+\ell+m`.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.special import sph_harm_y
    >>> bool(np.isclose(spherical_harmonics(3, 0.4, 1.0)[9 + 3 + 2], sph_harm_y(3, 2, 0.4, 1.0)))
    True
    """
    L, basis, spin, convention = _check_common(L, basis, spin, normalization, convention)
    th = as_real_array(theta, "theta")
    ph = as_real_array(phi, "phi")
    if np.any((th < 0) | (th > math.pi)):
        raise ValueError("theta (colatitude) must lie in [0, pi]")
    th, ph = np.broadcast_arrays(th, ph)
    shape = th.shape
    check_size(th.size * (L + 1) ** 2, 16 if basis == "complex" else 8, lambda: f"spherical_harmonics(L={L}) at {th.size} point(s)", max_bytes)
    th, ph = th.reshape(-1).copy(), ph.reshape(-1).copy()
    if convention == "e3nn":
        xyz = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], axis=-1)
        return spherical_harmonics_xyz(
            L, xyz.reshape(shape + (3,)), normalization=normalization, convention="e3nn", max_bytes=max_bytes
        )
    # 1 - |cos t| = 2 sin^2(t/2) near the north pole, 2 cos^2(t/2) near the south pole
    omct = np.where(th <= math.pi / 2, 2 * np.sin(th / 2) ** 2, 2 * np.cos(th / 2) ** 2)
    out = _evaluate(L, np.cos(th), omct, np.sin(th), np.cos(ph), np.sin(ph), th, ph, basis, spin, normalization, convention)
    return out.reshape(shape + ((L + 1) ** 2,))


def spherical_harmonics_xyz(
    L,
    xyz,
    *,
    basis=None,
    spin: int = 0,
    normalization: str = "orthonormal",
    convention: str = "gaugemath",
    max_bytes=None,
) -> np.ndarray:
    r"""All harmonics :math:`\ell \le L` at Cartesian points ``xyz`` of shape ``(..., 3)``.

    Points need not be unit vectors: they are normalised (the harmonics are
    evaluated at :math:`x/|x|`); the zero vector raises ``ValueError``.  No
    trigonometric functions are called for spin 0 (cos θ = z/r, e^{iφ} = (x+iy)/ρ,
    with φ = 0 on the z axis).  Other arguments as in :func:`spherical_harmonics`.
    """
    L, basis, spin, convention = _check_common(L, basis, spin, normalization, convention)
    v = as_real_array(xyz, "xyz")
    if v.shape[-1:] != (3,):
        raise ValueError(f"xyz must have shape (..., 3), got {v.shape}")
    shape = v.shape[:-1]
    v = v.reshape(-1, 3)
    check_size(v.shape[0] * (L + 1) ** 2, 16 if basis == "complex" else 8, lambda: f"spherical_harmonics_xyz(L={L}) at {v.shape[0]} point(s)", max_bytes)
    if convention == "e3nn":
        v = v @ e3nn_frame().T
    if basis == "real" and spin == 0:  # the fused kernel: geometry and recursion in one pass
        out = np.empty((v.shape[0], (L + 1) ** 2))
        a, b = _coefficients(L)
        v = np.ascontiguousarray(v)
        if use_parallel(out.size):
            zeros = _k.real_harmonics_xyz_parallel(L, v, a, b, *_sectoral_factors(L), out, n_chunks(v.shape[0]))
        else:
            zeros = _k.real_harmonics_xyz(L, v, a, b, *_sectoral_factors(L), out)
        if zeros:
            raise ValueError("xyz contains the zero vector: the direction is undefined")
        f = _norm_factors(L, normalization)
        out = out if f is None else out * f
        return out.reshape(shape + ((L + 1) ** 2,))
    # exact power-of-two rescaling of each row, so that squaring neither overflows nor underflows
    v = np.ldexp(v, -np.frexp(np.max(np.abs(v), axis=-1))[1][:, None])
    r = np.linalg.norm(v, axis=-1)
    if np.any(r == 0):
        raise ValueError("xyz contains the zero vector: the direction is undefined")
    rho = np.hypot(v[:, 0], v[:, 1])
    cost = v[:, 2] / r
    sint = rho / r
    safe = np.where(rho > 0, rho, 1.0)
    cosp = np.where(rho > 0, v[:, 0] / safe, 1.0)
    sinp = np.where(rho > 0, v[:, 1] / safe, 0.0)
    omct = rho**2 / (r * (r + np.abs(v[:, 2])))  # 1 - |z|/r without cancellation
    theta = np.arctan2(rho, v[:, 2]) if spin else cost
    phi = np.arctan2(v[:, 1], v[:, 0]) if spin else cost
    out = _evaluate(L, cost, omct, sint, cosp, sinp, theta, phi, basis, spin, normalization, convention)
    return out.reshape(shape + ((L + 1) ** 2,))

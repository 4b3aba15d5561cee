r"""Spherical CNN layers in the harmonic domain: S² → SO(3), SO(3) → SO(3), zonal S² convolution.

References: T. S. Cohen, M. Geiger, J. Köhler, M. Welling, "Spherical CNNs", ICLR 2018
(arXiv:1801.10130), Eqs. (4), (9), (10); C. Esteves, C. Allen-Blanchette, A. Makadia,
K. Daniilidis, "Learning SO(3) equivariant representations with spherical CNNs", ECCV 2018
(zonal convolution); J. R. Driscoll and D. M. Healy, "Computing Fourier transforms and
convolutions on the 2-sphere", Adv. Appl. Math. 15 (1994), Theorem 1.

Conventions (the core's; docs/conventions.md)
---------------------------------------------
* S² coefficients: ``f(x) = Σ_{ℓ≤L} Σ_m f̂_ℓm Y_ℓm(x)``, complex orthonormal Condon–Shortley
  harmonics, ``f̂_ℓm = ∫_{S²} f conj(Y_ℓm) dx`` (area measure, total 4π); arrays
  ``(..., (L+1)²)`` with (ℓ, m) at ``ℓ² + ℓ + m``.
* SO(3) coefficients: ``F(R) = Σ_ℓ Σ_{m'm} F̂^ℓ_{m'm} D^ℓ_{m'm}(R)`` with the core's
  ``D^ℓ_{m'm}(α,β,γ) = e^{−im'α} d^ℓ_{m'm}(β) e^{−imγ}``; arrays ``(..., Σ_ℓ(2ℓ+1)²)`` packed as
  :func:`gaugemath.wigner.packed_index` ``= ℓ(4ℓ²−1)/3 + (m'+ℓ)(2ℓ+1) + (m+ℓ)`` (the layout of
  ``gaugemath.transforms``).
* Haar measure on SO(3): ``dR = dα sinβ dβ dγ`` (total volume 8π²), so
  ``∫ D^ℓ_{ab} conj(D^{ℓ'}_{cd}) dR = 8π²/(2ℓ+1) δ_{ℓℓ'} δ_{ac} δ_{bd}``.
* Actions (active, left): ``[L_Q f](x) = f(Q^{-1}x)`` and ``[L_Q F](R) = F(Q^{-1}R)``; on
  coefficients ``f̂_ℓ ↦ D^ℓ(Q) f̂_ℓ`` and ``F̂^ℓ ↦ conj(D^ℓ(Q)) F̂^ℓ``
  (:func:`act_on_s2_coefficients`, :func:`act_on_so3_coefficients`), from
  ``Y_ℓm(Q^{-1}x) = Σ_{m'} Y_ℓm'(x) D^ℓ_{m'm}(Q)`` and ``D(Q^{-1}R) = D(Q)^† D(R)``.

Derivations (the formulas every function below implements)
----------------------------------------------------------
**S² → SO(3) correlation** (Cohen et al. 2018, Eq. 4):
``[f ⋆ ψ](R) = ∫_{S²} f(x) conj(ψ(R^{-1}x)) dx``.  With
``ψ(R^{-1}x) = Σ ψ̂_ℓm Σ_{m'} Y_ℓm'(x) D^ℓ_{m'm}(R)`` and orthonormality,

.. math:: [f ⋆ ψ](R) = \sum_ℓ \sum_{m'm} f̂_{ℓm'}\, \overline{ψ̂_{ℓm}}\, \overline{D^ℓ_{m'm}(R)}.

Cohen et al. write this as ``F̂^ℓ_{m'm} = f̂_ℓm' conj(ψ̂_ℓm)`` in the expansion over conj(D).
In our D expansion, ``conj(D^ℓ_{m'm}) = (−1)^{m'−m} D^ℓ_{−m',−m}`` gives

.. math:: \hat F^ℓ_{m'm} = (−1)^{m'+m}\, f̂_{ℓ,−m'}\, \overline{ψ̂_{ℓ,−m}}
          \quad(= \overline{f̂_{ℓm'}}\, ψ̂_{ℓm} \text{ when f and ψ are real}).

**SO(3) → SO(3) correlation** (Cohen et al. 2018, Eq. 10):
``[F ⋆ Ψ](R) = ∫_{SO(3)} F(Q) conj(Ψ(R^{-1}Q)) dQ``.  With
``Ψ(R^{-1}Q) = Σ Ψ̂_{ab} Σ_c conj(D_{ca}(R)) D_{cb}(Q)`` and the orthogonality above,

.. math:: \hat G^ℓ = \frac{8π^2}{2ℓ+1}\, \hat F^ℓ\, (\hat Ψ^ℓ)^\dagger \qquad\text{(block matrix products)}.

**Zonal S² convolution** (Driscoll & Healy 1994, Thm 1; Esteves et al. 2018):
``(f * h)(x) = ∫_{SO(3)} f(Rη) h(R^{-1}x) dR`` with η the north pole.  Since
``Y_ℓm(η) = δ_{m0} √((2ℓ+1)/4π)``, ``f(Rη) = Σ f̂_ℓm √((2ℓ+1)/4π) conj(D^ℓ_{m0}(R))`` and

.. math:: (f * h)^\wedge_{ℓm} = 2π \sqrt{\frac{4π}{2ℓ+1}}\, f̂_{ℓm}\, ĥ_{ℓ0}
          \;\Big(= \frac{8π^2}{\sqrt{4π(2ℓ+1)}} f̂_{ℓm} ĥ_{ℓ0}\Big).

Only the zonal part ``ĥ_ℓ0`` of the filter enters (the filter is averaged over rotations
about η).  Each layer is equivariant: rotating the input by Q rotates the output by Q
(``L_Q f ⋆ ψ = L_Q (f ⋆ ψ)``), exactly in coefficient space.

Multi-channel layers (``*_layer``) take inputs ``(..., C_in, n)`` and filters
``(C_out, C_in, n)`` and sum over ``C_in``: ``out[..., o, :] = Σ_c op(in[..., c, :], filt[o, c, :])``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from gaugemath._validation import as_degree
from gaugemath.layers._backend import concat, get_namespace, permute_dims, to_numpy

__all__ = [
    "s2_size",
    "so3_size",
    "s2_so3_correlation",
    "so3_so3_correlation",
    "s2_zonal_conv",
    "s2_so3_correlation_layer",
    "so3_so3_correlation_layer",
    "s2_zonal_conv_layer",
    "act_on_s2_coefficients",
    "act_on_so3_coefficients",
    "evaluate_s2",
    "evaluate_so3",
    "s2_so3_correlation_grid",
    "so3_so3_correlation_grid",
    "s2_zonal_conv_grid",
]

HAAR_VOLUME = 8 * np.pi**2


def s2_size(lmax: int) -> int:
    """Number of S² coefficients for degrees ``ℓ ≤ lmax``: ``(lmax+1)²``."""
    lmax = as_degree(lmax, "lmax")
    return (lmax + 1) ** 2


def so3_size(lmax: int) -> int:
    """Number of SO(3) coefficients ``Σ_{ℓ≤lmax} (2ℓ+1)² = (lmax+1)(2lmax+1)(2lmax+3)/3``."""
    lmax = as_degree(lmax, "lmax")
    return (lmax + 1) * (2 * lmax + 1) * (2 * lmax + 3) // 3


def _lmax_from(n: int, kind: str, name: str) -> int:
    """Degree from a coefficient count (S²: (L+1)², SO(3): packed size), else ValueError."""
    lmax = 0
    size = s2_size if kind == "s2" else so3_size
    while size(lmax) < n:
        lmax += 1
    if size(lmax) != n:
        expect = "(L+1)²" if kind == "s2" else "(L+1)(2L+1)(2L+3)/3"
        raise ValueError(f"{name} has {n} coefficients on its last axis, which is not {expect} for any L")
    return lmax


def _coeffs(x, name: str, kind: str, lmax=None):
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be a numeric array of coefficients, got {type(x).__name__}")
    xp = get_namespace(x)
    arr = xp.asarray(x)
    if not _is_numeric(xp, arr.dtype):
        raise TypeError(f"{name} must have a real or complex numeric dtype, got {arr.dtype}")
    if arr.ndim < 1:
        raise ValueError(f"{name} must have a coefficient axis (last), got a scalar")
    found = _lmax_from(arr.shape[-1], kind, name)
    if lmax is not None:
        lmax = as_degree(lmax, "lmax")
        if found != lmax:
            raise ValueError(f"{name} has degree {found} on its last axis, expected lmax = {lmax}")
    if not (hasattr(xp, "isdtype") and xp.isdtype(arr.dtype, "complex floating")):
        arr = xp.astype(arr, xp.complex128) if hasattr(xp, "astype") else arr.astype(np.complex128)
    return xp, arr, found


def _one_namespace(a, b, na: str, nb: str) -> None:
    """TypeError unless ``a`` and ``b`` come from one array namespace (no silent conversion)."""
    try:
        get_namespace(a, b)
    except TypeError as exc:
        raise TypeError(f"{na} and {nb} must be arrays of the same library/device: {exc}") from None


def _is_numeric(xp, dtype) -> bool:
    if hasattr(xp, "isdtype"):
        return bool(xp.isdtype(dtype, ("integral", "real floating", "complex floating")))
    return np.issubdtype(np.dtype(dtype), np.number) and np.dtype(dtype) != np.bool_


def _same_lmax(a: int, b: int, na: str, nb: str) -> None:
    if a != b:
        raise ValueError(f"{na} (degree {a}) and {nb} (degree {b}) must have the same lmax")


@lru_cache(maxsize=None)
def _s2_flip(lmax: int):
    """Index of (ℓ, −m) and the sign (−1)^m for each S² slot."""
    idx, sign = [], []
    for ell in range(lmax + 1):
        for m in range(-ell, ell + 1):
            idx.append(ell * ell + ell - m)
            sign.append((-1.0) ** m)
    return np.array(idx), np.array(sign)


@lru_cache(maxsize=None)
def _zonal_factors(lmax: int):
    """Per S² slot: the index of (ℓ, 0) and 2π√(4π/(2ℓ+1))."""
    idx, fac = [], []
    for ell in range(lmax + 1):
        for _ in range(2 * ell + 1):
            idx.append(ell * ell + ell)
            fac.append(2 * np.pi * np.sqrt(4 * np.pi / (2 * ell + 1)))
    return np.array(idx), np.array(fac)


# --------------------------------------------------------------------------- coefficient space
def s2_so3_correlation(f_hat, psi_hat, lmax=None):
    r"""S² → SO(3) correlation ``[f ⋆ ψ](R) = ∫ f(x) conj(ψ(R^{-1}x)) dx`` (Cohen et al. 2018, Eq. 4).

    Returns ``F̂^ℓ_{m'm} = (−1)^{m'+m} f̂_{ℓ,−m'} conj(ψ̂_{ℓ,−m})`` (derivation in the module
    docstring), packed ``(..., so3_size(L))`` for the expansion ``F(R) = Σ F̂^ℓ_{m'm} D^ℓ_{m'm}(R)``.
    ``f_hat`` and ``psi_hat`` ``(..., (L+1)²)`` broadcast against each other.
    """
    _one_namespace(f_hat, psi_hat, "f_hat", "psi_hat")
    xp, f, lf = _coeffs(f_hat, "f_hat", "s2", lmax)
    _, p, lp = _coeffs(psi_hat, "psi_hat", "s2", lmax)
    _same_lmax(lf, lp, "f_hat", "psi_hat")
    return _s2_so3(xp, f, p, lf)


def _s2_so3(xp, f, p, lmax):
    idx, sign = _s2_flip(lmax)
    idx_x, sign_x = xp.asarray(idx), xp.asarray(sign)
    a = xp.take(f, idx_x, axis=f.ndim - 1) * sign_x  # (−1)^{m'} f̂_{ℓ,−m'}
    b = xp.conj(xp.take(p, idx_x, axis=p.ndim - 1)) * sign_x  # (−1)^m conj ψ̂_{ℓ,−m}
    blocks = []
    for ell in range(lmax + 1):
        sl = slice(ell * ell, (ell + 1) ** 2)
        outer = a[..., sl, None] * b[..., None, sl]
        blocks.append(xp.reshape(outer, tuple(outer.shape[:-2]) + ((2 * ell + 1) ** 2,)))
    return concat(xp, blocks, axis=-1)


def so3_so3_correlation(F_hat, Psi_hat, lmax=None):
    r"""SO(3) → SO(3) correlation ``[F ⋆ Ψ](R) = ∫ F(Q) conj(Ψ(R^{-1}Q)) dQ`` (Cohen et al. 2018, Eq. 10).

    ``Ĝ^ℓ = 8π²/(2ℓ+1) · F̂^ℓ (Ψ̂^ℓ)^†`` per degree (block matrix products; Haar measure
    ``dα sinβ dβ dγ`` of volume 8π²).  Inputs and output packed ``(..., so3_size(L))``.
    """
    _one_namespace(F_hat, Psi_hat, "F_hat", "Psi_hat")
    xp, F, lf = _coeffs(F_hat, "F_hat", "so3", lmax)
    _, P, lp = _coeffs(Psi_hat, "Psi_hat", "so3", lmax)
    _same_lmax(lf, lp, "F_hat", "Psi_hat")
    return _so3_so3(xp, F, P, lf)


def _blocks(xp, x, lmax):
    out, off = [], 0
    for ell in range(lmax + 1):
        d = 2 * ell + 1
        out.append(xp.reshape(x[..., off:off + d * d], tuple(x.shape[:-1]) + (d, d)))
        off += d * d
    return out


def _so3_so3(xp, F, P, lmax):
    res = []
    for ell, (fb, pb) in enumerate(zip(_blocks(xp, F, lmax), _blocks(xp, P, lmax))):
        ph = xp.conj(_move(xp, pb, -1, -2))
        g = (HAAR_VOLUME / (2 * ell + 1)) * xp.matmul(fb, ph)
        res.append(xp.reshape(g, tuple(g.shape[:-2]) + (g.shape[-1] * g.shape[-2],)))
    return concat(xp, res, axis=-1)


def s2_zonal_conv(f_hat, h_hat, lmax=None):
    r"""Zonal S² convolution ``(f * h)(x) = ∫_{SO(3)} f(Rη) h(R^{-1}x) dR`` (Driscoll & Healy 1994, Thm 1).

    ``(f * h)^_ℓm = 2π √(4π/(2ℓ+1)) f̂_ℓm ĥ_ℓ0``; Haar measure of volume 8π², η = north pole.
    Only the zonal coefficients ``ĥ_ℓ0`` of the filter are used.  Output ``(..., (L+1)²)``.
    """
    _one_namespace(f_hat, h_hat, "f_hat", "h_hat")
    xp, f, lf = _coeffs(f_hat, "f_hat", "s2", lmax)
    _, h, lh = _coeffs(h_hat, "h_hat", "s2", lmax)
    _same_lmax(lf, lh, "f_hat", "h_hat")
    return _zonal(xp, f, h, lf)


def _zonal(xp, f, h, lmax):
    idx, fac = _zonal_factors(lmax)
    return f * xp.take(h, xp.asarray(idx), axis=h.ndim - 1) * xp.asarray(fac)


# --------------------------------------------------------------------------- multi-channel layers
def _move(xp, x, src: int, dst: int):
    """``moveaxis`` through ``permute_dims`` (Array API)."""
    axes = list(range(x.ndim))
    ax = axes.pop(src % x.ndim)
    axes.insert(dst % x.ndim, ax)
    return permute_dims(xp, x, tuple(axes))


def _check_layer(x, filt, kind_in, kind_f, name_in, name_f, lmax):
    _one_namespace(x, filt, name_in, name_f)
    xp, a, la = _coeffs(x, name_in, kind_in, lmax)
    _, w, lw = _coeffs(filt, name_f, kind_f, lmax)
    _same_lmax(la, lw, name_in, name_f)
    if a.ndim < 2:
        raise ValueError(f"{name_in} must be (..., C_in, n), got shape {tuple(a.shape)}")
    if w.ndim != 3:
        raise ValueError(f"{name_f} must be (C_out, C_in, n), got shape {tuple(w.shape)}")
    if w.shape[1] != a.shape[-2]:
        raise ValueError(f"channel mismatch: {name_in} has C_in = {a.shape[-2]}, {name_f} expects {w.shape[1]}")
    return xp, a, w, la


def s2_so3_correlation_layer(f_hat, psi_hat, lmax=None):
    """Multi-channel :func:`s2_so3_correlation`: ``(..., C_in, (L+1)²)`` × ``(C_out, C_in, (L+1)²)``
    → ``(..., C_out, so3_size(L))``, summed over input channels (Cohen et al. 2018, Eq. 4):
    ``F̂^ℓ_o = Σ_c a_c b_{oc}^T`` with ``a = (−1)^{m'} f̂_{ℓ,−m'}``, ``b = (−1)^m conj ψ̂_{ℓ,−m}``
    (one matrix product per degree)."""
    xp, f, w, lmax = _check_layer(f_hat, psi_hat, "s2", "s2", "f_hat", "psi_hat", lmax)
    idx, sign = _s2_flip(lmax)
    idx_x, sign_x = xp.asarray(idx), xp.asarray(sign)
    a = xp.take(f, idx_x, axis=f.ndim - 1) * sign_x  # (..., C_in, n)
    b = xp.conj(xp.take(w, idx_x, axis=2)) * sign_x  # (C_out, C_in, n)
    lead, c_in, c_out = tuple(f.shape[:-2]), f.shape[-2], w.shape[0]
    blocks = []
    for ell in range(lmax + 1):
        d, sl = 2 * ell + 1, slice(ell * ell, (ell + 1) ** 2)
        al = _move(xp, a[..., sl], -1, -2)  # (..., m', C_in)
        bl = xp.reshape(permute_dims(xp, b[..., sl], (1, 0, 2)), (c_in, c_out * d))
        g = xp.reshape(xp.matmul(al, bl), lead + (d, c_out, d))  # [..., m', o, m]
        blocks.append(xp.reshape(_move(xp, g, -2, -3), lead + (c_out, d * d)))
    return concat(xp, blocks, axis=-1)


def so3_so3_correlation_layer(F_hat, Psi_hat, lmax=None):
    """Multi-channel :func:`so3_so3_correlation`: ``(..., C_in, n)`` × ``(C_out, C_in, n)`` →
    ``(..., C_out, n)``, n = so3_size(L), summed over input channels (Cohen et al. 2018, Eq. 10):
    ``Ĝ^ℓ_o = 8π²/(2ℓ+1) Σ_c F̂^ℓ_c (Ψ̂^ℓ_{oc})^†`` (one matrix product per degree)."""
    xp, F, w, lmax = _check_layer(F_hat, Psi_hat, "so3", "so3", "F_hat", "Psi_hat", lmax)
    lead, c_in, c_out = tuple(F.shape[:-2]), F.shape[-2], w.shape[0]
    res = []
    for ell, (fb, pb) in enumerate(zip(_blocks(xp, F, lmax), _blocks(xp, w, lmax))):
        d = 2 * ell + 1
        # F: (..., C_in, i, j) -> (..., i, C_in·j);  Ψ†: (C_out, C_in, k, j) -> (C_in·j, C_out·k)
        fl = xp.reshape(_move(xp, fb, -3, -2), lead + (d, c_in * d))
        pl = xp.reshape(permute_dims(xp, xp.conj(pb), (1, 3, 0, 2)), (c_in * d, c_out * d))
        g = (HAAR_VOLUME / d) * xp.reshape(xp.matmul(fl, pl), lead + (d, c_out, d))
        res.append(xp.reshape(_move(xp, g, -2, -3), lead + (c_out, d * d)))
    return concat(xp, res, axis=-1)


def s2_zonal_conv_layer(f_hat, h_hat, lmax=None):
    """Multi-channel :func:`s2_zonal_conv`: ``(..., C_in, (L+1)²)`` × ``(C_out, C_in, (L+1)²)`` →
    ``(..., C_out, (L+1)²)``, summed over input channels (Esteves et al. 2018)."""
    xp, f, w, lmax = _check_layer(f_hat, h_hat, "s2", "s2", "f_hat", "h_hat", lmax)
    return xp.sum(_zonal(xp, f[..., None, :, :], w, lmax), axis=-2)


# --------------------------------------------------------------------------- actions, evaluation
def _rotation_blocks(R, lmax):
    from gaugemath.wigner import wigner_D_all  # noqa: PLC0415

    return wigner_D_all(lmax, R)


def act_on_s2_coefficients(f_hat, Q, lmax=None):
    """Coefficients of ``f(Q^{-1}x)``: ``f̂_ℓ ↦ D^ℓ(Q) f̂_ℓ`` (core D; Q one rotation, quaternionic or 3×3).

    From ``Y_ℓm(Q^{-1}x) = Σ_{m'} Y_ℓm'(x) D^ℓ_{m'm}(Q)`` (docs/conventions.md §2); computed by
    :func:`gaugemath.transforms.rotate_coefficients` (the one coefficient rotation)."""
    from gaugemath.transforms.so3 import rotate_coefficients  # noqa: PLC0415

    _, f, lf = _coeffs(f_hat, "f_hat", "s2", lmax)
    if _rotation_blocks(Q, 0)[0].ndim != 2:
        raise ValueError("Q must be a single rotation")
    return rotate_coefficients(f, Q, lf)


def act_on_so3_coefficients(F_hat, Q, lmax=None):
    """Coefficients of ``F(Q^{-1}R)``: ``F̂^ℓ ↦ conj(D^ℓ(Q)) F̂^ℓ`` (since ``D(Q^{-1}R) = D(Q)^† D(R)``)."""
    xp, F, lf = _coeffs(F_hat, "F_hat", "so3", lmax)
    Ds = _rotation_blocks(Q, lf)
    out = []
    for ell, (D, blk) in enumerate(zip(Ds, _blocks(xp, F, lf))):
        if D.ndim != 2:
            raise ValueError("Q must be a single rotation")
        g = xp.matmul(xp.asarray(D.conj()), blk)
        out.append(xp.reshape(g, tuple(g.shape[:-2]) + ((2 * ell + 1) ** 2,)))
    return concat(xp, out, axis=-1)


def evaluate_s2(f_hat, xyz):
    """Point values ``f(x) = Σ f̂_ℓm Y_ℓm(x)`` at points ``xyz`` ``(P, 3)`` → ``(..., P)`` (NumPy)."""
    from gaugemath.harmonics import spherical_harmonics_xyz  # noqa: PLC0415

    _, f, lf = _coeffs(f_hat, "f_hat", "s2")
    Y = spherical_harmonics_xyz(lf, np.asarray(xyz, dtype=float))  # (P, n)
    return to_numpy(f) @ Y.T


def evaluate_so3(F_hat, R):
    """Point values ``F(R) = Σ F̂^ℓ_{m'm} D^ℓ_{m'm}(R)`` (core D) at rotations ``R``.

    ``R``: quaternionic array or (P, 3, 3) matrices; returns (..., P) (NumPy)."""
    _, F, lf = _coeffs(F_hat, "F_hat", "so3")
    Ds = _rotation_blocks(R, lf)
    packed = np.concatenate([D.reshape(D.shape[:-2] + (-1,)) for D in Ds], axis=-1)  # (P, n)
    return to_numpy(F) @ packed.reshape(-1, packed.shape[-1]).T


# --------------------------------------------------------------------------- grid versions
def _transforms():
    try:
        from gaugemath import transforms  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - until gaugemath.transforms lands
        raise ImportError("the grid layers need gaugemath.transforms (s2_analysis, so3_synthesis, ...)") from exc
    return transforms


def s2_so3_correlation_grid(f, psi_hat, lmax, s2_grid, so3_grid, *, backend=None):
    """S² → SO(3) correlation of a sampled signal: ``so3_synthesis(s2_so3_correlation_layer(s2_analysis(f), ψ̂))``.

    ``f``: ``(..., C_in, *s2_grid.shape)``; ``psi_hat``: ``(C_out, C_in, (L+1)²)`` filter
    coefficients; returns ``(..., C_out, *so3_grid.shape)`` samples of ``[f ⋆ ψ]`` (exact for
    band-limited ``f`` when the grids are exact quadratures of degree ``lmax``).
    """
    t = _transforms()
    f_hat = t.s2_analysis(f, lmax, s2_grid, backend=backend)
    return t.so3_synthesis(s2_so3_correlation_layer(f_hat, psi_hat, lmax), lmax, so3_grid, backend=backend)


def so3_so3_correlation_grid(F, Psi_hat, lmax, so3_grid, *, backend=None):
    """SO(3) → SO(3) correlation of sampled signals ``(..., C_in, *so3_grid.shape)`` with filter
    coefficients ``(C_out, C_in, so3_size(L))`` → ``(..., C_out, *so3_grid.shape)``."""
    t = _transforms()
    F_hat = t.so3_analysis(F, lmax, so3_grid, backend=backend)
    return t.so3_synthesis(so3_so3_correlation_layer(F_hat, Psi_hat, lmax), lmax, so3_grid, backend=backend)


def s2_zonal_conv_grid(f, h_hat, lmax, s2_grid, *, backend=None):
    """Zonal convolution of sampled signals ``(..., C_in, *s2_grid.shape)`` with filter coefficients
    ``(C_out, C_in, (L+1)²)`` → ``(..., C_out, *s2_grid.shape)``."""
    t = _transforms()
    f_hat = t.s2_analysis(f, lmax, s2_grid, backend=backend)
    return t.s2_synthesis(s2_zonal_conv_layer(f_hat, h_hat, lmax), lmax, s2_grid, backend=backend)

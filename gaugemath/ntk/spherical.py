r"""Infinite-width kernels of spherical CNN layers in the harmonic domain, for filters of any support.

Conventions: those of :mod:`gaugemath.layers.spherical` (complex orthonormal Condon–Shortley
harmonics, ``(ℓ, m)`` at ``ℓ² + ℓ + m``; core Wigner D; SO(3) coefficients packed by
:func:`gaugemath.wigner.packed_index`; Haar measure of volume 8π²).

S² → SO(3) correlation (Cohen et al. 2018, Eq. 4)
-------------------------------------------------
:math:`F(R) = \int f(x)\,\overline{ψ(R^{-1}x)}\,dx = \sum_{ℓ,m} \overline{\hat ψ_{ℓm}}\, G_{ℓm}(R)` with

.. math:: G_{ℓm}(R; f) = \sum_{a} \hat f_{ℓa}\, \overline{D^ℓ_{am}(R)}

(insert :math:`ψ(R^{-1}x) = \sum \hat ψ_{ℓm} \sum_a Y_{ℓa}(x) D^ℓ_{am}(R)` and use orthonormality).
F is linear in the filter, so for a random filter with covariance
:math:`C_{uv} = E[\hat ψ_u \overline{\hat ψ_v}]` (``u = (ℓ, m)``),

.. math:: K(R, R') = E\big[F(R; f)\,\overline{F(R'; f')}\big] = G(R'; f')^\dagger\, C\, G(R; f)
          = \sum_{u, v} \overline{G_v(R'; f')}\, C_{vu}\, G_u(R; f).

* Band-limited isotropic prior, :math:`C = \mathrm{diag}(a_ℓ)` (e.g. ψ = Σ √a_ℓ w_ℓm Y^real_ℓm,
  w i.i.d. N(0, 1)): :math:`K(R, R') = \sum_ℓ a_ℓ\, \hat f'^\dagger_ℓ\, D^ℓ(R' R^{-1})\, \hat f_ℓ`
  (unitarity of D), a function of :math:`R'R^{-1}` for fixed inputs.
* Localised filters (S2CNN-style): ψ given by weights at points :math:`x_j` in a cap around
  the north pole, :math:`ψ = \sum_j w_j δ_{x_j}` band-limited to L, so
  :math:`\hat ψ = B w` with :math:`B_{(ℓm), j} = \overline{Y_{ℓm}(x_j)}`
  (:func:`s2_localized_basis`) and :math:`C = σ^2 B B^\dagger` — not diagonal in ℓ; the kernel
  is :math:`K = σ^2 (B^\dagger G')^\dagger (B^\dagger G)`.

SO(3) → SO(3) correlation (Cohen et al. 2018, Eq. 10)
-----------------------------------------------------
:math:`\hat G^ℓ = c_ℓ \hat F^ℓ (\hat Ψ^ℓ)^\dagger`, :math:`c_ℓ = 8π^2/(2ℓ+1)`, so
:math:`G(R) = \sum_{ℓ,b,m} \overline{\hat Ψ^ℓ_{bm}}\, H_{ℓbm}(R)` with
:math:`H_{ℓbm}(R) = c_ℓ \sum_a \hat F^ℓ_{am} D^ℓ_{ab}(R)`, and the same quadratic form
:math:`K = H'^\dagger C H` with :math:`C = E[\hat Ψ \hat Ψ^\dagger]` over the packed index;
a filter localised at rotations :math:`R_j` near the identity has
:math:`B_{(ℓbm), j} = \frac{2ℓ+1}{8π^2}\overline{D^ℓ_{bm}(R_j)}` (:func:`so3_localized_basis`).

SO(3) pooling (integration) and nonlinearities
----------------------------------------------
The normalised integral :math:`\frac{1}{8π^2}\int F\,dR` of a layer output is its ℓ = 0
coefficient; after a pointwise nonlinearity φ the pooled NNGP is
:math:`\iint E[φ(F(R))φ(F'(R'))]\,dR\,dR'`, evaluated by :func:`so3_pool_kernel` as the
quadrature of the dual map (:mod:`gaugemath.ntk._gaussian`) over given rotations and weights
(exact for the network that pools with the same quadrature).  Inputs are real signals
(:math:`\hat f_{ℓ,-m} = (-1)^m \overline{\hat f_{ℓm}}`, real filters), so K is real; the
returned arrays are the real parts.
"""

from __future__ import annotations

import numpy as np

from gaugemath._validation import as_degree


def _s2_coeffs(f_hat, name: str):
    f = np.asarray(f_hat)
    if not np.issubdtype(f.dtype, np.number) or f.dtype == bool:
        raise TypeError(f"{name} must be a numeric array (n, (L+1)²), got dtype {f.dtype}")
    f = np.atleast_2d(f.astype(complex))
    if f.ndim != 2:
        raise ValueError(f"{name} must have shape (n, (L+1)²), got {f.shape}")
    L = int(round(np.sqrt(f.shape[-1]))) - 1
    if (L + 1) ** 2 != f.shape[-1]:
        raise ValueError(f"{name}: the last axis must have (L+1)² entries, got {f.shape[-1]}")
    if not np.all(np.isfinite(f)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return f, L


def _D_blocks(L, R):
    from gaugemath.wigner import wigner_D_all

    return wigner_D_all(L, R)


def _G_s2(f, L, R):
    """``G[i, p, (ℓ, m)] = Σ_a f̂_ℓa conj(D^ℓ_am(R_p))``."""
    Ds = _D_blocks(L, R)
    out = [np.einsum("ia,pam->ipm", f[:, l * l:(l + 1) ** 2], np.conj(D), optimize=True) for l, D in enumerate(Ds)]
    return np.concatenate(out, axis=-1)


def _G_so3(F, L, R):
    """``H[i, p, (ℓ, b, m)] = c_ℓ Σ_a F̂^ℓ_am D^ℓ_ab(R_p)`` (packed index order)."""
    from gaugemath.wigner import packed_index

    Ds = _D_blocks(L, R)
    out = []
    for l, D in enumerate(Ds):
        d = 2 * l + 1
        start = packed_index(l, -l, -l)
        Fl = F[:, start:start + d * d].reshape(-1, d, d)
        out.append((8 * np.pi**2 / d) * np.einsum("iam,pab->ipbm", Fl, D, optimize=True).reshape(F.shape[0], -1, d * d))
    return np.concatenate(out, axis=-1)


def _quadratic(G1, G2, filter_cov, n_coef: int, degrees: np.ndarray):
    cov = np.asarray(filter_cov)
    if not np.issubdtype(cov.dtype, np.number) or not np.all(np.isfinite(cov)):
        raise ValueError("filter_cov must be a finite numeric array")
    if cov.ndim == 1:
        if cov.shape[0] != degrees.max() + 1 or np.any(cov < 0) or np.iscomplexobj(cov):
            raise ValueError(f"filter_cov as per-degree variances must be real, >= 0, of length L+1 = "
                             f"{degrees.max() + 1}, got shape {cov.shape}")
        w = cov[degrees]
        K = np.einsum("jqu,u,ipu->ijpq", np.conj(G2), w, G1, optimize=True)
    elif cov.ndim == 2 and cov.shape[0] == n_coef:
        A1 = np.einsum("uk,ipu->ipk", np.conj(cov), G1, optimize=True)   # B^† G
        A2 = np.einsum("uk,jqu->jqk", np.conj(cov), G2, optimize=True)
        K = np.einsum("jqk,ipk->ijpq", np.conj(A2), A1, optimize=True)
    else:
        raise ValueError(f"filter_cov must be per-degree variances (L+1,) or a filter basis B ({n_coef}, n_weights) "
                         f"(ψ̂ = B w, w ~ N(0, 1)); got shape {cov.shape}")
    return K.real


def s2_so3_kernel(f1_hat, f2_hat, R1, R2, filter_cov):
    r"""Covariance of one output channel of an S² → SO(3) correlation over a random filter.

    Parameters
    ----------
    f1_hat, f2_hat : arrays (n1, (L+1)²), (n2, (L+1)²)
        S² coefficients of real input signals (one channel; for C channels with i.i.d.
        filters, average the kernels of the channels).
    R1, R2 : rotations
        Quaternionic arrays or (P, 3, 3) matrices: where the output is evaluated.
    filter_cov : array
        Per-degree variances ``a_ℓ`` (shape (L+1,), isotropic prior ``E[ψ̂ψ̂†] = diag(a_ℓ)``)
        or a filter basis ``B`` ((L+1)², n_w) with ``ψ̂ = B w``, ``w ~ N(0, I)`` (e.g.
        :func:`s2_localized_basis`).

    Returns
    -------
    array (n1, n2, P1, P2): :math:`K[i, j, p, q] = E[F(R1_p; f_i) F(R2_q; f'_j)] = G'^\dagger C G`
    (module docstring).
    """
    f1, L = _s2_coeffs(f1_hat, "f1_hat")
    f2, L2 = _s2_coeffs(f2_hat, "f2_hat")
    if L2 != L:
        raise ValueError(f"f1_hat and f2_hat must have the same band-limit, got L = {L} and {L2}")
    degrees = np.repeat(np.arange(L + 1), 2 * np.arange(L + 1) + 1)
    return _quadratic(_G_s2(f1, L, R1), _G_s2(f2, L, R2), filter_cov, (L + 1) ** 2, degrees)


def so3_so3_kernel(F1_hat, F2_hat, R1, R2, filter_cov):
    r"""Covariance of an SO(3) → SO(3) correlation ``G = F ⋆ Ψ`` over a random filter Ψ.

    ``F1_hat``, ``F2_hat``: packed SO(3) coefficients (n, Σ(2ℓ+1)²) of real inputs; ``filter_cov``:
    per-degree variances ``a_ℓ`` (``E[Ψ̂Ψ̂†] = diag(a_ℓ)``) or a basis ``B`` (Σ(2ℓ+1)², n_w)
    (:func:`so3_localized_basis`).  Returns (n1, n2, P1, P2) ``= H'† C H`` (module docstring).
    """
    F1, F2 = (np.atleast_2d(np.asarray(F, dtype=complex)) for F in (F1_hat, F2_hat))
    sizes = {(l + 1) * (2 * l + 1) * (2 * l + 3) // 3: l for l in range(200)}
    if F1.shape[-1] not in sizes or F2.shape[-1] != F1.shape[-1]:
        raise ValueError(f"F1_hat and F2_hat must be packed SO(3) coefficients of the same band-limit, got "
                         f"{F1.shape} and {F2.shape}")
    L = sizes[F1.shape[-1]]
    degrees = np.concatenate([np.full((2 * l + 1) ** 2, l) for l in range(L + 1)])
    return _quadratic(_G_so3(F1, L, R1), _G_so3(F2, L, R2), filter_cov, F1.shape[-1], degrees)


def s2_localized_basis(lmax, xyz):
    r"""Filter basis ``B[(ℓm), j] = conj(Y_ℓm(x_j))``: ψ̂ of ``ψ = Σ_j w_j δ_{x_j}`` band-limited to
    ``lmax`` (S2CNN-style filters given on points ``xyz`` (J, 3), e.g. a cap around the north pole)."""
    from gaugemath.harmonics import spherical_harmonics_xyz

    L = as_degree(lmax, "lmax")
    pts = np.asarray(xyz, dtype=float)
    if pts.ndim != 2 or pts.shape[1] != 3:
        raise ValueError(f"xyz must have shape (J, 3), got {pts.shape}")
    return np.conj(spherical_harmonics_xyz(L, pts)).T


def so3_localized_basis(lmax, R):
    r"""Filter basis ``B[(ℓbm), j] = (2ℓ+1)/(8π²) conj(D^ℓ_bm(R_j))`` for ``Ψ = Σ_j w_j δ_{R_j}``
    band-limited to ``lmax`` (packed index)."""
    L = as_degree(lmax, "lmax")
    Ds = _D_blocks(L, R)
    cols = [((2 * l + 1) / (8 * np.pi**2)) * np.conj(D).reshape(D.shape[0], -1) for l, D in enumerate(Ds)]
    return np.concatenate(cols, axis=-1).T


def so3_pool_kernel(K12, K11, K22, weights1, weights2, dual=None):
    r"""Pooled (SO(3)-integrated) kernel :math:`\sum_{p,q} w_p w'_q\, E[φ(F(R_p))φ(F'(R'_q))]`.

    ``K12`` (n1, n2, P1, P2) from :func:`s2_so3_kernel`, ``K11`` (n1, P1) and ``K22`` (n2, P2) the
    variances at the same rotations, ``weights`` the quadrature weights (normalised to sum 1
    for the mean over SO(3)); ``dual(q1, q2, k) -> (nngp, dot)`` from
    :mod:`gaugemath.ntk._gaussian` (``None``: no nonlinearity).  Returns (n1, n2).
    """
    w1, w2 = np.asarray(weights1, dtype=float), np.asarray(weights2, dtype=float)
    if w1.shape != (K12.shape[2],) or w2.shape != (K12.shape[3],):
        raise ValueError(f"weights must have shapes ({K12.shape[2]},), ({K12.shape[3]},); got {w1.shape}, {w2.shape}")
    E = K12 if dual is None else dual(K11[:, None, :, None], K22[None, :, None, :], K12)[0]
    return np.einsum("ijpq,p,q->ij", E, w1, w2, optimize=True)

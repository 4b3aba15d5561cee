r"""Spherical-CNN layers for :func:`gaugemath.ntk.serial`: S² → SO(3) and SO(3) → SO(3)
correlations evaluated on a set of rotations, and SO(3) pooling.

Array layouts: S² inputs are real spherical-harmonic coefficients ``(batch, C, (L+1)²)`` in
gaugemath's real basis (:func:`gaugemath.complex_to_real`; complex coefficients
:math:`\hat f_\ell = Q_\ell^T r_\ell`); SO(3) feature maps are values at ``P`` rotations,
``(batch, C, P)``.  Every layer is linear in its filter weights :math:`w_{ock}` through a fixed
tensor :math:`E[p, s, k]` (output rotation p, input site s, filter basis function k):

.. math:: y_o(p) = \frac{σ_w}{\sqrt C}\sum_{c, s, k} x_c(s)\, w_{ock}\, E[p, s, k] + σ_b b_o

(NTK parameterisation; ``"standard"`` as in :mod:`gaugemath.ntk.stax`, ``fan_in = C``: the
filter prior itself is set by the basis), so one channel's covariance maps as

.. math:: Σ'(p, p') = σ_w^2 \sum_k \sum_{s, s'} Σ(s, s')\, E[p, s, k]\, E[p', s', k] + σ_b^2 .

* :class:`S2SO3Conv` — ``E[p, a, k] = Re Σ_{ℓ, m', m} (Q_ℓ^T)_{m' a} \overline{D^ℓ_{m'm}(R_p)}
  \overline{B_{ℓm, k}}``: the correlation :math:`\int f\,\overline{ψ(R_p^{-1}x)}dx` of
  :mod:`gaugemath.ntk.spherical` with :math:`\hat ψ = B w`; the finite forward pass is
  :func:`gaugemath.layers.spherical.s2_so3_correlation_layer` + ``evaluate_so3``.  ``B``:
  :func:`gaugemath.ntk.spherical.s2_localized_basis` (filters on points of a cap, any
  support) or :func:`s2_isotropic_basis` (band-limited, per-degree variances).
* :class:`SO3SO3Conv` — the quadrature :math:`G(R_p) = \sum_q ω_q F(Q_q) Ψ(R_p^{-1}Q_q)` of
  Cohen et al. (2018), Eq. (10), with filters :math:`Ψ = \sum_k w_k ψ_k` localised at rotations
  :math:`R_k` (band-limited deltas, :math:`ψ_k(g) = \sum_{ℓ\le L} \frac{2ℓ+1}{8π^2}
  χ_ℓ(R_k^{-1} g)`, :math:`χ_ℓ(ω) = \sin((2ℓ+1)ω/2)/\sin(ω/2)` the character):
  ``E[p, q, k] = ω_q ψ_k(R_p^{-1} Q_q)``.
* :class:`SO3Pool` — :math:`\sum_p ω_p F(R_p)` (SO(3) integration by a quadrature rule;
  weights summing to 1 give the Haar mean): :math:`Σ' = \sum_{p,p'} ω_pω_{p'} Σ(p, p')`.
"""

from __future__ import annotations

import numpy as np

from gaugemath._validation import as_degree, as_real_array
from gaugemath.ntk.dense import WeightLayer
from gaugemath.ntk.stax import Layer, Structure


def _matrices(R, name: str) -> np.ndarray:
    from gaugemath import so3

    M = np.asarray(R) if (np.ndim(R) == 3 and np.shape(R)[-2:] == (3, 3)) else so3.as_matrix(R)
    M = np.asarray(M, dtype=float).reshape(-1, 3, 3)
    if not np.all(np.isfinite(M)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return M


def _real_to_complex_matrix(L: int) -> np.ndarray:
    """T with complex coefficients c = T r (block diagonal Q_ℓ^T)."""
    from gaugemath import complex_to_real

    N = (L + 1) ** 2
    T = np.zeros((N, N), dtype=complex)
    for l in range(L + 1):
        T[l * l:(l + 1) ** 2, l * l:(l + 1) ** 2] = complex_to_real(l).T
    return T


def s2_isotropic_basis(variances) -> np.ndarray:
    """Filter basis ``B`` (complex, ((L+1)², (L+1)²)) of real band-limited filters
    ``ψ = Σ_ℓm √a_ℓ w_ℓm S_ℓm`` (real harmonics S, w ~ N(0, 1)): ``E[ψ̂ψ̂†] = diag(a_ℓ)``."""
    a = as_real_array(variances, "variances")
    if a.ndim != 1 or np.any(a < 0):
        raise ValueError(f"variances must be a 1-D array of a_ℓ >= 0 (ℓ = 0..L), got {a!r}")
    L = a.shape[0] - 1
    scale = np.sqrt(np.repeat(a, 2 * np.arange(L + 1) + 1))
    return _real_to_complex_matrix(L) * scale[None, :]


def so3_localized_filters(out_R, in_R, in_weights, centres, lmax) -> np.ndarray:
    """``E[p, q, k] = ω_q ψ_k(R_p^{-1} Q_q)`` with band-limited deltas ψ_k at ``centres`` (module docstring)."""
    L = as_degree(lmax, "lmax")
    Rp, Qq, Rk = _matrices(out_R, "out_rotations"), _matrices(in_R, "in_rotations"), _matrices(centres, "centres")
    w = as_real_array(in_weights, "in_weights")
    if w.shape != (Qq.shape[0],):
        raise ValueError(f"in_weights must have shape ({Qq.shape[0]},), got {w.shape}")
    # trace(R_k^T R_p^T Q_q) = 1 + 2 cos ω
    tr = np.einsum("kba,pcb,qca->pqk", Rk, Rp, Qq, optimize=True)
    omega = np.arccos(np.clip((tr - 1) / 2, -1.0, 1.0))
    s = np.sin(omega / 2)
    small = np.abs(s) < 1e-12
    psi = np.zeros(omega.shape)
    for l in range(L + 1):
        chi = np.where(small, 2 * l + 1.0, np.sin((2 * l + 1) * omega / 2) / np.where(small, 1.0, s))
        psi += (2 * l + 1) / (8 * np.pi**2) * chi
    return psi * w[None, :, None]


class _SiteLinear(WeightLayer):
    """``y_o(p) = s_w Σ_{c,s,k} x_c(s) W[o,c,k] E[p,s,k] + s_b b_o`` (module docstring)."""

    in_kind = ""

    def __init__(self, out, E, W_std, b_std, parameterization):
        super().__init__(out, W_std, b_std, parameterization)
        self.E = E

    def input_structure(self, shape) -> Structure:
        return Structure(self.in_kind, int(shape[0]), tuple(int(s) for s in shape[1:]))

    def out_structure(self, s):
        if s.kind != self.in_kind or s.sites != (self.E.shape[1],):
            raise ValueError(f"{type(self).__name__} needs {self.in_kind} inputs (batch, C, {self.E.shape[1]}); got "
                             f"{s.kind} of per-example shape {s.shape}")
        return Structure("so3", self.out, (self.E.shape[0],))

    def fan_in(self, s):
        return s.channels

    def weight_shape(self, s):
        return (self.out, s.channels, self.E.shape[2])

    def _linear(self, x, W):
        return np.einsum("ncs,ock,psk->nop", x, W, self.E, optimize=True)

    def apply(self, params, x):
        W, b = self.check_params(params, x.shape[1:])
        if x.ndim != 3 or W.shape[1] != x.shape[1]:
            raise ValueError(f"{type(self).__name__}: input shape {x.shape} does not match the weights {W.shape}")
        self.out_structure(Structure(self.in_kind, x.shape[1], x.shape[2:]))
        sw, sb = self.scales(x.shape[1])
        y = sw * self.forward(x, W)
        return y if b is None else y + sb * b[None, :, None]

    def forward(self, x, W):
        return self._linear(x, W)

    def vjp(self, params, x, y, gy):
        W, b = params["W"], params.get("b")
        sw, sb = self.scales(x.shape[1])
        t = np.einsum("nop,psk->nosk", gy, self.E, optimize=True)
        grads = {"W": sw * np.einsum("nosk,ncs->nock", t, x, optimize=True)}
        if b is not None:
            grads["b"] = sb * gy.sum(axis=2)
        return grads, sw * np.einsum("nosk,ock->ncs", t, W, optimize=True)

    def kernel(self, k):
        s = self.out_structure(k.structure)
        E = self.E

        def fn(K):
            half = np.einsum("...ab,qbk->...aqk", K, E, optimize=True)
            return np.einsum("...aqk,pak->...pq", half, E, optimize=True)
        return self.kernel_linear(k, fn, s)


class S2SO3Conv(_SiteLinear):
    """S² → SO(3) correlation evaluated at ``rotations`` (module docstring).

    Parameters
    ----------
    out : int
        Output channels.
    lmax : int
        Band-limit L of inputs and filters.
    rotations : quaternionic array or (P, 3, 3)
        Where the output is evaluated (e.g. an SO(3) quadrature grid for :class:`SO3Pool`).
    filter_basis : complex array ((L+1)², J)
        ``ψ̂ = B w``: :func:`gaugemath.ntk.spherical.s2_localized_basis` or :func:`s2_isotropic_basis`.
    W_std, b_std, parameterization
        As :class:`gaugemath.ntk.Dense` (``fan_in = C``).
    """

    in_kind = "s2"

    def __init__(self, out, lmax, rotations, filter_basis, W_std=1.0, b_std=0.0, parameterization="ntk"):
        from gaugemath.wigner import wigner_D_all

        self.lmax = L = as_degree(lmax, "lmax")
        B = np.asarray(filter_basis, dtype=complex)
        if B.ndim != 2 or B.shape[0] != (L + 1) ** 2 or not np.all(np.isfinite(B)):
            raise ValueError(f"filter_basis must be a finite ((lmax+1)² = {(L + 1) ** 2}, J) array, got shape {B.shape}")
        self.rotations, self.B, self.T = rotations, B, _real_to_complex_matrix(L)
        Ds = wigner_D_all(L, rotations)
        A = np.zeros((Ds[0].shape[0], (L + 1) ** 2, (L + 1) ** 2), dtype=complex)
        for l, D in enumerate(Ds):
            A[:, l * l:(l + 1) ** 2, l * l:(l + 1) ** 2] = np.conj(D)
        E = np.einsum("ba,pbu,uk->pak", self.T, A, np.conj(B), optimize=True).real
        super().__init__(out, E, W_std, b_std, parameterization)

    def __repr__(self) -> str:
        return f"S2SO3Conv({self.out}, lmax={self.lmax}, P={self.E.shape[0]}, J={self.E.shape[2]}, {self._args()})"

    def forward(self, x, W):
        """Through :mod:`gaugemath.layers.spherical` (real part of the correlation)."""
        from gaugemath.layers.spherical import evaluate_so3, s2_so3_correlation_layer

        c = x @ self.T.T                                   # complex coefficients (n, C, N)
        psi = np.einsum("uk,ock->ocu", self.B, W)          # ψ̂ = B w  (O, C, N)
        return evaluate_so3(s2_so3_correlation_layer(c, psi), self.rotations).real


class SO3SO3Conv(_SiteLinear):
    """SO(3) → SO(3) correlation by quadrature (module docstring): inputs at ``in_rotations``
    with quadrature weights ``in_weights``, outputs at ``out_rotations``, filters localised at
    ``centres`` with band-limit ``lmax``; other arguments as :class:`S2SO3Conv`."""

    in_kind = "so3"

    def __init__(self, out, in_rotations, in_weights, out_rotations, centres, lmax, W_std=1.0, b_std=0.0,
                 parameterization="ntk"):
        super().__init__(out, so3_localized_filters(out_rotations, in_rotations, in_weights, centres, lmax),
                         W_std, b_std, parameterization)

    def __repr__(self) -> str:
        return f"SO3SO3Conv({self.out}, P_in={self.E.shape[1]}, P_out={self.E.shape[0]}, {self._args()})"


class SO3Pool(Layer):
    """``(batch, C, P) -> (batch, C)``: ``Σ_p ω_p F(R_p)`` (module docstring)."""

    def __init__(self, weights):
        w = as_real_array(weights, "weights")
        if w.ndim != 1 or w.shape[0] < 1:
            raise ValueError(f"weights must be a non-empty 1-D array of quadrature weights, got shape {w.shape}")
        self.w = w

    def out_structure(self, s):
        if s.kind != "so3" or s.sites != self.w.shape:
            raise ValueError(f"SO3Pool needs SO(3) features (batch, C, {self.w.shape[0]}); got {s.kind} of shape {s.shape}")
        return Structure("vector", s.channels, ())

    def apply(self, params, x):
        return x @ self.w

    def vjp(self, params, x, y, gy):
        return {}, gy[..., None] * self.w

    def kernel(self, k):
        return k.map_fixed(lambda K: np.einsum("...pq,p,q->...", K, self.w, self.w, optimize=True),
                           self.out_structure(k.structure))

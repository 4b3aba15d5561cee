r"""SE(2) group convolutions with N discrete rotations (regular representation of C_N).

The roto-translation group is discretised as ``SE(2)_N = Z² ⋊ C_N`` with ``C_N`` the rotations
by ``θ_i = 2π i / N`` (Cohen & Welling 2016 §9 for N = 4; Bekkers et al. 2018,
"Roto-translation covariant convolutional networks for medical image analysis", MICCAI;
Weiler, Hamprecht & Storath 2018, "Learning steerable filters for rotation equivariant
CNNs", CVPR).  Feature maps carry the *regular representation* of C_N: an extra axis of
length N that a rotation shifts cyclically.

Conventions (same pixel frame as :mod:`gaugemath.layers.gcnn`)
--------------------------------------------------------------
Pixel ``[i, j]`` of an ``(..., H, W)`` array sits at ``x = j − (W−1)/2``, ``y = (H−1)/2 − i``
(origin at the grid centre, y up); ``R_θ`` rotates counter-clockwise.  Images: ``(batch,
C_in, H, W)``; SE(2)_N feature maps: ``(batch, C, N, H, W)`` with ``F[b, c, i](t)`` the value at
``(t, R_{θ_i})``.  The action of ``u = (t_u, R_{θ_n})`` is

.. math:: [L_u F](t, i) = F(R_{θ_n}^{-1}(t − t_u),\; i − n \bmod N).

Layers (correlations, Cohen & Welling 2016 Eqs. 10–11 with H = C_N)
-------------------------------------------------------------------
.. math::
   [f \star ψ]_o(t, i) &= \sum_{y,c} f_c(y)\, ψ^{(θ_i)}_{o,c}(y - t), \\
   [F \star Ψ]_o(t, i) &= \sum_{y,c,j} F_c(y, j)\, Ψ^{(θ_i)}_{o,c,\, j - i \bmod N}(y - t),

where ``ψ^{(θ)}(z) ≈ ψ(R_θ^{-1} z)`` is the filter rotated by **band-limited resampling**:
``ψ^{(θ)}(z) = P(R_θ^{-1} z)`` on the k×k grid, with ``P`` the trigonometric (Fourier)
interpolant of the filter zero-padded to a ``K × K`` torus, ``K = 3k`` (the padding keeps the
periodic copies of the filter away from the rotated one),

.. math:: P(z) = \sum_{y \in \text{grid}} ψ(y)\, D_K(z_1 - y_1)\, D_K(z_2 - y_2), \qquad
          D_K(u) = \frac1K \sum_{ω=0}^{\lfloor K/2 \rfloor} w_ω \cos\frac{2π ω u}{K},

``w_0 = 1``, ``w_ω = 2`` for ``0 < ω < K/2``, ``w_{K/2} = 1`` (even K, the Nyquist term split
symmetrically so that ``D_K`` is real and even).  ``D_K(n) = δ_{n ≡ 0 (mod K)}`` on integers,
so P interpolates the samples; for θ a multiple of 90° the rotated grid *is* the grid and
the resampling is exactly ``numpy.rot90`` (to round-off, ~1e-16).  Hence, for N divisible
by 4, the layers are **exactly** equivariant under 90° rotations, and approximately under
the other multiples of 2π/N: the error comes from (i) resampling a filter that is not
band-limited (smooth filters that decay inside the inscribed disc do best; the parts of the
filter rotated out of the k×k square are cut off) and (ii) the input image itself only being rotatable approximately
on a grid.  Measured (``tests/layers/test_layers_se2.py::test_equivariance_off_grid_angles``:
Gaussian-blob input on a 25×25 grid rotated analytically, smooth 9×9 filters, error at the
rotation centre relative to the largest response): lift 1.5e-3 / 3.2e-4 / 3.1e-4 and group
convolution 1.3e-3 / 4.7e-4 / 1.1e-3 for N = 5 / 8 / 12 (test tolerance 5e-3).  A delta
filter is not band-limited: its rotation by 2π/6 rings (≈ 0.18 at the neighbours), so the
"identity filter" is the identity only when every θ_i is a quarter turn (N ∈ {1, 2, 4}).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from gaugemath._validation import check_choice
from gaugemath.layers._backend import permute_dims
from gaugemath.groups import SO2
from gaugemath.layers.gcnn import PADDINGS, _as_array, _correlate, _roll, _rot90

__all__ = [
    "dirichlet_kernel",
    "rotation_resampling_matrix",
    "rotate_filters",
    "rotated_filter_bank",
    "lift_se2",
    "group_conv_se2",
    "act_on_features_se2",
    "rotation_angles",
]


def _check_n(n_rotations) -> int:
    if isinstance(n_rotations, (bool, np.bool_)) or not isinstance(n_rotations, (int, np.integer)):
        raise TypeError(f"n_rotations must be a positive integer, got {n_rotations!r}")
    if n_rotations < 1:
        raise ValueError(f"n_rotations must be >= 1, got {n_rotations}")
    return int(n_rotations)


def rotation_angles(n_rotations: int) -> np.ndarray:
    """The angles ``θ_i = 2π i / N``, i = 0..N−1, of the discrete rotation group C_N: index i is
    element i of ``gaugemath.groups.cyclic(N)`` (the rotation :math:`R(θ_i)` =
    ``groups.SO2.from_angle(θ_i)``)."""
    n = _check_n(n_rotations)
    return 2 * np.pi * np.arange(n) / n


def dirichlet_kernel(u, k: int) -> np.ndarray:
    """Real, even periodic interpolation kernel ``D_k(u) = (1/k) Σ_ω w_ω cos(2πωu/k)`` (module docstring).

    ``D_k(n) = 1`` for ``n ≡ 0 (mod k)`` and 0 at the other integers (the trigonometric
    interpolation kernel of k equispaced samples; for odd k it is
    ``sin(πu) / (k sin(πu/k))``).
    """
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    u = np.asarray(u, dtype=np.float64)
    omegas = np.arange(k // 2 + 1)
    w = np.full(omegas.shape, 2.0)
    w[0] = 1.0
    if k % 2 == 0:
        w[-1] = 1.0
    return np.tensordot(np.cos(2 * np.pi * u[..., None] * omegas / k), w, axes=([-1], [0])) / k


@lru_cache(maxsize=256)
def _resampling_matrix(k: int, angle: float) -> np.ndarray:
    pad = k  # interpolate on the zero-padded 3k x 3k torus (no wrap-around of the rotated filter)
    size = k + 2 * pad
    c = (k - 1) / 2
    a, b = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    xy = np.stack([b - c, c - a], axis=-1).reshape(-1, 2).astype(float)  # (k², 2), row-major pixels
    q4 = angle / (np.pi / 2)
    quarter = abs(q4 - round(q4)) < 1e-14
    rinv = SO2.from_angle(-angle)  # R_θ^{-1} (groups.SO2, the one 2-D rotation)
    if quarter:  # exact quarter turns: no trig round-off
        rinv = np.rint(rinv)
    src = xy @ rinv.T  # R_θ^{-1} z for each target z
    diff = src[:, None, :] - xy[None, :, :]
    m = dirichlet_kernel(diff[..., 0], size) * dirichlet_kernel(diff[..., 1], size)
    if quarter:  # the rotated grid is the grid: a permutation, exactly
        m = np.round(m)
    m.setflags(write=False)
    return m


def rotation_resampling_matrix(k: int, angle: float) -> np.ndarray:
    """Matrix ``M`` (k², k²) with ``vec(ψ^{(θ)}) = M vec(ψ)`` (row-major pixels), ψ^{(θ)}(z) = P(R_θ^{-1} z).

    ``P`` is the band-limited interpolant of the k×k samples zero-padded to the 3k×3k torus
    (module docstring); ``M[z, y] = D_{3k}(z'_1 − y_1) D_{3k}(z'_2 − y_2)`` with
    ``z' = R_θ^{-1} z`` in the (x right, y up) frame.  For θ a multiple of π/2 ``M`` is the
    permutation of ``numpy.rot90`` (exact).
    """
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    angle = float(angle)
    if not np.isfinite(angle):
        raise ValueError(f"angle must be finite, got {angle}")
    return _resampling_matrix(int(k), angle).copy()


def rotate_filters(filters, angle: float):
    """Rotate filters ``(..., k, k)`` by ``angle`` (counter-clockwise) with band-limited resampling.

    Returns ``ψ^{(θ)}(z) = P(R_θ^{-1} z)`` on the same grid; exact ``numpy.rot90`` for quarter turns.
    """
    xp, w = _as_array(filters, "filters", 2)
    if w.shape[-1] != w.shape[-2]:
        raise ValueError(f"filters must be square (..., k, k), got shape {tuple(w.shape)}")
    return _apply_rotation(xp, w, float(angle))


def _apply_rotation(xp, w, angle: float):
    k = w.shape[-1]
    q4 = angle / (np.pi / 2)
    if abs(q4 - round(q4)) < 1e-14:
        return _rot90(xp, w, round(q4))
    m = xp.asarray(_resampling_matrix(k, angle))
    if hasattr(xp, "isdtype") and xp.isdtype(w.dtype, "complex floating"):
        m = xp.astype(m, w.dtype)
    flat = xp.reshape(w, tuple(w.shape[:-2]) + (k * k,))
    return xp.reshape(xp.tensordot(flat, m, axes=([-1], [1])), tuple(w.shape))


def rotated_filter_bank(filters, n_rotations: int):
    """Stack ``ψ^{(θ_i)}``, i = 0..N−1, on a new axis −3: ``(..., k, k) → (..., N, k, k)``."""
    n = _check_n(n_rotations)
    xp, w = _as_array(filters, "filters", 2)
    if w.shape[-1] != w.shape[-2]:
        raise ValueError(f"filters must be square (..., k, k), got shape {tuple(w.shape)}")
    return xp.stack([_apply_rotation(xp, w, t) for t in rotation_angles(n)], axis=-3)


def lift_se2(image, filters, n_rotations: int, padding: str = "valid"):
    r"""Lifting correlation Z² → SE(2)_N: ``out[b, o, i](t) = Σ_{y,c} f_c(y) ψ^{(θ_i)}_{o,c}(y − t)``.

    Parameters
    ----------
    image : array (batch, C_in, H, W)
    filters : array (C_out, C_in, k, k)
    n_rotations : N, the rotations θ_i = 2πi/N
    padding : "valid" | "same" | "circular" (as in :mod:`gaugemath.layers.gcnn`)

    Returns
    -------
    array (batch, C_out, N, H', W').  Exactly equivariant under 90° rotations when 4 | N,
    approximately under 2π/N (module docstring for the measured error).
    """
    n = _check_n(n_rotations)
    check_choice(padding, "padding", PADDINGS)
    xp, x = _as_array(image, "image", 4)
    _, w = _as_array(filters, "filters", 4)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(f"image must be (batch, C_in, H, W) and filters (C_out, C_in, k, k); got "
                         f"{tuple(x.shape)}, {tuple(w.shape)}")
    if w.shape[-1] != w.shape[-2]:
        raise ValueError(f"filters must be square (k, k), got shape {tuple(w.shape)}")
    bank = rotated_filter_bank(w, n)  # (C_out, C_in, N, k, k)
    bank = permute_dims(xp, bank, (0, 2, 1, 3, 4))
    c_out, c_in, k = w.shape[0], w.shape[1], w.shape[-1]
    out = _correlate(xp, x, xp.reshape(bank, (c_out * n, c_in, k, k)), padding)
    return xp.reshape(out, (x.shape[0], c_out, n) + tuple(out.shape[-2:]))


def group_conv_se2(features, filters, n_rotations: int, padding: str = "valid"):
    r"""Group correlation SE(2)_N → SE(2)_N.

    ``out[b, o, i](t) = Σ_{y,c,j} F[b, c, j](y) · Ψ^{(θ_i)}[o, c, (j − i) mod N](y − t)``: the filter
    for output rotation i is every slice rotated by θ_i and the C_N axis shifted by i (regular
    representation).

    Parameters
    ----------
    features : array (batch, C_in, N, H, W)
    filters : array (C_out, C_in, N, k, k)
    n_rotations : N
    padding : "valid" | "same" | "circular"
    """
    n = _check_n(n_rotations)
    check_choice(padding, "padding", PADDINGS)
    xp, x = _as_array(features, "features", 5)
    _, w = _as_array(filters, "filters", 5)
    if x.ndim != 5 or x.shape[2] != n:
        raise ValueError(f"features must be (batch, C_in, N = {n}, H, W), got shape {tuple(x.shape)}")
    if w.ndim != 5 or w.shape[2] != n:
        raise ValueError(f"filters must be (C_out, C_in, N = {n}, k, k), got shape {tuple(w.shape)}")
    if w.shape[1] != x.shape[1]:
        raise ValueError(f"channel mismatch: features have C_in = {x.shape[1]}, filters expect {w.shape[1]}")
    if w.shape[-1] != w.shape[-2]:
        raise ValueError(f"filters must be square (k, k), got shape {tuple(w.shape)}")
    angles = rotation_angles(n)
    blocks = []
    for i in range(n):
        shifted = xp.take(w, xp.asarray((np.arange(n) - i) % n), axis=2)  # [.., j] = Ψ[.., j - i]
        blocks.append(_apply_rotation(xp, shifted, angles[i]))
    bank = xp.stack(blocks, axis=1)  # (C_out, N_out, C_in, N_in, k, k)
    c_out, c_in, k = w.shape[0], w.shape[1], w.shape[-1]
    flat = xp.reshape(x, (x.shape[0], c_in * n) + tuple(x.shape[-2:]))
    out = _correlate(xp, flat, xp.reshape(bank, (c_out * n, c_in * n, k, k)), padding)
    return xp.reshape(out, (x.shape[0], c_out, n) + tuple(out.shape[-2:]))


def act_on_features_se2(features, steps: int, n_rotations: int, shift=(0, 0)):
    """Exact action of ``(t, R_{2π·steps/N})`` on SE(2)_N feature maps ``(..., N, H, W)``.

    ``[L_u F](t', i) = F(R^{-1}(t' − t), i − steps mod N)``.  Exact on the grid only for quarter
    turns, so ``steps·4`` must be a multiple of N (ValueError otherwise); shifts are periodic.
    """
    n = _check_n(n_rotations)
    if isinstance(steps, (bool, np.bool_)) or not isinstance(steps, (int, np.integer)):
        raise TypeError(f"steps must be an integer, got {steps!r}")
    if (4 * steps) % n:
        raise ValueError(f"steps·2π/N must be a multiple of π/2 to act exactly on the grid; got steps = {steps}, "
                         f"N = {n}")
    xp, x = _as_array(features, "features", 3)
    if x.shape[-3] != n:
        raise ValueError(f"features must have N = {n} on axis -3, got shape {tuple(x.shape)}")
    if x.shape[-1] != x.shape[-2]:
        raise ValueError(f"features must be square to rotate by 90°, got shape {tuple(x.shape)}")
    moved = xp.take(x, xp.asarray((np.arange(n) - steps) % n), axis=x.ndim - 3)
    return _roll(xp, _rot90(xp, moved, (4 * steps) // n), shift)



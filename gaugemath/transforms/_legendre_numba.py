r"""The Legendre/Wigner step on NumPy arrays with the Numba kernels of
:mod:`._s2_scalar_kernels`, :mod:`._s2_spin_kernels` and :mod:`._so3_kernels` (shared set-up:
:mod:`._kernels`).

One of the two implementations in :data:`gaugemath.transforms.backend.LEGENDRE` (the other
is :mod:`._legendre_xp`); both have the same four functions and shapes:

* ``s2_synthesis(xp, c, lmax, spin, real, theta)``: packed complex coefficients (nb, (L+1)²)
  → ring data :math:`F_m(\theta_r) = \sum_\ell c_{\ell m}\,{}_s\lambda_{\ell m}(\theta_r)`
  (nb, n_rings, n_m), orders of :func:`._rings.orders`;
* ``s2_analysis(xp, G, lmax, spin, real, theta)``: weighted ring data → packed coefficients
  :math:`c_{\ell m} = \sum_r G_m(\theta_r)\,{}_s\lambda_{\ell m}(\theta_r)`;
* ``so3_synthesis(xp, c, lmax, beta)``: packed SO(3) coefficients →
  :math:`G_{m'm}(\beta_j) = \sum_\ell \hat F^\ell_{m'm} d^\ell_{m'm}(\beta_j)` (nb, nβ, 2L+1, 2L+1);
* ``so3_analysis(xp, G, lmax, beta, weights)``: the transpose with the quadrature weights and
  the factor (2ℓ+1)/2 → packed coefficients.

Kernels run serially below :data:`PARALLEL_MIN_WORK` (measured: docs/transforms.md, "small
calls"), in parallel over orders above it when Numba has more than one thread.
"""

from __future__ import annotations

import functools

import numpy as np

from .._jit import use_parallel as _jit_use_parallel
from . import _s2_scalar_kernels as _scalar
from . import _s2_spin_kernels as _spin
from . import _so3_kernels as _so3
from ._rings import log_factorials, ring_geometry, theta_key

__all__ = ["s2_synthesis", "s2_analysis", "so3_synthesis", "so3_analysis", "PARALLEL_MIN_WORK", "use_parallel"]

#: recursion steps (≈ nb · n_rings · (lmax+1)² / 2) below which the kernels run serially.
#: Measured (docs/transforms.md, "Small calls"): with 2 threads on a shared 2-core machine a
#: parallel call costs 6–12 ms of thread-pool start/wake-up, against 10 µs (L = 8) to 7 ms
#: (L = 256, 8.5·10⁶ steps) serially; the crossover lies near L ≈ 300 on GL grids.
PARALLEL_MIN_WORK = 10_000_000


def use_parallel(work) -> bool:
    """Whether a kernel call of ``work`` recursion steps runs in parallel (the package's one
    switch, :func:`gaugemath._jit.use_parallel`, with this module's threshold)."""
    return _jit_use_parallel(work, PARALLEL_MIN_WORK)


#: below this degree no ring pair is skipped (the skip is an optimisation only: skipped pairs
#: carry values the kernels' scale mask zeroes anyway), which spares small first calls the
#: compilation of ``first_live_pair`` (1.2 s of CPU measured, docs/transforms.md).
LIVE_SCAN_MIN_LMAX = 64


@functools.lru_cache(maxsize=32)
def _first_live_pairs(lmax, key: bytes):
    """Per order m, the first ring pair (t-sorted) whose spin-0 values reach 2^-150 by
    degree lmax (``_s2_scalar_kernels.first_live_pair``); earlier pairs are skipped.  All zeros
    (no skip) below :data:`LIVE_SCAN_MIN_LMAX`."""
    out = np.zeros(lmax + 1, dtype=np.int64)
    if lmax >= LIVE_SCAN_MIN_LMAX:
        tt, logc, logs, _, _ = ring_geometry(np.frombuffer(key, dtype=np.float64))
        _scalar.first_live_pair(lmax, tt, logc, logs, log_factorials(2 * lmax + 2), out)
    out.setflags(write=False)
    return out


def s2_synthesis(xp, c, lmax, spin, real, theta):
    key = theta_key(theta)
    tt, logc, logs, north, south = ring_geometry(theta)
    nb = c.shape[0]
    n_rings = int(theta.shape[0])
    n_m = lmax + 1 if real else 2 * lmax + 1
    lf = log_factorials(2 * lmax + 2)
    par = use_parallel(nb * n_rings * (lmax + 1) ** 2 // 2)
    if spin == 0:
        out = np.zeros((nb, n_rings, n_m), dtype=complex)
        live = _first_live_pairs(lmax, key)
        _scalar.s2_synthesis_scalar(lmax, bool(real), np.ascontiguousarray(c, dtype=complex), tt, logc, logs, north,
                                    south, lf, live, out, parallel=par)
        return out
    out_re = np.zeros((nb, n_rings, n_m))
    out_im = np.zeros((nb, n_rings, n_m))
    _spin.s2_synthesis_kernel(lmax, int(spin), bool(real), np.ascontiguousarray(c.real), np.ascontiguousarray(c.imag),
                              tt, logc, logs, north, south, lf, out_re, out_im, parallel=par)
    return out_re + 1j * out_im


def s2_analysis(xp, G, lmax, spin, real, theta):
    key = theta_key(theta)
    tt, logc, logs, north, south = ring_geometry(theta)
    nb = G.shape[0]
    lf = log_factorials(2 * lmax + 2)
    par = use_parallel(nb * int(theta.shape[0]) * (lmax + 1) ** 2 // 2)
    if spin == 0:
        out = np.zeros((nb, (lmax + 1) ** 2), dtype=complex)
        live = _first_live_pairs(lmax, key)
        _scalar.s2_analysis_scalar(lmax, bool(real), np.ascontiguousarray(G, dtype=complex), tt, logc, logs, north,
                                   south, lf, live, out, parallel=par)
        return out
    out_re = np.zeros((nb, (lmax + 1) ** 2))
    out_im = np.zeros((nb, (lmax + 1) ** 2))
    _spin.s2_analysis_kernel(lmax, int(spin), bool(real), np.ascontiguousarray(G.real), np.ascontiguousarray(G.imag),
                             tt, logc, logs, north, south, lf, out_re, out_im, parallel=par)
    return out_re + 1j * out_im


def so3_synthesis(xp, c, lmax, beta):
    nb = c.shape[0]
    nbeta = int(beta.shape[0])
    n = 2 * lmax + 1
    g_re = np.zeros((nb, nbeta, n, n))
    g_im = np.zeros_like(g_re)
    par = use_parallel(nb * nbeta * (lmax + 1) ** 3)
    _so3.so3_synthesis_kernel(lmax, np.ascontiguousarray(c.real), np.ascontiguousarray(c.imag),
                              np.ascontiguousarray(beta, dtype=np.float64), g_re, g_im, parallel=par)
    return g_re + 1j * g_im


def so3_analysis(xp, G, lmax, beta, weights):
    nb = G.shape[0]
    nbeta = int(beta.shape[0])
    n_out = (lmax + 1) * (2 * lmax + 1) * (2 * lmax + 3) // 3
    o_re = np.zeros((nb, n_out))
    o_im = np.zeros((nb, n_out))
    par = use_parallel(nb * nbeta * (lmax + 1) ** 3)
    _so3.so3_analysis_kernel(lmax, np.ascontiguousarray(G.real), np.ascontiguousarray(G.imag),
                             np.ascontiguousarray(beta, dtype=np.float64),
                             np.ascontiguousarray(weights, dtype=np.float64), o_re, o_im, parallel=par)
    return o_re + 1j * o_im

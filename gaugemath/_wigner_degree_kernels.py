"""Numba kernels for fixed-degree Wigner matrices: d^n(b), D^n(R) and real-basis D^n(R) of one
integer degree n, and of every degree l <= L at once (packed), for batches of angles/rotations.

Method (the recursions themselves are in :mod:`gaugemath._wigner_kernels`): row m' = 0,
d^n_{0,m}(b) = sqrt((n-m)!/(n+m)!) P_n^m(cos b) (no Condon-Shortley phase), comes from the fully
normalised Legendre recursion (:func:`~gaugemath._wigner_kernels.legendre_all`, Holmes &
Featherstone 2002), the wedge |m'| <= m <= n from the J_x / J_y relations of Gumerov &
Duraiswami, SIAM J. Sci. Comput. 38 (2016), arXiv:1403.7698, Eqs. 41, 50
(:func:`~gaugemath._wigner_kernels.d_band`), and the rest of d^n by the symmetries

    d_{m'm} = (-1)^(m'-m) d_{mm'} = d_{-m,-m'}.

The full D^n(R) of a unit quaternion q = (w, x, y, z) follows with Ra = w + iz = cos(b/2) e^{i(a+g)/2},
Rb = y - ix = sin(b/2) e^{i(a-g)/2}:

    D^n_{m'm}(R) = e^{-i(m'+m) arg Ra} d^n_{m'm}(b) e^{-i(m'-m) arg Rb},

the phase powers from :func:`~gaugemath._wigner_kernels.unit_phase_powers` (double-double,
~0.5 ulp for every power).  O(n^2) per matrix; all degrees l <= L cost O(L^3) per rotation.

Each batch kernel is a serial body plus a thin ``parallel=True`` driver over chunks (see
:mod:`gaugemath._jit`).
"""

from __future__ import annotations

import math

import numpy as np

from ._jit import jit, prange
from ._wigner_kernels import d_band, legendre_all, unit_phase_powers

@jit
def d_wedge(n, ra, rb, tabs, P, W):
    """W[m' + n, m] = d^n_{m'm}(b) on the wedge |m'| <= m <= n (ra = cos(b/2), rb = sin(b/2));
    P is an (n+1, n+1) work array for :func:`~gaugemath._wigner_kernels.legendre_all`."""
    c, a, b = tabs
    legendre_all(n, ra, rb, a, b, P)
    d_band(n, n, ra, rb, c, P[n], W)


@jit
def _d_fill(n, W, out):
    """Real d^n from its wedge by the symmetries of d."""
    for a_ in range(-n, n + 1):
        for m in range(abs(a_), n + 1):
            v = W[a_ + n, m]
            s = -1.0 if (a_ - m) % 2 else 1.0
            out[a_ + n, m + n] = v
            out[m + n, a_ + n] = s * v
            out[-m + n, -a_ + n] = v
            out[-a_ + n, -m + n] = s * v


@jit
def _D_fill_phased(n, W, ea, eb, out):
    """Complex D^n(q) from the wedge of d^n.  With Ra = w + iz = cos(b/2) e^{i(a+g)/2} and
    Rb = y - ix = sin(b/2) e^{i(a-g)/2}: D^n_{m'm} = e^{-i(m'+m) arg Ra} d^n_{m'm}(b) e^{-i(m'-m) arg Rb};
    ea[k] = e^{-ik arg Ra}, eb[k] = e^{-ik arg Rb} (k <= 2n at least, :func:`_phases`)."""
    for a_ in range(-n, n + 1):
        for m in range(abs(a_), n + 1):
            v = W[a_ + n, m]
            s = -1.0 if (a_ - m) % 2 else 1.0
            p = a_ + m  # >= 0
            d = a_ - m  # <= 0
            e1 = ea[p] * eb[-d].conjugate()  # e^{-i p pa} e^{-i d pb}
            e2 = ea[p] * eb[-d]  # e^{-i p pa} e^{+i d pb}
            out[a_ + n, m + n] = e1 * v
            out[m + n, a_ + n] = s * e2 * v
            out[-m + n, -a_ + n] = e2.conjugate() * v
            out[-a_ + n, -m + n] = s * e1.conjugate() * v


@jit
def _wedge_get(n, W, a, b):
    """d^n_{ab} from the wedge W (|m'| <= m) by d_{ab} = (-1)^(a-b) d_{ba} = d_{-b,-a} = (-1)^(a-b) d_{-a,-b}."""
    if abs(a) <= b:
        return W[a + n, b]
    s = -1.0 if (a - b) % 2 else 1.0
    if abs(b) <= a:
        return s * W[b + n, a]
    if abs(b) <= -a:
        return W[-b + n, -a]
    return s * W[-a + n, -b]


@jit
def _D_real_fill_phased(n, W, ea, eb, out):
    """Real-basis D^n(q) = Re(Q conj(D) Q^dagger) directly from the wedge of d^n and the phase
    powers ea[k], eb[k] of :func:`_D_fill_phased` (k <= 2n at least).

    With x = D_{mu,nu}, y = D_{mu,-nu} (mu, nu >= 0), p = (-1)^mu, r = (-1)^nu, and Q of
    ``real_basis`` (two non-zeros per row), the entries are, with x1 = Re x, x2 = -Im x,
    y1 = Re y, y2 = -Im y:
    (mu, nu) -> pr x1 + p y1;  (mu, -nu) -> -pr x2 + p y2;  (-mu, nu) -> pr x2 + p y2;
    (-mu, -nu) -> pr x1 - p y1;  (0, nu) -> sqrt2 r x1;  (0, -nu) -> -sqrt2 r x2;
    (mu, 0) -> sqrt2 p x1;  (-mu, 0) -> sqrt2 p x2;  (0, 0) -> x1   (mu, nu > 0 where shown);
    derived from D_{-a,-b} = (-1)^(a-b) conj(D_{ab})."""
    r2 = math.sqrt(2.0)
    for mu in range(n + 1):
        p = -1.0 if mu % 2 else 1.0
        for nu in range(n + 1):
            r = -1.0 if nu % 2 else 1.0
            # D_{mu,nu} = E_a(mu+nu) E_b(mu-nu) d_{mu,nu};  E(-k) = conj(E(k))
            k = mu - nu
            eb_k = eb[k] if k >= 0 else eb[-k].conjugate()
            x = ea[mu + nu] * eb_k * _wedge_get(n, W, mu, nu)
            x1 = x.real
            x2 = -x.imag
            if mu == 0 and nu == 0:
                out[n, n] = x1
            elif mu == 0:
                out[n, n + nu] = r2 * r * x1
                out[n, n - nu] = -r2 * r * x2
            elif nu == 0:
                out[n + mu, n] = r2 * p * x1
                out[n - mu, n] = r2 * p * x2
            else:
                eb_k2 = eb[mu + nu]
                k3 = mu - nu
                ea_k = ea[k3] if k3 >= 0 else ea[-k3].conjugate()
                y = ea_k * eb_k2 * _wedge_get(n, W, mu, -nu)
                y1 = y.real
                y2 = -y.imag
                pr = p * r
                out[n + mu, n + nu] = pr * x1 + p * y1
                out[n + mu, n - nu] = -pr * x2 + p * y2
                out[n - mu, n + nu] = pr * x2 + p * y2
                out[n - mu, n - nu] = pr * x1 - p * y1


@jit
def _half_angles(q):
    """cos(b/2), sin(b/2) of a unit quaternion (w, x, y, z)."""
    ra = math.hypot(q[0], q[3])
    rb = math.hypot(q[1], q[2])
    r = math.hypot(ra, rb)
    return ra / r, rb / r


@jit
def _phases(q, K, ea, eb):
    """ea[k] = e^{-ik arg(w + iz)}, eb[k] = e^{-ik arg(y - ix)}, k = 0..K, of q = (w, x, y, z)."""
    unit_phase_powers(q[0], q[3], K, ea)
    unit_phase_powers(q[2], -q[1], K, eb)


@jit
def _D_degree_range(n, quats, lo, hi, tabs, out_c, out_r):
    """Rotations quats[lo:hi]: complex D^n into out_c or, if out_c is empty, real-basis D^n
    into out_r (one compiled kernel for both bases)."""
    P = np.zeros((n + 1, n + 1))
    W = np.zeros((2 * n + 1, n + 1))
    ea = np.empty(2 * n + 1, np.complex128)
    eb = np.empty(2 * n + 1, np.complex128)
    complex_out = out_c.shape[0] > 0
    for i in range(lo, hi):
        ra, rb = _half_angles(quats[i])
        d_wedge(n, ra, rb, tabs, P, W)
        _phases(quats[i], 2 * n, ea, eb)
        if complex_out:
            _D_fill_phased(n, W, ea, eb, out_c[i])
        else:
            _D_real_fill_phased(n, W, ea, eb, out_r[i])


@jit
def wigner_D_degree(n, quats, c, a, b, out):
    """out[i] = complex D^n(quats[i]) (integer n), serial; c = c_row(n), (a, b) = legendre_tables(n)."""
    _D_degree_range(n, quats, 0, quats.shape[0], (c, a, b), out, np.empty((0, 0, 0)))


@jit(parallel=True)
def wigner_D_degree_parallel(n, quats, c, a, b, out, nchunk):
    """Parallel over ``nchunk`` chunks of rotations (1 <= nchunk <= len(quats)); same result
    as :func:`wigner_D_degree`."""
    tabs = (c, a, b)
    nq = quats.shape[0]
    no_r = np.empty((0, 0, 0))
    for k in prange(nchunk):
        _D_degree_range(n, quats, k * nq // nchunk, (k + 1) * nq // nchunk, tabs, out, no_r)


@jit
def wigner_D_real_degree(n, quats, c, a, b, out):
    """out[i] = real-basis D^n(quats[i]) (integer n), serial; c = c_row(n), (a, b) = legendre_tables(n)."""
    _D_degree_range(n, quats, 0, quats.shape[0], (c, a, b), np.empty((0, 0, 0), np.complex128), out)


@jit(parallel=True)
def wigner_D_real_degree_parallel(n, quats, c, a, b, out, nchunk):
    """Parallel over ``nchunk`` chunks of rotations; same result as :func:`wigner_D_real_degree`."""
    tabs = (c, a, b)
    nq = quats.shape[0]
    no_c = np.empty((0, 0, 0), np.complex128)
    for k in prange(nchunk):
        _D_degree_range(n, quats, k * nq // nchunk, (k + 1) * nq // nchunk, tabs, no_c, out)


@jit
def _d_degree_range(n, betas, lo, hi, tabs, out):
    P = np.zeros((n + 1, n + 1))
    W = np.zeros((2 * n + 1, n + 1))
    for i in range(lo, hi):
        h = 0.5 * betas[i]
        d_wedge(n, math.cos(h), math.sin(h), tabs, P, W)
        _d_fill(n, W, out[i])


@jit
def wigner_d_degree(n, betas, c, a, b, out):
    """out[i] = real d^n(betas[i]) (integer n), serial; c = c_row(n), (a, b) = legendre_tables(n)."""
    _d_degree_range(n, betas, 0, betas.shape[0], (c, a, b), out)


@jit(parallel=True)
def wigner_d_degree_parallel(n, betas, c, a, b, out, nchunk):
    """Parallel over ``nchunk`` chunks of angles (1 <= nchunk <= len(betas)); same result
    as :func:`wigner_d_degree`."""
    tabs = (c, a, b)
    nb = betas.shape[0]
    for k in prange(nchunk):
        _d_degree_range(n, betas, k * nb // nchunk, (k + 1) * nb // nchunk, tabs, out)


# ----------------------------------------------------------------------------------------
# All degrees l <= L at once: one Legendre sweep gives row m' = 0 of every degree, then the
# fixed-degree wedge recursion per degree (O(L^3) per rotation, like the recursion in the
# degree, but accurate near the poles, where that one loses ~1e-12 at l ~ 100).
# Packed layout: out[i, off(l) + (m'+l)(2l+1) + (m+l)], off(l) = l(4l^2 - 1)/3.
# ----------------------------------------------------------------------------------------


@jit
def _all_range(L, quats, betas, lo, hi, tabs, out_c, out_r):
    """Rotations quats[lo:hi] (complex D into out_c, or, if out_c is empty, real-basis D into
    out_r) or angles betas[lo:hi] (real d into out_r), all degrees l <= L."""
    C, a, b = tabs
    P = np.zeros((L + 1, L + 1))
    W = np.zeros((2 * L + 1, L + 1))
    ea = np.empty(2 * L + 1, np.complex128)
    eb = np.empty(2 * L + 1, np.complex128)
    for i in range(lo, hi):
        if quats.shape[0] > 0:
            ra, rb = _half_angles(quats[i])
            _phases(quats[i], 2 * L, ea, eb)
        else:
            ra = math.cos(0.5 * betas[i])
            rb = math.sin(0.5 * betas[i])
        legendre_all(L, ra, rb, a, b, P)
        for ell in range(L + 1):
            Wl = W[: 2 * ell + 1, : ell + 1]
            d_band(ell, ell, ra, rb, C[ell], P[ell], Wl)
            off = ell * (4 * ell * ell - 1) // 3
            w = 2 * ell + 1
            if quats.shape[0] > 0 and out_c.shape[0] > 0:
                _D_fill_phased(ell, Wl, ea, eb, out_c[i, off : off + w * w].reshape((w, w)))
            elif quats.shape[0] > 0:
                _D_real_fill_phased(ell, Wl, ea, eb, out_r[i, off : off + w * w].reshape((w, w)))
            else:
                _d_fill(ell, Wl, out_r[i, off : off + w * w].reshape((w, w)))


@jit
def wigner_D_all_from_quaternions(L, quats, C, a, b, out):
    """Packed complex D^l(quats[i]) for all l <= L (serial); C = c_all(L), (a, b) = legendre_tables(L)."""
    _all_range(L, quats, np.empty(0), 0, quats.shape[0], (C, a, b), out, np.empty((0, 0)))


@jit(parallel=True)
def wigner_D_all_parallel(L, quats, C, a, b, out, nchunk):
    """:func:`wigner_D_all_from_quaternions` over ``nchunk`` chunks of rotations in parallel."""
    tabs = (C, a, b)
    nq = quats.shape[0]
    for k in prange(nchunk):
        _all_range(L, quats, np.empty(0), k * nq // nchunk, (k + 1) * nq // nchunk, tabs, out, np.empty((0, 0)))


@jit
def wigner_d_all(L, betas, C, a, b, out):
    """Packed real d^l(betas[i]) for all l <= L (serial); C = c_all(L), (a, b) = legendre_tables(L)."""
    _all_range(L, np.empty((0, 4)), betas, 0, betas.shape[0], (C, a, b), np.empty((0, 0), np.complex128), out)


@jit(parallel=True)
def wigner_d_all_parallel(L, betas, C, a, b, out, nchunk):
    """:func:`wigner_d_all` over ``nchunk`` chunks of angles in parallel."""
    tabs = (C, a, b)
    nb = betas.shape[0]
    for k in prange(nchunk):
        _all_range(L, np.empty((0, 4)), betas, k * nb // nchunk, (k + 1) * nb // nchunk, tabs, np.empty((0, 0), np.complex128), out)


@jit
def wigner_D_all_real(L, quats, C, a, b, out):
    """Packed real-basis D^l(quats[i]) for all l <= L (serial)."""
    _all_range(L, quats, np.empty(0), 0, quats.shape[0], (C, a, b), np.empty((0, 0), np.complex128), out)


@jit(parallel=True)
def wigner_D_all_real_parallel(L, quats, C, a, b, out, nchunk):
    """:func:`wigner_D_all_real` over ``nchunk`` chunks of rotations in parallel."""
    tabs = (C, a, b)
    nq = quats.shape[0]
    for k in prange(nchunk):
        _all_range(L, quats, np.empty(0), k * nq // nchunk, (k + 1) * nq // nchunk, tabs, np.empty((0, 0), np.complex128), out)

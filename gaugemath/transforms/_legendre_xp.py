r"""The Legendre/Wigner step written against an array namespace ``xp`` (NumPy or CuPy).

One of the two implementations in :data:`gaugemath.transforms.backend.LEGENDRE` (the other
is :mod:`._legendre_numba`, same four functions and shapes: see its docstring).  Every
function takes the array module ``xp`` first and uses only operations that exist with the
same names and semantics in NumPy and CuPy (``asarray, zeros, empty, where, exp, sqrt,
abs, any, cumprod, concatenate, transpose, matmul``, slicing and integer index arrays).
No Numba, no Python loop over rings: the degree ℓ is the Python loop (L steps of
vectorised work over all (order, ring) pairs at once), at spin 0 once per chunk of orders
(a handful of chunks, see below).  Selected by ``backend="xp"`` (any input) or by CuPy input; the rest
of the pipeline (ring FFTs, MW re-sampling, HEALPix iterations) is :mod:`._rings`.

Legendre / Wigner-d part
------------------------
For a set of order pairs :math:`(m, m')` the normalised Wigner functions
:math:`\lambda_\ell(\theta) = \sqrt{(2\ell+1)/4\pi}\, d^\ell_{m m'}(\theta)` are generated
degree by degree on all northern rings at once with the three-term recursion of
Kostelec & Rockmore (2008), Eq. (3.2), written as in :mod:`gaugemath.transforms._kernels`

.. math:: \lambda_{\ell+1} = \bigl(A_\ell(1-B_\ell)\lambda_\ell - C_\ell\lambda_{\ell-1}\bigr) - A_\ell\,t\,\lambda_\ell,
          \qquad t = 1-\cos\theta = 2\sin^2(\theta/2),

with :math:`A_\ell, B_\ell, C_\ell` of that module (computed per block of degrees, O(K P)
numbers, never an L×P or L³ table).  Each pair starts at :math:`\ell_0=\max(|m|,|m'|)` from
Wigner's one-term closed form
:math:`d^{j}_{j,b} = (-1)^{j-b}\sqrt{\binom{2j}{j+b}}\cos^{j+b}\tfrac\theta2\sin^{j-b}\tfrac\theta2`
(and its symmetries), evaluated in logarithms with a double-double log-factorial table.
Pairs are sorted by :math:`\ell_0`, so at degree ℓ the live pairs are a prefix of the
arrays and the work is the triangle :math:`\ell_0\le\ell` only.  Inside a block of degrees
the arrays hold :math:`\mu_\ell=\lambda_\ell/S_\ell` with :math:`S_{\ell+1}=A_\ell S_\ell`
(:func:`_wigner_blocks`), which takes the per-pair factor A out of the per-degree passes.
Spin 0 runs the orders in chunks (about ``DEFAULT_CHUNK_ELEMENTS`` values), each on the
rings from the first one where some :math:`|\lambda_{\ell m}|\ge2^{-150}`, ℓ <= lmax
(rings sorted pole → equator; :func:`_live_ring_start`), as the Numba kernels skip their
dead ring pairs.

Scaling: each (pair, ring) value is carried as :math:`p\cdot2^{e}` (in a block: μ in place
of λ, the check below compares :math:`|\mu| S` with the bound; while no live value has
e < 0 the check and the factor are skipped) with an integer array
``e`` (a multiple of 600, ``e <= 0``).  Seeds below :math:`2^{-300}` get
:math:`e = -600k` so that :math:`2^{-300}\le|p|<2^{300}`; every 8 degrees, where
:math:`|p_\ell| > 2^{600}` both :math:`p_\ell, p_{\ell-1}` are multiplied by
:math:`2^{-600}` (exact) and ``e`` raised by 600.  Checking every 8 steps is safe: one
step multiplies :math:`\max(|p_\ell|,|p_{\ell-1}|)` by at most
:math:`3A_\ell + C_\ell \lesssim 3m/(k+1)` at :math:`\ell=\ell_0+k` (t ≤ 1 on northern
rings, :math:`|1-B|\le2`), so 8 steps grow it by less than :math:`2^{104}` for orders
below :math:`2^{13}`, well inside the :math:`2^{1023}/2^{600}` headroom.  The true value is
``p · 2^e``; it is formed as ``p * sc`` with ``sc = 1`` (e = 0), :math:`2^{-600}`
(e = −600) or 0 (e ≤ −1200: values below :math:`2^{-600}` of the O(1) ones, which
cannot change the sums), until the value has grown into the double range.  Seeds with
:math:`\log|\lambda_{\ell_0}| < -10^6` (never recoverable in fewer than ~10⁴ degrees) are
set to 0.  This is the Holmes–Featherstone (2002) "extended range" idea with a 2^600
chunk; it never over- or underflows at L = 1024 (tested) or beyond.

Degrees are processed in blocks of K; the K values of λ of a block are stored in a buffer
``Lam`` (P_live, K, R_half), and the sums over ℓ (synthesis) or over rings (analysis) are
batched matrix products over the pairs (``matmul``: cuBLAS batched GEMM on the GPU).

Ring symmetry: only northern rings are recursed; a ring θ and its mirror π−θ share the
recursion through :math:`d^\ell_{m m'}(\pi-\theta) = (-1)^{\ell+m}d^\ell_{m,-m'}(\theta)` and
:math:`d^\ell_{-m,-m'} = (-1)^{m-m'}d^\ell_{m m'}` (Sakurai 3.8.36; the same identities
as the Numba kernels).  Each computed pair serves up to four (order, hemisphere)
"targets" with a sign :math:`\pm(-1)^\ell`.
"""

from __future__ import annotations

import functools

import numpy as np

from ._legendre_xp_blocks import (  # noqa: F401 - _Plan, LIVE, ... are used by the tests
    DEFAULT_BLOCK_ELEMENTS,
    DEFAULT_CHUNK_ELEMENTS,
    LIVE,
    _Plan,
    _chunks,
    _live_ring_start,
    _s2_plan,
    _so3_plan,
    _wigner_blocks,
)
from ._rings import ring_geometry


__all__ = ["s2_synthesis", "s2_analysis", "so3_synthesis", "so3_analysis"]


#: sizes on an accelerator (CuPy and other non-NumPy namespaces): every order in one chunk and
#: 64-degree blocks, because there each array pass is one kernel launch (~10 µs of launch and
#: Python overhead) and the cache-sized CPU chunks multiplied the launches by the number of
#: chunks (L = 1024 on an H200: 6.9 s with the CPU sizes)
DEVICE_BLOCK_ELEMENTS = 2**28
DEVICE_CHUNK_ELEMENTS = 2**62


def _sizes(xp, block_elements, chunk_elements):
    """The (block, chunk) sizes: the given ones, else the CPU defaults for NumPy (cache-sized)
    and the device ones for any other namespace."""
    on_host = getattr(xp, "__name__", "").split(".")[0] in ("numpy", "array_api_strict")
    if block_elements is None:
        block_elements = DEFAULT_BLOCK_ELEMENTS if on_host else DEVICE_BLOCK_ELEMENTS
    if chunk_elements is None:
        chunk_elements = DEFAULT_CHUNK_ELEMENTS if on_host else DEVICE_CHUNK_ELEMENTS
    return block_elements, chunk_elements


def _geometry(xp, theta):
    """Device ring-pair geometry (tt, log cos, log sin) and host (north, south) indices."""
    tt, logc, logs, north, south = ring_geometry(np.asarray(theta, dtype=np.float64))
    return xp.asarray(tt), xp.asarray(logc), xp.asarray(logs), north, south


def _run(idx):
    """(start, stop) when the host integer array ``idx`` is start, start+1, ..., stop−1; else None."""
    idx = np.asarray(idx)
    if idx.size == 0 or idx[-1] - idx[0] != idx.size - 1 or np.any(np.diff(idx) != 1):
        return None
    return int(idx[0]), int(idx[-1]) + 1


def _parity(ells):
    return np.where(np.asarray(ells) % 2 == 1, -1.0, 1.0)


def _legendre_synthesis(xp, plan, Cd, theta, norm_l=None, block_elements=None,
                        chunk_elements=None):
    """Cd (rows, lmax+1, n_cols) real dense coefficients -> ring data (rows, n_rings, n_cols):
    out[:, ring, col] = Σ_ℓ Σ_targets sign · norm_l[ℓ] · Cd[:, ℓ, col] λ_ℓ(ring)."""
    block_elements, chunk_elements = _sizes(xp, block_elements, chunk_elements)
    tt, logc, logs, north, south = _geometry(xp, theta)
    rows = Cd.shape[0]
    R = int(tt.shape[0])
    P = plan.m.size
    T = len(plan.targets)
    acc = xp.zeros((P, T * rows, R))
    src = [xp.asarray(np.maximum(tg.cols, 0)) for tg in plan.targets]
    sgn = [xp.asarray(tg.sign_j) for tg in plan.targets]
    for pa, r0, la, lb, n, Lam, S in _chunks(xp, plan, tt, logc, logs, block_elements, chunk_elements):
        ells = np.arange(la, lb)
        w = np.ones(lb - la) if norm_l is None else norm_l[la:lb]
        pieces = []
        for tg, s_idx, s_j in zip(plan.targets, src, sgn):
            wl = xp.asarray(w * (_parity(ells) if tg.parity_l else 1.0))
            block = Cd[:, la:lb, :][:, :, s_idx[pa : pa + n]]  # (rows, K, n)
            block = block * (wl[:, None] * s_j[None, pa : pa + n] * S)[None]
            pieces.append(xp.transpose(block, (2, 0, 1)))  # (n, rows, K)
        coef = xp.concatenate(pieces, axis=1) if T > 1 else pieces[0]
        acc[pa : pa + n, :, r0:] += xp.matmul(coef, Lam)
    n_rings = int(np.asarray(theta).shape[0])
    out = xp.zeros((rows, n_rings, plan.n_cols))
    for t_i, tg in enumerate(plan.targets):
        ring_idx = north if tg.hemi == 0 else south
        valid_r = np.nonzero(ring_idx >= 0)[0]
        valid_j = np.nonzero(tg.cols >= 0)[0]
        if valid_r.size == 0 or valid_j.size == 0:
            continue
        vals = acc[:, t_i * rows : (t_i + 1) * rows, :]  # (P, rows, R)
        jr, cr = _run(valid_j), _run(tg.cols[valid_j])
        if jr is not None and cr is not None:  # contiguous pairs and columns: slices, one index array
            vals = xp.transpose(vals[jr[0] : jr[1]][:, :, xp.asarray(valid_r)], (1, 2, 0))  # (rows, r, j)
            out[:, xp.asarray(ring_idx[valid_r]), cr[0] : cr[1]] += vals
            continue
        vals = vals[xp.asarray(valid_j)][:, :, xp.asarray(valid_r)]  # (j, rows, r)
        vals = xp.transpose(vals, (1, 2, 0))  # (rows, r, j)
        ri = xp.asarray(ring_idx[valid_r])[:, None]
        ci = xp.asarray(tg.cols[valid_j])[None, :]
        out[:, ri, ci] += vals
    return out


def _legendre_analysis(xp, plan, G, theta, norm_l=None, block_elements=None,
                       chunk_elements=None):
    """G (rows, n_rings, n_cols) real weighted ring data -> dense coefficients
    (rows, lmax+1, n_cols): Cd[:, ℓ, col] = Σ_rings Σ_targets sign · norm_l[ℓ] G λ_ℓ."""
    block_elements, chunk_elements = _sizes(xp, block_elements, chunk_elements)
    tt, logc, logs, north, south = _geometry(xp, theta)
    rows, n_rings, _ = G.shape
    lmax = plan.lmax
    Gpad = xp.concatenate([G, xp.zeros((rows, 1, G.shape[2]))], axis=1)  # ring -1 -> zeros
    pieces = []
    for tg in plan.targets:
        ring_idx = north if tg.hemi == 0 else south
        ri = xp.asarray(np.where(ring_idx >= 0, ring_idx, n_rings))
        ci = xp.asarray(np.maximum(tg.cols, 0))
        g = Gpad[:, ri, :][:, :, ci]  # (rows, R, P)
        pieces.append(xp.transpose(g, (2, 0, 1)))  # (P, rows, R)
    Grow = xp.concatenate(pieces, axis=1)
    Cd = xp.zeros((rows, lmax + 1, plan.n_cols))
    sgn = [xp.asarray(tg.sign_j) for tg in plan.targets]
    valid = [np.nonzero(tg.cols >= 0)[0] for tg in plan.targets]
    for pa, r0, la, lb, n, Lam, S in _chunks(xp, plan, tt, logc, logs, block_elements, chunk_elements):
        ells = np.arange(la, lb)
        w = np.ones(lb - la) if norm_l is None else norm_l[la:lb]
        out = xp.matmul(Grow[pa : pa + n, :, r0:], xp.transpose(Lam, (0, 2, 1)))  # (n, T rows, K)
        out = out * xp.transpose(S, (1, 0))[:, None, :]  # λ = Lam · S
        for t_i, tg in enumerate(plan.targets):
            vj = valid[t_i][(valid[t_i] >= pa) & (valid[t_i] < pa + n)]
            if vj.size == 0:
                continue
            wl = xp.asarray(w * (_parity(ells) if tg.parity_l else 1.0))
            vals = out[:, t_i * rows : (t_i + 1) * rows, :] * (sgn[t_i][pa : pa + n, None, None] * wl[None, None, :])
            jr, cr = _run(vj - pa), _run(tg.cols[vj])
            if jr is not None and cr is not None:  # contiguous pairs and columns: slices only
                Cd[:, la:lb, cr[0] : cr[1]] += xp.transpose(vals[jr[0] : jr[1]], (1, 2, 0))
                continue
            vals = xp.transpose(vals[xp.asarray(vj - pa)], (1, 2, 0))  # (rows, K, j)
            li = xp.asarray(ells)[:, None]
            ci = xp.asarray(tg.cols[vj])[None, :]
            Cd[:, li, ci] += vals
    return Cd


# ----------------------------------------------------------------------------- S² layouts
@functools.lru_cache(maxsize=16)
def _s2_dense_index(lmax, spin, real):
    """Packed indices ℓ²+ℓ+m (ℓ >= |s|, m >= 0 if real) and their flat dense positions ℓ·n_cols + col."""
    ell = np.concatenate([np.full(2 * l + 1, l) for l in range(lmax + 1)])
    m = np.concatenate([np.arange(-l, l + 1) for l in range(lmax + 1)])
    keep = ell >= abs(spin)
    if real:
        keep &= m >= 0
    n_cols = lmax + 1 if real else 2 * lmax + 1
    col = m if real else m + lmax
    packed = (ell * ell + ell + m)[keep]
    flat = (ell * n_cols + col)[keep]
    return packed, flat, n_cols


def _packed_to_dense(xp, c, lmax, spin, real):
    """(nb, nlm) complex -> (2 nb, lmax+1, n_cols) real [real parts; imaginary parts]."""
    packed, flat, n_cols = _s2_dense_index(lmax, spin, real)
    nb = c.shape[0]
    d = xp.zeros((nb, (lmax + 1) * n_cols), dtype=complex)
    d[:, xp.asarray(flat)] = c[:, xp.asarray(packed)]
    d = d.reshape(nb, lmax + 1, n_cols)
    return xp.concatenate([d.real, d.imag], axis=0)


def _dense_to_packed(xp, Cd, lmax, spin, real):
    packed, flat, n_cols = _s2_dense_index(lmax, spin, real)
    nb = Cd.shape[0] // 2
    flat_d = Cd.reshape(2 * nb, -1)[:, xp.asarray(flat)]
    out = xp.zeros((nb, (lmax + 1) ** 2), dtype=complex)
    out[:, xp.asarray(packed)] = flat_d[:nb] + 1j * flat_d[nb:]
    return out


def _split(xp, F):
    """complex (nb, ...) -> real (2 nb, ...)."""
    return xp.concatenate([F.real, F.imag], axis=0)


def _join(Fr):
    nb = Fr.shape[0] // 2
    return Fr[:nb] + 1j * Fr[nb:]


# ----------------------------------------------------------------------------- S² Legendre step
def s2_synthesis(xp, c, lmax, spin, real, theta, *, orders=None, block_elements=None,
                 chunk_elements=None):
    """Packed complex coefficients (nb, (L+1)²) -> ring data (nb, n_rings, n_m) on ``theta``
    (λ of the module docstring, ``sY_ℓm = (−1)^s λ_ℓ e^{imφ}``).  ``orders`` (diagnostics):
    compute only the orders ±m for m in ``orders`` (the others contribute 0)."""
    plan = _s2_plan(lmax, spin, real, orders)
    Cd = _packed_to_dense(xp, c, lmax, spin, real)
    return _join(_legendre_synthesis(xp, plan, Cd, theta, None, block_elements, chunk_elements))


def s2_analysis(xp, G, lmax, spin, real, theta, *, orders=None, block_elements=None,
                chunk_elements=None):
    """Weighted ring data (nb, n_rings, n_m) on ``theta`` -> packed complex coefficients (nb, (L+1)²)."""
    plan = _s2_plan(lmax, spin, real, orders)
    Cd = _legendre_analysis(xp, plan, _split(xp, G), theta, None, block_elements, chunk_elements)
    return _dense_to_packed(xp, Cd, lmax, spin, real)


# ----------------------------------------------------------------------------- SO(3)
@functools.lru_cache(maxsize=8)
def _so3_dense_index(lmax):
    """Packed index ℓ(4ℓ²−1)/3 + (m'+ℓ)(2ℓ+1) + (m+ℓ) and flat dense ℓ·(2L+1)² + col(m', m)."""
    n = 2 * lmax + 1
    packed, flat = [], []
    for ell in range(lmax + 1):
        mp, m = np.meshgrid(np.arange(-ell, ell + 1), np.arange(-ell, ell + 1), indexing="ij")
        packed.append(ell * (4 * ell * ell - 1) // 3 + (mp + ell) * (2 * ell + 1) + (m + ell))
        flat.append(ell * n * n + (mp + lmax) * n + (m + lmax))
    return np.concatenate([p.ravel() for p in packed]), np.concatenate([f.ravel() for f in flat])


def so3_synthesis(xp, c, lmax, beta, *, block_elements=None):
    r"""Packed SO(3) coefficients (nb, n) -> :math:`G_{m'm}(\beta_j)=\sum_\ell \hat F^\ell_{m'm}d^\ell_{m'm}(\beta_j)`,
    shape (nb, nβ, 2L+1, 2L+1), by the recursion (:math:`d=\sqrt{4\pi/(2\ell+1)}\,\lambda`)."""
    L = lmax
    n = 2 * L + 1
    nb = c.shape[0]
    packed, flat = _so3_dense_index(L)
    d = xp.zeros((nb, (L + 1) * n * n), dtype=complex)
    d[:, xp.asarray(flat)] = c[:, xp.asarray(packed)]
    Cd = _split(xp, d.reshape(nb, L + 1, n * n))
    norm = np.sqrt(4 * np.pi / (2 * np.arange(L + 1) + 1.0))
    G = _join(_legendre_synthesis(xp, _so3_plan(L), Cd, beta, norm, block_elements))  # (nb, nβ, n²)
    return G.reshape(nb, int(np.asarray(beta).shape[0]), n, n)


def so3_analysis(xp, G, lmax, beta, weights, *, block_elements=None):
    r""":math:`\hat F^\ell_{m'm} = \frac{2\ell+1}{2}\sum_j w_j G_{m'm}(\beta_j)d^\ell_{m'm}(\beta_j)` from
    G (nb, nβ, 2L+1, 2L+1) -> packed (nb, n)."""
    L = lmax
    n = 2 * L + 1
    nb, nbeta = G.shape[0], G.shape[1]
    G = G.reshape(nb, nbeta, n * n) * xp.asarray(np.asarray(weights, dtype=float))[None, :, None]
    ells = np.arange(L + 1)
    norm = 0.5 * (2 * ells + 1.0) * np.sqrt(4 * np.pi / (2 * ells + 1.0))
    Cd = _join(_legendre_analysis(xp, _so3_plan(L), _split(xp, G), beta, norm, block_elements))
    packed, flat = _so3_dense_index(L)
    out = xp.zeros((nb, packed.size), dtype=complex)
    out[:, xp.asarray(packed)] = Cd.reshape(nb, -1)[:, xp.asarray(flat)]
    return out

r"""Numba kernels of the SO(3) transforms: the Wigner-d part in β.

Synthesis G_{m'm}(β_j) = Σ_ℓ F^ℓ_{m'm} d^ℓ_{m'm}(β_j) and its transpose (analysis, with the
quadrature weights and (2ℓ+1)/2).  The d columns come from the core's tabled three-term
recursion in the degree (Kostelec & Rockmore 2008, Eq. (3.2);
:func:`gaugemath._wigner_kernels.d_column_tabled`); each column d_{m'm} serves up to four
entries by d_{m'm} = (−1)^{m'−m} d_{mm'} = d_{−m,−m'} (Sakurai 3.8.36).  Parallel over
mp = max(|m'|, |m|) in the heavy/light order of :func:`._kernels.balanced_order`.
"""

from __future__ import annotations

import numpy as np

from .._jit import jit, prange
from .._wigner_kernels import _half_angle_logs, d_column_tabled, recursion_tables
from ._kernels import balanced_order, dual


@jit
def _so3_targets(mp, m):
    """The distinct (m', m, sign) among the four entries served by the column d_{mp,m}:
    d_{mp,m} = (-1)^{mp-m} d_{m,mp} = d_{-m,-mp} = (-1)^{mp-m} d_{-mp,-m} (Sakurai 3.8.36)."""
    sg = -1.0 if (mp - m) % 2 != 0 else 1.0
    cand = ((mp, m, 1.0), (m, mp, sg), (-m, -mp, 1.0), (-mp, -m, sg))
    out = np.zeros((4, 3))
    n = 0
    for k in range(4):
        a, b, s_ = cand[k]
        dup = False
        for q in range(n):
            if out[q, 0] == a and out[q, 1] == b:
                dup = True
        if not dup:
            out[n, 0] = a
            out[n, 1] = b
            out[n, 2] = s_
            n += 1
    return out, n


@dual
def so3_synthesis_kernel(lmax, f_re, f_im, betas, out_re, out_im):
    """G[b, j, m'+lmax, m+lmax] = Σ_ℓ F^ℓ_{m'm} d^ℓ_{m'm}(β_j) for packed F (index
    ℓ(4ℓ²−1)/3 + (m'+ℓ)(2ℓ+1) + (m+ℓ)); d columns from the core's tabled recursion,
    each serving up to four (m', m) entries.  Parallel over mp = max(|m'|, |m|)."""
    tables = recursion_tables(lmax)
    nb = f_re.shape[0]
    nbeta = betas.shape[0]
    for task in prange(lmax + 1):
        mp = balanced_order(task, lmax + 1)
        col = np.empty(lmax + 1)
        for m in range(-mp, mp + 1):
            tg, nt = _so3_targets(mp, m)
            for j in range(nbeta):
                cb, log_c, log_s = _half_angle_logs(betas[j])
                d_column_tabled(lmax, mp, m, cb, log_c, log_s, tables, col)
                for q in range(nt):
                    a = int(tg[q, 0])
                    b = int(tg[q, 1])
                    sg = tg[q, 2]
                    for bb in range(nb):
                        sr = 0.0
                        si = 0.0
                        for k in range(lmax - mp + 1):
                            ell = mp + k
                            idx = ell * (4 * ell * ell - 1) // 3 + (a + ell) * (2 * ell + 1) + (b + ell)
                            sr += f_re[bb, idx] * col[k]
                            si += f_im[bb, idx] * col[k]
                        out_re[bb, j, a + lmax, b + lmax] = sg * sr
                        out_im[bb, j, a + lmax, b + lmax] = sg * si


@dual
def so3_analysis_kernel(lmax, g_re, g_im, betas, wbeta, out_re, out_im):
    """F^ℓ_{m'm} = (2ℓ+1)/2 Σ_j w_j G[b, j, m', m] d^ℓ_{m'm}(β_j) (transpose of the above,
    with the normalisation of the Wigner-D orthogonality ∫ D D̄ dR = 8π²/(2ℓ+1))."""
    tables = recursion_tables(lmax)
    nb = g_re.shape[0]
    nbeta = betas.shape[0]
    for task in prange(lmax + 1):
        mp = balanced_order(task, lmax + 1)
        col = np.empty(lmax + 1)
        for m in range(-mp, mp + 1):
            tg, nt = _so3_targets(mp, m)
            for j in range(nbeta):
                cb, log_c, log_s = _half_angle_logs(betas[j])
                d_column_tabled(lmax, mp, m, cb, log_c, log_s, tables, col)
                for q in range(nt):
                    a = int(tg[q, 0])
                    b = int(tg[q, 1])
                    sg = tg[q, 2] * wbeta[j]
                    for bb in range(nb):
                        gr = sg * g_re[bb, j, a + lmax, b + lmax]
                        gi = sg * g_im[bb, j, a + lmax, b + lmax]
                        for k in range(lmax - mp + 1):
                            ell = mp + k
                            idx = ell * (4 * ell * ell - 1) // 3 + (a + ell) * (2 * ell + 1) + (b + ell)
                            out_re[bb, idx] += (ell + 0.5) * gr * col[k]
                            out_im[bb, idx] += (ell + 0.5) * gi * col[k]

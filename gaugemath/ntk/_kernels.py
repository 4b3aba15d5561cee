"""Numba kernels of :mod:`gaugemath.ntk` (pure functions, preallocated outputs, no validation).

* :func:`conv_cov_rows` — the normalised k×k diagonal-offset sum of
  :func:`gaugemath.ntk.conv.conv_cov_numpy` on ``(P, H, W, H, W)`` with the padding done by
  index tables (−1 for a zero-padded position; periodic indices for circular padding).

The kernel has a serial body over a row range and a ``parallel=True`` driver over chunks of
rows (:func:`gaugemath._jit.use_parallel` picks one).  The ReLU dual map stays in NumPy: its
vectorised ``arccos`` was faster than a fused Numba loop (no SIMD ``acos`` there).
"""

from __future__ import annotations

from gaugemath._jit import jit, prange


@jit
def conv_cov_rows(K, rows, cols, out, p0, p1):
    """``out[p, i, j, i2, j2] = Σ_{a,e} K[p, rows[i,a], cols[j,e], rows[i2,a], cols[j2,e]] / k²``
    over valid entries (``rows``/``cols`` hold −1 where the padded index is a zero)."""
    Ho, Wo = out.shape[1], out.shape[2]
    ksize = rows.shape[1]
    scale = 1.0 / (ksize * ksize)
    for p in range(p0, p1):
        for i in range(Ho):
            for j in range(Wo):
                for i2 in range(Ho):
                    for j2 in range(Wo):
                        s = 0.0
                        for a in range(ksize):
                            r1 = rows[i, a]
                            r2 = rows[i2, a]
                            if r1 < 0 or r2 < 0:
                                continue
                            for e in range(ksize):
                                c1 = cols[j, e]
                                c2 = cols[j2, e]
                                if c1 >= 0 and c2 >= 0:
                                    s += K[p, r1, c1, r2, c2]
                        out[p, i, j, i2, j2] = s * scale


@jit(parallel=True)
def conv_cov_parallel(K, rows, cols, out, chunks):
    P = K.shape[0]
    for c in prange(chunks):
        conv_cov_rows(K, rows, cols, out, c * P // chunks, (c + 1) * P // chunks)

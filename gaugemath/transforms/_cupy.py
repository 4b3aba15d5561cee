"""CuPy entry points of the S² transforms.

The GPU path keeps the API (CuPy arrays in, CuPy arrays out, inferred from the input type)
and currently runs the validated CPU algorithm through host memory: ``cupy.asnumpy`` ->
the NumPy/Numba transform -> ``cupy.asarray``.  It is therefore exactly as accurate as the
CPU path but not accelerated; a device-side Legendre kernel is future work
(docs/transforms.md, "Backends").  Tested by ``tests/transforms`` with ``-m gpu`` where a
CUDA device exists; skipped otherwise.
"""

from __future__ import annotations


def s2_synthesis(c, lmax, grid, spin, real):
    import cupy

    from .s2 import s2_synthesis as _cpu

    return cupy.asarray(_cpu(cupy.asnumpy(c), lmax, grid, spin, real, backend="numpy"))


def s2_analysis(f, lmax, grid, spin, real, n_iter):
    import cupy

    from .s2 import s2_analysis as _cpu

    return cupy.asarray(_cpu(cupy.asnumpy(f), lmax, grid, spin, real, n_iter=n_iter, backend="numpy"))

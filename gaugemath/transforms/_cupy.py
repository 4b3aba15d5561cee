"""CuPy entry points of the transforms: the array-namespace code of :mod:`._xp` with ``xp = cupy``.

Everything after input validation (done by the public functions in :mod:`.s2` and
:mod:`.so3`) runs on the device: ring FFTs with ``cupy.fft`` (cuFFT), the Wigner-d
recursion in ℓ vectorised over all (order, ring) pairs, the sums over ℓ / rings as batched
``matmul`` (cuBLAS).  Only O(L) / O(L²) metadata (grid nodes and weights, ring-pair
bookkeeping, log-factorials, MW re-sampling matrices, HEALPix permutations) is built on
the host and copied once per call; ``rotate_coefficients`` builds its Wigner matrices on
the host (:func:`gaugemath.wigner.wigner_D_all`) and applies them on the device.

No GPU was available while this was written: the identical code is validated with
``xp = numpy`` against the Numba path (``tests/transforms/test_transforms_xp.py``); the
``gpu``-marked tests in ``tests/transforms`` exercise these entry points where CuPy and a
CUDA device exist.
"""

from __future__ import annotations

from . import _xp


def _cupy():
    import cupy

    return cupy


def s2_synthesis(c, lmax, grid, spin, real):
    return _xp.s2_synthesis(_cupy(), c, lmax, grid, spin, real)


def s2_analysis(f, lmax, grid, spin, real, n_iter):
    return _xp.s2_analysis(_cupy(), f, lmax, grid, spin, real, n_iter)


def so3_synthesis(c, lmax, grid):
    return _xp.so3_synthesis(_cupy(), c, lmax, grid)


def so3_analysis(F, lmax, grid):
    return _xp.so3_analysis(_cupy(), F, lmax, grid)


def rotate_coefficients(c, R, lmax, real):
    return _xp.rotate_coefficients(_cupy(), c, R, lmax, real)

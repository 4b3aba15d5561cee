"""Input checks and serial/parallel dispatch shared by the HEALPix modules (no kernels here)."""

from __future__ import annotations

import numpy as np

from .._jit import use_parallel

NSIDE_MAX = 2**29  # as healpy / HEALPix C++ with 64-bit indices: 12 nside² < 2^63

#: pixels per call above which the ``parallel=True`` loop runs (a pixel costs ~10 ns)
PARALLEL_MIN_PIXELS = 1 << 20


def _nside_int(nside, what):
    if isinstance(nside, (bool, np.bool_)) or not isinstance(nside, (int, np.integer)):
        raise TypeError(f"nside must be an integer{what}, got {type(nside).__name__} {nside!r}")
    return int(nside)


def check_nside(nside) -> int:
    """``nside`` as an int, a power of two in [1, 2^29]; else ValueError/TypeError."""
    nside = _nside_int(nside, " power of two")
    if nside < 1 or nside > NSIDE_MAX or nside & (nside - 1):
        raise ValueError(f"nside must be a power of two in [1, 2^29], got {nside}")
    return nside


def check_nside_for(nside, nest) -> tuple[int, int]:
    """(nside, order) for the scheme: nested needs a power of two (order = log2 nside); the
    ring scheme accepts any nside in [1, 2^29] as healpy does (order -1 if not a power of two)."""
    if nest:
        nside = check_nside(nside)
        return nside, nside.bit_length() - 1
    nside = _nside_int(nside, "")
    if nside < 1 or nside > NSIDE_MAX:
        raise ValueError(f"nside must be an integer in [1, 2^29] (ring scheme), got {nside}")
    return nside, (nside.bit_length() - 1 if nside & (nside - 1) == 0 else -1)


def as_index(a, name):
    """``a`` as a C-contiguous int64 array (no copy if it already is one); TypeError if the
    dtype is not integer."""
    a = np.asarray(a)
    if a.size == 0 and a.dtype == np.float64:  # e.g. np.asarray([])
        return np.zeros(a.shape, np.int64)
    if a.dtype == np.bool_ or not np.issubdtype(a.dtype, np.integer):
        raise TypeError(f"{name} must be an integer array, got dtype {a.dtype}")
    if a.dtype == np.uint64 and a.size and a.max() > np.iinfo(np.int64).max:
        raise ValueError(f"{name} must lie in the int64 range")
    return np.asarray(a, dtype=np.int64, order="C")


def as_float(a, name):
    """``a`` as a C-contiguous float64 array; TypeError for complex/object/string input."""
    a = np.asarray(a)
    if a.dtype == np.bool_ or not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
        raise TypeError(f"{name} must be a real array, got dtype {a.dtype}")
    return np.asarray(a, dtype=np.float64, order="C")


def run(loop, n, *args):
    """Call the dual loop serially, or in parallel above :data:`PARALLEL_MIN_PIXELS`."""
    return loop(*args, parallel=use_parallel(n, PARALLEL_MIN_PIXELS))


def pix_range_error(name, nside):
    return ValueError(f"{name} must lie in [0, {12 * nside * nside - 1}] (12 nside² pixels) for nside={nside}")

"""The one JIT decorator of the package.

Every Numba kernel in gaugemath is decorated with :func:`jit`, which is
``numba.njit(cache=True)`` (plus any keyword given, e.g. ``parallel=True``).
Setting the environment variable ``GAUGEMATH_DISABLE_JIT=1`` runs every kernel as
plain Python (debugging, coverage); ``GAUGEMATH_NUMBA_CACHE=0`` turns the on-disk
cache off.

Kernels are free functions that take NumPy arrays and write into preallocated
outputs; they never validate input (the public API layer does that).
"""

from __future__ import annotations

import os

__all__ = ["jit", "prange", "JIT_ENABLED"]

JIT_ENABLED = os.environ.get("GAUGEMATH_DISABLE_JIT", "0") != "1"
_CACHE = os.environ.get("GAUGEMATH_NUMBA_CACHE", "1") == "1"

if JIT_ENABLED:
    import numba

    prange = numba.prange

    def jit(func=None, **kwargs):
        """``numba.njit`` with ``cache=True`` by default; usable bare or with keywords."""
        kwargs.setdefault("cache", _CACHE)
        if func is None:
            return numba.njit(**kwargs)
        return numba.njit(**kwargs)(func)

else:  # pragma: no cover - exercised only with GAUGEMATH_DISABLE_JIT=1
    prange = range

    def jit(func=None, **kwargs):
        """Identity decorator used when JIT is disabled."""
        if func is None:
            return lambda f: f
        return func

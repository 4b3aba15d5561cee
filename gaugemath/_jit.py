"""The one JIT decorator of the package, with crash-safe on-disk caching.

Every Numba kernel in gaugemath is decorated with :func:`jit`, which is
``numba.njit(cache=True)`` (plus any keyword given, e.g. ``parallel=True``).
Setting the environment variable ``GAUGEMATH_DISABLE_JIT=1`` runs every kernel as
plain Python (debugging, coverage); ``GAUGEMATH_NUMBA_CACHE=0`` turns the on-disk
cache off.

Kernels are free functions that take NumPy arrays and write into preallocated
outputs; they never validate input (the public API layer does that).  Nothing is
compiled at import time: a kernel compiles (or loads from the cache) on its first
call, for the argument types of that call; the public API always passes C-contiguous
float64/complex128 arrays and Python ints/floats, so each kernel has one
specialisation.

Crash-safe cache
----------------
Numba's on-disk cache is not safe against two processes compiling the same function
at the same time (numba issue #10128: a corrupted index made later loads crash).  Every
compilation of a gaugemath kernel -- including the load-or-compile-and-save step of the
cache -- therefore runs under :func:`compile_lock`: an exclusive ``fcntl.flock`` on
``<cache dir>/gaugemath-compile.lock`` (re-entrant within a process, so nested compiles
of callee kernels do not deadlock).  Processes that find the cache filled take the lock
only once per kernel and never wait on each other afterwards.  The same lock guards the
first import of :mod:`quaternionic`, which compiles and caches its own gufuncs at import
(see :func:`import_quaternionic`).  Where ``fcntl`` is unavailable (Windows) or the
file system refuses locks, compilation proceeds unlocked.

Serial and parallel kernels
---------------------------
``parallel=True`` kernels pay a thread-pool start per call (milliseconds when the
machine is busy), which dominates small calls.  Each batched kernel therefore exists
as a serial body plus a thin ``parallel=True`` driver; the public API calls the
parallel one only above :data:`PARALLEL_MIN_WORK` (see :func:`use_parallel`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading

__all__ = ["jit", "prange", "JIT_ENABLED", "compile_lock", "import_quaternionic", "use_parallel", "n_chunks", "PARALLEL_MIN_WORK"]

JIT_ENABLED = os.environ.get("GAUGEMATH_DISABLE_JIT", "0") != "1"
_CACHE = os.environ.get("GAUGEMATH_NUMBA_CACHE", "1") == "1"

#: Work (output entries of the call) below which the serial kernel is used.  Measured on the
#: 2-core development machine under load from other processes: one ``wigner_D(3, R)`` runs in
#: ~1 us serially against ~20 us (idle) to ~20 ms (busy) for a ``parallel=True`` launch, and
#: ``wigner_D(16, R)`` of 100 rotations (1.1e5 entries) took 0.4 ms serially against 8 ms in
#: parallel there; at 1e6 entries (~10 ms of serial work) the launch cost is amortised.
PARALLEL_MIN_WORK = 1_000_000


_lock_state = threading.local()
_thread_lock = threading.RLock()


def _lock_path() -> str:
    base = os.environ.get("NUMBA_CACHE_DIR") or ""
    if base:
        with contextlib.suppress(OSError):
            os.makedirs(base, exist_ok=True)
        if os.path.isdir(base) and os.access(base, os.W_OK):
            return os.path.join(base, "gaugemath-compile.lock")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return os.path.join(tempfile.gettempdir(), f"gaugemath-compile-{uid}.lock")


@contextlib.contextmanager
def compile_lock():
    """Exclusive inter-process lock around compilation and cache writes (re-entrant)."""
    with _thread_lock:
        depth = getattr(_lock_state, "depth", 0)
        fd = None
        if depth == 0:
            try:
                import fcntl

                fd = os.open(_lock_path(), os.O_RDWR | os.O_CREAT, 0o666)
                fcntl.flock(fd, fcntl.LOCK_EX)
            except (ImportError, OSError):  # pragma: no cover - no flock here: proceed unlocked
                if fd is not None:
                    os.close(fd)
                fd = None
        _lock_state.depth = depth + 1
        try:
            yield
        finally:
            _lock_state.depth = depth
            if fd is not None:
                os.close(fd)  # closing the descriptor releases the flock


def use_parallel(work: int, threshold: int | None = None) -> bool:
    """True when a call of about ``work`` units should use the ``parallel=True`` kernel.

    The one switch of the package: ``work`` below ``threshold`` (default
    :data:`PARALLEL_MIN_WORK` output entries; the transforms pass their own threshold in
    recursion steps) or a single Numba thread means the serial kernel."""
    if threshold is None:
        threshold = PARALLEL_MIN_WORK  # read at call time (tests lower it)
    if not JIT_ENABLED or work < threshold:
        return False
    import numba

    return numba.get_num_threads() > 1


def n_chunks(n_items: int) -> int:
    """Number of chunks for a parallel kernel over ``n_items`` (8 per thread, at most n_items)."""
    import numba

    return max(1, min(n_items, 8 * numba.get_num_threads()))


_QUATERNIONIC = None


def import_quaternionic():
    """Import :mod:`quaternionic` (which compiles its gufuncs on first import) under the lock."""
    global _QUATERNIONIC
    if _QUATERNIONIC is None:
        with compile_lock():
            import quaternionic

        _QUATERNIONIC = quaternionic
    return _QUATERNIONIC


if JIT_ENABLED:
    import numba

    prange = numba.prange

    def _locked(dispatcher):
        compile_ = dispatcher.compile

        def compile(sig):  # noqa: A001 - replaces Dispatcher.compile on this instance
            with compile_lock():
                return compile_(sig)

        dispatcher.compile = compile
        return dispatcher

    def jit(func=None, **kwargs):
        """``numba.njit`` with ``cache=True`` by default and a locked compile; bare or with keywords."""
        kwargs.setdefault("cache", _CACHE)
        if func is None:
            return lambda f: _locked(numba.njit(**kwargs)(f))
        return _locked(numba.njit(**kwargs)(func))

else:  # pragma: no cover - exercised only with GAUGEMATH_DISABLE_JIT=1
    prange = range

    def jit(func=None, **kwargs):
        """Identity decorator used when JIT is disabled."""
        if func is None:
            return lambda f: f
        return func

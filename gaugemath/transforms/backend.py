"""Array backends of the transforms: NumPy (+ Numba kernels) on CPU, CuPy on GPU.

:func:`get_namespace` picks the array module from ``backend=`` or from the types of the
input arrays (the "array namespace" idea of the Python array API standard).  Outputs are
plain ``numpy.ndarray`` or ``cupy.ndarray``; both implement ``__dlpack__``, so they hand
over to PyTorch or JAX without a copy:

>>> import numpy as np, torch
>>> x = np.arange(3.0)
>>> t = torch.from_dlpack(x)          # shares memory with x (CPU)
>>> # jax.dlpack.from_dlpack(x) / torch.from_dlpack(cupy_array) likewise (GPU stays on GPU)

:func:`to_torch` is that call with a check that it really shares memory.
Install the GPU backend with ``pip install gaugemath[gpu]`` (CuPy for CUDA 12).
"""

from __future__ import annotations

import importlib.util

import numpy as np

__all__ = ["BACKENDS", "get_namespace", "cupy_available", "to_numpy", "to_torch", "backend_name"]

BACKENDS = ("numpy", "cupy")


def cupy_available() -> bool:
    """True when CuPy imports and sees at least one CUDA device."""
    if importlib.util.find_spec("cupy") is None:
        return False
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


def _is_cupy_array(x) -> bool:
    return type(x).__module__.split(".")[0] == "cupy"


def _is_array(x) -> bool:
    return hasattr(x, "__array_namespace__") or isinstance(x, np.ndarray) or _is_cupy_array(x)


def get_namespace(*arrays, backend=None):
    """The array module (``numpy`` or ``cupy``) for ``arrays``.

    ``backend="numpy" | "cupy"`` forces the choice (CuPy arrays given with ``"numpy"``
    raise: no silent device transfer); ``None`` infers it: ``cupy`` if any input is a CuPy
    array, else ``numpy`` (lists, scalars and NumPy arrays).  Mixing CuPy and NumPy arrays
    raises ``TypeError``."""
    kinds = set()
    for a in arrays:
        if a is None or np.isscalar(a):
            continue
        if _is_cupy_array(a):
            kinds.add("cupy")
        elif isinstance(a, np.ndarray):
            kinds.add("numpy")
        elif type(a).__module__.split(".")[0] == "torch":
            raise TypeError(
                "torch tensors are not accepted directly; pass numpy.asarray(t) (CPU) or "
                "cupy.from_dlpack(t) (GPU)"
            )
    if len(kinds) > 1:
        raise TypeError("mixed backends: got both NumPy and CuPy arrays; move them to one device first")
    if backend is None:
        backend = kinds.pop() if kinds else "numpy"
    if not isinstance(backend, str) or backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS} or None, got {backend!r}")
    if backend == "numpy":
        if "cupy" in kinds:
            raise TypeError("backend='numpy' but the input is a CuPy array; use cupy.asnumpy first")
        return np
    if not cupy_available():
        raise ValueError("backend='cupy' needs CuPy and a CUDA device (pip install gaugemath[gpu])")
    import cupy

    return cupy


def backend_name(xp) -> str:
    return "cupy" if xp.__name__.startswith("cupy") else "numpy"


def to_numpy(x):
    """NumPy copy of a CuPy array (identity on NumPy arrays)."""
    if _is_cupy_array(x):
        return x.get()
    return np.asarray(x)


def to_torch(x):
    """``torch.from_dlpack(x)``: a tensor sharing ``x``'s memory (CPU or CUDA)."""
    import torch

    return torch.from_dlpack(x)

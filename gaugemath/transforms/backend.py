"""Array backends of the transforms: the ONE table that picks the Legendre/Wigner step.

Everything in a transform except the Legendre/Wigner step (the sum over degrees ℓ at
every ring) is written once against an array namespace ``xp``
(:mod:`gaugemath.transforms._rings`, the public functions of :mod:`gaugemath.transforms.s2`
and :mod:`gaugemath.transforms.so3`).  The Legendre/Wigner step has two implementations, chosen through :data:`LEGENDRE`:

===========  ============================================  ======================================
name         module                                        runs on
===========  ============================================  ======================================
``"numba"``  :mod:`gaugemath.transforms._legendre_numba`   NumPy arrays (Numba kernels, CPU)
``"xp"``     :mod:`gaugemath.transforms._legendre_xp`      any ``xp`` with ``matmul``/``ldexp``/
                                                           integer indexing (NumPy, CuPy)
===========  ============================================  ======================================

:func:`resolve` makes the choice from the inputs' namespace and the ``backend=`` keyword
of the public functions:

=====================  =======================  =================  ===========================
``backend=``           input                    pipeline ``xp``    Legendre step
=====================  =======================  =================  ===========================
``None``               NumPy / lists            numpy              ``"numba"``
``None``               CuPy                     cupy               ``"xp"``
``None``               other Array-API array    numpy (DLPack)     ``"numba"``; output back in
                       (``array_api_strict``)                      the input's namespace
``"numba"``            NumPy / Array-API        numpy              ``"numba"``
``"xp"``               NumPy / Array-API        numpy              ``"xp"`` (the GPU code on CPU)
``"xp"``/``"cupy"``    CuPy (or ``"cupy"``      cupy               ``"xp"``
                       with host input)
``"numpy"``            NumPy (legacy name)      numpy              ``"numba"``
=====================  =======================  =================  ===========================

``"numba"`` with CuPy input raises (no silent device transfer).  Outputs are arrays of
the input's namespace; NumPy and CuPy arrays implement ``__dlpack__``, so they hand over
to PyTorch or JAX without a copy (:func:`to_torch`).  The layers
(:mod:`gaugemath.layers._backend`) use :func:`get_namespace` of this module.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util

import numpy as np

__all__ = [
    "BACKENDS",
    "LEGENDRE",
    "Backend",
    "resolve",
    "get_namespace",
    "cupy_available",
    "to_numpy",
    "to_torch",
    "backend_name",
]

#: name -> module of the Legendre/Wigner step (imported on first use).
LEGENDRE = {
    "numba": "gaugemath.transforms._legendre_numba",
    "xp": "gaugemath.transforms._legendre_xp",
}
#: accepted values of ``backend=`` (besides None).
BACKENDS = ("numba", "xp", "numpy", "cupy")


def cupy_available() -> bool:
    """True when CuPy imports and sees at least one CUDA device."""
    if importlib.util.find_spec("cupy") is None:
        return False
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


def _top_module(x) -> str:
    return type(x).__module__.split(".")[0]


def _is_cupy_array(x) -> bool:
    return _top_module(x) == "cupy"


def get_namespace(*arrays):
    """The array namespace of ``arrays``: ``numpy`` (NumPy arrays, lists, scalars, None),
    ``cupy`` (CuPy arrays) or ``x.__array_namespace__()`` (any Array-API array, e.g.
    ``array_api_strict``).  Mixing namespaces raises ``TypeError``; so do torch tensors
    (pass ``numpy.asarray(t)`` or ``cupy.from_dlpack(t)``)."""
    found = []
    for a in arrays:
        if a is None or np.isscalar(a) or isinstance(a, (list, tuple)):
            continue
        if isinstance(a, np.ndarray) or isinstance(a, np.generic):
            ns = np
        elif _is_cupy_array(a):
            ns = "cupy"  # imported below, once the inputs are known not to be mixed
        elif _top_module(a) == "torch":
            raise TypeError(
                "torch tensors are not accepted directly; pass numpy.asarray(t) (CPU) or "
                "cupy.from_dlpack(t) (GPU)"
            )
        elif hasattr(a, "__array_namespace__"):
            ns = a.__array_namespace__()
        else:
            continue
        if ns not in found:
            found.append(ns)
    if len(found) > 1:
        names = ", ".join(getattr(ns, "__name__", str(ns)) for ns in found)
        raise TypeError(f"mixed array namespaces ({names}); convert the inputs to one library/device first")
    if not found:
        return np
    if found[0] == "cupy":
        import cupy

        return cupy
    return found[0]


@dataclasses.dataclass(frozen=True)
class Backend:
    """The resolved choice: the namespace ``xp`` the pipeline runs in, the Legendre step
    (:data:`LEGENDRE` key) and the namespace ``out`` of the results (the input's)."""

    xp: object
    legendre: str
    out: object

    @property
    def impl(self):
        """The Legendre/Wigner module (``_legendre_numba`` or ``_legendre_xp``)."""
        return importlib.import_module(LEGENDRE[self.legendre])

    def asarray(self, a):
        """``a`` in the pipeline namespace (Array-API inputs cross to NumPy by DLPack)."""
        if self.xp is np and self.out is not np and not isinstance(a, np.ndarray):
            try:
                return np.from_dlpack(a)
            except Exception:  # noqa: BLE001 - e.g. no DLPack support: go through the buffer
                return np.asarray(a)
        return self.xp.asarray(a)

    def output(self, a):
        """``a`` (a pipeline array) in the input's namespace."""
        if self.out is self.xp:
            return a
        return self.out.asarray(a)


def resolve(*arrays, backend=None) -> Backend:
    """The :class:`Backend` for inputs ``arrays`` and the ``backend=`` keyword (table in the
    module docstring); ``ValueError`` for an unknown name or a missing GPU, ``TypeError``
    for a CPU backend asked for CuPy input."""
    if backend is not None and (not isinstance(backend, str) or backend not in BACKENDS):
        raise ValueError(f"backend must be None or one of {BACKENDS}, got {backend!r}")
    ns = get_namespace(*arrays)
    on_gpu = ns is not np and getattr(ns, "__name__", "").split(".")[0] == "cupy"
    if backend == "cupy" or (on_gpu and backend in (None, "xp")):
        if not cupy_available():
            raise ValueError("backend='cupy' needs CuPy and a CUDA device (pip install gaugemath[gpu])")
        import cupy

        return Backend(cupy, "xp", cupy)
    if on_gpu:
        raise TypeError(f"backend={backend!r} runs on the CPU but the input is a CuPy array; "
                        "use backend='xp' (or None), or cupy.asnumpy first")
    legendre = "xp" if backend == "xp" else "numba"
    return Backend(np, legendre, ns)


def backend_name(xp) -> str:
    return "cupy" if getattr(xp, "__name__", "").startswith("cupy") else "numpy"


def to_numpy(x):
    """NumPy copy of a CuPy array (``np.asarray`` otherwise; Array-API arrays via DLPack)."""
    if _is_cupy_array(x):
        return x.get()
    if isinstance(x, np.ndarray) or not hasattr(x, "__dlpack__"):
        return np.asarray(x)
    return np.from_dlpack(x)


def to_torch(x):
    """``torch.from_dlpack(x)``: a tensor sharing ``x``'s memory (CPU or CUDA)."""
    import torch

    return torch.from_dlpack(x)

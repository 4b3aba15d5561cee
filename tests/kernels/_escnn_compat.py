"""Import escnn in an environment where ``lie_learn``'s compiled extension is stale.

escnn 1.0.11 imports ``lie_learn.representations.SO3.irrep_bases``, a Cython module
whose installed binary was built against NumPy 1.x and fails to import under NumPy 2
("numpy.core.multiarray failed to import").  Its source (``irrep_bases.pyx``) ships with
the package and uses Cython only for type declarations, so we strip those declarations
and execute it as plain Python under the same module name, *before* importing escnn.
Nothing of escnn/lie_learn is copied into gaugemath: this runs the installed peer's own
code.  ``load_escnn()`` returns the escnn module or None when escnn is unavailable.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import types


def _shim_irrep_bases() -> None:
    name = "lie_learn.representations.SO3.irrep_bases"
    if name in sys.modules:
        return
    import numpy

    if int(numpy.__version__.split(".")[0]) < 2:  # the shipped binary works: use it
        try:
            importlib.import_module(name)
            return
        except ImportError:
            sys.modules.pop(name, None)
    spec = importlib.util.find_spec("lie_learn.representations.SO3")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("lie_learn is not installed")
    path = os.path.join(list(spec.submodule_search_locations)[0], "irrep_bases.pyx")
    with open(path, encoding="utf-8") as fh:
        src = fh.read()
    src = re.sub(r"^\s*cimport .*$", "", src, flags=re.M)
    src = re.sub(r"^\s*ctypedef .*$", "", src, flags=re.M)
    src = re.sub(r"\bcdef\s+(?:np\.ndarray\[[^\]]*\]|int|double|float|long)\s+", "", src)
    src = re.sub(r"np\.ndarray\[[^\]]*\]\s+", "", src)
    module = types.ModuleType(name)
    module.__file__ = path
    exec(compile(src, path, "exec"), module.__dict__)  # noqa: S102 - the installed peer's own source
    sys.modules[name] = module


def load_escnn():
    """escnn with the lie_learn shim applied, or None if it cannot be imported."""
    try:
        _shim_irrep_bases()
        import escnn  # noqa: F401
        from escnn import group, kernels  # noqa: F401

        return escnn
    except Exception:  # pragma: no cover - environment without a usable escnn
        return None

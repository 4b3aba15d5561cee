"""Exact (SymPy) values and exact checks, in gaugemath's conventions.

``wigner_d``, ``wigner_D`` (symbolic angles), ``spherical_harmonic``,
``real_spherical_harmonic``, ``clebsch_gordan``, ``wigner_3j``, ``coupling_tensor``;
exact verification (``verify.py``, ``representations.py``; ``docs/verification.md``).

Imports are lazy (PEP 562): ``import gaugemath.symbolic`` does not import SymPy; each
name below is imported from its module on first access.
"""

from __future__ import annotations

import importlib

#: exported name -> module (relative to this package) that defines it
_EXPORTS = {
    "clebsch_gordan": "coupling",
    "coupling_tensor": "coupling",
    "wigner_3j": "coupling",
    "spherical_harmonic": "harmonics",
    "real_spherical_harmonic": "harmonics",
    "wigner_D": "wigner",
    "wigner_d": "wigner",
    "SymbolicRepresentation": "representations",
    "character_inner_product": "representations",
    "from_numeric": "representations",
    "Certificate": "verify",
    "solve_intertwiners": "verify",
    "verify_intertwiner": "verify",
    "verify_kernel_constraint": "verify",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    """Import an exported name from its module on first access (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

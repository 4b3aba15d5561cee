"""gaugemath: a reference engine for the mathematics of group- and gauge-equivariant
deep learning.

Conventions are part of the API: see ``docs/conventions.md`` and
:mod:`gaugemath.conventions`.  This module only re-exports; it computes nothing.

Imports are lazy (PEP 562): ``import gaugemath`` loads no subpackage, no SymPy,
Numba or quaternionic.  A subpackage (``gaugemath.groups``) or a re-exported
function (``gaugemath.wigner_D``) is imported the first time it is used; after
that it is an ordinary module attribute.  ``dir(gaugemath)`` and ``__all__`` list
every public name.
"""

from __future__ import annotations

from gaugemath._lazy import lazy_attributes

__version__ = "0.1.0"

#: subpackages / modules importable as ``gaugemath.<name>``
_SUBMODULES = (
    "bundles",
    "conventions",
    "groups",
    "kernels",
    "layers",
    "mesh",
    "ntk",
    "pullback",
    "reps",
    "so3",
    "symbolic",
    "transforms",
)

#: re-exported name -> module (relative to this package) that defines it
_REEXPORTS = {
    "check_equivariance": "equivariance",
    "clebsch_gordan": "coupling",
    "clebsch_gordan_table": "coupling",
    "coupling_tensor": "coupling",
    "wigner_3j": "coupling",
    "spherical_harmonics": "harmonics",
    "spherical_harmonics_xyz": "harmonics",
    "complex_to_real": "real_basis",
    "real_to_complex": "real_basis",
    "wigner_D": "wigner",
    "wigner_D_all": "wigner",
    "wigner_d": "wigner",
    "wigner_d_all": "wigner",
}

__all__ = ["__version__", *_SUBMODULES, *_REEXPORTS]


__getattr__, __dir__ = lazy_attributes(__name__, globals(), _REEXPORTS, _SUBMODULES)

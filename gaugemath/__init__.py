"""gaugemath: a reference engine for the mathematics of group- and gauge-equivariant
deep learning.

Conventions are part of the API: see ``docs/conventions.md`` and
:mod:`gaugemath.conventions`.  This module only re-exports; it computes nothing.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import conventions as conventions
from .real_basis import complex_to_real as complex_to_real
from .real_basis import real_to_complex as real_to_complex

__all__ = ["__version__", "conventions", "complex_to_real", "real_to_complex"]

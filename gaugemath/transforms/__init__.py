"""Harmonic transforms: grids with quadrature, S² and SO(3) transforms, array backends.

See docs/transforms.md for the conventions, formulas, accuracy and measured speed.

>>> import numpy as np
>>> from gaugemath.transforms import s2_grid, s2_analysis, s2_synthesis
>>> g = s2_grid(8, "gl")
>>> c = np.zeros(81, complex); c[2 * 2 + 2 + 1] = 1.0      # Y_{2,1}
>>> bool(np.allclose(s2_analysis(s2_synthesis(c, 8, g), 8, g), c))
True
"""

from . import healpix
from .backend import BACKENDS, LEGENDRE, cupy_available, get_namespace, resolve, to_numpy, to_torch
from .grids import S2_KINDS, SO3_KINDS, S2Grid, SO3Grid, s2_grid, so3_grid
from .s2 import (
    complex_to_real_coefficients,
    n_coefficients,
    real_to_complex_coefficients,
    s2_analysis,
    s2_synthesis,
)
from .so3 import n_so3_coefficients, rotate_coefficients, so3_analysis, so3_synthesis

__all__ = [
    "S2Grid",
    "SO3Grid",
    "S2_KINDS",
    "SO3_KINDS",
    "s2_grid",
    "so3_grid",
    "s2_analysis",
    "s2_synthesis",
    "so3_analysis",
    "so3_synthesis",
    "rotate_coefficients",
    "n_coefficients",
    "n_so3_coefficients",
    "real_to_complex_coefficients",
    "complex_to_real_coefficients",
    "get_namespace",
    "cupy_available",
    "to_numpy",
    "to_torch",
    "BACKENDS",
    "LEGENDRE",
    "resolve",
    "healpix",
]

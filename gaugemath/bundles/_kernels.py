"""Numba kernels for the sphere bundles (no validation; preallocated outputs).

All inputs are C-contiguous float64 arrays flattened to a leading batch axis; the
points are exact unit vectors (the API layer renormalises them).
"""

from __future__ import annotations

import math

from .._jit import jit

__all__ = ["sphere_sections", "geodesic_rotations", "triangle_solid_angles"]

NORTH, SOUTH, POLAR = 0, 1, 2


@jit
def sphere_sections(x, chart, out):
    r"""Write the section :math:`\sigma(x)` of chart ``chart`` (0 N, 1 S, 2 polar) into ``out``.

    North:  minimal rotation e_z -> x,  = R_z(phi) R_y(theta) R_z(-phi).
    South:  R_z(phi) R_y(theta) R_z(phi) = (minimal rotation -e_z -> x) R_y(pi).
    Polar:  R_z(phi) R_y(theta), columns (e_theta, e_phi, x).
    ``1 +- z`` is evaluated as ``(x^2 + y^2) / (1 -+ z)`` where that is the accurate form.
    """
    for i in range(x.shape[0]):
        a, b, c = x[i, 0], x[i, 1], x[i, 2]
        r2 = a * a + b * b
        if chart == NORTH:
            d = 1.0 + c if c >= 0.0 else r2 / (1.0 - c)
            out[i, 0, 0] = 1.0 - a * a / d
            out[i, 0, 1] = -a * b / d
            out[i, 1, 0] = -a * b / d
            out[i, 1, 1] = 1.0 - b * b / d
            out[i, 2, 0] = -a
            out[i, 2, 1] = -b
        elif chart == SOUTH:
            d = 1.0 - c if c <= 0.0 else r2 / (1.0 + c)
            out[i, 0, 0] = a * a / d - 1.0
            out[i, 0, 1] = -a * b / d
            out[i, 1, 0] = a * b / d
            out[i, 1, 1] = 1.0 - b * b / d
            out[i, 2, 0] = -a
            out[i, 2, 1] = b
        else:
            r = math.sqrt(r2)
            out[i, 0, 0] = a * c / r
            out[i, 0, 1] = -b / r
            out[i, 1, 0] = b * c / r
            out[i, 1, 1] = a / r
            out[i, 2, 0] = -r
            out[i, 2, 1] = 0.0
        out[i, 0, 2] = a
        out[i, 1, 2] = b
        out[i, 2, 2] = c


@jit
def geodesic_rotations(x, y, out):
    r"""Write the minimal rotation taking ``x`` to ``y`` (rotation about x*y) into ``out``.

    Rodrigues form :math:`R = I + [c]_\times + [c]_\times^2/(1 + x\cdot y)`, ``c = x * y``,
    with ``1 + x.y = |x + y|^2 / 2`` (accurate near antipodal pairs).
    """
    for i in range(x.shape[0]):
        c0 = x[i, 1] * y[i, 2] - x[i, 2] * y[i, 1]
        c1 = x[i, 2] * y[i, 0] - x[i, 0] * y[i, 2]
        c2 = x[i, 0] * y[i, 1] - x[i, 1] * y[i, 0]
        s0, s1, s2 = x[i, 0] + y[i, 0], x[i, 1] + y[i, 1], x[i, 2] + y[i, 2]
        inv = 2.0 / (s0 * s0 + s1 * s1 + s2 * s2)
        cc = c0 * c0 + c1 * c1 + c2 * c2
        out[i, 0, 0] = 1.0 + (c0 * c0 - cc) * inv
        out[i, 1, 1] = 1.0 + (c1 * c1 - cc) * inv
        out[i, 2, 2] = 1.0 + (c2 * c2 - cc) * inv
        out[i, 0, 1] = -c2 + c0 * c1 * inv
        out[i, 1, 0] = c2 + c0 * c1 * inv
        out[i, 0, 2] = c1 + c0 * c2 * inv
        out[i, 2, 0] = -c1 + c0 * c2 * inv
        out[i, 1, 2] = -c0 + c1 * c2 * inv
        out[i, 2, 1] = c0 + c1 * c2 * inv


@jit
def triangle_solid_angles(a, b, c, out):
    r"""Signed solid angle of the geodesic triangle (a, b, c), Van Oosterom & Strackee (1983).

    :math:`\tan(\Omega/2) = a\cdot(b\times c) / (1 + a\cdot b + b\cdot c + c\cdot a)`,
    :math:`\Omega = 2\,\mathrm{atan2}(\text{num}, \text{den}) \in (-2\pi, 2\pi]`.
    """
    for i in range(a.shape[0]):
        bc0 = b[i, 1] * c[i, 2] - b[i, 2] * c[i, 1]
        bc1 = b[i, 2] * c[i, 0] - b[i, 0] * c[i, 2]
        bc2 = b[i, 0] * c[i, 1] - b[i, 1] * c[i, 0]
        num = a[i, 0] * bc0 + a[i, 1] * bc1 + a[i, 2] * bc2
        ab = a[i, 0] * b[i, 0] + a[i, 1] * b[i, 1] + a[i, 2] * b[i, 2]
        bcd = b[i, 0] * c[i, 0] + b[i, 1] * c[i, 1] + b[i, 2] * c[i, 2]
        ca = c[i, 0] * a[i, 0] + c[i, 1] * a[i, 1] + c[i, 2] * a[i, 2]
        out[i] = 2.0 * math.atan2(num, 1.0 + ab + bcd + ca)

"""Checks of the printed values of the mesh examples (collected by tests/test_examples.py):
``gauge_mesh_frames``, ``gauge_mesh_features``, ``gauge_mesh_convolution``."""

import re

from example_checks._parsing import numbers_after as _numbers
from example_checks._parsing import small as _small


def check_gauge_mesh_frames(out):
    m = re.search(r"mesh: (\d+) vertices, (\d+) faces, Euler characteristic (-?\d+)", out)
    V, F, chi = (int(x) for x in m.groups())
    # subdivided icosahedron: 10*4^3 + 2 vertices, 20*4^3 faces; a sphere has chi = 2 = V - 3F/2 + F
    assert (V, F, chi) == (642, 1280, 2) and V - 3 * F // 2 + F == chi
    lo, hi = _numbers(out, "angle defects:")
    assert lo < 0 < hi  # the bumps give curvature of both signs
    _small(out, "Gauss-Bonnet residual |sum K - 2 pi chi|:", 1e-12)
    _small(out, "max |holonomy around vertex - angle defect| over all vertices:", 1e-12)
    _small(out, "log-map law max |theta' - (theta - g_p)|:", 1e-12)
    _small(out, "transport law max |g'_qp - (g_qp - g_p + g_q)|:", 1e-12)
    nums = _numbers(out, "vector turned by")
    turned, hol1, hol2 = nums[0], nums[1], nums[3]  # "(gauge 1)" contributes the number 1
    solid = _numbers(out, "solid angle enclosed by the loop's normals (gaugemath.bundles.holonomy):")[0]
    # the 3-D transport written in the example, both gauges and the Gauss-map solid angle agree
    assert abs(turned - hol1) < 1e-11 and abs(hol1 - hol2) < 1e-11 and abs(hol1 - solid) < 1e-11
    assert abs(turned) > 0.05  # a curved loop: the vector really turns


def check_gauge_mesh_features(out):
    for label in ("order 0 (scalar |w|): max |f' - f| =", "order 1 (vector w): max |f' - rho_1(-g) f| =",
                  "order 2 (line field): max |f' - rho_2(-g) f| =", "gauge invariance of the norms:"):
        _small(out, label, 1e-12)
    assert _numbers(out, "order 1 without the law: max |f' - f| =")[0] > 0.5  # components do change
    order2, order1 = _numbers(out, "w -> -w: order-2 change")[0], _numbers(out, "order-1 change")[0]
    assert order2 < 1e-12 and order1 > 0.5  # order 2 cannot see the sign of w


def check_gauge_mesh_convolution(out):
    # de Haan et al. 2021, Table 1: 1, 2, 2, 2, 4, 4 solutions for these order pairs
    sizes = dict(re.findall(r"(\d->\d): (\d+)", out.split("kernel basis sizes", 1)[1].splitlines()[0]))
    assert sizes == {"0->0": "1", "0->1": "2", "0->2": "2", "1->0": "2", "1->1": "4", "1->2": "4"}
    n_w, n_self = _numbers(out, "learnable coefficients:")[:2]
    assert n_w == sum(int(v) for v in sizes.values()) and n_self == 1 + 2  # self: 0->0 (1) and 1->1 (I, J)
    _small(out, "equivariant layer: max gauge error", 1e-12)
    _small(out, "after the norm nonlinearity: max gauge error", 1e-12)
    _small(out, "max |K(theta - g) - rho_out(-g) K(theta) rho_in(g)|:", 1e-13)
    assert _numbers(out, "unconstrained kernel: max gauge error")[0] > 0.1  # negative control

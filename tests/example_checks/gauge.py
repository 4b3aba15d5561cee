"""Checks of the printed values of the gauge examples (collected by tests/test_examples.py):
``bundles_icosahedral_atlas``, ``bundles_gauge_fields_s2``, ``geometry_pullback``."""

import re

from example_checks._parsing import numbers_after as _numbers
from example_checks._parsing import small as _small


def check_bundles_icosahedral_atlas(out):
    # the r-times subdivided icosahedron has 10 * 4^r + 2 points (r = 2: 162), 12 with 5 neighbours
    points, formula = map(int, re.search(r"points (\d+) \(10\*4\^r\+2 = (\d+)\)", out).groups())
    assert points == formula == 10 * 4**2 + 2
    assert "charts (5, 4, 8), padded (5, 6, 10)" in out  # (2^r, 2^(r+1)) pixels, one pixel of padding
    assert _numbers(out, "points with five neighbours:")[0] == 12
    _small(out, "max | |x| - 1 |:", 1e-15)
    _small(out, "max |R x - x_perm| =", 1e-12)
    # every padding element is a C6 element 0..5 (x: unused corner, .: own pixel)
    rows = out.split("(rows i = -1..n", 1)[1].splitlines()[1:7]
    assert all(set(row.split()) <= set("x.012345") for row in rows) and len(rows) == 6
    _small(out, "max deviation", 0.45)  # < pi/6: m is the nearest C6 rotation
    # five transitions around the north pole compose to one 60-degree step: the angle defect
    # 2 pi - 5 pi/3 = pi/3 (Gauss-Bonnet: 12 * pi/3 = 4 pi)
    total, degrees = map(int, re.search(r"sum = (\d+) mod 6, holonomy (-?\d+) degrees", out).groups())
    assert total == 1 and degrees == 60


def check_bundles_gauge_fields_s2(out):
    assert _numbers(out, "components change by up to")[0] > 0.5  # the gauge change is not trivial
    _small(out, "max ||c'| - |c|| =", 1e-13)
    _small(out, "max |v' - v| =", 1e-13)
    _small(out, "vs components in the south frame:", 1e-13)
    _small(out, "; 3-D vector", 1e-13)
    for s in (1, 2):
        line = f"spin weight {s}: gauge_transform vs exp(-i s gamma) eta:"
        errs = _numbers(out, line)
        assert len(errs) == 3 and all(0 <= e < 1e-13 for e in errs), errs
    _small(out, "vs rotating the 3-D field:", 1e-12)
    _small(out, "Wigner rotation h(R, x)):", 1e-12)


def check_geometry_pullback(out):
    G, ref = _numbers(out, "G = J^T J =")[0], 1 + 0.3**2
    assert abs(G - ref) < 1e-4
    assert _numbers(out, "data-space step: f =")[1] > 1e-2  # leaves the helix
    _small(out, "latent step: f =", 1e-12, position=1)  # stays on it
    _small(out, "d/de g(z0 + e w)| =", 1e-14)
    ratios = [_numbers(out, f"e = {e}: remainder / e^2 =")[0] for e in ("1e-02", "1e-03", "1e-04")]
    assert min(ratios) > 0 and max(ratios) / min(ratios) < 1.05  # remainder is O(e^2)
    f0, f1, dist = _numbers(out, "f from")[:3]
    assert f1 > f0 and 0 <= dist < 1e-12
    _small(out, "tangential |grad f| =", 1e-8)

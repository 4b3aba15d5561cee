"""Printed values of examples/bundles_healpix_atlas.py, checked against counts derived here."""

import re

from example_checks._parsing import numbers_after as _numbers_after


def check_bundles_healpix_atlas(out):
    faces, seams, corners = (int(v) for v in re.search(
        r"faces \(charts\): (\d+), seams: (\d+), corner-only contacts: (\d+)", out).groups())
    assert faces == 12 and seams == 12 * 4 // 2  # quadrilaterals: each edge shared by two faces
    verts, three = (int(v) for v in re.search(r"vertices: (\d+), three-face points: (\d+)", out).groups())
    assert verts == 2 - faces + seams  # Euler characteristic of S^2
    # the 6 four-face vertices have 2 opposite pairs each; the three-face points have none
    assert three == 8 and corners == 2 * (verts - three)
    cos_theta = [float(c) for c in re.findall(r"three-face point at cos\(theta\) = ([-+]\d\.\d+)", out)]
    assert len(cos_theta) == 4 and all(abs(c - 2 / 3) < 1e-6 for c in cos_theta)
    # angle defect of n squares around a point: 2 pi - n pi / 2, in quarter turns 4 - n
    assert _numbers_after(out, "holonomy at the three-face points (quarter turns):") == [4 - 3]
    assert _numbers_after(out, "holonomy at the four-face vertices (quarter turns):") == [0]
    assert _numbers_after(out, "sum of holonomy angles / pi:")[0] == 4.0  # Gauss-Bonnet 2 pi chi / pi
    assert "geometric shift is a permutation: True, ring shift is a permutation: True" in out
    exceptions, s = (int(v) for v in re.search(
        r"slot pairs that are not neighbours: (\d+); half-window s = (\d+)", out).groups())
    # 6 packed windows; in each, one s x s corner quadrant is foreign: 2s edge pairs + 4s - 3 diagonals
    assert exceptions == 6 * (2 * s + 4 * s - 3)
    assert _numbers_after(out, "windows with a mask:") == [6]

"""HEALPix atlas: the 12 face charts, their gluings, the C4 frame gauge and the holonomy.

Independent references: healpy (``get_all_neighbours``, ``boundaries``, ``pix2vec``,
``pix2xyf``) and closed-form geometry (the vertices at cos(theta) = +-2/3, the angle
defect 2 pi - (faces) pi/2, Gauss-Bonnet).
"""

import itertools
import math

import healpy as hp
import numpy as np
import pytest

from gaugemath.bundles import (
    face_frame,
    face_gluing,
    face_gluings,
    face_vertices,
    glue_pixels,
    gluing_tables,
    vertex_holonomy,
)
from gaugemath.groups import as_group
from gaugemath.transforms.healpix import _face_point

DX = [-1, -1, 0, 1, 1, 1, 0, -1]  # healpy neighbour order SW, W, NW, N, NE, E, SE, S
DY = [0, 1, 1, 1, 0, -1, -1, -1]
CORNER = {"N": (1, 1), "W": (0, 1), "S": (0, 0), "E": (1, 0)}  # healpy boundaries order N, W, S, E
EDGE = {"NE": ("N", "E"), "NW": ("N", "W"), "SW": ("S", "W"), "SE": ("S", "E")}


def xyz(theta, phi):
    return np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], -1)


def test_counts_and_c4():
    g = face_gluings()
    edges = {frozenset((a.face_a, a.face_b)) for a in g if a.kind == "edge"}
    corners = {frozenset((a.face_a, a.face_b)) for a in g if a.kind == "corner"}
    # a tessellation by 12 quadrilaterals: 12 * 4 / 2 = 24 edges; corner-only contacts are the
    # opposite pairs at the 6 four-face vertices (2 each) = 12
    assert len(g) == 72 and len(edges) == 24 and len(corners) == 12 and not edges & corners
    c4 = as_group("C4").elements()
    for a in g:
        assert round(np.linalg.det(a.matrix)) == 1  # no flip: all charts share the orientation
        np.testing.assert_array_equal(a.matrix, c4[a.quarter_turns])
        assert a.angle == pytest.approx(math.atan2(a.matrix[1, 0], a.matrix[0, 0]), rel=0, abs=1e-15)


@pytest.mark.parametrize("nside", [1, 4, 16])
def test_inverse_and_composition(nside):
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-nside, 2 * nside, (2, 20))
    ix, iy = rng.integers(-nside, 2 * nside, (2, 20))
    for a in face_gluings():
        b = face_gluing(a.face_b, a.face_a)
        assert (b.side_a, b.side_b) == (a.side_b, a.side_a)
        np.testing.assert_allclose(b.map_points(nside, *a.map_points(nside, x, y)), [x, y], rtol=0, atol=1e-12)
        np.testing.assert_array_equal(b.map_pixels(nside, *a.map_pixels(nside, ix, iy)), [ix, iy])
        # discrete map = continuous map of the pixel centres
        cx, cy = a.map_points(nside, ix + 0.5, iy + 0.5)
        np.testing.assert_array_equal(a.map_pixels(nside, ix, iy), [cx - 0.5, cy - 0.5])


@pytest.mark.parametrize("nside", [1, 2, 4, 8, 16])
def test_glued_pixel_is_the_healpy_neighbour(nside):
    pix = np.arange(12 * nside**2)
    x, y, f = hp.pix2xyf(nside, pix, nest=True)
    nb = hp.get_all_neighbours(nside, pix, nest=True)
    boundary = (x == 0) | (y == 0) | (x == nside - 1) | (y == nside - 1)
    for k in range(8):
        F, X, Y = glue_pixels(nside, f, x + DX[k], y + DY[k])
        ours = np.where(F < 0, -1, hp.xyf2pix(nside, np.maximum(X, 0), np.maximum(Y, 0), np.maximum(F, 0), nest=True))
        np.testing.assert_array_equal(ours, nb[k])
    # every boundary pixel was tested across every side; the 8 three-face points lose 1 neighbour each
    # on each of their 3 corner pixels (healpy's -1): 24 missing entries
    assert boundary.sum() == 12 * (4 * nside - 4 if nside > 1 else 1)
    assert (nb == -1).sum() == 24


def test_continuous_gluing_matches_healpy_corners():
    # healpy boundaries at nside 1: the face's corners N, W, S, E
    corners = {f: dict(zip("NWSE", hp.boundaries(1, f, step=1, nest=True).T)) for f in range(12)}
    for a in face_gluings():
        names = EDGE.get(a.side_a, (a.side_a,))
        for name in names:
            cx, cy = CORNER[name]
            bx, by = a.map_points(1, np.array([cx]), np.array([cy]))
            target = [k for k, v in CORNER.items() if v == (round(bx[0]), round(by[0]))]
            assert target, f"corner {name} of face {a.face_a} does not land on a corner of face {a.face_b}"
            np.testing.assert_allclose(corners[a.face_a][name], corners[a.face_b][target[0]], rtol=0, atol=1e-12)
        # and the edge interior: the same 3-D points from both charts (HEALPix projection)
        if a.kind == "edge":
            t = np.linspace(0.0, 1.0, 11)
            (x0, y0), (x1, y1) = (CORNER[n] for n in names)
            xa, ya = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            xb, yb = a.map_points(1, xa, ya)
            pa = xyz(*_face_point(1, np.full(11, a.face_a), xa, ya))
            pb = xyz(*_face_point(1, np.full(11, a.face_b), xb, yb))
            np.testing.assert_allclose(pa, pb, rtol=0, atol=1e-12)


def test_frame_gauge_across_seams():
    """The chart frames: d(chart B)/d(chart A) on a seam, from 3-D tangent vectors.

    The edge-parallel direction is carried exactly by M_BA on all 48 directed seams; on the
    32 belt seams the whole frame is (M_BA = identity there); on the 16 polar-cap seams the
    differential is M_BA (1 + 2 e_par e_perp^T): the HEALPix polar projection is interrupted
    there, so the transverse coordinate lines kink while the lattices glue by M_BA.
    """
    t = np.linspace(0.05, 0.95, 9)
    out = {"NE": (1, 0), "NW": (0, 1), "SW": (-1, 0), "SE": (0, -1)}
    n_polar = 0
    for a in (g for g in face_gluings() if g.kind == "edge"):
        ox, oy = out[a.side_a]
        xa = np.full_like(t, 1.0) if ox == 1 else np.zeros_like(t) if ox == -1 else t
        ya = np.full_like(t, 1.0) if oy == 1 else np.zeros_like(t) if oy == -1 else t
        xb, yb = a.map_points(1, xa, ya)
        # one-sided differences (h = 1e-7, error O(h / sigma^2) < 5e-6 here, sigma = polar distance)
        ja = np.stack(face_frame(1, a.face_a, xa, ya, h=1e-7), -1)  # (9, 3, 2)
        jb = np.stack(face_frame(1, a.face_b, xb, yb, h=1e-7), -1)
        e_par = np.array([abs(oy), abs(ox)])
        e_perp = np.array([abs(ox), abs(oy)])
        np.testing.assert_allclose(ja @ e_par, jb @ (a.matrix @ e_par), rtol=0, atol=1e-5)
        d = np.linalg.pinv(jb) @ ja
        if a.quarter_turns == 0:
            np.testing.assert_allclose(d, np.broadcast_to(np.eye(2), d.shape), rtol=0, atol=1e-5)
        else:
            n_polar += 1
            shear = np.eye(2) + 2 * np.outer(e_par, e_perp)
            np.testing.assert_allclose(d, np.broadcast_to(a.matrix @ shear, d.shape), rtol=0, atol=1e-5)
    assert n_polar == 16


def test_vertices_and_holonomy():
    verts = face_vertices()
    assert len(verts) == 14  # Euler: V = 2 - F + E = 2 - 12 + 24
    pix_centres = np.array(hp.pix2vec(1, np.arange(12), nest=True)).T
    total = 0.0
    three = []
    for v in verts:
        p = v["xyz"]
        faces = v["faces"]
        # counter-clockwise about the outward normal, checked with healpy's face centres
        e1 = np.cross([0.3, 0.2, 0.9], p)
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(p, e1)
        ang = [math.atan2(pix_centres[f] @ e2, pix_centres[f] @ e1) for f in faces]
        steps = np.mod(np.diff(ang + ang[:1]), 2 * np.pi)
        assert np.all(steps < np.pi) and abs(steps.sum() - 2 * np.pi) < 1e-12
        hol = vertex_holonomy(faces)
        defect = 2 * np.pi - len(faces) * np.pi / 2  # flat squares with corner angle pi/2
        assert hol * np.pi / 2 == pytest.approx(defect, rel=0, abs=1e-12)
        # the same loop from another start (C4 is abelian) and reversed
        assert vertex_holonomy(faces[1:] + faces[:1]) == hol
        assert vertex_holonomy(faces[::-1]) == (-hol) % 4
        # product of the C4 elements, multiplied with the group's own table
        c4 = as_group("C4").elements()
        prod = np.eye(2)
        for a, b in zip(faces, faces[1:] + faces[:1]):
            prod = c4[face_gluing(a, b).quarter_turns] @ prod
        np.testing.assert_allclose(prod, c4[hol], rtol=0, atol=1e-15)
        total += hol * np.pi / 2
        if len(faces) == 3:
            three.append(v)
    assert total == pytest.approx(4 * np.pi, rel=0, abs=1e-12)  # 2 pi chi(S^2)
    assert len(three) == 8
    z = sorted(round(v["xyz"][2], 12) for v in three)
    assert z == [round(-2 / 3, 12)] * 4 + [round(2 / 3, 12)] * 4
    phis = sorted(round(v["phi"] / (np.pi / 2), 9) % 4 for v in three)
    assert phis == [0, 0, 1, 1, 2, 2, 3, 3]
    # holonomy at the poles: the 4 polar faces, each glued by a quarter turn: (-1)*4 = 0 mod 4
    assert vertex_holonomy([0, 1, 2, 3]) == 0 and vertex_holonomy([8, 11, 10, 9]) == 0


def test_tables_agree_with_gluings():
    tab_f, tab_m, tab_t = gluing_tables()
    for a in face_gluings():
        hits = [(i, j) for i, j in itertools.product(range(3), range(3)) if tab_f[a.face_a, i, j] == a.face_b]
        assert len(hits) == 1
        np.testing.assert_array_equal(tab_m[a.face_a][hits[0]], a.matrix)
        np.testing.assert_array_equal(tab_t[a.face_a][hits[0]], a.offset)
    assert (tab_f == -1).sum() == 24  # at each of the 8 three-face points, each of its 3 faces lacks a diagonal


def test_bad_input():
    with pytest.raises(ValueError, match="face_a"):
        face_gluing(12, 0)
    with pytest.raises(ValueError, match="do not touch"):
        face_gluing(0, 10)
    with pytest.raises(ValueError, match="face_b"):
        face_gluing(0, -1)
    with pytest.raises(ValueError, match="power of two"):
        glue_pixels(3, 0, 0, 0)
    with pytest.raises(TypeError, match="nside"):
        glue_pixels(2.0, 0, 0, 0)
    with pytest.raises(ValueError, match="ix, iy"):
        glue_pixels(4, 0, 8, 0)
    with pytest.raises(ValueError, match="face"):
        glue_pixels(4, 12, 0, 0)
    with pytest.raises(ValueError, match="share no edge"):
        vertex_holonomy([0, 2, 1])
    with pytest.raises(ValueError, match="at least 2"):
        vertex_holonomy([0])
    with pytest.raises(ValueError, match="face"):
        face_frame(1, 12, 0.5, 0.5)

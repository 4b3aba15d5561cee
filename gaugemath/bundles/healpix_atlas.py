r"""HEALPix as a gauge atlas: 12 face charts, their transition maps, the C4 gauge, holonomy.

The 12 base faces of HEALPix (Górski et al., ApJ 622 (2005) 759, Fig. 3) are the charts.
Face ``f`` has the continuous coordinates :math:`(x, y) \in [0, n]^2` (``n = nside``, units
of pixels; pixel ``(ix, iy)`` is the square :math:`[ix, ix+1] \times [iy, iy+1]`) with
``x`` pointing north-east and ``y`` north-west, so the south corner is ``(0, 0)``, the east
corner ``(n, 0)``, the north corner ``(n, n)`` and the west corner ``(0, n)``.  Faces
``0..3`` are the northern polar faces, ``4..7`` the equatorial ones and ``8..11`` the southern
polar ones, numbered eastwards.

**Gluings.**  Where two faces touch, the coordinates of one are an exact affine function of
the other's:

.. math::
    (x_B, y_B) = M_{BA}\,(x_A, y_A) + n\,t_{BA},\qquad M_{BA} \in C_4 \subset D_4,

with :math:`M_{BA}` a rotation by a multiple of :math:`\pi/2` (no gluing needs a flip: every
chart has the same orientation, ``x`` to ``y`` counter-clockwise seen from outside) and
:math:`t_{BA} \in \{-2,\dots,2\}^2`.  On pixel indices the map is
:math:`(i_{xB}, i_{yB}) = M(i_{xA}, i_{yA}) + n t + (M\mathbf 1 - \mathbf 1)/2`, exact in integers
at every ``nside``.  There are 24 edge gluings (seams) and 12 corner-only gluings (the pairs of
faces that only share a vertex).  ``M_{BA}`` is also the gauge transformation of the chart
frames: tangent components transform as :math:`v_B = M_{BA} v_A`, i.e. the frame
:math:`(\partial_x, \partial_y)` of chart B is that of chart A turned by ``-angle``.

**Vertices.**  The tessellation has 14 vertices: the two poles (4 faces), 4 points on the
equator at :math:`\phi = \pi/4 + k\pi/2` (4 faces) and the 8 points at
:math:`\cos\theta = \pm 2/3`, :math:`\phi = k\pi/2` where only 3 faces meet.  The holonomy of
the chart-frame field around a vertex (counter-clockwise, seen from outside) is the
product of the gluings around it; it is the rotation by the angle defect
:math:`2\pi - (\text{number of faces})\,\pi/2`: a quarter turn :math:`+\pi/2` at the 8 three-face
points, the identity at the 6 four-face vertices, and the 8 quarter turns add up to
:math:`4\pi = 2\pi\chi(S^2)` (Gauss–Bonnet for the flat-with-cone-points metric of the charts).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

# the private index helpers of transforms.healpix (public twins are being added: switch here)
# pixel-unit face coordinates, extended past the face edge (the public face_point takes the unit
# square only); used for the chart frames on both sides of a seam
from gaugemath.transforms.healpix import _face_point as face_point
from gaugemath.transforms.healpix import check_nside

__all__ = [
    "FaceGluing",
    "face_gluing",
    "face_gluings",
    "glue_pixels",
    "gluing_tables",
    "face_vertices",
    "vertex_holonomy",
    "face_frame",
]

#: outward direction (ox, oy) in {-1, 0, 1}^2 -> compass name of the edge / corner
DIRECTIONS = {(1, 0): "NE", (0, 1): "NW", (-1, 0): "SW", (0, -1): "SE",
              (1, 1): "N", (1, -1): "E", (-1, -1): "S", (-1, 1): "W"}

_ROT = np.array([[[1, 0], [0, 1]], [[0, -1], [1, 0]], [[-1, 0], [0, -1]], [[0, 1], [-1, 0]]], np.int64)


def _gluing_rules(face: int, ox: int, oy: int):
    """(face_b, r, (tx, ty)) for the gluing of ``face`` across direction (ox, oy), or None.

    ``r`` counts quarter turns (counter-clockwise), ``t`` is in units of nside.  The rules
    (north polar ``k``, equatorial ``4+k``, south polar ``8+k``, indices mod 4):
    polar caps are glued to their neighbours turned by a quarter turn about the pole
    (Górski et al. 2005, Fig. 4), the belt faces by translations of the projection plane.
    """
    k = face % 4
    if face < 4:
        table = {(1, 0): ((k + 1) % 4, 3, (0, 2)), (0, 1): ((k - 1) % 4, 1, (2, 0)), (1, 1): ((k + 2) % 4, 2, (2, 2)),
                 (-1, 0): (4 + k, 0, (1, 0)), (0, -1): (4 + (k + 1) % 4, 0, (0, 1)), (-1, -1): (8 + k, 0, (1, 1))}
    elif face < 8:
        table = {(1, 0): (k, 0, (-1, 0)), (0, 1): ((k - 1) % 4, 0, (0, -1)), (0, -1): (8 + k, 0, (0, 1)),
                 (-1, 0): (8 + (k - 1) % 4, 0, (1, 0)), (1, -1): (4 + (k + 1) % 4, 0, (-1, 1)),
                 (-1, 1): (4 + (k - 1) % 4, 0, (1, -1))}
    else:
        table = {(1, 0): (4 + (k + 1) % 4, 0, (-1, 0)), (0, 1): (4 + k, 0, (0, -1)), (1, 1): (k, 0, (-1, -1)),
                 (-1, 0): (8 + (k - 1) % 4, 3, (0, 0)), (0, -1): (8 + (k + 1) % 4, 1, (0, 0)),
                 (-1, -1): (8 + (k + 2) % 4, 2, (0, 0))}
    rule = table.get((ox, oy))
    if rule is None:
        return None
    return rule


@dataclasses.dataclass(frozen=True)
class FaceGluing:
    """The transition map from chart ``face_a`` to chart ``face_b`` (see the module docstring).

    Attributes
    ----------
    face_a, face_b : int
        Source and target base face (0..11).
    side_a, side_b : str
        Where they touch: an edge ``"NE"``, ``"NW"``, ``"SW"``, ``"SE"`` or, for a corner-only
        gluing, a corner ``"N"``, ``"E"``, ``"S"``, ``"W"`` of each face.
    quarter_turns : int
        ``r`` in 0..3: :math:`M_{BA}` is the counter-clockwise rotation by :math:`r\\pi/2`,
        the element ``as_group("C4").elements()[r]``.
    offset : tuple of int
        ``t`` (units of nside).
    """

    face_a: int
    face_b: int
    side_a: str
    side_b: str
    quarter_turns: int
    offset: tuple

    @property
    def kind(self) -> str:
        return "edge" if len(self.side_a) == 2 else "corner"

    @property
    def matrix(self) -> np.ndarray:
        """:math:`M_{BA}` as a 2 × 2 integer matrix (also the frame gauge transformation)."""
        return _ROT[self.quarter_turns].copy()

    @property
    def angle(self) -> float:
        """Rotation angle of :math:`M_{BA}` in (-π, π]."""
        r = self.quarter_turns
        return (r if r <= 2 else r - 4) * math.pi / 2

    def map_points(self, nside, x, y):
        """Continuous face coordinates of chart A → chart B (arrays, units of pixels)."""
        n = check_nside(nside)
        m = _ROT[self.quarter_turns]
        x, y = np.asarray(x, float), np.asarray(y, float)
        return m[0, 0] * x + m[0, 1] * y + n * self.offset[0], m[1, 0] * x + m[1, 1] * y + n * self.offset[1]

    def map_pixels(self, nside, ix, iy):
        """Pixel indices (extended beyond face A) → pixel indices of face B, exact integers."""
        n = check_nside(nside)
        m = _ROT[self.quarter_turns]
        ix, iy = np.asarray(ix, np.int64), np.asarray(iy, np.int64)
        sx, sy = (m[0, 0] + m[0, 1] - 1) // 2, (m[1, 0] + m[1, 1] - 1) // 2
        return (m[0, 0] * ix + m[0, 1] * iy + n * self.offset[0] + sx,
                m[1, 0] * ix + m[1, 1] * iy + n * self.offset[1] + sy)


def _check_face(face, name="face") -> int:
    if isinstance(face, (bool, np.bool_)) or not isinstance(face, (int, np.integer)) or not 0 <= face < 12:
        raise ValueError(f"{name} must be an integer base face in 0..11, got {face!r}")
    return int(face)


def face_gluing(face_a, face_b) -> FaceGluing:
    """The gluing of two touching faces (edge or corner); ValueError if they do not touch."""
    a, b = _check_face(face_a, "face_a"), _check_face(face_b, "face_b")
    for g in face_gluings():
        if g.face_a == a and g.face_b == b:
            return g
    raise ValueError(f"faces {a} and {b} do not touch (no edge or corner in common)")


def face_gluings() -> tuple:
    """All 72 directed gluings: 48 across the 24 seams, 24 across the 12 corner-only contacts."""
    out = []
    for a in range(12):
        for (ox, oy), side in DIRECTIONS.items():
            rule = _gluing_rules(a, ox, oy)
            if rule is None:
                continue
            b, r, t = rule
            # seen from B, A lies in the direction M_BA (-(ox, oy))
            db = tuple(int(v) for v in -(_ROT[r] @ np.array([ox, oy])))
            out.append(FaceGluing(a, b, side, DIRECTIONS[db], r, t))
    return tuple(out)


def glue_pixels(nside, face, ix, iy):
    """Face and indices of the pixels at extended coordinates ``(ix, iy)`` of ``face``.

    ``ix, iy`` may lie up to ``nside`` outside ``[0, nside)``; points inside return unchanged,
    points across an edge or a four-face corner are mapped by the gluing, and points in the
    missing quadrant beyond a three-face vertex give ``face = -1`` (and ``ix = iy = -1``).
    """
    n = check_nside(nside)
    face, ix, iy = (np.asarray(a, np.int64) for a in (face, ix, iy))
    face, ix, iy = np.broadcast_arrays(face, ix, iy)
    if face.size and (face.min() < 0 or face.max() > 11):
        raise ValueError("face must lie in 0..11")
    if ix.size and (min(ix.min(), iy.min()) < -n or max(ix.max(), iy.max()) >= 2 * n):
        raise ValueError(f"ix, iy must lie in [-nside, 2 nside) = [{-n}, {2 * n}) for nside={n}")
    ox = (ix >= n).astype(np.int64) - (ix < 0)
    oy = (iy >= n).astype(np.int64) - (iy < 0)
    tab_f, tab_m, tab_t = gluing_tables()
    sel = (face, ox + 1, oy + 1)
    fb = tab_f[sel]
    m = tab_m[sel]
    t = tab_t[sel]
    sx = (m[..., 0, 0] + m[..., 0, 1] - 1) // 2
    sy = (m[..., 1, 0] + m[..., 1, 1] - 1) // 2
    jx = m[..., 0, 0] * ix + m[..., 0, 1] * iy + n * t[..., 0] + sx
    jy = m[..., 1, 0] * ix + m[..., 1, 1] * iy + n * t[..., 1] + sy
    missing = fb < 0
    return np.where(missing, -1, fb), np.where(missing, -1, jx), np.where(missing, -1, jy)


def gluing_tables():
    """Lookup tables of the gluings, indexed ``[face, ox + 1, oy + 1]`` by the outward direction.

    Returns ``(faces, matrices, offsets)``: ``(12, 3, 3)`` target face (``-1`` beyond a
    three-face vertex; ``face`` itself at ``(0, 0)``), ``(12, 3, 3, 2, 2)`` integer
    :math:`M_{BA}` and ``(12, 3, 3, 2)`` offsets ``t`` in units of nside.
    """
    tab_f = np.full((12, 3, 3), -1, np.int64)
    tab_m = np.zeros((12, 3, 3, 2, 2), np.int64)
    tab_t = np.zeros((12, 3, 3, 2), np.int64)
    for f in range(12):
        tab_f[f, 1, 1] = f
        tab_m[f, 1, 1] = _ROT[0]
        for (ox, oy) in DIRECTIONS:
            rule = _gluing_rules(f, ox, oy)
            if rule is not None:
                tab_f[f, ox + 1, oy + 1] = rule[0]
                tab_m[f, ox + 1, oy + 1] = _ROT[rule[1]]
                tab_t[f, ox + 1, oy + 1] = rule[2]
    return tab_f, tab_m, tab_t


def _vertex_xyz(face, cx, cy):
    """Unit vector of the face corner (cx, cy) in {0, 1}^2 (units of nside)."""
    th, ph = face_point(1, np.array([face]), np.array([float(cx)]), np.array([float(cy)]))
    return np.array([np.sin(th[0]) * np.cos(ph[0]), np.sin(th[0]) * np.sin(ph[0]), np.cos(th[0])])


def face_vertices() -> list:
    """The 14 vertices of the base tessellation, each a dict with ``xyz``, ``theta``,
    ``phi``, ``faces`` (the faces around it, counter-clockwise seen from outside, starting
    at the smallest) and ``corners`` (which corner of each face: ``"N"``, ``"E"``, ``"S"``,
    ``"W"``)."""
    names = {(0, 0): "S", (1, 0): "E", (1, 1): "N", (0, 1): "W"}
    found = []
    for f in range(12):
        for (cx, cy), cname in names.items():
            p = _vertex_xyz(f, cx, cy)
            for v in found:
                if np.linalg.norm(v["xyz"] - p) < 1e-9:
                    v["faces"].append(f)
                    v["corners"].append(cname)
                    break
            else:
                found.append({"xyz": p, "faces": [f], "corners": [cname]})
    for v in found:
        p = v["xyz"]
        # order the faces counter-clockwise about the outward normal p (face centre azimuths)
        e1 = np.cross([0.0, 0.0, 1.0], p) if abs(p[2]) < 0.99 else np.array([1.0, 0.0, 0.0])
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(p, e1)
        ang = []
        for f in v["faces"]:
            c = _vertex_xyz(f, 0.5, 0.5)
            ang.append(math.atan2(np.dot(c, e2), np.dot(c, e1)))
        order = np.argsort(ang)
        faces = [v["faces"][i] for i in order]
        corners = [v["corners"][i] for i in order]
        s = int(np.argmin(faces))
        v["faces"], v["corners"] = faces[s:] + faces[:s], corners[s:] + corners[:s]
        v["theta"] = float(np.arccos(np.clip(p[2], -1, 1)))
        v["phi"] = float(np.mod(np.arctan2(p[1], p[0]), 2 * np.pi))
    return found


def vertex_holonomy(faces) -> int:
    """Holonomy of the chart frames around a vertex, in quarter turns (0..3).

    ``faces``: the faces around the vertex in loop order ``f_0, f_1, ..., f_{m-1}``
    (consecutive ones glued along an edge).  Returns ``r`` with
    :math:`M_{f_0 f_{m-1}} \\cdots M_{f_2 f_1} M_{f_1 f_0} = R(r\\pi/2)`: the rotation that
    tangent components undergo when carried once around the loop (``1`` = a quarter turn
    counter-clockwise).
    """
    faces = [_check_face(f) for f in faces]
    if len(faces) < 2:
        raise ValueError(f"faces must list at least 2 faces around a vertex, got {faces}")
    hol = _ROT[0]
    for a, b in zip(faces, faces[1:] + faces[:1]):
        g = face_gluing(a, b)
        if g.kind != "edge":
            raise ValueError(f"faces {a} and {b} are consecutive in the loop but share no edge")
        hol = g.matrix @ hol
    return int(next(r for r in range(4) if np.array_equal(_ROT[r], hol)))


def face_frame(nside, face, x, y, h: float = 1e-4):
    """3-D tangent vectors of the chart directions at face coordinates (x, y).

    Returns ``(ex, ey)``, each ``(..., 3)``: central differences of the HEALPix embedding of
    chart ``face`` (healpix ``_face_point``) along ``x`` and ``y`` (per unit pixel), taken
    inside the face (one-sided at its edges).  Used to check that the gluing rotation is the
    frame gauge transformation.
    """
    n = check_nside(nside)
    face = _check_face(face)
    x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))

    def xyz(px, py):
        px, py = np.clip(px, 0, n), np.clip(py, 0, n)
        th, ph = face_point(n, np.full(px.shape, face), px, py)
        return np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1)

    def diff(dx, dy):
        lo_x, hi_x = np.clip(x - h * dx, 0, n), np.clip(x + h * dx, 0, n)
        lo_y, hi_y = np.clip(y - h * dy, 0, n), np.clip(y + h * dy, 0, n)
        span = (hi_x - lo_x) * dx + (hi_y - lo_y) * dy
        return (xyz(hi_x, hi_y) - xyz(lo_x, lo_y)) / span[..., None]

    return diff(1, 0), diff(0, 1)

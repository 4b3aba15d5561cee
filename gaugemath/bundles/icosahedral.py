r"""The icosahedral atlas: five charts of hexagonal pixels with a :math:`C_6` gauge.

Construction (Cohen, Weiler, Kicanaoglu & Welling, "Gauge equivariant convolutional networks
and the icosahedral CNN", ICML 2019, arXiv:1902.04615, §6):

* **Orientation.**  The icosahedron has a vertex at the north pole :math:`N = e_z`, an upper
  ring :math:`u_k` at height :math:`z = 1/\sqrt5` and azimuth :math:`2\pi k/5`, a lower ring
  :math:`l_k` at :math:`z = -1/\sqrt5`, azimuth :math:`2\pi k/5 + \pi/5`, and :math:`S = -e_z`
  (:func:`icosahedron_vertices`).  It is the icosahedron of
  :func:`gaugemath.groups.icosahedral` (vertices :math:`(0, \pm1, \pm\varphi)` cyclically)
  rotated by :data:`ICOSAHEDRON_ROTATION` :math:`Q`, so its rotation group is
  :math:`Q\,I\,Q^T` (:func:`icosahedral_rotations`).
* **Grid at resolution r.**  Every edge is cut into :math:`n = 2^r` segments; the points are
  the :math:`10\cdot4^r + 2 = 5\cdot2^{2r+1} + 2` lattice points of the subdivided faces,
  radially projected onto the unit sphere (``points``; the unprojected points on the flat
  icosahedron are ``flat_points``).  The 12 icosahedron vertices have 5 neighbours, all other
  points 6.
* **Charts.**  Chart :math:`k \in \{0..4\}` is the parallelogram of the four faces
  :math:`(N,u_k,u_{k+1})`, :math:`(u_k,l_k,u_{k+1})`, :math:`(u_{k+1},l_k,l_{k+1})`,
  :math:`(l_k,S,l_{k+1})`, unfolded into the plane.  Its pixels form an ``(n, 2n)`` integer
  array with axial (hexagonal) coordinates ``(i, j)``: the corners are
  :math:`N = (-1, 0)`, :math:`u_k = (n-1, 0)`, :math:`u_{k+1} = (-1, n)`, :math:`l_k = (n-1, n)`,
  :math:`l_{k+1} = (-1, 2n)`, :math:`S = (n-1, 2n)`.  Chart :math:`k` owns ``0 <= i < n``,
  ``0 <= j < 2n`` (its edge :math:`N\,u_{k+1}\,l_{k+1}\,S` belongs to chart :math:`k+1`), so the
  five charts own every point but the two poles exactly once.  Global point index:
  ``k*2n^2 + i*2n + j``; :math:`N` is ``10 n^2``, :math:`S` is ``10 n^2 + 1``.
* **Hexagonal neighbours.**  Direction ``d`` (:data:`HEX_DIRECTIONS`) is the axial step
  ``(0,1), (-1,1), (-1,0), (0,-1), (1,-1), (1,0)``; in the unfolded chart (plane coordinates
  :math:`x = j + i/2`, :math:`y = -\tfrac{\sqrt3}{2}i`) it points at angle :math:`60^\circ d`,
  counterclockwise seen from outside the sphere.
* **C6 gauge.**  The frame of chart :math:`k` at a pixel has first axis along direction 0 and
  second axis :math:`+90^\circ` (right-handed with the outward normal); the gauge group is
  :math:`C_6` = ``gaugemath.groups.as_group("C6")``, element ``m`` = rotation by
  :math:`2\pi m/6`.
* **Padding and transition maps.**  The padded chart is ``(n+2, 2n+2)``, pixel ``(i, j)`` at
  ``[i+1, j+1]``.  Its top row ``i = -1`` and right column ``j = 2n`` are the chart's closed
  boundary (points of chart :math:`k+1` and the poles); its bottom row ``i = n`` and left
  column ``j = -1`` lie in chart :math:`k-1`, reached by unfolding across the edges
  :math:`u_k l_k S` and :math:`N u_k`.  ``padded_index[k, i+1, j+1]`` is the point and
  ``padded_gauge[k, i+1, j+1] = m`` the :math:`C_6` element with
  :math:`\sigma_k = \sigma_o\,r^m` (:math:`o` the owning chart, :math:`k_{o k} = r^m` as in
  :class:`~gaugemath.bundles.AssociatedBundle`): a feature of type :math:`\rho` is copied as
  :math:`f_k = \rho(r^m)^{-1} f_o` (:meth:`IcosahedralAtlas.pad`).  The corners
  ``(-1, -1)`` and ``(n, 2n)`` are no hexagonal neighbour of any owned pixel: index ``-1``.
* **Singular points.**  Around the 12 icosahedron vertices the unfolding is not unique: the
  cone angle is :math:`5\cdot60^\circ`, an angle defect of :math:`\pi/3` (Gauss–Bonnet:
  :math:`12\cdot\pi/3 = 4\pi`).  The padding pixels next to :math:`u_k` and :math:`l_k` are
  taken from the edge they are across (so one neighbour appears twice); the points
  :math:`u_{k+1}` and :math:`l_{k+1}` in the top row of chart :math:`k` take the gauge of the
  top-row pixel before them (edges :math:`N u_{k+1}` and :math:`u_{k+1} l_{k+1}`).  The poles
  belong to no chart and carry gauge ``0`` (their features are taken as given, e.g. scalars).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "HEX_DIRECTIONS",
    "ICOSAHEDRON_ROTATION",
    "IcosahedralAtlas",
    "icosahedron_vertices",
    "icosahedral_rotations",
]

#: Axial steps ``(di, dj)`` of the six hexagonal directions, direction ``d`` at angle 60°·d.
HEX_DIRECTIONS = np.array([(0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1), (1, 0)], dtype=np.int64)

_GOLDEN = (1 + 5**0.5) / 2


def icosahedron_vertices() -> np.ndarray:
    r"""The 12 unit vertices ``(12, 3)``: ``N``, ``u_0..u_4``, ``l_0..l_4``, ``S`` (module docstring)."""
    z = 1 / np.sqrt(5.0)
    rho = 2 / np.sqrt(5.0)
    k = np.arange(5)
    up = np.stack([rho * np.cos(2 * np.pi * k / 5), rho * np.sin(2 * np.pi * k / 5), np.full(5, z)], -1)
    lo = np.stack([rho * np.cos(2 * np.pi * k / 5 + np.pi / 5), rho * np.sin(2 * np.pi * k / 5 + np.pi / 5),
                   np.full(5, -z)], -1)
    return np.concatenate([[[0.0, 0.0, 1.0]], up, lo, [[0.0, 0.0, -1.0]]])


def _rotation_from_groups_frame() -> np.ndarray:
    # rows: an orthonormal frame in which the vertex (0, 1, phi) is e_z and its neighbour
    # (0, -1, phi) has azimuth 0 (so it becomes u_0)
    v = np.array([0.0, 1.0, _GOLDEN]) / np.sqrt(1 + _GOLDEN**2)
    w = np.array([0.0, -1.0, _GOLDEN]) / np.sqrt(1 + _GOLDEN**2)
    e1 = w - np.dot(w, v) * v
    e1 /= np.linalg.norm(e1)
    return np.stack([e1, np.cross(v, e1), v])


#: :math:`Q`: maps the icosahedron of :func:`gaugemath.groups.icosahedral` onto
#: :func:`icosahedron_vertices` (:math:`Q(0,1,\varphi)/|\cdot| = e_z`,
#: :math:`Q(0,-1,\varphi)/|\cdot| = u_0`).
ICOSAHEDRON_ROTATION = _rotation_from_groups_frame()


def icosahedral_rotations() -> np.ndarray:
    r"""The 60 rotations :math:`Q g Q^T`, :math:`g \in I` (:func:`gaugemath.groups.icosahedral`), ``(60, 3, 3)``."""
    from ..groups import icosahedral

    Q = ICOSAHEDRON_ROTATION
    return Q @ icosahedral().elements() @ Q.T


# the corners of chart k in axial pixel coordinates, by icosahedron vertex
def _chart_faces(k: int, n: int):
    """The chart's four faces: (icosahedron vertex ids, their (i, j) pixel coordinates)."""
    N, S = 0, 11
    uk, uk1, lk, lk1 = 1 + k, 1 + (k + 1) % 5, 6 + k, 6 + (k + 1) % 5
    pos = {N: (-1, 0), uk: (n - 1, 0), uk1: (-1, n), lk: (n - 1, n), lk1: (-1, 2 * n), S: (n - 1, 2 * n)}
    faces = [(N, uk, uk1), (uk, lk, uk1), (uk1, lk, lk1), (lk, S, lk1)]
    return [(f, np.array([pos[v] for v in f], dtype=np.int64)) for f in faces]


def _barycentric_keys(k: int, n: int, ij: np.ndarray) -> list:
    """Exact keys ``((vertex, n*lambda), ...)`` of closed-chart pixels ``ij`` (integer barycentrics)."""
    keys = [None] * len(ij)
    for verts, corner in _chart_faces(k, n):
        a, b, c = corner
        m = np.stack([b - a, c - a], 1)  # 2x2 integer, det = +-n^2
        det = int(round(np.linalg.det(m)))
        adj = np.array([[m[1, 1], -m[0, 1]], [-m[1, 0], m[0, 0]]])
        for t, p in enumerate(ij):
            if keys[t] is not None:
                continue
            mu = adj @ (p - a)  # det * (lambda_b, lambda_c)
            lam = np.array([det - mu[0] - mu[1], mu[0], mu[1]]) * n // det  # n * lambda (exact)
            if np.all(lam >= 0):
                keys[t] = tuple(sorted((int(v), int(x)) for v, x in zip(verts, lam) if x))
    return keys


class IcosahedralAtlas:
    r"""The icosahedral grid at resolution ``r`` with its five hexagonal charts (module docstring).

    Parameters
    ----------
    r : int
        Resolution, ``1 <= r <= 6``: each icosahedron edge is cut into :math:`2^r` segments.

    Attributes
    ----------
    n : int
        :math:`2^r`; a chart is ``(n, 2n)`` pixels.
    points, flat_points : ndarray, shape (10 n^2 + 2, 3)
        Grid points on the unit sphere / on the icosahedron (circumradius 1).
    chart_index : ndarray, shape (5, n, 2n)
        Global point index of each owned pixel.
    pole_index : tuple of int
        ``(N, S)`` point indices.
    padded_index, padded_gauge : ndarray, shape (5, n + 2, 2n + 2)
        Point index (``-1`` at the two unused corners) and :math:`C_6` element ``m`` of the padded charts.
    neighbors : ndarray, shape (10 n^2 + 2, 6)
        The neighbours of each point, counterclockwise about the outward normal (``-1`` pads the
        five-neighbour points).
    gauge_group : FiniteGroup
        :math:`C_6`.

    Examples
    --------
    >>> atlas = IcosahedralAtlas(1)
    >>> atlas.points.shape, atlas.chart_index.shape
    ((42, 3), (5, 2, 4))
    """

    def __init__(self, r: int):
        if isinstance(r, (bool, np.bool_)) or not isinstance(r, (int, np.integer)):
            raise TypeError(f"r must be an integer resolution, got {type(r).__name__}")
        if not 1 <= int(r) <= 6:
            raise ValueError(f"r must satisfy 1 <= r <= 6 (10*4^r + 2 points), got {r}")
        from ..groups import as_group

        self.r = int(r)
        self.n = n = 2**self.r
        self.gauge_group = as_group("C6")
        verts = icosahedron_vertices()
        ii, jj = np.meshgrid(np.arange(n), np.arange(2 * n), indexing="ij")
        owned = np.stack([ii.ravel(), jj.ravel()], -1)
        keys = [key for k in range(5) for key in _barycentric_keys(k, n, owned)]
        keys += [((0, n),), ((11, n),)]
        self._index_of = {key: t for t, key in enumerate(keys)}
        if len(self._index_of) != len(keys):
            raise RuntimeError("icosahedral atlas: two pixels map to one point (construction error)")
        self.flat_points = np.array([sum(x * verts[v] for v, x in key) / n for key in keys])
        self.points = self.flat_points / np.linalg.norm(self.flat_points, axis=-1, keepdims=True)
        V = len(keys)
        self.chart_index = np.arange(V - 2).reshape(5, n, 2 * n)
        self.pole_index = (V - 2, V - 1)
        self.neighbors = self._build_neighbors()
        self.padded_index = self._build_padding()
        self.padded_gauge = self._build_gauge()

    # -- construction ----------------------------------------------------------------------
    def _closed_lookup(self, k: int, ij) -> np.ndarray:
        """Point indices of pixels in chart k's closed parallelogram (-1 <= i < n, 0 <= j <= 2n)."""
        keys = _barycentric_keys(k, self.n, np.atleast_2d(np.asarray(ij, dtype=np.int64)))
        return np.array([self._index_of[key] for key in keys])

    def _build_neighbors(self) -> np.ndarray:
        # the mesh edges: pairs at lattice distance 1 in some chart's closed parallelogram
        n, V = self.n, len(self.points)
        ii, jj = np.meshgrid(np.arange(-1, n), np.arange(0, 2 * n + 1), indexing="ij")
        closed = np.stack([ii.ravel(), jj.ravel()], -1)
        nbrs = [set() for _ in range(V)]
        for k in range(5):
            idx = dict(zip(map(tuple, closed), self._closed_lookup(k, closed)))
            for p, a in idx.items():
                for d in HEX_DIRECTIONS[:3]:
                    b = idx.get((p[0] + d[0], p[1] + d[1]))
                    if b is not None:
                        nbrs[a].add(b)
                        nbrs[b].add(a)
        out = -np.ones((V, 6), dtype=np.int64)
        for a, s in enumerate(nbrs):
            s = np.array(sorted(s))
            x = self.points[a]
            t = self.points[s] - x
            t -= np.outer(t @ x, x)  # tangent projections
            e1 = t[0]
            e2 = np.cross(x, e1)
            order = np.argsort(np.arctan2(t @ e2, t @ e1) % (2 * np.pi))
            out[a, : len(s)] = s[order]
        return out

    def _rotate_neighbor(self, a: int, anchor: int, steps: int) -> int:
        ring = self.neighbors[a][self.neighbors[a] >= 0]
        pos = int(np.flatnonzero(ring == anchor)[0])
        return int(ring[(pos + steps) % len(ring)])

    def _build_padding(self) -> np.ndarray:
        n = self.n
        out = -np.ones((5, n + 2, 2 * n + 2), dtype=np.int64)
        for k in range(5):
            top = [(-1, j) for j in range(2 * n + 1)] + [(i, 2 * n) for i in range(n)]
            for (i, j), v in zip(top, self._closed_lookup(k, top)):
                out[k, i + 1, j + 1] = v
            out[k, 1:-1, 1:-1] = self.chart_index[k]
            look = lambda i, j: out[k, i + 1, j + 1]  # noqa: E731
            for i in range(n):  # left column: across the edge N u_k, ccw from direction 2
                out[k, i + 1, 0] = self._rotate_neighbor(look(i, 0), look(i - 1, 0), 1)
            for j in range(-1, 2 * n):  # bottom row: across u_k l_k S, cw from direction 0
                if j == -1:  # the corner next to u_k: direction 4 from u_k
                    out[k, n + 1, 0] = self._rotate_neighbor(look(n - 1, 0), look(n - 1, 1), -2)
                else:  # direction 5 from (n-1, j)
                    out[k, n + 1, j + 1] = self._rotate_neighbor(look(n - 1, j), look(n - 1, j + 1), -1)
        return out

    def _owner(self, v: int):
        k, rest = divmod(v, 2 * self.n * self.n)
        return k, divmod(rest, 2 * self.n)

    def locate(self, points) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Owning chart and pixel ``(k, i, j)`` of point indices (``(-1, -1, -1)`` for the poles).

        With :attr:`padded_index` this is the transition map: padding pixel ``p`` of chart ``k``
        is pixel ``locate(padded_index[k, p])`` of its owner, whose frame differs by
        ``padded_gauge[k, p]``.
        """
        t = np.asarray(points)
        if not np.issubdtype(t.dtype, np.integer):
            raise TypeError(f"points must be integer point indices, got dtype {t.dtype}")
        if np.any((t < 0) | (t >= len(self.points))):
            raise ValueError(f"points must lie in [0, {len(self.points)}), got range [{t.min()}, {t.max()}]")
        k, rest = np.divmod(t, 2 * self.n * self.n)
        i, j = np.divmod(rest, 2 * self.n)
        pole = t >= 10 * self.n * self.n
        return np.where(pole, -1, k), np.where(pole, -1, i), np.where(pole, -1, j)

    def _label(self, k: int, ij, v: int):
        """Direction labels d with padded pixel ij + HEX_DIRECTIONS[d] of chart k equal to point v."""
        labels = []
        for d, (di, dj) in enumerate(HEX_DIRECTIONS):
            i, j = ij[0] + di + 1, ij[1] + dj + 1
            if 0 <= i < self.n + 2 and 0 <= j < 2 * self.n + 2 and self.padded_index[k, i, j] == v:
                labels.append(d)
        return labels

    def _build_gauge(self) -> np.ndarray:
        n = self.n
        out = np.zeros((5, n + 2, 2 * n + 2), dtype=np.int64)
        for k in range(5):
            for pi in range(-1, n + 1):
                for pj in range(-1, 2 * n + 1):
                    w = self.padded_index[k, pi + 1, pj + 1]
                    if w < 0 or w in self.pole_index or (0 <= pi < n and 0 <= pj < 2 * n):
                        continue
                    # an owned pixel of chart k next to the padding pixel, and its label there
                    d = next(d for d, (di, dj) in enumerate(HEX_DIRECTIONS)
                             if 0 <= pi + di < n and 0 <= pj + dj < 2 * n)
                    v = self.padded_index[k, pi + HEX_DIRECTIONS[d][0] + 1, pj + HEX_DIRECTIONS[d][1] + 1]
                    o, q = self._owner(w)
                    labels = self._label(o, q, v)
                    if len(labels) == 1:
                        out[k, pi + 1, pj + 1] = (labels[0] - d) % 6
                    else:  # w = u_{k+1} or l_{k+1} (five neighbours): the preceding boundary pixel's gauge
                        out[k, pi + 1, pj + 1] = out[k, pi + 1, pj]
        return out

    # -- using the atlas --------------------------------------------------------------------
    def from_charts(self, chart_values, poles=None) -> np.ndarray:
        """Per-point values ``(10 n^2 + 2, ...)`` from chart arrays ``(5, n, 2n, ...)`` (poles: ``poles`` or 0).

        The inverse of ``values[atlas.chart_index]``; pad the result with :meth:`pad`.
        """
        cv = np.asarray(chart_values)
        if cv.shape[:3] != self.chart_index.shape:
            raise ValueError(f"chart_values must have shape {self.chart_index.shape + ('...',)}, got {cv.shape}")
        out = np.zeros((len(self.points),) + cv.shape[3:], dtype=cv.dtype)
        out[self.chart_index] = cv
        if poles is not None:
            out[list(self.pole_index)] = np.asarray(poles)
        return out

    def pad(self, values, rho=None, poles=None) -> np.ndarray:
        r"""Padded charts ``(5, n+2, 2n+2, ...)`` from per-point values ``(10 n^2 + 2, ...)``.

        Padding pixel ``p`` of chart ``k`` gets :math:`\rho(r^m)^{-1} f(\text{point})` with
        ``m = padded_gauge[k, p]``; ``rho`` maps ``m`` (integer array) to ``(..., dim, dim)``
        matrices of a :math:`C_6` representation (``None``: scalars, no rotation).  Pole pixels
        get ``poles`` (default: the given values, untransformed); unused corners get 0.
        """
        values = np.asarray(values)
        if values.ndim == 0 or values.shape[0] != len(self.points):
            raise ValueError(f"values must have shape ({len(self.points)}, ...) (one per grid point), "
                             f"got shape {values.shape}")
        idx = np.maximum(self.padded_index, 0)
        out = values[idx]
        if rho is not None:
            if values.ndim != 2:
                raise ValueError(f"with rho, values must have shape (n_points, dim), got shape {values.shape}")
            mats = np.asarray(rho(self.padded_gauge))
            if mats.shape != self.padded_gauge.shape + (values.shape[1],) * 2:
                raise ValueError(f"rho(m) must return (..., {values.shape[1]}, {values.shape[1]}) matrices, "
                                 f"got shape {mats.shape}")
            out = np.linalg.solve(mats, out[..., None])[..., 0]
        if poles is not None:
            for t, p in enumerate(self.pole_index):
                out[self.padded_index == p] = np.asarray(poles)[t]
        out[self.padded_index < 0] = 0
        return out

    def frames(self) -> np.ndarray:
        r"""Chart frames on the sphere at the owned pixels, ``(5, n, 2n, 2, 3)``.

        First axis: the unit tangent at the point towards its direction-0 neighbour (the
        logarithm map direction :math:`y - (x\cdot y)x`, normalised); second axis :math:`x \times e_1`.
        """
        x = self.points[self.chart_index]
        y = self.points[self.padded_index[:, 1:-1, 2:]]
        e1 = y - np.sum(x * y, -1, keepdims=True) * x
        e1 /= np.linalg.norm(e1, axis=-1, keepdims=True)
        return np.stack([e1, np.cross(x, e1)], -2)

    def rotation_permutation(self, R, *, atol: float = 1e-9) -> np.ndarray:
        r"""The permutation ``perm`` with ``R @ points[t] == points[perm[t]]``; ``ValueError`` if none."""
        R = np.asarray(R, dtype=np.float64)
        if R.shape != (3, 3) or not np.allclose(R.T @ R, np.eye(3), rtol=0, atol=1e-9) or np.linalg.det(R) < 0:
            raise ValueError(f"R must be a 3x3 rotation matrix (orthogonal, det +1), got shape {R.shape}")
        moved = self.points @ R.T
        perm = np.concatenate([np.argmax(chunk @ self.points.T, axis=1)  # nearest = largest x . y
                               for chunk in np.array_split(moved, max(1, len(moved) // 2048))])
        dist = np.linalg.norm(moved - self.points[perm], axis=-1)
        if np.max(dist) > atol or len(np.unique(perm)) != len(perm):
            raise ValueError(f"R does not map the grid to itself (max mismatch {np.max(dist):.3g} > atol={atol:g})")
        return perm

"""The icosahedral atlas: grid, charts, C6 transition maps, symmetry (Cohen et al. 2019, §6)."""

import itertools

import numpy as np
import pytest

from gaugemath.bundles.icosahedral import (
    HEX_DIRECTIONS,
    ICOSAHEDRON_ROTATION,
    IcosahedralAtlas,
    icosahedral_rotations,
    icosahedron_vertices,
)
from gaugemath.groups import as_group

GOLDEN = (1 + 5**0.5) / 2
RESOLUTIONS = (1, 2, 3)


@pytest.fixture(scope="module", params=RESOLUTIONS)
def atlas(request):
    return IcosahedralAtlas(request.param)


def _five_valent(a):
    return set(np.flatnonzero((a.neighbors < 0).any(1)).tolist())


def _padding_pixels(a):
    """(chart, i, j, point) of every padding pixel that is not a pole or an unused corner."""
    n = a.n
    for k, i, j in itertools.product(range(5), range(-1, n + 1), range(-1, 2 * n + 1)):
        w = int(a.padded_index[k, i + 1, j + 1])
        if w >= 0 and w not in a.pole_index and not (0 <= i < n and 0 <= j < 2 * n):
            yield k, i, j, w


def _visible(a, k, i, j):
    """{point: [labels]} of the hexagonal neighbours of padded pixel (i, j) visible in chart k."""
    out = {}
    for d, (di, dj) in enumerate(HEX_DIRECTIONS):
        p, q = i + di + 1, j + dj + 1
        if 0 <= p < a.n + 2 and 0 <= q < 2 * a.n + 2 and a.padded_index[k, p, q] >= 0:
            out.setdefault(int(a.padded_index[k, p, q]), []).append(d)
    return out


def _occurrences(a):
    """point -> list of (chart, i, j) where it appears in a padded chart."""
    occ = {}
    for k, i, j in itertools.product(range(5), range(-1, a.n + 1), range(-1, 2 * a.n + 1)):
        w = int(a.padded_index[k, i + 1, j + 1])
        if w >= 0:
            occ.setdefault(w, []).append((k, i, j))
    return occ


# -- the grid ---------------------------------------------------------------------------------
def test_counts_and_unit_norm(atlas):
    n, V = atlas.n, 10 * 4**atlas.r + 2
    assert len(atlas.points) == V == 5 * 2 ** (2 * atlas.r + 1) + 2
    assert np.max(np.abs(np.linalg.norm(atlas.points, axis=1) - 1)) <= 1e-15
    # every point is owned by exactly one chart pixel, except the two poles
    owned = np.sort(atlas.chart_index.ravel())
    assert np.array_equal(owned, np.arange(V - 2)) and atlas.chart_index.shape == (5, n, 2 * n)
    assert np.allclose(atlas.points[list(atlas.pole_index)], [[0, 0, 1], [0, 0, -1]], rtol=0, atol=1e-15)
    # every point (poles included) appears in some padded chart
    assert set(np.unique(atlas.padded_index)) == set(range(V)) | {-1}
    assert np.sum(atlas.padded_index < 0) == 10  # two unused corners per chart


def test_mesh_structure_euler_and_five_neighbour_vertices(atlas):
    five = _five_valent(atlas)
    assert len(five) == 12
    # the 12 points with 5 neighbours are the icosahedron vertices (independent closed form)
    ref = icosahedron_vertices()
    assert np.allclose(np.sort(atlas.points[sorted(five)], axis=0), np.sort(ref, axis=0), rtol=0, atol=1e-15)
    n_edges = np.sum(atlas.neighbors >= 0) // 2
    faces = 20 * 4**atlas.r
    assert len(atlas.points) - n_edges + faces == 2  # Euler characteristic of S^2
    # symmetric adjacency; on the flat icosahedron all neighbours are at distance edge / n,
    # edge = 1 / sin(2 pi / 5) for circumradius 1
    for v, row in enumerate(atlas.neighbors):
        for w in row[row >= 0]:
            assert v in atlas.neighbors[w]
    d = [np.linalg.norm(atlas.flat_points[w] - atlas.flat_points[v])
         for v, row in enumerate(atlas.neighbors) for w in row[row >= 0]]
    assert np.allclose(d, 1 / np.sin(2 * np.pi / 5) / atlas.n, rtol=1e-14, atol=0)


def test_r1_grid_is_the_mesh_icosphere_rotated_by_Q():
    """At r = 1 flat subdivision + projection = one level of geodesic subdivision
    (gaugemath.mesh.icosphere, built from the groups' icosahedron): the points agree after Q,
    and so do the edges (the mesh's face edges = the atlas's neighbour pairs)."""
    from gaugemath.mesh import icosphere

    a, mesh = IcosahedralAtlas(1), icosphere(1)
    moved = mesh.vertices @ ICOSAHEDRON_ROTATION.T
    dist = np.linalg.norm(moved[:, None] - a.points[None], axis=-1)
    match = np.argmin(dist, axis=1)
    assert np.allclose(dist[np.arange(len(match)), match], 0, rtol=0, atol=1e-14)
    assert len(set(match.tolist())) == len(a.points)
    mesh_edges = {frozenset((int(match[f[i]]), int(match[f[(i + 1) % 3]]))) for f in mesh.faces for i in range(3)}
    atlas_edges = {frozenset((v, int(w))) for v, row in enumerate(a.neighbors) for w in row[row >= 0]}
    assert mesh_edges == atlas_edges


def test_icosahedron_vertices_closed_form():
    v = icosahedron_vertices()
    g = v @ v.T
    np.fill_diagonal(g, 0)
    # every vertex has exactly 5 neighbours at cos = 1/sqrt(5)
    assert np.all(np.sum(np.isclose(g, 1 / np.sqrt(5), rtol=0, atol=1e-14), axis=1) == 5)
    # Q maps the groups' icosahedron (cyclic permutations of (0, +-1, +-phi)) onto these vertices
    base = [np.roll([0, s1, s2 * GOLDEN], c) for c in range(3) for s1 in (1, -1) for s2 in (1, -1)]
    moved = np.array(base) @ ICOSAHEDRON_ROTATION.T / np.sqrt(1 + GOLDEN**2)
    dist = np.linalg.norm(moved[:, None] - v[None], axis=-1)
    assert np.allclose(np.sort(dist.min(1)), 0, rtol=0, atol=1e-15 * 10)
    assert np.linalg.det(ICOSAHEDRON_ROTATION) == pytest.approx(1, rel=0, abs=1e-14)


# -- symmetry ---------------------------------------------------------------------------------
def test_icosahedral_rotations_permute_the_grid(atlas):
    R = icosahedral_rotations()
    assert R.shape == (60, 3, 3)
    perms = set()
    for g in R:
        perm = atlas.rotation_permutation(g, atol=1e-12)
        assert np.allclose(atlas.points @ g.T, atlas.points[perm], rtol=0, atol=1e-12)
        perms.add(tuple(perm))
    assert len(perms) == 60  # 60 distinct permutations: I acts faithfully


def test_rotation_permutation_rejects_non_symmetries():
    a = IcosahedralAtlas(1)
    c, s = np.cos(0.1), np.sin(0.1)
    with pytest.raises(ValueError, match="does not map the grid"):
        a.rotation_permutation(np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]]))
    with pytest.raises(ValueError, match="rotation"):
        a.rotation_permutation(np.eye(2))
    with pytest.raises(ValueError, match="det"):
        a.rotation_permutation(np.diag([1.0, 1.0, -1.0]))  # a mirror symmetry of the grid, not a rotation


# -- transition maps --------------------------------------------------------------------------
def test_padding_is_geometric_neighbourhood(atlas):
    """A padding pixel next to an owned pixel is a mesh neighbour of it (or the same point at the
    duplicated five-neighbour corners)."""
    five = _five_valent(atlas)
    n = atlas.n
    for k in range(5):
        for i, j in itertools.product(range(n), range(2 * n)):
            v = atlas.chart_index[k, i, j]
            seen = [int(atlas.padded_index[k, i + di + 1, j + dj + 1]) for di, dj in HEX_DIRECTIONS]
            if v in five:
                assert set(seen) == set(atlas.neighbors[v][:5].tolist())  # 6 directions, 5 points
            else:
                assert seen == np.roll(atlas.neighbors[v], -list(atlas.neighbors[v]).index(seen[0])).tolist()


def test_gauge_relabels_every_visible_neighbour(atlas):
    """At a padding pixel with C6 element m, chart k's direction d is the owner's direction d + m,
    for every neighbour chart k sees (exactly, away from the 12 five-neighbour vertices)."""
    five = _five_valent(atlas)
    checked = 0
    for k, i, j, w in _padding_pixels(atlas):
        m = atlas.padded_gauge[k, i + 1, j + 1]
        o, rest = divmod(w, 2 * atlas.n**2)
        owner = _visible(atlas, o, *divmod(rest, 2 * atlas.n))
        for v, labels in _visible(atlas, k, i, j).items():
            if w in five or v == w or v not in atlas.neighbors[w]:
                continue
            assert [(d + m) % 6 for d in labels] == owner[v], (k, i, j)
            checked += 1
    assert checked > 20 * atlas.n


def _direct_transition(a, w, occ_a, occ_b):
    """g with sigma_a = sigma_b r^g from the labels of the mesh neighbours of w seen in both
    padded charts; None if they see no common neighbour, "inconsistent" if labels disagree."""
    la, lb = _visible(a, *occ_a), _visible(a, *occ_b)
    common = set(la) & set(lb) & set(a.neighbors[w].tolist())
    diffs = {(db - da) % 6 for v in common for da in la[v] for db in lb[v]}
    return None if not diffs else diffs.pop() if len(diffs) == 1 else "inconsistent"


def test_cocycle_on_triple_overlaps_and_pole_holonomy(atlas):
    five = _five_valent(atlas)
    triples = 0
    for w, occ in _occurrences(atlas).items():
        if w in five:
            continue
        g = {(x, y): _direct_transition(atlas, w, x, y) for x in occ for y in occ}
        assert "inconsistent" not in g.values()
        for x, y, z in itertools.permutations(occ, 3):
            if None not in (g[x, y], g[y, z], g[x, z]):
                assert (g[x, y] + g[y, z]) % 6 == g[x, z]
                triples += 1
        # and the tabulated element: sigma_k = sigma_owner r^m
        owner = next(x for x in occ if 0 <= x[1] < atlas.n and 0 <= x[2] < 2 * atlas.n)
        for x in occ:
            assert g[x, owner] == atlas.padded_gauge[x[0], x[1] + 1, x[2] + 1]
    assert triples > 0
    # around the north pole the five transitions compose to one C6 step: the angle defect pi/3
    north = atlas.pole_index[0]
    assert north == len(atlas.points) - 2
    around = [(k, -1, 0) for k in range(5)]
    steps = [_direct_transition(atlas, north, around[k], around[(k + 1) % 5]) for k in range(5)]
    assert sum(steps) % 6 == 1
    assert 12 * (2 * np.pi - 5 * np.pi / 3) == pytest.approx(4 * np.pi, rel=1e-15, abs=0)  # Gauss-Bonnet


def test_gauge_changes_measured_on_the_sphere(atlas):
    """The rotation between chart k's and the owner's frames, measured with 3-D tangent vectors,
    is nearest to the tabulated C6 element (deviation < 0.45 rad < pi/6: the radial projection
    distorts angles by up to 72/60 near the five-neighbour vertices)."""
    five = _five_valent(atlas)
    frames = atlas.frames()
    worst = 0.0
    for k, i, j, w in _padding_pixels(atlas):
        if w in five:
            continue
        o, rest = divmod(w, 2 * atlas.n**2)
        e1, e2 = frames[(o, *divmod(rest, 2 * atlas.n))]
        x = atlas.points[w]
        assert abs(e1 @ x) < 1e-14 and abs(e2 @ x) < 1e-14 and np.cross(e1, e2) @ x > 0.999999
        m = atlas.padded_gauge[k, i + 1, j + 1]
        for v, labels in _visible(atlas, k, i, j).items():
            if v == w or v not in atlas.neighbors[w]:
                continue
            t = atlas.points[v] - (atlas.points[v] @ x) * x
            measured = np.arctan2(t @ e2, t @ e1) - np.pi / 3 * labels[0]
            worst = max(worst, abs(np.angle(np.exp(1j * (measured - np.pi / 3 * m)))))
    assert worst < 0.45


def test_pad_applies_the_c6_representation(atlas):
    rng = np.random.default_rng(0)
    C6 = as_group("C6")
    V = len(atlas.points)
    # scalars are copied
    f = rng.normal(size=V)
    padded = atlas.pad(f)
    assert np.array_equal(padded[atlas.padded_index >= 0], f[atlas.padded_index[atlas.padded_index >= 0]])
    assert np.all(padded[atlas.padded_index < 0] == 0)
    # regular representation of C6 (cyclic shifts): exact integers
    rho = lambda m: np.stack([np.roll(np.eye(6), s, axis=0) for s in np.ravel(m)]).reshape(np.shape(m) + (6, 6))  # noqa: E731
    assert np.array_equal(rho(np.array(2)) @ rho(np.array(3)), rho(np.array(5)))
    F = rng.integers(-9, 9, size=(V, 6)).astype(float)
    P = atlas.pad(F, rho)
    for k, i, j, w in _padding_pixels(atlas):
        m = atlas.padded_gauge[k, i + 1, j + 1]
        assert np.array_equal(P[k, i + 1, j + 1], np.roll(F[w], -m))
    # the 2-D rotation rep, from the group's own matrices
    rot = lambda m: C6.elements()[np.asarray(m)]  # noqa: E731
    T = rng.normal(size=(V, 2))
    P2 = atlas.pad(T, rot)
    k, i, j, w = next(_padding_pixels(atlas))
    m = atlas.padded_gauge[k, i + 1, j + 1]
    c, s = np.cos(np.pi / 3 * m), np.sin(np.pi / 3 * m)
    assert np.allclose(P2[k, i + 1, j + 1], np.array([[c, s], [-s, c]]) @ T[w], rtol=0, atol=1e-14)


def test_locate_inverts_chart_index_and_pad_sets_poles(atlas):
    k, i, j = atlas.locate(atlas.chart_index)
    grid = np.indices(atlas.chart_index.shape)
    assert np.array_equal(k, grid[0]) and np.array_equal(i, grid[1]) and np.array_equal(j, grid[2])
    assert [tuple(int(a) for a in atlas.locate(p)) for p in atlas.pole_index] == [(-1, -1, -1)] * 2
    with pytest.raises(ValueError, match="points must lie"):
        atlas.locate(len(atlas.points))
    with pytest.raises(TypeError, match="integer"):
        atlas.locate(1.5)
    f = np.random.default_rng(2).normal(size=(len(atlas.points), 3))
    assert np.array_equal(atlas.from_charts(f[atlas.chart_index], poles=f[list(atlas.pole_index)]), f)
    assert np.array_equal(atlas.pad(atlas.from_charts(f[atlas.chart_index]))[:, 1:-1, 1:-1], f[atlas.chart_index])
    with pytest.raises(ValueError, match="chart_values"):
        atlas.from_charts(np.zeros((5, atlas.n, atlas.n)))
    padded = atlas.pad(np.zeros(len(atlas.points)), poles=[7.0, -7.0])
    assert padded[0, 0, 1] == 7.0 and padded[0, atlas.n, 2 * atlas.n + 1] == -7.0  # N at (-1, 0), S at (n-1, 2n)
    assert np.sum(padded == 7.0) == np.sum(padded == -7.0) == 5


@pytest.mark.parametrize("bad, err", [(0, ValueError), (7, ValueError), (1.0, TypeError), (True, TypeError),
                                      ("2", TypeError)])
def test_bad_resolution(bad, err):
    with pytest.raises(err, match="r must"):
        IcosahedralAtlas(bad)


def test_pad_bad_input():
    a = IcosahedralAtlas(1)
    with pytest.raises(ValueError, match="values must have shape"):
        a.pad(np.zeros(5))
    with pytest.raises(ValueError, match="rho"):
        a.pad(np.zeros((42, 2)), lambda m: np.zeros(np.shape(m) + (3, 3)))

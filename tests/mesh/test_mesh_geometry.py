"""Discrete geometry, log map, Levi-Civita transport, holonomy and the gauge-transformation laws.

Independent references: exact angle defects of the icosahedron (π/3) and of a cube with face
centres (π/2 at corners, 0 at face centres), Gauss–Bonnet 2πχ, the smooth holonomy of S²
(:func:`gaugemath.bundles.holonomy`, = the solid angle), the flat log map (plain atan2 in a
plane), and the real SO(2) irreps of :func:`gaugemath.reps.so2_irrep`.
"""

import numpy as np
import pytest

from gaugemath.mesh import (
    TriangleMesh,
    angle_defects,
    bumpy_sphere,
    check_frames,
    corner_angles,
    gauss_bonnet_residual,
    icosahedron,
    icosphere,
    log_map,
    loop_holonomy,
    ring_index,
    ring_centers,
    rotate_frames,
    torus,
    transform_features,
    transport_angles,
    vertex_frames,
    vertex_holonomy,
    vertex_normals,
    wrap_angle,
)


def cube_with_centres():
    """Cube [-1, 1]^3 with a vertex at each face centre: 14 vertices, 24 outward triangles."""
    corners = np.array([[x, y, z] for x in (-1.0, 1.0) for y in (-1.0, 1.0) for z in (-1.0, 1.0)])
    V, F = list(corners), []
    for axis in range(3):
        for sign in (-1.0, 1.0):
            c = np.zeros(3)
            c[axis] = sign
            V.append(c)
            ci = len(V) - 1
            quad = [i for i in range(8) if corners[i, axis] == sign]
            u = [a for a in range(3) if a != axis]
            ang = [np.arctan2(corners[i, u[1]], corners[i, u[0]]) for i in quad]
            quad = [quad[k] for k in np.argsort(ang)]
            for k in range(4):
                a, b = quad[k], quad[(k + 1) % 4]
                tri = [ci, a, b]
                X = np.array(V)[tri]
                if np.dot(np.cross(X[1] - X[0], X[2] - X[0]), c) < 0:
                    tri = [ci, b, a]
                F.append(tri)
    return TriangleMesh(np.array(V), np.array(F))


MESHES = {"icosphere3": lambda: icosphere(3), "torus": lambda: torus(30, 14), "bumpy": lambda: bumpy_sphere(3, 0.2),
          "cube": cube_with_centres}


def test_exact_angle_defects():
    np.testing.assert_allclose(angle_defects(icosahedron()), np.pi / 3, rtol=0, atol=1e-14)  # 2π − 5·π/3
    cube = cube_with_centres()
    expected = np.where(np.arange(14) < 8, np.pi / 2, 0.0)  # 2π − 3·π/2 at corners, flat at centres
    np.testing.assert_allclose(angle_defects(cube), expected, rtol=0, atol=1e-14)
    # corner angles of each triangle sum to π
    for make in MESHES.values():
        np.testing.assert_allclose(corner_angles(make()).sum(axis=1), np.pi, rtol=0, atol=1e-14)


@pytest.mark.parametrize("name", sorted(MESHES))
def test_gauss_bonnet_and_vertex_holonomy(name):
    mesh = MESHES[name]()
    assert abs(gauss_bonnet_residual(mesh)) < 1e-12
    chi = {"torus": 0}.get(name, 2)
    assert mesh.euler_characteristic == chi
    # holonomy of the dual-cycle Levi-Civita transport (3-D hinge rotations) = angle defect
    err = np.abs(wrap_angle(vertex_holonomy(mesh) - angle_defects(mesh)))
    assert err.max() < 1e-12


def test_vertex_normals_and_frames():
    m = icosphere(3)
    n = vertex_normals(m)
    assert np.abs(n - m.vertices).max() < 1e-2  # nearly radial (4.6e-3 at subdivision 3)
    np.testing.assert_allclose(vertex_normals(icosahedron()), icosahedron().vertices, rtol=0, atol=1e-14)
    np.testing.assert_allclose(vertex_normals(icosahedron(), "area"), icosahedron().vertices, rtol=0, atol=1e-14)
    fr = check_frames(m, vertex_frames(m))
    # e1 points towards the first (smallest-index) neighbour
    d = m.vertices[m.ring_neighbors[m.ring_offsets[:-1]]] - m.vertices
    assert np.all(np.einsum("ij,ij->i", d, fr[:, 0]) > 0)
    np.testing.assert_allclose(np.einsum("ij,ij->i", d, fr[:, 1]), 0, rtol=0, atol=1e-15)


def test_log_map_flat_vertex_is_the_plain_angle():
    cube = cube_with_centres()
    fr = vertex_frames(cube)
    theta, length = log_map(cube, fr)
    p, q = ring_centers(cube), cube.ring_neighbors
    d = cube.vertices[q] - cube.vertices[p]
    plain = np.arctan2(np.einsum("ij,ij->i", d, fr[p, 1]), np.einsum("ij,ij->i", d, fr[p, 0]))
    flat = p >= 8  # the face centres: planar one-rings, angle sum 2π, no rescaling
    np.testing.assert_allclose(wrap_angle(theta[flat] - plain[flat]), 0, rtol=0, atol=1e-14)
    np.testing.assert_allclose(length, np.linalg.norm(d, axis=1), rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", ["bumpy", "torus"])
def test_log_map_rescaled_angles(name):
    mesh = MESHES[name]()
    theta, _ = log_map(mesh)
    alpha = corner_angles(mesh).ravel()[mesh.ring_halfedges]
    p = ring_centers(mesh)
    theta_sum = np.bincount(p, weights=alpha)
    # consecutive neighbours are (2π/Θ_p)·(corner angle) apart, counter-clockwise
    nxt = np.arange(len(theta)) + 1
    nxt[mesh.ring_offsets[1:] - 1] = mesh.ring_offsets[:-1]
    gaps = np.remainder(theta[nxt] - theta, 2 * np.pi)
    np.testing.assert_allclose(gaps, 2 * np.pi * alpha / theta_sum[p], rtol=0, atol=1e-13)
    # the offset: projected edge angles psi and theta agree on (circular) average at every vertex
    fr = vertex_frames(mesh)
    dq = mesh.vertices[mesh.ring_neighbors] - mesh.vertices[p]
    psi = np.arctan2(np.einsum("ij,ij->i", dq, fr[p, 1]), np.einsum("ij,ij->i", dq, fr[p, 0]))
    mean_sin = np.bincount(p, weights=np.sin(psi - theta))
    np.testing.assert_allclose(mean_sin, 0, rtol=0, atol=1e-13)
    assert np.all(np.bincount(p, weights=np.cos(psi - theta)) > 0)


def test_log_map_does_not_depend_on_vertex_numbering():
    mesh = bumpy_sphere(2, 0.2)
    perm = np.random.default_rng(4).permutation(mesh.n_vertices)  # old vertex v becomes perm[v]
    X = np.empty_like(mesh.vertices)
    X[perm] = mesh.vertices
    relabelled = TriangleMesh(X, perm[mesh.faces])
    fr = vertex_frames(mesh)
    fr2 = np.empty_like(fr)
    fr2[perm] = fr  # the same frames, renumbered
    th, _ = log_map(mesh, fr)
    th2, _ = log_map(relabelled, fr2)
    idx = ring_index(relabelled, perm[ring_centers(mesh)], perm[mesh.ring_neighbors])
    np.testing.assert_allclose(wrap_angle(th2[idx] - th), 0, rtol=0, atol=1e-13)
    tr, tr2 = transport_angles(mesh, fr), transport_angles(relabelled, fr2)
    np.testing.assert_allclose(wrap_angle(tr2[idx] - tr), 0, rtol=0, atol=1e-13)


def _so2_block(orders, g):
    """Block-diagonal ⊕ rho_n(g) from gaugemath.reps (the independent representation source)."""
    from gaugemath.groups import SO2
    from gaugemath.reps import so2_irrep

    mats = [so2_irrep("SO2", n, "real")(SO2.from_angle(g)) for n in orders]
    C = sum(M.shape[-1] for M in mats)
    out = np.zeros(np.shape(g) + (C, C))
    c = 0
    for M in mats:
        d = M.shape[-1]
        out[..., c:c + d, c:c + d] = M
        c += d
    return out


def test_gauge_laws_recomputed_from_rotated_frames():
    mesh = bumpy_sphere(2, 0.2)
    rng = np.random.default_rng(3)
    g = rng.uniform(-np.pi, np.pi, mesh.n_vertices)
    fr = vertex_frames(mesh)
    fr2 = rotate_frames(fr, g)
    check_frames(mesh, fr2)
    p, q = ring_centers(mesh), mesh.ring_neighbors
    th, _ = log_map(mesh, fr)
    th2, _ = log_map(mesh, fr2)
    np.testing.assert_allclose(wrap_angle(th2 - (th - g[p])), 0, rtol=0, atol=1e-13)
    tr, tr2 = transport_angles(mesh, fr), transport_angles(mesh, fr2)
    np.testing.assert_allclose(wrap_angle(tr2 - (tr - g[p] + g[q])), 0, rtol=0, atol=1e-13)
    # a tangent vector field: its components in the new frames are R(-g) times the old ones
    w = rng.standard_normal((mesh.n_vertices, 3))
    old = np.stack([np.einsum("ij,ij->i", w, fr[:, k]) for k in range(2)], 1)
    new = np.stack([np.einsum("ij,ij->i", w, fr2[:, k]) for k in range(2)], 1)
    orders = (0, 1, 2, 3)
    f = rng.standard_normal((mesh.n_vertices, 7))
    np.testing.assert_allclose(transform_features(old, (1,), g), new, rtol=0, atol=1e-13)
    expected = np.einsum("vij,vj->vi", _so2_block(orders, -g), f)
    np.testing.assert_allclose(transform_features(f, orders, g), expected, rtol=0, atol=1e-13)
    # transport maps order-1 components at q to p: vectors are carried by the normal-aligning rotation
    loop = [0, *mesh.one_ring(0)[:2]]
    assert abs(wrap_angle(loop_holonomy(mesh, loop, fr) - loop_holonomy(mesh, loop, fr2))) < 1e-13


def _arc(X, a, b):
    """Vertices of an icosphere on the great-circle arc a → b (ordered from a)."""
    axis = np.cross(X[a], X[b])
    axis /= np.linalg.norm(axis)
    on = np.flatnonzero(np.abs(X @ axis) < 1e-12)
    ang_ab = np.arccos(np.dot(X[a], X[b]))
    t = np.arctan2(X[on] @ np.cross(axis, X[a]), X[on] @ X[a])
    keep = (t >= -1e-12) & (t <= ang_ab + 1e-12)
    return on[keep][np.argsort(t[keep])]


def _midpoint_vertex(X, i, j):
    x = (X[i] + X[j]) / np.linalg.norm(X[i] + X[j])
    return int(np.argmin(np.linalg.norm(X - x, axis=1)))


def test_loop_holonomy_matches_smooth_sphere():
    from gaugemath.bundles import holonomy, solid_angle

    a, b, c = icosahedron().faces[0]
    X1 = icosphere(1).vertices
    # the central triangle of face (a, b, c) after one subdivision: its sides are great-circle
    # arcs (midpoints stay on them), and they are not mirror planes of the icosphere, so the
    # angle-weighted normals along them are not exactly radial
    A, B, C = _midpoint_vertex(X1, a, b), _midpoint_vertex(X1, b, c), _midpoint_vertex(X1, c, a)
    errors = []
    for s in (2, 3, 4):
        m = icosphere(s)
        X = m.vertices
        loop = np.concatenate([_arc(X, A, B)[:-1], _arc(X, B, C)[:-1], _arc(X, C, A)[:-1]])
        assert len(loop) == 3 * 2 ** (s - 1)
        smooth = holonomy(X[loop])
        assert abs(wrap_angle(smooth - solid_angle(X[A], X[B], X[C]))) < 1e-12
        # exact radial normals: the discrete transport is the geodesic one, to rounding
        exact = loop_holonomy(m, loop, vertex_frames(m, normals=X))
        assert abs(wrap_angle(exact - smooth)) < 1e-12
        errors.append(abs(wrap_angle(loop_holonomy(m, loop) - smooth)))
    # angle-weighted normals: first-order convergence to the smooth holonomy (9.9e-3, 7.3e-3, 4.3e-3)
    assert errors[0] > errors[1] > errors[2] and errors[2] < 5e-3 and errors[2] < 0.5 * errors[0], errors


def test_bad_frames_and_loops():
    m = icosphere(1)
    fr = vertex_frames(m)
    with pytest.raises(ValueError, match=r"shape \(42, 3, 3\)"):
        check_frames(m, fr[:-1])
    bad = fr.copy()
    bad[3, 0] *= 1.1
    with pytest.raises(ValueError, match="not orthonormal"):
        log_map(m, bad)
    bad = fr.copy()
    bad[3, 0] = (fr[3, 0] + fr[3, 2]) / np.sqrt(2)  # unit but not tangent
    with pytest.raises(ValueError, match="not orthonormal"):
        transport_angles(m, bad)
    bad = fr.copy()
    bad[5, 1] *= -1
    with pytest.raises(ValueError, match="left-handed"):
        check_frames(m, bad)
    with pytest.raises(ValueError, match="points into"):
        check_frames(m, -fr * np.array([1, -1, 1])[None, :, None])
    with pytest.raises(ValueError, match="not adjacent"):
        loop_holonomy(m, [0, 1, 2])
    with pytest.raises(ValueError, match="loop"):
        loop_holonomy(m, [0, 1])
    with pytest.raises(ValueError, match="unit"):
        vertex_frames(m, normals=2 * m.vertices)
    with pytest.raises(ValueError, match="shape"):
        rotate_frames(fr, np.zeros(3))
    with pytest.raises(ValueError, match="weighting"):
        vertex_normals(m, "max")
    with pytest.raises(TypeError, match="TriangleMesh"):
        log_map(m.vertices)

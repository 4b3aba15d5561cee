"""TriangleMesh validation (bad meshes give clear errors), half-edge / one-ring tables, generators."""

import numpy as np
import pytest

from gaugemath.mesh import TriangleMesh, bumpy_sphere, icosahedron, icosphere, torus


def tetra():
    """A regular tetrahedron with outward (counter-clockwise) faces, built independently."""
    V = np.array([[1.0, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]])
    faces = []
    for f in ([0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]):
        a, b, c = V[f]
        faces.append(f if np.dot(np.cross(b - a, c - a), a + b + c) > 0 else [f[0], f[2], f[1]])
    return V, np.array(faces)


def test_tetrahedron_tables():
    V, F = tetra()
    m = TriangleMesh(V, F)
    assert (m.n_vertices, m.n_edges, m.n_faces, m.euler_characteristic) == (4, 6, 4, 2)
    # every half-edge's twin runs the other way, and twin(twin) = identity
    assert np.array_equal(m.halfedge_src[m.halfedge_twin], m.halfedge_dst)
    assert np.array_equal(m.halfedge_twin[m.halfedge_twin], np.arange(12))
    for p in range(4):
        ring = m.one_ring(p)
        assert sorted(ring) == sorted(set(range(4)) - {p}) and ring[0] == min(ring)
        # counter-clockwise about the outward direction x_p: consecutive neighbours turn positively
        for a, b in zip(ring, np.roll(ring, -1)):
            assert np.dot(np.cross(V[a] - V[p], V[b] - V[p]), V[p]) > 0


def test_generated_counts_and_orientation():
    for s in range(4):
        m = icosphere(s)
        assert (m.n_vertices, m.n_faces) == (10 * 4**s + 2, 20 * 4**s)
        assert m.euler_characteristic == 2
        X = m.vertices[m.faces]
        n = np.cross(X[:, 1] - X[:, 0], X[:, 2] - X[:, 0])
        assert np.all(np.einsum("ij,ij->i", n, X.mean(axis=1)) > 0)  # outward
        np.testing.assert_allclose(np.linalg.norm(m.vertices, axis=1), 1.0, rtol=0, atol=1e-15)
    assert icosahedron().n_vertices == 12 and set(icosahedron().degree) == {5}
    t = torus(10, 6)
    assert (t.n_vertices, t.euler_characteristic, set(t.degree)) == (60, 0, {6})
    b = bumpy_sphere(2, 0.2)
    assert b.euler_characteristic == 2 and np.ptp(np.linalg.norm(b.vertices, axis=1)) > 0.1


def test_icosphere_invariant_under_icosahedral_rotations():
    from scipy.spatial import cKDTree

    from gaugemath.groups import icosahedral

    X = icosphere(2).vertices
    tree = cKDTree(X)
    for R in icosahedral().elements():
        d, _ = tree.query(X @ R.T)
        assert d.max() < 1e-13


def test_bad_meshes():
    V, F = tetra()
    with pytest.raises(ValueError, match="zero area"):
        V2 = V.copy()
        V2[3] = (V[0] + V[1]) / 2  # face (0, 1, 3) collapses to a segment
        TriangleMesh(V2, F)
    with pytest.raises(ValueError, match="duplicate vertices"):  # vertex 4 = vertex 0, used by a split face
        V2 = np.vstack([V, V[:1]])
        F2 = F.copy()
        F2[F2 == 0] = np.array([0, 4, 0, 4])[: (F2 == 0).sum()]
        TriangleMesh(V2, F2)
    with pytest.raises(ValueError, match="inconsistent face orientation"):
        F2 = F.copy()
        F2[0] = F2[0, ::-1]
        TriangleMesh(V, F2)
    with pytest.raises(ValueError, match="must be closed"):
        TriangleMesh(V, F[:3])
    with pytest.raises(ValueError, match="unused vertex"):
        TriangleMesh(np.vstack([V, [[5.0, 5, 5]]]), F)
    with pytest.raises(ValueError, match="repeats a vertex"):
        TriangleMesh(V, np.vstack([F, [[0, 0, 1]]]))
    with pytest.raises(ValueError, match=r"vertex indices in 0\.\.3"):
        TriangleMesh(V, F + 1)
    with pytest.raises(ValueError, match=r"shape \(V, 3\)"):
        TriangleMesh(V[:, :2], F)
    with pytest.raises(ValueError, match=r"shape \(F, 3\)"):
        TriangleMesh(V, F[:, :2])
    with pytest.raises(TypeError, match="integer"):
        TriangleMesh(V, F + 0.5)
    with pytest.raises(ValueError, match="finite|NaN|nan"):
        V2 = V.copy()
        V2[0, 0] = np.nan
        TriangleMesh(V2, F)


def test_non_manifold_edge_and_vertex():
    V, F = tetra()
    # two tetrahedra glued along the edge (0, 1): that edge lies in four faces
    W = np.vstack([V, -V[2:] + np.array([0.0, 0.0, 5.0])])
    with pytest.raises(ValueError, match="non-manifold edge"):
        TriangleMesh(W, np.vstack([F, np.array([[0, 1, 4], [1, 0, 5], [0, 4, 5], [1, 5, 4]])]))
    # two tetrahedra sharing only the vertex 0 (a bow tie): two fans at vertex 0
    W = np.vstack([V, 2 * V[0] - V[1:]])
    F2 = np.where(F == 0, 0, F + 3)
    F2 = F2[:, [0, 2, 1]]  # point reflection through V[0] reverses orientation; flip back
    with pytest.raises(ValueError, match="non-manifold vertex"):
        TriangleMesh(W, np.vstack([F, F2]))


def test_generator_arguments():
    with pytest.raises(ValueError, match="subdivisions"):
        icosphere(-1)
    with pytest.raises(TypeError, match="subdivisions"):
        icosphere(1.5)
    with pytest.raises(ValueError, match="amplitude"):
        bumpy_sphere(1, 1.5)
    with pytest.raises(ValueError, match="minor_radius"):
        torus(8, 6, 1.0, 2.0)
    with pytest.raises(ValueError, match="n_minor"):
        torus(8, 2)
    with pytest.raises(TypeError, match="vertex index"):
        icosphere(0).one_ring(1.0)
    with pytest.raises(ValueError, match="vertex index"):
        icosphere(0).one_ring(12)


def test_import_is_cheap():
    import subprocess
    import sys

    code = ("import sys, gaugemath.mesh; heavy = [m for m in ('sympy', 'numba', 'torch', 'matplotlib', 'scipy') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

"""The gauge-equivariant mesh convolution: gauge equivariance at every vertex, commutation with the
60 rotations of the icosphere, the fast path against the dense reference, the negative control
(a kernel outside the basis is not equivariant), the norm nonlinearity, bad input."""

import numpy as np
import pytest

from gaugemath.mesh import (
    ConvTables,
    GaugeEquivariantMeshConv,
    bumpy_sphere,
    conv_tables,
    feature_dim,
    icosphere,
    mesh_conv_dense,
    norm_nonlinearity,
    rotate_frames,
    torus,
    transform_features,
)

IN, OUT = (0, 1, 2, 1, 0), (2, 0, 1, 3)


def _random_gauge(mesh, seed):
    return np.random.default_rng(seed).uniform(-np.pi, np.pi, mesh.n_vertices)


@pytest.mark.parametrize("make", [lambda: bumpy_sphere(2, 0.2), lambda: torus(16, 9)], ids=["bumpy", "torus"])
def test_gauge_equivariance(make):
    mesh = make()
    layer = GaugeEquivariantMeshConv(IN, OUT, seed=1)
    rng = np.random.default_rng(2)
    f = rng.standard_normal((mesh.n_vertices, feature_dim(IN)))
    T = conv_tables(mesh)
    g = _random_gauge(mesh, 3)
    T2 = conv_tables(mesh, rotate_frames(T.frames, g))  # everything recomputed from the new frames
    y, y2 = layer(f, T), layer(transform_features(f, IN, g), T2)
    assert np.abs(y).max() > 1  # not trivially zero
    assert np.abs(y2 - transform_features(y, OUT, g)).max() < 1e-12
    # and after the nonlinearity
    b = rng.standard_normal(len(OUT))
    z, z2 = norm_nonlinearity(y, OUT, b), norm_nonlinearity(y2, OUT, b)
    assert np.abs(z2 - transform_features(z, OUT, g)).max() < 1e-12
    assert np.abs(z - y).max() > 0.1  # the nonlinearity does something


def test_fast_path_equals_dense_reference():
    mesh = bumpy_sphere(1, 0.1)
    layer = GaugeEquivariantMeshConv(IN, OUT, seed=4)
    f = np.random.default_rng(5).standard_normal((mesh.n_vertices, feature_dim(IN)))
    T = conv_tables(mesh)
    dense = mesh_conv_dense(f, T, layer.kernel, IN, layer.self_kernel())
    np.testing.assert_allclose(layer(f, T), dense, rtol=0, atol=1e-12)
    # per-vertex loop, written out from the formula (K(θ_pq) ρ_in(g_{q→p}) f_q summed over the ring)
    from gaugemath.groups import SO2

    p = 7
    lo, hi = T.offsets[p], T.offsets[p + 1]
    acc = layer.self_kernel() @ f[p]
    for k in range(lo, hi):
        q, th, g = T.neighbors[k], T.theta[k], T.transport[k]
        R = np.zeros((feature_dim(IN),) * 2)
        c = 0
        for n in IN:
            R[c:c + (1 if n == 0 else 2), c:c + (1 if n == 0 else 2)] = 1.0 if n == 0 else SO2.from_angle(n * g)
            c += 1 if n == 0 else 2
        acc = acc + layer.kernel(th) @ R @ f[q]
    np.testing.assert_allclose(layer(f, T)[p], acc, rtol=0, atol=1e-12)


def test_negative_control_kernel_outside_the_basis():
    mesh = bumpy_sphere(2, 0.2)
    rng = np.random.default_rng(6)
    Kr = rng.standard_normal((3, feature_dim(OUT), feature_dim(IN)))

    def bad_kernel(theta):  # an arbitrary smooth kernel: not in the solution space
        return sum(np.cos(k * theta)[:, None, None] * Kr[k] for k in range(3))

    f = rng.standard_normal((mesh.n_vertices, feature_dim(IN)))
    T = conv_tables(mesh)
    g = _random_gauge(mesh, 7)
    T2 = conv_tables(mesh, rotate_frames(T.frames, g))
    y = mesh_conv_dense(f, T, bad_kernel, IN)
    y2 = mesh_conv_dense(transform_features(f, IN, g), T2, bad_kernel, IN)
    assert np.abs(y2 - transform_features(y, OUT, g)).max() > 0.1
    # the same dense path with the layer's kernel is equivariant
    layer = GaugeEquivariantMeshConv(IN, OUT, seed=8)
    y = mesh_conv_dense(f, T, layer.kernel, IN)
    y2 = mesh_conv_dense(transform_features(f, IN, g), T2, layer.kernel, IN)
    assert np.abs(y2 - transform_features(y, OUT, g)).max() < 1e-12


def test_commutes_with_icosahedral_rotations():
    """Rotating the icosphere by R ∈ I permutes its vertices, R x_v = x_π(v).  The rotated frame
    R·frame(v) and the mesh's own frame at π(v) share the normal and differ by the angle γ_v of
    R e1_v in frame(π(v)).  The rotated input field, in the mesh's frames, is
    (f^R)_π(v) = ρ_in(γ_v) f_v; the layer must give (Φ f^R)_π(v) = ρ_out(γ_v) (Φ f)_v."""
    from scipy.spatial import cKDTree

    from gaugemath.groups import icosahedral

    mesh = icosphere(2)
    X = mesh.vertices
    T = conv_tables(mesh)
    Fr = T.frames
    layer = GaugeEquivariantMeshConv(IN, OUT, seed=9)
    f = np.random.default_rng(10).standard_normal((mesh.n_vertices, feature_dim(IN)))
    y = layer(f, T)
    tree = cKDTree(X)
    worst, worst_frames, moved = 0.0, 0.0, 0
    for R in icosahedral().elements():
        dist, perm = tree.query(X @ R.T)
        assert dist.max() < 1e-13 and len(set(perm)) == mesh.n_vertices
        Re1 = Fr[:, 0] @ R.T
        worst_frames = max(worst_frames, np.abs(Fr[:, 2] @ R.T - Fr[perm, 2]).max())
        gamma = np.arctan2(np.einsum("ij,ij->i", Re1, Fr[perm, 1]), np.einsum("ij,ij->i", Re1, Fr[perm, 0]))
        fR = np.empty_like(f)
        fR[perm] = transform_features(f, IN, -gamma)  # ρ(γ) f = transform_features(f, -γ)
        expected = np.empty_like(y)
        expected[perm] = transform_features(y, OUT, -gamma)
        worst = max(worst, np.abs(layer(fR, T) - expected).max())
        moved += np.any(np.abs(np.sin(gamma)) > 1e-3)
    assert worst_frames < 1e-13
    assert worst < 1e-12
    assert moved > 30  # the induced gauge changes are genuinely non-trivial


def test_bad_input():
    mesh = icosphere(1)
    T = conv_tables(mesh)
    layer = GaugeEquivariantMeshConv((0, 1), (1,), seed=0)
    assert layer.n_weights == 2 + 4 and layer.n_self_weights == 2
    with pytest.raises(ValueError, match=r"features must have shape \(42, 3\)"):
        layer(np.zeros((42, 4)), T)
    with pytest.raises(ValueError, match=r"features must have shape \(42, 3\)"):
        layer(np.zeros((41, 3)), T)
    with pytest.raises(TypeError, match="ConvTables"):
        layer(np.zeros((42, 3)), mesh)
    with pytest.raises(ValueError, match=r"weights must have shape \(6,\)"):
        GaugeEquivariantMeshConv((0, 1), (1,), weights=np.zeros(5))
    with pytest.raises(ValueError, match=r"self_weights must have shape \(2,\)"):
        GaugeEquivariantMeshConv((0, 1), (1,), self_weights=np.zeros(3))
    with pytest.raises(ValueError, match=r"in_orders\[1\]"):
        GaugeEquivariantMeshConv((0, -1), (1,))
    with pytest.raises(TypeError, match="out_orders"):
        GaugeEquivariantMeshConv((0, 1), 1)
    with pytest.raises(TypeError, match=r"out_orders\[0\]"):
        GaugeEquivariantMeshConv((0, 1), (1.0,))
    with pytest.raises(ValueError, match="kernel must return shape"):
        mesh_conv_dense(np.zeros((42, 3)), T, lambda t: np.zeros((len(t), 2, 2)), (0, 1))
    with pytest.raises(ValueError, match="self_kernel"):
        mesh_conv_dense(np.zeros((42, 3)), T, lambda t: np.zeros((len(t), 2, 3)), (0, 1), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="bias"):
        norm_nonlinearity(np.zeros((42, 3)), (0, 1), bias=np.zeros(3))
    with pytest.raises(ValueError, match="features"):
        norm_nonlinearity(np.zeros((42, 2)), (0, 1))
    with pytest.raises(ValueError, match="g must be a 1-D array"):
        transform_features(np.zeros((42, 3)), (0, 1), np.zeros((42, 1)))
    with pytest.raises(ValueError, match=r"features must have shape \(42, 3\)"):
        transform_features(np.zeros((42, 2)), (0, 1), np.zeros(42))
    assert isinstance(T, ConvTables) and T.theta.shape == (mesh.ring_halfedges.size,)

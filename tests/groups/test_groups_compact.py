"""SO(2), O(2), SO(3), O(3), SU(2): group axioms, membership (bad input), Haar sampling, covers, Lie algebras."""

import numpy as np
import pytest
import quaternionic
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.linalg import expm
from scipy.spatial.transform import Rotation

from gaugemath import so3
from gaugemath.groups import O2, O3, SO2, SO3, SU2

from .strategies import ALL, group_names, seeds


@settings(max_examples=25, deadline=None)
@given(name=group_names, seed=seeds)
def test_group_axioms_on_samples(name, seed):
    """Closure, associativity, identity, inverses on Haar samples of every group of the catalogue."""
    G = ALL[name]
    a, b, c = (G.sample(5, seed=seed + i) for i in range(3))
    e = G.identity()
    assert np.all(G.contains(a)) and np.all(G.contains(G.multiply(a, b)))
    assert np.all(G.equal(G.multiply(G.multiply(a, b), c), G.multiply(a, G.multiply(b, c)), atol=1e-9))
    assert np.all(G.equal(G.multiply(a, e), a)) and np.all(G.equal(G.multiply(e, a), a))
    assert np.all(G.equal(G.multiply(a, G.inverse(a)), e, atol=1e-9))
    assert np.all(G.equal(G.inverse(G.multiply(a, b)), G.multiply(G.inverse(b), G.inverse(a)), atol=1e-9))
    assert G.sample(3, seed=seed).shape == (3,) + tuple(G.element_shape)
    assert np.array_equal(G.sample(4, seed=seed), G.sample(4, seed=seed))  # reproducible


@settings(max_examples=25, deadline=None)
@given(name=group_names, seed=seeds)
def test_action_is_a_left_action(name, seed):
    G = ALL[name]
    assert G.ambient_dim is not None, f"{name} has no action on R^d"
    g, h = G.sample(2, seed=seed)
    x = np.random.default_rng(seed).normal(size=(6, G.ambient_dim))
    assert np.allclose(G.act(G.multiply(g, h), x), G.act(g, G.act(h, x)), atol=1e-9, rtol=0)
    assert np.allclose(G.act(G.identity(), x), x, rtol=0, atol=1e-10)

    def f(y):
        return np.sin(y[..., 0]) + y[..., -1] ** 2

    lhs = G.act_on_function(G.multiply(g, h), f)(x)
    rhs = G.act_on_function(g, G.act_on_function(h, f))(x)
    assert np.allclose(lhs, rhs, atol=1e-9, rtol=0)


def test_membership_and_bad_elements():
    R = Rotation.from_euler("zyz", [0.3, 1.1, -0.7]).as_matrix()
    P = np.diag([1.0, 1.0, -1.0])
    assert SO3().contains(R) and O3().contains(R) and O3().contains(R @ P)
    assert not SO3().contains(R @ P)  # det -1
    assert not SO3().contains(R * 1.01) and not O3().contains(R + 1e-3)  # not orthogonal
    assert not SO3().contains(np.full((3, 3), np.nan))
    with pytest.raises(ValueError, match="not an element of SO\\(3\\)"):
        SO3().validate(R @ P, "g")
    with pytest.raises(ValueError, match="not an element of O\\(3\\)"):
        O3().validate(2 * R, "g")
    with pytest.raises(ValueError, match="trailing shape"):
        SO3().contains(np.eye(2))
    with pytest.raises(ValueError, match="trailing shape"):
        SO2().validate(np.eye(3))
    assert not SO2().contains(np.diag([1.0, -1.0])) and O2().contains(np.diag([1.0, -1.0]))
    q = np.array([0.9, 0.1, 0.2, 0.3])  # not unit
    assert not SU2().contains(q)
    with pytest.raises(ValueError, match="not an element of SU\\(2\\)"):
        SU2().validate(q, "q")
    with pytest.raises(ValueError, match="unit quaternions"):
        SU2.to_rotation(q)
    with pytest.raises(ValueError):
        SO3.from_quaternion(q)
    with pytest.raises(TypeError, match="real"):
        SO3().contains(np.eye(3) * 1j)
    with pytest.raises(TypeError, match="n must be an integer"):
        SO3().sample(2.0)


def _angles(R):
    return np.arccos(np.clip((np.trace(R, axis1=-2, axis2=-1) - 1) / 2, -1, 1))


def test_so3_haar_moments_and_angle_distribution():
    n = 20_000
    R = SO3().sample(n, seed=11)
    # E[R] = 0 (each entry has variance 1/3) and E[tr R] = 0 (variance 1): 5-sigma bounds
    assert np.max(np.abs(R.mean(axis=0))) < 5 * np.sqrt(1 / 3 / n)
    assert abs(np.trace(R, axis1=1, axis2=2).mean()) < 5 / np.sqrt(n)
    # E[R_ij R_kl] = delta_ik delta_jl / 3 (Schur orthogonality for the defining irrep)
    second = np.einsum("nij,nkl->ijkl", R, R) / n
    assert np.allclose(second, np.einsum("ik,jl->ijkl", np.eye(3), np.eye(3)) / 3, atol=0.02, rtol=0)
    # rotation angle density (1 - cos w)/pi on [0, pi]  <=>  CDF (w - sin w)/pi
    p = stats.kstest(_angles(R), lambda w: (w - np.sin(w)) / np.pi).pvalue
    assert p > 1e-3
    # the uniform-angle law is rejected: the test can fail
    assert stats.kstest(_angles(R), lambda w: w / np.pi).pvalue < 1e-6


def test_o3_haar_half_reflections():
    n = 20_000
    g = O3().sample(n, seed=5)
    det = np.linalg.det(g)
    assert np.allclose(np.abs(det), 1, rtol=0, atol=1e-10)
    frac = np.mean(det < 0)
    assert abs(frac - 0.5) < 5 * 0.5 / np.sqrt(n)
    Rpart = g * det[:, None, None]
    assert stats.kstest(_angles(Rpart), lambda w: (w - np.sin(w)) / np.pi).pvalue > 1e-3
    assert np.max(np.abs(g.mean(axis=0))) < 5 * np.sqrt(1 / 3 / n)


def test_so2_o2_haar():
    n = 20_000
    t = SO2.angle(SO2().sample(n, seed=2))
    assert stats.kstest(t, "uniform", args=(-np.pi, 2 * np.pi)).pvalue > 1e-3
    g = O2().sample(n, seed=3)
    m = O2.reflection_part(g)
    assert abs(m.mean() - 0.5) < 5 * 0.5 / np.sqrt(n)
    rot = g @ np.where(m[:, None, None] == 1, np.diag([1.0, -1.0]), np.eye(2))
    assert stats.kstest(SO2.angle(rot), "uniform", args=(-np.pi, 2 * np.pi)).pvalue > 1e-3


def test_su2_haar_and_double_cover():
    n = 20_000
    q = SU2().sample(n, seed=4)
    assert np.max(np.abs(q.mean(axis=0))) < 5 * np.sqrt(1 / 4 / n)
    assert np.allclose(q.T @ q / n, np.eye(4) / 4, atol=0.015, rtol=0)  # E[q q^T] = I/4 on S^3
    a, b = q[:50], q[50:100]
    G = SU2()
    # homomorphism onto SO(3), 2:1, same formula as scipy (x, y, z, w order) and gaugemath.so3
    assert np.allclose(G.to_rotation(G.multiply(a, b)), G.to_rotation(a) @ G.to_rotation(b), atol=1e-12, rtol=0)
    assert np.allclose(G.to_rotation(a), Rotation.from_quat(a[:, [1, 2, 3, 0]]).as_matrix(), atol=1e-12, rtol=0)
    assert np.allclose(G.to_rotation(a), so3.as_matrix(quaternionic.array(a)), atol=1e-12, rtol=0)
    assert np.allclose(G.to_rotation(-a), G.to_rotation(a), rtol=0, atol=1e-10)
    assert not np.any(G.equal(a, -a))  # -q is another element of SU(2)
    # D^{1/2} is a homomorphism SU(2) -> U(2) and distinguishes q from -q
    Da, Db, Dab = G.to_matrix(a), G.to_matrix(b), G.to_matrix(G.multiply(a, b))
    assert np.allclose(Dab, Da @ Db, atol=1e-12, rtol=0)
    assert np.allclose(G.to_matrix(-a), -Da, rtol=0, atol=1e-10)
    assert np.allclose(np.conj(np.swapaxes(Da, -1, -2)) @ Da, np.eye(2), atol=1e-12, rtol=0)


@settings(max_examples=25, deadline=None)
@given(seed=seeds)
def test_so3_quaternion_round_trip(seed):
    R = SO3().sample(4, seed=seed)
    q = SO3.to_quaternion(R)
    assert np.allclose(SO3.from_quaternion(q), R, atol=1e-12, rtol=0)
    assert np.allclose(SU2.to_rotation(q), R, atol=1e-12, rtol=0)


@given(theta=st.floats(-10, 10), m=st.integers(0, 1))
@settings(max_examples=25, deadline=None)
def test_o2_parameterisation(theta, m):
    g = O2.from_angle_reflection(theta, m)
    assert O2().contains(g) and (SO2().contains(g) == (m == 0))
    assert O2.reflection_part(g) == m
    assert np.isclose(np.exp(1j * SO2.angle(g @ np.diag([1.0, (-1.0) ** m]))), np.exp(1j * theta), rtol=0, atol=1e-10)
    with pytest.raises(ValueError, match="m must be 0 or 1"):
        O2.from_angle_reflection(theta, 2)


def test_lie_algebras():
    J = SO2().lie_algebra()[0]
    assert np.allclose(expm(0.7 * J), SO2.from_angle(0.7), rtol=0, atol=1e-10)
    Lx, Ly, Lz = SO3().lie_algebra()
    assert np.allclose(Lx @ Ly - Ly @ Lx, Lz, rtol=0, atol=1e-10) and np.allclose(Ly @ Lz - Lz @ Ly, Lx, rtol=0, atol=1e-10)
    assert np.allclose(expm(0.4 * Lz), Rotation.from_euler("z", 0.4).as_matrix(), rtol=0, atol=1e-10)
    assert np.allclose(expm(0.4 * Lx), Rotation.from_euler("x", 0.4).as_matrix(), rtol=0, atol=1e-10)
    # SU(2): exp(theta (0, n/2)) = (cos theta/2, sin theta/2 n) covers the rotation by theta about n
    X = SU2().lie_algebra()[2]
    w = 0.9 * X
    q = np.array([np.cos(0.45), 0, 0, np.sin(0.45)])
    assert np.allclose(np.linalg.norm(w[1:]), 0.45, rtol=0, atol=1e-10)
    assert np.allclose(SU2.to_rotation(q), Rotation.from_euler("z", 0.9).as_matrix(), rtol=0, atol=1e-10)

"""Rotations: ZYZ active Euler angles, matrices, axis-angle, Haar sampling, validation."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaugemath import so3


def _rz(t):
    return np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])


def _ry(t):
    return np.array([[np.cos(t), 0, np.sin(t)], [0, 1, 0], [-np.sin(t), 0, np.cos(t)]])


angles = st.tuples(st.floats(-np.pi, np.pi), st.floats(0, np.pi), st.floats(-np.pi, np.pi))


@given(angles)
def test_from_euler_is_zyz_active(abg):
    a, b, g = abg
    assert np.abs(so3.as_matrix(so3.from_euler(a, b, g)) - _rz(a) @ _ry(b) @ _rz(g)).max() < 1e-14


@given(st.integers(0, 2**32 - 1))
def test_roundtrips(seed):
    R = so3.random(seed=seed)
    M = so3.as_matrix(R)
    assert np.abs(so3.as_matrix(so3.from_matrix(M)) - M).max() < 1e-14
    assert np.abs(so3.as_matrix(so3.from_euler(*so3.as_euler(R))) - M).max() < 1e-13
    axis, angle = so3.as_axis_angle(R)
    assert np.abs(so3.as_matrix(so3.from_axis_angle(axis, angle)) - M).max() < 1e-14
    assert np.abs(M.T @ M - np.eye(3)).max() < 1e-14 and np.linalg.det(M) > 0


def test_gimbal_lock_euler():
    e = so3.as_euler(so3.from_euler(0.3, 0.0, 0.2))
    assert np.allclose(e, [0.5, 0.0, 0.0], rtol=0, atol=1e-15)
    M = so3.as_matrix(so3.from_euler(0.3, np.pi, 0.2))
    assert np.abs(so3.as_matrix(so3.from_euler(*so3.as_euler(M))) - M).max() < 1e-14


def test_random_is_haar_like():
    q = so3.as_quaternion(so3.random(20000, seed=1))
    # for Haar measure, E[w^2] = 1/4 and the rotation angle has density (1 - cos t)/pi
    assert abs(np.mean(q[:, 0] ** 2) - 0.25) < 0.01
    _, angle = so3.as_axis_angle(q)
    assert abs(np.mean(angle) - (np.pi / 2 + 2 / np.pi)) < 0.02
    assert so3.random((2, 3), seed=0).ndarray.shape == (2, 3, 4)


def test_validation():
    with pytest.raises(ValueError, match="unit quaternions"):
        so3.as_quaternion([1.0, 0.1, 0, 0])
    with pytest.raises(ValueError, match="not orthogonal"):
        so3.as_quaternion(np.diag([1.0, 2.0, 1.0]))
    with pytest.raises(ValueError, match="determinant -1"):
        so3.from_matrix(np.diag([1.0, 1.0, -1.0]))
    with pytest.raises(ValueError, match="shape"):
        so3.as_quaternion(np.zeros(3))
    with pytest.raises(ValueError, match="axis must be non-zero"):
        so3.from_axis_angle([0, 0, 0], 1.0)
    q = so3.as_quaternion([1.0 + 1e-10, 0, 0, 0])
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-16)


@given(abg=st.tuples(st.floats(-3.1, 3.1), st.floats(0.01, 3.13), st.floats(-3.1, 3.1)))
def test_scipy_mapping(abg):
    """docs/conventions.md §6: our ZYZ = scipy's intrinsic "ZYZ" (upper case);
    quaternions (w, x, y, z) = scipy's scalar-last (x, y, z, w) rolled."""
    from scipy.spatial.transform import Rotation

    R = so3.from_euler(*abg)
    ref = Rotation.from_euler("ZYZ", abg)
    assert np.abs(so3.as_matrix(R) - ref.as_matrix()).max() < 1e-13
    q = np.roll(ref.as_quat(), 1)  # (x, y, z, w) -> (w, x, y, z)
    ours = so3.as_quaternion(R)
    assert min(np.abs(ours - q).max(), np.abs(ours + q).max()) < 1e-13
    assert np.allclose(so3.as_euler(so3.from_matrix(ref.as_matrix())), ref.as_euler("ZYZ"), rtol=0, atol=1e-9)


def test_from_matrix_edge_cases_vs_scipy():
    """Shepperd's pivot: rotations by pi (w = 0), near pi, near the identity, about each axis and
    a generic one; quaternion equals scipy's up to sign, and ours has w >= 0."""
    from scipy.spatial.transform import Rotation

    axes = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [1, -2, 0.5]], dtype=float)
    axes /= np.linalg.norm(axes, axis=1, keepdims=True)
    for angle in (np.pi, np.pi - 1e-9, 1e-9, 0.0, 2.0):
        ref = Rotation.from_rotvec(axes * angle)
        q = so3.as_quaternion(so3.from_matrix(ref.as_matrix()))
        qs = ref.as_quat(scalar_first=True)
        assert np.all(q[:, 0] >= 0)
        err = np.minimum(np.abs(q - qs).max(axis=1), np.abs(q + qs).max(axis=1))
        np.testing.assert_allclose(err, 0.0, rtol=0, atol=4e-16 if angle < 1 else 2e-15)

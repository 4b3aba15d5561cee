"""Numerical check_equivariance on maps and kernels (NumPy and torch)."""

import numpy as np
import pytest

import gaugemath
from gaugemath.equivariance import check_equivariance


def SO3():
    return gaugemath.groups.SO3()


def D(l):
    return lambda g: gaugemath.wigner_D(l, np.asarray(g), basis="real")


def test_map_equivariant_and_broken():
    cross = lambda v: np.cross(v[..., :3], v[..., 3:])  # noqa: E731  (y,z,x order is a rotation of xyz: cross commutes)
    rho_in = lambda g: np.stack([np.block([[a, 0 * a], [0 * a, a]]) for a in D(1)(g)])  # noqa: E731
    rep = check_equivariance(cross, SO3(), rho_in, D(1))
    assert rep.passed and rep.max_error < 1e-12
    bad = check_equivariance(lambda v: cross(v) + np.array([1.0, 0, 0]), SO3(), rho_in, D(1))
    assert not bad.passed and bad.max_error > 1e-3


@pytest.mark.torch
def test_kernel_and_torch():
    torch = pytest.importorskip("torch")

    def kernel(x):  # l=0 -> l=1: x in the (y, z, x) order
        return torch.stack([x[..., 1], x[..., 2], x[..., 0]], -1)[..., None]

    rep = check_equivariance(kernel, SO3(), D(0), D(1), kind="kernel")
    assert rep.passed and rep.max_error < 1e-12
    rep = check_equivariance(lambda x: x[..., :, None], SO3(), D(0), D(1), kind="kernel")  # xyz order: wrong basis
    assert not rep.passed


def test_bad_input():
    with pytest.raises(ValueError, match="kind"):
        check_equivariance(lambda v: v, SO3(), D(1), D(1), kind="other")
    with pytest.raises(ValueError, match="n_elements"):
        check_equivariance(lambda v: v, SO3(), D(1), D(1), n_elements=0)
    with pytest.raises(ValueError, match="length"):
        check_equivariance(lambda v: v[..., :2], SO3(), D(1), D(1))
    with pytest.raises(TypeError, match="group"):
        check_equivariance(lambda v: v, object(), D(1), D(1))
    assert check_equivariance(lambda v: v, "SO3", D(1), D(1)).passed

"""Kernel-basis exports that need no peer installed: the layouts and the input checks
(the comparisons with e3nn and escnn themselves are in test_kernels_peers.py, ``-m torch``)."""

import numpy as np
import pytest

from gaugemath.kernels import grid_points, steerable_basis
from gaugemath.kernels.export import export_basis, save_basis


def test_e3nn_format_rejects_planar():
    b = steerable_basis("R2", "SO2", 1, 1, size=5)
    with pytest.raises(ValueError, match="R3"):
        export_basis(b, "e3nn")


def test_numpy_and_escnn_layouts_are_the_same_function(tmp_path):
    b = steerable_basis("R3", "SO3", [1], [1, 2], size=5)
    a, e = export_basis(b, "numpy"), export_basis(b, "escnn")
    # escnn axes: reversed, y and z flipped
    back = np.flip(np.transpose(e["basis"], (0, 1, 2, 5, 4, 3)), axis=(4, 5))
    np.testing.assert_array_equal(back, a["basis"])
    np.testing.assert_array_equal(a["points"], grid_points(5, 3))
    data = save_basis(b, tmp_path / "k.npz", "numpy")
    with np.load(tmp_path / "k.npz") as f:
        np.testing.assert_array_equal(f["basis"], data["basis"])
        assert str(f["group"]) == "SO3" and f["J"].shape == (len(b),)


def test_export_bad_input():
    b = steerable_basis("R2", "C4", 1, 1, size=3)
    with pytest.raises(ValueError, match="format"):
        export_basis(b, "torch")
    with pytest.raises(TypeError, match="KernelBasis"):
        export_basis(np.zeros(3), "numpy")
    with pytest.raises(ValueError, match="grid size"):
        export_basis(steerable_basis("R2", "C4", 1, 1, radii=[1.0]), "numpy")

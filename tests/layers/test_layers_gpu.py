"""The layers on CuPy arrays agree with NumPy (skipped cleanly without CuPy or a CUDA device)."""

import numpy as np
import pytest

cupy = pytest.importorskip("cupy")
pytestmark = pytest.mark.gpu

try:
    _HAS_DEVICE = cupy.cuda.runtime.getDeviceCount() > 0
except Exception:  # noqa: BLE001
    _HAS_DEVICE = False
if not _HAS_DEVICE:
    pytest.skip("no CUDA device", allow_module_level=True)

from gaugemath.layers import gcnn, se2, spherical  # noqa: E402


def test_grid_layers_on_cupy(rng):
    f = rng.normal(size=(2, 3, 9, 9))
    psi = rng.normal(size=(2, 3, 3, 3))
    Psi = rng.normal(size=(2, 2, 8, 3, 3))
    F = gcnn.group_conv_p4m(gcnn.lift_p4m(f, psi, "same"), Psi, "same")
    Fg = gcnn.group_conv_p4m(gcnn.lift_p4m(cupy.asarray(f), cupy.asarray(psi), "same"), cupy.asarray(Psi), "same")
    assert isinstance(Fg, cupy.ndarray)
    np.testing.assert_allclose(cupy.asnumpy(Fg), F, rtol=0, atol=1e-11)
    np.testing.assert_allclose(cupy.asnumpy(gcnn.act_on_features(Fg, 5, "p4m")), gcnn.act_on_features(F, 5, "p4m"), rtol=1e-12, atol=1e-12)
    S = se2.lift_se2(f, psi, 8, "same")
    np.testing.assert_allclose(cupy.asnumpy(se2.lift_se2(cupy.asarray(f), cupy.asarray(psi), 8, "same")), S,
                               rtol=0, atol=1e-11)


def test_spherical_layers_on_cupy(rng):
    L = 3
    f = rng.normal(size=(2, 3, 16)) + 1j * rng.normal(size=(2, 3, 16))
    psi = rng.normal(size=(4, 3, 16)) + 0j
    F = spherical.s2_so3_correlation_layer(f, psi)
    Fg = spherical.s2_so3_correlation_layer(cupy.asarray(f), cupy.asarray(psi))
    np.testing.assert_allclose(cupy.asnumpy(Fg), F, rtol=0, atol=1e-12)
    Psi = rng.normal(size=(2, 4, spherical.so3_size(L))) + 0j
    np.testing.assert_allclose(cupy.asnumpy(spherical.so3_so3_correlation_layer(Fg, cupy.asarray(Psi))),
                               spherical.so3_so3_correlation_layer(F, Psi), rtol=0, atol=1e-10)

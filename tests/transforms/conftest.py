"""Backend fixture: the same test functions run on NumPy and (where a GPU exists) CuPy."""

import numpy as np
import pytest

from gaugemath.transforms.backend import cupy_available


@pytest.fixture(params=["numpy", pytest.param("cupy", marks=pytest.mark.gpu)])
def xp(request):
    if request.param == "cupy":
        if not cupy_available():
            pytest.skip("CuPy or a CUDA device is not available")
        import cupy

        return cupy
    return np

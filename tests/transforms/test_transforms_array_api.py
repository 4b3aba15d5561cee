"""Transforms on ``array_api_strict`` input: outputs in the input's namespace, values equal to
the NumPy results, for both Legendre backends (the pipeline runs in NumPy through DLPack)."""

import numpy as np
import pytest

from gaugemath import so3 as so3_group
from gaugemath.transforms import (
    complex_to_real_coefficients,
    n_so3_coefficients,
    real_to_complex_coefficients,
    rotate_coefficients,
    s2_analysis,
    s2_grid,
    s2_synthesis,
    so3_analysis,
    so3_grid,
    so3_synthesis,
)

xps = pytest.importorskip("array_api_strict")
TOL = dict(rtol=1e-13, atol=1e-13)


def _check(out, ref):
    assert type(out).__module__.split(".")[0] == "array_api_strict", type(out)
    np.testing.assert_allclose(np.from_dlpack(out), ref, **TOL)


@pytest.mark.parametrize("backend", [None, "numba", "xp"])
@pytest.mark.parametrize("kind", ["gl", "mw", "healpix"])
def test_s2_keeps_namespace(kind, backend, rng):
    lmax = 6
    g = s2_grid(lmax, kind, nside=4) if kind == "healpix" else s2_grid(lmax, kind)
    c = rng.standard_normal((2, 49)) + 1j * rng.standard_normal((2, 49))
    f = s2_synthesis(c, lmax, g, spin=1)
    _check(s2_synthesis(xps.asarray(c), lmax, g, spin=1, backend=backend), f)
    _check(s2_analysis(xps.asarray(f), lmax, g, spin=1, backend=backend), s2_analysis(f, lmax, g, spin=1))
    r = rng.standard_normal(49)
    _check(s2_synthesis(xps.asarray(r), lmax, g, real=True, backend=backend), s2_synthesis(r, lmax, g, real=True))
    _check(real_to_complex_coefficients(xps.asarray(r), lmax), real_to_complex_coefficients(r, lmax))
    _check(complex_to_real_coefficients(xps.asarray(c), lmax), complex_to_real_coefficients(c, lmax))


@pytest.mark.parametrize("backend", [None, "xp"])
def test_so3_and_rotation_keep_namespace(backend, rng):
    lmax = 3
    g = so3_grid(lmax)
    n = n_so3_coefficients(lmax)
    c = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    F = so3_synthesis(c, lmax, g)
    _check(so3_synthesis(xps.asarray(c), lmax, g, backend=backend), F)
    _check(so3_analysis(xps.asarray(F), lmax, g, backend=backend), so3_analysis(F, lmax, g))
    R = so3_group.random(1, seed=4)[0]
    r = rng.standard_normal(16)
    _check(rotate_coefficients(xps.asarray(r), R, lmax, real=True), rotate_coefficients(r, R, lmax, real=True))

"""The spherical layers on ``array_api_strict`` input return ``array_api_strict`` arrays whose
values equal the NumPy results (the layers follow the input's array namespace)."""

import numpy as np
import pytest

from gaugemath import so3, transforms
from gaugemath.layers import spherical as S

xps = pytest.importorskip("array_api_strict")

L = 3
TOL = dict(rtol=1e-13, atol=1e-13)


def _c(rng, *shape):
    return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)


def _check(out, ref):
    assert type(out).__module__.split(".")[0] == "array_api_strict", type(out)
    np.testing.assert_allclose(np.from_dlpack(out), ref, **TOL)


@pytest.mark.parametrize(
    "name, kinds",
    [
        ("s2_so3_correlation", ("s2", "s2")),
        ("so3_so3_correlation", ("so3", "so3")),
        ("s2_zonal_conv", ("s2", "s2")),
        ("s2_so3_correlation_layer", ("s2", "s2")),
        ("so3_so3_correlation_layer", ("so3", "so3")),
        ("s2_zonal_conv_layer", ("s2", "s2")),
    ],
)
def test_coefficient_layers_keep_namespace(name, kinds, rng):
    size = {"s2": S.s2_size(L), "so3": S.so3_size(L)}
    if name.endswith("_layer"):
        x, w = _c(rng, 2, 2, size[kinds[0]]), _c(rng, 3, 2, size[kinds[1]])
    else:
        x, w = _c(rng, 2, size[kinds[0]]), _c(rng, 2, size[kinds[1]])
    fn = getattr(S, name)
    _check(fn(xps.asarray(x), xps.asarray(w)), fn(x, w))


@pytest.mark.parametrize("name, kind", [("act_on_s2_coefficients", "s2"), ("act_on_so3_coefficients", "so3")])
def test_actions_keep_namespace(name, kind, rng):
    size = S.s2_size(L) if kind == "s2" else S.so3_size(L)
    x = _c(rng, 2, size)
    Q = so3.random(1, seed=3)[0]
    fn = getattr(S, name)
    _check(fn(xps.asarray(x), Q), fn(x, Q))


@pytest.mark.parametrize("backend", [None, "xp"])
def test_grid_layers_keep_namespace(backend, rng):
    g2, g3 = transforms.s2_grid(L, "gl"), transforms.so3_grid(L)
    f = rng.standard_normal((2, 2) + tuple(g2.shape))
    psi = _c(rng, 3, 2, S.s2_size(L))
    _check(S.s2_so3_correlation_grid(xps.asarray(f), xps.asarray(psi), L, g2, g3, backend=backend),
           S.s2_so3_correlation_grid(f, psi, L, g2, g3))
    F = _c(rng, 2, 2, *g3.shape)
    Psi = _c(rng, 3, 2, S.so3_size(L))
    _check(S.so3_so3_correlation_grid(xps.asarray(F), xps.asarray(Psi), L, g3, backend=backend),
           S.so3_so3_correlation_grid(F, Psi, L, g3))
    _check(S.s2_zonal_conv_grid(xps.asarray(f), xps.asarray(psi), L, g2, backend=backend),
           S.s2_zonal_conv_grid(f, psi, L, g2))


def test_mixed_namespaces_raise(rng):
    x = _c(rng, 2, S.s2_size(L))
    with pytest.raises(TypeError, match="same library"):
        S.s2_so3_correlation(xps.asarray(x), x)

"""Optional peer check against neural-tangents (needs JAX; skipped cleanly when it is missing
or does not import — see docs/ntk.md for why it is optional).  Convention mapping: NT's
images are NHWC (ours NCHW); NT's ``Erf(a=1, b=a, c=0)`` is ``erf(a x)``; padding
"VALID"/"SAME"/"CIRCULAR" ↔ "valid"/"same"/"circular"; parameterisation "ntk" in both."""

import numpy as np
import pytest

from gaugemath.ntk import Conv2D, Dense, Erf, GlobalAvgPool, Relu, serial

pytestmark = pytest.mark.peer


def _nt():
    try:
        import jax
        from neural_tangents import stax
    except Exception as exc:  # ImportError, or a JAX version neural-tangents cannot use
        pytest.skip(f"neural-tangents not usable: {type(exc).__name__}: {exc}")
    jax.config.update("jax_enable_x64", True)
    return stax


@pytest.mark.parametrize("act", ["relu", "erf"])
def test_dense_kernels_match_neural_tangents(act):
    st = _nt()
    x1, x2 = np.random.default_rng(0).standard_normal((3, 5)), np.random.default_rng(1).standard_normal((2, 5))
    ours = serial(Dense(8, 1.3, 0.2), Relu() if act == "relu" else Erf(0.7), Dense(1, 0.9, 0.1))
    nt_act = st.Relu() if act == "relu" else st.Erf(a=1.0, b=0.7, c=0.0)
    _, _, kfn = st.serial(st.Dense(8, W_std=1.3, b_std=0.2), nt_act, st.Dense(1, W_std=0.9, b_std=0.1))
    k, ref = ours.kernel_fn(x1, x2), kfn(x1, x2, ("nngp", "ntk"))
    np.testing.assert_allclose(k.nngp, np.asarray(ref.nngp), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(k.ntk, np.asarray(ref.ntk), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("padding", ["valid", "same", "circular"])
def test_conv_kernels_match_neural_tangents(padding):
    st = _nt()
    rng = np.random.default_rng(2)
    x1, x2 = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((2, 2, 5, 5))
    ours = serial(Conv2D(4, 3, padding, 1.2, 0.1), Relu(), GlobalAvgPool(), Dense(1))
    _, _, kfn = st.serial(st.Conv(4, (3, 3), padding=padding.upper(), W_std=1.2, b_std=0.1), st.Relu(),
                          st.GlobalAvgPool(), st.Dense(1))
    k = ours.kernel_fn(x1, x2)
    ref = kfn(np.moveaxis(x1, 1, -1), np.moveaxis(x2, 1, -1), ("nngp", "ntk"))
    np.testing.assert_allclose(k.nngp, np.asarray(ref.nngp), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(k.ntk, np.asarray(ref.ntk), rtol=1e-10, atol=1e-12)

"""Cross-check against the exact kernels of gaugemath.symbolic.kernels (written independently
by the symbolic layer): SE(3) element-wise, SE(2) span per ring.  Skipped if that module is absent."""

import numpy as np
import pytest
import sympy as sp

from gaugemath.kernels import steerable_basis

from .helpers import span_projector

symk = pytest.importorskip("gaugemath.symbolic.kernels")


@pytest.mark.parametrize("l_in,l_out", [(0, 1), (1, 1), (1, 2), (2, 2)])
def test_se3_elements_equal_exact_kernels(l_in, l_out, rng):
    b = steerable_basis("R3", "SO3", l_in, l_out, radii=[1.5], max_frequency=4)
    pts = rng.normal(size=(8, 3))
    prof = np.exp(-((np.linalg.norm(pts, axis=1) - 1.5) ** 2) / (2 * 0.6**2))
    ours = b.evaluate(pts) / prof
    x, y, z = symk.cartesian_symbols(3)
    for n, md in enumerate(b.metadata):
        K = symk.se3_kernel(l_in, l_out, md["J"], radial=sp.Integer(1))
        f = sp.lambdify((x, y, z), K, "numpy")
        ref = np.stack([np.array(f(*p), dtype=float) for p in pts], -1)
        np.testing.assert_allclose(ours[n], ref, rtol=0, atol=1e-12)


@pytest.mark.parametrize("group,k_in,k_out,signs", [("so2", 1, 2, (1, 1)), ("so2", 0, 3, (1, 1)), ("so2", 2, 0, (1, 1)),
                                                    ("o2", 1, 1, (1, 1)), ("o2", 0, 2, (-1, 1)), ("o2", 2, 0, (1, -1))])
def test_se2_same_span_on_a_ring(group, k_in, k_out, signs):
    def label(k, s):
        if group == "so2":
            return k
        return k if k else ("trivial" if s == 1 else "sign")

    b = steerable_basis("R2", group.upper(), label(k_in, signs[0]), label(k_out, signs[1]), radii=[2.0], max_frequency=6)
    r, ph = symk.polar_symbols()
    exact = symk.se2_kernel_basis(k_in, k_out, group=group, signs=signs, radial=sp.Integer(1))
    phis = np.linspace(0, 2 * np.pi, 37)[:-1]
    pts = 2.0 * np.stack([np.cos(phis), np.sin(phis)], -1)  # on the ring: the Gaussian is 1
    ours = b.evaluate(pts)
    ref = np.stack([np.stack([np.array(sp.lambdify(ph, K, "numpy")(a), dtype=float) for a in phis], -1) for K in exact])
    assert len(b) == len(exact)
    P1, r1 = span_projector(ours)
    P2, r2 = span_projector(ref)
    assert r1 == r2 == len(b)
    np.testing.assert_allclose(P1, P2, rtol=0, atol=1e-10)

"""Spectral S²/SO(3) kernel bases: zonal constraint (completeness vs nullspace), invariance in
space, localisation (peaks at the grid points), SO(3) blocks = Wigner D entries, bad input."""

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from gaugemath import wigner_D
from gaugemath.kernels.sphere import so3_block_offsets, spherical_kernel_basis

from .helpers import span_projector


def _rz(a):
    return Rotation.from_euler("z", a).as_matrix()


@pytest.mark.parametrize("L", [0, 3, 6])
def test_zonal_basis_is_the_nullspace_of_the_stabiliser_constraint(L, rng):
    b = spherical_kernel_basis("S2->S2", L)
    # k(R x) = k(x) for R about z  <=>  D^real(R)^T k_l = k_l for each degree (S(Rx) = D(R) S(x))
    rows = []
    for a in rng.uniform(-np.pi, np.pi, 2):
        blocks = [np.asarray(wigner_D(ell, _rz(a), basis="real")).T - np.eye(2 * ell + 1) for ell in range(L + 1)]
        from scipy.linalg import block_diag

        rows.append(block_diag(*blocks))
    w, V = np.linalg.eigh(sum(M.T @ M for M in rows))
    null = V[:, w < 1e-10]
    assert null.shape[1] == len(b) == L + 1
    P1, _ = span_projector(b.coefficients)
    P2, _ = span_projector(null.T)
    np.testing.assert_allclose(P1, P2, rtol=0, atol=1e-10)


@pytest.mark.parametrize("localization", ["spectral", "local"])
def test_zonal_kernels_invariant_in_space(localization, rng):
    b = spherical_kernel_basis("S2->S2", 8, localization=localization)
    x = rng.normal(size=(50, 3))
    for a in (0.4, -2.2):
        np.testing.assert_allclose(b.evaluate(x @ _rz(a).T), b.evaluate(x), rtol=0, atol=1e-12)
    if localization == "spectral":
        # not so for a generic (non-zonal) S2->SO3 element
        c = spherical_kernel_basis("S2->SO3", 2)
        assert np.abs(c.evaluate(x @ _rz(0.4).T) - c.evaluate(x)).max() > 1e-2


def test_local_kernels_span_subspace_and_peak_at_their_points():
    L = 20
    full, _ = span_projector(spherical_kernel_basis("S2->SO3", L).coefficients)
    loc = spherical_kernel_basis("S2->SO3", L, localization="local", max_beta=np.pi / 4, n_beta=2, n_alpha=4)
    P, rank = span_projector(loc.coefficients)
    np.testing.assert_allclose(full @ P, P, rtol=0, atol=1e-10)
    assert rank == len(loc)
    dirs = Rotation.random(2500, random_state=0).apply([0, 0, 1.0])
    vals = loc.evaluate(dirs)
    for n, md in enumerate(loc.metadata):
        b, a = md["beta"], md["alpha"]
        p = np.array([np.sin(b) * np.cos(a), np.sin(b) * np.sin(a), np.cos(b)])
        peak = dirs[np.argmax(vals[n])]
        assert np.arccos(np.clip(peak @ p, -1, 1)) < 0.15
        assert loc.evaluate(p[None])[n, 0] >= vals[n].max() - 1e-12


def test_so3_spectral_elements_are_wigner_entries_and_local_peaks():
    L = 2
    b = spherical_kernel_basis("SO3->SO3", L)
    assert len(b) == so3_block_offsets(L)[-1] == 1 + 9 + 25
    R = Rotation.random(5, random_state=2).as_matrix()
    vals = b.evaluate(R)
    for n, md in enumerate(b.metadata):
        D = np.asarray(wigner_D(md["ell"], R, basis="real"))
        np.testing.assert_allclose(vals[n], D[:, md["m"] + md["ell"], md["n"] + md["ell"]], rtol=0, atol=1e-13)
    loc = spherical_kernel_basis("SO3->SO3", 8, localization="local", max_beta=np.pi / 3, n_beta=1, n_alpha=2, n_gamma=2)
    rnd = Rotation.random(600, random_state=5).as_matrix()
    vr = loc.evaluate(rnd)
    from gaugemath import so3

    for n, md in enumerate(loc.metadata):
        c = np.asarray(so3.as_matrix(so3.from_euler(md["alpha"], md["beta"], md["gamma"])))
        assert loc.evaluate(c[None])[n, 0] >= vr[n].max() - 1e-12


@pytest.mark.parametrize(
    "args,kwargs,match",
    [
        (("S2->R3", 3), {}, "layer"),
        (("S2->S2", -1), {}, "L"),
        (("S2->S2", 2.5), {}, "L"),
        (("S2->S2", 3), dict(localization="gaussian"), "localization"),
        (("S2->SO3", 3), dict(localization="local", max_beta=0.0), "max_beta"),
        (("S2->SO3", 3), dict(localization="local", n_alpha=0), "n_alpha"),
    ],
)
def test_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        spherical_kernel_basis(*args, **kwargs)
    with pytest.raises(ValueError, match=r"\(\.\.\., 3\)"):
        spherical_kernel_basis("S2->S2", 2).evaluate(np.zeros((2, 2)))

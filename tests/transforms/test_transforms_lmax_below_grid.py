"""Transforms with ``lmax`` below the grid's band limit, on every grid kind and both Legendre
backends, against the direct sum with ``gaugemath.spherical_harmonics`` (independent path).

Regression for ``s2_analysis(f, 6, s2_grid(9, "mw"))``, which failed in the MW re-sampling
(matrices built for the analysis degree instead of the grid's ring count).
"""

import numpy as np
import pytest

from gaugemath import spherical_harmonics
from gaugemath.transforms import s2_analysis, s2_grid, s2_synthesis

GRID_LMAX = 9
KINDS = ["gl", "dh", "mw", "healpix"]


def _grid(kind):
    if kind == "healpix":
        return s2_grid(GRID_LMAX, "healpix", nside=4)  # HEALPix grid for lmax <= 3 nside - 1 = 11
    return s2_grid(GRID_LMAX, kind)


def _harmonics(grid, lmax, spin):
    """(n_points, (lmax+1)²) values of sY_ℓm at the grid's points, in grid.shape order."""
    th, ph = grid.angles()
    return spherical_harmonics(lmax, np.ravel(th), np.ravel(ph), spin=spin)


def _coeffs(rng, lmax, spin):
    n = (lmax + 1) ** 2
    c = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    ell = np.repeat(np.arange(lmax + 1), 2 * np.arange(lmax + 1) + 1)
    c[ell < abs(spin)] = 0.0
    return c


@pytest.mark.parametrize("backend", ["numba", "xp"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("lmax", "spin"), [  # |spin| > lmax is rejected (tested in test_transforms_s2)
    (lmax, spin) for lmax in [0, 1, 3, 6, GRID_LMAX - 1] for spin in [0, 1, -2] if abs(spin) <= lmax])
def test_synthesis_and_analysis_below_grid_lmax(kind, lmax, spin, backend, rng):
    g = _grid(kind)
    c = _coeffs(rng, lmax, spin)
    Y = _harmonics(g, lmax, spin)
    f_direct = (Y @ c).reshape(g.shape)
    f = s2_synthesis(c, lmax, g, spin=spin, backend=backend)
    np.testing.assert_allclose(f, f_direct, rtol=1e-12, atol=1e-12)
    # analysis of the directly summed map: exact on gl/dh/mw, Jacobi-refined on HEALPix
    a = s2_analysis(f_direct, lmax, g, spin=spin, backend=backend, n_iter=30)
    atol = 1e-6 if kind == "healpix" else 1e-12
    np.testing.assert_allclose(a, c, rtol=0, atol=atol)


@pytest.mark.parametrize("backend", ["numba", "xp"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lmax", [0, 2, 6])
def test_real_below_grid_lmax(kind, lmax, backend, rng):
    g = _grid(kind)
    r = rng.standard_normal((2, (lmax + 1) ** 2))
    th, ph = g.angles()
    S = spherical_harmonics(lmax, np.ravel(th), np.ravel(ph), basis="real")
    f_direct = (r @ S.T).reshape((2,) + tuple(g.shape))
    np.testing.assert_allclose(s2_synthesis(r, lmax, g, real=True, backend=backend), f_direct, rtol=1e-12, atol=1e-12)
    a = s2_analysis(f_direct, lmax, g, real=True, backend=backend, n_iter=30)
    np.testing.assert_allclose(a, r, rtol=0, atol=1e-6 if kind == "healpix" else 1e-12)


def test_mw_issue_example():
    """The call from the issue, verbatim shape: lmax 6 on an MW grid built for 9."""
    g = s2_grid(9, "mw")
    c = np.zeros(49, complex)
    c[6 * 6 + 6 + 2] = 1.0  # Y_{6,2}
    th, ph = g.angles()
    f = spherical_harmonics(6, np.ravel(th), np.ravel(ph))[:, 6 * 6 + 6 + 2].reshape(g.shape)
    np.testing.assert_allclose(s2_analysis(f, 6, g), c, rtol=0, atol=1e-13)


@pytest.mark.parametrize("kind", ["gl", "dh", "mw"])
def test_content_above_lmax_is_projected_out(kind, rng):
    """A map with degrees up to the grid's lmax analysed to a smaller lmax gives exactly the
    low-degree coefficients on the exact grids (the quadrature integrates Y_ℓm conj(Y_ℓ'm')
    exactly for ℓ + ℓ' <= 2 grid.lmax... here ℓ' <= 4 < grid.lmax)."""
    g = _grid(kind)
    c = _coeffs(rng, GRID_LMAX, 0)
    f = (_harmonics(g, GRID_LMAX, 0) @ c).reshape(g.shape)
    np.testing.assert_allclose(s2_analysis(f, 4, g), c[:25], rtol=0, atol=1e-12)

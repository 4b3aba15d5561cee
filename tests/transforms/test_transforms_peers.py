"""Convention mappings to ducc0 and healpy (documented in docs/transforms.md)."""

import numpy as np
import pytest

from gaugemath.transforms import s2_analysis, s2_grid, s2_synthesis

ducc0 = pytest.importorskip("ducc0")


def to_healpy_alm(c, lmax):
    """Ours (complex, ℓ²+ℓ+m) -> healpy/ducc0 layout (m >= 0, index m(2lmax+1-m)/2 + ℓ)."""
    out = np.zeros((lmax + 1) * (lmax + 2) // 2, complex)
    for m in range(lmax + 1):
        for ell in range(m, lmax + 1):
            out[m * (2 * lmax + 1 - m) // 2 + ell] = c[ell * ell + ell + m]
    return out


def real_field_coeffs(rng, lmax):
    c = rng.normal(size=(lmax + 1) ** 2) + 1j * rng.normal(size=(lmax + 1) ** 2)
    for ell in range(lmax + 1):
        c[ell * ell + ell] = c[ell * ell + ell].real
        for m in range(1, ell + 1):
            c[ell * ell + ell - m] = (-1) ** m * np.conj(c[ell * ell + ell + m])
    return c


@pytest.mark.peer
@pytest.mark.parametrize("kind,geometry", [("gl", "GL"), ("dh", "DH"), ("mw", "MW")])
def test_ducc0_scalar(kind, geometry, rng):
    """Spin 0: ducc0 alm (healpy layout, m >= 0) = our complex c_ℓm, same maps and grids."""
    lmax = 16
    g = s2_grid(lmax, kind)
    c = real_field_coeffs(rng, lmax)
    alm = to_healpy_alm(c, lmax)[None]
    ref = ducc0.sht.experimental.synthesis_2d(alm=alm, spin=0, lmax=lmax, geometry=geometry, ntheta=g.shape[0], nphi=g.shape[1])[0]
    ours = s2_synthesis(c, lmax, g)
    assert np.abs(ours.imag).max() < 1e-12
    assert np.abs(ours.real - ref).max() < 1e-12
    back = ducc0.sht.experimental.analysis_2d(map=ref[None], spin=0, lmax=lmax, geometry=geometry)[0]
    assert np.abs(to_healpy_alm(s2_analysis(ref, lmax, g), lmax) - back).max() < 1e-12


@pytest.mark.peer
@pytest.mark.parametrize("spin", [1, 2])
def test_ducc0_spin(spin, rng):
    """Spin s: ducc0 synthesises the real pair (Q, U) from (E, B); the complex field
    f = Q + iU then has our spin-s coefficients c_ℓm = -(E_ℓm + i B_ℓm) for m >= 0
    (ducc0/libsharp's gradient/curl convention; docs/transforms.md)."""
    lmax = 12
    g = s2_grid(lmax, "gl")
    nalm = (lmax + 1) * (lmax + 2) // 2
    E = rng.normal(size=nalm) + 1j * rng.normal(size=nalm)
    B = rng.normal(size=nalm) + 1j * rng.normal(size=nalm)
    E[: lmax + 1] = E[: lmax + 1].real
    B[: lmax + 1] = B[: lmax + 1].real
    ell_of = np.concatenate([np.arange(m, lmax + 1) for m in range(lmax + 1)])
    E[ell_of < spin] = 0
    B[ell_of < spin] = 0
    QU = ducc0.sht.experimental.synthesis_2d(alm=np.stack([E, B]), spin=spin, lmax=lmax, geometry="GL", ntheta=g.shape[0], nphi=g.shape[1])
    f = QU[0] + 1j * QU[1]
    c = s2_analysis(f, lmax, g, spin=spin)
    # mapping (docs/transforms.md): c_{ℓ,m} = -(E_ℓm + i B_ℓm) for m >= 0
    expect = -(E + 1j * B)
    got = to_healpy_alm(c, lmax)
    assert np.abs(got - expect).max() < 1e-12
    assert np.abs(s2_synthesis(c, lmax, g, spin=spin) - f).max() < 1e-12


@pytest.mark.peer
def test_healpy_synthesis_and_analysis(rng):
    hp = pytest.importorskip("healpy")
    nside = 8
    lmax = 2 * nside
    g = s2_grid(lmax, "healpix", nside=nside)
    c = real_field_coeffs(rng, lmax)
    alm = to_healpy_alm(c, lmax)
    ref = hp.alm2map(alm, nside, lmax=lmax)
    ours = s2_synthesis(c, lmax, g)
    assert np.abs(ours.real - ref).max() < 1e-12
    # analysis: both are Jacobi-refined quadratures; ours with n_iter=3 equals healpy iter=3
    a_hp = hp.map2alm(ref, lmax=lmax, iter=3, use_weights=False)
    a_us = to_healpy_alm(s2_analysis(ref, lmax, g, n_iter=3), lmax)
    assert np.abs(a_us - a_hp).max() < 1e-10
    # and refinement converges towards the true coefficients
    errs = [np.abs(s2_analysis(ref, lmax, g, n_iter=k) - c).max() for k in (0, 3, 10)]
    assert errs[2] < errs[1] < errs[0] and errs[2] < 1e-6
    # nested ordering gives the same coefficients
    gn = s2_grid(lmax, "healpix", nside=nside, order="nested")
    nested_map = hp.reorder(ref, r2n=True)
    assert np.allclose(s2_synthesis(c, lmax, gn).real, nested_map, atol=1e-12)
    assert np.allclose(s2_analysis(nested_map, lmax, gn), s2_analysis(ref, lmax, g), atol=1e-12)

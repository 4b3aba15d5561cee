"""Convention mappings to ducc0 and healpy (documented in docs/transforms.md)."""

import numpy as np
import pytest

from gaugemath.transforms import s2_analysis, s2_grid, s2_synthesis



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
    ducc0 = pytest.importorskip("ducc0")
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
    ducc0 = pytest.importorskip("ducc0")
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
    assert np.allclose(s2_synthesis(c, lmax, gn).real, nested_map, rtol=0, atol=1e-12)
    assert np.allclose(s2_analysis(nested_map, lmax, gn), s2_analysis(ref, lmax, g), rtol=0, atol=1e-12)


@pytest.mark.peer
@pytest.mark.parametrize("spin", [0, 1, 2, -1])
def test_s2fft_mw(spin, rng):
    """s2fft (McEwen & Wiaux sampling, its flm[ℓ, L-1+m] array, L = lmax+1): identical
    spin-weighted harmonics, identical MW grid -> the same maps and coefficients, no
    sign or index change (docs/transforms.md)."""
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    s2fft = pytest.importorskip("s2fft")
    lmax = 10
    L = lmax + 1
    c = rng.normal(size=L * L) + 1j * rng.normal(size=L * L)
    c[: spin * spin] = 0  # ℓ < |s| carries nothing
    flm = np.zeros((L, 2 * L - 1), complex)
    for ell in range(L):
        flm[ell, L - 1 - ell : L + ell] = c[ell * ell : (ell + 1) ** 2]
    g = s2_grid(lmax, "mw")
    ref = np.asarray(s2fft.inverse(flm, L, spin=spin, sampling="mw", method="numpy"))
    assert ref.shape == g.shape
    assert np.abs(s2_synthesis(c, lmax, g, spin=spin) - ref).max() < 1e-12
    back = np.asarray(s2fft.forward(ref, L, spin=spin, sampling="mw", method="numpy"))
    ours = s2_analysis(ref, lmax, g, spin=spin)
    assert np.abs(ours - np.concatenate([back[ell, L - 1 - ell : L + ell] for ell in range(L)])).max() < 1e-11


@pytest.mark.peer
def test_s2fft_wigner_transform(rng):
    """s2fft's SO(3) transform: f(α,β,γ) = Σ (2ℓ+1)/(8π²) f_ℓmn conj(D^ℓ_mn(α,β,γ)), maps of
    shape (n_γ, n_β, n_α).  Since conj(D^ℓ_mn) = (-1)^(m-n) D^ℓ_{-m,-n}, our coefficients are
    F̂^ℓ_{-m,-n} = (2ℓ+1)/(8π²) (-1)^(m-n) f_ℓmn (docs/transforms.md).  Checked pointwise on
    s2fft's MW grid with the core's D, and through our transform pair on our grid."""
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    pytest.importorskip("s2fft")
    from s2fft.sampling import s2_samples
    from s2fft.transforms import wigner

    from gaugemath import so3, wigner_D_all
    from gaugemath.transforms import n_so3_coefficients, so3_analysis, so3_grid, so3_synthesis
    from gaugemath.wigner import packed_index

    lmax = 4
    L = N = lmax + 1  # s2fft's recursive SO(3) transform refuses N >= 8
    flmn = np.zeros((2 * N - 1, L, 2 * L - 1), complex)
    fhat = np.zeros(n_so3_coefficients(lmax), complex)
    for ell in range(L):
        for m in range(-ell, ell + 1):
            for n in range(-ell, ell + 1):
                v = rng.normal() + 1j * rng.normal()
                flmn[N - 1 + n, ell, L - 1 + m] = v
                fhat[packed_index(ell, -m, -n)] = (2 * ell + 1) / (8 * np.pi**2) * (-1) ** (m - n) * v
    f = np.asarray(wigner.inverse(flmn, L, N, sampling="mw", method="numpy"))
    gamma = 2 * np.pi * np.arange(2 * N - 1) / (2 * N - 1)
    G, B, A = np.meshgrid(gamma, s2_samples.thetas(L, "mw"), s2_samples.phis_equiang(L, "mw"), indexing="ij")
    Ds = wigner_D_all(lmax, so3.from_euler(A.ravel(), B.ravel(), G.ravel()))
    ours = sum(
        Ds[ell].reshape(A.size, -1) @ fhat[packed_index(ell, -ell, -ell) : packed_index(ell, ell, ell) + 1]
        for ell in range(L)
    )
    assert np.abs(ours.reshape(f.shape) - f).max() < 1e-12
    back = np.asarray(wigner.forward(f, L, N, sampling="mw", method="numpy"))
    assert np.abs(back - flmn).max() < 1e-10
    g = so3_grid(lmax)
    assert np.abs(so3_analysis(so3_synthesis(fhat, lmax, g), lmax, g) - fhat).max() < 1e-12

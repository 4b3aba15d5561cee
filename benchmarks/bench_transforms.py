"""Issue 'Harmonic transforms' benchmark: S² transforms beside ducc0, healpy and
torch-harmonics; the SO(3) transform beside the peers that run here.

    python benchmarks/bench_transforms.py            # L in {128, 512, 1024}; SO(3) L in {16, 32, 64}
    python benchmarks/bench_transforms.py --quick    # L = 128 and SO(3) L = 16 only

Case "fwd+inv" = synthesis then analysis of one real band-limited field on the same
Gauss–Legendre grid (lmax+1 rings x 2 lmax+2 azimuths) for every peer; healpy on a
HEALPix map with nside = (lmax+1)/2 (iter=0, its own grid: speed only).  Ratio = peer time /
gaugemath time (> 1: gaugemath faster).  Round-trip errors are printed under the tables.

torch-harmonics is timed up to L = 512 only: it precomputes (L+1)³ Legendre tables
(about 17 GB for forward+inverse at L = 1024, more than this machine has).

Not measured: s2fft (not installed); lie_learn's SO3FFT_Naive (its compiled extension
fails to import under NumPy 2 in this environment) — the SO(3) row therefore compares with
a dense Wigner-matrix baseline built from gaugemath.wigner_D_all (matrix–vector products).
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402

TORCH_HARMONICS_MAX_L = 512


def _hp_alm(c, lmax):
    ell = np.concatenate([np.arange(m, lmax + 1) for m in range(lmax + 1)])
    m = np.concatenate([np.full(lmax + 1 - m, m) for m in range(lmax + 1)])
    return c[ell * ell + ell + m]


def s2_cases(lmaxes, threads):
    rng = np.random.default_rng(0)
    cases, errors = [], []
    for lmax in lmaxes:
        c_, e_ = _s2_case(lmax, threads, rng)
        cases += c_
        errors.append(e_)
    return cases, errors


def _s2_case(lmax, threads, rng):
    """The S2 cases of one degree (a function, so that the closures bind this degree)."""
    import ducc0
    import healpy as hp
    import torch
    import torch_harmonics as th

    from gaugemath.transforms import real_to_complex_coefficients, s2_analysis, s2_grid, s2_synthesis

    cases = []
    g = s2_grid(lmax, "gl")
    r = rng.normal(size=(lmax + 1) ** 2)
    alm = _hp_alm(real_to_complex_coefficients(r, lmax), lmax)[None]
    nt, nphi = g.shape

    def ours():
        return s2_analysis(s2_synthesis(r, lmax, g, real=True), lmax, g, real=True)

    def ducc():
        m = ducc0.sht.experimental.synthesis_2d(alm=alm, spin=0, lmax=lmax, geometry="GL", ntheta=nt, nphi=nphi, nthreads=threads)
        return ducc0.sht.experimental.analysis_2d(map=m, spin=0, lmax=lmax, geometry="GL", nthreads=threads)

    peers = {"ducc0": ducc}
    if lmax <= TORCH_HARMONICS_MAX_L:  # it precomputes (L+1)^3 Legendre tables (17 GB at L=1024)
        sht = th.RealSHT(nt, nphi, lmax=lmax + 1, mmax=lmax + 1, grid="legendre-gauss").double()
        isht = th.InverseRealSHT(nt, nphi, lmax=lmax + 1, mmax=lmax + 1, grid="legendre-gauss").double()
        coeff_t = sht(torch.from_numpy(s2_synthesis(r, lmax, g, real=True)))

        def torch_h():
            with torch.no_grad():
                return sht(isht(coeff_t))

        peers["torch-harmonics"] = torch_h

    nside = max(1, (lmax + 1) // 2)
    nside = 1 << (nside.bit_length() - 1)
    lhp = min(lmax, 3 * nside - 1)
    alm_h = _hp_alm(real_to_complex_coefficients(rng.normal(size=(lhp + 1) ** 2), lhp), lhp)
    gh = s2_grid(lhp, "healpix", nside=nside)

    def healpy_():
        return hp.map2alm(hp.alm2map(alm_h, nside, lmax=lhp), lmax=lhp, iter=0)

    cases.append(Case(f"S2 GL fwd+inv L={lmax}", ours, peers, "<= 3x ducc0; faster than torch-harmonics"))
    rh = rng.normal(size=(lhp + 1) ** 2)

    def ours_hp():
        return s2_analysis(s2_synthesis(rh, lhp, gh, real=True), lhp, gh, real=True, n_iter=0)

    cases.append(Case(f"S2 HEALPix nside={nside} lmax={lhp} fwd+inv (iter=0)", ours_hp, {"healpy": healpy_}, "speed only"))
    return cases, (lmax, float(np.abs(ours() - r).max()), float(np.abs(ducc()[0] - alm[0]).max()))


def so3_cases(lmaxes):
    from gaugemath import so3, wigner_D_all
    from gaugemath.transforms import n_so3_coefficients, so3_analysis, so3_grid, so3_synthesis

    rng = np.random.default_rng(1)
    cases = []
    for lmax in lmaxes:
        g = so3_grid(lmax)
        n = n_so3_coefficients(lmax)
        c = rng.normal(size=n) + 1j * rng.normal(size=n)

        def ours():
            return so3_analysis(so3_synthesis(c, lmax, g), lmax, g)

        peers = {}
        if lmax <= 16:  # dense matrix: (n_grid x n) complex; too large beyond
            a, b, gm = g.euler()
            R = so3.from_euler(a.ravel(), b.ravel(), gm.ravel())
            Dm = np.concatenate([D.reshape(a.size, -1) for D in wigner_D_all(lmax, R)], axis=1)
            scale = np.concatenate([np.full((2 * l + 1) ** 2, (2 * l + 1) / (8 * np.pi**2)) for l in range(lmax + 1)])
            w = g.weights.ravel()

            def dense():
                F = Dm @ c
                return scale * (Dm.conj().T @ (w * F))

            peers["dense Wigner-D matrices"] = dense
        cases.append(Case(f"SO(3) fwd+inv L={lmax}", ours, peers, "faster than every peer measured"))
    return cases


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--lmax", type=int, nargs="*", default=None, help="override the S2 degrees")
    parser.add_argument("--no-so3", action="store_true")
    args = parser.parse_args(argv)
    import numba

    lmaxes = args.lmax or ([128] if args.quick else [128, 512, 1024])
    so3_l = [16] if args.quick else [16, 32, 64]
    default_threads = numba.config.NUMBA_NUM_THREADS
    for label, threads in (("single thread", 1), (f"default threads ({default_threads})", default_threads)):
        set_threads(threads)
        print(f"\n## {label}\n")
        cases, errors = s2_cases(lmaxes, threads)
        print(format_rows(run_cases(cases, repeat=3)))
        print()
        if not args.no_so3:
            print(format_rows(run_cases(so3_cases(so3_l), repeat=3)))
            print()
        for lmax, ours_err, ducc_err in errors:
            print(f"round-trip max error L={lmax}: gaugemath {ours_err:.2e}, ducc0 {ducc_err:.2e}")
    print("\nnot measured: s2fft (not installed); lie_learn SO3FFT_Naive (import fails under NumPy 2)")


if __name__ == "__main__":
    main()

"""Issue 'Harmonic transforms' benchmark: S² transforms beside ducc0, healpy,
torch-harmonics and s2fft; the SO(3) transform beside s2fft and a dense baseline.

    python benchmarks/bench_transforms.py            # L in {128, 512, 1024}; SO(3) L in {16, 32, 64}
    python benchmarks/bench_transforms.py --quick    # L = 128 and SO(3) L = 16 only
    python benchmarks/bench_transforms.py --lmax 255 512 1024 --threads 1 --peers ducc0 healpy --no-so3
        # the speed goals of docs/transforms.md in a few minutes: GL L = 255/512/1024 and
        # HEALPix nside = 128/256/512, single thread, ducc0 and healpy only

Case "fwd+inv" = synthesis then analysis of one real band-limited field on the same
Gauss–Legendre grid (lmax+1 rings x 2 lmax+2 azimuths) for every peer; healpy on a
HEALPix map with nside = (lmax+1)/2 (iter=0, its own grid: speed only).  Ratio = peer time /
gaugemath time (> 1: gaugemath faster).  Round-trip errors are printed under the tables.

torch-harmonics is timed up to L = 512 only: it precomputes (L+1)³ Legendre tables
(about 17 GB for forward+inverse at L = 1024, more than this machine has).

s2fft (JAX, float64 via ``jax_enable_x64``) runs on its own Gauss–Legendre grid (L rings x
2L-1 azimuths, L = lmax+1) with ``method="jax"`` and ``reality=True``: its on-the-fly recursive
transform, JIT-compiled in the warm-up call.  JAX picks its own CPU threads at import, so its
rows are the same in both thread settings.  For SO(3) s2fft refuses its recursive transform
beyond N ~ 8 ("lower precision"), so it is timed with its precomputed Wigner kernels
(``s2fft.precompute_transforms``, O(N L³) memory; the kernel construction is not timed —
a flattering choice for s2fft).

Not measured: lie_learn's SO3FFT_Naive (its compiled extension fails to import under NumPy 2
in this environment); instead the SO(3) rows add a dense Wigner-matrix baseline built from
gaugemath.wigner_D_all (matrix–vector products) up to L = 16.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402

TORCH_HARMONICS_MAX_L = 512
_PEERS = None  # None: every peer; else the names given with --peers


def _want(peer: str) -> bool:
    return _PEERS is None or peer in _PEERS


def _s2fft():
    """s2fft with 64-bit floats, or None where it is not installed."""
    try:
        import jax

        jax.config.update("jax_enable_x64", True)
        import s2fft
    except Exception:  # optional peer
        return None
    return s2fft


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
    if lmax <= TORCH_HARMONICS_MAX_L and _want("torch-harmonics"):  # it precomputes (L+1)^3 Legendre tables (17 GB at L=1024)
        import torch
        import torch_harmonics as th

        sht = th.RealSHT(nt, nphi, lmax=lmax + 1, mmax=lmax + 1, grid="legendre-gauss").double()
        isht = th.InverseRealSHT(nt, nphi, lmax=lmax + 1, mmax=lmax + 1, grid="legendre-gauss").double()
        coeff_t = sht(torch.from_numpy(s2_synthesis(r, lmax, g, real=True)))

        def torch_h():
            with torch.no_grad():
                return sht(isht(coeff_t))

        peers["torch-harmonics"] = torch_h

    s2fft = _s2fft() if _want("s2fft") else None
    if s2fft is not None:
        L = lmax + 1
        f_s2fft = np.asarray(s2fft.inverse(_s2fft_flm(r, lmax), L, sampling="gl", method="jax", reality=True))

        def s2fft_():
            m = s2fft.inverse(s2fft.forward(f_s2fft, L, sampling="gl", method="jax", reality=True), L, sampling="gl", method="jax", reality=True)
            return np.asarray(m)

        peers["s2fft (jax)"] = s2fft_

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

    hp_peers = {"healpy": healpy_} if _want("healpy") else {}
    cases.append(Case(f"S2 HEALPix nside={nside} lmax={lhp} fwd+inv (iter=0)", ours_hp, hp_peers, ">= 0.5x healpy"))
    return cases, (lmax, float(np.abs(ours() - r).max()), float(np.abs(ducc()[0] - alm[0]).max()))


def _s2fft_flm(r, lmax):
    """Real-basis coefficients (index l^2+l+m) -> s2fft's complex flm array, shape (L, 2L-1)."""
    from gaugemath.transforms import real_to_complex_coefficients

    c = real_to_complex_coefficients(r, lmax)
    out = np.zeros((lmax + 1, 2 * lmax + 1), dtype=complex)
    for ell in range(lmax + 1):
        out[ell, lmax - ell : lmax + ell + 1] = c[ell * ell : (ell + 1) ** 2]
    return out


def so3_cases(lmaxes):
    rng = np.random.default_rng(1)
    return [_so3_case(lmax, rng) for lmax in lmaxes]


def _so3_case(lmax, rng):
    """The SO(3) case of one degree (a function, so that the closures bind this degree)."""
    from gaugemath import so3, wigner_D_all
    from gaugemath.transforms import n_so3_coefficients, so3_analysis, so3_grid, so3_synthesis

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
    s2fft = _s2fft()
    if s2fft is not None:
        peers.update(_s2fft_so3(s2fft, lmax, rng))
    return Case(f"SO(3) fwd+inv L={lmax}", ours, peers, "faster than every peer measured")


def _s2fft_so3(s2fft, lmax, rng):
    """s2fft's precomputed-kernel Wigner transform (forward after inverse) at L = N = lmax+1."""
    from s2fft.precompute_transforms import construct
    from s2fft.precompute_transforms import wigner as pw

    L = N = lmax + 1
    flmn = np.zeros((2 * N - 1, L, 2 * L - 1), dtype=complex)
    for n in range(-N + 1, N):
        for ell in range(abs(n), L):
            flmn[N - 1 + n, ell, L - 1 - ell : L + ell] = rng.normal(size=2 * ell + 1) + 1j * rng.normal(size=2 * ell + 1)
    kinv = construct.wigner_kernel_jax(L, N, sampling="mw", forward=False)
    kfwd = construct.wigner_kernel_jax(L, N, sampling="mw", forward=True)

    def run():
        f = pw.inverse(flmn, L, N, kernel=kinv, sampling="mw", method="jax")
        return np.asarray(pw.forward(f, L, N, kernel=kfwd, sampling="mw", method="jax"))

    err = float(np.abs(run() - flmn).max())
    print(f"s2fft SO(3) precompute round trip L={L}: max error {err:.2e}")
    return {"s2fft (jax, precomputed kernels)": run}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--lmax", type=int, nargs="*", default=None, help="override the S2 degrees")
    parser.add_argument("--no-so3", action="store_true")
    parser.add_argument("--threads", type=int, nargs="*", default=None,
                        help="thread settings to run (default: 1 and Numba's default)")
    parser.add_argument("--peers", nargs="*", default=None,
                        help="S2 peers to time (ducc0 is always timed): torch-harmonics s2fft healpy")
    args = parser.parse_args(argv)
    import numba

    global _PEERS
    _PEERS = None if args.peers is None else set(args.peers) | {"ducc0"}

    lmaxes = args.lmax or ([128] if args.quick else [128, 512, 1024])
    so3_l = [16] if args.quick else [16, 32, 64]
    default_threads = numba.config.NUMBA_NUM_THREADS
    settings = [("single thread", 1), (f"default threads ({default_threads})", default_threads)]
    if args.threads:
        settings = [("single thread" if t == 1 else f"{t} threads", t) for t in args.threads]
    for label, threads in settings:
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
    print("\nnot measured: lie_learn SO3FFT_Naive (import fails under NumPy 2)")


if __name__ == "__main__":
    main()

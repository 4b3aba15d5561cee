"""The array-namespace Legendre step (``backend="xp"``, gaugemath.transforms._legendre_xp), timed beside peers.

    python benchmarks/bench_transforms_xp.py            # CPU: L in {128, 512, 1024}; SO(3) L in {16, 32}
    python benchmarks/bench_transforms_xp.py --quick    # L = 128, SO(3) L = 16

Rows (ratio = peer time / time of the _xp path; > 1 means the _xp path is faster):

* CPU: the public API with ``backend="xp"`` on NumPy input beside the Numba path of the
  same package (``backend="numba"``, the default for NumPy input) and torch-harmonics on
  the CPU (L <= 512: it precomputes (L+1)³ Legendre tables; skipped when torch is not
  installed).  Goal: the xp path within 3x of the Numba path (ratio >= 0.33).
* GPU, only when ``cupy_available()``: the xp path with ``xp = cupy`` (the public API with CuPy
  input) beside torch-harmonics on the same device (float64, tables built once, not timed),
  both synchronised after each call.  Skipped cleanly (a line says so) without CuPy/CUDA.

Workload "fwd+inv" = synthesis then analysis of one real spin-0 band-limited field on the
Gauss–Legendre grid (lmax+1 rings x 2 lmax+2 azimuths), as in bench_transforms.py; "spin 2"
= the same for a complex spin-2 field (complex coefficients); SO(3) = synthesis + analysis
of all (2ℓ+1)² coefficients on the GL Euler grid.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402

TORCH_HARMONICS_CPU_MAX_L = 512


def _torch_harmonics_pair(nt, nphi, lmax, device):
    import torch_harmonics as th

    sht = th.RealSHT(nt, nphi, lmax=lmax + 1, mmax=lmax + 1, grid="legendre-gauss").double().to(device)
    isht = th.InverseRealSHT(nt, nphi, lmax=lmax + 1, mmax=lmax + 1, grid="legendre-gauss").double().to(device)
    return sht, isht


def _torch():
    try:
        import torch
        import torch_harmonics  # noqa: F401
    except Exception:  # optional peer
        return None
    return torch


def cpu_cases(lmaxes, rng):
    from gaugemath.transforms import s2_analysis, s2_grid, s2_synthesis

    torch = _torch()

    cases, errors = [], []
    for lmax in lmaxes:
        g = s2_grid(lmax, "gl")
        r = rng.normal(size=(lmax + 1) ** 2)

        def ours(r=r, lmax=lmax, g=g):
            return s2_analysis(s2_synthesis(r, lmax, g, real=True, backend="xp"), lmax, g, real=True, backend="xp")

        def numba_path(r=r, lmax=lmax, g=g):
            return s2_analysis(s2_synthesis(r, lmax, g, real=True), lmax, g, real=True)

        peers = {"gaugemath Numba path": numba_path}
        if lmax <= TORCH_HARMONICS_CPU_MAX_L and torch is not None:
            sht, isht = _torch_harmonics_pair(*g.shape, lmax, "cpu")
            coeff_t = sht(torch.from_numpy(s2_synthesis(r, lmax, g, real=True)))

            def torch_h(sht=sht, isht=isht, coeff_t=coeff_t):
                with torch.no_grad():
                    return sht(isht(coeff_t))

            peers["torch-harmonics (CPU)"] = torch_h
        cases.append(Case(f"CPU S2 GL fwd+inv real L={lmax} (xp, numpy)", ours, peers, ">= 0.33x Numba path"))
        errors.append((lmax, float(np.abs(ours() - r).max())))

    lmax = lmaxes[0]
    g = s2_grid(lmax, "gl")
    c = rng.normal(size=(lmax + 1) ** 2) + 1j * rng.normal(size=(lmax + 1) ** 2)
    c[:4] = 0.0  # ℓ < 2

    def ours_spin():
        return s2_analysis(s2_synthesis(c, lmax, g, spin=2, backend="xp"), lmax, g, spin=2, backend="xp")

    def numba_spin():
        return s2_analysis(s2_synthesis(c, lmax, g, spin=2), lmax, g, spin=2)

    cases.append(Case(f"CPU S2 GL fwd+inv spin 2 L={lmax} (xp, numpy)", ours_spin,
                      {"gaugemath Numba path": numba_spin}, ">= 0.33x Numba path"))
    return cases, errors


def so3_cases(lmaxes, rng):
    from gaugemath.transforms import n_so3_coefficients, so3_analysis, so3_grid, so3_synthesis

    cases = []
    for lmax in lmaxes:
        g = so3_grid(lmax, "gl")
        n = n_so3_coefficients(lmax)
        c = rng.normal(size=n) + 1j * rng.normal(size=n)

        def ours(c=c, lmax=lmax, g=g):
            return so3_analysis(so3_synthesis(c, lmax, g, backend="xp"), lmax, g, backend="xp")

        def numba_path(c=c, lmax=lmax, g=g):
            return so3_analysis(so3_synthesis(c, lmax, g), lmax, g)

        cases.append(Case(f"CPU SO(3) GL fwd+inv L={lmax} (xp, numpy)", ours,
                          {"gaugemath Numba path": numba_path}, ">= 0.33x Numba path"))
    return cases


def gpu_cases(lmaxes, rng):
    import cupy
    import torch

    from gaugemath.transforms import s2_analysis, s2_grid, s2_synthesis

    cases, errors = [], []
    for lmax in lmaxes:
        g = s2_grid(lmax, "gl")
        r_host = rng.normal(size=(lmax + 1) ** 2)
        r = cupy.asarray(r_host)

        def ours(r=r, lmax=lmax, g=g):
            out = s2_analysis(s2_synthesis(r, lmax, g, real=True), lmax, g, real=True)
            cupy.cuda.get_current_stream().synchronize()
            return out

        def numba_cpu(r_host=r_host, lmax=lmax, g=g):
            return s2_analysis(s2_synthesis(r_host, lmax, g, real=True), lmax, g, real=True)

        peers = {"gaugemath Numba path (CPU)": numba_cpu}
        try:
            sht, isht = _torch_harmonics_pair(*g.shape, lmax, "cuda")
            f0 = torch.from_numpy(s2_synthesis(r_host, lmax, g, real=True)).cuda()
            coeff_t = sht(f0)

            def torch_h(sht=sht, isht=isht, coeff_t=coeff_t):
                with torch.no_grad():
                    out = sht(isht(coeff_t))
                torch.cuda.synchronize()
                return out

            peers["torch-harmonics (same GPU)"] = torch_h
        except Exception as exc:  # e.g. out of memory for its (L+1)^3 tables
            print(f"torch-harmonics GPU L={lmax} not run: {type(exc).__name__}: {exc}")
        cases.append(Case(f"GPU S2 GL fwd+inv real L={lmax} (xp, cupy)", ours, peers, "faster than torch-harmonics"))
        errors.append((lmax, float(np.abs(cupy.asnumpy(ours()) - r_host).max())))
    return cases, errors


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--lmax", type=int, nargs="*", default=None, help="override the S2 degrees")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads (Numba, BLAS, torch); default 1")
    parser.add_argument("--so3", type=int, nargs="*", default=None, help="override the SO(3) degrees")
    parser.add_argument("--gpu-only", action="store_true", help="skip the CPU rows (device runs)")
    args = parser.parse_args(argv)
    from gaugemath.transforms import cupy_available

    set_threads(args.threads)
    rng = np.random.default_rng(0)
    lmaxes = args.lmax or ([128] if args.quick else [128, 512, 1024])
    so3_l = args.so3 if args.so3 is not None else ([16] if args.quick else [16, 32])
    if not args.gpu_only:
        print(f"\n## CPU ({args.threads} thread(s)): the xp path (backend='xp') with NumPy\n")
        cases, errors = cpu_cases(lmaxes, rng)
        print(format_rows(run_cases(cases + so3_cases(so3_l, rng), repeat=3)))
        for lmax, err in errors:
            print(f"round-trip max error L={lmax} (xp, numpy): {err:.2e}")
    print("\n## GPU: the xp path with CuPy\n")
    if not cupy_available():
        print("skipped: CuPy or a CUDA device is not available")
        return
    cases, errors = gpu_cases(lmaxes, rng)
    print(format_rows(run_cases(cases, repeat=5)))
    for lmax, err in errors:
        print(f"round-trip max error L={lmax} (xp, cupy): {err:.2e}")


if __name__ == "__main__":
    main()

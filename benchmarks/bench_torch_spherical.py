"""Forward + backward of an S² → SO(3) layer: gaugemath.torch vs the same layer built on torch-harmonics.

Workload (issue 14, speed 1): batch 8, 8 → 16 channels, band-limit L = lmax (32 and 64 by
default), Gauss–Legendre S² grid (L+1 rings × 2L+2 azimuths) → Gauss–Legendre SO(3) grid
(2L+2 × (L+1) × 2L+2), harmonic filters; loss = Σ y², backward to the input and the weights.

* **gaugemath**: :class:`gaugemath.torch.S2ToSO3Conv` (``kernel="harmonic"``): our S²
  analysis (Numba) → per-degree correlation (torch) → our SO(3) synthesis, backward through
  the adjoint transforms; timed with ``so3_method="kernels"`` (gaugemath's Numba SO(3)
  transform) and ``"tables"`` (dense torch on Wigner-d tables).
* **peer (torch-harmonics + torch)**: ``torch_harmonics.RealSHT`` on the same grid (its
  coefficients equal ours for m ≥ 0: orthonormal, Condon–Shortley, checked below), the same
  per-degree correlation, and an SO(3) synthesis written in torch as S2CNN does it:
  precomputed Wigner-d tables d^ℓ_{m'm}(β_j) (built once, not timed), one einsum over ℓ, a 2-D
  FFT over (m', m) → (α, γ); backward by torch autograd.

Both outputs are compared (max abs difference printed) before timing.  Ratio = peer time /
gaugemath time (> 1: gaugemath faster), best of ``--repeat`` runs after a warm-up, in one run.

    python benchmarks/bench_torch_spherical.py                 # CPU, single thread
    python benchmarks/bench_torch_spherical.py --device cuda   # GPU (needs CUDA + CuPy)
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np


def _peer_layer(lmax, grid_s2, grid_so3, psi, device, dtype):
    import torch
    import torch_harmonics as th

    from gaugemath.wigner import wigner_d_all

    nt, nphi = grid_s2.shape
    sht = th.RealSHT(nt, nphi, lmax=lmax + 1, mmax=lmax + 1, grid="legendre-gauss").to(device=device, dtype=dtype)
    L = lmax
    na, nb, ng = grid_so3.shape
    d = wigner_d_all(L, grid_so3.beta)  # list over ℓ of (nβ, 2ℓ+1, 2ℓ+1)
    tab = np.zeros((L + 1, 2 * L + 1, 2 * L + 1, nb))
    for l, dl in enumerate(d):
        tab[l, L - l:L + l + 1, L - l:L + l + 1, :] = np.moveaxis(np.asarray(dl).reshape(nb, 2 * l + 1, 2 * l + 1), 0, -1)
    tab = torch.tensor(tab, device=device, dtype=dtype)
    ms = np.arange(-L, L + 1)
    ia = torch.as_tensor(ms % na, device=device)
    ig = torch.as_tensor(ms % ng, device=device)
    sgn = torch.tensor((-1.0) ** np.abs(ms), device=device, dtype=dtype)

    def layer(x, psi):
        a = sht(x)  # (..., C, L+1, L+1): c_{ℓm}, m >= 0
        neg = a[..., 1:].flip(-1).conj() * sgn[:L]  # m = -L..-1: (-1)^m conj c_{ℓ,|m|}
        full = torch.cat([neg, a], -1)  # (..., C, ℓ, m = -L..L)
        rows = []
        for l in range(L + 1):
            fl = full[..., l, L - l:L + l + 1]
            sg = sgn[L - l:L + l + 1]
            A = fl.flip(-1) * sg
            B = psi[..., l * l:(l + 1) ** 2].flip(-1).conj() * sg
            g = torch.einsum("...ci,ocj->...oij", A, B)
            rows.append(torch.nn.functional.pad(g, (L - l, L - l, L - l, L - l)))
        Fpad = torch.stack(rows, -3)  # (..., O, ℓ, m', m)
        G = torch.einsum("...lpq,lpqj->...jpq", Fpad, tab.to(Fpad.dtype))
        H = torch.zeros(G.shape[:-2] + (na, ng), dtype=G.dtype, device=device)
        H[..., ia[:, None], ig[None, :]] = G
        F = torch.fft.fft2(H, dim=(-2, -1))  # Σ e^{-i(m'α + mγ)}
        return F.movedim(-3, -2).real  # (..., α, β, γ)

    return layer


def run(lmax, device, batch, cin, cout, repeat, dtype_name, have_peer=True):
    import torch

    from gaugemath.torch import S2ToSO3Conv

    dtype = getattr(torch, dtype_name)
    torch.manual_seed(0)
    ours = S2ToSO3Conv(cin, cout, lmax, "gl", "gl", kernel="harmonic", so3_method="kernels").to(device=device, dtype=dtype)
    ours_t = S2ToSO3Conv(cin, cout, lmax, "gl", "gl", kernel="harmonic", so3_method="tables").to(device=device, dtype=dtype)
    with torch.no_grad():
        ours_t.weight.copy_(ours.weight)
    x = torch.randn((batch, cin) + ours.in_grid.shape, device=device, dtype=dtype, requires_grad=True)
    peer = _peer_layer(lmax, ours.in_grid, ours.out_grid, None, device, dtype) if have_peer else None
    w = ours.weight

    def step_ours():
        y = ours(x)
        y.square().sum().backward()
        return y

    def step_tables():
        y = ours_t(x)
        y.square().sum().backward()
        return y

    def step_peer():
        from gaugemath.torch import real_to_complex

        psi = real_to_complex(w, lmax)
        y = peer(x, psi)
        y.square().sum().backward()
        return y

    with torch.no_grad():
        from gaugemath.torch import real_to_complex

        y0 = ours(x)
        diff = (y0 - peer(x, real_to_complex(w, lmax))).abs().max().item() if peer else 0.0
        diff_t = (y0 - ours_t(x)).abs().max().item()

    def best(fn):
        fn()
        b = float("inf")
        for _ in range(repeat):
            x.grad = None
            w.grad = None
            if device == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            fn()
            if device == "cuda":
                torch.cuda.synchronize()
            b = min(b, time.perf_counter() - t0)
        return b

    t_o = best(step_ours)
    t_t = best(step_tables)
    t_p = best(step_peer) if peer else None
    return t_o, t_t, t_p, max(diff, diff_t)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--lmax", type=int, nargs="*", default=[32, 64])
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--cin", type=int, default=8)
    parser.add_argument("--cout", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="torch and Numba threads on the CPU (default 1)")
    parser.add_argument("--dtype", default="float64", choices=["float32", "float64"])
    args = parser.parse_args(argv)
    if args.device == "cpu":
        os.environ.setdefault("NUMBA_NUM_THREADS", str(args.threads))
    try:
        import torch
    except ImportError as exc:
        print(f"skipped: {exc} (pip install 'gaugemath[torch]')")
        return 0
    import importlib.util

    have_peer = importlib.util.find_spec("torch_harmonics") is not None
    if not have_peer:
        print("torch-harmonics is not installed (pip install 'gaugemath[bench]'): timing gaugemath only\n")
    if args.device == "cuda":
        from gaugemath.transforms import cupy_available

        if not torch.cuda.is_available() or not cupy_available():
            print("skipped: --device cuda needs a CUDA device and CuPy (pip install 'gaugemath[gpu]')")
            return 0
    else:
        torch.set_num_threads(args.threads)
        import numba

        numba.set_num_threads(min(args.threads, numba.config.NUMBA_NUM_THREADS))
    print(f"# S2 -> SO(3) layer, forward + backward, device {args.device}, {args.dtype}, batch {args.batch}, "
          f"{args.cin} -> {args.cout} channels, threads {args.threads if args.device == 'cpu' else '-'}\n")
    print("| L (lmax) | gaugemath (so3_method='kernels') | gaugemath ('tables') | torch-harmonics + torch SO(3) "
          "| ratio peer/kernels | ratio peer/tables | max |Δ output| |")
    print("|---|---|---|---|---|---|---|")
    for lmax in args.lmax:
        t_o, t_t, t_p, diff = run(lmax, args.device, args.batch, args.cin, args.cout, args.repeat, args.dtype, have_peer)
        if t_p is None:
            print(f"| {lmax} | {t_o * 1e3:.1f} ms | {t_t * 1e3:.1f} ms | – | – | – | {diff:.1e} |", flush=True)
            continue
        print(f"| {lmax} | {t_o * 1e3:.1f} ms | {t_t * 1e3:.1f} ms | {t_p * 1e3:.1f} ms | {t_p / t_o:.2f}x "
              f"| {t_p / t_t:.2f}x | {diff:.1e} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

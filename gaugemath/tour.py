"""The guided tour run by ``gaugemath tour`` (the package's main job).

It computes Wigner D, spherical harmonics and Clebsch–Gordan values in the
default convention, verifies the key identities numerically (random rotations)
and exactly (SymPy), prints a compact report and saves a PNG with a few real
spherical harmonics and Wigner d-matrices.  Returns exit status 0 when every
check passes.
"""

from __future__ import annotations

import math
import os
import time
from fractions import Fraction

import numpy as np

__all__ = ["run_tour"]


def _row(name: str, value: float, tol: float) -> tuple[str, float, float, bool]:
    return (name, float(value), float(tol), bool(value <= tol))


def _checks_wigner(degrees, rng) -> list:
    from . import so3
    from .wigner import wigner_D, wigner_d

    rows = []
    beta = 0.7
    d1 = np.asarray(wigner_d(1, beta))
    rows.append(_row("d^1_{1,0}(b) = -sin(b)/sqrt2", abs(d1[2, 1] + math.sin(beta) / math.sqrt(2)), 1e-15))
    r1, r2 = so3.random(2, seed=int(rng.integers(1 << 31)))
    for ell in degrees:
        a, b, ab = wigner_D(ell, r1), wigner_D(ell, r2), wigner_D(ell, r1 * r2)
        rows.append(_row(f"D^{ell}(R1 R2) = D(R1) D(R2)", np.abs(ab - a @ b).max(), 1e-11))
        rows.append(_row(f"D^{ell} unitary", np.abs(a @ a.conj().T - np.eye(2 * ell + 1)).max(), 1e-11))
    dr = wigner_D(1, r1, basis="real")
    m = so3.as_matrix(r1)
    perm = [1, 2, 0]  # real l=1 basis is (y, z, x)
    rows.append(_row("D^1_real = rotation matrix in (y,z,x)", np.abs(dr - m[np.ix_(perm, perm)]).max(), 1e-14))
    return rows


def _checks_harmonics(L, rng) -> list:
    from . import so3
    from .harmonics import spherical_harmonics, spherical_harmonics_xyz
    from .wigner import wigner_D

    rows = []
    x = rng.normal(size=3)
    x /= np.linalg.norm(x)
    R = so3.random(seed=int(rng.integers(1 << 31)))
    M = so3.as_matrix(R)
    y_x = spherical_harmonics_xyz(L, x)
    y_rinv_x = spherical_harmonics_xyz(L, M.T @ x)
    err = 0.0
    for ell in range(L + 1):
        sl = slice(ell * ell, (ell + 1) ** 2)
        err = max(err, np.abs(y_rinv_x[sl] - y_x[sl] @ wigner_D(ell, R)).max())
    rows.append(_row(f"Y(R^-1 x) = Y(x) D(R), l <= {L}", err, 1e-12))
    s_x = spherical_harmonics_xyz(L, x, basis="real")
    s_rx = spherical_harmonics_xyz(L, M @ x, basis="real")
    err = max(
        np.abs(s_rx[ell * ell : (ell + 1) ** 2] - wigner_D(ell, R, basis="real") @ s_x[ell * ell : (ell + 1) ** 2]).max()
        for ell in range(L + 1)
    )
    rows.append(_row(f"S(R x) = D_real(R) S(x), l <= {L}", err, 1e-12))
    err = max(
        abs(np.sum(np.abs(y_x[ell * ell : (ell + 1) ** 2]) ** 2) - (2 * ell + 1) / (4 * math.pi)) for ell in range(L + 1)
    )
    rows.append(_row(f"addition theorem sum_m |Y_lm|^2 = (2l+1)/4pi", err, 1e-12))
    big = 1000
    theta = np.array([1e-7, 1.0, math.pi - 1e-7])
    y_big = spherical_harmonics(big, theta, np.zeros(3))
    rows.append(_row(f"no NaN/overflow at l = {big} (near the poles too)", float(not np.all(np.isfinite(y_big))), 0.0))
    return rows


def _checks_cg(rng) -> list:
    from . import so3
    from .coupling import clebsch_gordan, coupling_tensor
    from .wigner import wigner_D

    rows = []
    err = 0.0
    j1, j2 = 3, 2
    for j in range(j1 - j2, j1 + j2 + 1):
        for jp in range(j1 - j2, j1 + j2 + 1):
            for m in range(-min(j, jp), min(j, jp) + 1):
                s = sum(
                    clebsch_gordan(j1, m1, j2, m - m1, j, m) * clebsch_gordan(j1, m1, j2, m - m1, jp, m)
                    for m1 in range(-j1, j1 + 1)
                    if abs(m - m1) <= j2
                )
                err = max(err, abs(s - (j == jp)))
    rows.append(_row("CG orthogonality (j1=3, j2=2)", err, 1e-14))
    R = so3.random(seed=int(rng.integers(1 << 31)))
    l1, l2, l = 2, 1, 2
    for basis in ("complex", "real"):
        C = coupling_tensor(l1, l2, l, basis=basis)
        d1, d2, d = (wigner_D(k, R, basis=basis) for k in (l1, l2, l))
        lhs = np.einsum("ia,jb,abk->ijk", d1, d2, C)
        rhs = np.einsum("ijc,ck->ijk", C, d)
        rows.append(_row(f"coupling tensor ({l1},{l2},{l}) {basis} equivariant", np.abs(lhs - rhs).max(), 1e-12))
    big = float(clebsch_gordan(400, 10, 300, -20, 500, -10))
    rows.append(_row("CG at j ~ 500 finite", float(not math.isfinite(big)), 0.0))
    return rows


def _checks_exact() -> list:
    import sympy as sp

    from .coupling import clebsch_gordan
    from . import symbolic as scg
    from . import symbolic as swigner
    from .wigner import wigner_d

    rows = []
    beta = sp.Symbol("beta", real=True)
    d1 = swigner.wigner_d(1, beta)
    rows.append(_row("exact d^1_{1,0} == -sin(beta)/sqrt(2)", float(sp.simplify(d1[2, 1] + sp.sin(beta) / sp.sqrt(2)) != 0), 0))
    d2 = swigner.wigner_d(2, beta)
    unit = sp.simplify(d2 * d2.T - sp.eye(5))
    rows.append(_row("exact d^2(beta) d^2(beta)^T == I", float(unit != sp.zeros(5, 5)), 0))
    num = np.asarray(wigner_d(2, 0.9))
    ex = np.array(d2.subs(beta, sp.Rational(9, 10)).evalf(30), dtype=float)
    rows.append(_row("float d^2(0.9) vs exact", np.abs(num - ex).max(), 1e-15))
    exact = scg.clebsch_gordan(Fraction(3, 2), Fraction(1, 2), 1, 0, Fraction(3, 2), Fraction(1, 2))
    rows.append(
        _row(
            f"CG <3/2 1/2; 1 0|3/2 1/2> = {exact} (exact vs float)",
            abs(float(exact) - float(clebsch_gordan(1.5, 0.5, 1, 0, 1.5, 0.5))),
            1e-15,
        )
    )
    return rows


def _figure(path: str, L_show: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .harmonics import spherical_harmonics
    from .wigner import wigner_d

    theta = np.linspace(0, np.pi, 91)
    phi = np.linspace(-np.pi, np.pi, 181)
    TH, PH = np.meshgrid(theta, phi, indexing="ij")
    S = spherical_harmonics(L_show, TH, PH, basis="real")
    fig, axes = plt.subplots(2, 4, figsize=(14, 6))
    picks = [(1, 0), (2, 1), (3, -2), (4, 3)]
    for ax, (ell, m) in zip(axes[0], picks):
        im = ax.imshow(S[..., ell * ell + ell + m], extent=(-180, 180, 180, 0), cmap="RdBu_r", aspect="auto")
        ax.set_title(f"real $S_{{{ell},{m}}}(\\theta,\\phi)$")
        ax.set_xlabel("azimuth $\\phi$ [deg]")
        ax.set_ylabel("colatitude $\\theta$ [deg]")
        fig.colorbar(im, ax=ax, shrink=0.8)
    for ax, (ell, b) in zip(axes[1], [(2, 0.8), (10, 0.8), (40, 0.8), (40, 2.2)]):
        d = np.asarray(wigner_d(ell, b))
        im = ax.imshow(d, cmap="RdBu_r", vmin=-1, vmax=1, extent=(-ell - 0.5, ell + 0.5, ell + 0.5, -ell - 0.5))
        ax.set_title(f"$d^{{{ell}}}_{{m'm}}(\\beta={b})$")
        ax.set_xlabel("m")
        ax.set_ylabel("m'")
        fig.colorbar(im, ax=ax, shrink=0.8)
    fig.suptitle("gaugemath tour: real spherical harmonics (top) and Wigner d-matrices (bottom)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def run_tour(out_dir: str = "gaugemath-tour", quick: bool = False) -> int:
    """Run the tour; print the report; save ``out_dir/tour.png``.  Returns 0 if all checks pass."""
    from . import __version__

    rng = np.random.default_rng(2026)
    t0 = time.perf_counter()
    print(f"gaugemath {__version__} tour  (convention 'gaugemath': ZYZ active Euler angles, quaternions (w,x,y,z),")
    print("  D^l_{m'm}(a,b,c) = exp(-i m' a) d^l_{m'm}(b) exp(-i m c), Condon-Shortley Y_lm; docs/conventions.md)\n")
    sections = [
        ("Wigner D and d", lambda: _checks_wigner((1, 10, 100) if quick else (1, 10, 100, 500), rng)),
        ("Spherical harmonics", lambda: _checks_harmonics(8 if quick else 20, rng)),
        ("Clebsch-Gordan and coupling tensors", lambda: _checks_cg(rng)),
        ("Exact (SymPy) checks", _checks_exact),
    ]
    all_ok = True
    for title, fn in sections:
        print(f"== {title}", flush=True)  # progress: the section's checks follow when done
        t_sec = time.perf_counter()
        for name, value, tol, ok in fn():
            all_ok &= ok
            print(f"  [{'ok' if ok else 'FAIL'}] {name:<55s} err={value:9.2e}  tol={tol:.0e}")
        print(f"  ({time.perf_counter() - t_sec:.1f} s)", flush=True)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "tour.png")
    print("saving the figure ...", flush=True)
    _figure(path, 4)
    print(f"figure saved: {path}")
    print(f"{'all checks passed' if all_ok else 'SOME CHECKS FAILED'} in {time.perf_counter() - t0:.1f} s")
    return 0 if all_ok else 1

"""Accuracy of the SO(3) core at high degree, measured against independent references.

Prints one table (quantity, size, error, the issue's bound).  The references:
- Wigner d entries: Wigner's explicit sum in mpmath at 700 digits (l = 1000);
- unitarity D D^† = 1 and homomorphism D(R1 R2) = D(R1) D(R2) of the full D^1000 (complex
  and real basis), which need no reference at all;
- spherical harmonics: mpmath.spherharm at 40 digits up to l = 2000, including points
  within 1e-6 rad of the poles;
- 3j symbols: exact values (sympy.physics.wigner.wigner_3j, rational times a square root)
  for j up to 500, relative error.

These sizes take tens of seconds, which is why they live here and not in tests/ (the
tests check the same quantities at l = 300 and a few l = 1000 entries).

Run:  python benchmarks/accuracy_core.py  [--quick]
"""

from __future__ import annotations

import sys
import time

import numpy as np

import gaugemath as gm
from gaugemath.coupling import wigner_3j
from gaugemath.references import spherical_harmonic_mpmath as y_mpmath
from gaugemath.references import wigner_d_mpmath as d_mpmath


def rows(quick: bool):
    ell = 300 if quick else 1000
    out = []

    # d entries at l = ell vs mpmath
    beta = 1.234
    d = gm.wigner_d(ell, beta)
    picks = [(0, 0), (ell, ell - 1), (ell // 2, -ell // 3), (-ell + 3, ell - 7), (17, 5)]
    err = max(abs(d[a + ell, b + ell] - d_mpmath(ell, a, b, beta)) for a, b in picks)
    out.append(("d entries vs mpmath (700 digits)", f"l={ell}, {len(picks)} entries", err, 1e-10))

    # unitarity and homomorphism of the full D
    r1, r2 = gm.so3.random(2, seed=1)
    for basis in ("complex", "real"):
        a, b, ab = (gm.wigner_D(ell, r, basis=basis) for r in (r1, r2, r1 * r2))
        eye = np.eye(2 * ell + 1)
        out.append((f"unitarity D D^+ - 1 ({basis})", f"l={ell}", np.abs(a @ a.conj().T - eye).max(), 1e-11))
        out.append((f"homomorphism D(R1R2) - D(R1)D(R2) ({basis})", f"l={ell}", np.abs(ab - a @ b).max(), 1e-11))

    # spherical harmonics at high degree incl. near the poles
    L = 500 if quick else 2000
    thetas = np.array([1e-6, 0.3, 1.2, np.pi / 2, 2.9, np.pi - 1e-6])
    phi = 0.7
    Y = gm.spherical_harmonics(L, thetas, np.full_like(thetas, phi))
    err = 0.0
    ms = [0, 1, 2, L // 4, L // 2, L - 1, L, -3, -L // 3]
    for i, th in enumerate(thetas):
        for m in ms:
            ref = y_mpmath(L, m, float(th), phi)
            err = max(err, abs(Y[i, L * L + L + m] - ref))
    out.append(("Y_lm vs mpmath.spherharm (40 digits)", f"l={L}, {len(thetas)}x{len(ms)} (poles incl.)", err, 1e-10))
    out.append(("Y_lm finite everywhere", f"l<={L}", float(not np.all(np.isfinite(Y))), 0.5))

    # 3j symbols at large j vs exact values
    from sympy.physics.wigner import wigner_3j as w3j_exact

    cases = [(500, 400, 300, 10, -20, 10), (450, 300, 200, -100, 60, 40), (500, 500, 500, 250, -120, -130)]
    if quick:
        cases = [(100, 80, 60, 5, -2, -3)]
    rel = 0.0
    for j1, j2, j3, m1, m2, m3 in cases:
        ex = float(w3j_exact(j1, j2, j3, m1, m2, m3).evalf(30))
        rel = max(rel, abs(wigner_3j(j1, j2, j3, m1, m2, m3) - ex) / abs(ex))
    out.append(("3j relative error vs exact", f"j<={max(c[0] for c in cases)}, {len(cases)} symbols", rel, 1e-11))
    return out


def main() -> int:
    quick = "--quick" in sys.argv
    t0 = time.perf_counter()
    table = rows(quick)
    print(f"{'quantity':48s} {'size':34s} {'error':>10s} {'bound':>8s}  ok")
    ok = True
    for name, size, err, bound in table:
        good = err <= bound
        ok &= good
        print(f"{name:48s} {size:34s} {err:10.2e} {bound:8.0e}  {'yes' if good else 'NO'}")
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

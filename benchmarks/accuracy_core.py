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

A second table compares the rounding error at low degree with the peer ``spherical``
(moble), l = 1..20: the complex Wigner D (4 random rotations, all entries) against D
evaluated at 40 digits from the exact quaternion components
(:func:`gaugemath.references.wigner_D_mpmath`), and the spin-weighted harmonics
(s = 1, -2; 4 random points, all m) against
:math:`(-1)^s\sqrt{(2l+1)/4\pi}\,d^l_{m,-s}(\theta)e^{im\phi}` at 40 digits.

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


def peer_rows(quick: bool) -> list[tuple]:
    """(quantity, l, gaugemath error, spherical error) at low degree, vs 40-digit mpmath."""
    import mpmath

    from gaugemath.references import wigner_D_mpmath

    try:
        import quaternionic
        import spherical
    except ImportError:  # pragma: no cover
        return []
    degrees = [1, 5, 17] if quick else list(range(1, 21))
    L = max(degrees)
    W = spherical.Wigner(L)
    qs = gm.so3.as_quaternion(gm.so3.random(4, seed=5))
    rng = np.random.default_rng(3)
    pts = [(rng.uniform(0, np.pi), rng.uniform(-np.pi, np.pi)) for _ in range(4)]
    out = []
    for ell in degrees:
        eg = es = 0.0
        for q in qs:
            ref = np.array([[complex(v) for v in row] for row in wigner_D_mpmath(ell, q, 40)])
            eg = max(eg, np.abs(gm.wigner_D(ell, q) - ref).max())
            D = W.D(quaternionic.array(q))
            sp = np.array([[D[W.Dindex(ell, a, b)] for b in range(-ell, ell + 1)] for a in range(-ell, ell + 1)])
            es = max(es, np.abs(sp.conj() - ref).max())  # spherical's D is the conjugate of ours
        out.append(("Wigner D (complex)", ell, eg, es))
    for s in (1, -2):
        for ell in degrees:
            if ell < abs(s):
                continue
            eg = es = 0.0
            for th, ph in pts:
                Y = gm.spherical_harmonics(ell, th, ph, spin=s)
                sY = W.sYlm(s, quaternionic.array.from_spherical_coordinates(th, ph))
                for m in range(-ell, ell + 1):
                    with mpmath.workdps(40):
                        ref = complex(
                            (-1) ** s
                            * mpmath.sqrt(mpmath.mpf(2 * ell + 1) / (4 * mpmath.pi))
                            * mpmath.mpf(d_mpmath(ell, m, -s, th, 40))
                            * mpmath.expj(m * mpmath.mpf(ph))
                        )
                    eg = max(eg, abs(Y[ell * ell + ell + m] - ref))
                    es = max(es, abs(sY[W.Yindex(ell, m)] - ref))
            out.append((f"spin-weighted Y, s={s}", ell, eg, es))
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
    print(f"\n{'quantity (max abs error vs mpmath, 40 digits)':48s} {'l':>3s} {'gaugemath':>10s} {'spherical':>10s}  gm <= peer")
    worse = 0
    for name, ell, eg, es in peer_rows(quick):
        worse += eg > es
        print(f"{name:48s} {ell:3d} {eg:10.2e} {es:10.2e}  {'yes' if eg <= es else 'NO'}")
    print(f"gaugemath's error above spherical's in {worse} row(s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

r"""Theorem (gauge covariance under a change of local section on S²).  Let
:math:`\sigma(\theta,\varphi) = R(\varphi,\theta,0)` (ZYZ Euler angles) be the standard local
section of SO(3) → S², and :math:`\sigma'(\theta,\varphi) = \sigma(\theta,\varphi)\,R_z(\psi(\theta,\varphi))`
any other one (ψ an arbitrary smooth function: the gauge transformation, valued in the
stabiliser SO(2)).  For the spin-weight-s line bundle, the local representative of the
section :math:`f_{\ell m}(g) = \overline{D^\ell_{m,-s}(g)}` satisfies

.. math:: f_{\ell m}\circ\sigma' = e^{-is\psi}\,f_{\ell m}\circ\sigma
          = \rho_s(R_z(\psi))^{-1} f_{\ell m}\circ\sigma,\qquad \rho_s(R_z(\psi)) = e^{is\psi},

and :math:`(-1)^s\sqrt{\tfrac{2\ell+1}{4\pi}}\,f_{\ell m}\circ\sigma = {}_sY_{\ell m}` (the
core's spin-weighted harmonics, ``docs/conventions.md`` §5).  In particular the two
standard charts' sections (:math:`\psi = \mp\varphi`) differ by :math:`e^{\pm is\varphi}`.  Proved
symbolically (ψ an undefined function of θ, φ) for ℓ ≤ 3, |m| ≤ ℓ, |s| ≤ ℓ.
Reference: Goldberg et al., J. Math. Phys. 8 (1967) 2155, Eq. (3.1); Cohen, Weiler, Kicanaoglu
& Welling, "Gauge Equivariant CNNs and the Icosahedral CNN", ICML 2019, §3.
Bound: ℓ ≤ 3.
"""

import numpy as np
import sympy as sp

from gaugemath.symbolic import wigner_D
from gaugemath.symbolic.verify import ProofResult

LMAX = 3


def _rho_s(s, psi):
    return sp.exp(sp.I * s * psi)


def prove() -> ProofResult:
    import gaugemath

    th, ph = sp.symbols("theta phi", real=True)
    psi = sp.Function("psi", real=True)(th, ph)
    cases, failed = 0, []
    for l in range(LMAX + 1):
        D0 = wigner_D(l, ph, th, 0)
        D1 = wigner_D(l, ph, th, psi)
        for s in range(-l, l + 1):
            for m in range(-l, l + 1):
                f0 = sp.conjugate(D0[m + l, -s + l])
                f1 = sp.conjugate(D1[m + l, -s + l])
                cases += 1
                if sp.simplify(sp.expand(f1 - f0 / _rho_s(s, psi))) != 0:
                    failed.append(f"l={l} s={s} m={m}")
        # pin against the core's spin-weighted harmonics at one point
        t0, p0 = 0.7, -1.1
        for s in range(-l, l + 1):
            ys = np.asarray(gaugemath.spherical_harmonics(l, t0, p0, spin=s))[l * l : (l + 1) ** 2]
            f = [complex(sp.N(sp.conjugate(D0[m + l, -s + l]).subs({th: t0, ph: p0}))) for m in range(-l, l + 1)]
            mine = (-1) ** s * np.sqrt((2 * l + 1) / (4 * np.pi)) * np.array(f)
            cases += 1
            if np.max(np.abs(mine - ys)) > 1e-12:
                failed.append(f"l={l} s={s}: not the core's sY_lm")
    return ProofResult("gauge covariance of spin-weighted sections on S^2 (l<=3)", cases, not failed, "; ".join(failed[:5]))


def test_gauge_covariance_s2():
    res = prove()
    assert res.holds, res.details


def test_gauge_covariance_s2_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    monkeypatch.setattr(mod, "_rho_s", lambda s, psi: sp.exp(-sp.I * s * psi))  # wrong sign of the weight
    monkeypatch.setattr(mod, "LMAX", 1)
    res = prove()
    assert not res.holds and "s=1" in res.details

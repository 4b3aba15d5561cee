r"""Theorem (spherical-harmonic addition theorem).  For ℓ ≤ 4 and all x, y ∈ R³,

.. math:: \sum_{m=-\ell}^{\ell} Y_{\ell m}(\hat x)\,\overline{Y_{\ell m}(\hat y)}
          = \frac{2\ell+1}{4\pi}\,P_\ell(\hat x\cdot\hat y),

and the same with the real harmonics :math:`S_{\ell m}` (no conjugate).  Proved as an exact
polynomial identity between homogeneous solid harmonics: :math:`\sum_m \mathcal Y_{\ell m}(x)
\overline{\mathcal Y_{\ell m}(y)} = \frac{2\ell+1}{4\pi}\sum_k c_k (x\cdot y)^{\ell-2k}(|x|^2|y|^2)^k`
with :math:`P_\ell(t) = \sum_k c_k t^{\ell-2k}`.  Reference: Jackson, *Classical
Electrodynamics* (3rd ed.), Eq. (3.62); DLMF 14.30.9.  Bound: ℓ ≤ 4.
"""

import sympy as sp

from gaugemath.symbolic.kernels import solid_harmonics
from gaugemath.symbolic.verify import ProofResult

LMAX = 4


def _harmonics(l, basis):
    return solid_harmonics(l, basis)


def prove() -> ProofResult:
    x = sp.symbols("x y z", real=True)
    y = sp.symbols("u v w", real=True)
    t = sp.Symbol("t")
    dot = sum(a * b for a, b in zip(x, y))
    nx, ny = sum(a**2 for a in x), sum(b**2 for b in y)
    cases, failed = 0, []
    for l in range(LMAX + 1):
        P = sp.Poly(sp.legendre(l, t), t)
        rhs = sp.Rational(2 * l + 1, 4) / sp.pi * sum(c * dot**k * (nx * ny) ** ((l - k) // 2) for (k,), c in P.terms())
        for basis in ("complex", "real"):
            Yx = _harmonics(l, basis)
            Yy = Yx.subs(dict(zip(x, y)), simultaneous=True)
            lhs = sum(Yx[m] * (sp.conjugate(Yy[m]) if basis == "complex" else Yy[m]) for m in range(2 * l + 1))
            cases += 1
            if sp.expand(lhs - rhs) != 0:
                failed.append(f"l={l} ({basis})")
    return ProofResult("addition theorem (l<=4)", cases, not failed, "; ".join(failed))


def test_addition_theorem():
    res = prove()
    assert res.holds, res.details


def test_addition_theorem_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    original = mod._harmonics

    def broken(l, basis):  # drop the Condon–Shortley sign of one m > 0 harmonic... and rescale it
        Y = original(l, basis)
        if l >= 1:
            Y[-1] = sp.sqrt(2) * Y[-1]
        return Y

    monkeypatch.setattr(mod, "_harmonics", broken)
    res = prove()
    assert not res.holds and "l=1" in res.details

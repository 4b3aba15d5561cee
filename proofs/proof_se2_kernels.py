r"""Theorem (SE(2) steerable kernel solutions, Weiler & Cesa 2019).  In polar coordinates
:math:`x = r(\cos\varphi,\sin\varphi)`, with ψ(a) the rotation by a and ξ = diag(1, −1):

* SO(2), real irreps of frequencies m (in), n (out) ≤ 3: the kernels
  :math:`\psi((n-m)\varphi+\beta)`, :math:`\psi((n+m)\varphi+\beta)\xi` (n, m ≥ 1),
  :math:`\psi(n\varphi+\beta)e_1` (m = 0), :math:`(\cos(m\varphi+\beta),\sin(m\varphi+\beta))` (n = 0),
  1 (n = m = 0), β ∈ {0, π/2}, times any radial profile R(r), satisfy
  :math:`\kappa(r_\theta x) = \rho_{out}(\theta)\kappa(x)\rho_{in}(\theta)^{-1}`, and their number
  (4, 2, 2, 1) equals :math:`\dim\mathrm{Hom}_{SO(2)}` of the angular Fourier modes, i.e. the
  character count :math:`\sum_f\langle\chi_f\otimes\rho_{in},\rho_{out}\rangle`;
* complex irreps :math:`e^{ik\theta}` (|k| ≤ 3): :math:`e^{i(k_{out}-k_{in})\varphi}`;
* O(2): the β = 0 kernels (2-dim ↔ 2-dim), the β fixed by the sign of a one-dimensional irrep,
  and 1 for (0±, 0±) with equal signs — also invariant under the reflection φ ↦ −φ.

Checked exactly with :func:`gaugemath.symbolic.verify.verify_kernel_constraint` (∂_φ form for
the rotation, substitution for the reflection).  Reference: M. Weiler & G. Cesa, "General
E(2)-Equivariant Steerable CNNs", NeurIPS 2019, §2.6 and Tables 8–9 (SO(2), O(2)).
Bound: frequencies ≤ 3.
"""

import sympy as sp

from gaugemath.symbolic.kernels import se2_kernel_basis
from gaugemath.symbolic.irreps import o2_irrep, so2_irrep
from gaugemath.symbolic.verify import ProofResult, verify_kernel_constraint

KMAX = 3


def _basis(k_in, k_out, **kw):
    return se2_kernel_basis(k_in, k_out, **kw)


def _expected_so2(m, n):
    # real SO(2): 2x2 -> 4, 2x1 / 1x2 -> 2, 1x1 -> 1  (Weiler & Cesa 2019, Table 8)
    return {(True, True): 4, (True, False): 2, (False, True): 2, (False, False): 1}[(n >= 1, m >= 1)]


def _o2_irrep(k, s):
    return o2_irrep("O2", k, s) if k == 0 else o2_irrep("O2", k)


def prove() -> ProofResult:
    cases, failed = 0, []
    for m in range(KMAX + 1):
        for n in range(KMAX + 1):
            ks = _basis(m, n, group="SO2", basis="real")
            cases += 1
            if len(ks) != _expected_so2(m, n):
                failed.append(f"SO(2) count ({m},{n})")
            for K in ks:
                cases += 1
                if not verify_kernel_constraint(K, "SO2", so2_irrep("SO2", m, "real"), so2_irrep("SO2", n, "real"), system="polar").holds:
                    failed.append(f"SO(2) real ({m}->{n})")
    for m in range(-KMAX, KMAX + 1):
        for n in range(-KMAX, KMAX + 1):
            for K in _basis(m, n, group="SO2", basis="complex"):
                cases += 1
                if not verify_kernel_constraint(K, "SO2", so2_irrep("SO2", m), so2_irrep("SO2", n), system="polar").holds:
                    failed.append(f"SO(2) complex ({m}->{n})")
    for m in range(KMAX + 1):
        for n in range(KMAX + 1):
            for s_in in ((1, -1) if m == 0 else (1,)):
                for s_out in ((1, -1) if n == 0 else (1,)):
                    ks = _basis(m, n, group="O2", signs=(s_in, s_out))
                    expected = 2 if (m and n) else (1 if (m or n or s_in == s_out) else 0)
                    cases += 1
                    if len(ks) != expected:
                        failed.append(f"O(2) count ({m}{s_in:+d} -> {n}{s_out:+d})")
                    for K in ks:
                        cases += 1
                        cert = verify_kernel_constraint(K, "O2", _o2_irrep(m, s_in), _o2_irrep(n, s_out), system="polar")
                        if not cert.holds:
                            failed.append(f"O(2) ({m}{s_in:+d} -> {n}{s_out:+d}) at {cert.failing.name}")
    return ProofResult("SE(2) kernel solutions, SO(2)/O(2) (k<=3)", cases, not failed, "; ".join(failed[:6]))


def test_se2_kernels():
    res = prove()
    assert res.holds, res.details


def test_se2_kernels_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    original = mod._basis

    def broken(k_in, k_out, **kw):  # wrong frequency: (n+m) -> (n-m) in the reflected block
        out = original(k_in, k_out, **kw)
        if kw.get("group") == "O2" and k_in == 1 and k_out == 2:
            r, ph = sp.Symbol("r", positive=True), sp.Symbol("phi", real=True)
            out[1] = out[1].subs(ph, ph / 3)
        return out

    monkeypatch.setattr(mod, "_basis", broken)
    res = prove()
    assert not res.holds and "O(2) (1+1 -> 2+1)" in res.details

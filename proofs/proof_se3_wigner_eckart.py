r"""Theorem (equivariance of the Wigner–Eckart SE(3) kernel basis).  For real SO(3) irreps
:math:`\ell_{in},\ell_{out}\le 2`, every :math:`|\ell_{in}-\ell_{out}|\le J\le\ell_{in}+\ell_{out}`
and an arbitrary radial profile φ, the kernel

.. math:: \kappa^J(x)_{oi} = \varphi(|x|)\sum_m C^J_{m\,i\,o}\,S_{Jm}(x)/|x|^J

(:func:`gaugemath.symbolic.kernels.se3_kernel`, real coupling tensor of
:math:`D^J\otimes D^{\ell_{in}}\to D^{\ell_{out}}`) satisfies
:math:`\kappa(Rx) = D^{\ell_{out}}(R)\kappa(x)D^{\ell_{in}}(R)^{-1}` for all R ∈ SO(3),
proved exactly in the Lie-derivative form on :math:`L_x, L_y, L_z`
(:func:`gaugemath.symbolic.verify.verify_kernel_constraint`); and the number of J,
:math:`2\min(\ell_{in},\ell_{out})+1`, equals :math:`\sum_J\langle\chi_J\chi_{\ell_{in}},\chi_{\ell_{out}}\rangle`
computed from characters (each J occurs once).  Reference: Weiler, Geiger, Welling, Boomsma & Cohen, "3D Steerable CNNs",
NeurIPS 2018, Eq. 8; Lang & Weiler, "A Wigner–Eckart theorem for group equivariant
convolution kernels", ICLR 2021, Thm. 4.1.  Bound: ℓ_in, ℓ_out ≤ 2.
"""

import sympy as sp

from gaugemath.symbolic.kernels import se3_kernel
from gaugemath.symbolic import character_inner_product, so3_irrep, tensor_product
from gaugemath.symbolic.verify import ProofResult, verify_kernel_constraint

LMAX = 2


def _kernel(l_in, l_out, J):
    return se3_kernel(l_in, l_out, J)


def prove() -> ProofResult:
    cases, failed = 0, []
    for l_in in range(LMAX + 1):
        for l_out in range(LMAX + 1):
            Js = list(range(abs(l_in - l_out), l_in + l_out + 1))
            count = sum(character_inner_product(tensor_product(so3_irrep("SO3", J), so3_irrep("SO3", l_in)), so3_irrep("SO3", l_out)) for J in Js)
            cases += 1
            if count != 2 * min(l_in, l_out) + 1 or count != len(Js):
                failed.append(f"count ({l_in},{l_out})")
            for J in Js:
                cert = verify_kernel_constraint(_kernel(l_in, l_out, J), "SO3", so3_irrep("SO3", l_in), so3_irrep("SO3", l_out))
                cases += 1
                if not cert.holds:
                    failed.append(f"(l_in={l_in}, l_out={l_out}, J={J}) at {cert.failing.name}")
    return ProofResult("SE(3) Wigner-Eckart kernels equivariant (l<=2)", cases, not failed, "; ".join(failed))


def test_se3_wigner_eckart():
    res = prove()
    assert res.holds, res.details


def test_se3_wigner_eckart_detects_break(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    original = mod._kernel

    def broken(l_in, l_out, J):  # one sign flipped
        K = original(l_in, l_out, J)
        if (l_in, l_out, J) == (1, 1, 2):
            K[0, 1] = -K[0, 1]
        return K

    monkeypatch.setattr(mod, "_kernel", broken)
    monkeypatch.setattr(mod, "LMAX", 1)
    res = prove()
    assert not res.holds and "(l_in=1, l_out=1, J=2)" in res.details

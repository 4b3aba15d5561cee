r"""Angular parts of the steerable kernels on R³ for SO(3) and O(3) (Wigner–Eckart form).

For irreps :math:`\ell_{in}, \ell_{out}` the solutions of
:math:`\kappa(Rx) = D^{\ell_{out}}(R)\,\kappa(x)\,D^{\ell_{in}}(R)^\top` on a sphere are
(Weiler et al. 2018, "3D Steerable CNNs", Eq. 8; Lang & Weiler 2021, Thm. 4.1)

.. math::
    \kappa^{J}(x)_{o i} = \sum_{m=-J}^{J} C^{J}_{m\,i\,o}\; Y_{Jm}(x/|x|),
    \qquad |\ell_{in}-\ell_{out}| \le J \le \ell_{in}+\ell_{out},

with :math:`Y_{Jm}` the core's real orthonormal harmonics (``spherical_harmonics_xyz(J, x,
basis="real")``) and :math:`C^J = ` ``coupling_tensor(J, ℓ_in, ℓ_out, basis="real")`` (the real
intertwiner :math:`D^J\otimes D^{\ell_{in}}\to D^{\ell_{out}}`).  Proof: :math:`Y_J(Rx) =
D^J(R) Y_J(x)` and :math:`(D^J\otimes D^{\ell_{in}})\,C = C\,D^{\ell_{out}}` give
:math:`\kappa^J(Rx) = D^{\ell_{out}}\kappa^J(x) D^{\ell_{in}\top}`.  Each J occurs once
(multiplicity one of :math:`\ell_{out}` in :math:`J\otimes\ell_{in}`), so these
:math:`2\min(\ell_{in},\ell_{out})+1` functions span the solution space on a sphere.

O(3) (irreps :math:`(\ell, p)`, inversion acting by p): :math:`Y_J(-x) = (-1)^J Y_J(x)`, so
only :math:`(-1)^J p_{in} p_{out} = 1` survives.
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = ["solid_angular_Js", "coupling_for_kernel"]


def solid_angular_Js(family: str, out_label, in_label, jmax: int) -> list[int]:
    """Allowed J (ascending) for a pair of SO(3)/O(3) irreps with ``J <= jmax``."""
    if family == "SO3":
        lo, li, parity_ok = out_label, in_label, None
    else:
        (lo, po), (li, pi) = out_label, in_label
        parity_ok = po * pi
    Js = range(abs(lo - li), min(lo + li, jmax) + 1)
    if parity_ok is None:
        return list(Js)
    return [J for J in Js if (-1) ** J == parity_ok]


@functools.lru_cache(maxsize=512)
def coupling_for_kernel(J: int, l_in: int, l_out: int) -> np.ndarray:
    """``K[o, i, m] = C^J_{m i o}`` from ``coupling_tensor(J, l_in, l_out, basis="real")`` (read-only)."""
    from ..coupling import coupling_tensor

    C = coupling_tensor(J, l_in, l_out, basis="real")
    K = np.ascontiguousarray(np.transpose(C, (2, 1, 0)))
    K.setflags(write=False)
    return K

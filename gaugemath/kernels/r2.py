r"""Angular parts of the steerable kernels on R² for G ≤ O(2) (Weiler & Cesa 2019, Tables 8–12).

The constraint (Weiler & Cesa 2019, Eq. 2) for a kernel :math:`\kappa:\mathbb R^2\to\mathbb R^{d_{out}\times d_{in}}`:

.. math:: \kappa(g x) = \rho_{out}(g)\,\kappa(x)\,\rho_{in}(g)^{-1}\qquad g\in G.

Writing :math:`x = r(\cos\varphi, \sin\varphi)`, with :math:`\psi(\alpha)` the rotation
matrix and :math:`\xi = \mathrm{diag}(1,-1)`, every solution on a ring is a combination of
the *angular elements* below, each described by ``(kind, f, beta)`` with an integer
angular frequency ``f`` (it may be negative) and a phase ``beta ∈ {0, π/2}``:

==========  =====  =====================================================  ====================================
kind        shape  value                                                  frequency rule
==========  =====  =====================================================  ====================================
``"11"``    1×1    :math:`\cos(f\varphi - \beta)`, ``f ≥ 0``              :math:`f \equiv \pm(k_{out}+k_{in})`
``"21"``    2×1    :math:`\psi(f\varphi + \beta)\,e_1`                    :math:`f \equiv n + k_{in}`
``"12"``    1×2    :math:`(\cos(f\varphi-\beta),\ \sin(f\varphi-\beta))`  :math:`f \equiv m + k_{out}`
``"rot"``   2×2    :math:`\psi(f\varphi + \beta)`                         :math:`f \equiv n - m`
``"refl"``  2×2    :math:`\psi(f\varphi + \beta)\,\xi`                    :math:`f \equiv n + m`
==========  =====  =====================================================  ====================================

(n, m: the frequencies of 2-dim output/input irreps, k: of 1-dim ones). "≡" is equality for
SO(2)/O(2) and congruence mod N for C_N/D_N (aliasing, Weiler & Cesa 2019 §C / Table 11–12):
every f in the class with :math:`|f| \le f_{max}(r)` gives an element.  Phases: without
reflections both β = 0 and β = π/2 occur (β = π/2 of kind "11" only for f > 0); with the
flip :math:`F` (reflection across the x axis, φ ↦ −φ) the constraint
:math:`\kappa(-\varphi) = \rho_{out}(F)\kappa(\varphi)\rho_{in}(F)^{-1}` keeps β = 0 for
"rot"/"refl", β = 0 (π/2) for "21" when the input flip sign is +1 (−1), likewise for "12"
with the output sign, and for "11" β = 0 (π/2) when :math:`s_{out}s_{in} = +1` (−1).

Derivation in one line: :math:`\psi(n\theta)\psi(\alpha)\psi(-m\theta) = \psi(\alpha + (n-m)\theta)`
and :math:`\psi(n\theta)\psi(\alpha)\xi\psi(-m\theta) = \psi(\alpha + (n+m)\theta)\xi`.
"""

from __future__ import annotations

import numpy as np

from ..groups import Group
from .irreps import has_flip, irrep_dim

__all__ = ["planar_angular_elements", "evaluate_planar_angular"]

_HALF_PI = np.pi / 2


def _frequencies(G: Group, f0: int, fmax: int, nonneg: bool = False) -> list[int]:
    """Integers f with |f| <= fmax and f ≡ f0 (exact for SO2/O2, mod N for CN/DN)."""
    if G.is_finite:
        out = [f for f in range(-fmax, fmax + 1) if (f - f0) % G.N == 0]
    else:
        out = [f0] if abs(f0) <= fmax else []
    if nonneg:
        pool = set(abs(f) for f in out)
        if G.is_finite:
            pool |= {f for f in range(0, fmax + 1) if (f + f0) % G.N == 0}
        out = sorted(pool)
    return out


def planar_angular_elements(G: Group, out_label, in_label, fmax: int) -> list[tuple[str, int, float]]:
    """All angular elements ``(kind, f, beta)`` for one pair of irreps with ``|f| <= fmax``.

    Order: by kind, then f ascending, then beta (0 before π/2).  See the module docstring.
    """
    d_out, d_in = irrep_dim(G, out_label), irrep_dim(G, in_label)
    j_out, k_out = out_label
    j_in, k_in = in_label
    s_out, s_in = (-1) ** j_out, (-1) ** j_in
    flip = has_flip(G)
    elems: list[tuple[str, int, float]] = []

    def phases(sign_ok_zero: bool, allow_half: bool = True):
        if not flip:
            return [0.0, _HALF_PI] if allow_half else [0.0]
        return [0.0] if sign_ok_zero else ([_HALF_PI] if allow_half else [])

    if d_out == 1 and d_in == 1:
        for f in _frequencies(G, k_out + k_in, fmax, nonneg=True):
            for beta in phases(s_out * s_in == 1, allow_half=f > 0):
                elems.append(("11", f, beta))
    elif d_out == 2 and d_in == 1:
        for f in _frequencies(G, k_out + k_in, fmax):
            for beta in phases(s_in == 1):
                elems.append(("21", f, beta))
    elif d_out == 1 and d_in == 2:
        for f in _frequencies(G, k_in + k_out, fmax):
            for beta in phases(s_out == 1):
                elems.append(("12", f, beta))
    else:
        for f in _frequencies(G, k_out - k_in, fmax):
            for beta in phases(True, allow_half=not flip):
                elems.append(("rot", f, beta))
        for f in _frequencies(G, k_out + k_in, fmax):
            for beta in phases(True, allow_half=not flip):
                elems.append(("refl", f, beta))
    return elems


def evaluate_planar_angular(kind: str, f: int, beta: float, cos_phi, sin_phi, at_origin) -> np.ndarray:
    """Value of one angular element at directions (cos φ, sin φ): shape ``(d_out, d_in, P)``.

    At the origin (``at_origin`` True) elements with f ≠ 0 are set to 0, the only value
    compatible with equivariance and continuity of the ring decomposition.
    """
    z = (cos_phi + 1j * sin_phi) ** f if f >= 0 else np.conj(cos_phi + 1j * sin_phi) ** (-f)
    z = z * np.exp(1j * beta) if kind in ("21", "rot", "refl") else z * np.exp(-1j * beta)
    c, s = z.real, z.imag
    if f != 0:
        c = np.where(at_origin, 0.0, c)
        s = np.where(at_origin, 0.0, s)
    if kind == "11":
        return c[None, None]
    if kind == "21":
        return np.stack([c, s])[:, None]
    if kind == "12":
        return np.stack([c, s])[None, :]
    if kind == "rot":
        return np.array([[c, -s], [s, c]])
    if kind == "refl":
        return np.array([[c, s], [s, -c]])
    raise ValueError(f"unknown angular element kind {kind!r}")

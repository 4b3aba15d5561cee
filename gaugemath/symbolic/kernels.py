r"""Exact steerable kernels: SE(3) Wigner–Eckart basis and SE(2) harmonic solutions.

**Solid harmonics** (Cartesian, homogeneous polynomials of degree ℓ):
:math:`\mathcal Y_{\ell m}(x) = |x|^\ell Y_\ell^m(x/|x|)`, with for :math:`\mu = |m|`

.. math::
    |x|^\ell Y_\ell^{\mu} = (-1)^\mu N_{\ell\mu}\,(x+iy)^\mu\,|x|^{\ell-\mu}P_\ell^{(\mu)}(z/|x|),\qquad
    |x|^\ell Y_\ell^{-\mu} = N_{\ell\mu}\,(x-iy)^\mu\,|x|^{\ell-\mu}P_\ell^{(\mu)}(z/|x|),

:math:`N_{\ell\mu}=\sqrt{\frac{2\ell+1}{4\pi}\frac{(\ell-\mu)!}{(\ell+\mu)!}}`,
:math:`P_\ell^{(\mu)}` the μ-th derivative of the Legendre polynomial (the Condon–Shortley
phase is the explicit :math:`(-1)^\mu`; ``docs/conventions.md`` §3); the real ones are
:math:`S = Q_\ell\mathcal Y` (GM-BASIS-REAL), so :math:`S_1 = \sqrt{3/4\pi}(y, z, x)`.

**SE(3) kernels** (Weiler et al. 2018, "3D Steerable CNNs", Eq. 8; Lang & Weiler 2021,
Thm. 4.1 — the Wigner–Eckart theorem for steerable kernels).  For real irreps
:math:`\ell_{in},\ell_{out}` and :math:`|\ell_{in}-\ell_{out}|\le J\le\ell_{in}+\ell_{out}`:

.. math:: \kappa^{J}(x)_{o\,i} = \varphi(|x|)\sum_{m} C^{J}_{m\,i\,o}\;S_{Jm}(x)/|x|^J,

with :math:`C^J` the exact real coupling tensor of :math:`D^J\otimes D^{\ell_{in}}\to D^{\ell_{out}}`
(:func:`real_coupling_tensor`) and φ an arbitrary radial profile.  It satisfies
:math:`\kappa(Rx) = D^{\ell_{out}}(R)\kappa(x)D^{\ell_{in}}(R)^{\mathsf T}` (proved exactly in
``proofs/proof_se3_wigner_eckart.py``); with O(3) parities only :math:`(-1)^J p_{in}p_{out}=1`.

**SE(2) kernels** (Weiler & Cesa 2019, "General E(2)-Equivariant Steerable CNNs", §2.6 and
Tables 8–9), in polar coordinates :math:`x = r(\cos\varphi,\sin\varphi)`, with
:math:`\psi(a)` the rotation by a and :math:`\xi=\mathrm{diag}(1,-1)`: for real SO(2) irreps
of frequencies n (out), m (in)

* n, m ≥ 1: :math:`\psi((n-m)\varphi+\beta)`, :math:`\psi((n+m)\varphi+\beta)\xi`;
* n ≥ 1, m = 0: :math:`\psi(n\varphi+\beta)e_1`;  n = 0, m ≥ 1: :math:`(\cos(m\varphi+\beta), \sin(m\varphi+\beta))`;
* n = m = 0: 1,

β ∈ {0, π/2}; the complex irreps :math:`e^{ik\theta}` give :math:`e^{i(k_{out}-k_{in})\varphi}`.
O(2) keeps β = 0 for 2×2 blocks, and for blocks with a one-dimensional irrep of sign s the
phase β = 0 (s = +1) or π/2 (s = −1); (0±, 0±) gives 1 if the signs agree, nothing otherwise.
Every element is multiplied by an arbitrary radial profile.
"""

from __future__ import annotations

import functools

import sympy as sp

from .._validation import as_degree, check_choice
from .coupling import coupling_tensor
from .irreps import complex_to_real_exact

__all__ = [
    "solid_harmonics",
    "real_coupling_tensor",
    "se3_kernel",
    "se3_kernel_basis",
    "se2_kernel_basis",
    "cartesian_symbols",
    "polar_symbols",
]


def cartesian_symbols(d: int = 3):
    """Real SymPy symbols ``(x, y)`` or ``(x, y, z)``."""
    return sp.symbols("x y z"[: 2 * d - 1], real=True)


def polar_symbols():
    """Symbols ``(r, phi)`` (r positive, φ real)."""
    return sp.Symbol("r", positive=True), sp.Symbol("phi", real=True)


@functools.lru_cache(maxsize=None)
def _solid_complex(ell: int):
    x, y, z = cartesian_symbols(3)
    u = sp.Symbol("u")
    r2 = x**2 + y**2 + z**2
    P = sp.legendre(ell, u)
    out = []
    for m in range(-ell, ell + 1):
        mu = abs(m)
        N = sp.sqrt(sp.Rational(2 * ell + 1, 4) / sp.pi * sp.factorial(ell - mu) / sp.factorial(ell + mu))
        dP = sp.Poly(sp.diff(P, u, mu), u)
        # |x|^{l-mu} P^{(mu)}(z/|x|) = sum_k c_k z^k |x|^{l-mu-k}, only l-mu-k even
        rad = sum(c * z**k * r2 ** ((ell - mu - k) // 2) for (k,), c in dP.terms())
        ladder = (x + sp.I * y) ** mu if m >= 0 else (x - sp.I * y) ** mu
        sign = (-1) ** mu if m >= 0 else 1
        out.append(sp.expand(sign * N * ladder * rad))
    return tuple(out)


def solid_harmonics(l, basis: str = "real", xyz=None) -> sp.Matrix:
    r"""Column ``(2l+1, 1)`` of solid harmonics :math:`|x|^\ell Y_{\ell m}(x/|x|)`, m = -l..l,
    as polynomials in ``xyz`` (default real symbols x, y, z); ``basis="complex"`` (Condon–
    Shortley) or ``"real"`` (:math:`S = Q_\ell\mathcal Y`)."""
    ell = as_degree(l, "l")
    basis = check_choice(basis, "basis", ("complex", "real"))
    Y = sp.Matrix(_solid_complex(ell))
    if basis == "real":
        Y = (sp.Matrix(complex_to_real_exact(ell)) * Y).applyfunc(sp.expand)
    if xyz is not None:
        if len(xyz) != 3:
            raise ValueError(f"xyz must be three coordinates, got {len(xyz)}")
        Y = Y.subs(dict(zip(cartesian_symbols(3), xyz)), simultaneous=True)
    return Y


@functools.lru_cache(maxsize=None)
def _real_cg(l1: int, l2: int, l: int):
    C = coupling_tensor(l1, l2, l)
    Q1, Q2, Q = (sp.Matrix(complex_to_real_exact(v)) for v in (l1, l2, l))
    kappa = 1 if (l1 + l2 + l) % 2 == 0 else -sp.I
    out = sp.MutableDenseNDimArray.zeros(2 * l1 + 1, 2 * l2 + 1, 2 * l + 1)
    for a in range(2 * l1 + 1):
        for b in range(2 * l2 + 1):
            for c in range(2 * l + 1):
                s = 0
                for a2 in range(2 * l1 + 1):
                    if Q1[a, a2] == 0:
                        continue
                    for b2 in range(2 * l2 + 1):
                        if Q2[b, b2] == 0:
                            continue
                        for c2 in range(2 * l + 1):
                            if C[a2, b2, c2] != 0 and Q[c, c2] != 0:
                                s += Q1[a, a2] * Q2[b, b2] * C[a2, b2, c2] * sp.conjugate(Q[c, c2])
                v = sp.radsimp(sp.expand(kappa * s)) if s != 0 else 0  # exact: expand + rationalise radicals
                if sp.im(v) != 0:
                    raise ArithmeticError(f"real coupling tensor ({l1},{l2},{l}) has a non-real entry {v}")
                out[a, b, c] = v
    return sp.ImmutableDenseNDimArray(out)


def real_coupling_tensor(l1, l2, l) -> sp.ImmutableDenseNDimArray:
    r"""Exact real coupling tensor :math:`C^r = \kappa\,(Q_{l_1}\otimes Q_{l_2})\,C\,Q_l^\dagger`,
    :math:`\kappa = 1` (:math:`l_1+l_2+l` even) or :math:`-i` (odd), shape ``(2l1+1, 2l2+1, 2l+1)``
    (``docs/conventions.md`` §6; equals ``coupling_tensor(..., basis="real")`` numerically).
    Intertwines :math:`D^{l_1}\otimes D^{l_2}\to D^{l}` in the real basis."""
    l1, l2, l = (as_degree(v, n) for v, n in ((l1, "l1"), (l2, "l2"), (l, "l")))
    return _real_cg(l1, l2, l)


def _radial(radial, r):
    if radial is None:
        return sp.Function("f")(r)
    return radial


def se3_kernel(l_in, l_out, J, *, radial=None, system: str = "cartesian") -> sp.Matrix:
    r"""Exact Wigner–Eckart SE(3) kernel :math:`\kappa^J` of shape ``(2l_out+1, 2l_in+1)``
    (module docstring) in the real basis.

    ``system="cartesian"``: an expression in real symbols x, y, z with
    :math:`r = \sqrt{x^2+y^2+z^2}` and ``radial`` (default the undefined function ``f(r)``);
    ``system="spherical"``: in ``(r, theta, phi)`` through
    :func:`gaugemath.symbolic.real_spherical_harmonic`.  ``ValueError`` unless
    :math:`|l_{in}-l_{out}|\le J\le l_{in}+l_{out}`."""
    l_in, l_out, J = (as_degree(v, n) for v, n in ((l_in, "l_in"), (l_out, "l_out"), (J, "J")))
    if not abs(l_in - l_out) <= J <= l_in + l_out:
        raise ValueError(f"J must satisfy |l_in - l_out| <= J <= l_in + l_out = {l_in + l_out}, got J={J}")
    system = check_choice(system, "system", ("cartesian", "spherical"))
    C = real_coupling_tensor(J, l_in, l_out)
    if system == "cartesian":
        x, y, z = cartesian_symbols(3)
        r = sp.sqrt(x**2 + y**2 + z**2)
        Y = solid_harmonics(J, "real") / r**J
    else:
        from .harmonics import real_spherical_harmonic

        r, th, ph = sp.Symbol("r", positive=True), sp.Symbol("theta", real=True), sp.Symbol("phi", real=True)
        Y = sp.Matrix([real_spherical_harmonic(J, m, th, ph) for m in range(-J, J + 1)])
    phi = _radial(radial, r)
    K = sp.zeros(2 * l_out + 1, 2 * l_in + 1)
    for o in range(2 * l_out + 1):
        for i in range(2 * l_in + 1):
            K[o, i] = phi * sum(C[m, i, o] * Y[m] for m in range(2 * J + 1))
    return K


def se3_kernel_basis(l_in, l_out, *, parities=None, radial=None, system: str = "cartesian") -> list:
    r"""``[(J, kernel)]`` for all :math:`|l_{in}-l_{out}|\le J\le l_{in}+l_{out}`; with
    ``parities = (p_in, p_out)`` (O(3)) only :math:`(-1)^Jp_{in}p_{out} = 1`."""
    l_in, l_out = as_degree(l_in, "l_in"), as_degree(l_out, "l_out")
    Js = range(abs(l_in - l_out), l_in + l_out + 1)
    if parities is not None:
        p_in, p_out = parities
        Js = [J for J in Js if (-1) ** J * p_in * p_out == 1]
    return [(J, se3_kernel(l_in, l_out, J, radial=radial, system=system)) for J in Js]


def _psi(a):
    return sp.Matrix([[sp.cos(a), -sp.sin(a)], [sp.sin(a), sp.cos(a)]])


def se2_kernel_basis(k_in, k_out, *, group="SO2", basis: str = "real", signs=(1, 1), radial=None) -> list:
    r"""Exact SE(2) kernel solutions in polar form (module docstring; Weiler & Cesa 2019).

    ``group`` (a :mod:`gaugemath.groups` object or name, via ``groups.as_group``) SO(2):
    ``k_in``, ``k_out`` irreps of SO(2) in ``basis`` ("real": k ≥ 0, 2×2 for k ≥ 1, as
    :func:`~gaugemath.symbolic.irreps.so2_irrep`; "complex": any integer, 1×1).  O(2): the
    irreps of :func:`~gaugemath.symbolic.irreps.o2_irrep`, ``k ≥ 1`` or ``k = 0`` with sign
    ``signs = (s_in, s_out)`` (flip diag(1, −1) of ``groups.O2``).  Returns a list of SymPy
    matrices in ``(r, phi)`` (:func:`polar_symbols`), each times ``radial`` (default ``R(r)``)."""
    from ..groups import as_group

    G = as_group(group)
    if G.family not in ("SO2", "O2"):
        raise ValueError(f"group must be SO2 or O2, got {G.name}")
    group = G.family.lower()
    basis = check_choice(basis, "basis", ("complex", "real"))
    r, ph = polar_symbols()
    rad = sp.Function("R")(r) if radial is None else radial
    if group == "so2" and basis == "complex":
        for v, n in ((k_in, "k_in"), (k_out, "k_out")):
            if isinstance(v, bool) or not isinstance(v, int):
                raise TypeError(f"{n} must be an integer, got {v!r}")
        return [sp.Matrix([[rad * sp.exp(sp.I * (k_out - k_in) * ph)]])]
    if group == "o2" and basis == "complex":
        raise ValueError("O(2) irreps are real here; use basis='real'")
    m, n = as_degree(k_in, "k_in"), as_degree(k_out, "k_out")
    s_in, s_out = signs
    if s_in not in (1, -1) or s_out not in (1, -1):
        raise ValueError(f"signs must be a pair of +1/-1, got {signs!r}")
    flip = group == "o2"
    betas = [0, sp.pi / 2]
    xi = sp.diag(1, -1)
    out = []
    if n >= 1 and m >= 1:
        for b in betas[:1] if flip else betas:
            out.append(_psi((n - m) * ph + b))
            out.append(_psi((n + m) * ph + b) * xi)
    elif n >= 1:
        bs = ([0] if s_in == 1 else [sp.pi / 2]) if flip else betas
        out += [_psi(n * ph + b)[:, 0] for b in bs]
    elif m >= 1:
        bs = ([0] if s_out == 1 else [sp.pi / 2]) if flip else betas
        out += [sp.Matrix([[sp.cos(m * ph + b), sp.sin(m * ph + b)]]) for b in bs]
    else:
        if not flip or s_in == s_out:
            out.append(sp.Matrix([[1]]))
    return [(rad * K).applyfunc(sp.expand_trig) for K in out]

r"""Theorem (the SO(2) gauge constraint of mesh convolutions and its solution space).  For real
SO(2) irreps :math:`\rho_0 = 1`, :math:`\rho_n(g) = R(ng)` and orders :math:`n_{in}, n_{out}\le 3`:

1. every element of :func:`gaugemath.mesh.kernel_basis_elements` ``(n_out, n_in)`` (the
   ``kernels.r2`` solutions, read as exact matrices with β ∈ {0, π/2}) satisfies, identically in
   the symbols θ, g,

   .. math:: K(\theta - g) = \rho_{out}(-g)\,K(\theta)\,\rho_{in}(g);

2. among all kernels band-limited to :math:`F = n_{in} + n_{out} + 2`,
   :math:`K(\theta) = \sum_{f\le F} A_f\cos f\theta + B_f\sin f\theta`, the solutions form a space
   of dimension exactly :func:`gaugemath.mesh.kernel_dimension` = 1, 2, 4 (no, one, two nonzero
   orders), and the basis elements are linearly independent, hence a basis of it (de Haan et
   al., arXiv:2003.05425, Table 1; Weiler & Cesa, NeurIPS 2019, Table 8);
3. the θ-free (self-interaction) solutions :math:`K = \rho_{out}(g)K\rho_{in}(-g)` have the
   dimension ``len(self_kernel_basis(n_out, n_in))`` (1, 2 for equal orders 0, ≥ 1, else 0),
   and those elements satisfy it.

Decision procedure: with :math:`z = e^{i\theta}`, :math:`w = e^{ig}` every entry is a Laurent
polynomial in z, w with coefficients in :math:`\mathbb Q(i)`; an identity holds iff all
coefficients of the numerator vanish (``sympy.Poly``), and dimensions are exact ranks
(``Matrix.rank`` over the rationals, real and imaginary parts as separate equations).  Scope:
orders ≤ 3, exhaustive; band-limit F as stated (frequencies decouple, so higher ones are not
covered by this proof).  Negative controls: a basis element with a wrong frequency and a wrong
dimension formula are both rejected by the same procedure.
"""

import sympy as sp
from sympy import QQ
from sympy.polys.matrices import DomainMatrix

from gaugemath.mesh import kernel_basis, kernel_basis_elements, kernel_dimension, self_kernel_basis
from gaugemath.symbolic.verify import ProofResult

NMAX = 3
z, w = sp.symbols("z w", nonzero=True)


def _elements(n_out, n_in):
    return kernel_basis_elements(n_out, n_in)


def _dimension(n_out, n_in):
    return kernel_dimension(n_out, n_in)


def _cs(E):
    """(cos x, sin x) from E = e^{ix}."""
    return (E + 1 / E) / 2, (E - 1 / E) / (2 * sp.I)


def _rho(n, u):
    """ρ_n at the angle whose exponential is u (exact)."""
    if n == 0:
        return sp.Matrix([[1]])
    c, s = _cs(u**n)
    return sp.Matrix([[c, -s], [s, c]])


def _element(kind, f, beta, u):
    """The r2 element (kind, f, β) at the angle with exponential u, exactly."""
    if beta == 0.0:
        eb = sp.Integer(1)
    elif abs(beta - float(sp.pi / 2)) < 1e-15:
        eb = sp.I
    else:
        raise ValueError(f"unexpected phase {beta}")
    if kind in ("11", "12"):
        eb = 1 / eb  # cos(fθ − β), sin(fθ − β)
    c, s = _cs(u**f * eb)
    return {"11": lambda: sp.Matrix([[c]]), "21": lambda: sp.Matrix([[c], [s]]), "12": lambda: sp.Matrix([[c, s]]),
            "rot": lambda: sp.Matrix([[c, -s], [s, c]]), "refl": lambda: sp.Matrix([[c, s], [s, -c]])}[kind]()


def _laurent_coeffs(expr):
    """All coefficients of the Laurent polynomial expr in z, w (numerator after clearing powers)."""
    num, _ = sp.fraction(sp.together(sp.expand(expr)))
    num = sp.expand(num)
    return sp.Poly(num, z, w).coeffs() if num != 0 else []


def _constraint_coeffs(K_of, n_out, n_in):
    """Coefficients of K(θ − g) − ρ_out(−g) K(θ) ρ_in(g), entrywise; K_of(u) -> matrix at e^{iθ} = u."""
    diff = K_of(z / w) - _rho(n_out, 1 / w) * K_of(z) * _rho(n_in, w)
    out = []
    for e in diff:
        out.extend(_laurent_coeffs(e))
    return out


def _solution_dimension(n_out, n_in, F):
    """dim of {K band-limited to F : constraint} by exact rank.  The constraint is linear in K, so
    column k of the system is the coefficient vector of the constraint applied to the k-th
    elementary kernel (one entry = cos fθ or sin fθ, the others 0)."""
    d_out, d_in = (1 if n_out == 0 else 2), (1 if n_in == 0 else 2)
    M = F + n_out + n_in  # z^M w^M clears every negative power
    columns, monomials = [], {}
    for f in range(F + 1):
        for trig in (0, 1) if f else (0,):
            for i in range(d_out):
                for j in range(d_in):
                    def K_of(u, f=f, trig=trig, i=i, j=j):
                        E = sp.zeros(d_out, d_in)
                        E[i, j] = _cs(u**f)[trig]
                        return E

                    diff = K_of(z / w) - _rho(n_out, 1 / w) * K_of(z) * _rho(n_in, w)
                    col = {}
                    for entry, e in enumerate(diff):
                        poly = sp.Poly(sp.expand(e * z**M * w**M), z, w)
                        for mono, c in poly.as_dict().items():
                            re, im = sp.re(c), sp.im(c)
                            for part, val in (("re", re), ("im", im)):
                                if val != 0:
                                    key = (entry, mono, part)
                                    monomials.setdefault(key, len(monomials))
                                    col[monomials[key]] = val
                    columns.append(col)
    A = sp.zeros(max(len(monomials), 1), len(columns))
    for k, col in enumerate(columns):
        for r, val in col.items():
            A[r, k] = val
    return len(columns) - DomainMatrix.from_Matrix(A).convert_to(QQ).rank()  # exact, over the rationals


def _independent(n_out, n_in, elems):
    """Exact rank of the elements' Laurent coefficient vectors (powers z^-L..z^L per entry) equals their number."""
    L = 2 * NMAX
    vecs = []
    for kind, f, beta in elems:
        row = []
        for e in _element(kind, f, beta, z):
            P = sp.Poly(sp.expand(e * z**L), z)
            row.extend(P.coeff_monomial(z**k) for k in range(2 * L + 1))
        vecs.append(row)
    return sp.Matrix(vecs).rank() == len(elems) if vecs else True


def prove(orders=range(NMAX + 1)) -> ProofResult:
    import numpy as np

    cases, failed = 0, []
    theta = np.array([0.3, -1.7, 2.9])
    for n_out in orders:
        for n_in in orders:
            elems = _elements(n_out, n_in)
            numeric = kernel_basis(n_out, n_in, theta)
            for b, (kind, f, beta) in enumerate(elems):
                cases += 1
                if any(c != 0 for c in _constraint_coeffs(lambda u: _element(kind, f, beta, u), n_out, n_in)):
                    failed.append(f"element {(kind, f, beta)} of {n_in}->{n_out} violates the constraint")
                # the exact element is the one gaugemath evaluates
                exact = np.array([[[complex(sp.N(x.subs(z, sp.exp(sp.I * t)))).real for x in row]
                                   for row in _element(kind, f, beta, z).tolist()] for t in theta])
                if b < len(numeric) and np.abs(exact - numeric[b]).max() > 1e-13:
                    failed.append(f"element {(kind, f, beta)} of {n_in}->{n_out} differs from kernel_basis")
            cases += 1
            dim = _solution_dimension(n_out, n_in, n_out + n_in + 2)
            if dim != _dimension(n_out, n_in) or dim != len(elems) or not _independent(n_out, n_in, elems):
                failed.append(f"dimension {n_in}->{n_out}: nullspace {dim}, claimed {_dimension(n_out, n_in)}, "
                              f"{len(elems)} elements")
            cases += 1
            dim0 = _solution_dimension(n_out, n_in, 0)
            S = self_kernel_basis(n_out, n_in)
            exact_S = [sp.Matrix(K.astype(int).tolist()) for K in S]
            ok = dim0 == len(S) and all(
                not any(c != 0 for c in _constraint_coeffs(lambda u, K=K: K, n_out, n_in)) for K in exact_S)
            if not ok:
                failed.append(f"self-interaction {n_in}->{n_out}: nullspace {dim0}, {len(S)} elements")
    return ProofResult(f"SO(2) gauge kernel constraint on meshes, orders <= {NMAX}", cases, not failed,
                       "; ".join(failed[:6]))


def test_mesh_kernel_constraint():
    res = prove()
    assert res.holds, res.details


def test_mesh_kernel_constraint_detects_wrong_element(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    original = mod._elements

    def broken(n_out, n_in):  # frequency off by one in the 1 -> 2 "rot" elements
        return [(k, f + 1 if k == "rot" else f, b) for k, f, b in original(n_out, n_in)] if (n_out, n_in) == (2, 1) \
            else original(n_out, n_in)

    monkeypatch.setattr(mod, "_elements", broken)
    res = prove(orders=(1, 2))
    assert not res.holds and "of 1->2 violates the constraint" in res.details


def test_mesh_kernel_constraint_detects_wrong_dimension(monkeypatch):
    import sys

    mod = sys.modules[__name__]
    monkeypatch.setattr(mod, "_dimension", lambda n_out, n_in: 2 if n_out and n_in else kernel_dimension(n_out, n_in))
    res = prove(orders=(0, 1))
    assert not res.holds and "dimension 1->1: nullspace 4, claimed 2" in res.details

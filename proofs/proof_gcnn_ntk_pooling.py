r"""Theorem (G-CNN kernel with group pooling = group-averaged CNN kernel; an exact instance).

Network: one-channel images on the 3×3 torus (circular padding), a p4 lifting layer with
3×3 filters :math:`z_h(t) = \sum_y x(y)\,ψ(h^{-1}(y - t))` (Cohen & Welling 2016, Eq. 10), the
activation :math:`φ(u) = u^2`, group pooling (mean over h), global average pooling and a
dense readout; NTK parameterisation with :math:`σ_w = 1`, no biases.  Its NNGP and NTK equal

.. math:: \frac{1}{16} \sum_{h,h' \in C_4} K_{\mathrm{CNN}}(L_h x, L_{h'} x')

for the CNN with a 3×3 convolution in place of the lift, as an identity of polynomials in the
18 pixel values of x and x' (exact rational arithmetic; ``expand`` decides it).  The Gaussian
expectations are exact for :math:`φ(u) = u^2`: :math:`E[φ(u)φ(v)] = q_1q_2 + 2k^2` and
:math:`E[φ'(u)φ'(v)] = 4k`; the covariances are written out from the definitions above
(independently of :mod:`gaugemath.ntk`).  Negative control: with a ``Flatten`` readout in
place of global average pooling the same procedure finds a non-zero difference.

Scope: this grid, C4, this activation; the general statement (any depth of lifting / group
convolutions with pointwise nonlinearities, "valid"/"same"/"circular" padding, p4 and p4m,
both parameterisations) is checked numerically to rounding in
``tests/ntk/test_ntk_group_identities.py``.
"""

import pytest
from sympy import QQ
from sympy.polys.rings import ring

from gaugemath.symbolic.verify import ProofResult

pytestmark = pytest.mark.proof

N = 3
PIX = [(i, j) for i in range(N) for j in range(N)]
R, *GENS = ring(",".join([f"x{i}{j}" for i, j in PIX] + [f"y{i}{j}" for i, j in PIX]), QQ)
X = dict(zip(PIX, GENS[:9]))
Y = dict(zip(PIX, GENS[9:]))
OFFSETS = [(a, b) for a in (-1, 0, 1) for b in (-1, 0, 1)]  # filter offsets z in (x right, y up)


def rot(k, v):
    """r^k on (x, y) coordinates, r = +90°: (x, y) -> (-y, x)."""
    x, y = v
    for _ in range(k % 4):
        x, y = -y, x
    return x, y


def to_xy(p):
    return p[1] - 1, 1 - p[0]


def to_pix(v):
    return (1 - v[1]) % N, (v[0] + 1) % N


def act(img, k):
    """[L_{r^k} f](p) = f(r^{-k} p)."""
    return {p: img[to_pix(rot(-k, to_xy(p)))] for p in PIX}


def shift(p, z):
    v = to_xy(p)
    return to_pix((v[0] + z[0], v[1] + z[1]))


def cov_lift(a, b, h, hp):
    """Σ[(h, t), (h', t')] = (1/9) Σ_z a(t + h z) b(t' + h' z) for all t, t'."""
    return {(t, tp): sum((a[shift(t, rot(h, z))] * b[shift(tp, rot(hp, z))] for z in OFFSETS), R.zero) / 9
            for t in PIX for tp in PIX}


def readout(pairs, flatten=False):
    """NNGP and NTK after φ = u², pooling over the listed (h, h') blocks, GAP (or Flatten), Dense."""
    nngp = ntk = R.zero
    for kxx, kyy, kxy in pairs:
        for t in PIX:
            for tp in ([t] if flatten else PIX):
                k = kxy[(t, tp)]
                e = kxx[(t, t)] * kyy[(tp, tp)] + 2 * k * k
                nngp += e
                ntk += e + 4 * k * k  # Θ = Σ' + E[φ'φ'] Θ_1 with Θ_1 = Σ_1 (first layer)
    norm = len(pairs) * (len(PIX) if flatten else len(PIX) ** 2)
    return nngp / norm, ntk / norm


def gcnn_kernel(flatten=False):
    blocks = [(cov_lift(X, X, h, h), cov_lift(Y, Y, hp, hp), cov_lift(X, Y, h, hp)) for h in range(4) for hp in range(4)]
    return readout(blocks, flatten)


def averaged_cnn_kernel(flatten=False):
    blocks = []
    for h in range(4):
        for hp in range(4):
            a, b = act(X, h), act(Y, hp)
            blocks.append((cov_lift(a, a, 0, 0), cov_lift(b, b, 0, 0), cov_lift(a, b, 0, 0)))
    return readout(blocks, flatten)


def prove(flatten=False) -> ProofResult:
    g, c = gcnn_kernel(flatten), averaged_cnn_kernel(flatten)
    diffs = [g[0] - c[0], g[1] - c[1]]
    holds = all(d == R.zero for d in diffs)
    label = "Flatten readout" if flatten else "GlobalAvgPool readout"
    return ProofResult(f"p4 G-CNN kernel = group-averaged CNN kernel ({label}, NNGP and NTK)", 2, holds,
                       "" if holds else f"non-zero difference with {len(diffs[0].terms())} terms")


def test_gcnn_ntk_pooling():
    res = prove()
    assert res.holds, res.details


def test_gcnn_ntk_pooling_negative_control():
    res = prove(flatten=True)
    assert not res.holds

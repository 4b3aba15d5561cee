"""The SO(2) gauge kernel constraint K(θ − g) = ρ_out(−g) K(θ) ρ_in(g): every basis element satisfies
it, the basis is complete (independent sampled nullspace with gaugemath._linalg.nullspace, the
irreps from gaugemath.reps), the Fourier form is exact, and bad input is refused."""

import numpy as np
import pytest

from gaugemath._linalg import nullspace
from gaugemath.mesh import (
    kernel_basis,
    kernel_basis_elements,
    kernel_constraint_residual,
    kernel_dimension,
    kernel_fourier,
    self_kernel_basis,
)

ORDERS = range(4)


def rho(n, g):
    from gaugemath.groups import SO2
    from gaugemath.reps import so2_irrep

    return so2_irrep("SO2", n, "real")(SO2.from_angle(np.asarray(g, dtype=float)))


def d(n):
    return 1 if n == 0 else 2


@pytest.mark.parametrize("n_out", ORDERS)
@pytest.mark.parametrize("n_in", ORDERS)
def test_basis_satisfies_constraint(n_out, n_in):
    rng = np.random.default_rng(10 * n_out + n_in)
    th, g = rng.uniform(-7, 7, 200), rng.uniform(-7, 7, 200)
    B = kernel_basis(n_out, n_in, th)
    assert B.shape == (kernel_dimension(n_out, n_in), 200, d(n_out), d(n_in))
    B_shift = kernel_basis(n_out, n_in, th - g)
    rhs = rho(n_out, -g)[None] @ B @ rho(n_in, g)[None]
    assert np.abs(B_shift - rhs).max() < 1e-13
    for b in range(len(B)):
        assert kernel_constraint_residual(lambda t, b=b: kernel_basis(n_out, n_in, t)[b], n_out, n_in, th, g) < 1e-13


def _fourier_design(n_out, n_in, fmax, th):
    """Values of the generic trigonometric kernel Σ_f A_f cos fθ + B_f sin fθ, one column per coefficient."""
    cols = []
    for f in range(fmax + 1):
        for trig in (np.cos, np.sin):
            if f == 0 and trig is np.sin:
                continue
            for i in range(d(n_out)):
                for j in range(d(n_in)):
                    E = np.zeros((len(th), d(n_out), d(n_in)))
                    E[:, i, j] = trig(f * th)
                    cols.append(E)
    return np.stack(cols, axis=-1)  # (N, d_out, d_in, n_coeff)


@pytest.mark.parametrize("n_out", ORDERS)
@pytest.mark.parametrize("n_in", ORDERS)
def test_basis_is_complete(n_out, n_in):
    """Independent count: nullspace of the sampled constraint on all kernels of band-limit n_in + n_out + 2."""
    rng = np.random.default_rng(7)
    fmax = n_out + n_in + 2
    th, g = rng.uniform(-np.pi, np.pi, 40), rng.uniform(-np.pi, np.pi, 40)
    D0, D1 = _fourier_design(n_out, n_in, fmax, th), _fourier_design(n_out, n_in, fmax, th - g)
    lhs = D1 - np.einsum("nab,nbcm,ncd->nadm", rho(n_out, -g), D0, rho(n_in, g))
    A = lhs.reshape(-1, lhs.shape[-1])
    N = nullspace(A, tol=1e-10)
    assert N.shape[1] == kernel_dimension(n_out, n_in) == len(kernel_basis_elements(n_out, n_in))
    # every basis kernel lies in that nullspace: its coefficients (least squares on a grid) are annihilated
    grid = np.linspace(-np.pi, np.pi, 64, endpoint=False)
    G = _fourier_design(n_out, n_in, fmax, grid).reshape(-1, A.shape[1])
    for Bk in kernel_basis(n_out, n_in, grid):
        c = np.linalg.lstsq(G, Bk.ravel(), rcond=None)[0]
        assert np.abs(G @ c - Bk.ravel()).max() < 1e-12  # band-limited
        assert np.abs(A @ c).max() < 1e-12
        assert np.linalg.norm(c - N @ (N.T @ c)) < 1e-12


@pytest.mark.parametrize("n_out", ORDERS)
@pytest.mark.parametrize("n_in", ORDERS)
def test_self_kernel_basis_is_the_intertwiner_space(n_out, n_in):
    g = np.random.default_rng(2).uniform(-np.pi, np.pi, 6)
    m = d(n_out) * d(n_in)
    # vec(ρ_out(g) K ρ_in(−g) − K) = (ρ_out(g) ⊗ ρ_in(g)) vec K − vec K   (row-major vec)
    A = np.concatenate([np.kron(rho(n_out, gi), rho(n_in, gi)) - np.eye(m) for gi in g])
    N = nullspace(A)
    S = self_kernel_basis(n_out, n_in)
    assert len(S) == N.shape[1] == (0 if n_out != n_in else d(n_out))
    for K in S:
        assert np.abs(rho(n_out, g) @ K @ rho(n_in, -g) - K).max() < 1e-14


def test_fourier_form_is_exact():
    th = np.random.default_rng(0).uniform(-5, 5, 100)
    for n_out in ORDERS:
        for n_in in ORDERS:
            f, P, Q = kernel_fourier(n_out, n_in)
            assert np.all(f >= 0) and set(f) <= {abs(n_out - n_in), n_out + n_in}
            rec = np.cos(f[:, None, None, None] * th[None, :, None, None]) * P[:, None] + \
                np.sin(f[:, None, None, None] * th[None, :, None, None]) * Q[:, None]
            np.testing.assert_allclose(rec, kernel_basis(n_out, n_in, th), rtol=0, atol=1e-13)


def test_table_of_de_haan():
    """Frequencies of the solutions (de Haan et al. 2021, Table 1): |n_out − n_in| and n_out + n_in."""
    assert kernel_basis_elements(0, 0) == [("11", 0, 0.0)]
    assert sorted({abs(f) for _, f, _ in kernel_basis_elements(2, 1)}) == [1, 3]
    assert sorted({abs(f) for _, f, _ in kernel_basis_elements(0, 3)}) == [3]
    assert [kernel_dimension(a, b) for a, b in ((0, 0), (0, 2), (3, 0), (1, 1), (2, 5))] == [1, 2, 2, 4, 4]


def test_negative_control_wrong_frequency_fails():
    th, g = np.linspace(-3, 3, 50), np.linspace(1, 2, 50)
    # ψ((m − n + 1)θ) for 1 → 2: off by one frequency, not a solution
    from gaugemath.groups import SO2

    assert kernel_constraint_residual(lambda t: SO2.from_angle(2 * t), 2, 1, th, g) > 0.1
    assert kernel_constraint_residual(lambda t: SO2.from_angle(1 * t), 2, 1, th, g) < 1e-14


def test_bad_input():
    with pytest.raises(ValueError, match="n_out"):
        kernel_dimension(-1, 0)
    with pytest.raises(TypeError, match="n_in"):
        kernel_basis(1, 1.5, [0.0])
    with pytest.raises(TypeError, match="n_in"):
        self_kernel_basis(1, True)
    with pytest.raises(ValueError, match="shape"):
        kernel_constraint_residual(lambda t: np.zeros((len(t), 2, 2)), 1, 0, [0.1], [0.2])
    with pytest.raises(ValueError, match="same size"):
        kernel_constraint_residual(lambda t: np.zeros((len(t), 1, 1)), 0, 0, [0.1, 0.2], [0.2])
    with pytest.raises(TypeError, match="callable"):
        kernel_constraint_residual(np.eye(2), 1, 1, [0.1], [0.2])
    with pytest.raises(ValueError, match="theta"):
        kernel_basis(1, 1, [np.nan])

"""Exact verification: accepts correct objects, rejects broken ones with the right residual."""

import json

import numpy as np
import pytest
import sympy as sp

import gaugemath
from gaugemath.symbolic import coupling_tensor
from gaugemath.symbolic.kernels import real_coupling_tensor, se2_kernel_basis, se3_kernel, solid_harmonics
from gaugemath.symbolic import (
    character_inner_product,
    complex_to_real_exact,
    dihedral_irrep,
    direct_sum,
    dual,
    finite_representation,
    o2_irrep,
    o3_irrep,
    parse_representation,
    so2_irrep,
    so3_irrep,
    su2_irrep,
    tensor_product,
)
from gaugemath.symbolic.verify import solve_intertwiners, verify_intertwiner, verify_kernel_constraint


def cg_matrix(C, l1, l2, l):
    return sp.Matrix(2 * l + 1, (2 * l1 + 1) * (2 * l2 + 1), lambda m, k: C[k // (2 * l2 + 1), k % (2 * l2 + 1), m])


def test_generators_integrate_to_core_wigner_D():
    from scipy.linalg import expm

    for basis in ("complex", "real"):
        for l in range(4):
            X = [np.array(sp.Matrix(M).evalf().tolist(), dtype=complex) for M in so3_irrep("SO3", l, basis).lie_generators]
            for k in range(3):
                axis = np.eye(3)[k]
                D = gaugemath.wigner_D(l, gaugemath.so3.from_axis_angle(axis, 0.7), basis=basis)
                assert np.abs(expm(0.7 * X[k]) - D).max() < 1e-13


def test_exact_Q_equals_core():
    for l in range(5):
        Q = np.array(sp.Matrix(complex_to_real_exact(l)).evalf().tolist(), dtype=complex)
        assert np.abs(Q - gaugemath.complex_to_real(l)).max() < 1e-15


@pytest.mark.parametrize("l1,l2,l", [(1, 1, 0), (1, 1, 1), (1, 1, 2), (1, 2, 2), (2, 2, 3)])
def test_cg_intertwiner_accepted_and_broken_rejected(l1, l2, l):
    W = cg_matrix(coupling_tensor(l1, l2, l), l1, l2, l)
    rin = tensor_product(so3_irrep("SO3", l1, "complex"), so3_irrep("SO3", l2, "complex"))
    rout = so3_irrep("SO3", l, "complex")
    assert verify_intertwiner(W, rin, rout).holds is True
    # one sign flipped: fails (at L_x) with the exact residual W' X_in - X_out W'
    Wb = W.copy()
    k = next(i for i, v in enumerate(Wb) if v != 0)
    Wb[k] = -Wb[k]
    cert = verify_intertwiner(Wb, rin, rout)
    assert cert.holds is False and cert.failing.name in ("L_x", "L_y")
    expected = (Wb * sp.Matrix(rin.lie_generators[0]) - sp.Matrix(rout.lie_generators[0]) * Wb).applyfunc(sp.expand)
    assert (cert.residual - expected).applyfunc(sp.simplify) == sp.zeros(*expected.shape)
    # transposed CG (the roles of l1 and l2 swapped) fails unless l1 == l2 symmetric case holds by symmetry
    if l1 != l2:
        Wt = cg_matrix(coupling_tensor(l2, l1, l), l2, l1, l)
        assert verify_intertwiner(Wt, rin, rout).holds is False
    # wrong l: the same W checked against D^{l+1} has the wrong shape → ValueError
    with pytest.raises(ValueError, match="shape"):
        verify_intertwiner(W, rin, so3_irrep("SO3", l + 1, "complex"))


def test_real_cg_is_real_intertwiner_and_matches_core():
    from gaugemath.coupling import coupling_tensor as numeric

    for l1, l2, l in [(1, 1, 1), (1, 1, 2), (2, 1, 2), (2, 2, 2)]:
        C = real_coupling_tensor(l1, l2, l)
        arr = np.array(sp.Array(C).tolist(), dtype=float) if False else np.array(
            [[[float(C[a, b, c]) for c in range(2 * l + 1)] for b in range(2 * l2 + 1)] for a in range(2 * l1 + 1)])
        assert np.abs(arr - numeric(l1, l2, l, basis="real")).max() < 1e-13
        W = cg_matrix(C, l1, l2, l)
        assert verify_intertwiner(W, tensor_product(so3_irrep("SO3", l1), so3_irrep("SO3", l2)), so3_irrep("SO3", l)).holds


@pytest.mark.parametrize("rin,rout", [
    (tensor_product(so3_irrep("SO3", 1), so3_irrep("SO3", 1)), direct_sum(so3_irrep("SO3", 0), so3_irrep("SO3", 1), so3_irrep("SO3", 2))),
    (tensor_product(so3_irrep("SO3", 1, "complex"), so3_irrep("SO3", 1, "complex")), so3_irrep("SO3", 1, "complex")),
    (tensor_product(o3_irrep("O3", 1, -1), o3_irrep("O3", 1, -1)), direct_sum(o3_irrep("O3", 1, 1), o3_irrep("O3", 1, -1))),
    (tensor_product(o2_irrep("O2", 1), o2_irrep("O2", 2)), direct_sum(o2_irrep("O2", 1), o2_irrep("O2", 3), o2_irrep("O2", 0, -1))),
    (direct_sum(so2_irrep("SO2", 1), so2_irrep("SO2", -1)), so2_irrep("SO2", 1, "real")),
    (tensor_product(su2_irrep("SU2", sp.Rational(1, 2)), su2_irrep("SU2", 1)), su2_irrep("SU2", sp.Rational(3, 2))),
    (dual(so3_irrep("SO3", 2, "complex")), so3_irrep("SO3", 2, "complex")),
    (tensor_product(dihedral_irrep("D4", 1), dihedral_irrep("D4", 1)), direct_sum(*[dihedral_irrep("D4", 0, (a, b)) for a in (1, -1) for b in (1, -1)])),
])
def test_solution_space_size_equals_character_inner_product(rin, rout):
    sol = solve_intertwiners(rin, rout)
    assert len(sol) == character_inner_product(rin, rout)
    for W in sol:
        assert verify_intertwiner(W, rin, rout).holds is True


def test_se3_kernel_accepted_and_broken_rejected():
    K = se3_kernel(1, 1, 2)
    assert verify_kernel_constraint(K, "so3", so3_irrep("SO3", 1), so3_irrep("SO3", 1)).holds is True
    Kb = K.copy()
    Kb[0, 1] = -Kb[0, 1]
    cert = verify_kernel_constraint(Kb, "so3", so3_irrep("SO3", 1), so3_irrep("SO3", 1))
    assert cert.holds is False and cert.residual != sp.zeros(3, 3)
    # wrong l: the J=2 kernel is not a (0 -> 2) kernel of the right shape
    with pytest.raises(ValueError, match="shape"):
        verify_kernel_constraint(K, "so3", so3_irrep("SO3", 0), so3_irrep("SO3", 2))
    # O(3): parity selection: J=1 from 1o to 1o is odd -> fails the inversion
    K1 = se3_kernel(1, 1, 1)
    cert = verify_kernel_constraint(K1, "o3", o3_irrep("O3", 1, -1), o3_irrep("O3", 1, -1))
    assert cert.holds is False and cert.failing.kind == "group"
    assert verify_kernel_constraint(K1, "o3", o3_irrep("O3", 1, -1), o3_irrep("O3", 1, 1)).holds is True


def test_se3_kernel_spherical_coordinates():
    K = se3_kernel(0, 1, 1, system="spherical")
    assert verify_kernel_constraint(K, "so3", so3_irrep("SO3", 0), so3_irrep("SO3", 1), system="spherical").holds is True


def test_solid_harmonics_match_core():
    x, y, z = sp.symbols("x y z", real=True)
    pt = np.array([0.3, -0.4, 0.8])
    for l in range(5):
        f = sp.lambdify((x, y, z), solid_harmonics(l) / (x**2 + y**2 + z**2) ** sp.Rational(l, 2))
        num = gaugemath.spherical_harmonics_xyz(l, pt, basis="real")[l * l:]
        assert np.abs(np.asarray(f(*pt), dtype=float).ravel() - num).max() < 1e-13


def test_se2_and_finite_kernels():
    for K in se2_kernel_basis(1, 2):
        assert verify_kernel_constraint(K, "so2", so2_irrep("SO2", 1, "real"), so2_irrep("SO2", 2, "real"), system="polar").holds
    bad = se2_kernel_basis(1, 2)[0].subs(sp.Symbol("phi", real=True), 2 * sp.Symbol("phi", real=True))
    assert verify_kernel_constraint(bad, "so2", so2_irrep("SO2", 1, "real"), so2_irrep("SO2", 2, "real"), system="polar").holds is False
    # C4 on R^2 in Cartesian coordinates: the kernel [[x, -y], [y, x]] . (x^2+y^2) commutes with rotations by 90 deg
    x, y = sp.symbols("x y", real=True)
    from gaugemath.symbolic import cyclic_irrep

    c4 = cyclic_irrep("C4", 1, "real")  # r -> R(pi/2), the generator of groups.cyclic(4)
    K = sp.Matrix([[x, -y], [y, x]])
    assert not verify_kernel_constraint(K, "C4", c4, c4, coordinates=(x, y))  # frequency 1 aliasing fails
    K2 = sp.Matrix([[x**4 - 6 * x**2 * y**2 + y**4, 0], [0, x**4 - 6 * x**2 * y**2 + y**4]])
    assert verify_kernel_constraint(K2, "C4", c4, c4, coordinates=(x, y)).holds is True


def test_bad_input():
    with pytest.raises(ValueError, match="not the same group"):
        verify_intertwiner(sp.eye(3), so3_irrep("SO3", 1), o3_irrep("O3", 1, -1))
    with pytest.raises(ValueError, match="shape"):
        verify_intertwiner(sp.zeros(3, 2), so3_irrep("SO3", 1), so3_irrep("SO3", 1))
    with pytest.raises(TypeError, match="exact"):
        verify_intertwiner(np.eye(3), so3_irrep("SO3", 1), so3_irrep("SO3", 1))
    a = sp.Symbol("a")
    x, y, z = sp.symbols("x y z", real=True)
    with pytest.raises(ValueError, match="free symbols"):
        verify_kernel_constraint(sp.Matrix([[a * x]]), "so3", so3_irrep("SO3", 0), so3_irrep("SO3", 0))
    with pytest.raises(ValueError, match="shape"):
        verify_kernel_constraint(sp.Matrix([[x, y]]), "so3", so3_irrep("SO3", 0), so3_irrep("SO3", 0))
    with pytest.raises(ValueError, match="not the same group"):
        verify_kernel_constraint(sp.Matrix([[1]]), "so2", so3_irrep("SO3", 0), so3_irrep("SO3", 0))
    with pytest.raises(ValueError):
        parse_representation("so4:1")
    with pytest.raises(ValueError):
        so2_irrep("SO2", -1, "real")
    with pytest.raises(TypeError):
        so3_irrep("SO3", 1).__class__("so3", 1, [np.array([[0.5]])] * 3)


def test_parse_labels():
    r = parse_representation("o2:0++o2:0-+o2:2")
    assert r.dim == 4 and r.group.family == "O2" and r.group is gaugemath.groups.as_group("O2")
    assert parse_representation("su2:1/2").dim == 2
    assert parse_representation("o3:1o").group_generators[0] == -sp.eye(3)


def test_from_numeric_finite_and_compact():
    from gaugemath.symbolic import from_numeric

    from gaugemath import groups, reps

    ex = from_numeric(reps.so3_irrep(groups.SO3(), 2, "real"))
    assert ex.group.family == "SO3"
    ref = so3_irrep("SO3", 2)
    for A, B in zip(ex.lie_generators, ref.lie_generators):
        assert (sp.Matrix(A) - sp.Matrix(B)).applyfunc(sp.simplify) == sp.zeros(5, 5)


def test_cli_verify_and_prove(tmp_path, capsys):
    from gaugemath.cli import main

    W = cg_matrix(real_coupling_tensor(1, 1, 0), 1, 1, 0)
    f = tmp_path / "w.json"
    f.write_text(json.dumps({"W": [[str(v) for v in W.row(0)]], "rho_in": "so3:1", "rho_out": "so3:0"}))
    assert main(["verify", str(f)]) == 2  # rho_in has the wrong dimension for W (needs so3:1 x so3:1)
    np.savez(tmp_path / "k.npz", W=np.eye(3), rho_in="so3:1", rho_out="so3:1")
    assert main(["verify", str(tmp_path / "k.npz")]) == 0
    np.savez(tmp_path / "b.npz", W=np.diag([1.0, -1.0, 1.0]), rho_in="so3:1", rho_out="so3:1")
    assert main(["verify", str(tmp_path / "b.npz")]) == 1
    out = capsys.readouterr().out
    assert "FAILS" in out and "residual" in out
    g = tmp_path / "kern.json"
    g.write_text(json.dumps({"kernel": [["x*f(r)"], ["y*f(r)"], ["z*f(r)"]], "group": "so3", "rho_in": "so3:0",
                             "rho_out": "o3:1o", "system": "cartesian"}))
    assert main(["verify", str(g)]) == 2  # different groups
    g.write_text(json.dumps({"kernel": [["y*f(r)"], ["z*f(r)"], ["x*f(r)"]], "group": "so3", "rho_in": "so3:0",
                             "rho_out": "so3:1"}))
    assert main(["verify", str(g)]) == 0
    assert main(["prove", "-k", "cg_orthogonality"]) == 0
    assert "PROVED" in capsys.readouterr().out


def test_prove_prints_to_the_current_stdout():
    """The proof table goes to sys.stdout as it is at call time (not at import time)."""
    import contextlib
    import io

    from gaugemath.symbolic.cli import run_proofs

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rows = run_proofs(keyword="cg_orthogonality")
    assert rows and "PROVED" in buf.getvalue()

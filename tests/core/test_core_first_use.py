"""First use of the numerical core: e3nn reference values without torch, accuracy against
mpmath at 40 digits, the fixed-degree / serial / parallel kernels against each other and
against independent formulas, clear errors for bad input, the compile lock, warmup."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest

from gaugemath import _jit, so3
from gaugemath import _wigner_degree_kernels as wdk
from gaugemath import _wigner_kernels as wk
from gaugemath.coupling import coupling_tensor
from gaugemath.harmonics import spherical_harmonics, spherical_harmonics_xyz
from gaugemath.real_basis import complex_to_real
from gaugemath.references import wigner_D_mpmath, wigner_d_mpmath
from gaugemath.wigner import wigner_d, wigner_D, wigner_d_all, wigner_D_all

DATA = Path(__file__).resolve().parents[1] / "data" / "e3nn_reference.npz"
EPS = np.finfo(float).eps


# ---------------------------------------------------------------- e3nn reference values (no torch)


@pytest.fixture(scope="module")
def e3nn_ref():
    with np.load(DATA) as f:
        return {k: f[k] for k in f.files}


def test_reference_file_records_versions(e3nn_ref):
    assert str(e3nn_ref["e3nn_version"]).count(".") >= 1
    assert str(e3nn_ref["torch_version"]).count(".") >= 1


def test_wigner_D_matches_e3nn_reference(e3nn_ref):
    M = e3nn_ref["matrices"]
    for ell in range(5):
        np.testing.assert_allclose(wigner_D(ell, M, convention="e3nn"), e3nn_ref[f"D_{ell}"], rtol=0, atol=1e-13)


def test_spherical_harmonics_match_e3nn_reference(e3nn_ref):
    got = spherical_harmonics_xyz(4, e3nn_ref["points"], convention="e3nn")
    np.testing.assert_allclose(got, e3nn_ref["sh"], rtol=0, atol=1e-13)


def test_wigner_3j_matches_e3nn_reference(e3nn_ref):
    keys = [k for k in e3nn_ref if k.startswith("w3j_")]
    assert len(keys) >= 10
    for key in keys:
        l1, l2, l3 = (int(v) for v in key.split("_")[1:])
        got = coupling_tensor(l1, l2, l3, convention="e3nn")
        np.testing.assert_allclose(got, e3nn_ref[key], rtol=0, atol=1e-14)


# ---------------------------------------------------------------- accuracy vs mpmath (40 digits)


@pytest.mark.parametrize("ell", [1, 2, 3, 5, 8, 12, 17, 20])
def test_D_within_few_ulp_of_mpmath(ell):
    """Complex and real D against D evaluated at 40 digits from the exact quaternion
    components; the bound (ell + 4) eps is below spherical's error at every ell measured in
    benchmarks/accuracy_core.py (e.g. 2.0e-15 at ell = 17; ours 1.1e-15)."""
    q = so3.as_quaternion(so3.random(3, seed=100 + ell))
    Q = complex_to_real(ell)
    for qi in q:
        ref = np.array([[complex(v) for v in row] for row in wigner_D_mpmath(ell, qi, 40)])
        np.testing.assert_allclose(wigner_D(ell, qi), ref, rtol=0, atol=(ell + 4) * EPS)
        np.testing.assert_allclose(wigner_D_all(ell, qi)[ell], ref, rtol=0, atol=(ell + 4) * EPS)
        ref_real = (Q @ ref.conj() @ Q.conj().T).real
        np.testing.assert_allclose(wigner_D(ell, qi, basis="real"), ref_real, rtol=0, atol=(ell + 4) * EPS)
        np.testing.assert_allclose(wigner_D_all(ell, qi, basis="real")[ell], ref_real, rtol=0, atol=(ell + 4) * EPS)


@pytest.mark.parametrize("spin", [1, -2, 3])
def test_spin_weighted_within_few_ulp_of_mpmath(spin):
    """sY_lm = (-1)^s sqrt((2l+1)/4pi) d^l_{m,-s}(theta) e^{im phi} at 40 digits, l <= 20."""
    L = 20
    rng = np.random.default_rng(5)
    for th, ph in zip(rng.uniform(0, math.pi, 2), rng.uniform(-math.pi, math.pi, 2)):
        Y = spherical_harmonics(L, th, ph, spin=spin)
        for ell in (abs(spin), 7, 13, L):
            for m in range(-ell, ell + 1, 3):
                with mpmath.workdps(40):
                    d = mpmath.mpf(wigner_d_mpmath(ell, m, -spin, th, 40))
                    ref = complex((-1) ** spin * mpmath.sqrt(mpmath.mpf(2 * ell + 1) / (4 * mpmath.pi)) * d * mpmath.expj(m * mpmath.mpf(ph)))
                assert abs(Y[ell * ell + ell + m] - ref) <= (ell + 8) * EPS, (ell, m)


def test_half_integer_d_outside_zero_pi():
    """d^j(beta) for beta outside [0, pi] (the start value's signs): d(-b) = d(b)^T, d(b + 2pi) = -d(b)."""
    for j in (0.5, 1.5, 2.5):
        d = wigner_d(j, 0.7)
        np.testing.assert_allclose(wigner_d(j, -0.7), d.T, rtol=0, atol=1e-15)
        np.testing.assert_allclose(wigner_d(j, 0.7 + 2 * math.pi), -d, rtol=0, atol=1e-14)
    for ell in (1, 4):
        np.testing.assert_allclose(wigner_d(ell, -0.7), wigner_d(ell, 0.7).T, rtol=0, atol=1e-15)


# ---------------------------------------------------------------- kernels against each other


def test_fixed_degree_d_at_high_degree_and_near_the_poles():
    """The fixed-degree wedge recursion against mpmath at l = 120 near both poles (where the
    recursion in the degree used before lost 5e-13) and at l = 400, plus orthogonality."""
    betas = np.array([1e-3, 0.9, 2.7, math.pi - 1e-6])
    d = wigner_d(120, betas)
    picks = [(119, 119), (105, -115), (0, 0), (-120, 120), (60, -3)]
    for i, b in enumerate(betas):
        for mp_, m in picks:
            assert abs(d[i, mp_ + 120, m + 120] - wigner_d_mpmath(120, mp_, m, float(b), 200)) <= 2e-15
        np.testing.assert_allclose(d[i] @ d[i].T, np.eye(241), rtol=0, atol=1e-14)
    d400 = wigner_d(400, 1.3)
    for mp_, m in [(0, 0), (399, -398), (-200, 150), (37, 400)]:
        assert abs(d400[mp_ + 400, m + 400] - wigner_d_mpmath(400, mp_, m, 1.3, 300)) <= 1e-13


def test_parallel_kernels_equal_serial():
    q = so3.as_quaternion(so3.random(9, seed=4))
    b = np.linspace(0.0, 3.0, 9)
    for n in (0, 3, 10):
        dim = 2 * n + 1
        c, (ta, tb) = wk.c_row(n), wk.legendre_tables(n)
        s, p = np.empty((9, dim, dim), complex), np.empty((9, dim, dim), complex)
        wdk.wigner_D_degree(n, q, c, ta, tb, s)
        wdk.wigner_D_degree_parallel(n, q, c, ta, tb, p, 4)
        assert np.array_equal(s, p)
        s, p = np.empty((9, dim, dim)), np.empty((9, dim, dim))
        wdk.wigner_D_real_degree(n, q, c, ta, tb, s)
        wdk.wigner_D_real_degree_parallel(n, q, c, ta, tb, p, 3)
        assert np.array_equal(s, p)
        wdk.wigner_d_degree(n, b, c, ta, tb, s)
        wdk.wigner_d_degree_parallel(n, b, c, ta, tb, p, 5)
        assert np.array_equal(s, p)


def test_parallel_path_through_public_api(monkeypatch):
    """Above the work threshold the public functions switch to the parallel kernels; the
    results agree with the serial path."""
    q = so3.as_quaternion(so3.random(40, seed=6))
    th, ph = np.linspace(0, math.pi, 40), np.linspace(-3, 3, 40)

    def evaluate():
        return (
            wigner_D(6, q),
            wigner_D(6, q, basis="real"),
            wigner_D_all(5, q)[5],
            wigner_D_all(5, q, basis="real")[5],
            spherical_harmonics(6, th, ph, spin=1),
        )

    serial = evaluate()
    monkeypatch.setattr(_jit, "PARALLEL_MIN_WORK", 0)
    if not _jit.use_parallel(1):
        pytest.skip("one Numba thread: the parallel kernels are never chosen")
    par = evaluate()
    for a, b in zip(serial, par):
        np.testing.assert_allclose(a, b, rtol=0, atol=0)


def test_small_calls_are_serial():
    assert not _jit.use_parallel(7 * 7)  # wigner_D(3, R) of one rotation
    assert _jit.PARALLEL_MIN_WORK >= 10_000


# ---------------------------------------------------------------- clear errors


def test_complex_rotation_is_refused():
    M = so3.as_matrix(so3.random(seed=1)).astype(complex)
    with pytest.raises(TypeError, match="R must be real"):
        wigner_D(2, M)
    with pytest.raises(TypeError, match="beta must be real"):
        wigner_d(2, 0.3 + 0.1j)
    with pytest.raises(TypeError, match="theta must be real"):
        spherical_harmonics(2, np.array([0.3 + 0j]), 0.1)


def test_coupling_tensor_triangle_and_e3nn_basis():
    with pytest.raises(ValueError, match=r"l=3 violates the triangle rule"):
        coupling_tensor(1, 1, 3)
    with pytest.raises(ValueError, match=r"convention 'e3nn' has only real coupling tensors: use basis='real'"):
        coupling_tensor(1, 1, 2, basis="complex", convention="e3nn")
    np.testing.assert_allclose(
        coupling_tensor(1, 1, 2, convention="e3nn"), coupling_tensor(1, 1, 2, basis="real", convention="e3nn"), rtol=0, atol=0
    )


def test_size_limit():
    with pytest.raises(ValueError, match=r"wigner_d\(j=20000\).*max_bytes"):
        wigner_d(20000, 0.1)
    with pytest.raises(ValueError, match=r"wigner_D\(j=50\).*max_bytes"):
        wigner_D(50, so3.random(10, seed=0), max_bytes=1000)
    with pytest.raises(ValueError, match=r"wigner_D_all\(L=8\).*max_bytes"):
        wigner_D_all(8, so3.random(seed=0), max_bytes=100)
    with pytest.raises(ValueError, match=r"spherical_harmonics\(L=100000\).*max_bytes"):
        spherical_harmonics(100_000, 0.1, 0.2)
    assert wigner_d(2, 0.1, max_bytes=1000).shape == (5, 5)


def test_random_batch_size_named():
    with pytest.raises(ValueError, match=r"n must be >= 0"):
        so3.random(n=-1)
    with pytest.raises(TypeError, match=r"n must be None, a non-negative int"):
        so3.random(n=1.5)
    assert so3.random(n=(2, 0)).shape == (2, 0, 4)


# ---------------------------------------------------------------- caches, lock, import hygiene


def test_compile_lock_is_reentrant_and_guards_compiles(monkeypatch, tmp_path):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    with _jit.compile_lock(), _jit.compile_lock():
        pass
    assert (tmp_path / "gaugemath-compile.lock").exists()
    entered = []
    real = _jit.compile_lock

    def spy():
        entered.append(1)
        return real()

    monkeypatch.setattr(_jit, "compile_lock", spy)

    @_jit.jit(cache=False)
    def f(x):
        return x + 1.0

    assert f(1.0) == 2.0
    assert entered, "the compile did not go through compile_lock"


def test_hot_paths_do_not_import_quaternionic():
    """wigner_D, spherical_harmonics and matrix conversions never touch quaternionic (whose
    gufunc cache can be corrupted by concurrent first compiles)."""
    code = (
        "import sys, numpy as np\n"
        "from gaugemath import so3\n"
        "from gaugemath.wigner import wigner_D\n"
        "from gaugemath.harmonics import spherical_harmonics\n"
        "M = so3.as_matrix(np.array([0.5, 0.5, 0.5, 0.5]))\n"
        "wigner_D(2, M); wigner_D(2, M, basis='real'); spherical_harmonics(3, 0.2, 0.1, spin=1)\n"
        "so3.as_quaternion(M)\n"
        "assert 'quaternionic' not in sys.modules, 'quaternionic was imported'\n"
    )
    root = Path(__file__).resolve().parents[2]
    res = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]


def test_warmup_runs_every_entry_point():
    from gaugemath.warmup import entry_points, warmup

    names = [n for n, _ in entry_points()]
    assert {"wigner_D", "spherical_harmonics (spin)", "coupling_tensor", "s2 transforms (gl)"} <= set(names)
    results = warmup()
    failed = {k: v for k, v in results.items() if not isinstance(v, float)}
    assert not failed, failed

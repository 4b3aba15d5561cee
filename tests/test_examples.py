"""Every script in examples/ runs top to bottom, saves a figure, and prints values that are
right: each example's printed errors are below a tolerance and its printed facts agree
with independent sources (textbook orders and class sizes, character tables, dimension
counts, Mackey/Frobenius).  A new example needs an entry in ``CHECKS``."""

import math
import os
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest
from example_checks._parsing import numbers_after, small

ALL_EXAMPLES = sorted((pathlib.Path(__file__).parent.parent / "examples").glob("*.py"))
#: examples that train or evaluate with torch (``examples/torch_*.py``) run in the torch run
#: (``pytest -m torch``, README's second test command); the others in the default run.
EXAMPLES = [p for p in ALL_EXAMPLES if not p.stem.startswith("torch_")]
TORCH_EXAMPLES = [p for p in ALL_EXAMPLES if p.stem.startswith("torch_")]


def check_bundles_holonomy(out):
    turned, holonomy, solid = numbers_after(out, "rotation of v after one loop")
    assert turned == pytest.approx(solid, rel=0, abs=1e-11) and holonomy == pytest.approx(solid, rel=0, abs=1e-11)
    small(out, "over 400 random triangles:", 1e-12)


def check_bundles_sphere_charts(out):
    phi = np.array(numbers_after(out, "phi:"))
    k = np.array(numbers_after(out, "k_NS angle:")[:-1])  # drop the "2" of "(= 2 phi)"
    assert len(phi) == len(k) == 5
    # the transition function of the two polar charts is R_z(2 phi) (docs/bundles.md)
    np.testing.assert_allclose(np.angle(np.exp(1j * (k - 2 * phi))), 0, rtol=0, atol=1e-8)


def check_core_harmonics_and_wigner(out):
    small(out, "max |Y(Rx) - D(R) Y(x)| over l <= 3:", 1e-13)


def check_groups_point_groups(out):
    # orders, class sizes and rotation axes of T, O, I (e.g. Altmann & Herzig, Point-group theory tables)
    assert re.search(r"I_h: 120 elements, 10 classes", out)
    assert "T: order 12, class sizes [1, 3, 4, 4], axes {2: 3, 3: 4}" in out
    assert "O: order 24, class sizes [1, 3, 6, 6, 8], axes {2: 6, 3: 4, 4: 3}" in out
    assert "I: order 60, class sizes [1, 12, 12, 15, 20], axes {2: 15, 3: 10, 5: 6}" in out
    assert "T < O: True | T < I: True | O < I: False" in out  # 24 does not divide 60


def check_kernels_r2_filters(out):
    n_so2 = int(re.search(r"SO\(2\) 1 -> 2 on a 9x9 grid: (\d+) elements", out).group(1))
    fmax = [int(f) for f in re.search(r"band-limits per ring \[([\d, ]*)\]", out).group(1).split(",")]
    # real SO(2) irreps 1 -> 2: angular frequencies 2-1 and 2+1, two elements each
    # (Weiler & Cesa 2019, Table 8), up to each ring's band-limit
    assert n_so2 == sum(2 * sum(k <= f for k in (1, 3)) for f in fmax)
    n_c4 = int(re.search(r"C4 1 -> 2 .*: (\d+) elements", out).group(1))
    # C4 aliases: every k = +-1 (mod 4), i.e. every odd k, two elements each
    assert n_c4 == sum(2 * sum(1 for k in range(1, f + 1, 2)) for f in fmax)
    small(out, "max |kappa(gx) - rho_out kappa(x) rho_in^-1| =", 1e-12)


def check_kernels_so3_slice(out):
    n = int(re.search(r"size 7: (\d+) elements", out).group(1))
    pairs = re.findall(r"\((\d+), (\d+)\)", out.split("(shell, J) =", 1)[1].splitlines()[0])
    assert len(pairs) == n == int(re.search(r"independent nullspace dimension: (\d+)", out).group(1))
    assert all(1 <= int(J) <= 3 for _, J in pairs)  # |1-2| <= J <= 1+2 (Weiler et al. 2018, Eq. 8)
    assert len(set(pairs)) == n
    small(out, "max equivariance error at a random rotation:", 1e-12)


def check_layers_gcnn_p4(out):
    small(out, "lift: max |F(L_r f) - L_r F(f)| =", 1e-12)
    small(out, "group conv: max error", 1e-12)
    small(out, "rotate back: error", 1e-12)


def check_layers_spherical_cnn(out):
    small(out, "over 50 rotations =", 1e-12)
    small(out, "conj(D(Q)) F̂(f)| =", 1e-12)
    small(out, "coefficient equivariance error", 1e-12)


#: character table of O (classes E, 8C3, 3C2 = C4^2, 6C4, 6C2'; rotation angles 0, 2pi/3, pi, pi/2, pi)
_O_CLASSES = ((1, 0.0), (8, 2 * math.pi / 3), (3, math.pi), (6, math.pi / 2), (6, math.pi))
_O_CHARACTERS = {"A1": (1, 1, 1, 1, 1), "A2": (1, 1, 1, -1, -1), "E": (2, -1, 2, 0, 0),
                 "T1": (3, 0, -1, 1, -1), "T2": (3, 0, -1, -1, 1)}


def _so3_character(ell, w):
    return 2 * ell + 1 if w == 0 else math.sin((ell + 0.5) * w) / math.sin(w / 2)


def check_reps_branching(out):
    for ell in range(9):
        line = re.search(rf"^l={ell}: (.+)$", out, re.M).group(1)
        printed = {}
        for term in line.split(" + "):
            count, name = re.fullmatch(r"(\d*)(\w+?)", term.strip()).groups()
            printed[name] = int(count or 1)
        # multiplicity = <chi_l|O, chi_irrep>_O from the character formula (independent of gaugemath)
        expected = {}
        for name, chars in _O_CHARACTERS.items():
            m = sum(size * _so3_character(ell, w) * c for (size, w), c in zip(_O_CLASSES, chars)) / 24
            assert abs(m - round(m)) < 1e-9
            if round(m):
                expected[name] = round(m)
        assert printed == expected, (ell, printed, expected)
    labels = out.split("D^2 x D^3 =", 1)[1].split(";")[0].split("+")
    assert [s.strip() for s in labels] == ["l1", "l2", "l3", "l4", "l5"]  # |2-3| .. 2+3
    small(out, "off-block max:", 1e-12)


def check_reps_induced(out):
    # [O : C4] = 6; Frobenius: T1 and T2 restricted to C4 contain chi_1 once, A1, A2, E do not
    assert "Ind_C4^O chi_1: dim 6 = T1 + T2" in out
    nums = numbers_after(out, "double cosets:")
    cosets, mackey, found, norm = nums[0], nums[1], nums[2], nums[-1]
    assert cosets == 3  # C4 orbits on the 6 oriented axes: {+z}, {-z}, {+-x, +-y}
    assert mackey == found == norm == 2  # Mackey = number of kernels = <chi_Ind, chi_Ind> = 1^2 + 1^2
    small(out, "equivariance of the kernel maps:", 1e-12)


def check_symbolic_verify_kernel(out):
    assert "is a SO(3)-intertwiner: HOLDS" in out
    assert out.count("holds") >= 3 and re.search(r"^True$", out, re.M)
    assert "broken kernel: fails at L_" in out
    assert numbers_after(out, "max residual")[0] > 0.1  # the flipped sign leaves an O(1) residual


def check_transforms_random_field(out):
    small(out, "round-trip error", 1e-12)
    small(out, "analysis error", 1e-5)  # HEALPix has no exact quadrature
    rows = re.findall(r"^\s*(\d+)\s+(\S+)\s+(\S+)\s*$", out, re.M)
    assert len(rows) >= 3
    for ell, c_in, c_out in rows:
        # one realisation: C_l measured / C_l has relative standard deviation sqrt(2/(2l+1))
        sigma = math.sqrt(2 / (2 * int(ell) + 1))
        assert abs(float(c_out) / float(c_in) - 1) < 5 * sigma, (ell, c_in, c_out)


def _collect_checks() -> dict:
    """``check_<example>`` functions of this module and of ``tests/example_checks/*.py``
    (one module per area, so that areas add examples without editing this file)."""
    import importlib.util

    namespaces = [globals()]
    for path in sorted((pathlib.Path(__file__).parent / "example_checks").glob("*.py")):
        if not path.stem.startswith("_"):
            spec = importlib.util.spec_from_file_location(f"_example_checks_{path.stem}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            namespaces.append(vars(module))
    checks = {}
    for ns in namespaces:
        for name, fn in ns.items():
            if name.startswith("check_") and callable(fn):
                assert name[len("check_"):] not in checks, f"two checks for {name}"
                checks[name[len("check_"):]] = fn
    return checks


CHECKS = _collect_checks()


def _run_example(script, tmp_path):
    assert script.stem in CHECKS, f"{script.name}: add a check of its printed values to CHECKS"
    env = dict(os.environ, GAUGEMATH_EXAMPLES_OUT=str(tmp_path), MPLBACKEND="Agg")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    pngs = list(tmp_path.rglob("*.png"))
    assert pngs, f"{script.name} saved no PNG"
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 5_000 for p in pngs)
    CHECKS[script.stem](proc.stdout)


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs_and_prints_right_values(script, tmp_path):
    _run_example(script, tmp_path)


@pytest.mark.torch
@pytest.mark.parametrize("script", TORCH_EXAMPLES, ids=[p.name for p in TORCH_EXAMPLES])
def test_torch_example_runs_and_prints_right_values(script, tmp_path):
    pytest.importorskip("torch")
    _run_example(script, tmp_path)


def test_there_are_examples():
    assert len(EXAMPLES) >= 3
    assert sorted(CHECKS) == sorted(p.stem for p in ALL_EXAMPLES)

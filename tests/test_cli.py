"""The command line: every command in the README runs as written and prints values that
match independent sources (Wigner's formula, SciPy, SymPy, characters); bad input and I/O
errors end in one line and exit status 2.

README commands run in a subprocess as ``python -m gaugemath ...`` (the console script
``gaugemath`` is ``gaugemath.cli:main``, the same function), from the repository root.
"""

import json
import math
import os
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest

from gaugemath.cli import build_parser, main

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def gaugemath(*argv, cwd=ROOT, timeout=900):
    """Run ``gaugemath ARGV`` in a fresh interpreter; returns the CompletedProcess."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "gaugemath", *argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def readme_commands() -> list:
    """The ``gaugemath ...`` lines of the README's "Command line" block, comments removed."""
    block = README.split("## Command line", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].split() for line in block.splitlines() if line.startswith("gaugemath")]


def wigner_small_d(j, mp, m, beta):
    """Wigner's explicit sum (Sakurai, Modern QM, Eq. 3.8.33), independent of gaugemath."""
    f = math.factorial
    jm, jmm, jmp, jmmp = (round(x) for x in (j + m, j - m, j + mp, j - mp))
    total = 0.0
    for k in range(0, 2 * round(2 * j) + 1):
        a, b, c = jm - k, jmmp - k, k - round(m - mp)
        if min(a, b, c) < 0:
            continue
        total += ((-1) ** c * math.sqrt(f(jm) * f(jmm) * f(jmp) * f(jmmp)) / (f(a) * f(k) * f(b) * f(c))
                  * math.cos(beta / 2) ** (a + b) * math.sin(beta / 2) ** (k + c))
    return total


def matrix_rows(out: str, n: int) -> np.ndarray:
    """The last ``n`` rows of a printed matrix (row label first, then the entries)."""
    rows = [line.split()[1:] for line in out.strip().splitlines()[-n:]]
    return np.array(rows, dtype=float)


# --------------------------------------------------------------- README, one by one


def check_version(proc):
    import gaugemath

    assert proc.stdout.strip() == f"gaugemath {gaugemath.__version__}"
    version = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    assert gaugemath.__version__ == version


def check_wigner_d_half(proc):
    d = matrix_rows(proc.stdout, 4)
    js = [-1.5, -0.5, 0.5, 1.5]
    ref = np.array([[wigner_small_d(1.5, mp, m, 0.4) for m in js] for mp in js])
    np.testing.assert_allclose(d, ref, rtol=0, atol=5.1e-7)  # printed with 6 decimals


def check_wigner_d_exact(proc):
    import sympy as sp

    entries = re.findall(r"^\s*d\[(\S+),(\S+)\] = (.+)$", proc.stdout, re.M)
    assert len(entries) == 9
    for mp, m, expr in entries:
        beta = sp.Symbol("beta")  # (a bare "beta" would parse as SymPy's beta function)
        value = float(sp.sympify(expr, locals={"beta": beta}).subs(beta, sp.Rational(2, 5)).evalf(30))
        assert value == pytest.approx(wigner_small_d(1, int(mp), int(m), 0.4), rel=0, abs=1e-14), (mp, m, expr)


def check_wigner_D_real_e3nn(proc):
    D = matrix_rows(proc.stdout, 5)
    assert "basis=real" in proc.stdout and "convention=e3nn" in proc.stdout
    np.testing.assert_allclose(D @ D.T, np.eye(5), rtol=0, atol=1e-5)
    assert np.linalg.det(D) == pytest.approx(1.0, rel=0, abs=1e-5)
    # trace = character chi_2(w) = sin(5w/2)/sin(w/2), w the rotation angle of ZYZ (0.1, 0.4, 0.3):
    # cos(w/2) = cos(beta/2) cos((alpha+gamma)/2), whatever the basis or convention
    w = 2 * math.acos(math.cos(0.2) * math.cos(0.2))
    assert np.trace(D) == pytest.approx(math.sin(2.5 * w) / math.sin(w / 2), rel=0, abs=3e-6)


def check_sh_real(proc):
    from scipy.special import sph_harm_y

    vals = {}
    for line in proc.stdout.splitlines():
        m = re.match(r"\s*l=\s*(\d+) m=\s*([+-]\d+)\s+(\S+)$", line)
        if m:
            vals[int(m.group(1)), int(m.group(2))] = float(m.group(3))
    assert len(vals) == 16
    for ell in range(4):
        # addition theorem: sum_m S_lm^2 = (2l+1)/4pi for any orthonormal real basis
        s = sum(vals[ell, m] ** 2 for m in range(-ell, ell + 1))
        assert s == pytest.approx((2 * ell + 1) / (4 * math.pi), rel=0, abs=1e-9)
        assert vals[ell, 0] == pytest.approx(sph_harm_y(ell, 0, 0.5, 0.3).real, rel=0, abs=1e-10)


def check_cg_exact(proc):
    import sympy as sp
    from sympy.physics.wigner import clebsch_gordan

    value = sp.sympify(proc.stdout.split("=", 1)[1].split("[")[0])
    assert sp.simplify(value - clebsch_gordan(1, 1, 2, 1, -1, 0)) == 0
    assert sp.simplify(value - 1 / sp.sqrt(6)) == 0


def check_3j(proc):
    from sympy.physics.wigner import wigner_3j

    assert float(proc.stdout.split("=", 1)[1]) == pytest.approx(float(wigner_3j(1, 1, 2, 0, 0, 0)), rel=0, abs=1e-15)


def check_prove(proc):
    lines = [line for line in proc.stdout.splitlines() if line.rstrip().endswith(("PROVED", "FAILED"))]
    n_files = len(list((ROOT / "proofs").glob("proof_*.py")))
    assert len(lines) == n_files and all(line.rstrip().endswith("PROVED") for line in lines)
    assert f"{n_files} of {n_files} proved" in proc.stdout


def check_verify(proc):
    assert "HOLDS" in proc.stdout and "FAILS" not in proc.stdout
    assert proc.stdout.count("holds") == 3  # the three Lie-algebra generators L_x, L_y, L_z


def check_basis(proc, cwd):
    n = int(re.search(r"^(\d+) basis elements", proc.stdout, re.M).group(1))
    with np.load(cwd / "basis.npz") as f:
        assert f["basis"].shape == (n, 5, 3, 7, 7, 7)
        assert str(f["irreps_in"]) == "1x1o" and str(f["irreps_out"]) == "1x2e"
        assert np.all(np.isfinite(f["basis"]))


def check_transform(proc):
    err = float(proc.stdout.strip().splitlines()[-1].split()[-1])
    assert "synthesis" in proc.stdout and "analysis" in proc.stdout
    assert err < 1e-11


def check_warmup(proc):
    assert proc.stdout.strip()  # it says what it compiled


CHECKS = {
    "--version": check_version,
    "wigner-d 3/2 0.4": check_wigner_d_half,
    "wigner-d 1 0.4 --exact": check_wigner_d_exact,
    "wigner-d 2 0.4 --alpha 0.1 --gamma 0.3 --basis real --convention e3nn": check_wigner_D_real_e3nn,
    "sh 3 0.5 0.3 --basis real": check_sh_real,
    "cg 1 1 1 -1 2 0 --exact": check_cg_exact,
    "cg 1 0 1 0 2 0 --3j": check_3j,
    "prove": check_prove,
    "verify examples/data/kernel.json": check_verify,
    "basis --space R3 --group SO3 --in 1 --out 2 --size 7 --format e3nn -o basis.npz": check_basis,
    "transform --grid gl --lmax 64 --check": check_transform,
    "warmup": check_warmup,
}


def test_every_readme_command_is_checked():
    assert sorted(" ".join(c[1:]) for c in readme_commands()) == sorted(CHECKS)


@pytest.mark.parametrize("command", list(CHECKS))
def test_readme_command(command, tmp_path):
    argv = command.split()
    cwd = tmp_path if "-o" in argv else ROOT  # a command that writes a file runs in a scratch folder
    proc = gaugemath(*argv, cwd=cwd)
    assert proc.returncode == 0, proc.stderr[-3000:]
    check = CHECKS[command]
    check(proc, cwd) if check is check_basis else check(proc)


def test_readme_tour_command_line():
    assert "pip install -e . && gaugemath tour" in README
    assert 'pip install -e ".[test]" && gaugemath warmup && python -m pytest -q -n 2 -p no:cacheprovider' in README
    assert 'pip install -e ".[test,torch]" && python -m pytest -q -p no:cacheprovider -m torch' in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install -e ".[test]" && gaugemath warmup && python -m pytest -q -n 2 -p no:cacheprovider' in ci
    assert 'pip install -e ".[test,torch]"' in ci and "python -m pytest -q -p no:cacheprovider -m torch" in ci


def test_tour_quick(tmp_path):
    """``gaugemath tour`` (quick degrees): every check passes, progress per section, a real PNG."""
    proc = gaugemath("tour", "--quick", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert "FAIL" not in out and "all checks passed" in out
    assert out.count("[ok]") >= 15 and len(re.findall(r"^== ", out, re.M)) == 4
    errs = [float(e) for e in re.findall(r"err=\s*(\S+)", out)]
    tols = [float(t) for t in re.findall(r"tol=(\S+)", out)]
    assert len(errs) == len(tols) and all(e <= t for e, t in zip(errs, tols))
    png = tmp_path / "out" / "tour.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_verify_detects_a_broken_kernel(tmp_path):
    """The shipped kernel with one sign of the [v]x term flipped is not equivariant: exit 1."""
    data = json.loads((ROOT / "examples/data/kernel.json").read_text())
    data["kernel"][0][1] = data["kernel"][0][1].replace("- h(r)*x", "+ h(r)*x")
    (tmp_path / "bad.json").write_text(json.dumps(data))
    proc = gaugemath("verify", "bad.json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "FAILS" in proc.stdout and "residual" in proc.stdout


def test_python_dash_m_and_version_flag():
    proc = gaugemath("--help")
    assert proc.returncode == 0 and proc.stdout.startswith("usage: gaugemath")
    for cmd in ("tour", "wigner-d", "sh", "cg", "prove", "verify", "basis", "transform", "warmup"):
        assert cmd in proc.stdout


def test_every_option_has_help():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.choices and isinstance(a.choices, dict))
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"gaugemath {name}: option {action.dest} has no help"
    assert "radians" in subparsers.choices["wigner-d"].format_help()
    assert "radians" in subparsers.choices["sh"].format_help()


# ------------------------------------------------------------------ errors: one line, exit 2


def _one_line_error(proc, *needles):
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    err = proc.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith("gaugemath: error:"), err
    for needle in needles:
        assert needle in err, err


def test_io_errors_are_one_line(tmp_path):
    _one_line_error(gaugemath("verify", "missing.json", cwd=tmp_path), "file not found", "missing.json")
    (tmp_path / "bad.json").write_text('{"W": [[1, 0]], ')
    _one_line_error(gaugemath("verify", "bad.json", cwd=tmp_path), "not valid JSON")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    _one_line_error(gaugemath("verify", "bin.json", cwd=tmp_path), "UTF-8")
    (tmp_path / "bad.npz").write_bytes(b"not a zip file")
    _one_line_error(gaugemath("verify", "bad.npz", cwd=tmp_path), ".npz")
    (tmp_path / "folder.json").mkdir()
    _one_line_error(gaugemath("verify", "folder.json", cwd=tmp_path), "not a file")
    (tmp_path / "entry.json").write_text(json.dumps({"W": [["1+"]], "rho_in": "so3:0", "rho_out": "so3:0"}))
    _one_line_error(gaugemath("verify", "entry.json", cwd=tmp_path), "SymPy expression")


def test_unwritable_outputs_fail_before_computing(tmp_path):
    args = ("basis", "--space", "R3", "--group", "SO3", "--in", "1", "--out", "2", "--size", "7")
    _one_line_error(gaugemath(*args, "-o", str(tmp_path / "no" / "such" / "b.npz")), "output folder does not exist")
    (tmp_path / "file").write_text("x")
    _one_line_error(gaugemath("tour", "--out", str(tmp_path / "file")), "not a folder")


def test_bad_value_and_missing_proofs(tmp_path):
    _one_line_error(gaugemath("cg", "1", "2", "1", "0", "2", "2"), "m1")
    _one_line_error(gaugemath("prove", "--path", str(tmp_path / "nowhere")), "proofs folder not found")
    proc = gaugemath("wigner-d", "1/3")  # argparse's own usage error: also exit 2, no traceback
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "half-integer" in proc.stderr


# ------------------------------------------------------------------ in-process (fast)


def test_wigner_d_prints_matrix(capsys):
    assert main(["wigner-d", "1", "0.7"]) == 0
    out = capsys.readouterr().out
    # d^1_{1,0}(0.7) = -sin(0.7)/sqrt(2)
    assert f"{-np.sin(0.7) / np.sqrt(2):+.6f}" in out


def test_sh_matches_scipy(capsys):
    from scipy.special import sph_harm_y

    assert main(["sh", "2", "0.5", "0.3"]) == 0
    out = capsys.readouterr().out
    v = sph_harm_y(2, 1, 0.5, 0.3)
    assert f"{v.real:+.10f}{v.imag:+.10f}j" in out


def test_cg_float(capsys):
    assert main(["cg", "1", "1", "1", "-1", "2", "0"]) == 0
    out = capsys.readouterr().out
    assert float(out.split("=")[1].split()[0]) == pytest.approx(1 / np.sqrt(6), rel=0, abs=1e-15)


def test_bad_input_is_a_clear_error(capsys):
    assert main(["cg", "1", "2", "1", "0", "2", "2"]) == 2  # |m1| > j1
    err = capsys.readouterr().err
    assert err.startswith("gaugemath: error: cg:") and "m1" in err
    with pytest.raises(SystemExit):
        build_parser().parse_args(["wigner-d", "1/3"])

"""The command line: each subcommand runs and prints values that match the API."""

import numpy as np
import pytest

from gaugemath.cli import build_parser, main


def test_wigner_d_prints_matrix(capsys):
    assert main(["wigner-d", "1", "0.7"]) == 0
    out = capsys.readouterr().out
    # d^1_{1,0}(0.7) = -sin(0.7)/sqrt(2)
    assert f"{-np.sin(0.7) / np.sqrt(2):+.6f}" in out


def test_wigner_d_half_integer_and_exact(capsys):
    assert main(["wigner-d", "3/2", "0.4"]) == 0
    assert main(["wigner-d", "1", "--exact"]) == 0
    out = capsys.readouterr().out
    assert "sin" in out and "cos" in out


def test_wigner_D_real_e3nn(capsys):
    assert main(["wigner-d", "2", "0.4", "--alpha", "0.1", "--gamma", "0.3", "--basis", "real", "--convention", "e3nn"]) == 0
    assert "basis=real" in capsys.readouterr().out


def test_sh_matches_scipy(capsys):
    from scipy.special import sph_harm_y

    assert main(["sh", "2", "0.5", "0.3"]) == 0
    out = capsys.readouterr().out
    v = sph_harm_y(2, 1, 0.5, 0.3)
    assert f"{v.real:+.10f}{v.imag:+.10f}j" in out


def test_cg_float_exact_and_3j(capsys):
    assert main(["cg", "1", "1", "1", "-1", "2", "0"]) == 0
    assert main(["cg", "1", "1", "1", "-1", "2", "0", "--exact"]) == 0
    assert main(["cg", "1", "0", "1", "0", "2", "0", "--3j"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert float(out[0].split("=")[1].split()[0]) == pytest.approx(1 / np.sqrt(6), abs=1e-15)
    assert "sqrt(6)/6" in out[1]
    assert float(out[2].split("=")[1]) == pytest.approx(np.sqrt(2 / 15), abs=1e-15)


def test_bad_input_is_a_clear_error(capsys):
    assert main(["cg", "1", "2", "1", "0", "2", "2"]) == 2  # |m1| > j1
    assert "m1" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser().parse_args(["wigner-d", "1/3"])


def test_tour_quick(tmp_path, capsys):
    assert main(["tour", "--quick", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and "all checks passed" in out
    assert (tmp_path / "tour.png").stat().st_size > 10_000

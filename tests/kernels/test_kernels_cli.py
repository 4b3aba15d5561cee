"""``gaugemath basis``: the issue's command line, file contents equal the API, errors exit 2."""

import numpy as np
import pytest

from gaugemath.cli import main
from gaugemath.kernels import steerable_basis
from gaugemath.kernels.export import export_basis


@pytest.mark.parametrize("fmt", ["e3nn", "escnn", "numpy"])
def test_issue_command_line(fmt, tmp_path, capsys):
    out = tmp_path / "basis.npz"
    assert main(["basis", "--space", "R3", "--group", "SO3", "--in", "1", "--out", "2", "--size", "7",
                 "--format", fmt, "-o", str(out)]) == 0
    assert "8 basis elements" in capsys.readouterr().out
    ref = export_basis(steerable_basis("R3", "SO3", 1, 2, size=7), fmt)
    with np.load(out) as f:
        np.testing.assert_array_equal(f["basis"], ref["basis"])
        assert f["basis"].shape == (8, 5, 3, 7, 7, 7)
        if fmt == "e3nn":
            assert str(f["irreps_in"]) == "1x1o" and str(f["irreps_out"]) == "1x2e"


def test_direct_sums_and_planar_labels(tmp_path, capsys):
    out = tmp_path / "k.npz"
    assert main(["basis", "--space", "R2", "--group", "D4", "--in", "trivial", "1", "--out", "0:2", "1",
                 "--size", "5", "--format", "escnn", "-o", str(out), "-v"]) == 0
    ref = export_basis(steerable_basis("R2", "D4", ["trivial", 1], [(0, 2), 1], size=5), "escnn")
    with np.load(out) as f:
        np.testing.assert_array_equal(f["basis"], ref["basis"])
    assert main(["basis", "--space", "R3", "--group", "O3", "--in", "1o", "2e", "--out", "1:1", "--size", "3",
                 "-o", str(out)]) == 0
    assert "#0:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv,match",
    [
        (["--space", "R3", "--group", "SO3", "--in", "1", "--out", "2", "--size", "6"], "odd"),
        (["--space", "R3", "--group", "SO3", "--in", "x", "--out", "2", "--size", "5"], "integer"),
        (["--space", "R2", "--group", "C4", "--in", "3", "--out", "0", "--size", "5"], "0..2"),
        (["--space", "R2", "--group", "SO2", "--in", "1", "--out", "1", "--size", "5", "--format", "e3nn"], "R3"),
    ],
)
def test_errors_exit_2(argv, match, tmp_path, capsys):
    assert main(["basis", *argv, "-o", str(tmp_path / "x.npz")]) == 2
    assert match in capsys.readouterr().err

"""The G-CNN vs CNN seed experiment (examples/torch_gcnn_vs_cnn.py) in its tiny size: it runs, saves
its figure, and its printed numbers pass the example's check (exact 90° invariance of the G-CNNs)."""

import importlib.util
import os
import pathlib
import subprocess
import sys

import pytest

pytestmark = pytest.mark.torch
torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _check():
    spec = importlib.util.spec_from_file_location("_checks_torch_planar", ROOT / "tests" / "example_checks" / "torch_planar.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check_torch_gcnn_vs_cnn


def test_tiny_experiment_runs_and_gcnns_are_invariant(tmp_path):
    env = dict(os.environ, GAUGEMATH_EXAMPLES_OUT=str(tmp_path), MPLBACKEND="Agg", GAUGEMATH_GCNN_VS_CNN="tiny")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / "torch_gcnn_vs_cnn.py")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "mode: tiny" in proc.stdout
    png = tmp_path / "torch_gcnn_vs_cnn.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000
    _check()(proc.stdout)


def test_check_rejects_a_broken_invariance_claim():
    """Mutation guard for the check itself: an output claiming a large 90° error for p4 fails."""
    out = ("mode: tiny\n"
           "CNN: params 10914 | accuracy 0.1 / 0.1 / 0.1 | invariance error 1.0e-02 / 1e-02 | train 0.1 s | inference 1 ms\n"
           "CNN + rot. augmentation: params 10914 | accuracy 0.1 / 0.1 / 0.1 | invariance error 1e-02 / 1e-02 | train 0.1 s"
           " | inference 1 ms\n"
           "p4 G-CNN: params 8916 | accuracy 0.1 / 0.1 / 0.1 | invariance error 3.0e-02 / 1e-01 | train 0.1 s | inference 1 ms\n"
           "SE(2)_8 G-CNN: params 7194 | accuracy 0.1 / 0.1 / 0.1 | invariance error 1e-07 / 1e-01 | train 0.1 s"
           " | inference 1 ms\n"
           "p4 G-CNN: accuracy on 90k-rotated digits equals upright accuracy: True\n"
           "SE(2)_8 G-CNN: accuracy on 90k-rotated digits equals upright accuracy: True\n")
    with pytest.raises(AssertionError):
        _check()(out)
    _check()(out.replace("invariance error 3.0e-02", "invariance error 3.0e-07"))

"""Every script in examples/ runs top to bottom and saves at least one figure."""

import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = sorted((pathlib.Path(__file__).parent.parent / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs_and_saves_a_figure(script, tmp_path):
    env = dict(os.environ, GAUGEMATH_EXAMPLES_OUT=str(tmp_path), MPLBACKEND="Agg")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert list(tmp_path.rglob("*.png")), f"{script.name} saved no PNG"


def test_there_are_examples():
    assert len(EXAMPLES) >= 3

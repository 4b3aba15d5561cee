"""Crash-safe caches: four processes start at once on an EMPTY Numba cache directory.

Each process imports gaugemath and calls the main numeric entry points (Wigner D in both
bases, spherical harmonics, coupling tensor, so3.from_matrix -- which returns a
quaternionic array, so quaternionic's own gufunc cache is built in the same directory --
and a small S^2 transform), checks the values against independent formulas, and exits 0.
Two rounds: the first compiles (serialised by gaugemath._jit.compile_lock), the second
loads everything from the cache the first one wrote.  Without the lock, concurrent first
compiles can corrupt Numba's cache index (numba issue #10128).

Marker ``stress`` (select with ``-m stress``); it is part of the default run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import math, sys
import numpy as np
from scipy.special import sph_harm_y
from gaugemath import so3
from gaugemath.wigner import wigner_D
from gaugemath.harmonics import spherical_harmonics
from gaugemath.coupling import coupling_tensor

rng = np.random.default_rng(int(sys.argv[1]))
q = rng.normal(size=(3, 4)); q /= np.linalg.norm(q, axis=-1, keepdims=True)
M = so3.as_matrix(q)
# D^1 in the real basis is the rotation matrix in the axis order (y, z, x)
p = [1, 2, 0]
assert np.abs(wigner_D(1, q, basis="real") - M[:, p][:, :, p]).max() <= 1e-14
D = wigner_D(5, q)
assert np.abs(D @ np.conj(np.swapaxes(D, -1, -2)) - np.eye(11)).max() <= 1e-13
# the rotation matrix survives matrix -> quaternion -> matrix
assert np.abs(so3.as_matrix(so3.from_matrix(M)) - M).max() <= 1e-14
th, ph = rng.uniform(0, math.pi, 5), rng.uniform(-math.pi, math.pi, 5)
Y = spherical_harmonics(4, th, ph)
ref = np.stack([sph_harm_y(l, m, th, ph) for l in range(5) for m in range(-l, l + 1)], axis=-1)
assert np.abs(Y - ref).max() <= 1e-14
assert abs(coupling_tensor(1, 1, 2)[1, 1, 2] - math.sqrt(2 / 3)) <= 1e-15  # <1 0 1 0|2 0>
try:
    from gaugemath.transforms import s2_analysis, s2_grid, s2_synthesis
except ImportError:
    pass
else:
    g = s2_grid(4, "gl")
    c = np.zeros(25, complex); c[2 * 2 + 2 + 1] = 1.0
    assert np.abs(s2_analysis(s2_synthesis(c, 4, g), 4, g) - c).max() <= 1e-12
# which core kernels this process compiled (cache misses) or loaded from the cache (hits)
import json
from gaugemath import _cg_kernels, _harmonics_kernels, _wigner_degree_kernels, _wigner_kernels
compiled, loaded = [], []
for mod in (_wigner_kernels, _wigner_degree_kernels, _harmonics_kernels, _cg_kernels):
    for name, obj in vars(mod).items():
        st = getattr(obj, "stats", None)
        if st is not None and hasattr(st, "cache_misses"):
            if sum(st.cache_misses.values()):
                compiled.append(mod.__name__ + "." + name)
            if sum(st.cache_hits.values()):
                loaded.append(mod.__name__ + "." + name)
print(json.dumps({"compiled": compiled, "loaded": loaded}))
print("ok")
"""


def _fresh_env(cache_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "GAUGEMATH_", "QUATERNIONIC_"))}
    env["NUMBA_CACHE_DIR"] = cache_dir
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.mark.stress
def test_four_processes_on_an_empty_cache(tmp_path):
    cache = tmp_path / "numba_cache"
    cache.mkdir()
    env = _fresh_env(str(cache))
    t0 = time.perf_counter()
    stats = []
    for rnd in range(2):
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD, str(10 * rnd + k)],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for k in range(4)
        ]
        stats.append([])
        for k, p in enumerate(procs):
            out, err = p.communicate(timeout=600)
            assert p.returncode == 0, f"round {rnd}, process {k}: exit {p.returncode}\n{err[-3000:]}"
            assert out.strip().endswith("ok"), out
            stats[-1].append(json.loads(out.strip().splitlines()[-2]))
    assert any(cache.rglob("*.nbi")), "no Numba cache index was written"
    # the lock serialises load-or-compile-and-save: in the first round each kernel was compiled
    # by exactly one of the four concurrent processes (the others loaded it); the second round
    # only loads.  (Without the lock all four compile everything at once.)
    first = [name for s in stats[0] for name in s["compiled"]]
    assert first and len(first) == len(set(first)), f"kernels compiled by more than one process: {stats[0]}"
    assert all(not s["compiled"] and s["loaded"] for s in stats[1]), stats[1]
    print(f"4 processes x 2 rounds on an empty cache: {time.perf_counter() - t0:.1f} s")

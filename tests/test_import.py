"""``import gaugemath`` is cheap: it imports no SymPy, Numba, quaternionic, spherical or
matplotlib (PEP 562 lazy subpackages), yet every public name resolves on first use."""

import json
import subprocess
import sys

import pytest

HEAVY = ("sympy", "numba", "quaternionic", "spherical", "matplotlib", "torch", "scipy")


def _run(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _loaded(statement: str) -> list:
    return _run(f"import json, sys\n{statement}\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")


def test_import_gaugemath_imports_no_heavy_module():
    assert _loaded("import gaugemath") == []


def test_import_symbolic_does_not_import_sympy():
    assert _loaded("import gaugemath.symbolic") == []


@pytest.mark.parametrize("statement", [
    "import gaugemath.cli as c; c.build_parser()",
    "import gaugemath.cli as c\ntry:\n    c.main(['--help'])\nexcept SystemExit:\n    pass",
    "import gaugemath.cli as c\ntry:\n    c.main(['verify', '--help'])\nexcept SystemExit:\n    pass",
])
def test_cli_parser_is_light(statement):
    """Arguments are parsed before any numeric or symbolic module is imported."""
    assert _loaded(statement) == []


def test_every_public_name_resolves():
    out = _run(
        "import json, gaugemath, gaugemath.symbolic as s\n"
        "bad = [n for n in gaugemath.__all__ if getattr(gaugemath, n, None) is None]\n"
        "bad += ['symbolic.' + n for n in s.__all__ if getattr(s, n, None) is None]\n"
        "print(json.dumps({'bad': bad, 'dir': sorted(set(gaugemath.__all__) - set(dir(gaugemath))),"
        " 'version': gaugemath.__version__}))"
    )
    assert out["bad"] == [] and out["dir"] == []
    assert out["version"].count(".") == 2


def test_all_is_the_documented_set():
    import gaugemath

    assert set(gaugemath.__all__) == {
        "__version__", "bundles", "conventions", "groups", "kernels", "layers", "mesh", "ntk", "pullback", "reps", "so3",
        "symbolic", "transforms", "check_equivariance", "clebsch_gordan", "clebsch_gordan_table",
        "coupling_tensor", "wigner_3j", "spherical_harmonics", "spherical_harmonics_xyz",
        "complex_to_real", "real_to_complex", "wigner_D", "wigner_D_all", "wigner_d", "wigner_d_all",
    }
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        gaugemath.not_a_name  # noqa: B018


def test_lazy_names_are_the_module_objects():
    import gaugemath
    from gaugemath.coupling import clebsch_gordan
    from gaugemath.symbolic.verify import verify_intertwiner
    from gaugemath.wigner import wigner_D

    assert gaugemath.wigner_D is wigner_D and gaugemath.clebsch_gordan is clebsch_gordan
    assert gaugemath.symbolic.verify_intertwiner is verify_intertwiner


def test_no_exported_name_is_shadowed_by_a_submodule():
    """A package must not export a function under the name of one of its own modules:
    importing that module would rebind the package attribute (``gaugemath.clebsch_gordan``
    was once the function until ``gaugemath.clebsch_gordan`` the module was imported)."""
    out = _run(
        "import json, pathlib, importlib, gaugemath\n"
        "root = pathlib.Path(gaugemath.__file__).parent\n"
        "bad = []\n"
        "for init in sorted(root.rglob('__init__.py')):\n"
        "    pkg = '.'.join(('gaugemath',) + init.parent.relative_to(root).parts)\n"
        "    try:\n"
        "        mod = importlib.import_module(pkg)\n"
        "    except ImportError as exc:\n"
        "        if pkg.startswith('gaugemath.torch') and 'gaugemath[torch]' in str(exc): continue  # optional extra\n"
        "        raise\n"
        "    subs = {f.stem for f in init.parent.glob('*.py')} | {d.name for d in init.parent.iterdir() if (d / '__init__.py').exists()}\n"
        "    for name in getattr(mod, '__all__', []):\n"
        "        if name in subs:\n"
        "            obj = getattr(mod, name)\n"
        "            sub = importlib.import_module(pkg + '.' + name)\n"
        "            if obj is not sub: bad.append(pkg + '.' + name)\n"
        "print(json.dumps(bad))"
    )
    assert out == []

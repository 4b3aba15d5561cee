"""Every tolerance comparison in the tests and proofs states both ``rtol`` and ``atol``.

``np.allclose(a, b, atol=1e-12)`` silently keeps ``rtol=1e-5``, so a normalisation off by
5e-6 passes; ``assert_allclose(a, b)`` keeps ``rtol=1e-7``.  This check reads the test
sources (AST) and lists every ``allclose`` / ``isclose`` / ``assert_allclose`` call that
does not pass both keywords explicitly (a ``**TOL`` dict counts as explicit when it is a
module-level dict literal with both keys).
"""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAMES = {"allclose", "isclose", "assert_allclose"}


def _tol_dicts(tree: ast.Module) -> set[str]:
    """Module-level ``NAME = dict(rtol=..., atol=...)`` / ``{"rtol": ..., "atol": ...}``."""
    ok = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            v = node.value
            keys = set()
            if isinstance(v, ast.Call) and getattr(v.func, "id", None) == "dict":
                keys = {k.arg for k in v.keywords}
            elif isinstance(v, ast.Dict):
                keys = {k.value for k in v.keys if isinstance(k, ast.Constant)}
            if {"rtol", "atol"} <= keys:
                ok.add(node.targets[0].id)
    return ok


def unstated(path: pathlib.Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    tols = _tol_dicts(tree)
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name not in NAMES:
            continue
        kws = {k.arg for k in node.keywords if k.arg}
        spread = {k.value.id for k in node.keywords if k.arg is None and isinstance(k.value, ast.Name)}
        if {"rtol", "atol"} <= kws or spread & tols:
            continue
        bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return bad


def test_every_tolerance_states_rtol_and_atol():
    files = sorted([*ROOT.glob("tests/**/*.py"), *ROOT.glob("proofs/*.py")])
    bad = [b for f in files for b in unstated(f)]
    assert not bad, "state both rtol= and atol= at:\n" + "\n".join(bad)


def test_the_check_bites(tmp_path):
    (tmp_path / "t.py").write_text(
        "import numpy as np\nTOL = dict(rtol=0, atol=1e-12)\n"
        "np.allclose(1, 1, atol=1e-9)\n"          # rtol missing
        "np.testing.assert_allclose(1, 1)\n"      # both missing
        "np.allclose(1, 1, rtol=0, atol=1e-9)\n"  # fine
        "np.testing.assert_allclose(1, 1, **TOL)\n"  # fine
    )
    global ROOT
    old, ROOT = ROOT, tmp_path
    try:
        assert unstated(tmp_path / "t.py") == ["t.py:3", "t.py:4"]
    finally:
        ROOT = old

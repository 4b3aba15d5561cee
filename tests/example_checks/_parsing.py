"""Reading numbers out of an example's printed output (shared by tests/test_examples.py and the
check modules beside this file; ``tests/`` is on ``sys.path`` under pytest's import mode)."""

import re

NUMBER = r"[-+]?\d+\.?\d*(?:[eE][-+]?\d+)?"


def numbers_after(text: str, label: str) -> list:
    """Every float printed after ``label`` on the first line that contains it."""
    line = next(ln for ln in text.splitlines() if label in ln)
    return [float(x) for x in re.findall(NUMBER, line.split(label, 1)[1])]


def small(text: str, label: str, tol: float, position: int = 0) -> None:
    """The number at ``position`` after ``label`` is a non-negative error below ``tol``."""
    err = numbers_after(text, label)[position]
    assert 0 <= err < tol, f"{label} {err} (tolerance {tol})"

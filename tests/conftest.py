"""Fixtures and collection hooks shared by the whole suite."""
import inspect
import re

import pytest

# A test needs torch when it uses the ``torch64`` fixture or skips without torch / e3nn
# (``pytest.importorskip("torch")`` / ``("e3nn...")`` in its body, or at the top level of
# its module).  Such a test must carry ``@pytest.mark.torch`` (or a module ``pytestmark``),
# so that ``pytest -m torch`` (the README's torch command, after
# ``pip install -e ".[test,torch]"``) selects exactly them; collection fails with the list
# of unmarked ones otherwise, so a new torch test cannot silently stay out of that run.
_NEEDS_TORCH = re.compile(r"""importorskip\(\s*["'](torch|e3nn)\b""")
_MODULE_NEEDS_TORCH = re.compile(r"""^\S.*importorskip\(\s*["'](torch|e3nn)\b""", re.MULTILINE)


def _needs_torch(item, module_cache: dict) -> bool:
    if "torch64" in getattr(item, "fixturenames", ()):
        return True
    func = getattr(item, "function", None)
    module = getattr(item, "module", None)
    if module is not None:
        if module.__name__ not in module_cache:
            try:
                module_cache[module.__name__] = bool(_MODULE_NEEDS_TORCH.search(inspect.getsource(module)))
            except (OSError, TypeError):
                module_cache[module.__name__] = False
        if module_cache[module.__name__]:
            return True
    if func is not None:
        try:
            return bool(_NEEDS_TORCH.search(inspect.getsource(func)))
        except (OSError, TypeError):
            return False
    return False


def pytest_collection_modifyitems(config, items):
    cache: dict = {}
    unmarked = [item.nodeid for item in items
                if item.get_closest_marker("torch") is None and _needs_torch(item, cache)]
    if unmarked:
        raise pytest.UsageError("tests that need torch/e3nn must be marked @pytest.mark.torch:\n  "
                                + "\n  ".join(unmarked))


@pytest.fixture
def torch64():
    """PyTorch with float64 as default dtype for the duration of one test (restored afterwards).

    e3nn builds its tensors in the default dtype; setting it globally without restoring it
    leaks into other peers (escnn) that run later in the same worker process.
    """
    torch = pytest.importorskip("torch")
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        yield torch
    finally:
        torch.set_default_dtype(old)

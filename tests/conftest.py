"""Fixtures shared by the whole suite."""
import pytest


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

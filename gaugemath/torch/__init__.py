"""Differentiable S² / SO(3) transforms and spherical-CNN layers for PyTorch (issue 14).

Needs torch (``pip install "gaugemath[torch]"``); ``import gaugemath`` itself stays torch-free.
See docs/torch.md for the API, the adjoint derivations, gradchecks and measured numbers.
"""

try:
    import torch as _torch  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a torch-free environment
    raise ImportError(
        'gaugemath.torch needs PyTorch: pip install "gaugemath[torch]" (or pip install torch)'
    ) from exc

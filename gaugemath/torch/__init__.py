"""Differentiable S² / SO(3) transforms, spherical-CNN layers, p4/p4m, SE(2)_N and steerable
R²/R³ convolutions for PyTorch (issue 14).

Needs torch (``pip install "gaugemath[torch]"``); ``import gaugemath`` itself stays torch-free.
See docs/torch.md for the API, the adjoint derivations, gradchecks and measured numbers.
"""

try:
    import torch as _torch  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a torch-free environment
    raise ImportError(
        'gaugemath.torch needs PyTorch: pip install "gaugemath[torch]" (or pip install torch)'
    ) from exc

from . import functional  # noqa: E402
from .functional import (  # noqa: E402
    complex_to_real,
    real_to_complex,
    rotate_coefficients,
    s2_analysis,
    s2_synthesis,
    so3_analysis,
    so3_synthesis,
)
from .pooling import GridNonlinearity, S2Integrate, S2Pool, SO3Integrate, SO3Pool  # noqa: E402
from .planar import GroupPool, P4GroupConv, P4Lift, P4MGroupConv, P4MLift  # noqa: E402
from .se2 import SE2NGroupConv, SE2NLift  # noqa: E402
from .steerable import SteerableConv2d, SteerableConv3d  # noqa: E402
from .spherical import (  # noqa: E402
    S2Conv,
    S2ToSO3Conv,
    SO3ToS2Conv,
    SO3ToSO3Conv,
    s2_near_pole_points,
    so3_near_identity_rotations,
)

__all__ = [
    "functional",
    "s2_synthesis",
    "s2_analysis",
    "so3_synthesis",
    "so3_analysis",
    "rotate_coefficients",
    "real_to_complex",
    "complex_to_real",
    "S2ToSO3Conv",
    "SO3ToSO3Conv",
    "SO3ToS2Conv",
    "S2Conv",
    "GridNonlinearity",
    "S2Integrate",
    "SO3Integrate",
    "S2Pool",
    "SO3Pool",
    "s2_near_pole_points",
    "so3_near_identity_rotations",
    "P4Lift",
    "P4GroupConv",
    "P4MLift",
    "P4MGroupConv",
    "GroupPool",
    "SE2NLift",
    "SE2NGroupConv",
    "SteerableConv2d",
    "SteerableConv3d",
]

r"""Closed-form Gaussian expectations of pointwise nonlinearities (the NNGP/NTK "dual" maps).

For a centred Gaussian pair :math:`(u, v)` with variances :math:`q_1, q_2` and covariance
:math:`k` every function returns ``(E[φ(u)φ(v)], E[φ'(u)φ'(v)])`` elementwise, with ``q1``,
``q2``, ``k`` broadcast against each other.

* ReLU (arc-cosine kernel of degree 1, Cho & Saul 2009, Eq. (6); derivative: degree 0):
  with :math:`\cos θ = k/\sqrt{q_1 q_2}`,

  .. math:: E[\mathrm{relu}(u)\mathrm{relu}(v)] = \frac{\sqrt{q_1q_2}}{2π}\big(\sin θ + (π-θ)\cos θ\big),
            \qquad E[\mathbf 1_{u>0}\mathbf 1_{v>0}] = \frac{π-θ}{2π}.

  When ``q1 == 0`` or ``q2 == 0`` the pre-activation is identically 0: both are 0
  (the derivative of relu at 0 is taken as 0, as in :func:`gaugemath.ntk.Relu`'s backward pass).
* erf (Williams 1997, "Computing with infinite networks", Eq. (11)), :math:`φ(u) = \mathrm{erf}(a u)`:

  .. math:: E[φ(u)φ(v)] = \frac{2}{π}\arcsin\frac{2a^2k}{\sqrt{(1+2a^2q_1)(1+2a^2q_2)}},
            \qquad E[φ'(u)φ'(v)] = \frac{4a^2}{π}\,\frac{1}{\sqrt{(1+2a^2q_1)(1+2a^2q_2) - 4a^4k^2}}.
"""

from __future__ import annotations

import numpy as np


def relu_dual(q1, q2, k):
    """ReLU NNGP and derivative maps (Cho & Saul 2009); see the module docstring.

    Written with in-place operations on one full-size buffer at a time (the dominant cost of a
    convolutional kernel is this elementwise map on ``(n1, n2, sites, sites)`` arrays)."""
    k = np.asarray(k, dtype=float)
    norm = np.sqrt(q1 * q2)                    # broadcast of two small arrays
    norm = np.broadcast_to(norm, np.broadcast_shapes(norm.shape, k.shape))
    pos = norm > 0
    c = np.divide(k, norm, out=np.zeros(norm.shape), where=pos)
    np.clip(c, -1.0, 1.0, out=c)
    theta = np.arccos(c, out=np.empty(c.shape))  # θ
    dot = np.subtract(np.pi, theta, out=theta)  # π − θ (θ no longer needed)
    nngp = np.multiply(dot, c, out=np.empty(c.shape))  # (π − θ) cos θ
    np.multiply(c, c, out=c)
    np.subtract(1.0, c, out=c)
    np.sqrt(c, out=c)                          # sin θ
    nngp += c
    nngp *= norm
    nngp *= 1 / (2 * np.pi)
    dot *= 1 / (2 * np.pi)
    if not np.all(pos):
        dot[~pos] = 0.0                        # zero variance: relu'(0) = 0
    return nngp, dot


def erf_dual(q1, q2, k, a: float):
    """erf(a·) NNGP and derivative maps (Williams 1997); see the module docstring."""
    a2 = a * a
    den = (1.0 + 2 * a2 * q1) * (1.0 + 2 * a2 * q2)
    arg = np.clip(2 * a2 * k / np.sqrt(den), -1.0, 1.0)
    nngp = (2 / np.pi) * np.arcsin(arg)
    dot = (4 * a2 / np.pi) / np.sqrt(np.maximum(den - 4 * a2 * a2 * k * k, np.finfo(float).tiny))
    return nngp, dot


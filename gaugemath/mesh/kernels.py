r"""The SO(2) gauge constraint on mesh-convolution kernels and its exact solution basis.

A kernel :math:`K(\theta)\in\mathbb R^{d_{out}\times d_{in}}` of the neighbour angle θ maps a
feature of the real SO(2) irrep :math:`\rho_{n_{in}}` (already transported to p) to one of
:math:`\rho_{n_{out}}`.  With our gauge law (:mod:`gaugemath.mesh.connection`: frames turned by
g give :math:`\theta\mapsto\theta - g`, :math:`f\mapsto\rho(-g)f`) the convolution
:math:`\sum_q K(\theta_{pq})\rho_{in}(g_{q\to p})f_q` is gauge-equivariant iff, for all θ, g,

.. math:: K(\theta - g) = \rho_{out}(-g)\,K(\theta)\,\rho_{in}(g),

which is de Haan et al. (arXiv:2003.05425), Eq. (2) / §3 "Gauge equivariant kernels", and, with
:math:`\theta\to\theta+g`, the SO(2) steerable-kernel constraint
:math:`K(\theta+g) = \rho_{out}(g)K(\theta)\rho_{in}(g)^{-1}` of Weiler & Cesa (NeurIPS 2019,
Eq. 2) on a ring.  (The form :math:`K(\theta - g) = \rho_{out}(g)K(\theta)\rho_{in}(g)^{-1}`
written in issue 13 has the sign of g flipped on the right; it is the constraint for the
opposite gauge law and is *not* the one this package's convolution needs.)

Real irreps: :math:`\rho_0 = 1`, :math:`\rho_n(g) = R(ng)` (2×2, ``gaugemath.reps.so2_irrep(
"SO2", n, "real")``).  Solutions (de Haan et al., Table 1; Weiler & Cesa 2019, Table 8), with
:math:`\psi(a)` the rotation by a and :math:`\xi = \mathrm{diag}(1,-1)`:

* 0 → 0: :math:`1` (dimension 1);
* n → 0 (n ≥ 1): :math:`(\cos(n\theta-\beta), \sin(n\theta-\beta))`, β ∈ {0, π/2} (dimension 2);
* 0 → m (m ≥ 1): :math:`\psi(m\theta+\beta)e_1`, β ∈ {0, π/2} (dimension 2);
* n → m (both ≥ 1): :math:`\psi((m-n)\theta+\beta)` and :math:`\psi((m+n)\theta+\beta)\xi`,
  β ∈ {0, π/2} (dimension 4).

The list of elements is the one solver of the package for SO(2) on the plane,
:func:`gaugemath.kernels.r2.planar_angular_elements` (with the band-limit
:math:`n_{in}+n_{out}`: the solutions have the frequencies :math:`|n_{out}\pm n_{in}|` only), evaluated by
:func:`gaugemath.kernels.r2.evaluate_planar_angular`.  The **self-interaction** kernel (q = p,
no angle) must satisfy :math:`K = \rho_{out}(g)K\rho_{in}(-g)`: span{1} for 0 → 0,
span{:math:`I, \psi(\pi/2)`} for n → n ≥ 1, nothing otherwise.  The dimensions are proved exactly
in ``proofs/proof_mesh_kernel_constraint.py``.
"""

from __future__ import annotations

import numbers

import numpy as np

from .._validation import as_real_array

__all__ = [
    "kernel_dimension",
    "kernel_basis_elements",
    "kernel_basis",
    "kernel_fourier",
    "self_kernel_basis",
    "kernel_constraint_residual",
]


def _order(n, name):
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{name} must be an integer order n >= 0, got {type(n).__name__} {n!r}")
    if n < 0:
        raise ValueError(f"{name} must be an order n >= 0 (real SO(2) irrep rho_n), got {n}")
    return int(n)


def _dim(n):
    return 1 if n == 0 else 2


def kernel_dimension(n_out: int, n_in: int) -> int:
    r"""Dimension of the solution space of the gauge constraint: 1 (0 → 0), 2 (exactly one order 0), 4 (both ≥ 1)."""
    n_out, n_in = _order(n_out, "n_out"), _order(n_in, "n_in")
    return {0: 1, 1: 2, 2: 4}[(n_out > 0) + (n_in > 0)]


def kernel_basis_elements(n_out: int, n_in: int) -> list[tuple[str, int, float]]:
    r"""The basis as ``(kind, f, beta)`` triples of :func:`gaugemath.kernels.r2.planar_angular_elements`
    (SO(2), band-limit :math:`n_{in}+n_{out}`); see the module table."""
    from ..groups import as_group
    from ..kernels.r2 import planar_angular_elements

    n_out, n_in = _order(n_out, "n_out"), _order(n_in, "n_in")
    return planar_angular_elements(as_group("SO2"), (0, n_out), (0, n_in), n_out + n_in)


def kernel_basis(n_out: int, n_in: int, theta) -> np.ndarray:
    r"""Basis kernels at the angles ``theta``: shape ``(B, *theta.shape, d_out, d_in)``,
    B = :func:`kernel_dimension`."""
    from ..kernels.r2 import evaluate_planar_angular

    th = as_real_array(theta, "theta")
    flat = th.ravel()
    out = []
    for kind, f, beta in kernel_basis_elements(n_out, n_in):
        val = evaluate_planar_angular(kind, f, beta, np.cos(flat), np.sin(flat), np.zeros(flat.shape, bool))
        out.append(np.moveaxis(val, -1, 0).reshape(th.shape + val.shape[:2]))
    return np.stack(out)


def kernel_fourier(n_out: int, n_in: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Each basis kernel as :math:`K_b(\theta) = P_b\cos(f_b\theta) + Q_b\sin(f_b\theta)` with
    :math:`f_b\ge 0`: returns ``(f, P, Q)`` of shapes ``(B,)``, ``(B, d_out, d_in)``, ``(B, d_out, d_in)``.

    Exact: each element is linear in :math:`(c, s) = (\cos(f\theta+\beta'), \sin(f\theta+\beta'))`,
    :math:`M(c, s)`, so :math:`P = M(\cos\beta', \sin\beta')`, :math:`Q = M(-\sin\beta', \cos\beta')`
    with β ∈ {0, π/2} taken exactly (β' = −β for the 1×1 and 1×2 kinds, as in ``r2``).
    """
    from ..kernels.r2 import evaluate_planar_angular

    fs, Ps, Qs = [], [], []
    for kind, f, beta in kernel_basis_elements(n_out, n_in):
        half = beta != 0.0
        cb, sb = (0.0, 1.0) if half else (1.0, 0.0)
        if kind in ("11", "12"):
            sb = -sb

        def M(c, s, kind=kind):
            return evaluate_planar_angular(kind, 1, 0.0, np.array([c]), np.array([s]), np.zeros(1, bool))[..., 0]

        P, Q = M(cb, sb), M(-sb, cb)
        if f < 0:  # cos(f t) = cos(|f| t), sin(f t) = -sin(|f| t)
            Q = -Q
        fs.append(abs(f))
        Ps.append(P)
        Qs.append(Q)
    return np.array(fs, dtype=np.int64), np.array(Ps), np.array(Qs)


def self_kernel_basis(n_out: int, n_in: int) -> np.ndarray:
    r"""Basis of the θ-free self-interaction kernels :math:`K = \rho_{out}(g)K\rho_{in}(-g)`,
    shape ``(B, d_out, d_in)``: ``[[1]]`` (0 → 0), :math:`I, \psi(\pi/2)` (n → n ≥ 1), empty otherwise."""
    n_out, n_in = _order(n_out, "n_out"), _order(n_in, "n_in")
    if n_out != n_in:
        return np.zeros((0, _dim(n_out), _dim(n_in)))
    if n_out == 0:
        return np.ones((1, 1, 1))
    return np.array([[[1.0, 0.0], [0.0, 1.0]], [[0.0, -1.0], [1.0, 0.0]]])


def _rho(n, g):
    from ..groups import SO2

    g = np.asarray(g, dtype=float)
    return np.ones(g.shape + (1, 1)) if n == 0 else SO2.from_angle(n * g)


def kernel_constraint_residual(kernel, n_out: int, n_in: int, theta, g) -> float:
    r""":math:`\max|K(\theta - g) - \rho_{out}(-g)K(\theta)\rho_{in}(g)|` over the given angles.

    ``kernel``: a callable mapping angles of shape ``(N,)`` to ``(N, d_out, d_in)``; ``theta`` and
    ``g``: arrays of equal shape ``(N,)``.  ``ValueError`` if the kernel's shape does not match
    the orders.
    """
    n_out, n_in = _order(n_out, "n_out"), _order(n_in, "n_in")
    if not callable(kernel):
        raise TypeError(f"kernel must be a callable theta -> (N, d_out, d_in), got {type(kernel).__name__}")
    th, gg = as_real_array(theta, "theta").ravel(), as_real_array(g, "g").ravel()
    if th.shape != gg.shape:
        raise ValueError(f"theta and g must have the same size, got {th.shape} and {gg.shape}")
    shape = (th.size, _dim(n_out), _dim(n_in))
    K0, K1 = np.asarray(kernel(th)), np.asarray(kernel(th - gg))
    if K0.shape != shape or K1.shape != shape:
        raise ValueError(f"kernel must return shape {shape} for orders n_out={n_out}, n_in={n_in}, got {K0.shape}")
    rhs = _rho(n_out, -gg) @ K0 @ _rho(n_in, gg)
    return float(np.abs(K1 - rhs).max())

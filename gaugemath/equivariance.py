r"""Numerical equivariance check for any callable (NumPy or torch).

:func:`check_equivariance` draws random group elements and measures, in the max norm,

* ``kind="map"`` (a layer / feature map :math:`f:\mathbb R^{d_{in}}\to\mathbb R^{d_{out}}`):
  :math:`\|f(\rho_{in}(g)v) - \rho_{out}(g)f(v)\|_\infty` over random inputs ``v``;
* ``kind="kernel"`` (a steerable kernel :math:`\kappa:\mathbb R^n\to\mathbb R^{d_{out}\times d_{in}}`,
  Weiler & Cesa 2019 Eq. 2): :math:`\|\kappa(gx) - \rho_{out}(g)\kappa(x)\rho_{in}(g)^{-1}\|_\infty`
  over random points ``x`` (``g·x`` from ``group.act``).

``group`` is a :class:`gaugemath.groups.Group` or a name (``gaugemath.groups.as_group``;
``sample(n, seed)``; ``act`` for kernels);
``rho_in``/``rho_out`` are callables on batches of elements returning ``(..., d, d)``
(e.g. :class:`gaugemath.reps.Representation`).  Batched evaluation is used when ``f`` accepts
a batch (leading axes), else one call per input.  Inputs are float64; if ``f`` rejects NumPy
arrays it is called with ``torch.float64`` tensors, and torch outputs are converted back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import check_choice

__all__ = ["EquivarianceReport", "check_equivariance"]


@dataclass
class EquivarianceReport:
    """``max_error`` (absolute, max norm), ``relative_error`` (over the max |output|),
    per-element errors and ``passed`` (``max_error <= atol + rtol * scale``)."""

    max_error: float
    relative_error: float
    errors: np.ndarray
    n_elements: int
    n_inputs: int
    passed: bool
    kind: str

    def __bool__(self) -> bool:
        return bool(self.passed)

    def __str__(self) -> str:
        state = "passed" if self.passed else "FAILED"
        return (f"equivariance ({self.kind}) {state}: max error {self.max_error:.3e} "
                f"(relative {self.relative_error:.3e}) over {self.n_elements} elements x {self.n_inputs} inputs")


def _to_numpy(y):
    if hasattr(y, "detach"):
        y = y.detach().cpu().numpy()
    return np.asarray(y)


def _call(f, x):
    try:
        return _to_numpy(f(x))
    except (TypeError, AttributeError):
        import torch

        return _to_numpy(f(torch.as_tensor(x, dtype=torch.float64)))


def _apply(f, X):
    """f on a batch X (n, ...); falls back to one call per row."""
    try:
        Y = _call(f, X)
        if Y.shape[:1] == X.shape[:1]:
            return Y
    except Exception:  # noqa: BLE001 - f may not accept a batch
        pass
    return np.stack([_call(f, x) for x in X])


def check_equivariance(f, group, rho_in, rho_out, *, kind: str = "map", inputs=None, n_elements: int = 8,
                       n_inputs: int = 4, seed=0, atol: float = 1e-8, rtol: float = 1e-8) -> EquivarianceReport:
    r"""Measure how far ``f`` is from equivariance over ``n_elements`` random group elements.

    Parameters
    ----------
    f : callable
        ``kind="map"``: ``f(v)`` with ``v`` of shape ``(d_in,)`` (or a batch ``(n, d_in)``)
        returning ``(d_out,)``; ``kind="kernel"``: ``f(x)`` with points ``x`` of shape
        ``(n_dim,)`` (or ``(n, n_dim)``) returning ``(d_out, d_in)``.
    group : a :class:`gaugemath.groups.Group` or its name (:func:`gaugemath.groups.as_group`);
        its ``sample(n, seed)`` draws the elements, ``act(g, x)`` moves kernel points.
    rho_in, rho_out : callables ``g -> (..., d, d)``.
    inputs : optional array of test inputs (vectors or points); default standard normal.
    atol, rtol : pass if ``max_error <= atol + rtol * max|output|``.
    """
    kind = check_choice(kind, "kind", ("map", "kernel"))
    for name, v in (("n_elements", n_elements), ("n_inputs", n_inputs)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}")
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    from .groups import as_group

    group = as_group(group)
    rng = np.random.default_rng(seed)
    G = np.asarray(group.sample(int(n_elements), seed=rng.integers(2**31)))
    Rin = np.asarray(rho_in(G))
    Rout = np.asarray(rho_out(G))
    if Rin.ndim != 3 or Rout.ndim != 3 or Rin.shape[1] != Rin.shape[2] or Rout.shape[1] != Rout.shape[2]:
        raise ValueError(f"rho_in and rho_out must return (n, d, d) matrices, got {Rin.shape} and {Rout.shape}")
    d_in, d_out = Rin.shape[-1], Rout.shape[-1]
    if kind == "map":
        X = rng.standard_normal((int(n_inputs), d_in)) if inputs is None else np.asarray(inputs, dtype=float)
        if X.ndim != 2 or X.shape[1] != d_in:
            raise ValueError(f"inputs must have shape (n, {d_in}) for rho_in of dimension {d_in}, got {X.shape}")
        Y = _apply(f, X)
        if Y.shape != (len(X), d_out):
            raise ValueError(f"f must return vectors of length dim rho_out = {d_out}, got shape {Y.shape[1:]}")
        errors = np.empty(len(G))
        for k in range(len(G)):
            lhs = _apply(f, X @ Rin[k].T)
            rhs = Y @ Rout[k].T
            errors[k] = np.max(np.abs(lhs - rhs))
        scale = float(np.max(np.abs(Y))) if Y.size else 0.0
    else:
        if not hasattr(group, "act"):
            raise TypeError("kind='kernel' needs group.act(g, x)")
        n_dim = getattr(group, "ambient_dim", None)
        if inputs is None:
            if not n_dim:
                raise ValueError("give inputs= (points), the group has no ambient_dim")
            X = rng.standard_normal((int(n_inputs), int(n_dim)))
        else:
            X = np.asarray(inputs, dtype=float)
        K = _apply(f, X)
        if K.shape[1:] != (d_out, d_in):
            raise ValueError(f"f must return (dim rho_out, dim rho_in) = {(d_out, d_in)} matrices, got {K.shape[1:]}")
        errors = np.empty(len(G))
        for k in range(len(G)):
            gX = np.asarray(group.act(G[k], X))
            lhs = _apply(f, gX)
            rhs = Rout[k] @ K @ np.linalg.inv(Rin[k])
            errors[k] = np.max(np.abs(lhs - rhs))
        scale = float(np.max(np.abs(K))) if K.size else 0.0
    max_err = float(np.max(errors))
    rel = max_err / scale if scale > 0 else max_err
    return EquivarianceReport(max_err, rel, errors, len(G), len(X), bool(max_err <= atol + rtol * scale), kind)

r"""Infinite-ensemble predictions of networks trained by gradient flow on the squared loss.

Conventions
-----------
Stated once, used by :mod:`gaugemath.ntk.augmentation` too.

* **Loss and flow.**  The loss is the *sum* :math:`L = \tfrac12\sum_{i=1}^n \lVert f(x_i) - y_i\rVert^2`
  and the parameters follow gradient flow :math:`\dot\theta = -\eta\,\nabla_\theta L` with learning rate
  :math:`\eta`.  In the infinite-width limit the outputs on the training inputs then obey
  :math:`\dot f_X = -\eta\,\Theta\,(f_X - Y)` with :math:`\Theta = \Theta(X, X)` the NTK.  neural-tangents
  normalises its loss by the number of target entries, so its ``learning_rate=lr`` is our
  ``learning_rate = lr / y_train.size``.
* **Ensemble.**  The networks are independently initialised, so at :math:`t = 0` the outputs are a centred
  Gaussian process with covariance the NNGP kernel :math:`K`; different output channels are independent
  with the same kernel (the NTK and NNGP are scalar kernels times the identity on the outputs).
* **Mean and covariance** (Lee et al. 2019, "Wide neural networks of any depth evolve as linear models
  under gradient descent", NeurIPS 2019, arXiv:1902.06720, section "Gaussian processes from gradient
  descent training"), with :math:`A_t = \Theta^{-1}(I - e^{-\eta\Theta t})`:

  .. math::

     \mu_t(x) = \Theta(x, X)\,A_t\,Y,\qquad
     \Sigma_t(x, x') = K(x, x') + \Theta(x, X)A_tK(X, X)A_t\Theta(X, x')
       - \bigl[\Theta(x, X)A_tK(X, x') + K(x, X)A_t\Theta(X, x')\bigr].

  :math:`A_t` is computed from one eigendecomposition :math:`\Theta = V\,\mathrm{diag}(\lambda)\,V^{\mathsf T}`
  as :math:`V\,\mathrm{diag}(\varphi_t(\lambda))\,V^{\mathsf T}`, :math:`\varphi_t(\lambda) = -\mathrm{expm1}
  (-\eta\lambda t)/\lambda` (:math:`=\eta t` at :math:`\lambda = 0`, :math:`=1/\lambda` at :math:`t=\infty`),
  so any number of times, :math:`t = \infty` included, costs one :math:`O(n^3)` factorisation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_real_array

__all__ = ["Prediction", "predict"]

#: relative size (to the largest eigenvalue) of a negative eigenvalue still taken as rounding of 0
PSD_RTOL = 1e-10
#: relative asymmetry allowed in a kernel matrix
SYM_RTOL = 1e-10


class Prediction(NamedTuple):
    """Mean and covariance of the infinite ensemble.

    ``mean``: ``(m, k)`` (or ``(m,)`` for 1-D targets), with a leading time axis ``(T, ...)`` when ``t`` is an
    array.  ``covariance``: ``(m, m)`` (``(T, m, m)``), the same for every output channel; ``None`` when no NNGP
    blocks were given.
    """

    mean: np.ndarray
    covariance: np.ndarray | None


def check_times(t) -> tuple[np.ndarray, bool]:
    """``t`` as a 1-D float array (``np.inf`` allowed) and whether it was a scalar; ``ValueError`` for NaN/negative."""
    if isinstance(t, (str, bytes)) or t is None:
        raise TypeError(f"t must be a non-negative number or 1-D array (np.inf allowed), got {type(t).__name__}")
    if np.iscomplexobj(t):
        raise TypeError("t must be real")
    arr = np.asarray(t, dtype=np.float64)
    if arr.ndim > 1:
        raise ValueError(f"t must be a scalar or a 1-D array of times, got shape {arr.shape}")
    if np.any(np.isnan(arr)) or np.any(arr < 0):
        raise ValueError(f"t must be >= 0 (np.inf allowed) and not NaN, got {t!r}")
    return np.atleast_1d(arr), arr.ndim == 0


def check_learning_rate(learning_rate) -> float:
    """``learning_rate`` as a positive finite float (``ValueError`` otherwise)."""
    lr = as_real_array(learning_rate, "learning_rate")
    if lr.ndim != 0 or not lr > 0:
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate!r}")
    return float(lr)


def check_symmetric(k: np.ndarray, name: str) -> np.ndarray:
    """``k`` square and symmetric up to :data:`SYM_RTOL`; returns the symmetrised matrix."""
    if k.ndim != 2 or k.shape[0] != k.shape[1]:
        raise ValueError(f"{name} must be a square (n, n) matrix, got shape {k.shape}")
    scale = max(float(np.max(np.abs(k), initial=0.0)), np.finfo(float).tiny)
    asym = float(np.max(np.abs(k - np.conj(k.T)), initial=0.0))
    if asym > SYM_RTOL * scale:
        raise ValueError(f"{name} is not symmetric: max |K - K^T| = {asym:.3g} (> {SYM_RTOL:g} * max |K|)")
    return 0.5 * (k + np.conj(k.T))


def check_spectrum(evals: np.ndarray, name: str, infinite_time: bool) -> np.ndarray:
    """Eigenvalues of a PSD kernel: ``ValueError`` if clearly negative (not PSD) or, when ``t = inf`` is asked,
    numerically singular; rounding-level negatives are set to 0."""
    top = float(np.max(np.abs(evals), initial=0.0))
    low = float(np.min(evals, initial=0.0))
    if low < -PSD_RTOL * top or top == 0.0:
        raise ValueError(f"{name} is not positive semidefinite: smallest eigenvalue {low:.3g}, largest {top:.3g} "
                         f"(tolerance {PSD_RTOL:g} relative); add jitter= to regularise a kernel that should be PSD")
    floor = evals.size * np.finfo(float).eps * top
    if infinite_time and np.min(evals) <= floor:
        raise ValueError(f"{name} is numerically singular (smallest eigenvalue {np.min(evals):.3g} <= {floor:.3g}),"
                         " so the t = inf limit is not determined; pass jitter > 0 or finite times t")
    return np.maximum(evals, 0.0)


def flow_weights(evals: np.ndarray, t: np.ndarray, learning_rate: float) -> np.ndarray:
    r""":math:`\varphi_t(\lambda) = (1 - e^{-\eta\lambda t})/\lambda`, shape ``(len(t), len(evals))``.

    :math:`\eta t` where :math:`\lambda = 0`, :math:`1/\lambda` at :math:`t = \infty` (evaluated with ``expm1``, no
    cancellation for small :math:`\eta\lambda t`)."""
    lam = evals[None, :]
    tt = t[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        x = learning_rate * lam * tt
        finite = -np.expm1(-np.where(np.isinf(tt), 0.0, x)) / lam
        phi = np.where(np.isinf(tt), 1.0 / lam, finite)
        phi = np.where(lam == 0, learning_rate * tt, phi)
    return phi


def _as_matrix(k, name, shape):
    arr = as_real_array(k, name)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    return arr


def predict(ntk_train_train, y_train, ntk_test_train=None, *, t=np.inf, learning_rate=1.0,
            nngp_train_train=None, nngp_test_train=None, nngp_test_test=None, jitter=0.0) -> Prediction:
    r"""Mean (and covariance) of an infinite ensemble of wide networks after gradient-flow training time ``t``.

    Implements Lee et al. (2019) (module docstring): loss :math:`\tfrac12\sum_i\lVert f(x_i)-y_i
    \rVert^2`, flow :math:`\dot f_X = -\eta\Theta(f_X - Y)`, ensemble mean zero at :math:`t=0`.

    Parameters
    ----------
    ntk_train_train : array (n, n)
        NTK :math:`\Theta(X, X)`; symmetric and positive semidefinite (checked).
    y_train : array (n,) or (n, k)
        Targets.
    ntk_test_train : array (m, n), optional
        :math:`\Theta(x_*, X)`.  Without it the predictions are on the training inputs.
    t : float or 1-D array
        Training time(s) :math:`\ge 0`; ``np.inf`` is the converged limit (kernel regression with the NTK).
    learning_rate : float
        :math:`\eta > 0`.
    nngp_train_train, nngp_test_train, nngp_test_test : arrays (n, n), (m, n), (m, m), optional
        NNGP blocks :math:`K(X,X), K(x_*,X), K(x_*,x_*)`; when given (all those that apply) the covariance is
        returned too.
    jitter : float
        Added to the diagonal of :math:`\Theta(X,X)` only (absolute, default 0): a regulariser (equivalently a
        ridge term in the flow) for singular kernels.  Without ``ntk_test_train`` the regularised kernel is
        used throughout (the training outputs follow :math:`\dot f_X = -\eta(\Theta + \text{jitter}\,I)(f_X - Y)`).

    Returns
    -------
    Prediction
        ``mean`` of shape ``y_train.shape`` with ``n -> m`` (and a leading time axis for an array ``t``),
        ``covariance`` ``(m, m)`` (``(T, m, m)``) or ``None``.

    Raises
    ------
    ValueError
        Shapes that do not match, NaN/inf entries, ``t < 0`` or NaN, ``learning_rate <= 0``, ``jitter < 0``,
        a non-symmetric or not positive-semidefinite ``ntk_train_train`` (rounding-level negative eigenvalues
        are set to zero), or ``t = inf`` with a numerically singular NTK (use ``jitter``).
    """
    theta = as_real_array(ntk_train_train, "ntk_train_train")
    theta = check_symmetric(theta, "ntk_train_train")
    n = theta.shape[0]
    y = as_real_array(y_train, "y_train")
    if y.ndim not in (1, 2) or y.shape[0] != n:
        raise ValueError(f"y_train must have shape ({n},) or ({n}, k) to match ntk_train_train, got {y.shape}")
    times, scalar_t = check_times(t)
    lr = check_learning_rate(learning_rate)
    jit = as_real_array(jitter, "jitter")
    if jit.ndim != 0 or jit < 0:
        raise ValueError(f"jitter must be a non-negative number, got {jitter!r}")
    theta = theta + float(jit) * np.eye(n)
    test = ntk_test_train is not None
    if test:
        theta_sx = as_real_array(ntk_test_train, "ntk_test_train")
        if theta_sx.ndim != 2 or theta_sx.shape[1] != n:
            raise ValueError(f"ntk_test_train must have shape (m, {n}), got {theta_sx.shape}")
    m = theta_sx.shape[0] if test else n
    want_cov = any(b is not None for b in (nngp_train_train, nngp_test_train, nngp_test_test))
    if want_cov:
        missing = [nm for nm, b in (("nngp_train_train", nngp_train_train), ("nngp_test_train", nngp_test_train),
                                    ("nngp_test_test", nngp_test_test)) if b is None and (test or nm == "nngp_train_train")]
        if missing:
            raise ValueError(f"the covariance needs {', '.join(missing)} as well")
        k_xx = check_symmetric(_as_matrix(nngp_train_train, "nngp_train_train", (n, n)), "nngp_train_train")
        if test:
            k_sx = _as_matrix(nngp_test_train, "nngp_test_train", (m, n))
            k_ss = check_symmetric(_as_matrix(nngp_test_test, "nngp_test_test", (m, m)), "nngp_test_test")
        else:
            if nngp_test_train is not None or nngp_test_test is not None:
                raise ValueError("nngp_test_train / nngp_test_test need ntk_test_train")
            k_sx, k_ss = k_xx, k_xx

    evals, V = np.linalg.eigh(theta)
    evals = check_spectrum(evals, "ntk_train_train", bool(np.any(np.isinf(times))))
    phi = flow_weights(evals, times, lr)  # (T, n)
    # C = Theta(x*, X) V; on the training inputs C = V diag(lambda) exactly
    C = theta_sx @ V if test else V * evals[None, :]
    y2 = y.reshape(n, -1)
    vy = V.T @ y2
    mean = np.einsum("ma,ta,ak->tmk", C, phi, vy)
    mean = mean.reshape((len(times), m) + y.shape[1:])
    cov = None
    if want_cov:
        Cphi = C[None] * phi[:, None, :]  # (T, m, n) = Theta(x*, X) A_t V
        kt = V.T @ k_xx @ V
        cross = Cphi @ (V.T @ k_sx.T)[None]  # Theta(x*,X) A_t K(X, x*)
        cov = k_ss[None] + Cphi @ kt[None] @ np.swapaxes(Cphi, 1, 2) - cross - np.swapaxes(cross, 1, 2)
        cov = 0.5 * (cov + np.swapaxes(cov, 1, 2))
    if scalar_t:
        mean = mean[0]
        cov = None if cov is None else cov[0]
    return Prediction(mean, cov)

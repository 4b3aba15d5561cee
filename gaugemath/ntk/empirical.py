r"""Empirical (finite-width) NNGP and NTK from exact parameter gradients.

For a network :math:`f(\,\cdot\,; θ)` with ``K`` outputs (a vector readout),

.. math:: \hat Σ(x, x') = \frac1K \sum_{o} f_o(x) f_o(x'), \qquad
          \hat Θ(x, x') = \frac1K \sum_{o} \sum_{p} w_p\, ∂_{θ_p} f_o(x)\, ∂_{θ_p} f_o(x'),

with the NTK weights :math:`w_p` of the parameterisation (1, or ``1/fan_in`` for the weights of
a layer in the standard parameterisation; :mod:`gaugemath.ntk.stax`).  The gradients come
from the NumPy backward pass of each layer (``Layer.vjp``), one output unit at a time;
no automatic differentiation is needed.  At initialisation, as the width grows,
:math:`\hat Σ \to Σ` and :math:`\hat Θ \to Θ` of :meth:`Serial.kernel_fn` (Jacot et al.
2018, Thm 1; Lee et al. 2018), with fluctuations of order :math:`\mathrm{width}^{-1/2}`.
"""

from __future__ import annotations

import numpy as np

from gaugemath.ntk.stax import Kernels, Serial


def _param_grads(net: Serial, params, x, unit: int) -> list:
    """Per-example gradients of output ``unit`` (list per layer of dicts ``(n, *shape)``)."""
    acts = net.forward(params, x)
    gy = np.zeros_like(acts[-1])
    gy[:, unit] = 1.0
    grads = [None] * len(net.layers)
    for i in range(len(net.layers) - 1, -1, -1):
        grads[i], gy = net.layers[i].vjp(params[i], acts[i], acts[i + 1], gy)
    return grads


def jacobian(net: Serial, params, x, unit: int = 0) -> np.ndarray:
    """Per-example gradient of output ``unit`` w.r.t. all parameters, flattened ``(n, P)``
    in the order of ``params`` (layer, then sorted parameter name), each column multiplied
    by the square root of its NTK weight."""
    grads = _param_grads(net, params, x, unit)
    cols = []
    for layer, p, g in zip(net.layers, params, grads):
        w = layer.ntk_weights(p)
        for name in sorted(g):
            cols.append(np.sqrt(w[name]) * g[name].reshape(g[name].shape[0], -1))
    n = np.asarray(x).shape[0]
    return np.concatenate(cols, axis=1) if cols else np.zeros((n, 0))


def empirical_kernels(net: Serial, params, x1, x2=None, get=("nngp", "ntk")) -> Kernels:
    """Empirical NNGP and NTK of the finite network ``net`` with parameters ``params``.

    Parameters
    ----------
    net : Serial
        Built with :func:`gaugemath.ntk.serial`; its output must be a vector ``(batch, K)``.
    params : list
        From ``net.init``.
    x1, x2 : arrays (n1, ...), (n2, ...)
        Batches (``x2`` defaults to ``x1``).
    get : "nngp", "ntk" or a tuple of them

    Returns
    -------
    Kernels
        ``nngp`` and ``ntk`` of shape ``(n1, n2)``, averaged over the K output units
        (module docstring).
    """
    if not isinstance(net, Serial):
        raise TypeError(f"net must be a gaugemath.ntk.Serial (from serial(...)), got {type(net).__name__}")
    get = (get,) if isinstance(get, str) else tuple(get)
    for g in get:
        if g not in ("nngp", "ntk"):
            raise ValueError(f"unknown get {g!r}; allowed: 'nngp', 'ntk'")
    same = x2 is None
    y1 = net.apply(params, x1)
    y2 = y1 if same else net.apply(params, x2)
    structs = net.structures(np.asarray(x1).shape[1:])
    if structs[-1].kind != "vector":
        raise ValueError(f"empirical_kernels needs a vector readout (batch, K); the network outputs "
                         f"{structs[-1].kind} features: end it with Flatten()/GlobalAvgPool() and Dense")
    K = y1.shape[1]
    nngp = y1 @ y2.T / K if "nngp" in get else None
    ntk = None
    if "ntk" in get:
        ntk = np.zeros((y1.shape[0], y2.shape[0]))
        for o in range(K):
            j1 = jacobian(net, params, x1, o)
            j2 = j1 if same else jacobian(net, params, x2, o)
            ntk += j1 @ j2.T
        ntk /= K
    return Kernels(nngp, ntk, structs[-1])

r"""Group tables of p4 / p4m for the kernel maps, and the compressed form of right-invariant
group covariances (used by :mod:`gaugemath.ntk.stax`, :mod:`~gaugemath.ntk.conv` and
:mod:`~gaugemath.ntk.group_conv`; it imports none of them).

A covariance of group features is right-invariant, :math:`\Sigma[(h,t),(h',t')]` depends on
:math:`h, h'` only through :math:`h' h^{-1}` (docs/ntk.md); the compressed form keeps that
one group index.
"""

from __future__ import annotations

import numpy as np

from gaugemath.layers.gcnn import GROUP_ORDERS, d4_cayley_table

__all__ = ["group_tables", "expand_group", "group_average_compressed"]


def group_tables(key: str):
    """Cayley table ``table[a, b] = index of a·b`` and inverses ``inv[h]`` of the group ``key``
    (element numbering of :mod:`gaugemath.layers.gcnn`)."""
    table = d4_cayley_table(key)
    inv = np.array([int(np.nonzero(table[h] == 0)[0][0]) for h in range(GROUP_ORDERS[key])])
    return table, inv


def _right_index(key: str) -> np.ndarray:
    """``idx[h, h'] = index of h' h^{-1}``."""
    table, inv = group_tables(key)
    n = GROUP_ORDERS[key]
    return np.array([[table[hp, inv[h]] for hp in range(n)] for h in range(n)])


def expand_group(K: np.ndarray, key: str) -> np.ndarray:
    """Full covariance ``(..., |H|, H, W, |H|, H, W)`` from the compressed form ``(..., H, W, |H|, H, W)``:
    ``Σ[(h, t), (h', t')] = Σ_c[t, h' h^{-1}, t']`` (right invariance)."""
    idx = _right_index(key)
    n = idx.shape[0]
    out = np.take(K, idx.ravel(), axis=-3).reshape(K.shape[:-3] + (n, n) + K.shape[-2:])
    return np.moveaxis(out, -4, -6)


def group_average_compressed(M: np.ndarray, key: str) -> np.ndarray:
    """``out[..., h, h'] = M[..., h' h^{-1}]`` for a function ``M[..., v]`` on the stabiliser."""
    return M[..., _right_index(key)]

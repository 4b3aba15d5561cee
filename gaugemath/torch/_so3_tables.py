r"""The SO(3) (Wigner) transform as dense torch operations on tabled Wigner-d values.

For a batch of many maps at moderate band-limits the Wigner step is a batched matrix product
per order pair :math:`(m', m)`: :math:`G_{m'm}(\beta_j) = \sum_\ell \hat F^\ell_{m'm}\,d^\ell_{m'm}(\beta_j)`
(synthesis) and :math:`\hat F^\ell_{m'm} = \frac{2\ell+1}{8\pi^2}(2\pi)^2\sum_j w_j\,G_{m'm}(\beta_j)\,d^\ell_{m'm}(\beta_j)`
(analysis, :math:`G` the mean over (α, γ) of :math:`F e^{i(m'\alpha+m\gamma)}`), with the same
2-D FFT over (α, γ) as :func:`gaugemath.transforms.so3_synthesis` (Kostelec & Rockmore 2008, §2)
-- the same conventions and layouts, equal to it to rounding (tested).  The table
:math:`d^\ell_{m'm}(\beta_j)` comes from the core (:func:`gaugemath.wigner.wigner_d_all`) and holds
:math:`(2L+1)^2(L+1)\,n_\beta` numbers (37 MB at L = 32, 0.56 GB at L = 64); every step is a
torch operation, so autograd differentiates it exactly (the adjoint of a linear map) and it
runs on any torch device.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

__all__ = ["so3_tables", "table_bytes", "device_tables", "so3_synthesis_tables", "so3_analysis_tables"]


def table_bytes(lmax: int, n_beta: int) -> int:
    """Bytes of the float64 d table for ``lmax`` and ``n_beta`` β nodes."""
    return (2 * lmax + 1) ** 2 * (lmax + 1) * n_beta * 8


@lru_cache(maxsize=4)
def _tables_np(lmax: int, beta_bytes: bytes, n_alpha: int, n_gamma: int):
    from gaugemath.wigner import wigner_d_all

    beta = np.frombuffer(beta_bytes)
    nb = beta.shape[0]
    L = lmax
    ms = np.arange(-L, L + 1)
    mp_, m_ = (a.ravel() for a in np.meshgrid(ms, ms, indexing="ij"))  # P = (2L+1)^2 pairs
    P = mp_.size
    d = wigner_d_all(L, beta)
    n_so3 = (L + 1) * (2 * L + 1) * (2 * L + 3) // 3
    idx = np.full((P, L + 1), n_so3, dtype=np.int64)  # n_so3 -> the appended zero slot
    tab = np.zeros((P, L + 1, nb))
    inv = np.empty(n_so3, dtype=np.int64)
    for l in range(L + 1):
        off = l * (4 * l * l - 1) // 3
        ok = (np.abs(mp_) <= l) & (np.abs(m_) <= l)
        p = np.nonzero(ok)[0]
        packed = off + (mp_[p] + l) * (2 * l + 1) + (m_[p] + l)
        idx[p, l] = packed
        inv[packed] = p * (L + 1) + l
        dl = np.asarray(d[l]).reshape(nb, 2 * l + 1, 2 * l + 1)
        tab[p, l, :] = dl[:, mp_[p] + l, m_[p] + l].T
    return idx, tab, inv, mp_ % n_alpha, m_ % n_gamma


def so3_tables(lmax, grid):
    """NumPy tables (gather index, d table (P, L+1, nβ), inverse index, α bins, γ bins) for ``grid``."""
    na, _, ng = grid.shape
    return _tables_np(int(lmax), np.ascontiguousarray(grid.beta, dtype=np.float64).tobytes(), na, ng)


def _t(a, device, dtype=None):
    return torch.as_tensor(a, device=device) if dtype is None else torch.as_tensor(a, device=device, dtype=dtype)


def so3_synthesis_tables(c, lmax, grid, tabs=None):
    """Samples (..., n_alpha, n_beta, n_gamma) of :math:`F=\\sum\\hat F^\\ell_{m'm}D^\\ell_{m'm}` from
    packed complex coefficients ``c`` (..., n_so3); ``tabs``: tensors from :func:`device_tables`."""
    idx, tab, _, ia, ig = tabs if tabs is not None else device_tables(lmax, grid, c.device, c.dtype)
    na, nbeta, ng = grid.shape
    lead = c.shape[:-1]
    cz = torch.cat([c, c.new_zeros(lead + (1,))], -1)
    A = cz[..., idx]  # (..., P, L+1)
    G = torch.einsum("...pl,plj->...jp", A, tab.to(c.dtype))  # (..., nβ, P)
    H = c.new_zeros(lead + (nbeta, na, ng))
    H[..., ia, ig] = G
    F = torch.fft.fft2(H, dim=(-2, -1))  # Σ e^{-i(m'α + mγ)}
    return F.movedim(-3, -2)


def so3_analysis_tables(F, lmax, grid, tabs=None):
    """Packed coefficients :math:`\\hat F^\\ell_{m'm}` (..., n_so3) of samples (..., n_alpha, n_beta, n_gamma)."""
    idx, tab, inv, ia, ig = tabs if tabs is not None else device_tables(lmax, grid, F.device, F.dtype)
    lead = F.shape[:-3]
    G = torch.fft.ifft2(F.movedim(-2, -3), dim=(-2, -1))[..., ia, ig]  # (..., nβ, P): mean of F e^{+i(...)}
    w = _t(np.asarray(grid.beta_weights) * (2 * np.pi) ** 2, F.device, G.real.dtype)
    V = torch.einsum("...jp,plj->...pl", G * w[:, None], tab.to(G.dtype))  # (..., P, L+1)
    out = V.reshape(lead + (-1,))[..., inv]
    l = np.concatenate([np.full((2 * k + 1) ** 2, k) for k in range(lmax + 1)])
    return out * _t((2 * l + 1) / (8 * np.pi**2), F.device, G.real.dtype)


def device_tables(lmax, grid, device, dtype):
    """The tables as tensors on ``device`` (d in the real precision of ``dtype``)."""
    idx, tab, inv, ia, ig = so3_tables(lmax, grid)
    rdt = torch.float32 if dtype in (torch.float32, torch.complex64) else torch.float64
    return (_t(idx, device), _t(tab, device, rdt), _t(inv, device), _t(ia, device), _t(ig, device))

r"""Steerable convolutions on R² and R³ whose filters are expanded from :mod:`gaugemath.kernels` bases.

A steerable convolution maps a field of type :math:`\rho_{in}` to one of type :math:`\rho_{out}`,
:math:`f_{out}(x) = \sum_y \kappa(y - x)\, f_{in}(y)` (a cross-correlation), with a kernel
satisfying :math:`\kappa(gx) = \rho_{out}(g)\kappa(x)\rho_{in}(g)^{-1}` (Weiler & Cesa 2019,
"General E(2)-equivariant steerable CNNs", Eq. 2; Weiler et al. 2018, "3D steerable CNNs",
Eq. 4), which makes the layer equivariant: with :math:`[g f](x) = \rho(g) f(g^{-1}x)`,
:math:`\mathrm{conv}(g f_{in}) = g\,\mathrm{conv}(f_{in})` (substitute :math:`y = g y'`).
The kernel is :math:`\kappa = \sum_b w_b \kappa_b` with learnable :math:`w_b` and the analytic
basis :math:`\kappa_b` of :func:`gaugemath.kernels.steerable_basis` (Gaussian shells × angular
harmonics, ``docs/kernels.md``) sampled once on the k×k(×k) grid and stored as buffers.

Field types and channels
------------------------
``in_fields`` / ``out_fields`` are irrep labels of :mod:`gaugemath.kernels.irreps` (a Python
``list`` is a direct sum — repeat a label for multiplicity; anything else, e.g. the tuple
``(1, 2)``, is one label): SO(2)/C_N ``k``; O(2)/D_N ``"trivial"``, ``"sign"``,
``k``, ``(j, k)``; SO(3) ``ℓ``; O(3) ``"1o"``, ``(ℓ, p)``, or an e3nn-style string such as
``"2x0e + 1o + 2e"``.  The channel axis holds the fields in list order, each field's components
consecutive in the irrep's basis (SO(3)/O(3): real basis m = −ℓ..ℓ, ℓ = 1 is (y, z, x);
planar 2-dim irreps: the (x, y) components of :math:`\psi(k\theta)`).

For C_N and D_N a field may also be a :class:`gaugemath.reps.Representation` of the group
(e.g. ``reps.regular(group)`` — escnn's regular fields — or ``reps.quotient``), orthogonal; it is
decomposed once, :math:`\rho = Q(\oplus_i\psi_i)Q^{-1}` with the columns of Q intertwiners from
``reps.hom_basis`` (orthonormalised), the layer works with the irreps :math:`\psi_i`
(``in_irreps`` / ``out_irreps``) and the filter is :math:`Q_{out}\,\kappa\,Q_{in}^{-1}`.

Weights are shared between copies of one *type*: for every pair (output type a with
multiplicity :math:`m_a`, input type b with :math:`m_b`) whose basis has :math:`n_{ab}` elements
the layer holds :math:`m_a m_b n_{ab}` weights, and the kernel block of output copy u and input
copy v is :math:`\sum_n w_{uvn}\, \kappa^{ab}_n`.  Filter expansion = one ``einsum`` per pair of
types + one gather that puts the channels in list order; :meth:`basis_weights` gives the same
weights in the element order of ``steerable_basis(space, group, in_fields, out_fields)`` (so
``KernelBasis.expand(layer.basis_weights())`` is the layer's kernel in the kernels' axes; with
Representation fields the lists are ``in_irreps`` / ``out_irreps``, before the change of basis).

Grids
-----
**R²** (:class:`SteerableConv2d`): images ``(batch, C, H, W)`` in the pixel frame of
:mod:`gaugemath.layers.gcnn` (pixel ``[i, j]`` at ``x = j − (W−1)/2``, ``y = (H−1)/2 − i``; the
flip of O(2)/D_N, (x, y) ↦ (x, −y), flips the rows).  The kernels' grid has axes (x, y); the
conv2d filter is ``numpy.rot90`` of it (filter pixel ``[a, b]`` at ``(b − c, c − a)``).
**R³** (:class:`SteerableConv3d`): volumes ``(batch, C, X, Y, Z)`` with voxel ``[i, j, l]`` at
``(i − c, j − c, l − c)`` — the kernels' grid axes (x, y, z) (also e3nn's voxel convolution
layout), so the conv3d filter is the sampled basis itself.

Equivariance: exact (to round-off) for the symmetries of the grid — rotations by multiples of
90° (and the flips in the group) on R², the 24 cube rotations (× inversion for O(3)) on R³,
with ``"same"``/``"circular"`` padding and square/cubic inputs; approximate for other rotations,
error measured in ``tests/torch/test_torch_steerable.py`` (``docs/torch.md``).

**Initialisation** (generalised He, cf. Weiler & Cesa 2019 §3): :math:`w_{uvn}\sim\mathcal N(0,
\sigma_n^2)`, :math:`\sigma_n^2 = \mathrm{gain}\cdot d_a / (N_a \|\kappa_n\|^2)`, with
:math:`N_a = \sum_b m_b n_{ab}` the number of weights feeding one copy of output type a and
:math:`\|\kappa_n\|` the Frobenius norm of the sampled element.  Then, averaged over the
:math:`d_a` rows of an output field, :math:`\sum_{\text{in channels, pixels}} \mathrm{Var}\,\kappa
= \mathrm{gain}` — the He/Kaiming condition ``fan_in · Var = 2`` for ``gain = 2``.  Bias: one
learnable scalar per *trivial* output field (a bias on other fields would break equivariance),
initialised to 0 (a Representation field gets one per trivial irrep in its decomposition, mapped
by Q; the orthogonal Q keeps the He condition per field).
"""

from __future__ import annotations

import math
import re

import numpy as np
import torch

from gaugemath._validation import check_choice
from gaugemath.kernels import steerable_basis
from gaugemath.kernels.irreps import irrep_dim, kernel_group, parse_irreps, space_dim
from gaugemath.layers.gcnn import PADDINGS
from gaugemath.torch._checks import check_layer_input, check_positive_int
from gaugemath.torch.planar import _check_gain, _check_kernel_size, correlate

__all__ = ["SteerableConv2d", "SteerableConv3d", "parse_e3nn_irreps"]

_E3NN_TERM = re.compile(r"^\s*(?:(\d+)\s*x\s*)?(\d+)([eo])\s*$")


def parse_e3nn_irreps(spec: str) -> list:
    """``"2x0e + 1o + 2e"`` → ``["0e", "0e", "1o", "2e"]`` (labels of O(3), multiplicities expanded)."""
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError(f"irreps string must look like '2x0e + 1o + 2e', got {spec!r}")
    out = []
    for term in spec.split("+"):
        m = _E3NN_TERM.match(term)
        if m is None:
            raise ValueError(f"irreps string must look like '2x0e + 1o + 2e', got {spec!r} (bad term {term.strip()!r})")
        out += [f"{m.group(2)}{m.group(3)}"] * int(m.group(1) or 1)
    return out


def _candidate_labels(G) -> list:
    """All irrep labels of a finite planar group (C_N: k = 0..N//2; D_N: trivial, sign, (1, k), (j, N/2))."""
    n = G.N
    if G.family == "cyclic":
        return [(0, k) for k in range(n // 2 + 1)]
    labels = [(0, 0), (1, 0)] + [(1, k) for k in range(1, (n + 1) // 2)]
    return labels + ([(0, n // 2), (1, n // 2)] if n % 2 == 0 else [])


def _decompose_field(G, rep, name):
    """Irrep labels and Q (d×d, columns = intertwiners ψ → ρ) with ρ(g) Q = Q (⊕ψ)(g)."""
    from gaugemath import reps
    from gaugemath.kernels.irreps import irrep_rep

    if G.family not in ("cyclic", "dihedral"):
        raise TypeError(f"{name}: a Representation field is supported for C_N and D_N; for {G.name} give irrep labels")
    if rep.group is not G:
        raise ValueError(f"{name}: the representation is of {rep.group.name}, the layer's group is {G.name}")
    labels, cols = [], np.zeros((rep.dim, 0))
    for lab in _candidate_labels(G):
        for X in reps.hom_basis(irrep_rep(G, lab), rep):  # ρ X = X ψ
            X = X.real - cols @ np.linalg.lstsq(cols, X.real, rcond=None)[0] if cols.shape[1] else X.real
            a = np.trace(X.T @ X) / X.shape[1]
            if a > 1e-10:  # a new copy of ψ (the projection commutes with ρ: orthogonal ρ, invariant span)
                labels.append(lab)
                cols = np.concatenate([cols, X / np.sqrt(a)], axis=1)
    if cols.shape[1] != rep.dim:
        raise ValueError(f"{name}: could not decompose the representation into irreps of {G.name} "
                         f"({cols.shape[1]} of {rep.dim} dimensions; is it orthogonal?)")
    return labels, cols


def _parse_fields(G, fields, name):
    """(fields as given/normalised, expanded irrep labels, per-field change of basis or None)."""
    from gaugemath.reps import Representation

    items = fields if isinstance(fields, list) else [fields]
    if not any(isinstance(f, Representation) for f in items):
        labels = parse_irreps(G, fields, name)
        return labels, labels, None
    out, irreps, qs = [], [], []
    for i, f in enumerate(items):
        if isinstance(f, Representation):
            labs, q = _decompose_field(G, f, f"{name}[{i}]")
        else:
            labs = parse_irreps(G, [f], f"{name}[{i}]")
            q = np.eye(irrep_dim(G, labs[0]))
        out.append(f if isinstance(f, Representation) else labs[0])
        irreps += labs
        qs.append(q)
    return out, irreps, qs


def _block_change(qs, irreps, G):
    from scipy.linalg import block_diag

    if qs is None:
        return np.eye(sum(irrep_dim(G, lab) for lab in irreps))
    return block_diag(*qs)


def _trivial_label(G):
    return {"SO3": 0, "O3": (0, 1)}.get(G.family, (0, 0))


class _SteerableConv(torch.nn.Module):
    def __init__(self, dim, group, in_fields, out_fields, kernel_size, padding, bias, init_gain, sigma,
                 max_frequency):
        super().__init__()
        G = kernel_group(group)
        if space_dim(G) != dim:
            raise ValueError(f"group must act on R^{dim} ({'SO2, O2, C_N, D_N' if dim == 2 else 'SO3, O3'}), "
                             f"got {G.name}")
        self.group = G
        self.in_fields, self.in_irreps, q_in = _parse_fields(G, in_fields, "in_fields")
        self.out_fields, self.out_irreps, q_out = _parse_fields(G, out_fields, "out_fields")
        check_choice(padding, "padding", PADDINGS)
        self.kernel_size = _check_kernel_size(kernel_size, padding)
        if self.kernel_size % 2 == 0:
            raise ValueError(f"kernel_size must be odd (the basis grid is centred on a sample), got {kernel_size}")
        self.padding = padding
        self.init_gain = _check_gain(init_gain)
        self.dim = dim
        self._setup_basis(sigma, max_frequency)
        self._change = q_in is not None or q_out is not None
        if self._change:  # ρ = Q (⊕ irreps) Q^{-1} per field: κ_ρ = Q_out κ Q_in^{-1}
            self.register_buffer("out_change", torch.as_tensor(_block_change(q_out, self.out_irreps, G), dtype=torch.float64))
            self.register_buffer("in_change_inv", torch.as_tensor(np.linalg.inv(_block_change(q_in, self.in_irreps, G)),
                                                                  dtype=torch.float64))
        trivial = _trivial_label(G)
        self._bias_channels = [self._out_offsets[p] for p, lab in enumerate(self.out_irreps) if lab == trivial]
        self.register_buffer("bias_index", torch.as_tensor(self._bias_channels, dtype=torch.long), persistent=False)
        self.bias = torch.nn.Parameter(torch.empty(len(self._bias_channels))) if bias and self._bias_channels else None
        self.reset_parameters()

    # ------------------------------------------------------------------ construction
    def _setup_basis(self, sigma, max_frequency):
        G, k = self.group, self.kernel_size
        t_out = list(dict.fromkeys(self.out_irreps))  # types in order of first appearance
        t_in = list(dict.fromkeys(self.in_irreps))
        basis = steerable_basis(f"R{self.dim}", G, t_in, t_out, size=k, sigma=sigma, max_frequency=max_frequency)
        blocks = basis.sample_blocks()
        d_out = [irrep_dim(G, a) for a in t_out]
        d_in = [irrep_dim(G, b) for b in t_in]
        m_out = [self.out_irreps.count(a) for a in t_out]
        m_in = [self.in_irreps.count(b) for b in t_in]
        self._pairs, offset, stds = [], 0, []
        n_feed = np.zeros(len(t_out))
        for (a, b), (_, vals) in blocks.items():
            n_feed[a] += m_in[b] * vals.shape[0]
        for (a, b), (_, vals) in sorted(blocks.items()):
            if self.dim == 2:  # kernel axes (x, y) -> conv2d filter pixel [a, b] at (b - c, c - a)
                vals = np.rot90(vals, 1, axes=(-2, -1))
            name = f"basis_{a}_{b}"
            self.register_buffer(name, torch.as_tensor(np.ascontiguousarray(vals), dtype=torch.float64))
            n = vals.shape[0]
            size = m_out[a] * m_in[b] * n
            self._pairs.append((a, b, name, offset, m_out[a], m_in[b], n))
            norms2 = np.sum(vals.reshape(n, -1) ** 2, axis=1)
            std = np.sqrt(self.init_gain * d_out[a] / (n_feed[a] * np.where(norms2 > 0, norms2, np.inf)))
            stds.append(np.broadcast_to(std, (m_out[a], m_in[b], n)))  # an all-zero sample gets std 0
            offset += size
        self._n_weights = offset
        self.register_buffer("init_std", torch.as_tensor(np.concatenate([s.ravel() for s in stds]) if stds else
                                                         np.zeros(0), dtype=torch.float64), persistent=False)
        self._t_out, self._t_in, self._d_out, self._d_in, self._m_out, self._m_in = t_out, t_in, d_out, d_in, m_out, m_in
        self._out_offsets = self._offsets(self.out_irreps)
        # grouped order (type, copy, component) -> list order
        self.register_buffer("out_perm", self._grouping(self.out_irreps, t_out), persistent=False)
        self.register_buffer("in_perm", self._grouping(self.in_irreps, t_in), persistent=False)
        self._out_identity = bool(torch.equal(self.out_perm, torch.arange(len(self.out_perm))))
        self._in_identity = bool(torch.equal(self.in_perm, torch.arange(len(self.in_perm))))
        self.weight = torch.nn.Parameter(torch.empty(self._n_weights))

    def _offsets(self, fields):
        dims = [irrep_dim(self.group, f) for f in fields]
        return list(np.concatenate([[0], np.cumsum(dims)[:-1]]).astype(int))

    def _grouping(self, fields, types):
        """perm[c] = position in the grouped (type, copy, component) order of list-order channel c."""
        offs = self._offsets(fields)
        grouped = []  # list-order channel of each grouped position
        for t in types:
            for p, f in enumerate(fields):
                if f == t:
                    grouped += list(range(offs[p], offs[p] + irrep_dim(self.group, f)))
        perm = np.empty(len(grouped), dtype=np.int64)
        perm[np.array(grouped)] = np.arange(len(grouped))
        return torch.as_tensor(perm)

    # ------------------------------------------------------------------ parameters
    @property
    def in_channels(self) -> int:
        return sum(irrep_dim(self.group, f) for f in self.in_irreps)

    @property
    def out_channels(self) -> int:
        return sum(irrep_dim(self.group, f) for f in self.out_irreps)

    def reset_parameters(self) -> None:
        """Weights ~ N(0, σ_n²) of the generalised He rule (module docstring), bias = 0."""
        with torch.no_grad():
            self.weight.copy_(torch.randn(self._n_weights, dtype=torch.float64) * self.init_std)
            if self.bias is not None:
                self.bias.zero_()

    def basis_weights(self) -> torch.Tensor:
        """The weights in the element order of ``steerable_basis(space, group, in_irreps, out_irreps, size=k)``
        (output field, input field, shell, angular element), one entry per field pair's element."""
        parts = []
        lookup = {(a, b): (name, off, mo, mi, n) for a, b, name, off, mo, mi, n in self._pairs}
        copy_out = [self.out_irreps[:p].count(f) for p, f in enumerate(self.out_irreps)]
        copy_in = [self.in_irreps[:q].count(f) for q, f in enumerate(self.in_irreps)]
        for p, fo in enumerate(self.out_irreps):
            for q, fi in enumerate(self.in_irreps):
                key = (self._t_out.index(fo), self._t_in.index(fi))
                if key in lookup:
                    _, off, mo, mi, n = lookup[key]
                    parts.append(self.weight[off:off + mo * mi * n].reshape(mo, mi, n)[copy_out[p], copy_in[q]])
        return torch.cat(parts) if parts else self.weight[:0]

    def filter(self) -> torch.Tensor:
        """The expanded kernel as a conv weight ``(C_out, C_in, k, k[, k])`` (channels in list order)."""
        sp = (self.kernel_size,) * self.dim
        dtype = self.weight.dtype
        rows = []
        for a, (da, ma) in enumerate(zip(self._d_out, self._m_out)):
            cols = []
            for b, (db, mb) in enumerate(zip(self._d_in, self._m_in)):
                pair = next((p for p in self._pairs if p[0] == a and p[1] == b), None)
                if pair is None:
                    cols.append(self.weight.new_zeros((ma * da, mb * db) + sp))
                    continue
                _, _, name, off, _, _, n = pair
                w = self.weight[off:off + ma * mb * n].reshape(ma, mb, n)
                blk = torch.einsum("uvn,nij...->uivj...", w, getattr(self, name).to(dtype))
                cols.append(blk.reshape((ma * da, mb * db) + sp))
            rows.append(torch.cat(cols, dim=1))
        grouped = torch.cat(rows, dim=0)
        if not self._out_identity:
            grouped = grouped[self.out_perm]
        kern = grouped if self._in_identity else grouped[:, self.in_perm]
        if self._change:
            kern = torch.einsum("oa,ab...,bi->oi...", self.out_change.to(dtype), kern, self.in_change_inv.to(dtype))
        return kern

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        layout = "(batch, C_in, H, W)" if self.dim == 2 else "(batch, C_in, X, Y, Z)"
        x = check_layer_input(x, "x", 2 + self.dim, self.in_channels, self.weight, layout)
        out = correlate(x, self.filter(), self.padding)
        if self.bias is not None:
            b = self.bias.new_zeros(self.out_channels).index_add(0, self.bias_index, self.bias)
            if self._change:
                b = self.out_change.to(b.dtype) @ b
            out = out + b.reshape((1, -1) + (1,) * self.dim)
        return out

    def extra_repr(self) -> str:
        return (f"group={self.group.name}, in_fields={self.in_fields}, out_fields={self.out_fields}, "
                f"kernel_size={self.kernel_size}, padding={self.padding!r}, n_weights={self._n_weights}")


class SteerableConv2d(_SteerableConv):
    r"""Steerable convolution on R² for G ∈ {SO(2), O(2), C_N, D_N} (Weiler & Cesa 2019).

    Parameters
    ----------
    group : a :mod:`gaugemath.groups` planar group or its name (``"SO2"``, ``"O2"``, ``"C8"``, ``"D4"``).
    in_fields, out_fields : irrep label or list of labels, or (C_N, D_N) ``gaugemath.reps``
        Representations in the list (module docstring).
    kernel_size : odd int k.
    padding : ``"valid"`` | ``"same"`` | ``"circular"``
    bias : bool — one bias per trivial output field.
    init_gain : float — generalised He variance (module docstring), default 2.
    sigma, max_frequency : passed to :func:`gaugemath.kernels.steerable_basis` (shell width,
        band-limit cap).

    Shapes: (batch, C_in, H, W) → (batch, C_out, H', W'), C = Σ field dimensions.
    """

    def __init__(self, group, in_fields, out_fields, kernel_size, padding="same", bias=True, init_gain=2.0,
                 sigma=0.6, max_frequency=None):
        super().__init__(2, group, in_fields, out_fields, kernel_size, padding, bias, init_gain, sigma, max_frequency)


class SteerableConv3d(_SteerableConv):
    r"""Steerable convolution on R³ for SO(3) / O(3) (Weiler et al. 2018, 3D steerable CNNs).

    Parameters
    ----------
    in_irreps, out_irreps : labels (SO(3): ℓ; O(3): ``"1o"``, ``(ℓ, p)``) or an e3nn-style string
        ``"2x0e + 1o + 2e"`` (O(3), multiplicities expanded in place).
    kernel_size : odd int k.
    group : ``"SO3"`` / ``"O3"`` (or the group object); default: O(3) for a string of irreps, SO(3) otherwise.
    padding, bias, init_gain, sigma, max_frequency : as :class:`SteerableConv2d`.

    Shapes: (batch, C_in, X, Y, Z) → (batch, C_out, X', Y', Z'), voxel [i, j, l] at (i, j, l) − c.
    """

    def __init__(self, in_irreps, out_irreps, kernel_size, group=None, padding="same", bias=True, init_gain=2.0,
                 sigma=0.6, max_frequency=None):
        strings = isinstance(in_irreps, str) and isinstance(out_irreps, str)
        if group is None:
            group = "O3" if strings else "SO3"
        if isinstance(in_irreps, str) and re.search(r"[eo]", in_irreps):
            in_irreps = parse_e3nn_irreps(in_irreps)
        if isinstance(out_irreps, str) and re.search(r"[eo]", out_irreps):
            out_irreps = parse_e3nn_irreps(out_irreps)
        super().__init__(3, group, in_irreps, out_irreps, kernel_size, padding, bias, init_gain, sigma, max_frequency)

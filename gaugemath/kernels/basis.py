r"""Analytic steerable kernel bases on R² (G ≤ O(2)) and R³ (SO(3), O(3)).

A basis element is a continuous function :math:`\kappa_b:\mathbb R^d\to\mathbb R^{D_{out}\times D_{in}}`
satisfying (Weiler & Cesa 2019, Eq. 2; Weiler et al. 2018, Eq. 4)

.. math:: \kappa_b(g x) = \rho_{out}(g)\,\kappa_b(x)\,\rho_{in}(g)^{-1}\quad\forall g\in G,

built as *radial profile × angular element* (Weiler & Cesa 2019 §2.5, Lang & Weiler 2021):

.. math:: \kappa_b(x) = \exp\!\Big(-\frac{(|x|-r_s)^2}{2\sigma_s^2}\Big)\; A_b(x/|x|),

with Gaussian shells at radii :math:`r_s` (widths :math:`\sigma_s`) and :math:`A_b` an
angular element of :mod:`gaugemath.kernels.r2` / :mod:`gaugemath.kernels.r3` (in
:math:`\rho_{out}`/:math:`\rho_{in}`'s block for direct sums).

**Grid and band-limit rule.**  ``size`` s (odd, ≥ 1) gives the grid of spacing 1 centred at
the origin, coordinates :math:`-(s-1)/2, …, (s-1)/2` along each axis, array axes in the order
(x, y[, z]) (``indexing="ij"``).  Default shells: :math:`r_s = 0, 1, …, (s-1)/2`, σ = 0.6.
The angular band-limit on a shell (the J for R³, |f| for R²) is

.. math:: f_{max}(r) = 0\ (r = 0), \qquad f_{max}(r) = \lfloor 2r \rfloor\ (r > 0),

optionally capped by ``max_frequency``.  Rationale (Nyquist): a great circle of radius r
crosses ≈ 2πr grid cells, enough for frequencies up to ≈ πr; 2r keeps a margin for the
Gaussian's radial spread.  On the origin (r = 0) only constant (f = 0 / J = 0) angular
elements exist, and any element with f ≠ 0 (J > 0) is set to 0 at the point x = 0.

**Element order.**  For each output block (list order), each input block, each shell
(ascending r), each angular element (R²: as listed by
:func:`~gaugemath.kernels.r2.planar_angular_elements`; R³: J ascending).  ``metadata[b]``
records for element b: ``out_block``, ``in_block``, ``out_irrep``, ``in_irrep``, ``shell``,
``radius``, ``sigma``, ``frequency`` (|f| or J) and, for R², ``kind``, ``signed_frequency``,
``phase``; for R³, ``J``.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from typing import Callable

import numpy as np

from ..groups import Group
from .irreps import group_label, irrep_dim, kernel_group, parse_irreps, space_dim
from .r2 import evaluate_planar_angular, planar_angular_elements
from .r3 import coupling_for_kernel, solid_angular_Js

__all__ = ["KernelBasis", "steerable_basis", "grid_points", "default_bandlimit"]


def _check_size(size, name="size") -> int:
    if isinstance(size, (bool, np.bool_)) or not isinstance(size, numbers.Integral):
        raise TypeError(f"{name} must be an odd integer >= 1, got {type(size).__name__} {size!r}")
    size = int(size)
    if size < 1 or size % 2 == 0:
        raise ValueError(f"{name} must be an odd integer >= 1 (the grid is centred on a sample), got {size}")
    return size


def grid_points(size, dim) -> np.ndarray:
    """Centred grid of spacing 1: shape ``(size,)*dim + (dim,)``, axes (x, y[, z]), indexing "ij"."""
    size = _check_size(size)
    if dim not in (2, 3):
        raise ValueError(f"dim must be 2 or 3, got {dim!r}")
    c = np.arange(size, dtype=float) - (size - 1) / 2
    return np.stack(np.meshgrid(*([c] * dim), indexing="ij"), axis=-1)


def default_bandlimit(r: float) -> int:
    """The documented rule: 0 at r = 0, ⌊2r⌋ for r > 0."""
    return 0 if r <= 0 else int(math.floor(2 * r + 1e-9))


@dataclasses.dataclass
class KernelBasis:
    """A steerable kernel basis (see the module docstring for the formula and order).

    Attributes: ``group`` (a :class:`gaugemath.groups.Group`), ``in_irreps``,
    ``out_irreps`` (normalised labels), ``in_dims``/``out_dims``, ``radii``, ``sigmas``,
    ``fmax`` (per shell), ``size`` (grid size or None), ``metadata`` (one dict per element).
    """

    group: Group
    in_irreps: list
    out_irreps: list
    radii: np.ndarray
    sigmas: np.ndarray
    fmax: np.ndarray
    size: int | None
    metadata: list

    @property
    def space_dim(self) -> int:
        """d of R^d: 2 for the planar groups, 3 for SO(3)/O(3)."""
        return space_dim(self.group)

    @property
    def group_label(self) -> str:
        """Short group name: ``SO2``, ``O2``, ``C4``, ``D6``, ``SO3``, ``O3``."""
        return group_label(self.group)

    @property
    def in_dims(self) -> list[int]:
        return [irrep_dim(self.group, lab) for lab in self.in_irreps]

    @property
    def out_dims(self) -> list[int]:
        return [irrep_dim(self.group, lab) for lab in self.out_irreps]

    @property
    def in_dim(self) -> int:
        return sum(self.in_dims)

    @property
    def out_dim(self) -> int:
        return sum(self.out_dims)

    @property
    def dim(self) -> int:
        """Number of basis elements."""
        return len(self.metadata)

    def __len__(self) -> int:
        return len(self.metadata)

    # --------------------------------------------------------------------------------
    def _points(self, points):
        d = space_dim(self.group)
        x = np.asarray(points, dtype=float)
        if x.ndim < 1 or x.shape[-1] != d:
            raise ValueError(f"points must have shape (..., {d}) for {group_label(self.group)} on R^{d}, got {x.shape}")
        if not np.all(np.isfinite(x)):
            raise ValueError("points must be finite")
        return x.shape[:-1], x.reshape(-1, d)

    def evaluate_blocks(self, points) -> dict:
        """Block layout (what a convolution layer stores, cf. escnn's ``BlocksBasisExpansion``):
        ``{(out_block, in_block): (element_indices, values)}`` with ``values`` of shape
        ``(n_pair, d_out, d_in, ...)``; only pairs with at least one element appear.  Same
        numbers as :meth:`evaluate` without materialising the zeros of the dense array."""
        shape, x = self._points(points)
        r = np.linalg.norm(x, axis=-1)
        radial = np.exp(-((r[None, :] - self.radii[:, None]) ** 2) / (2 * self.sigmas[:, None] ** 2))
        origin = r == 0
        groups: dict = {}
        for b, md in enumerate(self.metadata):
            groups.setdefault((md["out_block"], md["in_block"]), []).append(b)
        angular = self._angular_r2(x, r, origin) if space_dim(self.group) == 2 else self._angular_r3(x, origin)
        res = {}
        for pair, idx in groups.items():
            first = angular(self.metadata[idx[0]])
            vals = np.empty((len(idx),) + first.shape)
            for n, b in enumerate(idx):
                md = self.metadata[b]
                np.multiply(angular(md), radial[md["shell"]], out=vals[n])
            res[pair] = (np.array(idx), vals.reshape(vals.shape[:3] + shape))
        return res

    def evaluate(self, points) -> np.ndarray:
        """Values at ``points`` of shape ``(..., d)``: array ``(n_basis, D_out, D_in, ...)``."""
        shape, x = self._points(points)
        out = np.zeros((self.dim, self.out_dim, self.in_dim, x.shape[0]))
        osl, isl = self.block_slices()
        for (ob, ib), (idx, vals) in self.evaluate_blocks(x).items():
            out[idx, osl[ob], isl[ib]] = vals
        return out.reshape(out.shape[:3] + shape)

    def sample(self) -> np.ndarray:
        """Values on the grid of :func:`grid_points`: ``(n_basis, D_out, D_in, size, ..., size)``."""
        return self.evaluate(self._grid())

    def sample_blocks(self) -> dict:
        """:meth:`evaluate_blocks` on the grid of :func:`grid_points`."""
        return self.evaluate_blocks(self._grid())

    def _grid(self):
        if self.size is None:
            raise ValueError("this basis was built without a grid size; use evaluate(points)")
        return grid_points(self.size, space_dim(self.group))

    def _check_kernel(self, kernel, name="kernel") -> np.ndarray:
        d = space_dim(self.group)
        k = np.asarray(kernel)
        if not np.issubdtype(k.dtype, np.number) or np.iscomplexobj(k):
            raise TypeError(f"{name} must be a real array, got dtype {k.dtype}")
        k = k.astype(float)
        if k.ndim != 2 + d:
            raise ValueError(f"{name} must have shape (D_out, D_in{', s' * d}) = "
                             f"({self.out_dim}, {self.in_dim}{(', ' + str(self.size)) * d}), got {k.shape}")
        spatial = k.shape[2:]
        if len(set(spatial)) != 1:
            raise ValueError(f"{name} must be {'square' if d == 2 else 'cubic'} (equal spatial sizes), got {spatial}")
        if spatial[0] % 2 == 0:
            raise ValueError(f"{name} spatial size must be odd, got {spatial[0]}")
        if self.size is None or spatial[0] != self.size or k.shape[:2] != (self.out_dim, self.in_dim):
            raise ValueError(f"{name} must have shape ({self.out_dim}, {self.in_dim}{(', ' + str(self.size)) * d}) "
                             f"for this basis, got {k.shape}")
        if not np.all(np.isfinite(k)):
            raise ValueError(f"{name} must be finite")
        return k

    def expand(self, weights) -> np.ndarray:
        r"""Kernel :math:`\sum_b w_b \kappa_b` on the grid: ``(D_out, D_in, *grid)``."""
        w = np.asarray(weights, dtype=float)
        if w.shape != (self.dim,):
            raise ValueError(f"weights must have shape ({self.dim},), got {w.shape}")
        return np.tensordot(w, self.sample(), axes=1)

    def project(self, kernel):
        r"""Least-squares weights of a sampled ``kernel`` in this basis and the relative residual
        :math:`\|K - \sum_b w_b\kappa_b\| / \|K\|` (0 for a kernel in the span)."""
        k = self._check_kernel(kernel)
        B = self.sample().reshape(self.dim, -1)
        if self.dim == 0:
            return np.zeros(0), (1.0 if np.any(k) else 0.0)
        w, *_ = np.linalg.lstsq(B.T, k.ravel(), rcond=None)
        nk = np.linalg.norm(k)
        res = np.linalg.norm(B.T @ w - k.ravel())
        return w, (float(res / nk) if nk > 0 else 0.0)

    def block_slices(self):
        """``(out_slices, in_slices)``: the rows/columns of each irrep block."""
        def slices(dims):
            o = np.concatenate([[0], np.cumsum(dims)]).astype(int)
            return [slice(o[i], o[i + 1]) for i in range(len(dims))]

        return slices(self.out_dims), slices(self.in_dims)

    def _angular_r2(self, x, r, origin):
        safe = np.where(origin, 1.0, r)
        cos_phi = np.where(origin, 1.0, x[:, 0] / safe)
        sin_phi = np.where(origin, 0.0, x[:, 1] / safe)
        cache = {}

        def angular(md):
            key = (md["kind"], md["signed_frequency"], md["phase"])
            if key not in cache:
                cache[key] = evaluate_planar_angular(*key, cos_phi, sin_phi, origin)
            return cache[key]

        return angular

    def _angular_r3(self, x, origin):
        from ..harmonics import spherical_harmonics_xyz

        jmax = max([md["J"] for md in self.metadata], default=0)
        xs = np.where(origin[:, None], np.array([0.0, 0.0, 1.0]), x)
        Y = spherical_harmonics_xyz(jmax, xs, basis="real")  # (P, (jmax+1)^2)
        Y[origin, 1:] = 0.0
        lab = (lambda v: v) if self.group.family == "SO3" else (lambda v: v[0])
        cache = {}

        def angular(md):
            key = (lab(md["out_irrep"]), lab(md["in_irrep"]), md["J"])
            if key not in cache:
                lo, li, J = key
                K = coupling_for_kernel(J, li, lo)  # (o, i, m)
                YJ = np.ascontiguousarray(Y[:, J * J : (J + 1) * (J + 1)].T)  # (m, P)
                cache[key] = (K.reshape(-1, 2 * J + 1) @ YJ).reshape(K.shape[0], K.shape[1], -1)
            return cache[key]

        return angular

    def metadata_arrays(self) -> dict:
        """Metadata as NumPy arrays (for ``.npz`` files): one entry per element."""
        keys = ["out_block", "in_block", "shell", "radius", "sigma", "frequency"]
        keys += ["signed_frequency", "phase"] if space_dim(self.group) == 2 else ["J"]
        res = {k: np.array([md[k] for md in self.metadata]) for k in keys}
        if space_dim(self.group) == 2:
            res["kind"] = np.array([md["kind"] for md in self.metadata], dtype="<U4")
        return res


def _as_list_of_floats(x, n, name) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(x, dtype=float))
    if arr.ndim != 1 or (arr.size != 1 and arr.size != n):
        raise ValueError(f"{name} must be a number or a list of {n} numbers, got shape {arr.shape}")
    return np.broadcast_to(arr, (n,)).copy()


def steerable_basis(
    space: str,
    group,
    in_irreps,
    out_irreps,
    *,
    size: int | None = None,
    radii=None,
    sigma=0.6,
    max_frequency: int | None = None,
    bandlimit: Callable[[float], int] | None = None,
) -> KernelBasis:
    r"""Analytic basis of G-steerable kernels :math:`\mathbb R^d\to\mathrm{Hom}(V_{in}, V_{out})`.

    Parameters
    ----------
    space : ``"R2"`` or ``"R3"``.
    group : a :mod:`gaugemath.groups` object or its name (``gaugemath.groups.as_group``):
        SO(2), O(2), C_N (``"C4"``), D_N (``"D6"``) on R²; SO(3), O(3) on R³.
    in_irreps, out_irreps : one irrep label or a list of labels (direct sum); labels as in
        :mod:`gaugemath.kernels.irreps` (SO3: ℓ; O3: (ℓ, ±1) or "1o"; SO2/CN: k; O2/DN: (j, k),
        "trivial", "sign", k).
    size : odd grid size (defines the default shells r = 0..(size-1)/2 and :meth:`KernelBasis.sample`).
    radii : shell radii (≥ 0); required when ``size`` is None.
    sigma : Gaussian width(s) of the shells (> 0), default 0.6.
    max_frequency : optional global cap on the band-limit (f or J).
    bandlimit : optional callable r ↦ f_max(r) replacing :func:`default_bandlimit`.

    Returns a :class:`KernelBasis`; see the module docstring for the formula, the band-limit
    rule, the element order and the metadata.  References: Weiler & Cesa (2019) "General
    E(2)-Equivariant Steerable CNNs", Tables 8–12; Weiler et al. (2018) "3D Steerable CNNs";
    Lang & Weiler (2021) "A Wigner-Eckart theorem for group equivariant convolution kernels".
    """
    if not isinstance(space, str) or space.upper() not in ("R2", "R3"):
        raise ValueError(f"space must be 'R2' or 'R3', got {space!r}")
    G = kernel_group(group)
    if space_dim(G) != int(space[1]):
        raise ValueError(f"group {group_label(G)} does not act on {space.upper()} (R2: SO2, O2, CN, DN; R3: SO3, O3)")
    ins = parse_irreps(G, in_irreps, "in_irreps")
    outs = parse_irreps(G, out_irreps, "out_irreps")
    if size is not None:
        size = _check_size(size)
    if radii is None:
        if size is None:
            raise ValueError("give size (odd grid size) or radii")
        radii = np.arange((size - 1) // 2 + 1, dtype=float)
    radii = np.atleast_1d(np.asarray(radii, dtype=float))
    if radii.ndim != 1 or radii.size == 0 or np.any(~np.isfinite(radii)) or np.any(radii < 0):
        raise ValueError(f"radii must be a non-empty list of finite numbers >= 0, got {radii!r}")
    sigmas = _as_list_of_floats(sigma, radii.size, "sigma")
    if np.any(~np.isfinite(sigmas)) or np.any(sigmas <= 0):
        raise ValueError(f"sigma must be > 0, got {sigma!r}")
    if max_frequency is not None:
        if isinstance(max_frequency, bool) or not isinstance(max_frequency, numbers.Integral) or max_frequency < 0:
            raise ValueError(f"max_frequency must be an integer >= 0 or None, got {max_frequency!r}")
    rule = bandlimit or default_bandlimit
    fmax = np.array([int(rule(float(r))) for r in radii])
    if max_frequency is not None:
        fmax = np.minimum(fmax, int(max_frequency))
    fmax = np.where(radii == 0, 0, fmax)
    if np.any(fmax < 0):
        raise ValueError("bandlimit must return integers >= 0")

    metadata = []
    for ob, lo in enumerate(outs):
        for ib, li in enumerate(ins):
            for s, (r, sg, fm) in enumerate(zip(radii, sigmas, fmax)):
                base = dict(out_block=ob, in_block=ib, out_irrep=lo, in_irrep=li, shell=s, radius=float(r), sigma=float(sg))
                if space_dim(G) == 2:
                    for kind, f, beta in planar_angular_elements(G, lo, li, int(fm)):
                        metadata.append(dict(base, kind=kind, signed_frequency=int(f), phase=float(beta), frequency=abs(int(f))))
                else:
                    for J in solid_angular_Js(G.family, lo, li, int(fm)):
                        metadata.append(dict(base, J=int(J), frequency=int(J)))
    return KernelBasis(G, ins, outs, radii, sigmas, fmax, size, metadata)

r"""Export a :class:`~gaugemath.kernels.basis.KernelBasis` for NumPy, e3nn or escnn.

Every export is a ``dict`` of NumPy arrays (what :func:`save_basis` writes to ``.npz``) with
``basis`` of shape ``(n_basis, D_out, D_in, *grid)``, the grid ``points`` (same spatial axes,
last axis = coordinates), per-element metadata arrays, and the labels.

``format="numpy"`` — gaugemath's own: grid axes (x, y[, z]) with ``indexing="ij"``
(``grid_points``), features in the irreps' bases of :mod:`gaugemath.kernels.irreps`.

``format="e3nn"`` (R³ only) — features in e3nn's real basis (degree ℓ: ``B_ℓ = D^real_ℓ(P)``,
P the e3nn frame of ``docs/conventions.md`` §4) and each element is *exactly* the kernel of
one e3nn tensor-product path ``l_in ⊗ Y_J → l_out``:

.. math::
    \kappa^{e3nn}_{k i}(x) = \varphi_s(|x|)\sum_j W_{i j k}\,Y^{e3nn}_{J j}(x/|x|),\qquad
    W = \texttt{e3nn.o3.wigner\_3j}(l_{in}, J, l_{out}),

with ``Y^e3nn = e3nn.o3.spherical_harmonics(J, x, normalize=True, normalization="integral")``
(= ``spherical_harmonics_xyz(J, x, basis="real", convention="e3nn")``), the same Gaussian shell
φ_s and the same element order as the native basis.  Equivalently it is
:math:`(2\ell_{out}+1)^{-1/2}` times the kernel :math:`x\mapsto` ``TensorProduct("1x<l_in>",
"1x<J>", "1x<l_out>", [(0, 0, 0, "uuu", False)])(e_i, Y_J(x))`` (e3nn's default component
normalisation).  It is proportional to
:math:`B_{out}\kappa(x)B_{in}^\top` (same span per element).  Irreps strings use e3nn's
``"1x1o+1x2e"`` syntax; for SO(3) labels the natural parity :math:`(-1)^\ell` is written.
Grid axes as for numpy (x, y, z), since e3nn has no grid convention of its own.

``format="escnn"`` — escnn's filter layout, i.e. what ``R2Conv``/``R3Conv`` expand into
(``get_grid_coords``): the array axes are reversed and the y (and z) coordinates flipped,
``basis[..., a1, a0]`` at ``(x, y) = (a0 - c, c - a1)`` and ``basis[..., a2, a1, a0]`` at
``(x, y, z) = (a0 - c, c - a1, c - a2)``, c = (size − 1)/2.  The irreps' matrices are equal
to escnn's (SO(3): escnn's ``so3_group().irrep(ℓ)`` equals the core's real Wigner D; O(3):
escnn's ``irrep(j, ℓ)`` has parity :math:`(-1)^j`; SO(2), O(2), C_N, D_N: escnn's
``irrep(k)`` / ``irrep(j, k)`` with flip :math:`\mathrm{diag}(1,-1)`), so no change of
feature basis is needed; ``escnn_in``/``escnn_out`` give escnn's irrep ids.  Reflection axis
(O(2), D_N): escnn's ``kernels_O2_act_R2``/``kernels_DN_act_R2`` and ``flipRot2dOnR2`` reflect
across the line at angle ``axis`` (default π/2, i.e. x ↦ −x) whereas our flip reflects across
the x axis; since :math:`F_a = R(a)\,F\,R(-a)`, the export evaluates
:math:`\kappa'(x) = \kappa(R(-a)x)`, which satisfies escnn's constraint (``escnn_axis``
argument, default π/2 = escnn's default; pass 0 for our own axis).  Tested by
``tests/kernels/test_kernels_peers.py``.
"""

from __future__ import annotations

import functools

import numpy as np

from .basis import KernelBasis, grid_points
from .irreps import group_label, has_flip, space_dim

__all__ = ["export_basis", "save_basis", "e3nn_irreps_string", "escnn_irrep_ids", "FORMATS"]

FORMATS = ("numpy", "e3nn", "escnn")


def _labels_str(basis: KernelBasis, labels) -> np.ndarray:
    return np.array([str(lab) for lab in labels])


def e3nn_irreps_string(basis: KernelBasis, labels) -> str:
    """e3nn ``Irreps`` string of a list of SO(3)/O(3) labels (SO(3): parity (−1)^ℓ)."""
    parts = []
    for lab in labels:
        ell, p = (lab, (-1) ** lab) if basis.group.family == "SO3" else lab
        parts.append(f"1x{ell}{'e' if p == 1 else 'o'}")
    return "+".join(parts)


def escnn_irrep_ids(basis: KernelBasis, labels) -> list:
    """escnn irrep ids: SO3 (ℓ,), O3 (j, ℓ) with p = (−1)^j, SO2/CN (k,), O2/DN (j, k)."""
    fam = basis.group.family
    out = []
    for lab in labels:
        if fam == "SO3":
            out.append((lab,))
        elif fam == "O3":
            out.append((0 if lab[1] == 1 else 1, lab[0]))
        elif fam in ("SO2", "cyclic"):
            out.append((lab[1],))
        else:
            out.append(tuple(lab))
    return out


@functools.lru_cache(maxsize=512)
def _e3nn_coupling(l_in: int, J: int, l_out: int) -> np.ndarray:
    """``e3nn.o3.wigner_3j(l_in, J, l_out)`` via the core (read-only, cached)."""
    from ..coupling import coupling_tensor

    W = coupling_tensor(l_in, J, l_out, basis="real", convention="e3nn")
    W.setflags(write=False)
    return W


def _e3nn_values(basis: KernelBasis, points) -> np.ndarray:
    from ..harmonics import spherical_harmonics_xyz

    x = np.asarray(points, float).reshape(-1, 3)
    r = np.linalg.norm(x, axis=1)
    origin = r == 0
    out = np.zeros((basis.dim, basis.out_dim, basis.in_dim, x.shape[0]))
    if not basis.metadata:
        return out
    jmax = max(md["J"] for md in basis.metadata)
    Y = spherical_harmonics_xyz(jmax, np.where(origin[:, None], [0.0, 0.0, 1.0], x), basis="real", convention="e3nn")
    Y[origin, 1:] = 0.0
    radial = np.exp(-((r[None] - basis.radii[:, None]) ** 2) / (2 * basis.sigmas[:, None] ** 2))
    osl, isl = basis.block_slices()
    lab = (lambda v: v) if basis.group.family == "SO3" else (lambda v: v[0])
    cache = {}
    for b, md in enumerate(basis.metadata):
        li, lo, J = lab(md["in_irrep"]), lab(md["out_irrep"]), md["J"]
        if (li, lo, J) not in cache:
            W = _e3nn_coupling(li, J, lo)
            cache[li, lo, J] = np.einsum("ijk,pj->kip", W, Y[:, J * J : (J + 1) ** 2])
        out[b, osl[md["out_block"]], isl[md["in_block"]]] = cache[li, lo, J] * radial[md["shell"]]
    return out


def _escnn_grid(size: int, d: int) -> np.ndarray:
    """escnn's filter-grid coordinates: shape (size,)*d + (d,), axes reversed, y/z flipped."""
    g = grid_points(size, d)  # [i_x, i_y(, i_z)] -> (x, y, z)
    g = np.flip(g, axis=tuple(range(1, d)))  # index a_j -> coordinate -(a_j - c) for j >= 1
    return np.transpose(g, tuple(range(d - 1, -1, -1)) + (d,))


def export_basis(basis: KernelBasis, format: str = "numpy", *, escnn_axis: float = np.pi / 2) -> dict:
    """The basis sampled on its grid in the layout of ``format`` (see the module docstring)."""
    if not isinstance(basis, KernelBasis):
        raise TypeError(f"basis must be a KernelBasis, got {type(basis).__name__}")
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}")
    if basis.size is None:
        raise ValueError("export needs a basis built with a grid size")
    d = space_dim(basis.group)
    res = dict(basis.metadata_arrays())
    res.update(
        format=np.array(format),
        group=np.array(group_label(basis.group)),
        space=np.array(f"R{d}"),
        size=np.array(basis.size),
        in_irreps=_labels_str(basis, basis.in_irreps),
        out_irreps=_labels_str(basis, basis.out_irreps),
        radii=basis.radii,
        sigmas=basis.sigmas,
        fmax=basis.fmax,
    )
    if format == "numpy":
        pts = grid_points(basis.size, d)
        res.update(basis=basis.evaluate(pts), points=pts)
    elif format == "e3nn":
        if d != 3:
            raise ValueError(f"format='e3nn' needs an R3 basis (SO3/O3); {group_label(basis.group)} acts on R2: use 'numpy' or 'escnn'")
        pts = grid_points(basis.size, 3)
        vals = _e3nn_values(basis, pts.reshape(-1, 3))
        res.update(
            basis=vals.reshape(vals.shape[:3] + pts.shape[:-1]),
            points=pts,
            irreps_in=np.array(e3nn_irreps_string(basis, basis.in_irreps)),
            irreps_out=np.array(e3nn_irreps_string(basis, basis.out_irreps)),
        )
    else:
        pts = _escnn_grid(basis.size, d)
        at = pts
        if d == 2 and has_flip(basis.group) and escnn_axis != 0:
            c, s = np.cos(escnn_axis), np.sin(escnn_axis)
            at = pts @ np.array([[c, s], [-s, c]]).T  # R(-axis) x
        res.update(
            basis=basis.evaluate(at),
            escnn_axis=np.array(float(escnn_axis) if (d == 2 and has_flip(basis.group)) else 0.0),
            points=pts,
            escnn_in=np.array([str(t) for t in escnn_irrep_ids(basis, basis.in_irreps)]),
            escnn_out=np.array([str(t) for t in escnn_irrep_ids(basis, basis.out_irreps)]),
        )
    return res


def save_basis(basis: KernelBasis, path, format: str = "numpy", **kwargs) -> dict:
    """Write :func:`export_basis` to an ``.npz`` file; returns the dict written."""
    data = export_basis(basis, format, **kwargs)
    np.savez(path, **data)
    return data

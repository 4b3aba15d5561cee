r"""Regular group convolutions of G-CNNs on the square grid: p4 and p4m.

Reference: T. S. Cohen and M. Welling, "Group equivariant convolutional networks",
ICML 2016 (arXiv:1602.07576), Eqs. (10)–(11).  Everything here is the plain, exact
mathematics of those equations on finite arrays; no learning machinery.

Conventions
-----------
**Pixels and coordinates.**  An image is an array ``(..., H, W)``; pixel ``[i, j]`` (row
``i``, column ``j``) sits at the point

.. math:: x = j - (W-1)/2, \qquad y = (H-1)/2 - i,

i.e. the origin is the grid centre, *x* points right and *y* points up (the usual picture
of an image with row 0 at the top).  Rotations are about the grid centre, so on a square
grid (``H == W``) the 90° rotations and the reflection map pixels onto pixels exactly.

**The groups.**  ``group`` is ``gaugemath.groups.p4()`` / ``p4m()`` or the name ``"p4"`` /
``"p4m"`` (parsed by :func:`gaugemath.groups.as_group`).  ``r`` is the counter-clockwise
rotation by 90°, ``(x, y) ↦ (−y, x)``; ``s = diag(1, −1)`` is the reflection ``(x, y) ↦ (x, −y)``
(the flip of ``groups.O2``).  The stabiliser ``H`` is ``C4 = {r^k}`` (p4) or
``D4 = {r^k s^m}`` (p4m), the group objects ``groups.cyclic(4)`` / ``groups.dihedral(4)``
(:func:`point_group`; the Cayley table is theirs), and elements are given by their integer
index in that group's element order (a convenience; ``groups.p4m().point_index(g)`` maps
a 3×3 element to it):

* p4:  index ``k``        ↔ ``r^k``,       k = 0..3;
* p4m: index ``k + 4 m`` ↔ ``r^k s^m``,   k = 0..3, m = 0, 1,

so index 0 is the identity and ``r^a s^b · r^c s^d = r^{a + (−1)^b c} s^{b+d}``.

**Action on images** (active, left regular): ``[L_h f](x) = f(h^{-1} x)``.  On arrays,
``L_r`` is ``numpy.rot90(f, 1, axes=(-2, -1))`` and ``L_s`` flips the rows; ``L_{r^k s}`` is
``L_{r}^k L_s`` (flip first).  For a translation ``t`` (integer, in (x, y)),
``[L_t f](x) = f(x − t)``.

**Group feature maps** are arrays ``(batch, C, |H|, H, W)``: ``F[b, c, h, i, j]`` is the value
at the group element ``g = (t, h)`` with ``t`` the point of pixel ``[i, j]`` and ``h`` the
stabiliser index above.  The group acts by

.. math:: [L_u F](t, h) = F(u^{-1}(t, h)) = F(h_u^{-1}(t - t_u),\; h_u^{-1} h),

i.e. spatially rotate/reflect every slice by ``h_u`` and permute the ``|H|`` axis
(:func:`act_on_features`).

Layers (Cohen & Welling 2016, Eqs. 10–11; *correlations*, as in the paper)
--------------------------------------------------------------------------
Lifting (Z² → G), input ``f`` ``(batch, C_in, H, W)``, filter ``ψ`` ``(C_out, C_in, k, k)``:

.. math:: [f \star ψ]_o(t, h) = \sum_{y \in Z^2} \sum_c f_c(y)\, ψ_{o,c}(h^{-1}(y - t)),

output ``(batch, C_out, |H|, H', W')``.  Group convolution (G → G), input
``(batch, C_in, |H|, H, W)``, filter ``(C_out, C_in, |H|, k, k)``:

.. math:: [F \star Ψ]_o(t, h) = \sum_{y} \sum_{s \in H} \sum_c F_c(y, s)\, Ψ_{o,c}(h^{-1}(y - t), h^{-1} s).

Both are ordinary cross-correlations with the transformed filter bank
``[L_h ψ](z) = ψ(h^{-1} z)`` (and ``[L_h Ψ](z, s) = Ψ(h^{-1} z, h^{-1} s)``), stacked over h.
Equivariance: ``(L_u f) ⋆ ψ = L_u (f ⋆ ψ)`` for every u in p4 / p4m.

Filter coordinates: filter pixel ``[a, b]`` sits at ``z = (b − (k−1)/2, (k−1)/2 − a)``, and the
output pixel ``[i, j]`` of a "valid" correlation is centred on input pixel
``[i + (k−1)/2, j + (k−1)/2]``.

Padding: ``"valid"`` (no padding, output ``H−k+1``), ``"same"`` (zero padding by
``(k−1)/2``, odd ``k``), ``"circular"`` (periodic padding by ``(k−1)/2``, odd ``k``).  With any
mode and a square image the output grid has the same centre as the input grid, so the
equivariance under the point group is exact; with ``"circular"`` it is also exact under all
integer translations (the grid is a torus), with zero padding under translations that keep
the support away from the border.
"""

from __future__ import annotations


import numpy as np

from gaugemath._validation import check_choice
from gaugemath.layers._backend import concat, get_namespace, permute_dims

__all__ = [
    "GROUP_ORDERS",
    "PADDINGS",
    "d4_cayley_table",
    "point_group",
    "group_inverse",
    "act_on_image",
    "act_on_features",
    "lift_p4",
    "lift_p4m",
    "group_conv_p4",
    "group_conv_p4m",
    "pool_rotations",
    "correlate2d",
]

GROUP_ORDERS = {"p4": 4, "p4m": 8}
PADDINGS = ("valid", "same", "circular")


# --------------------------------------------------------------------------- group tables
def _key(group, name: str = "group") -> str:
    """``"p4"`` or ``"p4m"`` from a group object or a name (:func:`gaugemath.groups.as_group`)."""
    from gaugemath.groups import as_group

    G = as_group(group, name)
    if G.family not in GROUP_ORDERS:
        raise ValueError(f"{name} must be p4 or p4m (gaugemath.groups.p4() / p4m() or their names), got {G.name}")
    return G.family


def point_group(group="p4m"):
    """The stabiliser of ``group`` as a :mod:`gaugemath.groups` object: ``groups.cyclic(4)``
    (p4) or ``groups.dihedral(4)`` (p4m), whose element order *is* the integer index used
    here (``k`` ↔ :math:`r^k`, ``4 + k`` ↔ :math:`r^k s`, with ``r`` = +90°, ``s`` = diag(1, −1):
    the same matrices as ``groups.p4m().point_elements()``)."""
    from gaugemath.groups import as_group

    return as_group("C4" if _key(group) == "p4" else "D4")


def _cayley(group) -> np.ndarray:
    """The Cayley table of the stabiliser, from the group object (cached there)."""
    return point_group(group).cayley_table()


def d4_cayley_table(group="p4m") -> np.ndarray:
    """Cayley table ``T[a, b] = index(a·b)`` of the stabiliser C4 (p4) or D4 (p4m): the table of
    :func:`point_group` (``groups.cyclic(4)`` / ``groups.dihedral(4)``).

    Element order: index ``k + 4m`` ↔ ``r^k s^m`` (r = +90° rotation, s = diag(1, −1));
    ``r^a s^b · r^c s^d = r^{a + (−1)^b c} s^{b+d}`` (Cohen & Welling 2016, §4.3).
    """
    return np.array(_cayley(group), dtype=np.int64)


def group_inverse(element: int, group="p4m") -> int:
    """Index of ``h^{-1}`` for the stabiliser index ``element`` (see :func:`d4_cayley_table`)."""
    key = _key(group)
    h = _check_element(element, key)
    return int(np.nonzero(_cayley(key)[h] == 0)[0][0])


def _check_element(element, group: str) -> int:
    n = GROUP_ORDERS[group]
    if isinstance(element, (bool, np.bool_)) or not isinstance(element, (int, np.integer)):
        raise TypeError(f"element must be an integer index 0..{n - 1} of {group}, got {element!r}")
    if not 0 <= int(element) < n:
        raise ValueError(f"element must be in 0..{n - 1} for {group}, got {element}")
    return int(element)


# --------------------------------------------------------------------------- actions
def _rot90(xp, x, k: int):
    """``numpy.rot90(x, k, axes=(-2, -1))`` with Array-API operations (flip + transpose)."""
    k %= 4
    if k == 0:
        return x
    if k == 2:
        return xp.flip(xp.flip(x, axis=-1), axis=-2)
    axes = list(range(x.ndim))
    axes[-2], axes[-1] = axes[-1], axes[-2]
    if k == 1:
        return permute_dims(xp, xp.flip(x, axis=-1), axes)
    return xp.flip(permute_dims(xp, x, axes), axis=-1)


def _spatial(xp, x, h: int):
    """``L_h`` on the last two axes: flip rows if h contains s, then rotate by r^(h mod 4)."""
    if h >= 4:
        x = xp.flip(x, axis=-2)
    return _rot90(xp, x, h % 4)


def _as_array(x, name: str, min_ndim: int):
    xp = get_namespace(x)
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}")
    arr = xp.asarray(x)
    if arr.dtype == bool or not (xp.isdtype(arr.dtype, ("real floating", "complex floating", "integral"))
                                 if hasattr(xp, "isdtype") else np.issubdtype(arr.dtype, np.number)):
        raise TypeError(f"{name} must have a real or complex numeric dtype, got {arr.dtype}")
    if hasattr(xp, "isdtype") and xp.isdtype(arr.dtype, "integral"):
        arr = xp.astype(arr, xp.float64) if hasattr(xp, "astype") else arr.astype(np.float64)
    elif not hasattr(xp, "isdtype") and np.issubdtype(arr.dtype, np.integer):
        arr = arr.astype(np.float64)
    if arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} axes, got shape {tuple(arr.shape)}")
    return xp, arr


def act_on_image(image, element: int, group="p4m", shift=(0, 0)):
    """Active action of ``u = (t, h)`` on images ``(..., H, W)``: ``[L_u f](x) = f(h^{-1}(x − t))``.

    ``element`` is the stabiliser index (p4: ``k`` ↔ r^k; p4m: ``k + 4m`` ↔ r^k s^m), ``shift``
    the integer translation ``t = (t_x, t_y)`` in the (x right, y up) frame, applied
    *periodically* (``numpy.roll``: rows move by ``−t_y``, columns by ``+t_x``).  The image must
    be square for the rotations to map the grid to itself.
    """
    group = _key(group)
    h = _check_element(element, group)
    xp, x = _as_array(image, "image", 2)
    if h % 2 == 1 and x.shape[-1] != x.shape[-2]:
        raise ValueError(f"image must be square to rotate by 90°, got shape {tuple(x.shape)}")
    out = _spatial(xp, x, h)
    return _roll(xp, out, shift)


def _roll(xp, x, shift):
    tx, ty = _check_shift(shift)
    if tx == 0 and ty == 0:
        return x
    return xp.roll(x, shift=(-ty, tx), axis=(-2, -1))


def _check_shift(shift):
    try:
        tx, ty = shift
    except (TypeError, ValueError):
        raise TypeError(f"shift must be a pair of integers (t_x, t_y), got {shift!r}") from None
    for v in (tx, ty):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"shift must be a pair of integers (t_x, t_y), got {shift!r}")
    return int(tx), int(ty)


def act_on_features(features, element: int, group="p4m", shift=(0, 0)):
    """Action of ``u = (t, h_u)`` on group feature maps ``(..., |H|, H, W)``.

    ``[L_u F](t', h) = F(h_u^{-1}(t' − t), h_u^{-1} h)``: every slice is transformed by
    :func:`act_on_image` and the group axis is permuted, ``out[..., h, :, :] =
    L_u(F[..., h_u^{-1} h, :, :])`` (Cohen & Welling 2016, Eq. 12 and §6.2).
    """
    group = _key(group)
    hu = _check_element(element, group)
    xp, x = _as_array(features, "features", 3)
    n = GROUP_ORDERS[group]
    if x.shape[-3] != n:
        raise ValueError(f"features must have |H| = {n} on axis -3 for {group}, got shape {tuple(x.shape)}")
    if hu % 2 == 1 and x.shape[-1] != x.shape[-2]:
        raise ValueError(f"features must be square to rotate by 90°, got shape {tuple(x.shape)}")
    return _roll(xp, _transform_group_signal(xp, x, hu, group), shift)


def _transform_group_signal(xp, x, h: int, group: str):
    """``out[..., s, :, :] = L_h(x[..., h^{-1} s, :, :])`` (group axis -3)."""
    table = _cayley(group)
    h_inv = int(np.nonzero(table[h] == 0)[0][0])
    perm = table[h_inv]  # perm[s] = h^{-1} s
    moved = xp.take(x, xp.asarray(perm), axis=x.ndim - 3)
    return _spatial(xp, moved, h)


# --------------------------------------------------------------------------- correlation
def _pad(xp, x, p: int, mode: str):
    if p == 0 or mode == "valid":
        return x
    if mode == "circular":
        x = concat(xp, [x[..., -p:, :], x, x[..., :p, :]], axis=-2)
        return concat(xp, [x[..., :, -p:], x, x[..., :, :p]], axis=-1)
    zr = xp.zeros(x.shape[:-2] + (p, x.shape[-1]), dtype=x.dtype)
    x = concat(xp, [zr, x, zr], axis=-2)
    zc = xp.zeros(x.shape[:-1] + (p,), dtype=x.dtype)
    return concat(xp, [zc, x, zc], axis=-1)


def correlate2d(x, w, padding: str = "valid"):
    """Multi-channel 2-D cross-correlation, the building block of every layer here.

    ``out[b, o, i, j] = Σ_{c, a, e} x_pad[b, c, i + a, j + e] · w[o, c, a, e]`` with ``x``
    ``(batch, C_in, H, W)``, ``w`` ``(C_out, C_in, k, k)`` and ``x_pad`` the padded input
    (``padding`` in ``"valid" | "same" | "circular"``, see the module docstring).
    Computed as a sum of k² tensor contractions (exact, no FFT round-off).
    """
    check_choice(padding, "padding", PADDINGS)
    xp, x = _as_array(x, "x", 4)
    _, w = _as_array(w, "w", 4)
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(f"x must be (batch, C_in, H, W) and w (C_out, C_in, k, k); got {tuple(x.shape)}, "
                         f"{tuple(w.shape)}")
    return _correlate(xp, x, w, padding)


def _correlate(xp, x, w, padding: str):
    c_in, k1, k2 = w.shape[1], w.shape[2], w.shape[3]
    if x.shape[1] != c_in:
        raise ValueError(f"channel mismatch: input has C_in = {x.shape[1]}, filters expect {c_in}")
    if k1 != k2:
        raise ValueError(f"filters must be square (k, k), got {k1}x{k2}")
    k = k1
    if padding != "valid" and k % 2 == 0:
        raise ValueError(f"padding {padding!r} needs an odd filter size k (centred padding), got k = {k}")
    p = (k - 1) // 2 if padding != "valid" else 0
    if padding == "circular" and p > min(x.shape[-2:]):
        raise ValueError(f"circular padding needs k <= 2*min(H, W) + 1, got k = {k} for {tuple(x.shape[-2:])}")
    xp_ = _pad(xp, x, p, padding)
    h_out, w_out = xp_.shape[-2] - k + 1, xp_.shape[-1] - k + 1
    if h_out < 1 or w_out < 1:
        raise ValueError(f"filter size k = {k} exceeds the image size {tuple(x.shape[-2:])} with padding {padding!r}")
    out = None
    for a in range(k):
        for e in range(k):
            patch = xp_[:, :, a:a + h_out, e:e + w_out]            # (B, C_in, H', W')
            term = xp.tensordot(w[:, :, a, e], patch, axes=([1], [1]))  # (C_out, B, H', W')
            out = term if out is None else out + term
    return permute_dims(xp, out, (1, 0, 2, 3))


# --------------------------------------------------------------------------- layers
def _lift(image, filters, group: str, padding: str):
    check_choice(padding, "padding", PADDINGS)
    xp, x = _as_array(image, "image", 4)
    _, w = _as_array(filters, "filters", 4)
    if x.ndim != 4:
        raise ValueError(f"image must be (batch, C_in, H, W), got shape {tuple(x.shape)}")
    if w.ndim != 4:
        raise ValueError(f"filters must be (C_out, C_in, k, k), got shape {tuple(w.shape)}")
    if w.shape[1] != x.shape[1]:
        raise ValueError(f"channel mismatch: image has C_in = {x.shape[1]}, filters expect {w.shape[1]}")
    if w.shape[2] != w.shape[3]:
        raise ValueError(f"filters must be square (k, k), got shape {tuple(w.shape)}")
    n = GROUP_ORDERS[group]
    bank = xp.stack([_spatial(xp, w, h) for h in range(n)], axis=1)  # (C_out, |H|, C_in, k, k)
    c_out = w.shape[0]
    bank = xp.reshape(bank, (c_out * n,) + tuple(w.shape[1:]))
    out = _correlate(xp, x, bank, padding)
    return xp.reshape(out, (x.shape[0], c_out, n) + tuple(out.shape[-2:]))


def _gconv(features, filters, group: str, padding: str):
    check_choice(padding, "padding", PADDINGS)
    n = GROUP_ORDERS[group]
    xp, x = _as_array(features, "features", 5)
    _, w = _as_array(filters, "filters", 5)
    if x.ndim != 5 or x.shape[2] != n:
        raise ValueError(f"features must be (batch, C_in, |H| = {n}, H, W) for {group}, got shape {tuple(x.shape)}")
    if w.ndim != 5 or w.shape[2] != n:
        raise ValueError(f"filters must be (C_out, C_in, |H| = {n}, k, k) for {group}, got shape {tuple(w.shape)}")
    if w.shape[1] != x.shape[1]:
        raise ValueError(f"channel mismatch: features have C_in = {x.shape[1]}, filters expect {w.shape[1]}")
    if w.shape[3] != w.shape[4]:
        raise ValueError(f"filters must be square (k, k), got shape {tuple(w.shape)}")
    bank = xp.stack([_transform_group_signal(xp, w, h, group) for h in range(n)], axis=1)
    c_out, c_in, k = w.shape[0], w.shape[1], w.shape[-1]
    bank = xp.reshape(bank, (c_out * n, c_in * n, k, k))  # (C_out·|H|, C_in·|H|, k, k)
    flat = xp.reshape(x, (x.shape[0], c_in * n) + tuple(x.shape[-2:]))
    out = _correlate(xp, flat, bank, padding)
    return xp.reshape(out, (x.shape[0], c_out, n) + tuple(out.shape[-2:]))


def lift_p4(image, filters, padding: str = "valid"):
    r"""Lifting correlation Z² → p4 (Cohen & Welling 2016, Eq. 10).

    ``out[b, o, k, i, j] = Σ_{y, c} image[b, c](y) · filters[o, c](r^{-k}(y − t_{ij}))``, i.e. the
    cross-correlation with the filter rotated by ``r^k`` (``numpy.rot90(ψ, k)``).

    Parameters
    ----------
    image : array (batch, C_in, H, W)
    filters : array (C_out, C_in, k, k)
    padding : "valid" | "same" | "circular" (see module docstring)

    Returns
    -------
    array (batch, C_out, 4, H', W'); the group axis is ordered r^0, r^1, r^2, r^3.
    Equivariant: ``lift_p4(L_u f) = act_on_features(lift_p4(f), u)`` for u ∈ p4.
    """
    return _lift(image, filters, "p4", padding)


def lift_p4m(image, filters, padding: str = "valid"):
    r"""Lifting correlation Z² → p4m (Cohen & Welling 2016, Eq. 10 with H = D4).

    As :func:`lift_p4` with 8 transformed filters ``L_{r^k s^m} ψ``; output
    (batch, C_out, 8, H', W'), group axis ordered ``r^k s^m`` at index ``k + 4m``.
    """
    return _lift(image, filters, "p4m", padding)


def group_conv_p4(features, filters, padding: str = "valid"):
    r"""Group correlation p4 → p4 (Cohen & Welling 2016, Eq. 11).

    ``out[b, o, h](t) = Σ_{y, s, c} F[b, c, s](y) · Ψ[o, c, h^{-1} s](h^{-1}(y − t))``.

    Parameters
    ----------
    features : array (batch, C_in, 4, H, W)
    filters : array (C_out, C_in, 4, k, k); ``filters[o, c, s]`` is Ψ(·, r^s)
    padding : "valid" | "same" | "circular"

    Returns
    -------
    array (batch, C_out, 4, H', W').  With the identity filter (C_out = C_in, odd k,
    ``Ψ[o, c, s, a, e] = δ_{oc} δ_{s0} δ_{a,(k-1)/2} δ_{e,(k-1)/2}``) and "same"/"circular" padding
    the layer is the identity map.
    """
    return _gconv(features, filters, "p4", padding)


def group_conv_p4m(features, filters, padding: str = "valid"):
    r"""Group correlation p4m → p4m (Cohen & Welling 2016, Eq. 11 with H = D4).

    As :func:`group_conv_p4`, with the group axis of length 8 ordered ``r^k s^m`` at ``k + 4m``
    and ``h^{-1} s`` taken in D4 (``s r s = r^{-1}``).
    """
    return _gconv(features, filters, "p4m", padding)


def pool_rotations(features, mode: str = "max"):
    """Pool group feature maps ``(..., |H|, H, W)`` over the stabiliser axis (axis -3).

    ``mode="max"`` or ``"mean"`` (alias ``"avg"``).  The result ``(..., H, W)`` is *invariant* under the
    stabiliser permutation and transforms as an ordinary image: pooling ``L_u F`` gives
    ``L_u`` of the pooled map (Cohen & Welling 2016, §6.3 "subgroup pooling").
    """
    check_choice(mode, "mode", ("max", "mean", "avg"))
    xp, x = _as_array(features, "features", 3)
    if mode == "max":
        if hasattr(xp, "isdtype") and xp.isdtype(x.dtype, "complex floating"):
            raise TypeError("max pooling needs real features, got a complex dtype")
        return xp.max(x, axis=-3)
    return xp.mean(x, axis=-3)

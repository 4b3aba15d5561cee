r"""Serial composition of layers, finite-width forward passes and infinite-width kernel maps.

Every layer is a triple of maps (Novak et al. 2020, "Neural Tangents", §2; Lee et al. 2018;
Jacot et al. 2018): a finite-width forward pass with explicit parameters, its backward pass
(for :func:`gaugemath.ntk.empirical_kernels`), and the map of the infinite-width covariance
structure ``(NNGP Σ, NTK Θ)`` of its input to that of its output.

Array layouts (the layouts of :mod:`gaugemath.layers.gcnn`; batch first)
------------------------------------------------------------------------
* vectors ``(batch, C)``; images ``(batch, C, H, W)``; group feature maps ``(batch, C, |H|, H, W)``
  with the stabiliser index ``h`` on axis 2 (p4: ``k`` ↔ r^k; p4m: ``k + 4m`` ↔ r^k s^m).
* The positions that are not channels are *sites*: ``()``, ``(H, W)`` or ``(|H|, H, W)``.
  At infinite width the channels are i.i.d., so the covariance structure of a layer is the
  covariance of *one* channel between all pairs of sites: ``nngp[i, j, s, s']`` for inputs
  ``x1[i]``, ``x2[j]``, shape ``(n1, n2, *sites, *sites)`` (:class:`KernelState`).
* The input covariance of data ``x`` with ``C`` channels is the channel mean
  :math:`Σ^0(x, x')_{ss'} = \frac1C \sum_c x_{cs} x'_{cs'}`.

Parameterisations (each weight layer; ``fan_in`` = input channels × filter positions)
-------------------------------------------------------------------------------------
* ``"ntk"``: parameters ``W, b ~ N(0, 1)``, :math:`y = \frac{σ_w}{\sqrt{\mathrm{fan\_in}}} W x + σ_b b`;
  the NTK sums :math:`∂f∂f` over all parameters.
* ``"standard"``: :math:`W \sim N(0, σ_w^2/\mathrm{fan\_in})`, :math:`b \sim N(0, σ_b^2)`,
  :math:`y = W x + b`; the NTK weights the gradients of ``W`` by ``1/fan_in`` (a per-layer
  learning rate ``1/fan_in``, so that the infinite-width limit exists; Sohl-Dickstein et al.
  2020, arXiv:2001.07301) and those of ``b`` by 1.

With :math:`M` the layer's normalised linear map on covariances (the mean over the fan-in,
e.g. :math:`M(K) = K` for ``Dense``), both give :math:`Σ' = σ_w^2 M(Σ) + σ_b^2` and

.. math:: Θ' = σ_w^2 M(Θ) + \begin{cases} σ_w^2 M(Σ) + σ_b^2 & \text{ntk} \\
                                           M(Σ) + 1 & \text{standard,}\end{cases}

and a pointwise nonlinearity φ gives :math:`Σ' = E[φ(u)φ(v)]`, :math:`Θ' = E[φ'(u)φ'(v)]\,Θ`
(:mod:`gaugemath.ntk._gaussian`).  ``b_std=None`` removes the bias (and its ``+1``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gaugemath._validation import as_real_array, check_choice
from gaugemath.ntk._group_tables import expand_group

PARAMETERIZATIONS = ("ntk", "standard")
GETS = ("nngp", "ntk")


@dataclass(frozen=True)
class Structure:
    """What a per-example array is: ``kind`` in ``"vector" | "image" | "group" | "sites"``,
    ``channels`` C, ``sites`` (the non-channel shape) and, for group features, ``group``
    (``"p4"`` or ``"p4m"``)."""

    kind: str
    channels: int
    sites: tuple
    group: str | None = None
    compressed: bool = False

    def pair_shape(self) -> tuple:
        """Trailing shape of a covariance: ``(*sites, *sites)``, or for compressed group
        features ``(H, W, |H|, H, W)`` (``expand_group`` in ``gaugemath/ntk/_group_tables.py``)."""
        if self.compressed:
            return (*self.sites[1:], *self.sites)
        return (*self.sites, *self.sites)

    @property
    def shape(self) -> tuple:
        return (self.channels, *self.sites)


@dataclass
class KernelState:
    """Infinite-width covariance structure of one channel.

    ``nngp``/``ntk``: ``(n1, n2, *sites, *sites)`` between ``x1[i]`` and ``x2[j]``;
    ``cov1``/``cov2``: the NNGP of ``x1`` (``x2``) with itself, ``(n, *sites, *sites)``
    (needed for the variances of the nonlinearities and the pooling layers).
    """

    nngp: np.ndarray | None
    ntk: np.ndarray | None
    cov1: np.ndarray
    cov2: np.ndarray
    structure: Structure
    #: map ``cov2`` too (``False``: the caller supplies it, e.g. cached across row chunks)
    track2: bool = True
    #: store the covariances of Lift/GroupConv outputs in the compressed (right-invariant) form
    compress_group: bool = True
    #: the NTK is identically zero (no parameters yet): linear maps skip it
    ntk_zero: bool = False

    def _with(self, nngp, ntk, cov1, cov2, structure):
        return replace(self, nngp=nngp, ntk=ntk, cov1=cov1, cov2=cov2 if self.track2 else self.cov2,
                       structure=structure)

    def map_linear(self, fn, structure: Structure, *, w_var: float, b_var, parameterization: str):
        """Apply a weight layer with normalised covariance map ``fn`` (see the module docstring)."""
        b2 = 0.0 if b_var is None else b_var
        nngp = ntk = None
        if self.nngp is not None:
            m_nngp = fn(self.nngp)
            nngp = w_var * m_nngp + b2
            if self.ntk is not None:
                direct = nngp if parameterization == "ntk" else m_nngp + (0.0 if b_var is None else 1.0)
                ntk = direct if self.ntk_zero else w_var * fn(self.ntk) + direct  # (never modified in place)
        cov2 = w_var * fn(self.cov2) + b2 if self.track2 else None
        return replace(self._with(nngp, ntk, w_var * fn(self.cov1) + b2, cov2, structure), ntk_zero=False)

    def map_fixed(self, fn, structure: Structure):
        """Apply a parameter-free linear map (pooling, flattening) to every covariance."""
        app = lambda K: None if K is None else fn(K)  # noqa: E731
        nngp = app(self.nngp)
        ntk = np.zeros_like(nngp) if (self.ntk_zero and self.ntk is not None) else app(self.ntk)
        return self._with(nngp, ntk, fn(self.cov1), app(self.cov2) if self.track2 else None, structure)


@dataclass(frozen=True)
class Kernels:
    """Result of :meth:`Serial.kernel_fn`: ``nngp`` and ``ntk`` (``None`` if not requested),
    shape ``(n1, n2)`` for a vector readout, else ``(n1, n2, *sites, *sites)``; ``structure``
    describes the output."""

    nngp: np.ndarray | None
    ntk: np.ndarray | None
    structure: Structure


def check_positive_int(value, name: str) -> int:
    """An ``int >= 1`` (widths, filter sizes)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer >= 1, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return int(value)


def check_std(value, name: str, *, allow_none: bool = False):
    """A finite standard deviation ``>= 0`` (or ``None`` if allowed)."""
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number >= 0{' or None' if allow_none else ''}, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be finite and >= 0, got {value}")
    return float(value)


def structure_of(input_shape, group: str | None = None) -> Structure:
    """Structure of a per-example input shape ``(C,)``, ``(C, H, W)`` or, when ``group`` (``"p4"`` /
    ``"p4m"``, from a first :class:`~gaugemath.ntk.GroupConv` layer) is given, ``(C, |H|, H, W)``."""
    try:
        shape = tuple(int(s) for s in input_shape)
    except (TypeError, ValueError):
        raise TypeError(f"input_shape must be a tuple of positive integers (without the batch axis), "
                        f"got {input_shape!r}") from None
    if group is not None and len(shape) == 4 and min(shape) >= 1:
        return Structure("group", shape[0], shape[1:], group)
    if len(shape) not in (1, 3) or min(shape) < 1:
        raise ValueError(f"input_shape must be (C,) or (C, H, W) with positive sizes (without the batch "
                         f"axis), or (C, |H|, H, W) before a GroupConv; got {input_shape!r}")
    return Structure("vector" if len(shape) == 1 else "image", shape[0], shape[1:])


class Layer:
    """Base class of the layers: no parameters, identity maps.  Subclasses override
    :meth:`out_structure`, :meth:`apply`, :meth:`vjp`, :meth:`kernel` (and :meth:`init`)."""

    def out_structure(self, s: Structure) -> Structure:
        return s

    def init(self, rng, s: Structure) -> dict:
        return {}

    def apply(self, params: dict, x: np.ndarray) -> np.ndarray:
        return x

    def vjp(self, params: dict, x: np.ndarray, y: np.ndarray, gy: np.ndarray):
        """``(per-example parameter gradients {name: (n, *shape)}, gradient wrt x)`` of
        ``Σ gy · y`` (each example's gradient from its own row of ``gy``)."""
        return {}, gy

    def ntk_weights(self, params: dict) -> dict:
        """Weight of each parameter's ``∂f∂f`` in the NTK (see the module docstring)."""
        return {}

    def kernel(self, k: KernelState) -> KernelState:
        return k

    def __repr__(self) -> str:
        return type(self).__name__ + "()"


class Identity(Layer):
    """The identity layer (no parameters): ``y = x``, ``Σ' = Σ``, ``Θ' = Θ``."""


class Serial:
    """A network ``layers[-1] ∘ … ∘ layers[0]``; build with :func:`serial`."""

    def __init__(self, layers):
        self.layers = tuple(layers)

    def __repr__(self) -> str:
        return "serial(" + ", ".join(map(repr, self.layers)) + ")"

    def structures(self, input_shape) -> list:
        """The structure of the input and of every layer's output (checks all shapes)."""
        out = [self.input_structure(input_shape)]
        for layer in self.layers:
            out.append(layer.out_structure(out[-1]))
        return out

    def input_structure(self, input_shape) -> Structure:
        """Structure of the data: from the first layer when it defines one (spherical layers),
        else :func:`structure_of`."""
        first = self.layers[0]
        if hasattr(first, "input_structure"):
            try:
                shape = tuple(int(v) for v in input_shape)
            except (TypeError, ValueError):
                raise TypeError(f"input_shape must be a tuple of positive integers, got {input_shape!r}") from None
            if len(shape) != 2 or min(shape) < 1:
                raise ValueError(f"{type(first).__name__} needs per-example inputs (C, n), got {input_shape!r}")
            return first.input_structure(shape)
        return structure_of(input_shape, getattr(first, "group", None))

    def init(self, rng, input_shape) -> list:
        """Random parameters (one dict per layer) for per-example inputs of ``input_shape``.

        ``rng`` is a :class:`numpy.random.Generator`; the draws follow the parameterisation of
        each layer (module docstring)."""
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got "
                            f"{type(rng).__name__}")
        structs = self.structures(input_shape)
        return [layer.init(rng, s) for layer, s in zip(self.layers, structs[:-1])]

    def _check_input(self, x, name: str) -> np.ndarray:
        x = as_real_array(x, name)
        if x.ndim < 2:
            raise ValueError(f"{name} must be batch-first (batch, C) or (batch, C, H, W), got shape {x.shape}")
        if x.shape[0] < 1:
            raise ValueError(f"{name} must contain at least one example, got shape {x.shape}")
        return x

    def _check_params(self, params):
        if not isinstance(params, (list, tuple)) or len(params) != len(self.layers):
            raise ValueError(f"params must be the list returned by init ({len(self.layers)} dicts), got "
                             f"{type(params).__name__} of length {len(params) if hasattr(params, '__len__') else '?'}")

    def forward(self, params, x) -> list:
        """All activations ``[x, y_1, …, y_L]`` of a forward pass."""
        self._check_params(params)
        x = self._check_input(x, "x")
        self.structures(x.shape[1:])
        acts = [x]
        for layer, p in zip(self.layers, params):
            acts.append(layer.apply(p, acts[-1]))
        return acts

    def apply(self, params, x) -> np.ndarray:
        """Finite-width forward pass of a batch ``x`` with explicit ``params`` (from :meth:`init`)."""
        return self.forward(params, x)[-1]

    def kernel_fn(self, x1, x2=None, get=GETS, *, max_elements: int = 2**24, compress_group: bool = True) -> Kernels:
        """Infinite-width NNGP and NTK between the batches ``x1`` and ``x2`` (default ``x1``).

        ``get`` is ``"nngp"``, ``"ntk"`` or a tuple of them.  Returns :class:`Kernels` with
        arrays ``(n1, n2)`` for a vector readout (``(n1, n2, *sites, *sites)`` otherwise).
        The rows of ``x1`` are processed in chunks so that no intermediate covariance has
        more than about ``max_elements`` entries; the self-covariances of ``x2`` are computed
        once.  ``compress_group=True`` stores the covariances of Lift/GroupConv outputs in the
        right-invariant form ``Σ[(t, e), (t', v)]`` (|H| times smaller; exact, see
        :mod:`gaugemath.ntk.group_conv`); ``False`` keeps every ``(h, h')`` block (the
        reference path the identity tests use).
        """
        get = (get,) if isinstance(get, str) else tuple(get)
        if not get:
            raise ValueError("get must name at least one of 'nngp', 'ntk'")
        for g in get:
            check_choice(g, "get", GETS)
        x1 = self._check_input(x1, "x1")
        x2 = x1 if x2 is None else self._check_input(x2, "x2")
        if x1.shape[1:] != x2.shape[1:]:
            raise ValueError(f"x1 and x2 must have the same per-example shape, got {x1.shape[1:]} and {x2.shape[1:]}")
        structs = self.structures(x1.shape[1:])
        shrink = lambda s: s.sites[0] if (compress_group and s.kind == "group") else 1  # noqa: E731
        biggest = max(int(np.prod(s.sites, dtype=np.int64)) ** 2 // shrink(s) for s in structs)
        rows = max(1, int(max_elements // max(1, biggest * x2.shape[0])))
        want_ntk = "ntk" in get
        covs2 = self._self_covariances(x2, compress_group)
        parts = [self._kernel_rows(x1[i:i + rows], x2, want_ntk, compress_group, covs2)
                 for i in range(0, x1.shape[0], rows)]
        nngp = np.concatenate([p.nngp for p in parts], axis=0)
        ntk = np.concatenate([p.ntk for p in parts], axis=0) if want_ntk else None
        out = parts[0].structure
        if out.compressed:  # group-feature output: return every (h, h') block
            nngp = expand_group(nngp, out.group)
            ntk = None if ntk is None else expand_group(ntk, out.group)
            out = replace(out, compressed=False)
        return Kernels(nngp if "nngp" in get else None, ntk, out)

    def kernel_state(self, x1, x2=None, *, ntk: bool = True, compress_group: bool = False) -> KernelState:
        """The :class:`KernelState` of the output: all site pairs and the self-covariances
        (every ``(h, h')`` block unless ``compress_group``)."""
        x1 = self._check_input(x1, "x1")
        x2 = x1 if x2 is None else self._check_input(x2, "x2")
        self.structures(x1.shape[1:])
        return self._kernel_rows(x1, x2, ntk, compress_group)

    def _self_covariances(self, x2, compress_group: bool) -> list:
        """``cov2`` at the input of every layer and at the output (one pass over ``x2`` alone)."""
        k = input_state(x2[:0], x2, False, self.input_structure(x2.shape[1:]), compress_group)
        k = replace(k, nngp=None, cov1=k.cov2, track2=False)
        out = [k.cov2]
        for layer in self.layers:
            k = layer.kernel(k)
            k = replace(k, cov2=k.cov1)
            out.append(k.cov1)
        return out

    def _kernel_rows(self, x1, x2, want_ntk: bool, compress_group: bool, covs2=None) -> KernelState:
        k = input_state(x1, x2, want_ntk, self.input_structure(x1.shape[1:]), compress_group)
        if covs2 is not None:
            k = replace(k, track2=False)
        for i, layer in enumerate(self.layers):
            k = layer.kernel(k)
            if covs2 is not None:
                k = replace(k, cov2=covs2[i + 1])
        return replace(k, track2=True)


def input_state(x1, x2, want_ntk: bool, s: Structure, compress_group: bool = True) -> KernelState:
    """The covariance structure of the data with structure ``s`` (channel means; NTK 0)."""
    c = x1.shape[1]
    size = int(np.prod(s.sites, dtype=np.int64))
    a = x1.reshape(x1.shape[0], c, size)
    b = x2.reshape(x2.shape[0], c, size)
    sites = s.sites
    shape = lambda n: (n, *sites, *sites)  # noqa: E731
    nngp = np.einsum("ics,jct->ijst", a, b, optimize=True).reshape((a.shape[0], b.shape[0], *sites, *sites)) / c
    cov1 = np.einsum("ics,ict->ist", a, a, optimize=True).reshape(shape(a.shape[0])) / c
    cov2 = np.einsum("ics,ict->ist", b, b, optimize=True).reshape(shape(b.shape[0])) / c
    return KernelState(nngp, np.zeros_like(nngp) if want_ntk else None, cov1, cov2, s, compress_group=compress_group,
                       ntk_zero=want_ntk)


def serial(*layers) -> Serial:
    """Compose layers: ``serial(Dense(512), Relu(), Dense(1))``.

    Returns a :class:`Serial` with ``init(rng, input_shape) -> params``,
    ``apply(params, x) -> y`` and ``kernel_fn(x1, x2=None, get=("nngp", "ntk"))``.
    Nested :class:`Serial` objects are flattened.
    """
    flat = []
    for i, layer in enumerate(layers):
        if isinstance(layer, Serial):
            flat.extend(layer.layers)
        elif isinstance(layer, Layer):
            flat.append(layer)
        else:
            raise TypeError(f"layer {i} must be a gaugemath.ntk layer (Dense(...), Relu(), ...), got "
                            f"{type(layer).__name__}")
    if not flat:
        raise ValueError("serial needs at least one layer")
    return Serial(flat)


def diag_sites(cov: np.ndarray, structure: Structure) -> np.ndarray:
    """Variances ``cov[i, s, s]`` of a self-covariance → ``(n, *sites)``; for the compressed
    group form ``(n, H, W, |H|, H, W)`` the variance ``cov[i, t, e, t]`` (the same for every h) → ``(n, H, W)``."""
    n = cov.shape[0]
    if structure.compressed:
        sp = structure.sites[1:]
        size = int(np.prod(sp, dtype=np.int64))
        flat = cov[..., 0, :, :].reshape(n, size, size)
        return np.diagonal(flat, axis1=1, axis2=2).reshape((n, *sp))
    sites = structure.sites
    size = int(np.prod(sites, dtype=np.int64))
    flat = cov.reshape(n, size, size)
    return np.diagonal(flat, axis1=1, axis2=2).reshape((n, *sites))


def pointwise(k: KernelState, dual) -> KernelState:
    """Apply a pointwise nonlinearity with dual map ``dual(q1, q2, k) -> (nngp, dot)``
    (broadcasting ``q1`` ``(P, A, 1)``, ``q2`` ``(P, 1, B)`` against ``k`` ``(P, A, B)``)."""
    st = k.structure
    first = st.sites[1:] if st.compressed else st.sites       # site axes of the first argument
    second = st.sites
    A, B = int(np.prod(first, dtype=np.int64)), int(np.prod(second, dtype=np.int64))
    v1, v2 = diag_sites(k.cov1, st), diag_sites(k.cov2, st)
    n1, n2 = v1.shape[0], v2.shape[0]

    def second_var(v):  # (n, B): the variance at every second site (the group index does not matter)
        v = v.reshape(v.shape[0], -1)
        return np.tile(v, (1, B // v.shape[1])) if st.compressed else v

    def apply(K, a, b):  # K (P, *first, *second), a (P, A), b (P, B)
        shape = K.shape
        out = dual(a.reshape(shape[0], A, 1), b.reshape(shape[0], 1, B), K.reshape(shape[0], A, B))
        return out[0].reshape(shape), out[1].reshape(shape)

    nngp = ntk = None
    if k.nngp is not None:
        a = np.repeat(v1.reshape(n1, A), n2, axis=0)
        b = np.tile(second_var(v2), (n1, 1))
        nngp, dot = apply(k.nngp.reshape((n1 * n2,) + k.nngp.shape[2:]), a, b)
        nngp, dot = nngp.reshape(k.nngp.shape), dot.reshape(k.nngp.shape)
        if k.ntk is not None:
            ntk = np.zeros_like(nngp) if k.ntk_zero else np.multiply(dot, k.ntk, out=dot)

    def self_cov(v, cov):
        return apply(cov, v.reshape(v.shape[0], A), second_var(v))[0]
    c2 = self_cov(v2, k.cov2) if k.track2 else k.cov2
    return replace(k, nngp=nngp, ntk=ntk, cov1=self_cov(v1, k.cov1), cov2=c2)

r"""Infinite ensembles trained on fully augmented data: exact predictions by the isotypic (group-Fourier) solve.

Setting
-------
A finite group :math:`G` acts on inputs by :math:`x\mapsto g\cdot x` (``input_action``) and on outputs by
:math:`\rho_{\rm out}(g)` (``output_action``; trivial for invariant targets).  The fully augmented training set
is :math:`\{(g\cdot x_i,\ \rho_{\rm out}(g)\,y_i)\}_{g\in G,\,i\le n}`, ordered ``g``-major (row ``g*n + i``, ``g``
in ``group.elements()`` order).  The kernels (NTK :math:`\Theta`, NNGP :math:`K`) are scalar kernels (times the
identity on output channels) **invariant under the simultaneous action**, :math:`k(g x, g x') = k(x, x')`
(true for networks whose first layer sees the input through an orthogonal action, e.g. fully connected
networks under pixel permutations; checked on the data).

Exact equivariance
------------------
Gerken & Kessel, "Emergent equivariance in deep ensembles", ICML 2024, arXiv:2403.03103; Misof, Kessel
& Gerken, "Equivariant neural tangent kernels", ICML 2025, arXiv:2406.06504.  The augmented Gram matrix is G-circulant,
:math:`\Theta_{(g,i),(h,j)} = c(g^{-1}h)_{ij}` with
:math:`c(u)_{ij} = \Theta(x_i, u\cdot x_j)`, so :math:`A_t = \Theta^{-1}(I - e^{-\eta\Theta t})` commutes with the
left-regular action and the dual coefficients :math:`\alpha = A_tY` satisfy :math:`\alpha_{hg} = \rho_{\rm out}(h)
\alpha_g`.  Hence :math:`\alpha_g = \rho_{\rm out}(g)\beta` with

.. math::  \beta = \sum_{h\in G} a_t(h)\,Y_h,\qquad
           \mu_t(x) = \sum_{g\in G}\sum_i \Theta(x, g\cdot x_i)\,\rho_{\rm out}(g)\,\beta_i,

and :math:`\mu_t(h\cdot x) = \rho_{\rm out}(h)\mu_t(x)` for **every** input :math:`x` and time :math:`t` (substitute
:math:`g\to hg`), on and off the data manifold.  ``method="isotypic"`` computes :math:`a_t` from the irreps
(:mod:`gaugemath.ntk.isotypic`): by Schur orthogonality only the irreps :math:`\pi` contained in
:math:`\rho_{\rm out}` reach :math:`\beta` (the trivial one alone for invariant targets), one eigensolve of
size :math:`d_\pi n` each; the covariance uses every irrep.  The equivariance then holds to rounding in the
final sum, whatever the conditioning of :math:`\Theta`.  ``method="dense"`` builds the :math:`|G|n\times|G|n`
augmented kernel and calls :func:`gaugemath.ntk.dynamics.predict` (for comparison: its solve error is not
constrained to the equivariant subspace, so its equivariance error grows with the condition number).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .._validation import as_real_array, check_choice
from ..groups import as_group
from . import isotypic
from .dynamics import Prediction, check_learning_rate, check_spectrum, check_times, flow_weights, predict

__all__ = ["augment", "predict_augmented"]


class _Action:
    """A validated action of a finite group on arrays ``(n, ...)`` (matrices on the flattened trailing axes, or
    a callable ``action(g, x)`` of the group element ``g``)."""

    def __init__(self, spec, group, name):
        self.group, self.name = group, name
        self.fn = None
        self.table = None
        if callable(spec) and not hasattr(spec, "table"):
            self.fn = spec
            return
        table = spec.table if hasattr(spec, "table") else spec
        if hasattr(spec, "group") and spec.group.order != group.order:
            raise ValueError(f"{name} is a representation of {spec.group.name}, not of {group.name}")
        if np.iscomplexobj(table):
            raise TypeError(f"{name} must be real matrices (a real orthogonal action)")
        table = as_real_array(table, name)
        if table.ndim != 3 or table.shape[0] != group.order or table.shape[1] != table.shape[2]:
            raise ValueError(f"{name} must be matrices of shape ({group.order}, D, D), one per element of "
                             f"{group.name} in group.elements() order, got {table.shape}")
        self.table = table

    def __call__(self, k: int, x: np.ndarray) -> np.ndarray:
        if self.fn is not None:
            out = np.asarray(self.fn(np.asarray(self.group.elements())[k], x), dtype=np.float64)
            if out.shape != x.shape:
                raise ValueError(f"{self.name}(g, x) must return an array of x's shape {x.shape}, got {out.shape}")
            return out
        flat = x.reshape(len(x), -1)
        if flat.shape[1] != self.table.shape[1]:
            raise ValueError(f"{self.name} acts on {self.table.shape[1]} coordinates, but the inputs have "
                             f"{flat.shape[1]} per sample")
        return (flat @ self.table[k].T).reshape(x.shape)

    def check_homomorphism(self, x: np.ndarray, atol: float) -> None:
        """:math:`\\rho(g)\\rho(h) = \\rho(gh)` on all pairs (for a callable: on the data ``x``) and e acts as 1."""
        T = np.asarray(self.group.cayley_table())
        if self.table is not None:
            lhs = np.einsum("gab,hbc->ghac", self.table, self.table)
            err = np.max(np.abs(lhs - self.table[T]), axis=(2, 3))
            scale = max(1.0, float(np.max(np.abs(self.table))))
            e_err = float(np.max(np.abs(self.table[0] - np.eye(self.table.shape[1]))))
        else:
            moved = np.stack([self(k, x) for k in range(self.group.order)])
            err = np.array([[np.max(np.abs(self(g, moved[h]) - moved[T[g, h]]), initial=0.0)
                             for h in range(self.group.order)] for g in range(self.group.order)])
            scale = max(1.0, float(np.max(np.abs(x), initial=0.0)))
            e_err = float(np.max(np.abs(moved[0] - x), initial=0.0))
        if e_err > atol * scale:
            raise ValueError(f"{self.name} is not an action: the identity moves by {e_err:.3g}")
        if np.max(err) > atol * scale:
            g, h = np.unravel_index(int(np.argmax(err)), err.shape)
            raise ValueError(f"{self.name} is not a homomorphism of {self.group.name}: rho(g)rho(h) != rho(gh) for "
                             f"elements {g}, {h} (error {np.max(err):.3g} > atol={atol:g}); check the element order")


def _prepare(group, input_action, output_action, x_train, y_train, atol, check=True):
    group = as_group(group)
    if not group.is_finite:
        raise ValueError(f"group must be finite, got {group.name!r}")
    x = as_real_array(x_train, "x_train")
    y = as_real_array(y_train, "y_train")
    if x.ndim < 2 or y.ndim not in (1, 2) or len(y) != len(x):
        raise ValueError(f"x_train must be (n, ...) and y_train (n,) or (n, k) with the same n; got {x.shape}, {y.shape}")
    act_in = _Action(input_action, group, "input_action")
    if check:
        act_in.check_homomorphism(x, atol)
    y2 = y.reshape(len(y), -1)
    k = y2.shape[1]
    if output_action is None:
        R = np.broadcast_to(np.eye(k), (group.order, k, k))
    else:
        act_out = _Action(output_action, group, "output_action")
        if act_out.table is None:
            raise TypeError("output_action must be matrices (|G|, k, k) or a Representation, not a callable")
        if act_out.table.shape[1] != k:
            raise ValueError(f"output_action has dimension {act_out.table.shape[1]} but y_train has {k} channels")
        if check:
            act_out.check_homomorphism(y2, atol)
        R = act_out.table
    return group, x, y, y2, act_in, R


def augment(x_train, y_train, group, input_action, output_action=None, *, atol=1e-7):
    r"""The fully augmented training set :math:`\{(g\cdot x_i, \rho_{\rm out}(g)y_i)\}`, ``g``-major.

    Parameters as in :func:`predict_augmented`.  Returns ``(x_aug, y_aug)`` of shapes ``(|G| n, ...)`` and
    ``(|G| n,)`` / ``(|G| n, k)``; row ``g*n + i`` is :math:`(g\cdot x_i, \rho_{\rm out}(g)y_i)`."""
    group, x, y, y2, act_in, R = _prepare(group, input_action, output_action, x_train, y_train, atol)
    xa = np.concatenate([act_in(g, x) for g in range(group.order)])
    ya = np.einsum("gpq,iq->gip", R, y2).reshape((group.order * len(x),) + y.shape[1:])
    return xa, ya


def _kernels(kernel_fn, a, b, need_nngp):
    out = kernel_fn(a, b)
    if hasattr(out, "ntk"):
        ntk, nngp = out.ntk, getattr(out, "nngp", None)
    elif isinstance(out, tuple):
        if len(out) != 2:
            raise ValueError("kernel_fn must return an array (the NTK), a pair (nngp, ntk) or an object with .ntk/.nngp")
        nngp, ntk = out
    else:
        ntk, nngp = out, None
    ntk = as_real_array(ntk, "kernel_fn(...) NTK")
    if ntk.shape != (len(a), len(b)):
        raise ValueError(f"kernel_fn(x1, x2) must give ({len(a)}, {len(b)}) matrices, got {ntk.shape}")
    if need_nngp:
        if nngp is None:
            raise ValueError("covariance=True needs kernel_fn to return the NNGP too ((nngp, ntk) or .nngp)")
        nngp = as_real_array(nngp, "kernel_fn(...) NNGP")
    return ntk, (nngp if need_nngp else None)


def _check_invariance(kernel_fn, act_in, group, z, need_nngp, atol):
    base = _kernels(kernel_fn, z, z, need_nngp)
    for g in range(1, group.order):
        zg = act_in(g, z)
        moved = _kernels(kernel_fn, zg, zg, need_nngp)
        for name, k0, k1 in zip(("NTK", "NNGP"), base, moved):
            if k0 is None:
                continue
            err = float(np.max(np.abs(k1 - k0)))
            if err > atol * max(1.0, float(np.max(np.abs(k0)))):
                raise ValueError(f"kernel_fn's {name} is not invariant under the simultaneous action of element {g}: "
                                 f"max |k(gx, gx') - k(x, x')| = {err:.3g} on the data (atol={atol:g})")


def predict_augmented(kernel_fn: Callable, x_train, y_train, x_test, group, input_action, output_action=None, *,
                      t=np.inf, learning_rate=1.0, covariance=False, method="isotypic", jitter=0.0,
                      check=True, atol=1e-7) -> Prediction:
    r"""Mean (and covariance) of the infinite ensemble trained by gradient flow on the fully augmented set.

    Same loss, flow and ensemble conventions as :func:`gaugemath.ntk.dynamics.predict` (applied to the
    :math:`|G|n` augmented pairs); the construction and the exact-equivariance argument are in the module
    docstring.

    Parameters
    ----------
    kernel_fn : callable
        ``kernel_fn(x1, x2)`` returning the NTK ``(n1, n2)``, or a pair ``(nngp, ntk)``, or an object with
        ``.ntk`` and ``.nngp`` (as ``net.kernel_fn`` of :mod:`gaugemath.ntk`).  Invariant under the
        simultaneous action (checked on the data when ``check``).
    x_train : array (n, ...)
    y_train : array (n,) or (n, k)
    x_test : array (m, ...)
    group : Group or str
        A finite group (``"C4"``, ``"D4"``, ``"O"``, ...).
    input_action : array (|G|, D, D), Representation or callable
        Real matrices acting on the flattened inputs (``D`` = product of the trailing input axes), one per
        element in ``group.elements()`` order; or ``action(g, x)`` of an element ``g`` and a batch ``x``.
        Must be a homomorphism (checked on all pairs; for a callable, on ``x_train``).
    output_action : array (|G|, k, k) or Representation, optional
        :math:`\rho_{\rm out}`; ``None`` = invariant targets (trivial action on every channel).
    t, learning_rate, jitter
        As in :func:`~gaugemath.ntk.dynamics.predict` (``jitter`` is added to the augmented NTK's diagonal).
    covariance : bool
        Also return the covariance (needs the NNGP from ``kernel_fn``).
    method : {"isotypic", "dense"}
        The block solve (exactly equivariant) or one dense solve on the augmented kernel (for comparison).
    check : bool
        Check the homomorphism and the kernel invariance (on ``x_train`` and up to 8 test inputs).
    atol : float
        Tolerance of those checks, relative to ``max(1, max|.|)`` (default ``1e-7``: analytic ReLU kernels
        carry errors of order :math:`\sqrt{\epsilon}` on the diagonal, where the angle comes from a rounded
        cosine).

    Returns
    -------
    Prediction
        ``mean`` ``(m,)``/``(m, k)`` (leading time axis for an array ``t``), ``covariance`` ``(m, m)`` or ``None``.

    Raises
    ------
    ValueError
        An infinite group, shapes that do not match, a non-homomorphism, a kernel not invariant on the data, or
        any error of :func:`~gaugemath.ntk.dynamics.predict` (not PSD, ``t < 0``, NaN, ...).
    TypeError
        A callable ``output_action`` or complex action matrices.
    """
    check_choice(method, "method", ("isotypic", "dense"))
    group, x, y, y2, act_in, R = _prepare(group, input_action, output_action, x_train, y_train, atol, check)
    xs = as_real_array(x_test, "x_test")
    if xs.shape[1:] != x.shape[1:]:
        raise ValueError(f"x_test must have shape (m, {', '.join(map(str, x.shape[1:]))}), got {xs.shape}")
    if check:
        _check_invariance(kernel_fn, act_in, group, np.concatenate([x, xs[:8]]), covariance, atol)
    order, n = group.order, len(x)
    x_all = np.concatenate([act_in(g, x) for g in range(order)])  # row g*n + i = g . x_i
    if method == "dense":
        ntk, nngp = _kernels(kernel_fn, x_all, x_all, covariance)
        ntk_s, nngp_s = _kernels(kernel_fn, xs, x_all, covariance)
        ya = np.einsum("gpq,iq->gip", R, y2).reshape((order * n,) + y.shape[1:])
        extra = {}
        if covariance:
            extra = dict(nngp_train_train=nngp, nngp_test_train=nngp_s,
                         nngp_test_test=_kernels(kernel_fn, xs, xs, True)[1])
        return predict(ntk, ya, ntk_s, t=t, learning_rate=learning_rate, jitter=jitter, **extra)
    return _isotypic(kernel_fn, x, y, y2, xs, x_all, group, R, t, learning_rate, covariance, jitter)


def _kept_irreps(group, rho_out, covariance):
    r"""``(index, weight, inside)`` of the irreps whose blocks are needed: those inside ``rho_out`` for the mean, all for the
    covariance; of a complex-conjugate pair only the first is kept, with weight 2 (for real ``c``, the block of
    :math:`\bar\pi` is the conjugate of that of :math:`\pi`, so its contributions are the conjugates)."""
    from ..reps import character_inner_product, irreps

    reps = irreps(group)
    in_out = [abs(character_inner_product(ir, rho_out)) > 0.5 for ir in reps]
    need = [covariance or f for f in in_out]
    kept, done = [], set()
    for i, ir in enumerate(reps):
        if not need[i] or i in done:
            continue
        weight = 1.0
        if ir.meta.get("type") == "complex":
            for k in range(i + 1, len(reps)):
                if need[k] and k not in done and np.allclose(reps[k].table, np.conj(ir.table), rtol=0, atol=1e-12):
                    done.add(k)
                    weight = 2.0
                    break
        kept.append((i, weight, in_out[i]))
    return kept


def _isotypic(kernel_fn, x, y, y2, xs, x_all, group, R, t, learning_rate, covariance, jitter):
    from ..reps import Representation, irreps

    times, scalar_t = check_times(t)
    lr = check_learning_rate(learning_rate)
    jit = as_real_array(jitter, "jitter")
    if jit.ndim != 0 or jit < 0:
        raise ValueError(f"jitter must be a non-negative number, got {jitter!r}")
    order, n, m = group.order, len(x), len(xs)
    c_ntk, c_nngp = _kernels(kernel_fn, x, x_all, covariance)  # (n, |G| n): c(u)_ij = k(x_i, u x_j)
    c_ntk = c_ntk.reshape(n, order, n).transpose(1, 0, 2).copy()
    c_ntk[0] += float(jit) * np.eye(n)  # jitter * I is the G-circulant with c(e) = jitter * I
    rho_out = Representation(group, R.shape[1], table=np.ascontiguousarray(R))
    kept = _kept_irreps(group, rho_out, covariance)
    tables = [irreps(group)[i].table for i, _, _ in kept]
    weights = [w for _, w, _ in kept]
    eig = [np.linalg.eigh(b) for b in isotypic.circulant_blocks(c_ntk, tables)]
    spectrum = check_spectrum(np.concatenate([w for w, _ in eig]), "the augmented NTK", bool(np.any(np.isinf(times))))
    split = np.cumsum([len(w) for w, _ in eig])[:-1]
    phis = [flow_weights(w, times, lr) for w in np.split(spectrum, split)]  # (T, d n) per block
    # the mean: a_t(h) from the irreps inside rho_out only, beta = sum_h a_t(h) Y_h, alpha_g = rho_out(g) beta
    mean_k = [k for k, (_, _, inside) in enumerate(kept) if inside]
    A = [weights[k] * (eig[k][1][None] * phis[k][:, None, :]) @ np.conj(eig[k][1].T)[None] for k in mean_k]
    a = isotypic.inverse_blocks(A, [tables[k] for k in mean_k]).real  # (T, |G|, n, n); weight 2 = 2 Re
    beta = np.einsum("thij,jq,hpq->tip", a, y2, R, optimize=True)
    ntk_s, nngp_s = _kernels(kernel_fn, xs, x_all, covariance)
    r_ntk = ntk_s.reshape(m, order, n)
    mean = np.einsum("mgi,gpq,tiq->tmp", r_ntk, R, beta, optimize=True)
    mean = mean.reshape((len(times), m) + y.shape[1:])
    cov = None
    if covariance:
        c_nngp = c_nngp.reshape(n, order, n).transpose(1, 0, 2)
        k_blocks = isotypic.circulant_blocks(c_nngp, tables)
        r_nngp = nngp_s.reshape(m, order, n)
        quad = cross = 0.0
        for P, (_, V), phi, kb, w in zip(tables, eig, phis, k_blocks, weights):
            q, c = isotypic.flow_quadratics(isotypic.row_transform(r_ntk, P), isotypic.row_transform(r_nngp, P),
                                            V, phi, kb)
            quad, cross = quad + w * q.real, cross + w * c.real
        k_ss = _kernels(kernel_fn, xs, xs, True)[1]
        cov = k_ss[None] + quad - cross - np.swapaxes(cross, 1, 2)
        cov = 0.5 * (cov + np.swapaxes(cov, 1, 2))
    if scalar_t:
        mean = mean[0]
        cov = None if cov is None else cov[0]
    return Prediction(mean, cov)

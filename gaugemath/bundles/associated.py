r"""Associated bundles :math:`G\times_\rho V` over :math:`G/K` and their sections.

A section of :math:`G\times_\rho V` has two pictures (Cohen, Geiger & Weiler 2019, §3;
Weiler et al. 2021, §12; Gerken et al. 2023, §4):

* **Mackey function** :math:`f: G \to V` with :math:`f(gk) = \rho(k)^{-1} f(g)` for all
  :math:`k\in K`; :math:`G` acts by the left regular action :math:`(g\cdot f)(h) = f(g^{-1}h)`
  (the induced representation :math:`\mathrm{Ind}_K^G\rho`).
* **Local representative** in the gauge :math:`\sigma` (a section of :math:`G\to G/K`):
  :math:`f_\sigma(x) = f(\sigma(x))`, with the inverse map
  :math:`f(g) = \rho(k)^{-1} f_\sigma(\pi(g))`, :math:`k = \sigma(\pi(g))^{-1}g \in K`.
  The induced action reads :math:`(g\cdot f_\sigma)(x) = \rho(h(g,x))\,f_\sigma(g^{-1}x)`
  with :math:`h(g,x) = \sigma(x)^{-1}g\,\sigma(g^{-1}x)`.

Gauge transformation: for :math:`\sigma'(x) = \sigma(x)k(x)`,
:math:`f_{\sigma'}(x) = \rho(k(x))^{-1} f_\sigma(x)`; between charts,
:math:`f_b = \rho(k_{ab})^{-1} f_a` with :math:`k_{ab} = \sigma_a^{-1}\sigma_b`.

Fields are Python callables on batched points / group elements returning ``(..., dim)``
arrays; representations are callables on batched subgroup parameters returning
``(..., dim, dim)`` (an object with a ``matrices(elements)`` method, such as
``gaugemath.reps.Representation``, is accepted too).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .._validation import as_half_integer
from ..groups import SO2
from .homogeneous import HomogeneousSpace

__all__ = ["AssociatedBundle", "so2_character", "so2_rotation"]


def so2_character(s) -> Callable:
    r"""The SO(2) irrep :math:`\rho_s(R_z(\gamma)) = e^{is\gamma}` (``(..., 1, 1)`` complex), ``s`` integer.

    Sections of :math:`SO(3)\times_{\rho_s}\mathbb C` are spin-weight-``s`` functions
    (:mod:`gaugemath.bundles.tangent`).
    """
    s_int = int(as_half_integer(s, "s", allow_half=False))

    def rho(gamma):
        g = np.asarray(gamma, dtype=np.float64)
        return np.exp(1j * s_int * g)[..., None, None]

    rho.__doc__ = f"SO(2) character exp(i*{s_int}*gamma)"
    return rho


def so2_rotation(n: int = 1) -> Callable:
    r"""The real SO(2) representation :math:`\gamma \mapsto R(n\gamma)` (``(..., 2, 2)``).

    ``n = 1`` is the tangent representation: :math:`TS^2 = SO(3)\times_{R} \mathbb R^2`.
    """
    n_int = int(as_half_integer(n, "n", allow_half=False))

    def rho(gamma):
        return SO2.from_angle(n_int * np.asarray(gamma, dtype=np.float64))

    return rho


class AssociatedBundle:
    r"""The associated bundle :math:`G\times_\rho V` over a homogeneous space.

    Parameters
    ----------
    space : HomogeneousSpace
        e.g. :class:`~gaugemath.bundles.Sphere`, :class:`~gaugemath.bundles.EuclideanSpace`.
    rho : callable or representation
        :math:`\rho: K \to GL(V)` on the space's subgroup parameters, returning
        ``(..., dim, dim)``; or an object with ``matrices(elements)``.
    """

    def __init__(self, space: HomogeneousSpace, rho):
        if not isinstance(space, HomogeneousSpace):
            raise TypeError(f"space must implement HomogeneousSpace, got {type(space).__name__}")
        if hasattr(rho, "matrices"):
            self._rho = rho.matrices
        elif callable(rho):
            self._rho = rho
        else:
            raise TypeError(f"rho must be callable or have a matrices() method, got {type(rho).__name__}")
        self.space = space
        self._k_identity = space.to_subgroup(space.identity())
        m = np.asarray(self._rho(self._k_identity))
        if m.ndim < 2 or m.shape[-1] != m.shape[-2]:
            raise ValueError(f"rho must return square matrices (..., dim, dim), got shape {m.shape}")
        self.dim = m.shape[-1]

    # -- representation ----------------------------------------------------------------
    def rho(self, k) -> np.ndarray:
        """:math:`\\rho(k)`, shape ``(..., dim, dim)``."""
        return np.asarray(self._rho(k))

    def _rho_inv_apply(self, k, v):
        return np.linalg.solve(self.rho(k), np.asarray(v)[..., None])[..., 0]

    def _rho_apply(self, k, v):
        return np.einsum("...ij,...j->...i", self.rho(k), np.asarray(v))

    # -- gauge transformations ---------------------------------------------------------
    def gauge_transform(self, values, k) -> np.ndarray:
        r"""Local values in the gauge :math:`\sigma k`: :math:`\rho(k)^{-1} f_\sigma`."""
        return self._rho_inv_apply(k, values)

    def change_chart(self, values, x, chart_from, chart_to) -> np.ndarray:
        r""":math:`f_b(x) = \rho(k_{ab}(x))^{-1} f_a(x)`, :math:`k_{ab} = \sigma_a^{-1}\sigma_b`."""
        return self._rho_inv_apply(self.space.transition(x, chart_from, chart_to), values)

    # -- the two pictures ------------------------------------------------------------------
    def local_from_mackey(self, f: Callable, x, chart=None) -> np.ndarray:
        r"""Local representative :math:`f_\sigma(x) = f(\sigma(x))` (values, ``(..., dim)``)."""
        return np.asarray(f(self.space.section(x, chart)))

    def mackey_from_local(self, f_local: Callable, chart=None) -> Callable:
        r"""The Mackey function :math:`f(g) = \rho(k)^{-1} f_\sigma(\pi(g))`, :math:`k = \sigma(\pi g)^{-1} g`.

        ``π(g)`` must lie in the chart.
        """
        space = self.space

        def f(g):
            x = space.project(g)
            k = space.to_subgroup(space.multiply(space.inverse(space.section(x, chart)), g))
            return self._rho_inv_apply(k, f_local(x))

        return f

    def mackey_residual(self, f: Callable, g, k) -> float:
        r"""Max-norm of :math:`f(gk) - \rho(k)^{-1} f(g)` (zero for a Mackey function)."""
        lhs = np.asarray(f(self.space.multiply(g, self.space.from_subgroup(k))))
        return float(np.max(np.abs(lhs - self._rho_inv_apply(k, f(g)))))

    # -- induced G-action ----------------------------------------------------------------
    def act_mackey(self, g, f: Callable) -> Callable:
        r""":math:`(g\cdot f)(h) = f(g^{-1}h)` (left regular action on Mackey functions)."""
        g_inv = self.space.inverse(g)
        return lambda h: f(self.space.multiply(g_inv, h))

    def act_local(self, g, f_local: Callable, chart=None) -> Callable:
        r""":math:`(g\cdot f_\sigma)(x) = \rho(h(g,x))\, f_\sigma(g^{-1}x)`, :math:`h = \sigma(x)^{-1}g\sigma(g^{-1}x)`."""
        space = self.space
        g_inv = space.inverse(g)

        def gf(x):
            h = space.gauge_factor(g, x, chart)
            return self._rho_apply(h, f_local(space.act(g_inv, x)))

        return gf

r"""Pull-back geometry of a generative map :math:`g: Z \to X` (diffeomorphic counterfactuals).

A smooth map :math:`g: Z = \mathbb R^d \to X = \mathbb R^D` (``D >= d``, Jacobian
:math:`J(z) = \partial g/\partial z` of full column rank ``d``) pulls the Euclidean metric of
:math:`X` back to :math:`Z`:

* pull-back metric :math:`G(z) = J^T J` (:func:`pullback_metric`);
* for :math:`f: X \to \mathbb R`, the Euclidean gradient of :math:`f\circ g` in :math:`Z` is
  :math:`J^T\nabla_x f` (:func:`latent_gradient`, the chain rule), the Riemannian gradient is
  :math:`G^{-1}J^T\nabla_x f` (:func:`riemannian_gradient`);
* a step :math:`z \mapsto z + \epsilon\,w` moves :math:`x = g(z)` by :math:`\epsilon J w + O(\epsilon^2)`
  and stays on the image manifold :math:`g(Z)`; for :math:`w = J^T\nabla_x f` the data-space
  velocity is :math:`J J^T\nabla_x f`, for the Riemannian gradient it is
  :math:`J G^{-1} J^T \nabla_x f`, the orthogonal projection of :math:`\nabla_x f` onto the
  tangent space (:math:`= \nabla_x f` when :math:`g` is a diffeomorphism, ``D == d``)
  (:func:`data_velocity`, :func:`gradient_step_in_latent`);
* geodesics of :math:`G` solve :math:`\ddot z^k = -\Gamma^k_{ij}\dot z^i\dot z^j` with
  :math:`\Gamma^k_{ij} = (G^{-1})^{kl}\sum_a J_{al}\,\partial_i\partial_j g_a` (the Christoffel
  symbols of an induced metric; :func:`christoffel_symbols`); :func:`geodesic_step` integrates
  it with the classical fourth-order Runge–Kutta method.

Reference: Dombrowski, Gerken, Müller & Kessel, "Diffeomorphic counterfactuals with generative
models", IEEE TPAMI 2023, arXiv:2206.05075, §3–4 (pull-back metric, Riemannian gradient,
the step :math:`J J^T\nabla f`); do Carmo, "Riemannian Geometry", Ch. 3 (geodesic equation).

Maps are given as callables on batched points: ``g(z)`` returns ``(..., D)``, ``jacobian(z)``
``(..., D, d)`` and ``hessian(z)`` ``(..., D, d, d)`` (:math:`\partial_i\partial_j g_a`; if
omitted, central differences of ``jacobian`` with step ``1e-5 * max(1, |z|)``, accurate to
about ``1e-9``).  :class:`AdditiveCoupling` is a small invertible network with analytic
derivatives.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._validation import as_real_array

__all__ = [
    "AdditiveCoupling",
    "christoffel_symbols",
    "data_velocity",
    "geodesic_step",
    "gradient_step_in_latent",
    "latent_direction",
    "latent_gradient",
    "pullback_metric",
    "riemannian_gradient",
]

#: Jacobians with condition number above this are refused as singular.
COND_MAX = 1e12


def _latent(z, name: str = "z") -> np.ndarray:
    z = as_real_array(z, name)
    if z.ndim == 0:
        raise ValueError(f"{name} must have shape (..., d) (latent points), got a scalar")
    return z


def _jacobian(jacobian: Callable, z: np.ndarray, *, square: bool = False) -> np.ndarray:
    if not callable(jacobian):
        raise TypeError(f"jacobian must be a callable z -> J(z), got {type(jacobian).__name__}")
    J = np.asarray(jacobian(z))
    if np.iscomplexobj(J) or not np.issubdtype(J.dtype, np.number):
        raise TypeError(f"jacobian(z) must return a real array, got dtype {J.dtype}")
    J = J.astype(np.float64)
    d = z.shape[-1]
    if J.ndim < 2 or J.shape[-1] != d or J.shape[:-2] != z.shape[:-1]:
        raise ValueError(f"jacobian(z) must have shape {z.shape[:-1] + ('D', d)}, got {J.shape}")
    if not np.all(np.isfinite(J)):
        raise ValueError("jacobian(z) contains NaN or infinite values")
    if J.shape[-2] < d:
        raise ValueError(f"jacobian(z) has shape (D, d) = {J.shape[-2:]}: need D >= d (an immersion) "
                         "for the pull-back metric to be positive definite")
    if square and J.shape[-2] != d:
        raise ValueError(f"jacobian(z) must be square (g a diffeomorphism, D == d), got shape {J.shape[-2:]}")
    s = np.linalg.svd(J, compute_uv=False)
    if np.any(s[..., -1] <= s[..., 0] / COND_MAX):
        raise ValueError(f"jacobian(z) is singular (condition number > {COND_MAX:g}): g is not an immersion there")
    return J


def _vector(v, shape, name: str) -> np.ndarray:
    v = as_real_array(v, name)
    if v.shape[-1:] != shape[-1:]:
        raise ValueError(f"{name} must have last axis {shape[-1]}, got shape {v.shape}")
    return v


def pullback_metric(jacobian: Callable, z) -> np.ndarray:
    r"""The pull-back metric :math:`G(z) = J(z)^T J(z)`, shape ``(..., d, d)``."""
    z = _latent(z)
    J = _jacobian(jacobian, z)
    return np.swapaxes(J, -1, -2) @ J


def latent_gradient(jacobian: Callable, z, grad_x) -> np.ndarray:
    r"""Euclidean gradient of :math:`f\circ g` in :math:`Z`: :math:`J^T\nabla_x f`, shape ``(..., d)``.

    ``grad_x`` is :math:`\nabla_x f` at :math:`x = g(z)`, shape ``(..., D)``.
    """
    z = _latent(z)
    J = _jacobian(jacobian, z)
    g = _vector(grad_x, J.shape[:-1], "grad_x")
    return np.einsum("...ai,...a->...i", J, g)


def riemannian_gradient(jacobian: Callable, z, grad_x) -> np.ndarray:
    r"""Riemannian gradient of :math:`f\circ g` for the pull-back metric: :math:`G^{-1}J^T\nabla_x f`."""
    z = _latent(z)
    J = _jacobian(jacobian, z)
    g = _vector(grad_x, J.shape[:-1], "grad_x")
    # least squares J w = grad_x  <=>  w = (J^T J)^{-1} J^T grad_x, via the SVD (no squared condition)
    u, s, vt = np.linalg.svd(J, full_matrices=False)
    return np.einsum("...ji,...j->...i", vt, np.einsum("...aj,...a->...j", u, g) / s)


def latent_direction(jacobian: Callable, z, dx) -> np.ndarray:
    r"""The latent velocity :math:`J^{-1}dx` that moves :math:`x` by ``dx`` (``g`` a diffeomorphism, ``D == d``)."""
    z = _latent(z)
    J = _jacobian(jacobian, z, square=True)
    dx = _vector(dx, J.shape[:-1], "dx")
    return np.linalg.solve(J, dx[..., None])[..., 0]


def data_velocity(jacobian: Callable, z, grad_x, *, riemannian: bool = False) -> np.ndarray:
    r"""First-order motion of :math:`x = g(z)` under a latent gradient step, per unit step size.

    :math:`J J^T\nabla_x f` (Euclidean step in :math:`Z`), or :math:`J G^{-1}J^T\nabla_x f`
    (``riemannian=True``: the projection of :math:`\nabla_x f` onto the tangent space of :math:`g(Z)`).
    """
    z = _latent(z)
    J = _jacobian(jacobian, z)
    w = riemannian_gradient(jacobian, z, grad_x) if riemannian else latent_gradient(jacobian, z, grad_x)
    return np.einsum("...ai,...i->...a", J, w)


def gradient_step_in_latent(g: Callable, jacobian: Callable, z, grad_f: Callable, step: float,
                            *, riemannian: bool = False):
    r"""One gradient-ascent step of :math:`f\circ g` in :math:`Z`; returns ``(z_new, g(z_new))``.

    :math:`z' = z + \text{step}\cdot J^T\nabla_x f(g(z))` (or :math:`G^{-1}J^T\nabla_x f` with
    ``riemannian=True``); ``grad_f`` maps ``(..., D)`` points to gradients.  The new point
    :math:`g(z')` lies on the image manifold by construction (a step in data space,
    :math:`x + \text{step}\,\nabla_x f`, in general leaves it).
    """
    z = _latent(z)
    step = float(as_real_array(step, "step"))
    x = np.asarray(g(z), dtype=np.float64)
    grad = np.asarray(grad_f(x), dtype=np.float64)
    w = riemannian_gradient(jacobian, z, grad) if riemannian else latent_gradient(jacobian, z, grad)
    z_new = z + step * w
    return z_new, np.asarray(g(z_new), dtype=np.float64)


def _fd_hessian(jacobian: Callable, z: np.ndarray) -> np.ndarray:
    d = z.shape[-1]
    h = 1e-5 * np.maximum(1.0, np.linalg.norm(z, axis=-1))[..., None]
    cols = []
    for i in range(d):
        e = np.zeros(d)
        e[i] = 1.0
        cols.append((np.asarray(jacobian(z + h * e)) - np.asarray(jacobian(z - h * e))) / (2 * h[..., None]))
    return np.stack(cols, -2)  # [..., a, i, j] = d_i J_aj


def christoffel_symbols(jacobian: Callable, z, hessian: Callable | None = None) -> np.ndarray:
    r""":math:`\Gamma^k_{ij} = (G^{-1})^{kl}\sum_a J_{al}\,\partial_i\partial_j g_a`, shape ``(..., d, d, d)`` as ``[k, i, j]``."""
    z = _latent(z)
    J = _jacobian(jacobian, z)
    H = _fd_hessian(jacobian, z) if hessian is None else np.asarray(hessian(z), dtype=np.float64)
    D, d = J.shape[-2:]
    if H.shape != J.shape[:-2] + (D, d, d):
        raise ValueError(f"hessian(z) must have shape {J.shape[:-2] + (D, d, d)}, got {H.shape}")
    if not np.all(np.isfinite(H)):
        raise ValueError("hessian(z) contains NaN or infinite values")
    first_kind = np.einsum("...al,...aij->...lij", J, H)
    G = np.swapaxes(J, -1, -2) @ J
    return np.einsum("...kl,...lij->...kij", np.linalg.inv(G), first_kind)


def geodesic_step(jacobian: Callable, z, v, t: float = 1.0, *, hessian: Callable | None = None,
                  n_steps: int = 32):
    r"""Follow the geodesic of the pull-back metric from ``z`` with velocity ``v`` for time ``t``.

    Integrates :math:`\dot z = u`, :math:`\dot u^k = -\Gamma^k_{ij}u^iu^j` with ``n_steps``
    classical Runge–Kutta (RK4) steps (global error :math:`O((t/n)^4)`); returns
    ``(z(t), u(t))``.  This is the exponential map :math:`\exp_z(t v)` of :math:`(Z, G)`; its
    image :math:`g(z(t))` is the geodesic of the image manifold with initial velocity :math:`Jv`.
    """
    z = _latent(z)
    v = _vector(v, z.shape, "v")
    t = float(as_real_array(t, "t"))
    if isinstance(n_steps, bool) or not isinstance(n_steps, (int, np.integer)) or n_steps < 1:
        raise ValueError(f"n_steps must be a positive integer, got {n_steps!r}")
    z, v = np.broadcast_arrays(z, v)

    def rhs(zz, uu):
        gam = christoffel_symbols(jacobian, zz, hessian)
        return uu, -np.einsum("...kij,...i,...j->...k", gam, uu, uu)

    h = t / n_steps
    zz, uu = z.astype(np.float64), v.astype(np.float64)
    for _ in range(int(n_steps)):
        k1 = rhs(zz, uu)
        k2 = rhs(zz + h / 2 * k1[0], uu + h / 2 * k1[1])
        k3 = rhs(zz + h / 2 * k2[0], uu + h / 2 * k2[1])
        k4 = rhs(zz + h * k3[0], uu + h * k3[1])
        zz = zz + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        uu = uu + h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
    return zz, uu


class AdditiveCoupling:
    r"""An additive coupling layer :math:`g(z) = (z_a,\ z_b + \tanh(W z_a + c))` on :math:`\mathbb R^d`.

    :math:`z = (z_a, z_b)` with :math:`z_a` the first ``d_a`` coordinates; :math:`W` has shape
    ``(d - d_a, d_a)``.  Invertible with :math:`g^{-1}(x) = (x_a, x_b - \tanh(Wx_a + c))` and
    :math:`\det J = 1` (Dinh, Krueger & Bengio, "NICE", arXiv:1410.8516, §3.2).  ``jacobian`` and
    ``hessian`` are analytic.
    """

    def __init__(self, W, c):
        self.W = as_real_array(W, "W")
        self.c = as_real_array(c, "c")
        if self.W.ndim != 2 or self.c.shape != (self.W.shape[0],):
            raise ValueError(f"W must be (d_b, d_a) and c (d_b,), got {self.W.shape} and {self.c.shape}")
        self.d_b, self.d_a = self.W.shape
        self.d = self.d_a + self.d_b

    def _split(self, z):
        z = _latent(z)
        if z.shape[-1] != self.d:
            raise ValueError(f"z must have last axis {self.d}, got shape {z.shape}")
        return z, z[..., : self.d_a] @ self.W.T + self.c

    def __call__(self, z) -> np.ndarray:
        z, a = self._split(z)
        return np.concatenate([z[..., : self.d_a], z[..., self.d_a:] + np.tanh(a)], -1)

    def inverse(self, x) -> np.ndarray:
        """:math:`g^{-1}(x)`."""
        x, a = self._split(x)
        return np.concatenate([x[..., : self.d_a], x[..., self.d_a:] - np.tanh(a)], -1)

    def jacobian(self, z) -> np.ndarray:
        """:math:`J = [[I, 0], [\\mathrm{diag}(1-\\tanh^2)W, I]]`, shape ``(..., d, d)``."""
        z, a = self._split(z)
        J = np.broadcast_to(np.eye(self.d), z.shape[:-1] + (self.d, self.d)).copy()
        J[..., self.d_a:, : self.d_a] = (1 - np.tanh(a) ** 2)[..., :, None] * self.W
        return J

    def hessian(self, z) -> np.ndarray:
        r""":math:`\partial_i\partial_j g_a`, shape ``(..., d, d, d)``; only :math:`a \ge d_a`, :math:`i, j < d_a` are nonzero."""
        z, a = self._split(z)
        th = np.tanh(a)
        H = np.zeros(z.shape[:-1] + (self.d, self.d, self.d))
        curv = -2 * th * (1 - th**2)  # tanh''
        H[..., self.d_a:, : self.d_a, : self.d_a] = curv[..., :, None, None] * self.W[:, :, None] * self.W[:, None, :]
        return H

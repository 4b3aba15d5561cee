r"""Sampling grids on S² and SO(3) with their quadrature weights.

Every S² grid is a set of iso-latitude *rings* (colatitude :math:`\theta_r`), each with
:math:`n_r` equispaced azimuths :math:`\phi_{rk} = \phi_{0,r} + 2\pi k/n_r`.  A map on a
grid is an array of shape ``grid.shape``: ``(n_theta, n_phi)`` for the equiangular and
Gauss–Legendre grids, ``(n_pix,)`` for HEALPix.  ``grid.weights`` (same shape) is a
quadrature rule, :math:`\int_{S^2} f\,d\Omega \approx \sum w\,f`.

Grids (``L = lmax + 1`` is the band-limit, degrees ``0..lmax``):

``"gl"``  Gauss–Legendre: :math:`\cos\theta_r` the ``L`` roots of :math:`P_L`, weights
          the Gauss weights; ``n_phi = 2 lmax + 2``.  Exact for polynomials of degree
          ``<= 2 lmax + 1`` in :math:`\cos\theta` (every product of two band-limited
          harmonics).
``"dh"``  Driscoll & Healy (1994), Theorem 3: :math:`\theta_j = \pi j/(2L)`,
          ``j = 0..2L-1`` (north pole included), ``n_phi = 2L``, weights
          :math:`w_j = \frac{2}{L}\sin\theta_j\sum_{k=0}^{L-1}\frac{\sin((2k+1)\theta_j)}{2k+1}`
          (the paper's :math:`a^{(L)}_j` with the :math:`\sqrt2` of its normalisation
          removed, so that :math:`\sum_j w_j = 2 = \int_0^\pi\sin\theta\,d\theta`); exact
          for degree ``< 2L`` in :math:`\cos\theta`.
``"mw"``  McEwen & Wiaux (2011), Eq. (8): :math:`\theta_t = \pi(2t+1)/(2L-1)`,
          ``t = 0..L-1`` (south pole included), ``n_phi = 2L - 1``.  The analysis is exact
          through the extension of each Fourier mode to the torus (see
          :mod:`gaugemath.transforms.s2`); ``weights`` integrate band-limit-``lmax``
          functions exactly (weights of the trigonometric interpolant, MW Eq. (12)), not
          products.
``"healpix"`` Górski et al. (2005): ``12 nside²`` equal-area pixels on ``4 nside - 1``
          rings, ``weights = 4π/n_pix`` (approximate quadrature), ring or nested order.

The SO(3) grid (:func:`so3_grid`): :math:`\alpha_i = 2\pi i/n`, :math:`\gamma_k = 2\pi k/n`
with ``n = 2 lmax + 2`` and :math:`\beta` at Gauss–Legendre nodes (``kind="gl"``, ``lmax+1``
nodes) or at the SOFT nodes :math:`\beta_j = \pi(2j+1)/(4L)`, ``j = 0..2L-1`` (Kostelec &
Rockmore 2008, Eq. (2.10) weights; ``kind="soft"``).  Maps on SO(3) have shape
``(n_alpha, n_beta, n_gamma)``, ZYZ Euler angles as in :func:`gaugemath.so3.from_euler`.
"""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
from scipy.special import roots_legendre

from .._validation import as_degree, check_choice

__all__ = ["S2Grid", "SO3Grid", "s2_grid", "so3_grid", "S2_KINDS", "SO3_KINDS"]

S2_KINDS = ("gl", "dh", "mw", "healpix")
SO3_KINDS = ("gl", "soft")


@dataclasses.dataclass(frozen=True, eq=False)
class S2Grid:
    """A ring grid on S² (see the module docstring for the kinds).

    Attributes
    ----------
    kind : ``"gl" | "dh" | "mw" | "healpix"``
    lmax : the largest degree the grid was built for (exact analysis up to it on
        gl/dh/mw; for HEALPix ``3 nside - 1`` by default, approximate).
    theta : (n_rings,) colatitudes of the rings, north to south.
    phi : (n_phi,) azimuths of a ring (uniform grids) or (n_pix,) per-pixel azimuths
        in map order (HEALPix).
    weights : quadrature weights, shape ``shape``.
    theta_weights : (n_rings,) the ring weights :math:`w_r` with
        :math:`\\int_0^\\pi g(\\theta)\\sin\\theta\\,d\\theta \\approx \\sum_r w_r g(\\theta_r)`.
    ring_start, ring_nphi, ring_phi0 : (n_rings,) ring offsets in ring-ordered maps,
        pixels per ring, azimuth of the first pixel.
    shape : shape of one map.
    nside, order : HEALPix resolution and ``"ring" | "nested"`` (``None`` otherwise).
    """

    kind: str
    lmax: int
    theta: np.ndarray
    phi: np.ndarray
    weights: np.ndarray
    theta_weights: np.ndarray
    ring_start: np.ndarray
    ring_nphi: np.ndarray
    ring_phi0: np.ndarray
    shape: tuple
    nside: int | None = None
    order: str | None = None

    @property
    def n_rings(self) -> int:
        return int(self.theta.shape[0])

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    @property
    def uniform(self) -> bool:
        """True when every ring has the same azimuths (map shape ``(n_theta, n_phi)``)."""
        return self.kind != "healpix"

    def angles(self) -> tuple[np.ndarray, np.ndarray]:
        """(theta, phi) of every sample, each of shape ``shape`` (map order)."""
        if self.uniform:
            th, ph = np.meshgrid(self.theta, self.phi, indexing="ij")
            return th, ph
        from .healpix import pix2ang

        return pix2ang(self.nside, np.arange(self.size), nest=(self.order == "nested"))

    def points(self) -> np.ndarray:
        """(n_pts, 3) unit vectors of the samples, flattened in map (C) order."""
        th, ph = self.angles()
        th, ph = th.ravel(), ph.ravel()
        st = np.sin(th)
        return np.stack([st * np.cos(ph), st * np.sin(ph), np.cos(th)], axis=-1)

    def ring_pairs(self):
        """(theta of the north member, north ring index, south ring index or -1) of the
        pairs of rings symmetric about the equator (unpaired rings have south = -1)."""
        return _ring_pairs(self.theta)

    def __repr__(self) -> str:
        extra = f", nside={self.nside}, order={self.order!r}" if self.kind == "healpix" else ""
        return f"S2Grid(kind={self.kind!r}, lmax={self.lmax}, shape={self.shape}{extra})"


def _ring_pairs(theta: np.ndarray):
    """Pairs (i, j) of rings with theta_i + theta_j = pi (i the northern one); rings
    without a mirror (poles, the equator, MW) are returned alone with south = -1."""
    n = theta.shape[0]
    order = np.argsort(theta)
    st = theta[order]
    north, south = [], []
    used = np.zeros(n, bool)
    for i in range(n):
        if used[i]:
            continue
        target = math.pi - theta[i]
        k = int(np.searchsorted(st, target))
        j = -1
        for kk in (k - 1, k, k + 1):
            if 0 <= kk < n and abs(st[kk] - target) < 1e-12 and order[kk] != i and not used[order[kk]]:
                j = int(order[kk])
                break
        used[i] = True
        if j >= 0 and theta[i] < theta[j]:
            used[j] = True
            north.append(i)
            south.append(j)
        elif j >= 0:
            used[j] = True
            north.append(j)
            south.append(i)
        else:
            north.append(i)
            south.append(-1)
    north = np.asarray(north, np.int64)
    return theta[north].copy(), north, np.asarray(south, np.int64)


@functools.lru_cache(maxsize=32)
def _gl_nodes(n: int):
    r"""Gauss–Legendre colatitudes (north first) and weights, refined in extended precision.

    ``scipy.special.roots_legendre`` (Golub–Welsch) leaves ~1e-14 errors that show up as
    ~5e-13 orthogonality defects at n = 129; three Newton steps in θ on P_n(cos θ) in
    ``numpy.longdouble`` (the three-term recurrence) and the weight formula
    :math:`w = 2\sin^2\theta / (n P_{n-1}(\cos\theta))^2` bring both to rounding."""
    x, _ = roots_legendre(n)
    theta = np.sort(np.arccos(np.clip(x, -1, 1))).astype(np.longdouble)
    for _ in range(3):
        c = np.cos(theta)
        p0 = np.ones_like(c)
        p1 = c.copy()
        for k in range(1, n):
            p0, p1 = p1, ((2 * k + 1) * c * p1 - k * p0) / (k + 1)
        if n == 0:
            break
        # dP_n/dθ = -sin θ P_n'(x) = -n (P_{n-1} - x P_n) / sin θ
        s = np.sin(theta)
        dp = -n * (p0 - c * p1) / s
        theta = theta - p1 / dp
    c = np.cos(theta)
    p0 = np.ones_like(c)
    p1 = c.copy()
    for k in range(1, n - 1):
        p0, p1 = p1, ((2 * k + 1) * c * p1 - k * p0) / (k + 1)
    pnm1 = p1 if n > 1 else np.ones_like(c)
    w = 2 * np.sin(theta) ** 2 / (n * pnm1) ** 2
    return theta.astype(np.float64), w.astype(np.float64)


def _dh_weights(L: int) -> tuple[np.ndarray, np.ndarray]:
    """Driscoll & Healy (1994) Theorem 3 nodes and weights (normalised to sum 2)."""
    j = np.arange(2 * L)
    theta = np.pi * j / (2 * L)
    k = np.arange(L)
    s = np.sin(np.outer(theta, 2 * k + 1)) / (2 * k + 1)
    w = (2.0 / L) * np.sin(theta) * s.sum(axis=1)
    return theta, w


def _mw_theta_weights(L: int) -> tuple[np.ndarray, np.ndarray]:
    """MW nodes and weights of the trigonometric interpolant (even extension to the torus).

    A band-limited scalar function's azimuthal mean g(θ) is a trigonometric polynomial of
    degree <= L-1 that is even about θ = π; it is fixed by its 2L-1 equispaced samples
    on [0, 2π) (MW Eq. (9)), of which the first L are the MW rings.  The weight of ring t
    is the integral :math:`\\int_0^\\pi c_t(\\theta)\\sin\\theta\\,d\\theta` of its cardinal
    function (the two mirror samples folded together)."""
    n = 2 * L - 1
    t = np.arange(n)
    theta_all = np.pi * (2 * t + 1) / n
    k = np.arange(-(L - 1), L)
    # I_k = \int_0^pi e^{ik θ} sin θ dθ
    ik = np.empty(k.shape, complex)
    for idx, kk in enumerate(k):
        if abs(kk) == 1:
            ik[idx] = 1j * math.pi / 2 * kk
        else:
            ik[idx] = (1 + (-1) ** abs(kk)) / (1 - kk * kk)
    # cardinal function of sample t: (1/n) sum_k e^{ik(θ - θ_t)}
    w_all = (np.exp(-1j * np.outer(theta_all, k)) @ ik).real / n
    w = w_all[:L].copy()
    w[: L - 1] += w_all[L:][::-1]  # mirror samples θ = 2π - θ_t fold onto ring t
    theta = theta_all[:L].copy()
    theta[-1] = np.pi  # the south pole exactly (π(2L-1)/(2L-1) rounds to π + 4e-16 for some L)
    return theta, w


def _uniform_grid(kind, lmax, theta, theta_weights, n_phi) -> S2Grid:
    n_theta = theta.shape[0]
    phi = 2 * np.pi * np.arange(n_phi) / n_phi
    weights = np.repeat((theta_weights * (2 * np.pi / n_phi))[:, None], n_phi, axis=1)
    return S2Grid(
        kind=kind,
        lmax=lmax,
        theta=theta,
        phi=phi,
        weights=weights,
        theta_weights=theta_weights,
        ring_start=np.arange(n_theta, dtype=np.int64) * n_phi,
        ring_nphi=np.full(n_theta, n_phi, np.int64),
        ring_phi0=np.zeros(n_theta),
        shape=(n_theta, n_phi),
    )


def s2_grid(lmax, kind: str = "gl", nside=None, order: str = "ring") -> S2Grid:
    """The grid of the given ``kind`` for band-limit ``lmax`` (see the module docstring).

    For ``kind="healpix"`` give ``nside`` (a power of two; ``lmax`` may be ``None``,
    then ``3 nside - 1``) and ``order="ring" | "nested"``.

    >>> g = s2_grid(7, "gl"); g.shape
    (8, 16)
    """
    check_choice(kind, "kind", S2_KINDS)
    if kind == "healpix":
        from .healpix import check_nside, healpix_rings

        if nside is None:
            raise ValueError("nside is required for kind='healpix' (a power of two >= 1)")
        nside = check_nside(nside)
        check_choice(order, "order", ("ring", "nested"))
        lmax = 3 * nside - 1 if lmax is None else as_degree(lmax, "lmax")
        theta, nphi, phi0, start = healpix_rings(nside)
        npix = 12 * nside * nside
        from .healpix import pix2ang

        _, phi = pix2ang(nside, np.arange(npix), nest=(order == "nested"))
        return S2Grid(
            kind="healpix",
            lmax=lmax,
            theta=theta,
            phi=phi,
            weights=np.full(npix, 4 * np.pi / npix),
            theta_weights=2.0 * nphi / npix,
            ring_start=start,
            ring_nphi=nphi,
            ring_phi0=phi0,
            shape=(npix,),
            nside=nside,
            order=order,
        )
    if nside is not None:
        raise ValueError(f"nside is only for kind='healpix', got kind={kind!r}")
    lmax = as_degree(lmax, "lmax")
    L = lmax + 1
    if kind == "gl":
        theta, w = _gl_nodes(L)
        return _uniform_grid("gl", lmax, theta.copy(), w.copy(), 2 * lmax + 2)
    if kind == "dh":
        theta, w = _dh_weights(L)
        return _uniform_grid("dh", lmax, theta, w, 2 * L)
    theta, w = _mw_theta_weights(L)
    return _uniform_grid("mw", lmax, theta, w, 2 * L - 1)


@dataclasses.dataclass(frozen=True, eq=False)
class SO3Grid:
    r"""Euler-angle grid on SO(3) (ZYZ, :math:`R = R_z(\alpha)R_y(\beta)R_z(\gamma)`).

    Maps have shape ``(n_alpha, n_beta, n_gamma)``; ``weights`` (same shape) integrate
    over SO(3) with :math:`dR = d\alpha\,\sin\beta\,d\beta\,d\gamma` (total :math:`8\pi^2`),
    exactly for products of two functions of band-limit ``lmax``."""

    kind: str
    lmax: int
    alpha: np.ndarray
    beta: np.ndarray
    gamma: np.ndarray
    beta_weights: np.ndarray
    weights: np.ndarray
    shape: tuple

    def euler(self):
        """(alpha, beta, gamma) arrays of shape ``shape`` (map order)."""
        return np.meshgrid(self.alpha, self.beta, self.gamma, indexing="ij")

    def __repr__(self) -> str:
        return f"SO3Grid(kind={self.kind!r}, lmax={self.lmax}, shape={self.shape})"


def so3_grid(lmax, kind: str = "gl") -> SO3Grid:
    """Euler grid for the SO(3) (Wigner) transform of band-limit ``lmax``.

    ``kind="gl"``: ``lmax+1`` Gauss–Legendre nodes in :math:`\\cos\\beta`; ``"soft"``:
    Kostelec–Rockmore nodes :math:`\\beta_j = \\pi(2j+1)/(4L)`, ``j < 2L``, with weights
    :math:`w_j = \\frac{2}{L}\\sin\\beta_j\\sum_{k<L}\\frac{\\sin((2k+1)\\beta_j)}{2k+1}`
    (KR 2008 Eq. (2.10) normalised to :math:`\\int_0^\\pi\\sin\\beta\\,d\\beta = 2`).
    ``alpha``, ``gamma``: ``2 lmax + 2`` equispaced angles from 0.
    """
    lmax = as_degree(lmax, "lmax")
    check_choice(kind, "kind", SO3_KINDS)
    L = lmax + 1
    if kind == "gl":
        beta, wb = _gl_nodes(L)
        beta, wb = beta.copy(), wb.copy()
    else:
        j = np.arange(2 * L)
        beta = np.pi * (2 * j + 1) / (4 * L)
        k = np.arange(L)
        wb = (2.0 / L) * np.sin(beta) * (np.sin(np.outer(beta, 2 * k + 1)) / (2 * k + 1)).sum(axis=1)
    n = 2 * lmax + 2
    ang = 2 * np.pi * np.arange(n) / n
    w = (2 * np.pi / n) ** 2 * wb
    weights = np.broadcast_to(w[None, :, None], (n, beta.shape[0], n)).copy()
    return SO3Grid(kind, lmax, ang, beta, ang.copy(), wb, weights, (n, beta.shape[0], n))

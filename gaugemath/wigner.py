r"""Wigner d and D matrices (complex and real basis), stable to high degree.

Convention GM-WIGNER (``docs/conventions.md`` §2), ``convention="gaugemath"``:

.. math::

    D^j_{m'm}(\alpha,\beta,\gamma) = e^{-im'\alpha}\, d^j_{m'm}(\beta)\, e^{-im\gamma},

the matrix of :math:`e^{-i\alpha J_z}e^{-i\beta J_y}e^{-i\gamma J_z}` on
:math:`|j\,m\rangle` (Condon–Shortley), with Wigner's small d
(Sakurai; :math:`d^1_{1,0}(\beta) = -\sin\beta/\sqrt2`).  Rows are
:math:`m' = -j..j`, columns :math:`m = -j..j`.  With the orthonormal
Condon–Shortley harmonics (``scipy.special.sph_harm_y``),

.. math::  Y_{\ell m}(R^{-1}x) = \sum_{m'} Y_{\ell m'}(x)\, D^\ell_{m'm}(R),

and :math:`D(R_1R_2) = D(R_1)D(R_2)`.  The **real basis** matrix is
:math:`D^{real}(R) = Q_\ell\,\overline{D^\ell(R)}\,Q_\ell^\dagger` (``Q`` from
:func:`gaugemath.real_basis.complex_to_real`); it is real orthogonal with
:math:`S_\ell(Rx) = D^{real}(R)\,S_\ell(x)`; for :math:`\ell=1` it is the rotation
matrix in the axis order ``(y, z, x)``.

Other presets (``convention=``): ``"e3nn"`` returns e3nn's real matrices,
:math:`D^{e3nn}(R) = D^{real}(PRP^T)` with :func:`gaugemath.conventions.e3nn_frame`;
``"spherical"`` returns moble's ``spherical.Wigner.D``, which is
:math:`\overline{D^j(R)}`; ``"scipy"`` is the default (scipy has no Wigner D).

Algorithms (:mod:`gaugemath._wigner_degree_kernels` on :mod:`gaugemath._wigner_kernels`):
one integer degree (``wigner_d``, ``wigner_D``) is computed at that degree only, in
:math:`O(\ell^2)` -- row :math:`m'=0` is an associated Legendre function, rows
:math:`m'=\pm1` follow from the :math:`J_x` relation and the rest of the wedge
:math:`|m'|\le m` from the :math:`J_y` recursion of Gumerov & Duraiswami
(arXiv:1403.7698, Eqs. 41, 50), so a loop over :math:`\ell` costs no more than one
all-degree call.  All degrees at once (``*_all``) take row :math:`m'=0` of every degree
from one Legendre sweep and then the same wedge per degree (:math:`O(L^3)` per rotation).
Half-integer :math:`j` uses the three-term recursion in the degree (Kostelec & Rockmore
2008, Eq. 3.2) from closed-form starting values computed in logarithms and scaled by
:math:`2^{800}`.  Entries are accurate to ~1e-14 absolute at
:math:`\ell = 1000`.  Small calls run serial kernels; the ``parallel=True`` kernels are
used above :data:`gaugemath._jit.PARALLEL_MIN_WORK`.  Outputs larger than ``max_bytes``
(default :data:`gaugemath._validation.MAX_BYTES`, 4 GiB) raise ``ValueError`` before
anything is allocated.  Rotations enter through the quaternion
components :math:`w+iz = \cos\frac\beta2 e^{i(\alpha+\gamma)/2}`,
:math:`y-ix = \sin\frac\beta2 e^{i(\alpha-\gamma)/2}`, so there is no gimbal lock;
for half-integer ``j`` the sign of the quaternion matters (SU(2)):
:math:`D^j(-q) = -D^j(q)`.
"""

from __future__ import annotations


import numpy as np

from . import _wigner_degree_kernels as _dk
from . import _wigner_kernels as _k
from ._jit import n_chunks, use_parallel
from ._validation import as_degree, as_real_array, as_spin, check_choice, check_size
from .conventions import check_convention, e3nn_frame
from .so3 import as_matrix, as_quaternion

__all__ = ["wigner_d", "wigner_D", "wigner_d_all", "wigner_D_all", "packed_index"]

BASES = ("complex", "real")


def packed_index(ell: int, mp: int, m: int) -> int:
    r"""Index of :math:`(\ell, m', m)` in the packed layout of the ``*_all`` kernels:
    :math:`\ell(4\ell^2-1)/3 + (m'+\ell)(2\ell+1) + (m+\ell)`."""
    return ell * (4 * ell * ell - 1) // 3 + (mp + ell) * (2 * ell + 1) + (m + ell)


def wigner_d(j, beta, *, max_bytes=None) -> np.ndarray:
    r"""Small Wigner matrix :math:`d^j(\beta)`, shape ``beta.shape + (2j+1, 2j+1)``.

    Parameters
    ----------
    j : int, Fraction or float
        Integer or half-integer degree ``>= 0`` (``1.5`` and ``Fraction(3, 2)`` both work).
    beta : float or array
        Angle(s) in radians (any real value; :math:`d(\beta)` is :math:`4\pi`-periodic
        for half-integer ``j``).
    max_bytes : int, optional
        Refuse (``ValueError``) an output larger than this; default 4 GiB.

    Returns
    -------
    ndarray of float64; rows :math:`m'=-j..j`, columns :math:`m=-j..j`;
    :math:`d^1_{1,0}(\beta) = -\sin\beta/\sqrt2` (see module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> bool(np.isclose(wigner_d(1, 0.3)[2, 1], -np.sin(0.3) / np.sqrt(2)))
    True
    """
    jj = as_spin(j, "j")
    b = as_real_array(beta, "beta")
    flat = b.reshape(-1)
    dim = int(2 * jj) + 1
    check_size(flat.size * dim * dim, 8, lambda: f"wigner_d(j={j}) of {flat.size} angle(s)", max_bytes)
    out = np.empty((flat.size, dim, dim))
    flat = np.ascontiguousarray(flat)
    if jj.denominator == 1:
        n = int(jj)
        ta, tb = _k.legendre_tables(n)
        c = _k.c_row(n)
        if use_parallel(flat.size * dim * dim):
            _dk.wigner_d_degree_parallel(n, flat, c, ta, tb, out, n_chunks(flat.size))
        else:
            _dk.wigner_d_degree(n, flat, c, ta, tb, out)
    else:
        _k.wigner_d_single(float(jj), flat, out)
    return out.reshape(b.shape + (dim, dim))


def wigner_d_all(L, beta, *, max_bytes=None) -> list[np.ndarray]:
    r"""All :math:`d^\ell(\beta)` for integer :math:`\ell \le L`: a list whose entry ``l`` has
    shape ``beta.shape + (2l+1, 2l+1)`` (views into one packed buffer)."""
    L = as_degree(L, "L")
    b = as_real_array(beta, "beta")
    flat = np.ascontiguousarray(b.reshape(-1))
    size = packed_index(L, L, L) + 1
    check_size(flat.size * size, 8, lambda: f"wigner_d_all(L={L}) of {flat.size} angle(s)", max_bytes)
    out = np.empty((flat.size, size))
    if use_parallel(flat.size * size):
        _dk.wigner_d_all_parallel(L, flat, _k.c_all(L), *_k.legendre_tables(L), out, n_chunks(flat.size))
    else:
        _dk.wigner_d_all(L, flat, _k.c_all(L), *_k.legendre_tables(L), out)
    return _unpack(out, L, b.shape)


def _unpack(packed: np.ndarray, L: int, shape: tuple) -> list[np.ndarray]:
    res = []
    for ell in range(L + 1):
        off = packed_index(ell, -ell, -ell)
        n = 2 * ell + 1
        res.append(packed[:, off : off + n * n].reshape(shape + (n, n)))
    return res


def _rotations(R, convention: str) -> np.ndarray:
    q = as_quaternion(R)
    if convention == "e3nn":
        P = e3nn_frame()
        q = as_quaternion(P @ as_matrix(q) @ P.T)
    return q


def _resolve_basis(basis, convention: str) -> str:
    if basis is None:
        return "real" if convention == "e3nn" else "complex"
    check_choice(basis, "basis", BASES)
    if convention == "e3nn" and basis != "real":
        raise ValueError("convention 'e3nn' has only real matrices: use basis='real' (or leave basis unset)")
    if convention == "spherical" and basis != "complex":
        raise ValueError("convention 'spherical' has only complex matrices: use basis='complex'")
    return basis


def _fixed_degree(n: int, flat: np.ndarray, *, real: bool) -> np.ndarray:
    """D^n of the unit quaternions ``flat`` (k, 4) at one integer degree n (the O(n²) wedge
    recursion, no restart from ℓ = 0), complex or directly in the real basis; serial kernel
    below the work threshold, parallel above it."""
    flat = np.ascontiguousarray(flat)
    dim = 2 * n + 1
    out = np.empty((flat.shape[0], dim, dim), dtype=float if real else np.complex128)
    ta, tb = _k.legendre_tables(n)
    c = _k.c_row(n)
    if use_parallel(flat.shape[0] * dim * dim):
        kernel = _dk.wigner_D_real_degree_parallel if real else _dk.wigner_D_degree_parallel
        kernel(n, flat, c, ta, tb, out, n_chunks(flat.shape[0]))
    else:
        (_dk.wigner_D_real_degree if real else _dk.wigner_D_degree)(n, flat, c, ta, tb, out)
    return out


def wigner_D(j, R, *, basis=None, convention: str = "gaugemath", max_bytes=None) -> np.ndarray:
    r"""Wigner D-matrix :math:`D^j(R)` of rotations ``R``.

    Parameters
    ----------
    j : int (or half-integer for ``basis="complex"``)
        Degree.  Half-integer ``j`` is the SU(2) representation: ``R`` must then be
        given as quaternions, and :math:`D^j(-q) = -D^j(q)`.
    R : quaternionic.array, array (..., 4) of unit quaternions (w, x, y, z), or (..., 3, 3)
        rotation matrices; active rotations.
    basis : {"complex", "real"}, optional
        Default ``"complex"`` (``"real"`` under ``convention="e3nn"``).
    convention : {"gaugemath", "e3nn", "spherical", "scipy"}
        See the module docstring and ``docs/conventions.md``.
    max_bytes : int, optional
        Refuse (``ValueError``) an output larger than this; default 4 GiB.

    Returns
    -------
    ndarray, shape ``R.shape[:-1] + (2j+1, 2j+1)`` (complex, or float for the real basis);
    rows :math:`m'=-j..j`, columns :math:`m=-j..j`.

    Notes
    -----
    Defining properties: :math:`D(R_1R_2)=D(R_1)D(R_2)`, unitarity, and
    :math:`Y_{\ell m}(R^{-1}x)=\sum_{m'}Y_{\ell m'}(x)D^\ell_{m'm}(R)`.
    Proof of the homomorphism for small degrees: ``proofs/``.
    """
    convention = check_convention(convention)
    basis = _resolve_basis(basis, convention)
    jj = as_spin(j, "j")
    if jj.denominator != 1:
        if basis == "real":
            raise ValueError(f"j must be an integer for basis='real', got {j!r}")
        if not (isinstance(R, np.ndarray) or hasattr(R, "ndarray")) or np.shape(R)[-2:] == (3, 3):
            raise TypeError("half-integer j needs R as quaternions (a matrix does not fix the SU(2) sign)")
    q = _rotations(R, convention)
    shape = q.shape[:-1]
    flat = q.reshape(-1, 4)
    dim = int(2 * jj) + 1
    check_size(flat.shape[0] * dim * dim, 16, lambda: f"wigner_D(j={j}) of {flat.shape[0]} rotation(s)", max_bytes)
    if basis == "real":  # directly in the real basis, no complex intermediate
        return _fixed_degree(int(jj), flat, real=True).reshape(shape + (dim, dim))
    if jj.denominator == 1:
        out = _fixed_degree(int(jj), flat, real=False)
    else:
        out = np.empty((flat.shape[0], dim, dim), dtype=np.complex128)
        _k.wigner_D_single_from_quaternions(float(jj), flat, out)
    out = out.reshape(shape + (dim, dim))
    if convention == "spherical":
        return out.conj()
    return out


def wigner_D_all(L, R, *, basis=None, convention: str = "gaugemath", max_bytes=None) -> list[np.ndarray]:
    r"""All :math:`D^\ell(R)` for :math:`\ell \le L` in one pass (same conventions as
    :func:`wigner_D`).  Returns a list whose entry ``l`` has shape
    ``R.shape[:-1] + (2l+1, 2l+1)``; the entries are views into one packed buffer of
    layout :func:`packed_index` (complex, or float for the real basis)."""
    convention = check_convention(convention)
    basis = _resolve_basis(basis, convention)
    L = as_degree(L, "L")
    q = _rotations(R, convention)
    shape = q.shape[:-1]
    flat = np.ascontiguousarray(q.reshape(-1, 4))
    size = packed_index(L, L, L) + 1
    real = basis == "real"
    check_size(flat.shape[0] * size, 8 if real else 16, lambda: f"wigner_D_all(L={L}) of {flat.shape[0]} rotation(s)", max_bytes)
    out = np.empty((flat.shape[0], size), dtype=np.float64 if real else np.complex128)
    tabs = (_k.c_all(L), *_k.legendre_tables(L))
    par = use_parallel(flat.shape[0] * size)
    if real:  # directly in the real basis (closed form of Q conj(D) Q^dagger), as wigner_D
        if par:
            _dk.wigner_D_all_real_parallel(L, flat, *tabs, out, n_chunks(flat.shape[0]))
        else:
            _dk.wigner_D_all_real(L, flat, *tabs, out)
    elif par:
        _dk.wigner_D_all_parallel(L, flat, *tabs, out, n_chunks(flat.shape[0]))
    else:
        _dk.wigner_D_all_from_quaternions(L, flat, *tabs, out)
    mats = _unpack(out, L, shape)
    if convention == "spherical":
        return [m.conj() for m in mats]
    return mats

r"""Change of basis between complex and real spherical harmonics.

Convention GM-BASIS-REAL (used everywhere in gaugemath; see ``docs/conventions.md``):

.. math::

    S_{\ell m} = \begin{cases}
      \sqrt2\,(-1)^m\,\operatorname{Re} Y_\ell^{m}   & m > 0,\\
      Y_\ell^0                                        & m = 0,\\
      \sqrt2\,(-1)^m\,\operatorname{Im} Y_\ell^{|m|} & m < 0,
    \end{cases}

with :math:`Y_\ell^m` the orthonormal complex harmonics with the Condon–Shortley
phase.  For :math:`\ell = 1` the real basis in the order :math:`m=-1,0,1` is
:math:`\sqrt{3/4\pi}\,(y, z, x)`.  As a matrix, :math:`S_\ell = Q_\ell Y_\ell` with
the unitary :math:`Q_\ell` returned by :func:`complex_to_real`:

* row :math:`m>0`:  :math:`Q_{m,m} = (-1)^m/\sqrt2`, :math:`Q_{m,-m} = 1/\sqrt2`;
* row :math:`m=0`:  :math:`Q_{0,0} = 1`;
* row :math:`m<0`, :math:`\mu=|m|`: :math:`Q_{m,-\mu} = i/\sqrt2`,
  :math:`Q_{m,\mu} = -i(-1)^\mu/\sqrt2`.

(This uses :math:`\overline{Y_\ell^m} = (-1)^m Y_\ell^{-m}`.)  Rows and columns are
indexed :math:`m=-\ell,\dots,\ell`.  Reference: Blanco, Flórez & Bermejo,
J. Mol. Struct. THEOCHEM 419 (1997) 19, Eq. (19) (up to their row order).
"""

from __future__ import annotations

import functools

import numpy as np

from ._validation import as_degree

__all__ = ["complex_to_real", "real_to_complex"]


@functools.lru_cache(maxsize=None)
def _complex_to_real(ell: int) -> np.ndarray:
    q = np.zeros((2 * ell + 1, 2 * ell + 1), dtype=np.complex128)
    s = 1.0 / np.sqrt(2.0)
    q[ell, ell] = 1.0
    for mu in range(1, ell + 1):
        sign = (-1.0) ** mu
        q[ell + mu, ell + mu] = sign * s
        q[ell + mu, ell - mu] = s
        q[ell - mu, ell - mu] = 1j * s
        q[ell - mu, ell + mu] = -1j * sign * s
    q.setflags(write=False)
    return q


def complex_to_real(ell) -> np.ndarray:
    r"""Unitary :math:`Q_\ell` with :math:`S_\ell = Q_\ell Y_\ell` (see module docstring).

    Returns a new ``(2ell+1, 2ell+1)`` complex array, rows = real index ``m``,
    columns = complex index ``m``, both ordered ``-ell..ell``.
    """
    return _complex_to_real(as_degree(ell, "ell")).copy()


def real_to_complex(ell) -> np.ndarray:
    r""":math:`Q_\ell^\dagger`, so that :math:`Y_\ell = Q_\ell^\dagger S_\ell`."""
    return _complex_to_real(as_degree(ell, "ell")).conj().T.copy()

"""Input checks shared by the public API.

Every public function validates its arguments here and raises ``TypeError`` (wrong
kind of object) or ``ValueError`` (right kind, wrong value) with a message that
names the argument and the allowed range.  Kernels never validate.
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import numpy as np

__all__ = [
    "check_size",
    "MAX_BYTES",
    "as_degree",
    "as_spin",
    "check_order",
    "check_choice",
    "as_real_array",
]


def _is_bool(x) -> bool:
    return isinstance(x, (bool, np.bool_))


def as_spin(j, name: str = "j", *, allow_half: bool = True) -> Fraction:
    """Return ``j`` as a non-negative :class:`~fractions.Fraction` with ``2j`` integral.

    Accepts ``int``, NumPy integers, ``Fraction``, and floats that are exact
    (half-)integers (e.g. ``1.5``).  With ``allow_half=False`` only integers pass.
    """
    value = _as_half_integer(j, name, allow_half=allow_half)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {j!r}")
    return value


def _as_half_integer(j, name: str, *, allow_half: bool) -> Fraction:
    kind = "an integer" if not allow_half else "an integer or half-integer"
    if _is_bool(j) or not isinstance(j, (numbers.Real, Fraction)):
        raise TypeError(f"{name} must be {kind}, got {type(j).__name__} {j!r}")
    if isinstance(j, numbers.Integral):
        return Fraction(int(j))
    if isinstance(j, Fraction):
        value = j
    else:
        fj = float(j)
        if not np.isfinite(fj):
            raise ValueError(f"{name} must be {kind}, got {j!r}")
        if 2 * fj != round(2 * fj):
            raise ValueError(f"{name} must be {kind}, got {j!r}")
        value = Fraction(round(2 * fj), 2)
    if value.denominator not in (1, 2) or (not allow_half and value.denominator != 1):
        raise ValueError(f"{name} must be {kind}, got {j!r}")
    return value


def as_degree(ell, name: str = "ell") -> int:
    """Return ``ell`` as a Python ``int >= 0``; half-integers and negatives raise."""
    return int(as_spin(ell, name, allow_half=False))


def as_half_integer(m, name: str = "m", *, allow_half: bool = True) -> Fraction:
    """Return a signed (half-)integer quantum number ``m`` as a ``Fraction``."""
    return _as_half_integer(m, name, allow_half=allow_half)


def check_order(m, j, name: str = "m", jname: str = "j") -> Fraction:
    """Check ``m`` is a (half-)integer with ``|m| <= j`` and ``j - m`` integral."""
    jj = Fraction(j)
    mm = _as_half_integer(m, name, allow_half=True)
    if abs(mm) > jj:
        raise ValueError(f"{name} must satisfy -{jname} <= {name} <= {jname} ({jname}={jj}), got {m!r}")
    if (jj - mm).denominator != 1:
        raise ValueError(f"{jname} - {name} must be an integer ({jname}={jj}), got {name}={m!r}")
    return mm


def check_choice(value, name: str, allowed) -> str:
    """Check that ``value`` is one of the strings in ``allowed``."""
    allowed = tuple(allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {allowed}, got {type(value).__name__} {value!r}")
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; allowed: {', '.join(map(repr, allowed))}")
    return value


def as_real_array(x, name: str, *, allow_nan: bool = False) -> np.ndarray:
    """Convert ``x`` to a float64 array; NaN/inf raise ``ValueError`` unless allowed.

    Complex input raises ``TypeError`` (NumPy would drop the imaginary part with only a
    ``ComplexWarning``), as do strings, ``None`` and object arrays that are not numbers."""
    if isinstance(x, str) or x is None:
        raise TypeError(f"{name} must be a real number or array, got {type(x).__name__}")
    if np.iscomplexobj(x) or isinstance(x, complex):
        raise TypeError(f"{name} must be real, got a complex {type(x).__name__} (dtype {np.asarray(x).dtype})")
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a real number or array: {exc}") from None
    if not allow_nan and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


#: Largest output a single call may allocate (bytes) unless a function's ``max_bytes`` says
#: otherwise: 4 GiB (``wigner_d(16383, beta)`` fits; ``wigner_d(20000, beta)`` needs 6.4 GB).
MAX_BYTES = 4 * 2**30


def check_size(n_items: int, itemsize: int, what, max_bytes=None) -> None:
    """Refuse to allocate ``n_items * itemsize`` bytes above ``max_bytes`` (default
    :data:`MAX_BYTES`) with a ``ValueError`` that says what was asked and how to raise the limit.
    ``what`` is a string or a zero-argument callable returning one (formatted only on failure)."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    need = int(n_items) * int(itemsize)
    if need > limit:
        what = what() if callable(what) else what
        raise ValueError(
            f"{what} needs {need / 2**30:.1f} GiB (limit max_bytes={limit / 2**30:.1f} GiB); "
            "use a smaller degree or batch, or pass a larger max_bytes"
        )

"""Input validation helpers: accepted forms and the wording of the errors."""

from fractions import Fraction

import numpy as np
import pytest

from gaugemath._validation import as_degree, as_real_array, as_spin, check_choice, check_order
from gaugemath.conventions import CONVENTIONS, check_convention


@pytest.mark.parametrize("j,expected", [(0, 0), (3, 3), (np.int64(4), 4), (1.5, Fraction(3, 2)), (Fraction(5, 2), Fraction(5, 2)), (2.0, 2)])
def test_as_spin_accepts(j, expected):
    assert as_spin(j) == expected


@pytest.mark.parametrize("j,exc", [(-1, ValueError), (0.3, ValueError), (Fraction(1, 3), ValueError), (True, TypeError), ("1", TypeError), (float("nan"), ValueError), (None, TypeError)])
def test_as_spin_rejects(j, exc):
    with pytest.raises(exc, match="j"):
        as_spin(j)


def test_as_degree_rejects_half_integers():
    assert as_degree(5) == 5
    with pytest.raises(ValueError, match="ell must be an integer"):
        as_degree(2.5)


def test_check_order():
    assert check_order(-1, 2) == -1
    assert check_order(0.5, Fraction(3, 2)) == Fraction(1, 2)
    with pytest.raises(ValueError, match=r"-j <= m <= j"):
        check_order(3, 2)
    with pytest.raises(ValueError, match="integer"):
        check_order(0.5, 2)


def test_choices_and_conventions():
    assert check_choice("real", "basis", ("complex", "real")) == "real"
    with pytest.raises(ValueError, match="unknown basis 'cartesian'"):
        check_choice("cartesian", "basis", ("complex", "real"))
    with pytest.raises(TypeError, match="basis"):
        check_choice(1, "basis", ("complex", "real"))
    for name in CONVENTIONS:
        assert check_convention(name) == name
    with pytest.raises(ValueError, match="convention"):
        check_convention("Edmonds")


def test_real_array_rejects_nan():
    assert as_real_array([1, 2], "x").dtype == np.float64
    with pytest.raises(ValueError, match="theta contains NaN"):
        as_real_array([0.1, np.nan], "theta")
    with pytest.raises(TypeError, match="theta"):
        as_real_array("abc", "theta")


def test_complex_input_is_refused_naming_the_argument():
    from gaugemath._validation import as_real_array

    with pytest.raises(TypeError, match="beta must be real"):
        as_real_array(np.array([1.0 + 0.0j]), "beta")
    with pytest.raises(TypeError, match="x must be real"):
        as_real_array(1j, "x")
    assert as_real_array([1, 2], "x").dtype == np.float64


def test_check_size_names_the_request_and_the_limit():
    from gaugemath._validation import MAX_BYTES, check_size

    check_size(MAX_BYTES // 8, 8, "ok")
    with pytest.raises(ValueError, match=r"big thing needs 8\.0 GiB \(limit max_bytes=4\.0 GiB\)"):
        check_size(2**30, 8, lambda: "big thing")
    with pytest.raises(ValueError, match="max_bytes"):
        check_size(10, 8, "tiny", max_bytes=79)

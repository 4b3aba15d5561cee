"""The reference signatures of docs/representations.md (mirrored by the exact side): names, argument
order and defaults are part of the API."""

import inspect

import pytest

from gaugemath import reps

SIGNATURES = {
    "so2_irrep": "(group, k, basis='complex')",
    "o2_irrep": "(group, k, sign=1)",
    "so3_irrep": "(group, ell, basis='real')",
    "o3_irrep": "(group, ell, parity, basis='real')",
    "su2_irrep": "(group, j)",
    "trivial": "(group, dim=1)",
    "direct_sum": "(*reps)",
    "tensor_product": "(rho1, rho2)",
    "dual": "(rho)",
    "change_basis": "(rho, Q, name=None)",
    "restrict": "(rho, subgroup, embedding=None)",
    "character_inner_product": "(rho1, rho2)",
    "irreps": "(group)",
}


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_reference_signature(name):
    sig = inspect.signature(getattr(reps, name))
    plain = sig.replace(parameters=[p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()],
                        return_annotation=inspect.Signature.empty)
    assert str(plain) == SIGNATURES[name]

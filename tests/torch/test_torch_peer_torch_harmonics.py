"""The S² transform against torch-harmonics (the peer of the benchmark), where it imports.

torch-harmonics is in the ``[bench]`` extra, not in ``[torch]``: its wheels are built against one
torch release and pull a CUDA build of torch from PyPI, so the torch test command cannot carry it
(docs/conventions.md §7).  Mapping: on the Gauss–Legendre grid (``s2_grid(L, "gl")``: L+1 rings,
2L+2 azimuths) ``torch_harmonics.RealSHT(L+1, 2L+2, lmax=L+1, mmax=L+1, grid="legendre-gauss")``
returns, for a real map, the orthonormal Condon–Shortley coefficients ``c[ℓ, m]`` for m ≥ 0 — the
same numbers as ``s2_analysis`` at index ℓ²+ℓ+m; negative m follow from c_ℓ,−m = (−1)^m conj(c_ℓm).
"""

import numpy as np
import pytest

pytestmark = [pytest.mark.torch, pytest.mark.peer]
torch = pytest.importorskip("torch")


def _torch_harmonics():
    try:
        import torch_harmonics
    except Exception as exc:  # noqa: BLE001 - an ABI mismatch raises OSError/ImportError
        pytest.skip(f"torch-harmonics not importable (pip install 'gaugemath[bench]'): {exc!r}")
    return torch_harmonics


@pytest.mark.parametrize("lmax", [3, 8])
def test_realsht_equals_s2_analysis_for_m_nonnegative(lmax):
    th = _torch_harmonics()
    from gaugemath.transforms import s2_analysis, s2_grid

    rng = np.random.default_rng(lmax)
    g = s2_grid(lmax, "gl")
    f = rng.normal(size=g.shape)
    ours = s2_analysis(f, lmax, g)
    sht = th.RealSHT(g.shape[0], g.shape[1], lmax=lmax + 1, mmax=lmax + 1, grid="legendre-gauss").double()
    peer = sht(torch.from_numpy(f)).numpy()  # (ℓ, m >= 0)
    ell, m = np.tril_indices(lmax + 1)
    np.testing.assert_allclose(peer[ell, m], ours[ell * ell + ell + m], rtol=0, atol=1e-12)
    assert np.abs(peer[np.triu_indices(lmax + 1, 1)]).max() == 0  # m > ℓ is not a coefficient

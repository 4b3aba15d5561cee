"""The array-namespace Legendre step (``backend="xp"``, gaugemath.transforms._legendre_xp) on NumPy.

This is the code that runs on the GPU with xp = cupy (no GPU here), reached through the
public API with ``backend="xp"``: it is compared with the Numba path (an independent
implementation of the same conventions), with the core's spin-weighted harmonics and
Wigner d (independent formulas), and checked for round trips and for the extended-range
scaling at L = 1024.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gaugemath
from gaugemath import so3 as so3_group
from gaugemath.transforms import (
    n_so3_coefficients,
    s2_analysis,
    s2_grid,
    s2_synthesis,
    so3_analysis,
    so3_grid,
    so3_synthesis,
)
from gaugemath.transforms import _legendre_xp as _xp
from gaugemath.transforms import backend as B

TOL = dict(rtol=1e-12, atol=1e-12)


def _grid(kind, lmax, order="ring"):
    if kind == "healpix":
        return s2_grid(lmax, "healpix", nside=4, order=order)
    return s2_grid(lmax, kind)


def _coeffs(rng, lead, lmax, spin=0):
    n = (lmax + 1) ** 2
    c = rng.standard_normal(lead + (n,)) + 1j * rng.standard_normal(lead + (n,))
    ell = np.repeat(np.arange(lmax + 1), 2 * np.arange(lmax + 1) + 1)
    c[..., ell < abs(spin)] = 0.0
    return c


def _close(a, b, rtol=1e-12):
    """|a - b| <= rtol · max|b| elementwise (relative to the array's scale)."""
    np.testing.assert_allclose(a, b, rtol=0, atol=rtol * float(np.abs(b).max()))


@pytest.mark.parametrize("kind", ["gl", "dh", "mw", "healpix"])
@pytest.mark.parametrize("spin", [0, 1, -1, 2])
def test_complex_equals_numba_path(kind, spin, rng):
    lmax = 9
    g = _grid(kind, lmax)
    c = _coeffs(rng, (2, 3), lmax, spin)
    f_ref = s2_synthesis(c, lmax, g, spin=spin, backend="numba")
    f = s2_synthesis(c, lmax, g, spin=spin, backend="xp")
    assert f.shape == f_ref.shape == (2, 3) + tuple(g.shape)
    _close(f, f_ref)
    a_ref = s2_analysis(f_ref, lmax, g, spin=spin, backend="numba")
    a = s2_analysis(f_ref, lmax, g, spin=spin, backend="xp")
    assert a.shape == c.shape
    _close(a, a_ref)
    if kind != "healpix":  # exact grids: the analysis inverts the synthesis
        np.testing.assert_allclose(a, c, **TOL)


@pytest.mark.parametrize("kind", ["gl", "dh", "mw", "healpix"])
def test_real_equals_numba_path(kind, rng):
    lmax = 10
    g = _grid(kind, lmax)
    r = rng.standard_normal((3, (lmax + 1) ** 2))
    f_ref = s2_synthesis(r, lmax, g, real=True, backend="numba")
    f = s2_synthesis(r, lmax, g, real=True, backend="xp")
    assert f.dtype.kind == "f" and f.shape == f_ref.shape
    _close(f, f_ref)
    a = s2_analysis(f_ref, lmax, g, real=True, backend="xp")
    assert a.dtype.kind == "f"
    _close(a, s2_analysis(f_ref, lmax, g, real=True, backend="numba"))
    if kind != "healpix":
        np.testing.assert_allclose(a, r, **TOL)


@pytest.mark.parametrize("n_iter", [0, 3])
@pytest.mark.parametrize("order", ["ring", "nested"])
def test_healpix_iterations_and_order(order, n_iter, rng):
    lmax = 11
    g = _grid("healpix", lmax, order)
    f = rng.standard_normal(g.shape) + 1j * rng.standard_normal(g.shape)  # not band-limited
    a_ref = s2_analysis(f, lmax, g, spin=1, n_iter=n_iter, backend="numba")
    _close(s2_analysis(f, lmax, g, spin=1, n_iter=n_iter, backend="xp"), a_ref)
    c = _coeffs(rng, (), lmax)
    _close(s2_synthesis(c, lmax, g, backend="xp"), s2_synthesis(c, lmax, g, backend="numba"))


@pytest.mark.parametrize("spin", [0, -2, 3])
def test_synthesis_equals_core_harmonics(spin, rng):
    """Independent source: the direct sum with gaugemath.spherical_harmonics(spin=s), and a
    grid built for a larger lmax than the transform's."""
    lmax = 8
    g = s2_grid(11, "dh")
    c = _coeffs(rng, (), lmax, spin)
    th, ph = g.angles()
    Y = gaugemath.spherical_harmonics(lmax, th, ph, spin=spin)
    _close(s2_synthesis(c, lmax, g, spin=spin, backend="xp"), Y @ c, rtol=1e-13)


def test_round_trip_gl_256(rng):
    lmax = 256
    g = s2_grid(lmax, "gl")
    c = _coeffs(rng, (), lmax)
    back = s2_analysis(s2_synthesis(c, lmax, g, backend="xp"), lmax, g, backend="xp")
    np.testing.assert_allclose(back, c, rtol=0, atol=1e-11)


@pytest.mark.parametrize(
    "spin, orders", [(0, [0, 1, 300, 700, 1000, 1024]), (2, [1024, 600, 3, 900])]
)
def test_l1024_selected_orders_no_overflow(spin, orders, rng):
    """Degree 1024 on GL, orders whose values start far below the double range near the
    poles (e.g. sin^600(θ/2)) and grow into it: finite, and equal to the Numba path."""
    lmax = 1024
    g = s2_grid(lmax, "gl")
    ell = np.repeat(np.arange(lmax + 1), 2 * np.arange(lmax + 1) + 1)
    m = np.concatenate([np.arange(-l, l + 1) for l in range(lmax + 1)])
    sel = np.isin(np.abs(m), orders) & (ell >= abs(spin))
    c = np.zeros((lmax + 1) ** 2, complex)
    c[sel] = rng.standard_normal(sel.sum()) + 1j * rng.standard_normal(sel.sum())
    Fref = _ring_data_numba(c, lmax, spin, g.theta)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        F = _xp.s2_synthesis(np, c[None], lmax, spin, False, g.theta, orders=orders)
        G = Fref * (2 * np.pi * g.theta_weights)[None, :, None]
        a = _xp.s2_analysis(np, G, lmax, spin, False, g.theta, orders=orders)
    assert np.all(np.isfinite(F)) and np.all(np.isfinite(a))
    _close(F, Fref, rtol=1e-11)
    np.testing.assert_allclose(a[0], c, rtol=0, atol=1e-10)


def _ring_data_numba(c, lmax, spin, theta):
    from gaugemath.transforms import _legendre_numba

    return _legendre_numba.s2_synthesis(np, c[None], lmax, spin, False, theta)


@settings(max_examples=25, deadline=None)
@given(
    m=st.integers(-40, 40),
    mp=st.integers(-40, 40),
    theta=st.one_of(st.floats(1e-4, 0.05), st.floats(0.05, np.pi / 2), st.just(0.0)),
)
def test_recursion_equals_core_wigner_d(m, mp, theta):
    """λ_ℓ = √((2ℓ+1)/4π) d^ℓ_{m m'}(θ) from the blocked recursion (tiny θ and large orders
    exercise the 2^600 exponent carrying; θ = 0 the exact zeros) against the core's d."""
    lmax = 48
    plan = _xp._Plan(lmax, np.array([m]), np.array([mp]), (), 1)
    tt, logc, logs, _, _ = _xp._geometry(np, np.array([theta]))  # noqa: SLF001
    lam = np.zeros(lmax + 1)
    for la, lb, n, Lam, S in _xp._wigner_blocks(np, plan, tt, logc, logs, block_elements=7):
        lam[la:lb] = Lam[0, :, 0] * S[:, 0]
    for ell in range(lmax + 1):
        if ell < max(abs(m), abs(mp)):
            assert lam[ell] == 0.0
            continue
        ref = np.sqrt((2 * ell + 1) / (4 * np.pi)) * gaugemath.wigner_d(ell, theta)[m + ell, mp + ell]
        assert abs(lam[ell] - ref) <= 1e-12 * max(1.0, abs(ref)) + 1e-300


@pytest.mark.parametrize("kind", ["gl", "soft"])
def test_so3_equals_numba_path(kind, rng):
    lmax = 7
    g = so3_grid(lmax, kind)
    n = n_so3_coefficients(lmax)
    c = rng.standard_normal((2, n)) + 1j * rng.standard_normal((2, n))
    F_ref = so3_synthesis(c, lmax, g, backend="numba")
    F = so3_synthesis(c, lmax, g, backend="xp")
    assert F.shape == (2,) + tuple(g.shape)
    _close(F, F_ref)
    a = so3_analysis(F_ref, lmax, g, backend="xp")
    _close(a, so3_analysis(F_ref, lmax, g, backend="numba"))
    np.testing.assert_allclose(a, c, **TOL)


def test_so3_synthesis_equals_wigner_D_sum(rng):
    """Independent source: F(R) = Σ F̂^ℓ_{m'm} D^ℓ_{m'm}(R) with the core's wigner_D at a few grid points."""
    lmax = 3
    g = so3_grid(lmax, "soft")
    n = n_so3_coefficients(lmax)
    c = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    F = so3_synthesis(c, lmax, g, backend="xp")
    for i, j, k in [(0, 0, 0), (1, 2, 3), (7, 5, 2)]:
        R = so3_group.from_euler(g.alpha[i], g.beta[j], g.gamma[k])
        val, off = 0.0, 0
        for ell in range(lmax + 1):
            D = gaugemath.wigner_D(ell, R)
            val += np.sum(c[off : off + (2 * ell + 1) ** 2].reshape(2 * ell + 1, 2 * ell + 1) * D)
            off += (2 * ell + 1) ** 2
        np.testing.assert_allclose(F[i, j, k], val, rtol=1e-12, atol=1e-12)


def test_backend_table():
    """The one table: names -> (pipeline namespace, Legendre step, output namespace)."""
    x = np.zeros(3)
    assert B.resolve(x) == B.Backend(np, "numba", np)
    assert B.resolve(x, backend="numba") == B.Backend(np, "numba", np)
    assert B.resolve(x, backend="numpy") == B.Backend(np, "numba", np)
    assert B.resolve([1.0, 2.0], backend="xp") == B.Backend(np, "xp", np)
    assert B.resolve(x, backend="xp").impl is _xp
    assert set(B.LEGENDRE) == {"numba", "xp"}
    with pytest.raises(ValueError, match="backend must be"):
        B.resolve(x, backend="jax")
    if not B.cupy_available():
        with pytest.raises(ValueError, match="CuPy"):
            B.resolve(x, backend="cupy")


def test_no_import_cycle():
    """Nothing in gaugemath.transforms imports a module that imports it back: the modules
    form layers (backend, grids, healpix) < _rings < _legendre_* < s2/so3."""
    import ast
    import pathlib

    root = pathlib.Path(gaugemath.transforms.__file__).parent
    deps = {}
    for path in root.glob("*.py"):
        mods = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    mods.add(node.module.split(".")[0])
                else:
                    mods.update(a.name for a in node.names)
        deps[path.stem] = {m for m in mods if (root / f"{m}.py").exists()}

    def reaches(a, target, seen=()):
        return any(b == target or (b not in seen and reaches(b, target, seen + (b,))) for b in deps.get(a, ()))

    cycles = [m for m in deps if m != "__init__" and reaches(m, m)]
    assert cycles == []
    assert not (root / "_cupy.py").exists() and not (root / "_xp.py").exists()


def test_block_size_does_not_change_results(rng):
    lmax = 12
    g = s2_grid(lmax, "gl")
    c = _coeffs(rng, (), lmax, 2)
    a = _xp.s2_synthesis(np, c[None], lmax, 2, False, g.theta, block_elements=1)
    b = _xp.s2_synthesis(np, c[None], lmax, 2, False, g.theta, block_elements=2**30)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-13)


@pytest.mark.parametrize("lmax", [6, 23])
def test_mw_south_pole_rounding_above_pi(lmax, rng):
    """Regression: for these lmax the MW south-pole ring rounds to π + 4e-16; its mirror
    position must be θ = 0, not a negative angle (log sin < 0 gave NaN in the Numba path)."""
    g = s2_grid(lmax, "mw")
    assert g.theta[-1] >= np.pi
    c = _coeffs(rng, (), lmax, 1)
    f_ref = s2_synthesis(c, lmax, g, spin=1, backend="numba")
    assert np.all(np.isfinite(f_ref))
    _close(s2_synthesis(c, lmax, g, spin=1, backend="xp"), f_ref)


@pytest.mark.parametrize("kind, lmax", [("gl", 64), ("healpix", 47), ("dh", 40)])
@pytest.mark.parametrize("real", [True, False])
def test_spin0_chunks_equal_one_block(kind, lmax, real, rng):
    """Spin 0 runs the orders in chunks, each on its live rings only; tiny chunks (many
    chunks, ring starts > 0) give the one-chunk result (every ring, no skipping) to 1e-13."""
    g = s2_grid(lmax, "healpix", nside=16) if kind == "healpix" else s2_grid(lmax, kind)
    c = _coeffs(rng, (2,), lmax)
    if real:
        c[..., :] = c.real
    kw = dict(block_elements=64)
    a = _xp.s2_synthesis(np, c, lmax, 0, real, g.theta, chunk_elements=256, **kw)
    b = _xp.s2_synthesis(np, c, lmax, 0, real, g.theta, chunk_elements=2**40, **kw)
    _close(a, b, rtol=1e-13)
    G = b * rng.standard_normal(g.theta.shape)[None, :, None]
    a = _xp.s2_analysis(np, G, lmax, 0, real, g.theta, chunk_elements=256, **kw)
    b = _xp.s2_analysis(np, G, lmax, 0, real, g.theta, chunk_elements=2**40, **kw)
    _close(a, b, rtol=1e-13)


def test_live_ring_start_is_conservative():
    """The rings skipped for a chunk starting at order m_a carry |λ_ℓm| < 2^-150 for every
    order m >= m_a and every ℓ <= lmax (checked against the full recursion over all orders
    and rings), and skipping does happen (the check is not vacuous)."""
    lmax = 160
    g = s2_grid(lmax, "gl")
    tt, logc, logs, _, _ = _xp._geometry(np, g.theta)  # noqa: SLF001
    starts = tuple(range(0, lmax + 1, 20))
    r0 = _xp._live_ring_start(tt.tobytes(), logc.tobytes(), logs.tobytes(), lmax, starts)
    plan = _xp._s2_plan(lmax, 0, True)
    big = np.zeros((lmax + 1, tt.size))
    for _la, _lb, n, Lam, S in _xp._wigner_blocks(np, plan, tt, logc, logs):
        big[:n] = np.maximum(big[:n], np.abs(Lam * S.T[:, :, None]).max(axis=1))
    assert max(r0.values()) > 0
    for m_a, r in r0.items():
        assert np.all(big[m_a:, :r] < _xp.LIVE), m_a
        if r < tt.size:
            assert big[m_a, r] >= _xp.LIVE


def test_device_namespaces_get_unchunked_sizes():
    """On an accelerator each array pass is a kernel launch: CuPy gets one chunk of all orders and
    64-degree blocks (test_spin0_chunks_equal_one_block / test_block_size_does_not_change_results
    show the sizes do not change the numbers); NumPy keeps the cache-sized CPU defaults."""
    import types

    assert _xp._sizes(np, None, None) == (_xp.DEFAULT_BLOCK_ELEMENTS, _xp.DEFAULT_CHUNK_ELEMENTS)
    fake_cupy = types.SimpleNamespace(__name__="cupy")
    assert _xp._sizes(fake_cupy, None, None) == (_xp.DEVICE_BLOCK_ELEMENTS, _xp.DEVICE_CHUNK_ELEMENTS)
    assert _xp._sizes(fake_cupy, 5, 7) == (5, 7)

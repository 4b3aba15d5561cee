"""HEALPix geometry and indexing against healpy (ring/nest, angles, neighbours, hierarchy)."""

import numpy as np
import pytest

from gaugemath.transforms import healpix as H
from gaugemath.transforms import s2_grid


@pytest.mark.peer
@pytest.mark.parametrize("nside", [1, 2, 4, 16])
def test_indexing_equals_healpy(nside, rng):
    hp = pytest.importorskip("healpy")  # only this test needs the peer
    p = np.arange(12 * nside * nside)
    assert np.array_equal(H.ring2nest(nside, p), hp.ring2nest(nside, p))
    assert np.array_equal(H.nest2ring(nside, p), hp.nest2ring(nside, p))
    for nest in (False, True):
        th, ph = H.pix2ang(nside, p, nest=nest)
        th2, ph2 = hp.pix2ang(nside, p, nest=nest)
        assert np.allclose(th, th2, rtol=0, atol=1e-14) and np.allclose(ph, ph2, rtol=0, atol=1e-13)
        t = np.arccos(rng.uniform(-1, 1, 2000))
        f = rng.uniform(0, 2 * np.pi, 2000)
        assert np.array_equal(H.ang2pix(nside, t, f, nest=nest), hp.ang2pix(nside, t, f, nest=nest))
        assert np.array_equal(H.neighbours(nside, p, nest=nest), hp.get_all_neighbours(nside, p, nest=nest))


def test_hierarchy_parent_children():
    nside = 8
    p = np.arange(12 * nside * nside)
    parents = H.nest_parent(nside, p)
    # the parent pixel at nside/2 contains the child's centre
    th, ph = H.pix2ang(nside, p, nest=True)
    assert np.array_equal(parents, H.ang2pix(nside // 2, th, ph, nest=True))
    kids = H.nest_children(nside // 2, parents)
    assert np.all((kids == p[:, None]).sum(axis=1) == 1)
    assert np.array_equal(H.nest_parent(nside, p, levels=3), p >> 6)


def test_grid_geometry():
    g = s2_grid(None, "healpix", nside=4)
    assert g.lmax == 11 and g.shape == (192,)
    assert np.isclose(g.weights.sum(), 4 * np.pi, rtol=1e-12, atol=1e-12)
    pts = g.points()
    assert np.allclose(np.linalg.norm(pts, axis=1), 1, rtol=1e-12, atol=1e-12)
    th, ph = H.pix2ang(4, np.arange(192))  # checked against healpy in test_indexing_equals_healpy
    assert np.allclose(pts[:, 2], np.cos(th), rtol=1e-12, atol=1e-12)
    # independent: HEALPix ring z = 1 - i²/(3 nside²) in the polar caps (Górski et al. 2005, Eq. 4)
    z = np.unique(np.round(pts[:, 2], 14))[::-1]
    np.testing.assert_allclose(z[:3], 1 - np.arange(1, 4) ** 2 / 48.0, rtol=0, atol=1e-14)


def test_bad_input():
    with pytest.raises(ValueError, match="power of two"):
        H.ring2nest(3, [0])
    with pytest.raises(TypeError, match="nside"):
        H.ring2nest(2.0, [0])
    with pytest.raises(ValueError, match="must lie in"):
        H.nest2ring(2, [48])
    with pytest.raises(TypeError, match="integer"):
        H.nest2ring(2, [0.5])
    with pytest.raises(ValueError, match="nside is required"):
        s2_grid(10, "healpix")
    with pytest.raises(ValueError, match="theta"):
        H.ang2pix(2, 4.0, 0.0)
    with pytest.raises(ValueError, match="levels"):
        H.nest_parent(2, [0], levels=2)

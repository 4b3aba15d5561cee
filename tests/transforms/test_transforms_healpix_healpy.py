"""HEALPix index algebra and geometry against healpy, exactly.

Integer maps (ring <-> nest, face coordinates, pixel of a direction, neighbours) must be equal;
floating-point results (pixel centres as angles and vectors, boundaries) are compared with
``rtol=0, atol=1e-15`` and in fact agree to the last bit (both follow the operation order of
HEALPix C++ ``healpix_base.cc`` and call the same libm; the max deviation is asserted to be 0
where it is).  Every pixel for nside 1-16 (and ring-only nside 3, 6), 10^4 random pixels for
nside 256, 2^13, 2^20 and 2^29 (healpy's largest).
"""

import numpy as np
import pytest

from gaugemath.transforms import healpix as H

hp = pytest.importorskip("healpy")
pytestmark = pytest.mark.peer

SMALL = [1, 2, 4, 8, 16]
LARGE = [256, 2**13, 2**20, 2**29]


def _pixels(nside, rng, n=10_000):
    npix = 12 * nside * nside
    if npix <= 4 * n:
        return np.arange(npix)
    # random pixels plus both ends and the cap/belt transitions of the ring scheme
    ncap = 2 * nside * (nside - 1)
    edges = np.array([0, 1, ncap - 1, ncap, ncap + 1, npix - ncap - 1, npix - ncap, npix - 1])
    # first and last pixels of random polar-cap rings: 2p + 1 is (2i - 1)² or (2i - 1)² - 2
    # there, where a floating-point square root is most likely to land on the wrong integer
    i = rng.integers(1, nside, 300)
    first = 2 * i * (i - 1)
    ring_ends = np.concatenate([first, first + 4 * i - 1, npix - 1 - first, npix - 1 - first - 4 * i + 1])
    return np.concatenate([edges, ring_ends, rng.integers(0, npix, n)])


def _same(a, b, atol=1e-15):
    np.testing.assert_allclose(a, b, rtol=0, atol=atol)
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b)), initial=0.0))


@pytest.mark.parametrize("nside", SMALL + LARGE)
def test_integer_maps_equal_healpy(nside, rng):
    p = _pixels(nside, rng)
    assert np.array_equal(H.ring2nest(nside, p), hp.ring2nest(nside, p))
    assert np.array_equal(H.nest2ring(nside, p), hp.nest2ring(nside, p))
    for nest, ours in ((True, H.nest2xyf), (False, H.ring2xyf)):
        ix, iy, face = ours(nside, p)
        hx, hy, hf = hp.pix2xyf(nside, p, nest=nest)
        assert np.array_equal(ix, hx) and np.array_equal(iy, hy) and np.array_equal(face, hf)
        back = H.xyf2nest(nside, ix, iy, face) if nest else H.xyf2ring(nside, ix, iy, face)
        assert np.array_equal(back, p)
        assert np.array_equal(back, hp.xyf2pix(nside, hx, hy, hf, nest=nest))
        assert np.array_equal(H.neighbours(nside, p, nest=nest), hp.get_all_neighbours(nside, p, nest=nest))


@pytest.mark.parametrize("nside", SMALL + [3, 6] + LARGE)
def test_centres_and_boundaries_equal_healpy(nside, rng):
    p = _pixels(nside, rng, 3000)
    pow2 = nside & (nside - 1) == 0
    dev = 0.0
    for nest in (False, True) if pow2 else (False,):
        th, ph = H.pix2ang(nside, p, nest=nest)
        ht, hph = hp.pix2ang(nside, p, nest=nest)
        dev = max(dev, _same(th, ht), _same(ph, hph, 4e-15))  # phi up to 2pi: 1 ulp = 8.9e-16
        dev = max(dev, max(_same(a, b) for a, b in zip(H.pix2vec(nside, p, nest=nest), hp.pix2vec(nside, p, nest=nest))))
        q = p[:500]
        dev = max(dev, _same(H.boundaries(nside, q, step=3, nest=nest), hp.boundaries(nside, q, step=3, nest=nest)))
        dev = max(dev, _same(H.boundaries(nside, int(q[-1]), nest=nest), hp.boundaries(nside, int(q[-1]), nest=nest)))
        # the ring-only functions also take a non-power-of-two nside, as healpy
        if not pow2:
            assert np.array_equal(H.neighbours(nside, p), hp.get_all_neighbours(nside, p))
    assert dev == 0.0  # bit-identical on this platform (same libm)


@pytest.mark.parametrize("nside", SMALL + [3] + LARGE)
def test_pixel_of_direction_equals_healpy(nside, rng):
    n = 20_000
    pow2 = nside & (nside - 1) == 0
    theta = np.arccos(rng.uniform(-1, 1, n))
    phi = np.concatenate([rng.uniform(-10, 10, n - 1000), rng.uniform(-1e4, 1e4, 1000)])  # also many turns
    v = rng.normal(size=(3, n)) * rng.uniform(1e-3, 1e3, n)  # not normalised
    # hard cases: poles, ring/face edges, pixel corners and centres, phi on multiples of pi/2
    p = _pixels(nside, rng, 500)
    corners = hp.boundaries(nside, p[:400]).transpose(1, 0, 2).reshape(3, -1)
    ct, cp = hp.vec2ang(corners.T)
    special_t = np.array([0.0, np.pi, np.arccos(2 / 3), np.arccos(-2 / 3), np.pi / 2, 0.009, np.pi - 0.0099])
    special_t = np.repeat(special_t, 5)
    special_p = np.tile([0.0, np.pi / 2, -np.pi, 2 * np.pi, 7 * np.pi / 4], 7)
    theta = np.concatenate([theta, ct, hp.pix2ang(nside, p)[0], special_t])
    phi = np.concatenate([phi, cp, hp.pix2ang(nside, p)[1], special_p])
    v = np.concatenate([v, corners, np.array(hp.pix2vec(nside, p)), np.array([[0, 0, 0.5], [0, 0, -2], [1e-300, 0, 1], [-1, -0.0, 0]]).T], axis=1)
    for nest in (False, True) if pow2 else (False,):
        assert np.array_equal(H.ang2pix(nside, theta, phi, nest=nest), hp.ang2pix(nside, theta, phi, nest=nest))
        assert np.array_equal(H.vec2pix(nside, *v, nest=nest), hp.vec2pix(nside, *v, nest=nest))


def test_limits_like_healpy():
    """nside 2^29 is the largest (12 nside² < 2^63); 2^30 is refused by both."""
    n = 2**29
    last = 12 * n * n - 1
    assert int(H.nest2ring(n, last)) == int(hp.nest2ring(n, last))
    assert int(H.ring2nest(n, last)) == int(hp.ring2nest(n, last))
    with pytest.raises(ValueError, match="2\\^29"):
        H.nest2ring(2**30, 0)
    with pytest.raises(ValueError):
        hp.nest2ring(2**30, 0)
    with pytest.raises(ValueError, match="2\\^29"):
        H.pix2ang(2**29 + 1, 0)  # ring scheme: any nside, but at most 2^29

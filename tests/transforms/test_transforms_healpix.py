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


# ----------------------------------------------------------------------------- independent checks
def _naive_nest2xyf(nside, p):
    """De-interleave bit by bit (ix: even bits, iy: odd bits), written here independently."""
    face, q = divmod(int(p), nside * nside)
    ix = sum(((q >> (2 * b)) & 1) << b for b in range(30))
    iy = sum(((q >> (2 * b + 1)) & 1) << b for b in range(30))
    return ix, iy, face


@pytest.mark.parametrize("nside", [1, 8, 2**13, 2**29])
def test_nested_bits_by_hand(nside, rng):
    p = rng.integers(0, 12 * nside * nside, 300)
    ix, iy, face = H.nest2xyf(nside, p)
    assert [tuple(map(int, t)) for t in zip(ix, iy, face)] == [_naive_nest2xyf(nside, q) for q in p]
    assert np.array_equal(H.xyf2nest(nside, ix, iy, face), p)
    # the private names the atlas imports: (face, ix, iy) and the same inverse
    f2, x2, y2 = H._nest2xyf(nside, p)
    assert np.array_equal(f2, face) and np.array_equal(x2, ix) and np.array_equal(H._xyf2nest(nside, ix, iy, face), p)


def test_face_frame_gorski_fig4():
    """Face centres (Górski 2005 Fig. 4) and the frame: ix north-east, iy north-west."""
    f = np.arange(12)
    x, y, z = H.xyf2vec(0.5, 0.5, f)
    row = f // 4
    np.testing.assert_allclose(z, np.choose(row, [2 / 3, 0.0, -2 / 3]), rtol=0, atol=1e-15)
    phi = np.mod(np.arctan2(y, x), 2 * np.pi)
    expect = np.where(row == 1, (f % 4) * np.pi / 2, (2 * (f % 4) + 1) * np.pi / 4)
    np.testing.assert_allclose(phi, expect, rtol=0, atol=1e-14)
    for face in f:  # a step in +x goes north (z up) and east (phi up); +y north and west
        c = np.array(H.xyf2vec(0.5, 0.5, face))
        ex = np.array(H.xyf2vec(0.5 + 1e-3, 0.5, face)) - c
        ey = np.array(H.xyf2vec(0.5, 0.5 + 1e-3, face)) - c
        east = np.array([-c[1], c[0], 0.0])
        assert ex[2] > 0 and ey[2] > 0 and ex @ east > 0 and ey @ east < 0
    # (0, 0) is the southernmost corner, (1, 1) the northernmost
    zc = np.array([H.xyf2vec(a, b, 5)[2] for a, b in [(0, 0), (1, 0), (0, 1), (1, 1)]])
    assert zc.argmin() == 0 and zc.argmax() == 3


@pytest.mark.parametrize("nside", [1, 2, 3, 8])
def test_ring_heights_exact(nside):
    """z of ring pixels from Górski Eq. (4)-(9) in exact rationals (ring counts by hand)."""
    from fractions import Fraction

    n = nside
    zs = []
    for i in range(1, 4 * n):  # ring i from the north pole
        k = min(i, 4 * n - i)  # from the nearer pole
        if k < n:  # polar cap: 4k pixels, z = ±(1 - k²/(3n²))
            z = (1 - Fraction(k * k, 3 * n * n)) * (1 if i < 2 * n else -1)
            zs += [float(z)] * (4 * k)
        else:  # belt: 4n pixels, z = 4/3 - 2i/(3n)
            zs += [float(Fraction(4, 3) - Fraction(2 * i, 3 * n))] * (4 * n)
    zs = np.array(zs)
    assert zs.size == 12 * n * n
    np.testing.assert_allclose(H.pix2vec(nside, np.arange(zs.size))[2], zs, rtol=0, atol=2.3e-16)


def _polygon_area(v):
    """Area of the spherical polygon with vertices v (k, 3) seen from their mean direction
    (sum of triangle areas, Van Oosterom & Strackee 1983)."""
    c = v.mean(0)
    c /= np.linalg.norm(c)
    a, b = v, np.roll(v, -1, axis=0)
    num = np.abs(np.einsum("ij,ij->i", a, np.cross(b, c)))
    den = 1 + np.einsum("ij,ij->i", a, b) + b @ c + a @ c
    return float(np.sum(2 * np.arctan2(num, den)))


@pytest.mark.parametrize("nest", [False, True])
def test_equal_area_and_boundaries(nest):
    """Boundaries enclose 4π/N_pix each (HEALPix is equal-area) and are unit vectors."""
    nside = 4
    b = H.boundaries(nside, np.arange(192), step=24, nest=nest)
    assert b.shape == (192, 3, 96)
    np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1, rtol=0, atol=1e-15)
    areas = np.array([_polygon_area(bb.T) for bb in b])
    np.testing.assert_allclose(areas, 4 * np.pi / 192, rtol=2e-3, atol=0)


@pytest.mark.parametrize("nside", [1, 2, 4, 8])
@pytest.mark.parametrize("nest", [False, True])
def test_neighbours_share_corners(nside, nest):
    """SW/NW/NE/SE neighbours share an edge (2 corners), W/N/E/S a vertex (1 corner); the
    relation is symmetric; -1 appears exactly 24 times (3 pixels at each of the 8 vertices
    where three faces meet)."""
    npix = 12 * nside * nside
    nb = H.neighbours(nside, np.arange(npix), nest=nest)
    assert (nb == -1).sum() == 24
    corners = np.round(H.boundaries(nside, np.arange(npix), nest=nest), 12)
    key = [set(map(tuple, c.T)) for c in corners]
    for p in range(npix):
        for k in range(8):
            q = nb[k, p]
            if q < 0:
                continue
            assert p in nb[:, q]
            assert len(key[p] & key[q]) == (2 if k % 2 == 0 else 1), (p, k, q)


@pytest.mark.parametrize("nside", [1, 16, 2**20])
def test_continuous_face_coordinates(nside, rng):
    v = rng.normal(size=(3, 3000))
    fx, fy, face = H.vec2xyf(*v)
    assert fx.min() >= 0 and fx.max() <= 1 and fy.min() >= 0 and fy.max() <= 1
    back = np.array(H.xyf2vec(fx, fy, face))
    np.testing.assert_allclose(back, v / np.linalg.norm(v, axis=0), rtol=0, atol=5e-15)
    ix, iy, f2 = H.nest2xyf(nside, H.vec2pix(nside, *v, nest=True))
    sx, sy = fx * nside, fy * nside
    clear = (np.abs(sx - np.round(sx)) > 1e-6) & (np.abs(sy - np.round(sy)) > 1e-6)  # not on an edge
    assert clear.mean() > 0.9
    assert np.array_equal(f2[clear], face[clear])
    assert np.array_equal(ix[clear], np.floor(sx[clear])) and np.array_equal(iy[clear], np.floor(sy[clear]))
    # face_point: the same chart as angles; the private (units of pixels) name agrees
    th, ph = H.face_point(face, fx, fy)
    w = np.array([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)])
    np.testing.assert_allclose(w, back, rtol=0, atol=2e-12)
    th2, ph2 = H._face_point(nside, face, sx, sy)
    np.testing.assert_allclose(th2, th, rtol=0, atol=1e-12)


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="power of two"):
        H.nest2xyf(6, 0)
    with pytest.raises(ValueError, match="power of two"):
        H.pix2ang(6, 0, nest=True)
    assert np.array_equal(H.neighbours(6, [0]).shape, (8, 1))  # ring scheme: any nside
    with pytest.raises(ValueError, match=r"nside must be an integer in \[1, 2\^29\]"):
        H.pix2vec(0, 0)
    with pytest.raises(TypeError, match="nside"):
        H.pix2vec(4.0, 0)
    for fn in (H.pix2ang, H.pix2vec, H.neighbours, H.ring2xyf, H.nest2xyf):
        with pytest.raises(ValueError, match=r"pix must lie in \[0, 191\]"):
            fn(4, [0, 192])
        with pytest.raises(ValueError, match=r"pix must lie in"):
            fn(4, -1)
        with pytest.raises(TypeError, match="pix must be an integer"):
            fn(4, [1.0])
    with pytest.raises(ValueError, match="pix must lie"):
        H.boundaries(4, 192)
    with pytest.raises(ValueError, match="step"):
        H.boundaries(4, 0, step=0)
    for fn in (H.xyf2nest, H.xyf2ring):
        with pytest.raises(ValueError, match="ix must lie in"):
            fn(4, 4, 0, 0)
        with pytest.raises(ValueError, match="iy must lie in"):
            fn(4, 0, -1, 0)
        with pytest.raises(ValueError, match="face must lie in"):
            fn(4, 0, 0, 12)
        with pytest.raises(TypeError, match="ix must be an integer"):
            fn(4, 0.5, 0, 0)
    with pytest.raises(ValueError, match="theta"):
        H.ang2pix(4, np.nan, 0.0)
    with pytest.raises(ValueError, match="theta"):
        H.ang2pix(4, -1e-9, 0.0)
    with pytest.raises(ValueError, match="phi"):
        H.ang2pix(4, 1.0, np.inf)
    with pytest.raises(TypeError, match="theta"):
        H.ang2pix(4, 1j, 0.0)
    with pytest.raises(ValueError, match="finite and non-zero"):
        H.vec2pix(4, 0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="finite and non-zero"):
        H.vec2pix(4, [1.0, np.nan], 0.0, 0.0)
    with pytest.raises(ValueError, match="finite and non-zero"):
        H.vec2xyf(0.0, 0.0, 0.0)
    assert int(H.vec2pix(4, 1e-200, 0.0, 0.0)) == int(H.vec2pix(4, 1.0, 0.0, 0.0))  # |v|² underflows
    with pytest.raises(ValueError, match="x must lie in"):
        H.xyf2vec(1.5, 0.5, 0)
    with pytest.raises(ValueError, match="face must lie"):
        H.face_point(12, 0.5, 0.5)
    with pytest.raises(ValueError, match="y must be finite"):
        H.face_point(0, 0.5, np.nan)


def test_scalar_and_shape_round_trip():
    assert H.ring2nest(4, 5).shape == () and H.nest2ring(4, [[5, 6]]).shape == (1, 2)
    th, ph = H.pix2ang(4, 5)
    assert np.ndim(th) == 0 and H.ang2pix(4, th, ph).shape == ()
    assert H.boundaries(4, 5).shape == (3, 4) and H.boundaries(4, [5], step=2).shape == (1, 3, 8)
    assert H.neighbours(4, [[1, 2]]).shape == (8, 1, 2)
    assert H.xyf2ring(4, [0, 1], 0, 5).shape == (2,)


def test_uncompiled_kernels_agree(tmp_path):
    """GAUGEMATH_DISABLE_JIT=1 runs the same kernels as plain Python (NumPy scalars, where
    e.g. bool + bool is not an int): same results as the compiled ones."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, numpy as np\n"
        "from gaugemath.transforms import healpix as H\n"
        "p = np.arange(192)\n"
        "out = [H.ring2nest(4, p), H.nest2ring(4, p), H.neighbours(4, p), H.neighbours(4, p, nest=True),\n"
        "       H.neighbours(3, np.arange(108)), H.ang2pix(4, *H.pix2ang(4, p)), np.array(H.pix2vec(4, p, nest=True)),\n"
        "       H.vec2pix(4, *H.pix2vec(4, p), nest=True), H.boundaries(4, p, nest=True)]\n"
        "print(json.dumps([o.tolist() for o in out]))\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.pathsep.join([root] + [q for q in os.environ.get("PYTHONPATH", "").split(os.pathsep) if q])
    env = dict(os.environ, GAUGEMATH_DISABLE_JIT="1", PYTHONPATH=path)
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, check=True)
    got = json.loads(res.stdout)
    p = np.arange(192)
    want = [H.ring2nest(4, p), H.nest2ring(4, p), H.neighbours(4, p), H.neighbours(4, p, nest=True),
            H.neighbours(3, np.arange(108)), H.ang2pix(4, *H.pix2ang(4, p)), np.array(H.pix2vec(4, p, nest=True)),
            H.vec2pix(4, *H.pix2vec(4, p), nest=True), H.boundaries(4, p, nest=True)]
    for g, w in zip(got, want):
        assert np.array_equal(np.array(g), w)


def test_parallel_loops_equal_serial(monkeypatch):
    """The ``parallel=True`` loops (used above 2^20 pixels) give the serial results and count
    invalid input the same way; forced here on a small map by lowering the threshold."""
    import numba

    from gaugemath._jit import use_parallel
    from gaugemath.transforms import _healpix_common

    if numba.get_num_threads() < 2:
        pytest.skip("one Numba thread: the serial loops always run")
    nside = 8
    p = np.arange(12 * nside * nside)
    th, ph = H.pix2ang(nside, p + 0)
    v = H.pix2vec(nside, p)

    def calls():
        return [H.ring2nest(nside, p), H.nest2ring(nside, p), *H.nest2xyf(nside, p), *H.ring2xyf(6, p[:432]),
                H.xyf2nest(nside, p % nside, (p // nside) % nside, p % 12), *H.pix2ang(nside, p, nest=True),
                *H.pix2vec(nside, p), H.ang2pix(nside, th, ph, nest=True), H.vec2pix(nside, *v),
                H.neighbours(nside, p), H.neighbours(nside, p, nest=True), H.boundaries(nside, p)]

    serial = calls()
    monkeypatch.setattr(_healpix_common, "PARALLEL_MIN_PIXELS", 1)
    assert use_parallel(p.size, _healpix_common.PARALLEL_MIN_PIXELS)  # what run() asks
    parallel = calls()
    for a, b in zip(serial, parallel):
        assert np.array_equal(a, b)
    with pytest.raises(ValueError, match="pix must lie"):
        H.ring2nest(nside, [0, 768, -1])
    with pytest.raises(ValueError, match="theta"):
        H.ang2pix(nside, [0.1, np.nan], 0.0)

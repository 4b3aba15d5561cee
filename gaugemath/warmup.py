"""Compile (or load from Numba's on-disk cache) every public numeric entry point once.

Run it once after installing, and before starting parallel workers (the ``gaugemath warmup``
command does this): the first call of each kernel then costs a cache load (milliseconds)
instead of a compilation (seconds), and concurrent processes never compile the same kernel
at the same time.  Compilation is serialised by :func:`gaugemath._jit.compile_lock` in any
case, so running warmup in several processes at once is safe, merely redundant.

Each entry point is called on a tiny input, for every variant that has its own kernel: the
serial and the ``parallel=True`` kernels (the parallel ones through inputs just above
:data:`gaugemath._jit.PARALLEL_MIN_WORK`), complex/real/spin harmonics, integer and
half-integer Wigner matrices, and the transforms on each grid kind.  A failure in one entry
point (e.g. an API change in another part of the package) is reported and does not stop the
others.
"""

from __future__ import annotations

import time

import numpy as np

__all__ = ["warmup", "entry_points"]


def _core():
    from . import so3
    from .coupling import clebsch_gordan, coupling_tensor, wigner_3j
    from .harmonics import spherical_harmonics, spherical_harmonics_xyz
    from .wigner import wigner_d, wigner_D, wigner_d_all, wigner_D_all

    rng = np.random.default_rng(0)
    q = rng.normal(size=(2, 4))
    q /= np.linalg.norm(q, axis=-1, keepdims=True)
    q_big = rng.normal(size=(4000, 4))  # above the parallel threshold (1e6 entries) below
    q_big /= np.linalg.norm(q_big, axis=-1, keepdims=True)
    th, ph = np.array([0.3, 2.0]), np.array([0.1, -1.0])
    th_big, ph_big = rng.uniform(0, np.pi, 16000), rng.uniform(-np.pi, np.pi, 16000)
    xyz = np.array([[0.1, 0.2, 0.9], [0.0, 0.0, -1.0]])
    return [
        ("so3 conversions", lambda: so3.as_euler(so3.from_matrix(so3.as_matrix(so3.random(2, seed=0))))),
        ("wigner_d", lambda: wigner_d(3, 0.4)),
        ("wigner_d (half-integer)", lambda: wigner_d(1.5, 0.4)),
        ("wigner_d (parallel)", lambda: wigner_d(12, np.linspace(0, 3, 2000))),  # 1.25e6 entries
        ("wigner_D", lambda: wigner_D(3, q)),
        ("wigner_D (real)", lambda: wigner_D(3, q, basis="real")),
        ("wigner_D (e3nn)", lambda: wigner_D(2, q, convention="e3nn")),
        ("wigner_D (half-integer)", lambda: wigner_D(0.5, q)),
        ("wigner_D (parallel)", lambda: wigner_D(8, q_big)),
        ("wigner_D (real, parallel)", lambda: wigner_D(8, q_big, basis="real")),
        ("wigner_d_all", lambda: wigner_d_all(3, np.array([0.2, 1.0]))),
        ("wigner_d_all (parallel)", lambda: wigner_d_all(8, np.linspace(0, 3, 2000))),
        ("wigner_D_all", lambda: wigner_D_all(3, q)),
        ("wigner_D_all (parallel)", lambda: wigner_D_all(8, q_big[:2000])),
        ("wigner_D_all (real)", lambda: wigner_D_all(3, q, basis="real")),
        ("wigner_D_all (real, parallel)", lambda: wigner_D_all(8, q_big[:2000], basis="real")),
        ("spherical_harmonics (complex)", lambda: spherical_harmonics(3, th, ph)),
        ("spherical_harmonics (real)", lambda: spherical_harmonics(3, th, ph, basis="real")),
        ("spherical_harmonics (spin)", lambda: spherical_harmonics(3, th, ph, spin=1)),
        ("spherical_harmonics (parallel)", lambda: spherical_harmonics(8, th_big, ph_big)),
        ("spherical_harmonics (spin, parallel)", lambda: spherical_harmonics(8, th_big, ph_big, spin=1)),
        ("spherical_harmonics_xyz (real)", lambda: spherical_harmonics_xyz(3, xyz, basis="real")),
        ("spherical_harmonics_xyz (real, parallel)", lambda: spherical_harmonics_xyz(8, rng.normal(size=(16000, 3)), basis="real")),
        ("spherical_harmonics_xyz (complex)", lambda: spherical_harmonics_xyz(3, xyz)),
        ("wigner_3j / clebsch_gordan", lambda: (wigner_3j(1, 1, 2, 0, 0, 0), clebsch_gordan(1, 0, 1, 0, 2, 0))),
        ("coupling_tensor", lambda: (coupling_tensor(1, 2, 2), coupling_tensor(1, 1, 1, basis="real"))),
        ("coupling_tensor (e3nn)", lambda: coupling_tensor(1, 1, 2, convention="e3nn")),
    ]


def _transforms():
    out = []
    try:
        from . import transforms as tr
    except Exception as exc:  # pragma: no cover - another area's import failed
        return [("transforms import", lambda exc=exc: (_ for _ in ()).throw(exc))]
    for kind in getattr(tr, "S2_KINDS", ("gl", "dh", "mw", "healpix")):

        def s2(kind=kind):
            g = tr.s2_grid(4, kind, nside=2) if kind == "healpix" else tr.s2_grid(4, kind)
            c = np.zeros((4 + 1) ** 2, complex)
            c[0] = 1.0
            f = tr.s2_synthesis(c, 4, g)
            tr.s2_analysis(f, 4, g)
            tr.s2_analysis(tr.s2_synthesis(c, 4, g, spin=1), 4, g, spin=1)
            tr.s2_analysis(np.real(f), 4, g, real=True)

        out.append((f"s2 transforms ({kind})", s2))
    for kind in getattr(tr, "SO3_KINDS", ("gl", "soft")):

        def so3t(kind=kind):
            g = tr.so3_grid(3, kind)
            c = np.zeros(tr.n_so3_coefficients(3), complex)
            c[0] = 1.0
            tr.so3_analysis(tr.so3_synthesis(c, 3, g), 3, g)

        out.append((f"so3 transforms ({kind})", so3t))

    def rot():
        from . import so3

        c = np.zeros((4 + 1) ** 2, complex)
        c[1] = 1.0
        tr.rotate_coefficients(c, so3.random(seed=1), 4)

    out.append(("rotate_coefficients", rot))
    def healpix_index():
        from .transforms import healpix as H

        p = np.arange(48)
        th, ph = H.pix2ang(2, p)
        H.pix2ang(2, p, nest=True), H.pix2vec(2, p), H.ang2pix(2, th, ph), H.vec2pix(2, 1.0, 0.0, 0.0)
        H.ring2nest(2, p), H.nest2ring(2, p), H.nest2xyf(2, p), H.xyf2nest(2, 0, 0, 0), H.boundaries(2, p)
        H.neighbours(2, p), H.neighbours(2, p, nest=True)

    def healpix_index_parallel():  # 2^20 pixels: the parallel=True loops
        from .transforms import healpix as H

        p = np.arange(1 << 20)
        th, ph = H.pix2ang(512, p)
        H.pix2vec(512, p), H.ang2pix(512, th, ph), H.vec2pix(512, th, ph, th)
        H.ring2nest(512, p), H.nest2ring(512, p), H.nest2xyf(512, p), H.xyf2nest(512, p & 511, 0, 0)
        H.neighbours(512, p)

    out += [("healpix index", healpix_index), ("healpix index (parallel)", healpix_index_parallel)]
    return out


def _layers():
    def spherical_layers():
        from . import so3
        from .layers import act_on_s2_coefficients, evaluate_s2, s2_so3_correlation, s2_zonal_conv

        f = np.zeros((3 + 1) ** 2, complex)
        f[0] = 1.0
        act_on_s2_coefficients(f, so3.random(seed=2))
        evaluate_s2(f, np.array([[0.0, 0.0, 1.0]]))
        s2_so3_correlation(f, f)
        s2_zonal_conv(f, f)

    def ntk_conv_kernels():  # the fused covariance map of ntk.conv, serial and parallel
        from ._jit import n_chunks
        from .ntk import _kernels
        from .ntk.conv import _index_table, conv_cov

        K = np.zeros((1, 4, 4, 4, 4))
        conv_cov(K, 3, "same")
        rows = cols = _index_table(4, 3, "circular")
        _kernels.conv_cov_parallel(K, rows, cols, np.empty((1, 4, 4, 4, 4)), n_chunks(1))

    return [("spherical layers", spherical_layers), ("ntk conv kernels", ntk_conv_kernels)]


def entry_points():
    """``[(name, zero-argument callable), ...]`` that :func:`warmup` runs, in order."""
    return _core() + _transforms() + _layers()


def warmup(verbose: bool = False) -> dict:
    """Run every entry point once; returns ``{name: seconds or the exception raised}``.

    With ``verbose=True`` prints one line per entry point (time, or the error).
    """
    results = {}
    for name, call in entry_points():
        t0 = time.perf_counter()
        try:
            call()
            results[name] = time.perf_counter() - t0
        except Exception as exc:  # noqa: BLE001 - warmup must not crash on another area's API change
            results[name] = exc
        if verbose:
            r = results[name]
            msg = f"{r:7.2f} s" if isinstance(r, float) else f"FAILED: {type(r).__name__}: {r}"
            print(f"  {name:45s} {msg}", flush=True)
    return results

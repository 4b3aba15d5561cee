"""HEALPix windows, shifts and masks (issue 12, item 6): all tables at nside 256, window 64.

    python benchmarks/bench_healpix_windows.py            # nside 256, window 64
    python benchmarks/bench_healpix_windows.py --quick    # nside 32, window 16 (smoke test)

Cases: the window tables (pixels, layout, relative-position index), HEAL-SWIN's ring shift
with its mask (peer: the same roll through healpy's ``nest2ring`` / ``ring2nest``), the
geometric half-window shift with its mask, and all of them together.  Target (issue): all
tables under 1 s at nside 256, window 64.
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402


def cases(quick: bool) -> list[Case]:
    import numpy as np

    from gaugemath.layers import geometric_shift, relative_position_index, ring_shift, window_layout, window_pixels

    nside, ws = (32, 16) if quick else (256, 64)
    npix = 12 * nside**2

    def tables():
        return window_pixels(nside, ws), window_layout(ws), relative_position_index(ws)

    def ring():
        sh = ring_shift(nside, ws // 2, ws)
        return sh.perm, sh.inverse, sh.mask()

    def geo():
        sh = geometric_shift(nside, ws)
        return sh.perm, sh.inverse, sh.mask()

    def everything():
        return tables(), ring(), geo()

    peers = {}
    try:
        import healpy as hp

        def healpy_ring():
            perm = hp.ring2nest(nside, (hp.nest2ring(nside, np.arange(npix)) - ws // 2) % npix)
            inv = np.argsort(perm)
            labels = np.zeros(npix, np.int64).reshape(-1, ws)
            return perm, inv, labels[:, :, None] != labels[:, None, :]

        peers["healpy (nest2ring/ring2nest + argsort)"] = healpy_ring
    except ImportError:
        pass
    tag = f"nside {nside}, window {ws}"
    return [
        Case(f"window tables ({tag})", tables, {}),
        Case(f"ring shift + inverse + mask ({tag})", ring, peers),
        Case(f"geometric shift + inverse + mask ({tag})", geo, {}),
        Case(f"all of the above ({tag})", everything, {}, "< 1 s"),
    ]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    set_threads(1)
    print("\n## single thread\n")
    print(format_rows(run_cases(cases(args.quick), repeat=3)))


if __name__ == "__main__":
    main()

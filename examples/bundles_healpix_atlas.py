"""HEALPix as a gauge atlas: 12 face charts glued by quarter turns, and shifted windows.

Each HEALPix base face is a chart with coordinates (x, y) (x north-east, y north-west).
Where two faces touch, one chart's coordinates are the other's turned by a multiple of 90°
and translated: an element of the gauge group C4.  Carrying a frame around a vertex where
only three faces meet turns it by a quarter turn — the angle defect 2π − 3·π/2 of three
squares around a point.  The 8 quarter turns add up to 4π = 2π·χ(S²) (Gauss–Bonnet).

The shifted windows of HEAL-SWIN-style attention move every 2^k × 2^k window by half a
window; across the seams the gluing maps carry them, and the 8 three-face points are where
a shifted window cannot be completed.  Left: pixel centres coloured by base face; middle:
shifted windows; right: the packed windows that need a mask.
Saves ``bundles_healpix_atlas.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath.bundles import face_gluings, face_vertices, vertex_holonomy  # noqa: E402
from gaugemath.layers import geometric_shift, ring_shift, window_layout  # noqa: E402
from gaugemath.transforms.healpix import neighbours, pix2ang  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

# --- the atlas: charts, seams, vertices, holonomy ------------------------------------------
gluings = face_gluings()
seams = {frozenset((g.face_a, g.face_b)) for g in gluings if g.kind == "edge"}
corners = {frozenset((g.face_a, g.face_b)) for g in gluings if g.kind == "corner"}
turns = sorted({g.quarter_turns for g in gluings})
print(f"faces (charts): 12, seams: {len(seams)}, corner-only contacts: {len(corners)}")
print(f"quarter turns used by the gluings: {turns} (0 in the belt, +-1 and 2 around the poles)")
verts = face_vertices()
three = [v for v in verts if len(v["faces"]) == 3]
hol = [vertex_holonomy(v["faces"]) for v in verts]
print(f"vertices: {len(verts)}, three-face points: {len(three)}")
for v, h in zip(verts, hol):
    if len(v["faces"]) == 3 and v["xyz"][2] > 0:
        print(f"  three-face point at cos(theta) = {v['xyz'][2]:+.6f}, phi = {v['phi']:.4f}: faces {v['faces']}, "
              f"holonomy {h} quarter turn(s)")
print(f"holonomy at the three-face points (quarter turns): {sorted({h for v, h in zip(verts, hol) if len(v['faces']) == 3})}")
print(f"holonomy at the four-face vertices (quarter turns): {sorted({h for v, h in zip(verts, hol) if len(v['faces']) == 4})}")
print(f"sum of holonomy angles / pi: {sum(hol) * 0.5:.1f} (Gauss-Bonnet: 2 chi = 4)")

# --- windows and the two shifts --------------------------------------------------------------
nside, ws = 16, 16
s = int(round(ws**0.5)) // 2
geo = geometric_shift(nside, ws)
ring = ring_shift(nside, ws // 2, ws)
npix = 12 * nside**2
print(f"nside {nside}, window {ws} pixels: {npix // ws} windows")
print(f"geometric shift is a permutation: {np.array_equal(np.sort(geo.perm), np.arange(npix))}, "
      f"ring shift is a permutation: {np.array_equal(np.sort(ring.perm), np.arange(npix))}")
lay = window_layout(ws)
pairs = np.array([(a, b) for a in range(ws) for b in range(a + 1, ws) if np.abs(lay[a] - lay[b]).max() == 1])
win = geo.perm.reshape(-1, ws)
nb = neighbours(nside, win[:, pairs[:, 0]], nest=True)
exceptions = int((~(nb == win[:, pairs[:, 1]][None]).any(axis=0)).sum())
masked = geo.mask().any(axis=(1, 2))
print(f"layout-adjacent slot pairs that are not neighbours: {exceptions}; half-window s = {s} "
      f"(6 packed windows x (6s - 3) = {6 * (6 * s - 3)})")
print(f"windows with a mask: {int(masked.sum())}")

# --- picture: Mollweide scatter of pixel centres -------------------------------------------------
theta, phi = pix2ang(nside, np.arange(npix), nest=True)
lon = np.mod(phi + np.pi, 2 * np.pi) - np.pi
lat = np.pi / 2 - theta
win_of = np.empty(npix, int)
win_of[geo.perm] = np.arange(npix) // ws
fig = plt.figure(figsize=(13, 3.6))
panels = [(np.arange(npix) // nside**2, "tab20", "12 charts (base faces)"),
          ((np.arange(npix) // ws * 7) % 20, "tab20", f"windows of {ws} pixels"),
          ((win_of * 7) % 20, "tab20", "geometric half-window shift")]
for i, (c, cmap, title) in enumerate(panels):
    ax = fig.add_subplot(1, 3, i + 1, projection="mollweide")
    ax.scatter(lon, lat, c=c, cmap=cmap, s=3, vmin=0, vmax=19)
    if i == 2:
        packed = np.isin(win_of, np.flatnonzero(masked))
        ax.scatter(lon[packed], lat[packed], s=6, c="k", label="packed (masked) windows")
        for v in three:
            ax.plot(np.mod(v["phi"] + np.pi, 2 * np.pi) - np.pi, np.pi / 2 - v["theta"], "r*", ms=9)
        ax.legend(loc="lower center", fontsize=7)
    if i == 0:  # face numbers at the face centres (nside 1 pixel centres)
        ft, fp = pix2ang(1, np.arange(12), nest=True)
        for f in range(12):
            ax.text(np.mod(fp[f] + np.pi, 2 * np.pi) - np.pi, np.pi / 2 - ft[f], str(f), ha="center", va="center",
                    fontsize=9, weight="bold")
    ax.set_title(title, fontsize=10)
    ax.set_xticklabels([])
    ax.set_yticklabels([])
fig.tight_layout()
fig.savefig(out / "bundles_healpix_atlas.png", dpi=72)
print("saved", out / "bundles_healpix_atlas.png")

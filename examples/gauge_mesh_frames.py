"""Frames (gauges) on a bumpy sphere, a gauge change, and parallel transport around a loop.

A triangle mesh has no preferred tangent direction at a vertex: every choice of frame (e1, e2)
is a gauge.  We build the default frames of gaugemath.mesh (e1 along the first neighbour's edge),
turn them by random angles (a gauge change), and check the transformation laws of the log map
(θ -> θ - g_p) and of the transport angles (g_qp -> g_qp - g_p + g_q).  Then we carry a tangent
vector around a closed loop of vertices: it comes back turned by the loop's holonomy, the same
in every gauge.  Around each single vertex the discrete Levi-Civita holonomy equals the angle
defect 2π - Σ(corner angles), and the defects add up to 2πχ (discrete Gauss–Bonnet).
Saves ``gauge_mesh_frames.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath import mesh as gm  # noqa: E402

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)

# --- a bumpy sphere: curvature of both signs ------------------------------------------------
M = gm.bumpy_sphere(3, amplitude=0.2)
K = gm.angle_defects(M)
print(f"mesh: {M.n_vertices} vertices, {M.n_faces} faces, Euler characteristic {M.euler_characteristic}")
print(f"angle defects: min {K.min():+.4f}, max {K.max():+.4f}")
print(f"Gauss-Bonnet residual |sum K - 2 pi chi|: {abs(gm.gauss_bonnet_residual(M)):.2e}")

# holonomy once around each vertex (faces unfolded across edges) = its angle defect
hol = gm.vertex_holonomy(M)
print(f"max |holonomy around vertex - angle defect| over all vertices: {np.abs(gm.wrap_angle(hol - K)).max():.2e}")

# --- a gauge change -------------------------------------------------------------------------
frames = gm.vertex_frames(M)
rng = np.random.default_rng(0)
g = rng.uniform(-np.pi, np.pi, M.n_vertices)
frames2 = gm.rotate_frames(frames, g)
p, q = gm.ring_centers(M), M.ring_neighbors
th1, _ = gm.log_map(M, frames)
th2, _ = gm.log_map(M, frames2)
tr1, tr2 = gm.transport_angles(M, frames), gm.transport_angles(M, frames2)
print(f"log-map law max |theta' - (theta - g_p)|: {np.abs(gm.wrap_angle(th2 - th1 + g[p])).max():.2e}")
print(f"transport law max |g'_qp - (g_qp - g_p + g_q)|: {np.abs(gm.wrap_angle(tr2 - tr1 + g[p] - g[q])).max():.2e}")

# --- transport a vector around a loop: the one-ring of the most curved vertex, counter-clockwise
centre = int(np.argmax(K))
loop = np.array(M.one_ring(centre))
X = M.vertices
normals = frames[:, 2]
v = frames[loop[0], 0] + 0.5 * frames[loop[0], 1]  # a tangent vector at the start
v0 = v.copy()
path_vectors = [v.copy()]
for a, b in zip(loop, np.roll(loop, -1)):
    # carry v from a to b: the minimal rotation taking n_a to n_b (written out here in 3-D)
    na, nb = normals[a], normals[b]
    c = np.cross(na, nb)
    v = v + np.cross(c, v) + np.cross(c, np.cross(c, v)) / (1 + na @ nb)
    path_vectors.append(v.copy())
turned = np.arctan2(np.cross(v0, v) @ normals[loop[0]], v0 @ v)
hol1, hol2 = gm.loop_holonomy(M, loop, frames), gm.loop_holonomy(M, loop, frames2)
print(f"loop around vertex {centre}: vector turned by {turned:+.12f}, "
      f"loop_holonomy {hol1:+.12f} (gauge 1), {hol2:+.12f} (gauge 2)")
# each step is a great-circle rotation of the normals, so the holonomy is the solid angle that the
# loop's normals enclose on the unit sphere (the Gauss map image), as on S^2 itself
from gaugemath.bundles import holonomy  # noqa: E402

print(f"solid angle enclosed by the loop's normals (gaugemath.bundles.holonomy): {holonomy(normals[loop]):+.12f}")
print(f"(for comparison: angle defect at vertex {centre} {K[centre]:+.6f}, plus half its neighbours' "
      f"{K[centre] + K[loop].sum() / 2:+.6f})")

# --- figure ---------------------------------------------------------------------------------
def look_along(ax, n, centre, half):
    """View the 3-D axes from the direction n, zoomed to a cube of half-width ``half`` at ``centre``."""
    ax.view_init(elev=np.degrees(np.arcsin(n[2])), azim=np.degrees(np.arctan2(n[1], n[0])))
    for setter, c in zip((ax.set_xlim, ax.set_ylim, ax.set_zlim), centre):
        setter(c - half, c + half)
    ax.set_box_aspect((1, 1, 1))
    ax.set_axis_off()


fig = plt.figure(figsize=(12, 5.6))
ax = fig.add_subplot(1, 2, 1, projection="3d")
face_K = K[M.faces].mean(axis=1)
surf = ax.plot_trisurf(X[:, 0], X[:, 1], X[:, 2], triangles=M.faces, cmap="coolwarm", linewidth=0.1,
                       edgecolor="0.6", alpha=0.5)
surf.set_array(face_K)
surf.set_clim(-np.abs(face_K).max(), np.abs(face_K).max())
view = np.array([0.3, -0.3, 0.9]) / np.linalg.norm([0.3, -0.3, 0.9])
show = X @ view > 0.5  # the side facing the viewer
lift = X[show] + 0.03 * normals[show]
ax.quiver(*lift.T, *frames[show, 0].T, length=0.14, color="k", linewidth=0.8, label="e1, gauge 1")
ax.quiver(*lift.T, *frames2[show, 0].T, length=0.14, color="tab:green", linewidth=0.8, label="e1, gauge 2")
look_along(ax, view, np.zeros(3), 0.95)
ax.set_title("frames in two gauges; colour: angle defect")
ax.legend(loc="lower left", fontsize=8)
fig.colorbar(surf, ax=ax, shrink=0.6, label="angle defect (rad)")

ax2 = fig.add_subplot(1, 2, 2, projection="3d")
ring = np.concatenate([loop, loop[:1]])
h = np.linalg.norm(X[loop[0]] - X[centre])
near = np.linalg.norm(X - X[centre], axis=1) < 2.5 * h
tri = M.faces[np.all(near[M.faces], axis=1)]
ax2.plot_trisurf(X[:, 0], X[:, 1], X[:, 2], triangles=tri, color="0.85", linewidth=0.3, edgecolor="0.4", alpha=0.5)
ax2.plot(*(X[ring] + 0.01 * normals[ring]).T, color="k", lw=1.5)
pv = np.array(path_vectors)
ax2.quiver(*(X[ring] + 0.01 * normals[ring]).T, *pv.T, length=0.6 * h, color="tab:red", linewidth=1.2,
           label="carried vector")
ax2.quiver(*X[loop[0]], *v0, length=0.6 * h, color="tab:blue", linewidth=2.2, label="start")
look_along(ax2, normals[centre], X[centre], 1.6 * h)
ax2.set_title(f"a vector carried once around the one-ring of vertex {centre}\nreturns turned by {turned:.4f} rad")
ax2.legend(loc="lower left", fontsize=8)
fig.tight_layout()
fig.savefig(out / "gauge_mesh_frames.png", dpi=110)
print("saved", out / "gauge_mesh_frames.png")

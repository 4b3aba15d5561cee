"""A gauge-equivariant mesh convolution beside one with an unconstrained kernel.

The layer of gaugemath.mesh (GEM-CNN, de Haan et al. 2021) sums, over the neighbours q of each
vertex p, K(θ_pq) ρ_in(g_q→p) f_q: the neighbour's feature is first parallel-transported into
p's frame, then weighted by a kernel of the neighbour's angle θ_pq in that frame.  The kernel is
a combination of the solutions of K(θ - g) = ρ_out(-g) K(θ) ρ_in(g); then choosing other frames
changes the output only by the representation ρ_out(-g) — the geometric output is the same.
A kernel that ignores the constraint gives outputs that depend on the arbitrary frames.
Saves ``gauge_mesh_convolution.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
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

M = gm.bumpy_sphere(3, amplitude=0.15)
X = M.vertices
in_orders, out_orders = (0, 1), (0, 1, 2)  # a scalar + a vector in; scalar, vector, order-2 out
print(f"mesh: {M.n_vertices} vertices; in orders {in_orders}, out orders {out_orders}")
print("kernel basis sizes (n_in -> n_out): " + ", ".join(
    f"{a}->{b}: {gm.kernel_dimension(b, a)}" for a in in_orders for b in out_orders))

# input: height (order 0) and the tangent part of a constant "wind" (order 1), in the default frames
frames = gm.vertex_frames(M)
n = frames[:, 2]
wind = np.array([1.0, 0.3, 0.0]) - (n @ np.array([1.0, 0.3, 0.0]))[:, None] * n  # tangent projection
f = np.stack([X[:, 2], np.sum(wind * frames[:, 0], 1), np.sum(wind * frames[:, 1], 1)], axis=1)

layer = gm.GaugeEquivariantMeshConv(in_orders, out_orders, seed=0)
print(f"learnable coefficients: {layer.n_weights} (neighbours) + {layer.n_self_weights} (self)")

# an unconstrained kernel of the same shape: arbitrary smooth functions of theta
rng = np.random.default_rng(1)
coef = rng.standard_normal((3, layer.out_dim, layer.in_dim))


def free_kernel(theta):
    return sum(np.cos(k * theta)[:, None, None] * coef[k] for k in range(3))


# the same features and layers in a second, randomly turned gauge
g = rng.uniform(-np.pi, np.pi, M.n_vertices)
T1 = gm.conv_tables(M, frames)
T2 = gm.conv_tables(M, gm.rotate_frames(frames, g))
f2 = gm.transform_features(f, in_orders, g)

y1, y2 = layer(f, T1), layer(f2, T2)
z1, z2 = gm.mesh_conv_dense(f, T1, free_kernel, in_orders), gm.mesh_conv_dense(f2, T2, free_kernel, in_orders)
err_eq = np.abs(y2 - gm.transform_features(y1, out_orders, g)).max()
err_free = np.abs(z2 - gm.transform_features(z1, out_orders, g)).max()
print(f"equivariant layer: max gauge error {err_eq:.2e} (output size {np.abs(y1).max():.2f})")
print(f"unconstrained kernel: max gauge error {err_free:.3f} (output size {np.abs(z1).max():.2f})")
yn1 = gm.norm_nonlinearity(y1, out_orders)
yn2 = gm.norm_nonlinearity(y2, out_orders)
err_nl = np.abs(yn2 - gm.transform_features(yn1, out_orders, g)).max()
print(f"after the norm nonlinearity: max gauge error {err_nl:.2e}")
# the constraint itself, for the four basis kernels of orders 1 -> 2, at the mesh's angles
res = max(gm.kernel_constraint_residual(lambda t, b=b: gm.kernel_basis(2, 1, t)[b], 2, 1, T1.theta, g[T1.centers])
          for b in range(4))
print(f"each basis element, max |K(theta - g) - rho_out(-g) K(theta) rho_in(g)|: {res:.2e}")


def vector_norm(y):  # |order-1 output| at each vertex: a gauge-invariant quantity
    return np.hypot(y[:, 1], y[:, 2])


fig = plt.figure(figsize=(12, 8.5))
panels = [(y1, "GEM conv, gauge 1"), (y2, "GEM conv, gauge 2"), (z1, "free kernel, gauge 1"),
          (z2, "free kernel, gauge 2")]
vmax = max(vector_norm(y).max() for y, _ in panels)
for k, (y, title) in enumerate(panels):
    ax = fig.add_subplot(2, 2, k + 1, projection="3d")
    surf = ax.plot_trisurf(X[:, 0], X[:, 1], X[:, 2], triangles=M.faces, cmap="magma", linewidth=0)
    surf.set_array(vector_norm(y)[M.faces].mean(axis=1))
    surf.set_clim(0, vmax)
    ax.view_init(elev=25, azim=-50)
    ax.set_box_aspect((1, 1, 1))
    ax.set_axis_off()
    ax.set_title(f"{title}: |order-1 output|")
fig.suptitle("same input, two gauges: the constrained layer's output norms agree, the free kernel's do not")
fig.tight_layout()
fig.savefig(out / "gauge_mesh_convolution.png", dpi=100)
print("saved", out / "gauge_mesh_convolution.png")

"""Exact verification of an equivariant layer and of a (broken) steerable kernel.

1. The real Clebsch-Gordan map D^1 (x) D^1 -> D^2 is an SO(3) intertwiner: checked exactly
   on the Lie-algebra generators L_x, L_y, L_z (a certificate is printed).
2. The Wigner-Eckart SE(3) kernel (l_in=1 -> l_out=1, J=2) satisfies the kernel constraint;
   with one sign flipped it fails, and the exact residual is plotted on the sphere.
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402

from gaugemath.symbolic.kernels import real_coupling_tensor, se3_kernel  # noqa: E402
from gaugemath import groups  # noqa: E402
from gaugemath.symbolic import so3_irrep, tensor_product  # noqa: E402
from gaugemath.symbolic.verify import verify_intertwiner, verify_kernel_constraint  # noqa: E402

out_dir = os.environ.get("GAUGEMATH_EXAMPLES_OUT", "figures")
os.makedirs(out_dir, exist_ok=True)

# 1. an intertwiner (a "layer" W: R^9 -> R^5), exact certificate
C = real_coupling_tensor(1, 1, 2)
W = sp.Matrix(5, 9, lambda m, k: C[k // 3, k % 3, m])
SO3 = groups.SO3()  # the same group object the numeric reps use
cert = verify_intertwiner(W, tensor_product(so3_irrep(SO3, 1), so3_irrep(SO3, 1)), so3_irrep(SO3, 2))
print(cert)

# 2. a kernel, then the same kernel with one sign flipped
K = se3_kernel(1, 1, 2, radial=sp.Integer(1))
print(verify_kernel_constraint(K, SO3, so3_irrep(SO3, 1), so3_irrep(SO3, 1)).holds)
Kb = K.copy()
Kb[0, 1] = -Kb[0, 1]
bad = verify_kernel_constraint(Kb, SO3, so3_irrep(SO3, 1), so3_irrep(SO3, 1))
print("broken kernel:", "holds" if bad.holds else f"fails at {bad.failing.name}")

# plot the Frobenius norm of the exact residual over the unit sphere
x, y, z = sp.symbols("x y z", real=True)
norm = sp.lambdify((x, y, z), sp.sqrt(sum(sp.Abs(v) ** 2 for v in bad.residual)), "numpy")
th, ph = np.meshgrid(np.linspace(0, np.pi, 60), np.linspace(-np.pi, np.pi, 120), indexing="ij")
vals = norm(np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)) * np.ones_like(th)
fig, ax = plt.subplots(figsize=(6, 3))
im = ax.pcolormesh(ph, th, vals, shading="auto")
ax.set_xlabel("phi")
ax.set_ylabel("theta")
ax.set_title(f"|residual| at {bad.failing.name} (broken kernel)")
fig.colorbar(im)
path = os.path.join(out_dir, "symbolic_verify_kernel.png")
fig.savefig(path, dpi=80)
print("saved", path, "max residual", float(vals.max()))

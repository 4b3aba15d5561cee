"""Induced representations and the Mackey kernels between them, in pictures.

Ind_{C4}^{O} chi_1 has one 1x1 block per coset of C4 in O (6 cosets): each matrix is a
"block permutation" with phases.  Equivariant maps between two induced representations are
kernels on double cosets C4 g C4 satisfying kappa(k g k') = rho_out(k) kappa(g) rho_in(k');
their number equals Mackey's formula and the character inner product.
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath import reps  # noqa: E402

from gaugemath.groups import as_group, cyclic  # noqa: E402

O, C4 = as_group("O"), cyclic(4, ambient="SO3")

chi1 = reps.irreps(C4)[1]  # r -> i
ind = reps.induce(chi1, O, C4)
print("Ind_C4^O chi_1: dim", ind.dim, "=", " + ".join(reps.decompose(ind).labels()))
kappa = reps.induced_intertwiners(chi1, chi1, O)
print("double cosets:", len(reps.double_cosets(O, C4)), "| Mackey dimension:", reps.mackey_dimension(chi1, chi1, O),
      "| kernels found:", len(kappa), "| <chi_Ind, chi_Ind> =", round(reps.character_inner_product(ind, ind)))
Phi = reps.kernel_matrix(kappa, chi1, O)
err = max(np.abs(ind.table @ P - P @ ind.table).max() for P in Phi)
print(f"equivariance of the kernel maps: {err:.1e}")

fig, ax = plt.subplots(1, 4, figsize=(14, 3.6))
for a, gi in zip(ax[:2], (5, 17)):
    a.imshow(np.angle(np.where(np.abs(ind.table[gi]) > 0, ind.table[gi], np.nan)), cmap="twilight", vmin=-np.pi,
             vmax=np.pi)
    a.set_title(f"arg Ind(g_{gi}) (blank = 0)")
support = np.abs(kappa).sum(axis=(2, 3)) > 1e-12
ax[2].imshow(support, aspect="auto", cmap="Greys")
ax[2].set_title("kernel supports (rows) on O's 24 elements")
ax[3].imshow(np.abs(Phi[0]), cmap="viridis")
ax[3].set_title("|Phi| of kernel 0 (commutes with Ind)")
out = os.environ.get("GAUGEMATH_EXAMPLES_OUT", "figures")
os.makedirs(out, exist_ok=True)
fig.savefig(os.path.join(out, "reps_induced.png"), dpi=80, bbox_inches="tight")

"""Branching SO(3) -> O and the decomposition of a tensor product, in pictures.

1. Restrict the Wigner D^l (l = 0..8) to the octahedral group O and count the copies of each
   O-irrep (A1, A2, E, T1, T2) with gaugemath.reps.multiplicities: l=2 -> E + T2,
   l=3 -> A2 + T1 + T2, as in crystal-field theory.
2. Decompose D^2 (x) D^3 and show that the change of basis Q block-diagonalises it.
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath import reps  # noqa: E402

from gaugemath.groups import as_group  # noqa: E402

G, O = as_group("SO3"), as_group("O")
names = [r.name for r in reps.irreps(O)]
table = np.zeros((9, len(names)), dtype=int)
for ell in range(9):
    counts = reps.multiplicities(reps.restrict(reps.so3_irrep(G, ell), O))
    table[ell] = [counts.get(n, 0) for n in names]
    print(f"l={ell}: " + " + ".join(f"{c}{n}" if c > 1 else n for n, c in zip(names, table[ell]) if c))

rho = reps.tensor_product(reps.so3_irrep(G, 2), reps.so3_irrep(G, 3))
dec = reps.decompose(rho)
g = G.sample(1, seed=3)[0]
M = dec.Q.T @ rho(g) @ dec.Q  # block diagonal: D^1 + D^2 + ... + D^5
print("D^2 x D^3 =", " + ".join(dec.labels()), "; off-block max:",
      f"{np.abs(M - dec.irrep_sum()(g)).max():.1e}")

fig, ax = plt.subplots(1, 3, figsize=(13, 4))
ax[0].imshow(table, cmap="Blues")
ax[0].set_xticks(range(len(names)), names)
ax[0].set_ylabel("l")
ax[0].set_title("SO(3) -> O branching multiplicities")
for (i, j), c in np.ndenumerate(table):
    if c:
        ax[0].text(j, i, str(c), ha="center", va="center")
ax[1].imshow(np.abs(rho(g)), cmap="magma")
ax[1].set_title("|D^2 (x) D^3 (g)| (35 x 35)")
ax[2].imshow(np.abs(M), cmap="magma")
ax[2].set_title("|Q^T (D^2 (x) D^3)(g) Q| = D^1+...+D^5")
out = os.environ.get("GAUGEMATH_EXAMPLES_OUT", "figures")
os.makedirs(out, exist_ok=True)
fig.savefig(os.path.join(out, "reps_branching.png"), dpi=80, bbox_inches="tight")

"""A spherical CNN layer in the harmonic domain: S² → SO(3) correlation and its rotation equivariance.

[f ⋆ ψ](R) = ∫ f(x) conj(ψ(R⁻¹x)) dx (Cohen et al. 2018, Eq. 4) has SO(3) coefficients
F̂^ℓ_{m'm} = (−1)^{m'+m} f̂_{ℓ,−m'} conj(ψ̂_{ℓ,−m}).  Rotating the input by Q moves the output as
F(Q⁻¹R).  We show F on the slice γ = 0 (a map over (α, β), i.e. over the sphere) for f and for the
rotated f, check the equivariance pointwise, and stack an SO(3) → SO(3) layer on top.
Saves ``layers_spherical_cnn.png`` under $GAUGEMATH_EXAMPLES_OUT (default ./figures).
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gaugemath import so3  # noqa: E402
from gaugemath.layers.spherical import (  # noqa: E402
    act_on_s2_coefficients,
    act_on_so3_coefficients,
    evaluate_s2,
    evaluate_so3,
    s2_so3_correlation,
    so3_so3_correlation,
)

out = pathlib.Path(os.environ.get("GAUGEMATH_EXAMPLES_OUT", "./figures"))
out.mkdir(parents=True, exist_ok=True)
lmax = 8

# Band-limited signal: two bumps; the filter: one bump near the north pole.
# A bump at x0 has coefficients conj(Y_ℓm(x0)) e^{-ℓ²/20} (addition theorem: a real, zonal-about-x0 function).
from gaugemath.harmonics import spherical_harmonics_xyz  # noqa: E402

decay = np.repeat(np.exp(-np.arange(lmax + 1) ** 2 / 20.0), 2 * np.arange(lmax + 1) + 1)
bumps = np.array([[1.0, 0.2, 0.3], [-0.5, 0.6, -0.4]])
f_hat = decay * np.conj(spherical_harmonics_xyz(lmax, bumps)).sum(axis=0)
psi_hat = decay * np.conj(spherical_harmonics_xyz(lmax, np.array([0.2, 0.0, 1.0])))  # slightly off-axis

F_hat = s2_so3_correlation(f_hat, psi_hat)
Q = so3.from_euler(0.9, 0.7, -0.4)
F_hat_rot = s2_so3_correlation(act_on_s2_coefficients(f_hat, Q), psi_hat)

# Pointwise check at random rotations: [L_Q f ⋆ ψ](R) = [f ⋆ ψ](Q⁻¹ R).
Rs = so3.as_matrix(so3.random(50, seed=1))
Qm = so3.as_matrix(Q)
err = np.max(np.abs(evaluate_so3(F_hat_rot, Rs) - evaluate_so3(F_hat, Qm.T @ Rs)))
print(f"lmax={lmax}: max |[L_Q f ⋆ ψ](R) - [f ⋆ ψ](Q^-1 R)| over 50 rotations = {err:.1e}")
print(f"coefficient form: max |F̂(L_Q f) - conj(D(Q)) F̂(f)| = "
      f"{np.max(np.abs(F_hat_rot - act_on_so3_coefficients(F_hat, Q))):.1e}")
Psi_hat = s2_so3_correlation(psi_hat, psi_hat)  # any SO(3) filter; here a self-correlation
G, G_rot = so3_so3_correlation(F_hat, Psi_hat), so3_so3_correlation(F_hat_rot, Psi_hat)
print(f"SO(3) -> SO(3) layer: coefficient equivariance error "
      f"{np.max(np.abs(G_rot - act_on_so3_coefficients(G, Q))) / np.max(np.abs(G)):.1e} (relative)")

# Maps: f and L_Q f on a lat-lon grid, F and F_rot on the slice γ = 0 over (α, β).
th, ph = np.linspace(0, np.pi, 60), np.linspace(-np.pi, np.pi, 120)
T, P = np.meshgrid(th, ph, indexing="ij")
xyz = np.stack([np.sin(T) * np.cos(P), np.sin(T) * np.sin(P), np.cos(T)], -1).reshape(-1, 3)
R_slice = so3.as_matrix(so3.from_euler(P.ravel(), T.ravel(), np.zeros(P.size)))
panels = [
    (evaluate_s2(f_hat, xyz).real, "f(θ, φ)"),
    (evaluate_s2(act_on_s2_coefficients(f_hat, Q), xyz).real, "f(Q⁻¹x)"),
    (evaluate_so3(F_hat, R_slice).real, "[f ⋆ ψ](α, β, 0)"),
    (evaluate_so3(F_hat_rot, R_slice).real, "[L_Q f ⋆ ψ](α, β, 0)"),
]
fig, axes = plt.subplots(1, 4, figsize=(15, 3.4))
for ax, (vals, title) in zip(axes, panels):
    ax.imshow(vals.reshape(T.shape), extent=(-180, 180, 180, 0), aspect="auto", cmap="viridis")
    ax.set_title(title)
    ax.set_xlabel("φ or α (deg)")
axes[0].set_ylabel("θ or β (deg)")
fig.tight_layout()
fig.savefig(out / "layers_spherical_cnn.png", dpi=90)
print(f"saved {out / 'layers_spherical_cnn.png'}")

"""Infinite-width (NNGP / NTK) kernels of equivariant networks (issue 11; being built)."""

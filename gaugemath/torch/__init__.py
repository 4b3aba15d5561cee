"""Differentiable PyTorch transforms and layers (issue 14; being built)."""

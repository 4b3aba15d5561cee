"""Discrete gauge theory on triangle meshes (issue 13; being built)."""

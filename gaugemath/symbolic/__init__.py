"""Exact (SymPy) values and exact checks.  Re-exports are added as modules land."""

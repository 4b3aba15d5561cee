"""Groups with one batched-array interface (:class:`~gaugemath.groups.base.Group`)."""

from .base import Group as Group

__all__ = ["Group"]

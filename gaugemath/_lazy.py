"""PEP 562 lazy attributes of a package: the one implementation behind ``gaugemath``,
``gaugemath.symbolic`` and ``gaugemath.ntk``."""

from __future__ import annotations

import importlib


def lazy_attributes(package: str, namespace: dict, exports: dict, submodules=()):
    """``(__getattr__, __dir__)`` for ``package``: a name in ``submodules`` imports
    ``package.<name>``; a name in ``exports`` imports ``package.<exports[name]>`` and takes that
    attribute.  The value is stored in ``namespace`` (the package's globals), so later lookups
    do not come back here."""
    submodules = frozenset(submodules)

    def __getattr__(name: str):
        if name in submodules:
            value = importlib.import_module(f"{package}.{name}")
        elif name in exports:
            value = getattr(importlib.import_module(f"{package}.{exports[name]}"), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(namespace.get("__all__", ())))

    return __getattr__, __dir__

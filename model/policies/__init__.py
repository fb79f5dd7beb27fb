"""Levers (policies) and external scenarios, one module each, all with the same hooks.

Every module in this package is imported here, and each ``Policy`` subclass with a
``name`` registers itself in ``CATALOGUE`` (see ``base.py``): adding a lever is adding
its module (and its test), nothing else. The catalogue is ordered by ``rank``.
"""

import importlib
import pkgutil

from model.policies.base import CATALOGUE as _REGISTERED
from model.policies.base import Policy

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")  # registers the module's policies

CATALOGUE: dict[str, type[Policy]] = dict(
    sorted(_REGISTERED.items(), key=lambda item: (item[1].rank, item[0]))
)
LEVERS = {name: cls for name, cls in CATALOGUE.items() if cls.kind == "lever"}
EXTERNALS = {name: cls for name, cls in CATALOGUE.items() if cls.kind != "lever"}

__all__ = ["CATALOGUE", "EXTERNALS", "LEVERS", "Policy"]

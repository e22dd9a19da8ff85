"""The Publishing section (seed 004, our own products). Its page modules register
themselves with @page when imported, as the top-level pages do."""

from __future__ import annotations

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

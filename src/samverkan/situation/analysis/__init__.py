"""Pure analysis of the lägesbild: numpy/scipy functions on arrays, no database, no HTTP.

The names below load their module (and scipy) when first used, not when the server starts.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "gi_star": "hotspots",
    "KnoxResult": "knox",
    "knox_test": "knox",
    "Signals": "signals",
    "detect": "signals",
    "ears": "signals",
    "farrington_flexible": "signals",
    "farrington_threshold": "signals",
    "noufaily_threshold": "signals",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)

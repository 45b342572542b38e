"""Pure analysis of the lägesbild: numpy/scipy functions on arrays, no database, no HTTP."""

from samverkan.situation.analysis.hotspots import gi_star
from samverkan.situation.analysis.knox import KnoxResult, knox
from samverkan.situation.analysis.signals import (
    Signals,
    detect,
    ears,
    farrington_flexible,
    farrington_threshold,
    noufaily_threshold,
)

__all__ = [
    "KnoxResult",
    "Signals",
    "detect",
    "ears",
    "farrington_flexible",
    "farrington_threshold",
    "gi_star",
    "knox",
    "noufaily_threshold",
]

"""Pure analysis of the lägesbild: numpy/scipy functions on arrays, no database, no HTTP."""

from samverkan.situation.analysis.hotspots import gi_star

__all__ = ["gi_star"]

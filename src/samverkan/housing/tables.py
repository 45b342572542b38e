"""Every table of the housing domain, the one module the composition root loads: the
disturbance cases (:mod:`.models`), eviction prevention (:mod:`.eviction_models`), safety walks
and their work orders (:mod:`.walk_models`), safety plans (:mod:`.plan_models`) and the bosocial
contracts of "En väg in" (:mod:`.bosocial_models`)."""

from __future__ import annotations

from samverkan.housing import (  # noqa: F401  (their tables join Base.metadata)
    bosocial_models,
    eviction_models,
    models,
    plan_models,
    walk_models,
)

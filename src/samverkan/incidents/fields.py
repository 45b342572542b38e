"""The incident's fields by the model's names: the one list that intake, import and insert
derive theirs from, so that a new column is added in the model and nowhere by position."""

from __future__ import annotations

from samverkan.incidents.models import Incident
from samverkan.incidents.schemas import IncidentIn

# Every stored field of an incident (its id aside), in the table's order.
COLUMNS: tuple[str, ...] = tuple(c.name for c in Incident.__table__.columns if not c.primary_key)

# What the service decides itself rather than store as given: the area and precision (placed
# from the point), the texts (redacted first).
_DECIDED = frozenset({"area_id", "precision", "place_name", "place_detail", "description"})

# What a report (web form or API, ``IncidentIn``) gives and its incident keeps as it is.
AS_GIVEN: tuple[str, ...] = tuple(
    f for f in IncidentIn.model_fields if f in COLUMNS and f not in _DECIDED
)

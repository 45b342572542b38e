"""Turning stored incidents into API output (times shown in Stockholm time)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from samverkan.core.timeutil import to_local
from samverkan.incidents.models import Category, Incident
from samverkan.incidents.schemas import CategoryOut, IncidentOut


def incident_out(inc: Incident, lang: str = "sv") -> IncidentOut:
    return IncidentOut(
        id=inc.id,
        category=inc.category.code,
        category_label=inc.category.label(lang),
        organisation=inc.org.name,
        occurred_at=to_local(inc.occurred_at),
        occurred_end=to_local(inc.occurred_end) if inc.occurred_end else None,
        time_band=inc.time_band,
        reported_at=to_local(inc.reported_at),
        area_id=inc.area_id,
        area=inc.area.name if inc.area else None,
        lat=inc.lat,
        lon=inc.lon,
        precision=inc.precision,
        place_name=inc.place_name,
        place_type=inc.place_type,
        place_detail=inc.place_detail,
        description=inc.description,
        severity=inc.severity,
        suspected=inc.suspected,
        people_count=inc.people_count,
        youth_involved=inc.youth_involved,
        police_report_filed=inc.police_report_filed,
        police_report_ref=inc.police_report_ref,
        visibility=inc.visibility,
        status=inc.status,
        duplicate_of=inc.duplicate_of_id,
        source=inc.source,
        external_id=inc.external_id,
        url=inc.url,
    )


def category_out(c: Category, by_id: dict[int, Category]) -> CategoryOut:
    parent = by_id.get(c.parent_id) if c.parent_id else None
    return CategoryOut(
        code=c.code,
        parent=parent.code if parent else None,
        label_sv=c.label_sv,
        label_en=c.label_en,
        retired=c.retired_at is not None,
    )


# Sections that domains above this one add to an incident's page (the actions say what was done
# about it): each takes (session, principal, incident) and returns (title, [(text, url)]) or None.
DetailSection = Callable[[Any, Any, Any], tuple[str, list[tuple[str, str]]] | None]
DETAIL_SECTIONS: list[DetailSection] = []


def register_detail_section(section: DetailSection) -> None:
    if section not in DETAIL_SECTIONS:
        DETAIL_SECTIONS.append(section)

"""Filing and changing incidents: redaction, placing in an area, de-duplication, audit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.db import utcnow
from samverkan.core.errors import N_, Conflict, Invalid, NotFound, PermissionDenied
from samverkan.core.redaction import redact
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.incidents import queries
from samverkan.incidents.fields import AS_GIVEN
from samverkan.incidents.models import Category, Incident
from samverkan.incidents.schemas import CategoryIn, IncidentIn, IncidentPatch, Removed
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal


@dataclass
class Filed:
    """The outcome of filing: the incident, whether it is new, and what redaction removed."""

    incident: Incident
    created: bool
    removed: Removed


def active_category(session: Session, code: str) -> Category:
    cat = queries.category_by_code(session, code)
    if cat is None:
        raise Invalid(N_("unknown category %(code)s"), field="category", code=code)
    if cat.retired_at is not None:
        raise Invalid(N_("category %(code)s is retired"), field="category", code=code)
    return cat


def _clean(*texts: str) -> tuple[list[str], Removed]:
    pnr = phone = email = 0
    out = []
    for t in texts:
        r = redact(t)
        pnr += r.personnummer
        phone += r.phone
        email += r.email
        out.append(r.text)
    return out, Removed(personnummer=pnr, phone=phone, email=email)


def place_area(session: Session, p: Principal, data: IncidentIn) -> Area | None:
    """The area of a report: looked up from the point, or the given (visible) area."""
    found = None
    if data.lat is not None and data.lon is not None:
        found = geo_queries.area_index(session).lookup_one(data.lon, data.lat)
    if data.area_id is None and found is None:
        return None
    visible = geo_queries.visible_area_ids(session, p)  # once for both checks
    given = None
    if data.area_id is not None:
        given = geo_queries.visible_area(session, visible, data.area_id)
        if given is None:
            raise NotFound(N_("area %(id)s not found"), field="area_id", id=data.area_id)
    if found is not None:
        # an area the reporter may not see is neither named nor used
        placed = geo_queries.visible_area(session, visible, found)
        if placed is not None:
            return placed
    return given


def file_incident(
    session: Session, p: Principal, data: IncidentIn, *, source: str, org_id: int | None = None
) -> Filed:
    """Store a report for the principal's organisation; a known external id returns the old one."""
    org = org_id if org_id is not None else p.org_id
    if org is None or not policy.can_report(p, org):
        raise PermissionDenied(N_("you may not report incidents for this organisation"))
    if data.external_id:
        existing = queries.by_external_id(session, source, org, data.external_id)
        if existing is not None:
            return Filed(existing, False, Removed())
    category = active_category(session, data.category)
    (description, place_name, place_detail), removed = _clean(
        data.description, data.place_name, data.place_detail
    )
    area = place_area(session, p, data)
    if area is None:
        # a report in no area of the reporter's EST groups would reach nobody but its author
        raise Invalid(
            N_("the place lies outside the areas your EST groups cover; check lat and lon"),
            field="lat",
        )
    inc = Incident(
        **{f: getattr(data, f) for f in AS_GIVEN},
        org_id=org,
        reporter_user_id=p.user_id,
        reporter_token_id=p.token_id,
        category_id=category.id,
        area_id=area.id,
        precision=data.precision or "omrade",
        place_name=place_name,
        place_detail=place_detail,
        description=description,
        source=source,
        redacted_count=removed.personnummer + removed.phone + removed.email,
    )
    inc.category = category  # loaded above: the answer needs no second read of them
    inc.area = area
    try:
        # added inside the savepoint: begin_nested() flushes what is pending before it emits
        # SAVEPOINT, so a clash of an incident added before it would abort the whole
        # transaction (PostgreSQL: the lookup below then fails, and the caller gets a 500)
        with session.begin_nested():
            session.add(inc)
            session.flush()
    except IntegrityError:
        # A concurrent request stored the same external id first: answer with that one.
        existing = queries.by_external_id(session, source, org, data.external_id or "")
        if existing is None:
            raise
        return Filed(existing, False, Removed())
    audit.record(
        session,
        "incident.create",
        actor=p,
        object_type="incident",
        object_id=inc.id,
        detail={"source": source, "redacted": inc.redacted_count},
    )
    return Filed(inc, True, removed)


# What the reporting organisation may change as it is (the point and the external id stay as
# filed; category and texts are checked and redacted apart).
EDITABLE = tuple(f for f in AS_GIVEN if f not in {"lat", "lon", "external_id"})


def update_incident(
    session: Session, p: Principal, incident_id: int, patch: IncidentPatch
) -> tuple[Incident, Removed]:
    """Change a report: content by the reporting organisation, review status by a samordnare."""
    inc = queries.incident(session, p, incident_id)
    if inc is None:
        raise NotFound(N_("incident not found"))
    given = patch.model_dump(exclude_unset=True)
    review: dict[str, Any] = {k: given.pop(k) for k in ("status", "duplicate_of") if k in given}
    if given and not policy.can_edit_incident(p, inc.org_id):
        raise PermissionDenied(N_("only the reporting organisation may change the report"))
    if review and not (policy.can_review_incidents(p) or policy.can_edit_incident(p, inc.org_id)):
        raise PermissionDenied(N_("only an EST samordnare may review reports"))
    removed = Removed()
    if "category" in given:
        inc.category = active_category(session, given.pop("category"))
    texts = {k: given.pop(k) for k in ("description", "place_name", "place_detail") if k in given}
    if texts:
        cleaned, removed = _clean(*[v or "" for v in texts.values()])
        for name, value in zip(texts, cleaned, strict=True):
            setattr(inc, name, value)
        inc.redacted_count += removed.personnummer + removed.phone + removed.email
    for key in EDITABLE:
        if key in given:
            setattr(inc, key, given[key])
    if inc.occurred_end is not None and inc.occurred_end < inc.occurred_at:
        raise Invalid(N_("occurred_end is before occurred_at"), field="occurred_end")
    if review:
        _review(session, p, inc, review)
    audit.record(
        session,
        "incident.update",
        actor=p,
        object_type="incident",
        object_id=inc.id,
        detail={"fields": sorted([*given, *texts, *review])},
    )
    return inc, removed


def _review(session: Session, p: Principal, inc: Incident, review: dict[str, Any]) -> None:
    status = review.get("status")
    duplicate_of = review.get("duplicate_of")
    if duplicate_of is not None:
        original = queries.incident(session, p, int(duplicate_of))
        if original is not None and original.duplicate_of_id is not None:
            # point at the report the duplicate repeats, so that chains and cycles never form
            original = queries.incident(session, p, original.duplicate_of_id)
        if original is None or original.id == inc.id:
            raise NotFound(N_("incident %(id)s not found"), field="duplicate_of", id=duplicate_of)
        inc.duplicate_of_id = original.id
        inc.status = "dubblett"
    elif status == "dubblett":
        raise Invalid(
            N_("a duplicate needs duplicate_of: the report it repeats"), field="duplicate_of"
        )
    if status in ("mottagen", "granskad"):
        inc.status = str(status)
        inc.duplicate_of_id = None


def add_category(session: Session, actor: Principal | None, data: CategoryIn) -> Category:
    """Add a category (a platform administrator, or the CLI with ``actor=None``)."""
    if actor is not None and not policy.can_manage_taxonomy(actor):
        raise PermissionDenied(N_("only a platform administrator may change the categories"))
    if queries.category_by_code(session, data.code) is not None:
        raise Conflict(
            N_("a category with code %(code)s already exists"), field="code", code=data.code
        )
    parent = None
    if data.parent:
        parent = queries.category_by_code(session, data.parent)
        if parent is None:
            raise Invalid(N_("unknown category %(code)s"), field="parent", code=data.parent)
    last = max((c.sort_order for c in queries.categories(session, include_retired=True)), default=0)
    cat = Category(
        code=data.code,
        label_sv=data.label_sv,
        label_en=data.label_en,
        description_sv=data.description_sv,
        parent_id=parent.id if parent else None,
        sort_order=last + 10,
    )
    session.add(cat)
    session.flush()
    audit.record(
        session,
        "category.add",
        actor=actor,
        object_type="category",
        object_id=cat.id,
        detail={"code": cat.code},
    )
    return cat


def set_category_retired(
    session: Session, actor: Principal | None, code: str, retired: bool
) -> Category:
    """Retire a category (no new reports use it; old ones keep it), or bring it back."""
    if actor is not None and not policy.can_manage_taxonomy(actor):
        raise PermissionDenied(N_("only a platform administrator may change the categories"))
    cat = queries.category_by_code(session, code)
    if cat is None:
        raise NotFound(N_("unknown category %(code)s"), field="code", code=code)
    cat.retired_at = utcnow() if retired else None
    audit.record(
        session,
        "category.retire" if retired else "category.restore",
        actor=actor,
        object_type="category",
        object_id=cat.id,
    )
    return cat


def delete_category(session: Session, actor: Principal | None, code: str) -> None:
    """Delete a category nobody has used; a used one can only be retired."""
    if actor is not None and not policy.can_manage_taxonomy(actor):
        raise PermissionDenied(N_("only a platform administrator may change the categories"))
    cat = queries.category_by_code(session, code)
    if cat is None:
        raise NotFound(N_("unknown category %(code)s"), field="code", code=code)
    if queries.category_usage(session).get(cat.id, 0) or queries.has_children(session, cat.id):
        raise Conflict(
            N_("category %(code)s is in use: retire it instead"), field="code", code=code
        )
    session.delete(cat)
    audit.record(
        session,
        "category.delete",
        actor=actor,
        object_type="category",
        object_id=cat.id,
        detail={"code": code},
    )

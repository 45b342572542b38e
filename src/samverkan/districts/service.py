"""The rules of a district's facts: importing statistics files into the indicators, typing in
a value, keeping the profile, writing dialogue notes and adding an indicator of one's own.

Who may (:mod:`samverkan.orgs.policy.districts`): the analysts, coordinators and admins of a
municipality or housing company; a district the caller may not see is :class:`NotFound`.
Every write checks everything before it adds anything (nothing is half-saved) and is audited
with codes and numbers only. The caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.core import audit
from samverkan.core.errors import N_, Invalid, NotFound
from samverkan.core.redaction import redact
from samverkan.districts import queries
from samverkan.districts.models import (
    AreaProfile,
    DialogueNote,
    Indicator,
    IndicatorValue,
    StatImport,
)
from samverkan.districts.schemas import DialogueNoteIn, IndicatorIn, ProfileIn, ValueIn
from samverkan.districts.statfile import StatTable
from samverkan.geo import queries as geo_queries
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.acting import acting_org
from samverkan.orgs.policy import Principal

AREA_NOT_FOUND = N_("district %(id)s not found")


def reader(p: Principal | None, message: str = N_("not found")) -> None:
    """404 unless ``p`` is one of the district work's partners (municipality, housing company,
    police)."""
    if not policy.can_read_districts(p):
        raise NotFound(message)


def editor(p: Principal, org_id: int | None = None) -> int:
    """The municipality or housing company ``p`` keeps district facts for."""
    return acting_org(policy.district_editor_org_ids(p), org_id, "org_id")


def editable_area(session: Session, p: Principal, area_id: int) -> Area:
    """The area, when ``p`` may keep its facts (404 when it may not see it)."""
    a = queries.area(session, p, area_id)
    if a is None or not policy.can_edit_districts(p):
        raise NotFound(AREA_NOT_FOUND, field="area_id", id=area_id)
    return a


def indicator(session: Session, code: str, field: str) -> Indicator:
    """The indicator of ``code``, refused naming ``field`` when there is none."""
    ind = queries.indicator_by_code(session, code)
    if ind is None:
        raise Invalid(N_("no such indicator: %(code)s"), field=field, code=code)
    return ind


def _importable(session: Session, code: str, field: str) -> Indicator:
    """An indicator values may be stored for: not one counted from EST's reports."""
    ind = indicator(session, code, field)
    if ind.est_category:
        raise Invalid(
            N_("%(code)s is counted from EST's own reports and cannot be imported"),
            field=field,
            code=code,
        )
    return ind


@dataclass(frozen=True)
class ImportResult:
    """What an import did; ``unmatched`` are the file's codes that match no area."""

    record: StatImport
    added: int
    updated: int
    unchanged: int
    unmatched: list[dict[str, str]]


def import_table(
    session: Session,
    p: Principal,
    table: StatTable,
    filename: str,
    mapping: Mapping[str, str],
    *,
    org_id: int | None = None,
) -> ImportResult:
    """Read a parsed statistics file into the indicators: each of the file's variables named in
    ``mapping`` goes to that indicator; codes are matched to ``Area.code``. A value already
    stored for the indicator, area and year is replaced, so a re-import of a newer year adds
    that year and changes nothing else; missing values (``..``) are skipped. Codes that match
    no area are kept in the import's record, never silently dropped."""
    owner = editor(p, org_id)
    if not mapping:
        raise Invalid(N_("name at least one column and the indicator it goes to"), field="mapping")
    unknown = [v for v in mapping if v not in table.variables]
    if unknown:
        raise Invalid(
            N_("the file has no column %(name)s; it has %(names)s"),
            field="mapping",
            name=unknown[0],
            names=", ".join(table.variables),
        )
    targets = {var: _importable(session, code, "mapping") for var, code in mapping.items()}
    # only the areas the importer may see: another municipality's codes are unmatched here
    seen = geo_queries.visible_area_ids(session, p)
    coded = select(Area.id, Area.code).where(Area.code.is_not(None))
    if seen is not None:
        coded = coded.where(Area.id.in_(seen or {-1}))
    by_code: dict[str, int] = {}
    for area_id, code in session.execute(coded):
        by_code.setdefault(str(code).strip().upper(), area_id)
    unmatched = [
        {"code": c, "name": table.names.get(c, "")}
        for c in table.codes
        if c.strip().upper() not in by_code
    ]
    rows = [
        (targets[v.variable].id, by_code[v.code.strip().upper()], v.year, v.value)
        for v in table.values
        if v.variable in targets and v.value is not None and v.code.strip().upper() in by_code
    ]
    ind_ids = {t.id for t in targets.values()}
    area_ids = {r[1] for r in rows}
    existing: dict[tuple[int, int, int], IndicatorValue] = {}
    if rows:
        stmt = select(IndicatorValue).where(
            IndicatorValue.indicator_id.in_(ind_ids), IndicatorValue.area_id.in_(area_ids)
        )
        existing = {(v.indicator_id, v.area_id, v.year): v for v in session.scalars(stmt)}
    record = StatImport(
        filename=filename[:200],
        format=table.format,
        title=table.title or "",
        source=table.source or "",
        indicator_codes=sorted({t.code for t in targets.values()}),
        years=list(table.years),
        unmatched=unmatched,
        org_id=owner,
        user_id=p.user_id,
    )
    session.add(record)
    session.flush()
    added = updated = unchanged = 0
    for ind_id, area_id, year, value in rows:
        old = existing.get((ind_id, area_id, year))
        if old is None:
            new = IndicatorValue(
                indicator_id=ind_id, area_id=area_id, year=year, value=value, import_id=record.id
            )
            session.add(new)
            existing[(ind_id, area_id, year)] = new
            added += 1
        elif old.value != value:
            old.value = value
            old.import_id = record.id
            updated += 1
        else:
            unchanged += 1
    record.added, record.updated = added, updated
    audit.record(
        session,
        "district.import",
        actor=p,
        object_type="district_stat_import",
        object_id=record.id,
        org_id=owner,
        detail={
            "format": table.format,
            "added": added,
            "updated": updated,
            "unmatched": len(unmatched),
            "years": list(table.years),
        },
    )
    session.flush()
    return ImportResult(record, added, updated, unchanged, unmatched)


def set_value(session: Session, p: Principal, data: ValueIn) -> IndicatorValue:
    """Type in (or correct) one indicator value of a district and year."""
    editor(p)
    ind = _importable(session, data.indicator, "indicator")
    editable_area(session, p, data.area_id)
    row = session.scalar(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id == ind.id,
            IndicatorValue.area_id == data.area_id,
            IndicatorValue.year == data.year,
        )
    )
    if row is None:
        row = IndicatorValue(
            indicator_id=ind.id, area_id=data.area_id, year=data.year, value=data.value
        )
        session.add(row)
    else:
        row.value = data.value
        row.import_id = None
    session.flush()
    audit.record(
        session,
        "district.value",
        actor=p,
        object_type="district_indicator_value",
        object_id=row.id,
        detail={"indicator": ind.code, "area_id": data.area_id, "year": data.year},
    )
    return row


def save_profile(session: Session, p: Principal, area_id: int, data: ProfileIn) -> AreaProfile:
    """Keep the profile's facts of a district (the police classification, the area type, the
    homes planned and finished)."""
    owner = editor(p)
    editable_area(session, p, area_id)
    prof = session.get(AreaProfile, area_id)
    if prof is None:
        prof = AreaProfile(area_id=area_id)
        session.add(prof)
    for name, value in data.model_dump().items():
        setattr(prof, name, value)
    prof.updated_by_org_id = owner
    session.flush()
    audit.record(
        session,
        "district.profile",
        actor=p,
        object_type="area",
        object_id=area_id,
        org_id=owner,
        detail={"police_class": data.police_class, "area_type": data.area_type},
    )
    return prof


def add_note(
    session: Session, p: Principal, area_id: int, data: DialogueNoteIn, *, org_id: int | None = None
) -> DialogueNote:
    """Write down what residents said; personal data is removed before it is stored."""
    owner = editor(p, org_id)
    editable_area(session, p, area_id)
    title, body = redact(data.title), redact(data.body)
    note = DialogueNote(
        area_id=area_id,
        org_id=owner,
        held_on=data.held_on,
        kind=data.kind,
        title=title.text,
        body=body.text,
        participants=data.participants,
        redacted_count=title.total + body.total,
    )
    session.add(note)
    session.flush()
    audit.record(
        session,
        "district.note",
        actor=p,
        object_type="district_dialogue_note",
        object_id=note.id,
        org_id=owner,
        detail={"area_id": area_id, "redacted": note.redacted_count},
    )
    return note


def create_indicator(session: Session, p: Principal, data: IndicatorIn) -> Indicator:
    """An indicator of one's own beside the catalogue's."""
    owner = editor(p)
    if queries.indicator_by_code(session, data.code) is not None:
        raise Invalid(N_("the code %(code)s is taken"), field="code", code=data.code)
    ind = Indicator(**{**data.model_dump(), "name_en": data.name_en or data.name_sv})
    session.add(ind)
    session.flush()
    audit.record(
        session,
        "district.indicator",
        actor=p,
        object_type="district_indicator",
        object_id=ind.id,
        org_id=owner,
        detail={"code": data.code},
    )
    return ind

"""The district facts' rules on a real database: a statistics table read into the indicators
(unmatched codes listed, a newer year added without duplicates), EST's weekly totals as an
indicator with no second count, and who may write."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import Invalid, NotFound
from samverkan.core.models import AuditEvent
from samverkan.districts import queries, service
from samverkan.districts.models import IndicatorValue, StatImport
from samverkan.districts.schemas import DialogueNoteIn, ProfileIn, ValueIn
from samverkan.districts.statfile import StatTable, StatValue
from samverkan.orgs import queries as org_queries
from tests.districts.conftest import DAY, DistrictWorld


def table(rows: list[tuple[str, int, str, float | None]]) -> StatTable:
    codes = tuple(dict.fromkeys(r[0] for r in rows))
    return StatTable(
        format="csv",
        title=None,
        source=None,
        unit=None,
        variables=tuple(dict.fromkeys(r[2] for r in rows)),
        years=tuple(sorted({r[1] for r in rows})),
        codes=codes,
        names={"9999X001": "Okänt område"},
        values=tuple(StatValue(c, y, v, x) for c, y, v, x in rows),
    )


def stored(db: Session, code: str) -> dict[tuple[int, int], float]:
    ind = queries.indicator_by_code(db, code)
    assert ind is not None
    stmt = select(IndicatorValue).where(IndicatorValue.indicator_id == ind.id)
    return {(v.area_id, v.year): v.value for v in db.scalars(stmt)}


def test_import_lists_unmatched_codes_and_a_newer_year_adds_without_duplicates(
    dw: DistrictWorld, db: Session
) -> None:
    s, r = dw.areas["Skäggetorp"], dw.areas["Ryd"]
    first = table(
        [
            ("0580R005", 2023, "sysselsatta", 51.2),
            ("0580R005", 2024, "sysselsatta", 53.0),
            ("0580r010", 2024, "sysselsatta", 62.5),  # a code in another case still matches
            ("9999X001", 2024, "sysselsatta", 70.0),
            ("0580R005", 2024, "ohalsa", None),  # missing in the file: skipped
        ]
    )
    got = service.import_table(
        db, dw.analyst, first, "bas.csv", {"sysselsatta": "sysselsattning_20_64"}
    )
    db.commit()
    assert (got.added, got.updated, got.unchanged) == (3, 0, 0)
    assert got.unmatched == [{"code": "9999X001", "name": "Okänt område"}]
    assert stored(db, "sysselsattning_20_64") == {(s, 2023): 51.2, (s, 2024): 53.0, (r, 2024): 62.5}

    newer = table(
        [
            ("0580R005", 2024, "sysselsatta", 53.0),
            ("0580R005", 2025, "sysselsatta", 54.4),
            ("0580R010", 2025, "sysselsatta", 63.1),
        ]
    )
    again = service.import_table(
        db, dw.analyst, newer, "bas-2025.csv", {"sysselsatta": "sysselsattning_20_64"}
    )
    db.commit()
    assert (again.added, again.updated, again.unchanged) == (2, 0, 1)
    values = stored(db, "sysselsattning_20_64")
    assert len(values) == 5 and values[(s, 2025)] == 54.4 and values[(s, 2024)] == 53.0
    n = db.scalar(select(func.count()).select_from(IndicatorValue))
    assert n == 5
    record = db.get(StatImport, again.record.id)
    assert record is not None and record.years == [2024, 2025] and record.added == 2
    audit = db.scalars(select(AuditEvent).where(AuditEvent.action == "district.import")).all()
    assert len(audit) == 2 and audit[0].detail["unmatched"] == 1


def test_an_import_reaches_only_the_areas_the_importer_sees(dw: DistrictWorld, db: Session) -> None:
    """Norrköping's samordnare importing Linköping's codes: listed as unmatched, nothing stored
    in Linköping's districts."""
    t = table([("0580R005", 2025, "a", 1.0), ("0580R010", 2025, "a", 2.0)])
    got = service.import_table(db, dw.outsider, t, "n.csv", {"a": "trygghetsindex"})
    db.commit()
    assert got.added == 0 and [u["code"] for u in got.unmatched] == ["0580R005", "0580R010"]
    assert db.scalar(select(func.count()).select_from(IndicatorValue)) == 0


def test_a_refused_import_stores_nothing(dw: DistrictWorld, db: Session) -> None:
    t = table([("0580R005", 2024, "a", 1.0), ("0580R005", 2024, "b", 2.0)])
    with pytest.raises(Invalid) as exc:
        service.import_table(
            db, dw.analyst, t, "x.csv", {"a": "trygghetsindex", "b": "inget_sadant"}
        )
    assert exc.value.field == "mapping" and "inget_sadant" in str(exc.value)
    with pytest.raises(Invalid, match="EST"):
        service.import_table(db, dw.analyst, t, "x.csv", {"a": "est_klotter"})
    with pytest.raises(Invalid, match="no column c"):
        service.import_table(db, dw.analyst, t, "x.csv", {"c": "trygghetsindex"})
    db.rollback()
    assert db.scalar(select(func.count()).select_from(IndicatorValue)) == 0
    assert db.scalar(select(func.count()).select_from(StatImport)) == 0


def test_only_editors_of_a_visible_area_write(dw: DistrictWorld, db: Session) -> None:
    reader = org_queries.principal_for_user(db, dw.world.personas["rapportor"].user)
    t = table([("0580R005", 2024, "a", 1.0)])
    with pytest.raises(NotFound):
        service.import_table(db, reader, t, "x.csv", {"a": "trygghetsindex"})
    value = ValueIn(indicator="trygghetsindex", area_id=dw.areas["Skäggetorp"], year=2024, value=1)
    with pytest.raises(NotFound):
        service.set_value(db, dw.outsider, value)  # Norrköping's editor, Linköping's district
    with pytest.raises(NotFound):
        service.save_profile(db, dw.outsider, dw.areas["Skäggetorp"], ProfileIn(area_type=1))
    assert service.set_value(db, dw.bolag_analyst, value).value == 1


def test_dialogue_notes_are_redacted(dw: DistrictWorld, db: Session) -> None:
    note = service.add_note(
        db,
        dw.analyst,
        dw.areas["Skäggetorp"],
        DialogueNoteIn(
            held_on=DAY,
            title="Boendedialog på torget",
            body="Många vill ha bättre belysning. Ring Eva på 070-123 45 67 om mer.",
            participants=40,
        ),
    )
    assert "070-123" not in note.body and note.redacted_count == 1
    assert "belysning" in note.body


def test_est_indicators_are_the_weekly_totals_per_iso_year(dw: DistrictWorld, db: Session) -> None:
    s = dw.areas["Skäggetorp"]
    # EST begins in ISO week 1 of 2024; 2024-12-30 is in week 1 of 2025; 2026 is not whole on
    # DAY, so it is left out.
    for when in (
        "2024-01-02",
        "2024-03-05",
        "2024-11-11",
        "2024-12-30",
        "2025-06-01",
        "2026-02-02",
    ):
        dw.report(db, datetime.fromisoformat(when + "T12:00:00").replace(tzinfo=UTC), 58.43, 15.58)
    dw.report(db, datetime(2025, 5, 5, 12, tzinfo=UTC), 58.405, 15.56)  # Ryd
    db.commit()
    ind = queries.indicator_by_code(db, "est_klotter")
    assert ind is not None
    got = queries.series(db, dw.analyst, ind, [s, dw.areas["Linköping"]], DAY)
    assert got[s] == {2024: 3.0, 2025: 2.0}
    assert got[dw.areas["Linköping"]] == {2024: 3.0, 2025: 3.0}  # its districts within it
    other = queries.series(db, dw.outsider, ind, [s], DAY)  # sees none of Linköping's reports
    assert other[s] == {2024: 0.0, 2025: 0.0}


def test_the_year_est_began_in_counts_only_when_whole(dw: DistrictWorld, db: Session) -> None:
    for when in ("2024-03-05", "2025-06-01"):  # began in March 2024: 2024 would read as a fall
        dw.report(db, datetime.fromisoformat(when + "T12:00:00").replace(tzinfo=UTC), 58.43, 15.58)
    db.commit()
    ind = queries.indicator_by_code(db, "est_klotter")
    assert ind is not None
    assert queries.series(db, dw.analyst, ind, [dw.areas["Skäggetorp"]], DAY) == {
        dw.areas["Skäggetorp"]: {2025: 1.0}
    }

"""An agreement's follow-up exported (CSV and PDF), for the supporter's yearly report: the
figures read back with ``csv`` and ``pypdf`` against what was reported, who may export
(the agreement's two parties; everyone else 404), and the export's audit event."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.associations import export, service
from samverkan.associations.schemas import ActivityIn
from samverkan.core.i18n import translations
from samverkan.core.models import AuditEvent
from samverkan.orgs.models import User
from tests.associations.conftest import DAY, AssocWorld
from tests.conftest import login_client

_ = translations("sv").gettext


def _att(**people: int) -> list[dict[str, object]]:
    """``b7_12_flicka=4`` → attendance rows."""
    out = []
    for key, n in people.items():
        band, gender = key[1:].rsplit("_", 1)
        out.append({"age_band": band.replace("_", "-"), "gender": gender, "people": n})
    return out


def report(aw: AssocWorld, db: Session, held_on: date, title: str, **kw: object) -> None:
    data = {
        "agreement_id": aw.agreement.id,
        "held_on": held_on,
        "district_id": aw.world.ids["skaggetorp"],
        "kind": "idrott",
        "form": "traning",
        "title": title,
        "minutes": 90,
        "leaders": 1,
        **kw,
    }
    service.report_activity(db, aw.hemgarden, aw.hbk.id, ActivityIn.model_validate(data), DAY)


@pytest.fixture
def reported(assoc_world: AssocWorld, db: Session) -> AssocWorld:
    """Three activities under the agreement: two count under its LOK rules, one does not (45
    minutes, no leader, two children). 16 participant visits: 11 aged 7–12, 3 aged 13–16 and
    2 adults; 6 girls, 8 boys, 2 other."""
    aw = assoc_world
    report(aw, db, date(2026, 3, 10), "Vårträning", attendance=_att(b7_12_flicka=4, b13_16_pojke=3))
    report(
        aw,
        db,
        date(2026, 4, 14),
        "=Öppen fotboll",  # a title a spreadsheet would evaluate
        form="oppen",
        leaders=2,
        attendance=_att(b7_12_pojke=5, b26__annat=2),
    )
    report(
        aw,
        db,
        date(2026, 5, 20),
        "Kort pass",
        minutes=45,
        leaders=0,
        attendance=_att(b7_12_flicka=2),
    )
    db.commit()
    return aw


def sections(body: bytes) -> dict[str, list[list[str]]]:
    """The CSV's rows by section (its first cell), header rows left out."""
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    out: dict[str, list[list[str]]] = {}
    for row in rows:
        if row and row[0] != _("section"):
            out.setdefault(row[0], []).append(row[1:])
    return out


def test_the_csv_holds_the_agreement_its_commitments_reach_periods_and_activities(
    reported: AssocWorld, db: Session
) -> None:
    aw = reported
    c = aw.world.personas["forening"].client  # the association's reporter
    r = c.get(f"/foreningar/avtal/{aw.agreement.id}/uppfoljning.csv?dag={DAY.isoformat()}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert f"uppfoljning-avtal-{aw.agreement.id}-2026-06-30.csv" in r.headers["content-disposition"]
    text = r.content.decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert header[1:4] == ["förening", "organisationsnummer", _("supporter")]
    s = sections(r.content)

    [agreement] = s[_("agreement")]
    assert agreement[:4] == [
        "Hemgårdarnas BK",
        "802400-1235",
        "Stångåstaden",
        "Fotboll för Skäggetorp 2026",
    ]
    assert agreement[4:] == ["2026-01-01", "2026-12-31", "120000", "2026-06-30"]

    trainings, events = s[_("commitment")]
    assert trainings[0] == "30 öppna träningar för 7–20-åringar i Skäggetorp"
    # required, unit, delivered, expected by the day (30 × 181/365), share, status, matching
    assert trainings[1:8] == ["30", _("activities"), "2", "14,9", "7", "efter takten", "3"]
    shortfalls = ("too short", "too few leaders", "too few participants in the age range")
    assert trainings[8] == ", ".join(f"{_(w)}: 1" for w in shortfalls)
    assert events[1] == "2" and events[3] == "0" and events[7] == "0"

    assert dict(s[_("reach by age band")])["7–12"] == "11"
    assert dict(s[_("reach by age band")])["13–16"] == "3"
    assert dict(s[_("reach by age band")])["26+"] == "2"
    genders = dict(s[_("reach by gender")])
    assert genders == {
        "flickor och kvinnor": "6",
        "pojkar och män": "8",
        "annat eller ej angivet": "2",
    }
    assert s[_("reach by district")] == [["Skäggetorp", "16"]]
    assert s[_("activities by kind")] == [["idrott", "3"]]

    periods = s[_("payment period")]
    assert len(periods) == len(aw.agreement.periods) == 2
    assert [p[2] for p in periods] == ["60000", "60000"]
    assert {p[3] for p in periods} == {"väntar på rapporten"}

    lines = s[_("activity")]
    assert [x[0] for x in lines] == ["2026-03-10", "2026-04-14", "2026-05-20"]
    assert [x[8] for x in lines] == ["ja", "ja", "nej"]
    assert lines[1][4] == "'=Öppen fotboll"  # kept as text, never a formula
    assert lines[0][1:4] == ["Skäggetorp", "idrott", _("training session")]
    assert lines[2][5:8] == ["45", "0", "2"]
    assert lines[2][9].startswith(_("too short"))


def test_the_pdf_shows_the_same_figures_and_the_export_is_audited(
    reported: AssocWorld, db: Session, app: object
) -> None:
    aw = reported
    user = db.scalar(select(User).where(User.email == "stina@stangastaden.test"))
    assert user is not None  # Stångåstaden's case worker, who made the agreement
    c, _csrf = login_client(app, db, user)
    db.commit()
    r = c.get(f"/foreningar/avtal/{aw.agreement.id}/uppfoljning.pdf?dag=2026-06-30")
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(r.content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    flat = " ".join(text.split())
    assert "Hemgårdarnas BK" in flat and "Stångåstaden" in flat
    # "2 av 30", "0 av 2" in Swedish (the catalog's words, whatever its state)
    of = _("%(delivered)s of %(required)s")
    assert of % {"delivered": 2, "required": 30} in flat
    assert of % {"delivered": 0, "required": 2} in flat
    assert "efter takten" in flat
    assert "Skäggetorp" in flat and "Vårträning" in flat and "Kort pass" in flat
    assert "2026-06-30" in flat
    assert "60 000 kr" in flat.replace("\u00a0", " ")
    counted = _(
        "%(activities)s activities reported, %(counted)s of them count; "
        "%(visits)s participant visits."
    ) % {"activities": 3, "counted": 2, "visits": 16}
    assert " ".join(counted.split()) in flat

    events = list(db.scalars(select(AuditEvent).where(AuditEvent.action == "agreement.export")))
    assert len(events) == 1
    ev = events[0]
    assert ev.object_type == "association_agreement" and ev.object_id == str(aw.agreement.id)
    assert ev.user_id == user.id and ev.org_id == aw.agreement.supporter_org_id
    assert ev.detail == {"format": "pdf", "on": "2026-06-30", "activities": 3, "counted": 2}


def test_the_day_decides_what_counts_and_the_api_gives_the_same_csv(
    reported: AssocWorld, db: Session
) -> None:
    aw = reported
    c = aw.world.personas["forening"].client
    r = c.get(f"/foreningar/avtal/{aw.agreement.id}/uppfoljning.csv?dag=2026-04-30")
    s = sections(r.content)
    assert [x[0] for x in s[_("activity")]] == ["2026-03-10", "2026-04-14"]
    assert s[_("commitment")][0][3] == "2"
    api = c.get(
        f"/api/v1/associations/agreements/{aw.agreement.id}/followup.csv?on=2026-06-30",
        headers=aw.auth("hamid"),
    )
    assert api.status_code == 200, api.text
    assert [x[8] for x in sections(api.content)[_("activity")]] == ["ja", "ja", "nej"]
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "agreement.export"))
    assert [(e.org_id, e.detail["format"]) for e in events] == [
        (aw.hbk.org_id, "csv"),
        (aw.hbk.org_id, "csv"),
    ]


def test_another_supporter_the_police_and_anonymous_cannot_export(
    reported: AssocWorld, db: Session
) -> None:
    aw = reported
    w = aw.world
    for who in ("samordnare", "polis", "outsider", "rapportor"):
        for ext in ("csv", "pdf"):
            r = w.personas[who].client.get(f"/foreningar/avtal/{aw.agreement.id}/uppfoljning.{ext}")
            assert r.status_code == 404, (who, ext)
            assert "Hemgårdarnas" not in r.text
    r = w.personas["anonymous"].client.get(
        f"/foreningar/avtal/{aw.agreement.id}/uppfoljning.csv", follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    api = w.personas["forening"].client.get(
        f"/api/v1/associations/agreements/{aw.agreement.id}/followup.csv",
        headers=aw.auth("dina"),  # another association's reporter
    )
    assert api.status_code == 404
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "agreement.export")) is None


def test_the_builders_without_http(reported: AssocWorld, db: Session) -> None:
    v = export.view(db, reported.agreement, DAY)
    assert len(v.lines) == 3 and v.counted == 2
    assert [x.shortfalls for x in v.lines][2] == ["too_short", "no_leader", "too_few"]
    rows = export.table(v, lambda s: s, "en")
    assert rows[4][:3] == ["commitment", "30 öppna träningar för 7–20-åringar i Skäggetorp", "30"]
    assert rows[4][5] == "14.9"  # the reader's language decides the decimal mark
    assert "2 of 30 activities" in export.html(v, "en")
    assert _("%(delivered)s of %(required)s") % {"delivered": 2, "required": 30} in export.html(v)

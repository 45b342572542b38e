"""An agreement's follow-up to take away, for the supporter's yearly report: a CSV and an A4 PDF
of the same figures on a day — the agreement, each commitment's delivery against its pace, the
reach by age band, gender and district, the activities by kind, the payment periods and every
activity with whether it counts and why not.

The figures stay between the agreement's two parties (who may see the agreement), so nothing is
suppressed here; the district overview (:mod:`.overview`) is what leaves them.

Choices, as for the ESF+ export of the employment programs:

- **CSV**: UTF-8 with a byte-order mark and ``;`` between cells (what Excel set to Swedish
  opens directly), headers in the reader's language. One table of sections: every row starts
  with its section (the ``del`` column), each section opens with its own header row and ends
  with an empty row. Numbers as Swedish readers write them (a decimal comma), dates ISO
  ``YYYY-MM-DD``, codes in words. A cell that a spreadsheet would evaluate (``=``, ``+``, …)
  is kept as text.
- **PDF**: WeasyPrint from ``associations/export_followup_print.html`` (A4, DejaVu Sans, page
  numbers), with a bar per commitment: delivered against required, the pace's mark at what is
  expected by the day.
- **Audit**: the export only reads; :func:`record` gives the audit event for the caller to
  write aside (``orgs.deps.write_aside``), so a reading request writes nothing in its session.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverkan.associations import present, queries
from samverkan.associations.analysis.rules import shortfalls
from samverkan.associations.models import (
    AGE_BAND_LABELS,
    AGE_BANDS,
    FORM_LABELS,
    GENDER_LABELS,
    GENDERS,
    KIND_LABELS,
    PERIOD_STATUS_LABELS,
    SHORTFALL_LABELS,
    UNIT_LABELS,
    Activity,
    Agreement,
)
from samverkan.associations.schemas import FollowupOut
from samverkan.core import audit, numbers
from samverkan.core.errors import N_
from samverkan.core.i18n import translations
from samverkan.core.pace import STATUS_LABELS, WARNED
from samverkan.core.templating import environment
from samverkan.geo.models import Area
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal

SECTIONS = {
    "agreement": N_("agreement"),
    "commitment": N_("commitment"),
    "age_band": N_("reach by age band"),
    "gender": N_("reach by gender"),
    "district": N_("reach by district"),
    "kind": N_("activities by kind"),
    "period": N_("payment period"),
    "activity": N_("activity"),
}
SECTION = N_("section")
HEADERS: dict[str, tuple[str, ...]] = {
    "agreement": (
        N_("association"),
        N_("organisation number"),
        N_("supporter"),
        N_("agreement"),
        N_("start of the period"),
        N_("end of the period"),
        N_("amount (SEK)"),
        N_("followed up on"),
    ),
    "commitment": (
        N_("description"),
        N_("required"),
        N_("unit"),
        N_("delivered"),
        N_("expected by the day"),
        N_("share delivered (%)"),
        N_("status"),
        N_("activities of the commitment"),
        N_("not counted"),
    ),
    "age_band": (N_("age band"), N_("participant visits")),
    "gender": (N_("gender"), N_("participant visits")),
    "district": (N_("district"), N_("participant visits")),
    "kind": (N_("kind"), N_("activities")),
    "period": (
        N_("start of the period"),
        N_("end of the period"),
        N_("amount (SEK)"),
        N_("status"),
    ),
    "activity": (
        N_("date"),
        N_("district"),
        N_("kind"),
        N_("form"),
        N_("title"),
        N_("minutes"),
        N_("leaders"),
        N_("participants"),
        N_("counts"),
        N_("why not"),
    ),
}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Line:
    """One activity of the agreement, with whether it counts under its rules and why not."""

    activity: Activity
    district: str
    shortfalls: list[str]

    @property
    def counts(self) -> bool:
        return not self.shortfalls


@dataclass(frozen=True)
class View:
    """What both the CSV and the PDF show of agreement ``agreement`` on ``on``."""

    agreement: Agreement
    on: date
    followup: FollowupOut
    lines: list[Line]
    districts: dict[int, str]

    @property
    def counted(self) -> int:
        return sum(1 for x in self.lines if x.counts)


def view(session: Session, a: Agreement, on: date) -> View:
    """The follow-up of ``a`` on ``on`` and its activities held by then (the caller has checked
    that the reader may see the agreement)."""
    fu = present.followup(session, a, on)
    found = queries.activities(session, agreement_ids=[a.id], last=on)
    ids = {x.district_id for x in found} | set(fu.by_district)
    ids |= {c.district_id for c in a.commitments if c.district_id is not None}
    names: dict[int, str] = (
        {i: n for i, n in session.execute(select(Area.id, Area.name).where(Area.id.in_(ids)))}
        if ids
        else {}
    )
    rules = queries.rules(a)
    lines = []
    for x in found:
        f = queries.fact(x)
        why = shortfalls(rules, f.minutes, f.leaders, f.by_band)
        lines.append(Line(x, names.get(x.district_id, ""), why))
    return View(a, on, fu, lines, names)


def _cell(value: object) -> str:
    """A cell a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _share(share: float | None, lang: str) -> str:
    return "" if share is None else numbers.decimal(100 * share, lang, 0)


def table(v: View, gettext: Callable[[str], str], lang: str = "sv") -> list[list[str]]:
    """The export's rows, sections one after another (see the module)."""
    _ = gettext
    a, fu = v.agreement, v.followup
    out: list[list[str]] = []

    def section(key: str, rows: list[list[object]]) -> None:
        out.append([_(SECTION), *(_(h) for h in HEADERS[key])])
        out.extend([_(SECTIONS[key]), *(_cell(c) for c in row)] for row in rows)
        out.append([])

    section(
        "agreement",
        [
            [
                a.association.name,
                a.association.orgnr,
                a.supporter.name,
                a.title,
                a.period_start.isoformat(),
                a.period_end.isoformat(),
                a.amount_sek,
                v.on.isoformat(),
            ]
        ],
    )
    section(
        "commitment",
        [
            [
                c.description,
                c.required,
                _(UNIT_LABELS[c.unit]),
                c.delivered,
                numbers.decimal(c.expected, lang, 1),
                _share(c.share, lang),
                _(STATUS_LABELS[c.status]),
                c.matching,
                ", ".join(f"{_(SHORTFALL_LABELS[k])}: {n}" for k, n in c.not_counted.items()),
            ]
            for c in fu.commitments
        ],
    )
    section("age_band", [[AGE_BAND_LABELS[b], fu.by_age_band.get(b, 0)] for b in AGE_BANDS])
    section("gender", [[_(GENDER_LABELS[g]), fu.by_gender.get(g, 0)] for g in GENDERS])
    section(
        "district",
        [[v.districts.get(d, ""), n] for d, n in sorted(fu.by_district.items(), key=_by_name(v))],
    )
    section("kind", [[_(KIND_LABELS[k]), n] for k, n in sorted(fu.by_kind.items())])
    section(
        "period",
        [
            [
                x.period_start.isoformat(),
                x.period_end.isoformat(),
                x.amount_sek,
                _(PERIOD_STATUS_LABELS[x.status]),
            ]
            for x in fu.periods
        ],
    )
    section(
        "activity",
        [
            [
                x.activity.held_on.isoformat(),
                x.district,
                _(KIND_LABELS[x.activity.kind]),
                _(FORM_LABELS[x.activity.form]),
                x.activity.title,
                x.activity.minutes,
                x.activity.leaders,
                x.activity.participants,
                _("yes") if x.counts else _("no"),
                ", ".join(_(SHORTFALL_LABELS[k]) for k in x.shortfalls),
            ]
            for x in v.lines
        ],
    )
    return out


def _by_name(v: View) -> Callable[[tuple[int, int]], str]:
    return lambda item: v.districts.get(item[0], "").casefold()


def csv_body(v: View, gettext: Callable[[str], str], lang: str = "sv") -> bytes:
    """The CSV: UTF-8 with BOM, ``;`` between cells, CRLF line ends."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(table(v, gettext, lang))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def context(v: View) -> dict[str, Any]:
    """What the print template needs besides the translation functions."""
    return {
        "v": v,
        "a": v.agreement,
        "fu": v.followup,
        "age_bands": AGE_BANDS,
        "age_band_labels": AGE_BAND_LABELS,
        "genders": GENDERS,
        "gender_labels": GENDER_LABELS,
        "kind_labels": KIND_LABELS,
        "form_labels": FORM_LABELS,
        "unit_labels": UNIT_LABELS,
        "status_labels": STATUS_LABELS,
        "period_labels": PERIOD_STATUS_LABELS,
        "shortfall_labels": SHORTFALL_LABELS,
        "warned": WARNED,
        "districts_by_name": sorted(v.followup.by_district.items(), key=_by_name(v)),
    }


class PdfUnavailable(RuntimeError):
    """WeasyPrint's system libraries (Pango) are missing on this machine."""


def html(v: View, lang: str = "sv") -> str:
    """The printable page (A4) of the follow-up."""
    tr = translations(lang)
    return (
        environment()
        .get_template("associations/export_followup_print.html")
        .render(**context(v), lang=lang, _=tr.gettext, ngettext=tr.ngettext)
    )


def pdf(v: View, lang: str = "sv") -> bytes:
    """The follow-up as an A4 PDF."""
    try:
        import weasyprint  # loads Pango: only when a PDF is asked for
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise PdfUnavailable(f"PDF needs Pango: {exc}") from None
    body: bytes = weasyprint.HTML(string=html(v, lang)).write_pdf()
    return body


def filename(v: View, ext: str) -> str:
    return f"uppfoljning-avtal-{v.agreement.id}-{v.on.isoformat()}.{ext}"


def record(p: Principal, v: View, fmt: str) -> Callable[[Session], object]:
    """The export's audit event (codes and numbers only), to be written aside by the caller:
    under the caller's side of the agreement (the supporter, or the association)."""
    a = v.agreement
    org = a.supporter_org_id if policy.can_support(p, a.supporter_org_id) else a.association.org_id
    detail = {
        "format": fmt,
        "on": v.on.isoformat(),
        "activities": len(v.lines),
        "counted": v.counted,
    }

    def write(into: Session) -> object:
        return audit.record(
            into,
            "agreement.export",
            actor=p,
            object_type="association_agreement",
            object_id=a.id,
            org_id=org,
            detail=detail,
        )

    return write

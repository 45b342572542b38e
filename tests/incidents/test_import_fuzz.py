"""Property tests of the file import and the redactor: whatever a partner's file or a reporter's
text holds, nothing unexpected is raised and no personal data gets through.

The import runs in full (``bulk.import_file``: read, check, place, store) on the test database
of ``tests/conftest.py`` (SQLite or PostgreSQL), inside the test's rolled-back transaction.
A file either imports — every row counted once as stored, already there, rejected (with its
line) or skipped, and the weekly totals still equal a recount — or is refused whole with the
importer's own error (:class:`FileProblem`, :class:`MappingError`) naming the file, a line or
the missing column.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, sessionmaker

from samverkan.core.redaction import REPLACEMENT, is_personnummer, luhn_ok, redact
from samverkan.incidents import counts
from samverkan.incidents.bulk import ImportSummary, import_file
from samverkan.incidents.importers.rows import FIELDS, MappingError
from samverkan.incidents.importers.tabular import FileProblem
from samverkan.incidents.models import Incident
from tests.conftest import World

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_files = itertools.count()

# --- the import ------------------------------------------------------------------------------

ALIASES = sorted({a for aliases in FIELDS.values() for a in aliases[:2]})
ODD_CELLS = st.sampled_from(
    [
        "klotter",
        "Skadegörelse",
        "2026-11-20",
        "20/11/2026",
        "2026-02-30",
        "2099-01-01",
        "1999-12-31 23:59",
        "22:15",
        "25:61",
        "58,43",
        "15.58",
        "6478000",
        "536000",
        "Skäggetorp",
        "Ryd",
        "ja",
        "nej",
        "polis",
        "3",
        "-1",
        "nan",
        "inf",
        "1e308",
        "811218-9876",
        "070-123 45 67",
        "a@b.se",
        "=cmd|' /C calc'!A0",
        '"',
        "",
    ]
)
CELLS = st.one_of(
    st.text(max_size=30),
    ODD_CELLS,
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
# A partner's usual columns and what they usually hold (in the test world: Skäggetorp, Ryd)
GOOD = {
    "Datum": st.dates(date(2020, 1, 1), date(2026, 11, 1)).map(str),
    "Tid": st.times().map(lambda t: t.strftime("%H:%M")),
    "Kategori": st.sampled_from(["klotter", "Klotter", "skadegorelse", "Bilbrand", "brand"]),
    "Latitud": st.floats(58.421, 58.439).map(lambda v: f"{v:.5f}".replace(".", ",")),
    "Longitud": st.floats(15.571, 15.589).map(lambda v: f"{v:.5f}"),
    "Plats": st.sampled_from(["Skäggetorp", "Ryd", "Gärdesvägen 3", ""]),
    "Beskrivning": st.text(max_size=60)
    | st.sampled_from(["Ring 070-123 45 67", "pnr 19811218-9876", "mejla a@b.se"]),
    "ID": st.text("ABC0123456789-", min_size=1, max_size=6),
}


def _mostly(usual: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Nine times in ten ``usual``, else anything."""
    return st.integers(0, 9).flatmap(lambda k: CELLS if k == 9 else usual)


@st.composite
def tables(draw: st.DrawFn) -> bytes:
    """A CSV-ish file: a partner's usual columns or random ones, rows of mostly usual cells or
    random ones, written properly or joined by hand (then quotes and separators may break it)."""
    if draw(st.booleans()):
        usual = ["Datum", "Kategori", "Latitud", "Longitud"]
        headers = usual + draw(st.lists(st.sampled_from(list(GOOD)[4:]), max_size=4, unique=True))
        headers = draw(st.permutations(headers))
    else:
        headers = draw(
            st.lists(st.one_of(st.sampled_from(ALIASES), st.text(max_size=12)), max_size=8)
        )
    headers = headers or [""]
    width = len(headers)
    cell = {h: _mostly(GOOD[h]) if h in GOOD else CELLS for h in headers}
    rows = draw(st.lists(st.tuples(*[cell[h] for h in headers]).map(list), max_size=8))
    for r in rows:
        if draw(st.integers(0, 9)) == 0:  # now and then a row that is short or long
            del r[draw(st.integers(max(0, width - 2), width)) :]
            r += draw(st.lists(CELLS, max_size=2))
    sep = draw(st.sampled_from([";", ",", "\t"]))
    if draw(st.booleans()):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=sep)
        writer.writerow(headers)
        writer.writerows(rows)
        text = buf.getvalue()
    else:
        text = "\n".join(sep.join(r) for r in [headers, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding, errors="replace")


def _run(
    factory: sessionmaker[Session], path: Path, org_id: int, fmt: str
) -> ImportSummary | Exception:
    try:
        return import_file(
            factory, path, org_id=org_id, fmt=fmt, rejects_path=path.with_suffix(".rejects.csv")
        )
    except (FileProblem, MappingError) as exc:  # the importer's own errors, nothing else
        return exc


def _check(result: ImportSummary | Exception, connection: Connection, name: str) -> None:
    event(result.__class__.__name__)  # see --hypothesis-show-statistics
    if isinstance(result, MappingError):
        assert re.search(r"no (category|date) column|--map", str(result)), result
        return
    if isinstance(result, FileProblem):
        assert name in str(result), result  # names the file (and the line when it is one)
        return
    s = result
    event("imported rows" if s.imported else "no row imported")
    assert s.rows == s.imported + s.duplicates + s.rejected + s.skipped, s
    if s.rejected:
        assert s.rejects_path is not None
        with s.rejects_path.open(encoding="utf-8-sig", newline="") as fh:
            lines = list(csv.reader(fh, delimiter=";"))[1:]
        assert len(lines) == s.rejected
        assert all(line[0].isdigit() and int(line[0]) >= 2 and line[1] for line in lines), lines
    assert counts.stored(connection) == +counts.recount(connection)
    stored = connection.scalars(select(Incident.description).where(Incident.source == "import"))
    for text in stored:  # what was stored has nothing left to redact
        assert not redact(text).changed, text


@pytest.fixture
def importer(world: World, session_factory, connection: Connection, tmp_path: Path):
    org_id = world.ids["bolag_org"]

    def run(data: bytes, fmt: str = "csv") -> None:
        path = tmp_path / f"fil{next(_files)}.csv"
        path.write_bytes(data)
        _check(_run(session_factory, path, org_id, fmt), connection, path.name)

    return run


@FUZZ
@given(data=st.binary(max_size=600) | st.binary(max_size=600).map(lambda b: b.replace(b"\0", b"")))
@example(data=b"")
@example(data=b"\x00\x01")
@example(data=b"\xff\xfe" + "Datum;Kategori".encode("utf-16-le"))
@example(data=b'Datum;Kategori\n"2026-11-20;klotter')
@example(data=b"PK\x03\x04garbage")
@example(data=b'[{"id": 1}]')
def test_arbitrary_bytes_import_or_are_refused_with_the_importers_error(importer, data) -> None:
    importer(data, fmt="auto")


@FUZZ
@given(data=tables())
@example(data=b"Datum;Kategori;Lat;Lon\n2026-11-20;klotter;58.43;15.58\n")
@example(data="Datum;Kategori;Plats\n2026-11-20;klotter;Skäggetorp\n".encode())
@example(data=b"Datum;Kategori;Plats\n2026-11-20;klotter;Ryd\n;;\n\n2026-13-01;x;y\n")
def test_random_tables_import_or_are_refused_with_the_importers_error(importer, data) -> None:
    importer(data)


@FUZZ
@given(
    header=st.sampled_from(["Datum;Kategori;Plats", "Datum,Kategori,Latitud,Longitud", ""]),
    lines=st.lists(st.text(max_size=80), max_size=6),
)
def test_arbitrary_text_imports_or_is_refused_with_the_importers_error(
    importer, header: str, lines: list[str]
) -> None:
    importer("\n".join([header, *lines]).encode("utf-8"))


# --- the redactor ----------------------------------------------------------------------------


@st.composite
def personnummer(draw: st.DrawFn) -> str:
    """A valid personnummer or samordningsnummer, written in one of the usual ways."""
    day = draw(st.dates(min_value=date(1900, 1, 1), max_value=date.today()))
    coordination = draw(st.booleans())
    dd = day.day + (60 if coordination else 0)
    yymmdd = f"{day.year % 100:02d}{day.month:02d}{dd:02d}"
    nnn = f"{draw(st.integers(0, 999)):03d}"
    check = next(c for c in "0123456789" if luhn_ok(yymmdd + nnn + c))
    sep = draw(st.sampled_from(["-", "", " "] + (["+"] if day.year < 1925 else [])))
    century = draw(st.booleans())
    head = f"{day.year}{yymmdd[2:]}" if century else yymmdd
    return f"{head}{sep}{nnn}{check}"


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """A Swedish phone number as people write it: 070-123 45 67, +46 70 123 45 67, 08-123 456."""
    prefix = draw(st.sampled_from(["0", "+46 ", "+46", "0046 ", "+46 (0)"]))
    digits = [str(draw(st.integers(1, 9)))] + [
        str(draw(st.integers(0, 9))) for _ in range(draw(st.integers(6, 8)))
    ]
    out = prefix
    for i, d in enumerate(digits):
        out += d
        if i < len(digits) - 1 and draw(st.integers(0, 3)) == 0:
            out += draw(st.sampled_from([" ", "-"]))
    return out


# written like a personnummer (YYMMDD-NNNN) but not a valid one: left alone on purpose
_PNR_SHAPED = re.compile(r"^(?:\d{2})?\d{6}[-+]\d{4}$")
PHONES = phone_numbers().filter(lambda p: not _PNR_SHAPED.match(p))

EMAILS = st.from_regex(
    r"[a-z][a-z0-9._+-]{0,10}[a-z0-9]@[a-z][a-z0-9-]{0,8}\.(se|com|nu)", fullmatch=True
)
SURROUND = st.text(max_size=40)


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(max_size=300))
def test_any_text_gives_a_string_and_never_raises(text: str) -> None:
    out = redact(text)
    assert isinstance(out.text, str)
    assert out.total == out.personnummer + out.phone + out.email
    assert out.changed == (out.total > 0)
    if out.changed:
        assert REPLACEMENT in out.text
    else:
        assert out.text == text


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(max_size=300))
def test_redacting_twice_changes_nothing_more(text: str) -> None:
    once = redact(text).text
    twice = redact(once)
    assert twice.text == once and not twice.changed


@settings(max_examples=300, deadline=None, database=None)
@given(
    before=SURROUND,
    after=SURROUND,
    secret=st.one_of(personnummer(), PHONES, EMAILS),
)
def test_planted_personnummer_phone_numbers_and_emails_are_always_removed(
    before: str, after: str, secret: str
) -> None:
    """Set apart by a space on each side (glued to a longer word or number it is another
    thing, which the redactor leaves alone on purpose), in any surrounding text."""
    out = redact(f"{before} {secret} {after}")
    assert secret not in out.text, (before, secret, after, out.text)
    assert out.changed


@settings(max_examples=200, deadline=None, database=None)
@given(number=personnummer())
def test_every_valid_personnummer_is_recognised(number: str) -> None:
    assert is_personnummer(number)
    assert redact(number).text == REPLACEMENT

"""The police's public events (the ``api/events`` JSON) as EST incidents: types mapped to EST
categories, the "Sammanfattning …" posts skipped and counted, precision ``kommun`` and the
municipality as area (the feed's point is the municipality's centre, never a district),
deduplicated by the police id; ``fetch-polisen`` against a local server and an unreachable one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from samverkan.demo import data as demo
from samverkan.geo import queries as geo_queries
from samverkan.incidents import queries as incident_queries
from samverkan.incidents.importers.polisen import NotPoliceFormat
from samverkan.incidents.queries import IncidentFilter
from samverkan.orgs import queries as org_queries
from samverkan.orgs.models import User
from tests.incidents.conftest import ImportDb, rejects_of, run_cli, run_main

POLICE = "Polisen lokalpolisområde Linköping"
CENTRE = "58.410807,15.621373"  # the feed's point for Linköping: the municipality's centre
SLOW = pytest.mark.xdist_group("import-slow")


def event(
    event_id: int,
    when: str,
    etype: str,
    summary: str = "",
    *,
    place: str = "Linköping",
    gps: str = CENTRE,
) -> dict[str, Any]:
    """One event as polisen.se/api/events serves it."""
    day = datetime.strptime(when.split(" ")[0], "%Y-%m-%d")
    hour, minute = when.split(" ")[1].split(":")[:2]
    slug = f"{day.day}-november-{int(hour):02d}.{minute}-{etype}-linkoping".lower().replace(
        " ", "-"
    )
    return {
        "id": event_id,
        "datetime": when,
        "name": f"{day.day} november {int(hour):02d}.{minute}, {etype}, {place}",
        "summary": summary,
        "url": f"/aktuellt/handelser/{day.year}/november/{day.day}/{slug}/",
        "type": etype,
        "location": {"name": place, "gps": gps},
    }


EVENTS = [
    event(585101, "2026-11-20 22:41:07 +01:00", "Brand", "Brand i container vid en förskola."),
    event(585102, "2026-11-21 1:05:44 +01:00", "Misshandel", "En man har misshandlats."),
    event(
        585103,
        "2026-11-21 7:12:00 +01:00",
        "Sammanfattning natt",
        "Sammanfattning av nattens händelser i länet.",
        place="Östergötlands län",
        gps="58.41,15.62",
    ),
    event(585104, "2026-11-21 16:30:00 +01:00", "Trafikolycka", "Två bilar har kolliderat."),
    event(585105, "2026-06-07 6:38:18 +02:00", "Skadegörelse", "Fönster krossade."),
    event(585106, "2026-11-22 19:02:00 +01:00", "Ofog barn/ungdom", "Ungdomar kastar sten."),
    event(585107, "2026-11-22 20:15:00 +01:00", "Narkotikabrott", "Man gripen."),
    event(585108, "2026-11-23 14:00:00 +01:00", "Rån", "Rån mot butik."),
    event(585109, "2026-11-23 15:00:00 +01:00", "Inbrott", "Inbrott i källarförråd."),
    event(585110, "2026-11-23 16:00:00 +01:00", "Stöld", "Cykelstöld."),
    event(585111, "2026-11-24 0:45:00 +01:00", "Bråk", "Bråk utanför krog."),
    event(585112, "2026-11-24 1:30:00 +01:00", "Ordningslagen", "Störande fest."),
    event(585113, "2026-11-24 22:00:00 +01:00", "Sammanfattning kväll och natt", "Lugn natt."),
]
EXPECTED_CATEGORY = {
    585101: "brand",
    585102: "hot_vald",
    585104: "ovrigt",  # not mapped: Övrigt
    585105: "skadegorelse",
    585106: "ungdomsgrupp",
    585107: "narkotika",
    585108: "inbrott_stold",
    585109: "inbrott_stold",
    585110: "inbrott_stold",
    585111: "hot_vald",
    585112: "ordningsstorning",
}


def write_events(path: Path, events: list[Any], *, bom: bool = False) -> Path:
    text = json.dumps(events, ensure_ascii=False, indent=1)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def test_police_events_are_stored_with_mapped_categories_precision_kommun_and_url(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = write_events(tmp_path / "events.json", EVENTS)
    summary = import_db.run(file, org=POLICE)  # format detected from the content
    assert (summary.imported, summary.duplicates, summary.rejected, summary.skipped) == (
        11,
        0,
        0,
        2,
    )
    stored = {int(i.external_id or 0): i for i in import_db.incidents()}
    assert {k: i.category for k, i in stored.items()} == EXPECTED_CATEGORY
    assert {(i.source, i.org, i.precision, i.area) for i in stored.values()} == {
        ("polisen", POLICE, "kommun", "Linköpings kommun")
    }
    fire = stored[585101]
    assert fire.occurred_at == datetime(2026, 11, 20, 21, 41, 7, tzinfo=UTC)
    assert (fire.lat, fire.lon) == (58.410807, 15.621373)
    assert fire.url == (
        "https://polisen.se/aktuellt/handelser/2026/november/20/20-november-22.41-brand-linkoping/"
    )
    assert fire.description.startswith(
        "20 november 22.41, Brand, Linköping. Brand i container vid en förskola"
    )
    assert fire.place_name == "Linköping"
    # summer time: +02:00
    assert stored[585105].occurred_at == datetime(2026, 6, 7, 4, 38, 18, tzinfo=UTC)
    assert not list(tmp_path.glob("*.rejects.csv"))


def test_importing_the_police_events_again_adds_nothing(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = write_events(tmp_path / "events.json", EVENTS)
    import_db.run(file, org=POLICE, fmt="polisen-json")
    again = import_db.run(file, org=POLICE, fmt="polisen-json")
    assert (again.imported, again.duplicates, again.skipped) == (0, 11, 2)
    assert import_db.count() == 11
    import_db.assert_totals()


def test_events_are_deduplicated_by_the_police_id(import_db: ImportDb, tmp_path: Path) -> None:
    import_db.run(write_events(tmp_path / "a.json", EVENTS[:2]), org=POLICE)
    updated = {**EVENTS[0], "summary": "Uppdatering: branden är släckt."}
    same_text_new_id = {**EVENTS[1], "id": 585199}
    summary = import_db.run(
        write_events(tmp_path / "b.json", [updated, same_text_new_id]), org=POLICE
    )
    assert (summary.imported, summary.duplicates) == (1, 1)
    assert sorted(i.external_id or "" for i in import_db.incidents()) == [
        "585101",
        "585102",
        "585199",
    ]


def test_the_same_event_imported_by_a_partner_too_is_stored_once(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = write_events(tmp_path / "events.json", EVENTS)
    import_db.run(file, org=POLICE, fmt="polisen-json")
    by_partner = import_db.run(file, org="Linköpings kommun", fmt="polisen-json")
    assert (by_partner.imported, by_partner.duplicates) == (0, 11)
    assert import_db.count() == 11


def test_police_events_are_never_counted_in_a_district(import_db: ImportDb, tmp_path: Path) -> None:
    in_skaggetorp = "58.428,15.58"  # even a point that lies inside a district
    file = write_events(
        tmp_path / "events.json",
        [EVENTS[0], event(585120, "2026-11-25 12:00:00 +01:00", "Brand", gps=in_skaggetorp)],
    )
    assert import_db.run(file, org=POLICE).imported == 2
    assert {(i.area, i.precision) for i in import_db.incidents()} == {
        ("Linköpings kommun", "kommun")
    }
    with import_db.rt.sessionmaker() as s:
        user = s.scalars(select(User).where(User.email == "samordnare@linkoping.demo")).one()
        p = org_queries.principal_for_user(s, user)
        areas = {a.name: a.id for a in geo_queries.all_areas(s)}
        counts = {
            name: incident_queries.count(
                s, p, IncidentFilter(area_id=areas[name], source="polisen")
            )
            for name in ("Skäggetorp", "Ryd", "Berga", demo.TOWN, demo.MUNICIPALITY)
        }
    assert counts == {"Skäggetorp": 0, "Ryd": 0, "Berga": 0, demo.TOWN: 0, demo.MUNICIPALITY: 2}


def test_a_file_with_a_bom_and_leading_space_is_detected_as_police_json(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = tmp_path / "handelser.txt"
    file.write_bytes(b"\xef\xbb\xbf \n" + json.dumps(EVENTS[:3]).encode())
    summary = import_db.run(file, org=POLICE)
    assert (summary.imported, summary.skipped) == (2, 1)


def test_bad_events_are_rejected_by_position_with_a_reason_and_the_rest_imported(
    import_db: ImportDb, tmp_path: Path
) -> None:
    future = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S +00:00")
    events: list[Any] = [
        EVENTS[0],
        {**EVENTS[1], "id": 585201, "datetime": "i går kväll"},
        {**EVENTS[1], "id": 585202, "location": {"name": "Linköping", "gps": ""}},
        {**EVENTS[1], "id": 585203, "location": {"name": "Linköping", "gps": "58,41 15,62"}},
        {**EVENTS[1], "id": None},
        {**EVENTS[1], "id": 585204, "datetime": future},
        {**EVENTS[1], "id": 585205, "location": "Linköping"},
        EVENTS[1],
        *[{**EVENTS[3], "id": 585300 + k} for k in range(50)],
        "inte en händelse",  # after the first 50: only checked when read
    ]
    summary = import_db.run(write_events(tmp_path / "events.json", events), org=POLICE, lang="en")
    assert (summary.imported, summary.rejected) == (52, 7)
    reasons = rejects_of(tmp_path / "events.json.rejects.csv")
    assert reasons == {
        2: "datetime 'i går kväll': expected e.g. 2025-06-07 6:38:18 +02:00",
        3: "location.gps '': expected \"lat,lon\"",
        4: "location.gps '58,41 15,62': expected \"lat,lon\"",
        5: "event without id",
        6: f"datetime {future!r} lies in the future",
        7: "location.gps '': expected \"lat,lon\"",
        59: "item 59 is not a police event: expected an object with id, type",
    }
    assert import_db.count() == 52


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"type": "FeatureCollection", "features": []}', "expected a JSON list of police events"),
        (
            b'[{"id": 1, "name": "x"}]',
            "item 0 is not a police event (missing datetime, location, type)",
        ),
        (b"[1, 2, 3]", "item 0 is not a police event"),
        (b'[{"id": 1, "datetime": ', "not valid JSON (line 1"),
        (b"\xff\xfe[\x00]\x00", "is not UTF-8 JSON"),
    ],
    ids=["geojson", "other-objects", "numbers", "truncated", "utf-16"],
)
def test_a_json_that_is_not_the_police_format_is_refused_whole(
    import_db: ImportDb, tmp_path: Path, content: bytes, message: str
) -> None:
    file = tmp_path / "x.json"
    file.write_bytes(content)
    with pytest.raises(NotPoliceFormat) as err:
        import_db.run(file, org=POLICE, fmt="polisen-json")
    assert message in str(err.value)
    assert import_db.count() == 0


# --- fetch-polisen -----------------------------------------------------------------------------


class Feed:
    """A tiny stand-in for polisen.se on 127.0.0.1: serves ``body`` with ``status``."""

    def __init__(self) -> None:
        self.body = b"[]"
        self.status = 200
        self.content_type = "application/json; charset=utf-8"
        self.paths: list[str] = []

    def handler(self) -> type[BaseHTTPRequestHandler]:
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                feed.paths.append(self.path)
                self.send_response(feed.status)
                self.send_header("Content-Type", feed.content_type)
                self.send_header("Content-Length", str(len(feed.body)))
                self.end_headers()
                self.wfile.write(feed.body)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    f = Feed()
    server = ThreadingHTTPServer(("127.0.0.1", 0), f.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f, f"http://127.0.0.1:{server.server_address[1]}/api/events"
    finally:
        server.shutdown()
        server.server_close()


@SLOW
def test_fetch_polisen_fails_with_a_clear_message_when_the_network_does_not_allow(
    import_db: ImportDb,
) -> None:
    result = run_cli(
        "incidents",
        "fetch-polisen",
        "--org",
        POLICE,
        "--location",
        "Linköping",
        "--url",
        "http://127.0.0.1:9/api/events",
        "--timeout",
        "5",
        "--db",
        str(import_db.path),
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(  # in Swedish, the CLI's default language
        "fel kan inte hämta http://127.0.0.1:9/api/events?locationname=Link%C3%B6ping: "
    )
    assert "Inget importerades." in result.stderr
    assert import_db.count() == 0


@SLOW
def test_fetch_polisen_imports_the_live_feed(import_db: ImportDb, feed: tuple[Feed, str]) -> None:
    server, url = feed
    server.body = json.dumps(EVENTS, ensure_ascii=False).encode()
    args = [
        "incidents",
        "fetch-polisen",
        "--org",
        POLICE,
        "--url",
        url,
        "--db",
        str(import_db.path),
    ]
    result = run_cli(*args, "--location", "Linköping", SAMVERKAN_LANGUAGE="en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Importerade: 11  Dubbletter: 0  Avvisade: 0  Hoppade över (sammanfattningar): 2"
    )
    assert server.paths == ["/api/events?locationname=Link%C3%B6ping"]
    assert import_db.count() == 11
    assert {(i.source, i.precision, i.area) for i in import_db.incidents()} == {
        ("polisen", "kommun", "Linköpings kommun")
    }


def test_fetch_polisen_runs_again_without_duplicates(
    import_db: ImportDb,
    feed: tuple[Feed, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, url = feed
    server.body = json.dumps(EVENTS[:4], ensure_ascii=False).encode()
    args = [
        "incidents",
        "fetch-polisen",
        "--org",
        POLICE,
        "--url",
        url,
        "--db",
        str(import_db.path),
    ]
    assert run_main(capsys, monkeypatch, *args)[1].startswith("Importerade: 3  Dubbletter: 0")
    server.body = json.dumps(EVENTS[:6], ensure_ascii=False).encode()
    code, out, err = run_main(capsys, monkeypatch, *args)
    assert code == 0, err
    assert out.splitlines()[0] == (
        "Importerade: 2  Dubbletter: 3  Avvisade: 0  Hoppade över (sammanfattningar): 1"
    )
    assert import_db.count() == 5


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (500, b"Internal Server Error", "fel kan inte hämta http://127.0.0.1"),
        (200, b"<html><body>Underhall</body></html>", "svarade inte med JSON"),
        (200, b'{"error": "rate limited"}', "en JSON-lista med polisens händelser väntades"),
        (200, b'[{"id": 1}]', "är ingen polishändelse (saknar datetime, location, type)"),
    ],
    ids=["http-500", "html", "json-object", "not-events"],
)
def test_fetch_polisen_refuses_an_answer_that_is_not_the_feed(
    import_db: ImportDb,
    feed: tuple[Feed, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    body: bytes,
    message: str,
) -> None:
    server, url = feed
    server.status, server.body = status, body
    code, out, err = run_main(
        capsys,
        monkeypatch,
        *["incidents", "fetch-polisen", "--org", POLICE, "--url", url, "--db", str(import_db.path)],
    )
    assert code == 2
    assert message in err, err
    assert "Traceback" not in err and out == ""
    assert import_db.count() == 0


def test_fetch_polisen_accepts_only_http_addresses(
    import_db: ImportDb, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run_main(
        capsys,
        monkeypatch,
        *["incidents", "fetch-polisen", "--org", POLICE, "--url", "file:///etc/passwd"],
        *["--db", str(import_db.path)],
    )
    assert code == 2
    assert "--url måste börja med https:// eller http://" in err
    assert import_db.count() == 0


def test_the_cli_import_detects_police_json(
    import_db: ImportDb,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = write_events(tmp_path / "events.json", EVENTS)
    args = ["incidents", "import", str(file), "--org", POLICE, "--db", str(import_db.path)]
    code, out, err = run_main(capsys, monkeypatch, *args)
    assert code == 0, err
    assert out.splitlines()[0] == (
        "Importerade: 11  Dubbletter: 0  Avvisade: 0  Hoppade över (sammanfattningar): 2"
    )
    assert import_db.count() == 11

"""File import, ``samverkan incidents import FILE --org NAME``: CSV and XLSX as municipalities and
housing companies export them — checked, placed, redacted, stored in committed batches, with
every rejected row written to a rejects file with its line and reason.

Most tests run ``bulk.import_file`` in-process against a copy of the seeded Linköping demo
(fixture ``import_db``); a few run the real command in a subprocess, one of them killed with
SIGKILL half-way through a 30 000-row file and run again.
"""

from __future__ import annotations

import csv
import re
import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import pytest
from openpyxl import Workbook
from pyproj import Transformer

from samverkan.core.timeutil import STOCKHOLM
from samverkan.incidents.bulk import BATCH
from samverkan.incidents.importers.polisen import NotPoliceFormat
from samverkan.incidents.importers.rows import MappingError
from samverkan.incidents.importers.tabular import FileProblem, csv_cells, scan
from tests.incidents.conftest import ImportDb, cli_env, rejects_of, run_cli, run_main

HEADER = ["Datum", "Tid", "Kategori", "Plats", "Beskrivning", "Latitud", "Longitud"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SLOW = pytest.mark.xdist_group("import-slow")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    header: list[str] = HEADER,
    sep: str = ";",
    encoding: str = "utf-8",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def future_day() -> str:
    return (datetime.now(STOCKHOLM) + timedelta(days=30)).date().isoformat()


# --- what a good file becomes ------------------------------------------------------------------


def test_a_swedish_export_is_stored_with_category_area_precision_and_utc_time(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "stangastaden-v47.csv",
        [
            [
                "2026-11-20",
                "22:15",
                "Klotter",
                "Gaveln, hus 4",
                "Tags på gaveln",
                "58,4280",
                "15,5800",
            ],
            ["2026-06-07", "22:15", "skadegorelse", "Entrén", "Krossad ruta", "58,408", "15,560"],
            ["2026-11-20", "", "Brand", "Berga torg", "Brand i soptunna", "", ""],
            [
                "2026-11-19",
                "07:05",
                "Nedskräpning",
                "Stora torget",
                "Dumpade möbler",
                "58,41",
                "15,62",
            ],
            ["2026-10-01", "", "Otrygg plats", "Busshållplats", "Mörk hållplats", "58,30", "15,60"],
        ],
    )
    summary = import_db.run(file)
    assert (summary.imported, summary.duplicates, summary.rejected) == (5, 0, 0)
    assert not (tmp_path / "stangastaden-v47.csv.rejects.csv").exists()
    got = [
        (i.category, i.area, i.precision, i.occurred_at, i.lat, i.lon, i.description)
        for i in import_db.incidents()
    ]
    assert got == [
        # 22:15 in Stockholm in November (CET, +01:00) is 21:15 UTC
        (
            "klotter",
            "Skäggetorp",
            "exakt",
            utc(2026, 11, 20, 21, 15),
            58.428,
            15.58,
            "Tags på gaveln",
        ),
        # ... and in June (CEST, +02:00) 20:15 UTC
        ("skadegorelse", "Ryd", "exakt", utc(2026, 6, 7, 20, 15), 58.408, 15.56, "Krossad ruta"),
        # no coordinates, but the place names a district: that district, precision omrade
        ("brand", "Berga", "omrade", utc(2026, 11, 19, 23, 0), None, None, "Brand i soptunna"),
        (
            "nedskrapning",
            "Linköping, övriga tätorten",
            "exakt",
            utc(2026, 11, 19, 6, 5),
            58.41,
            15.62,
            "Dumpade möbler",
        ),
        (
            "otrygg_plats",
            "Linköpings kommun",
            "exakt",
            utc(2026, 9, 30, 22, 0),
            58.3,
            15.6,
            "Mörk hållplats",
        ),
    ]
    first = import_db.incidents()[0]
    assert (first.org, first.source, first.visibility, first.place_name) == (
        "Stångåstaden",
        "import",
        "delad",
        "Gaveln, hus 4",
    )
    # a date without a time of day is marked as such; a given time is not
    assert [i.time_band is None for i in import_db.incidents()] == [True, True, False, True, False]


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [
        ("utf-8", ";"),
        ("utf-8-sig", ";"),
        ("cp1252", ";"),
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("cp1252", ","),
    ],
)
def test_utf8_or_windows_1252_with_or_without_bom_and_either_separator(
    import_db: ImportDb, tmp_path: Path, encoding: str, sep: str
) -> None:
    file = write_csv(
        tmp_path / "export.csv",
        [
            [
                "2026-11-20",
                "22:15",
                "Skadegörelse",
                "Skäggetorp",
                "Förstörd dörr, klotter på väggen",
                "58,428",
                "15,58",
            ],
            [
                "20/11/2026",
                "",
                "Nedskräpning",
                "Ryd centrum",
                "Säckar, kartonger och en soffa",
                "",
                "",
            ],
        ],
        sep=sep,
        encoding=encoding,
    )
    assert scan(file)[0] == ("cp1252" if encoding == "cp1252" else "utf-8-sig")
    summary = import_db.run(file)
    assert (summary.imported, summary.rejected) == (2, 0)
    got = [
        (i.category, i.area, i.precision, i.lat, i.lon, i.description)
        for i in import_db.incidents()
    ]
    assert got == [
        ("skadegorelse", "Skäggetorp", "exakt", 58.428, 15.58, "Förstörd dörr, klotter på väggen"),
        ("nedskrapning", "Ryd", "omrade", None, None, "Säckar, kartonger och en soffa"),
    ]


def test_dates_in_the_forms_partners_write(import_db: ImportDb, tmp_path: Path) -> None:
    file = write_csv(
        tmp_path / "datum.csv",
        [
            ["2026-11-20", "", "klotter", "Berga", "iso"],
            ["20/11/2026", "", "klotter", "Berga", "dag/månad/år"],
            ["2026-11-20 22:15", "", "klotter", "Berga", "datum och tid i en cell"],
            ["2026-11-20", "22:15", "klotter", "Berga", "tid i egen kolumn"],
            ["20.11.2026", "06.30", "klotter", "Berga", "punkter"],
            ["2026-03-29", "03:30", "klotter", "Berga", "efter omställningen till sommartid"],
        ],
        header=["Datum", "Tid", "Kategori", "Plats", "Beskrivning"],
    )
    summary = import_db.run(file)
    assert (summary.imported, summary.rejected) == (6, 0)
    assert [(i.description, i.occurred_at) for i in import_db.incidents()] == [
        ("iso", utc(2026, 11, 19, 23, 0)),
        ("dag/månad/år", utc(2026, 11, 19, 23, 0)),
        ("datum och tid i en cell", utc(2026, 11, 20, 21, 15)),
        ("tid i egen kolumn", utc(2026, 11, 20, 21, 15)),
        ("punkter", utc(2026, 11, 20, 5, 30)),
        ("efter omställningen till sommartid", utc(2026, 3, 29, 1, 30)),
    ]


def test_categories_match_by_code_or_label_in_any_case_and_spacing(
    import_db: ImportDb, tmp_path: Path
) -> None:
    given = {
        "klotter": "klotter",
        " KLOTTER ": "klotter",
        "Graffiti": "klotter",
        "otrygg_plats": "otrygg_plats",
        "Otrygg  Plats": "otrygg_plats",
        "OTRYGG PLATS": "otrygg_plats",
        "trasig belysning": "belysning",
        "Hot och våld": "hot_vald",
        "hot och vald": "hot_vald",
        "Ungdomsgrupp/samlingsplats": "ungdomsgrupp",
        "Car fire": "bilbrand",
        "Inbrott och stöld": "inbrott_stold",
    }
    file = write_csv(
        tmp_path / "kategorier.csv",
        [["2026-11-20", "", text, "Skäggetorp", f"rad {n}"] for n, text in enumerate(given)],
        header=["Datum", "Tid", "Kategori", "Plats", "Beskrivning"],
    )
    summary = import_db.run(file)
    assert (summary.imported, summary.rejected) == (len(given), 0)
    assert [i.category for i in import_db.incidents()] == list(given.values())


def test_sweref_99_tm_x_is_the_northing(import_db: ImportDb, tmp_path: Path) -> None:
    to_sweref = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    east, north = to_sweref.transform(15.58, 58.428)  # in Skäggetorp
    file = write_csv(
        tmp_path / "gis.csv",
        [
            [
                "2026-11-20",
                "klotter",
                "Gård 1",
                f"{north:.1f}".replace(".", ","),
                f"{east:.1f}".replace(".", ","),
            ],
            ["2026-11-20", "brand", "Gård 2", "6 472 000", "537 000"],  # Berga, thousands spaced
            ["2026-11-20", "brand", "Gård 3", "537000", "6472000"],  # X and Y swapped
            ["2026-11-20", "brand", "Gård 4", "1000", "2000"],
            ["2026-11-20", "brand", "Gård 5", "6472000", ""],
        ],
        header=["Datum", "Kategori", "Plats", "X", "Y"],
    )
    summary = import_db.run(file)
    assert (summary.imported, summary.rejected) == (2, 3)
    a, b = import_db.incidents()
    assert (a.area, a.precision) == ("Skäggetorp", "exakt")
    assert a.lat == pytest.approx(58.428, abs=1e-6) and a.lon == pytest.approx(15.58, abs=1e-6)
    assert (b.area, b.precision) == ("Berga", "exakt")
    assert b.lat == pytest.approx(58.3873, abs=1e-3) and b.lon == pytest.approx(15.6328, abs=1e-3)
    reasons = rejects_of(tmp_path / "gis.csv.rejects.csv")
    assert set(reasons) == {4, 5, 6}
    assert "ser ut att vara omkastade: X är nordkoordinaten" in reasons[4]
    assert "utanför Sverige i SWEREF 99 TM" in reasons[5]
    assert reasons[6] == "ange både X och Y, eller ingen av dem"


def test_a_place_that_names_a_known_area_places_the_row_in_that_area(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "platser.csv",
        [
            ["2026-11-20", "klotter", "Ryd centrum", "", "a"],
            ["2026-11-20", "klotter", "SKÄGGETORP, Tåbergsgatan", "", "b"],
            ["2026-11-20", "klotter", "Linköping, övriga tätorten", "", "c"],
            ["2026-11-20", "klotter", "Gård 7", "Berga", "d"],
            ["2026-11-20", "klotter", "Storgatan 5", "", "e"],
            ["2026-11-20", "klotter", "Gård 9", "Atlantis", "f"],
        ],
        header=["Datum", "Kategori", "Plats", "Område", "Beskrivning"],
    )
    summary = import_db.run(file)
    assert (summary.imported, summary.rejected) == (4, 2)
    assert [(i.description, i.area, i.precision, i.lat) for i in import_db.incidents()] == [
        ("a", "Ryd", "omrade", None),
        ("b", "Skäggetorp", "omrade", None),
        ("c", "Linköping, övriga tätorten", "omrade", None),
        ("d", "Berga", "omrade", None),
    ]
    reasons = rejects_of(tmp_path / "platser.csv.rejects.csv")
    assert reasons[6].startswith(
        "inga koordinater, och varken Plats eller Område anger ett känt område"
    )
    assert reasons[7] == "området 'Atlantis' är inget känt område"


def test_map_overrides_the_header_mapping(import_db: ImportDb, tmp_path: Path) -> None:
    file = write_csv(
        tmp_path / "bolaget.csv",
        [["2026-11-20 21:00", "K-17", "Klotter", "Skäggetorp", "Tags i trapphus"]],
        header=["Inträffade", "Typ", "EST-kategori", "Fastighet", "Notering"],
    )
    with pytest.raises(MappingError, match="no date column: expected a header like Datum"):
        import_db.run(file)
    # "Typ" would be taken as the category; --map names the right column
    summary = import_db.run(
        file,
        overrides={"datetime": "Inträffade", "category": "EST-kategori", "place": "fastighet"},
    )
    assert (summary.imported, summary.rejected) == (1, 0)
    (i,) = import_db.incidents()
    assert (i.category, i.area, i.place_name, i.occurred_at, i.description) == (
        "klotter",
        "Skäggetorp",
        "Skäggetorp",
        utc(2026, 11, 20, 20, 0),
        "Tags i trapphus",
    )
    with pytest.raises(MappingError, match="--map category=Händelsetyp: the file has no column"):
        import_db.run(file, overrides={"datetime": "Inträffade", "category": "Händelsetyp"})
    with pytest.raises(MappingError, match="unknown field 'kategori'; expected one of datetime"):
        import_db.run(file, overrides={"kategori": "EST-kategori"})


def test_free_text_is_redacted_at_import(import_db: ImportDb, tmp_path: Path) -> None:
    file = write_csv(
        tmp_path / "fritext.csv",
        [
            [
                "2026-11-20",
                "",
                "ordningsstorning",
                "Port 3, ring 013-20 60 00",
                "Boende 811218-9876 ringde från 070-123 45 67 om festen",
                "58,428",
                "15,58",
            ],
            [
                "2026-11-20",
                "",
                "klotter",
                "Port 4",
                "Order 4711-2026, inget personligt",
                "58,428",
                "15,58",
            ],
        ],
    )
    summary = import_db.run(file)
    assert (summary.imported, summary.rejected) == (2, 0)
    a, b = import_db.incidents()
    assert a.description == "Boende [borttaget] ringde från [borttaget] om festen"
    assert a.place_name == "Port 3, ring [borttaget]"
    assert a.redacted == 3
    assert (b.description, b.redacted) == ("Order 4711-2026, inget personligt", 0)
    assert summary.redacted == 1  # one row had personal data taken out
    again = import_db.run(file)  # the same file again stores nothing, so removes nothing
    assert (again.imported, again.duplicates, again.redacted) == (0, 2, 0)
    with sqlite3.connect(import_db.path) as con:
        dump = "\n".join(con.iterdump())
    assert "811218" not in dump and "123 45 67" not in dump


def test_the_rejects_file_carries_no_personal_data_either(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "in.csv",
        [["811218-9876", "", "Raket", "Ryd", "Boende 811218-9876, tel 070-123 45 67", "", ""]],
    )
    assert import_db.run(file).rejected == 1
    text = (tmp_path / "in.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert "[borttaget]" in text
    assert "811218" not in text and "123 45 67" not in text
    assert rejects_of(tmp_path / "in.csv.rejects.csv") == {
        2: "datum '[borttaget]': ange t.ex. 2026-11-20 eller 20/11/2026"
    }


def test_xlsx_with_date_and_time_cells(import_db: ImportDb, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([datetime(2026, 11, 20), clock(22, 15), "Klotter", "Gaveln", "Tags", 58.428, 15.58])
    ws.append(
        [datetime(2026, 11, 21), None, "brand", "Berga torg", "Brand i container", None, None]
    )
    ws.append([None] * 7)  # an empty row is skipped, the numbering goes on
    ws.append(["20/11/2026", "06:30", "KLOTTER", "Ryd", "Text-datum", "58,408", "15,56"])
    ws.append([datetime(2026, 11, 22, 23, 5), None, "Raket", "Ryd", "okänd", None, None])
    ws.append([datetime(2026, 11, 22, 23, 5), None, "klotter", "Ryd", "datum och tid", None, None])
    file = tmp_path / "rapport.xlsx"
    wb.save(file)
    summary = import_db.run(file)
    assert (summary.imported, summary.rejected) == (4, 1)
    got = [
        (i.category, i.area, i.precision, i.occurred_at, i.description)
        for i in import_db.incidents()
    ]
    assert got == [
        ("klotter", "Skäggetorp", "exakt", utc(2026, 11, 20, 21, 15), "Tags"),
        ("brand", "Berga", "omrade", utc(2026, 11, 20, 23, 0), "Brand i container"),
        ("klotter", "Ryd", "exakt", utc(2026, 11, 20, 5, 30), "Text-datum"),
        ("klotter", "Ryd", "omrade", utc(2026, 11, 22, 22, 5), "datum och tid"),
    ]
    # a date-only cell is a date without a time of day, as in a CSV
    assert [i.time_band is None for i in import_db.incidents()] == [True, False, True, True]
    assert rejects_of(tmp_path / "rapport.xlsx.rejects.csv") == {
        6: "kategorin 'Raket' är okänd; ange en kod eller benämning som Klotter"
    }
    assert import_db.run(file).duplicates == 4 and import_db.count() == 4


# --- streaming ---------------------------------------------------------------------------------


def test_rows_are_committed_batch_by_batch_with_progress(
    import_db: ImportDb, tmp_path: Path
) -> None:
    n = 2400
    file = write_csv(
        tmp_path / "stor.csv",
        [
            ["2026-11-20", f"{k % 24:02d}:00", "klotter", "Ryd", f"rad {k}", "", ""]
            for k in range(n)
        ],
    )
    seen: list[tuple[int, int]] = []
    started: list[int] = []

    def progress(done: int) -> None:
        with sqlite3.connect(import_db.path) as con:  # another connection: only committed rows
            seen.append((done, con.execute("SELECT COUNT(*) FROM incident").fetchone()[0]))

    summary = import_db.run(file, batch_size=500, on_start=started.append, on_progress=progress)
    assert summary.imported == n
    assert started == [n]
    assert seen[:5] == [(500, 500), (1000, 1000), (1500, 1500), (2000, 2000), (2400, 2400)]


def test_a_time_band_in_words_is_kept_as_the_band(import_db: ImportDb, tmp_path: Path) -> None:
    """Partners often know only "kväll": the row keeps the date and that band (as the form's
    choice), and the heatmap counts it in the band, not at midnight."""
    rows = [
        ["2026-11-20", "kväll", "klotter", "Ryd", "a", "", ""],
        ["2026-11-20", "Natt", "klotter", "Ryd", "b", "", ""],
        ["2026-11-20", "eftermiddag", "klotter", "Ryd", "c", "", ""],
        ["2026-11-20", "okänd", "klotter", "Ryd", "d", "", ""],
        ["2026-11-20", "22:15", "klotter", "Ryd", "e", "", ""],
    ]
    summary = import_db.run(write_csv(tmp_path / "band.csv", rows))
    assert (summary.imported, summary.rejected) == (5, 0)
    got = [(i.description, i.time_band, i.occurred_at) for i in import_db.incidents()]
    midnight = utc(2026, 11, 19, 23, 0)  # 2026-11-20 00:00 in Stockholm
    assert got == [
        ("a", "kvall", midnight),
        ("b", "natt", midnight),
        ("c", "dag", midnight),
        ("d", "dygn", midnight),
        ("e", None, utc(2026, 11, 20, 21, 15)),
    ]
    import_db.assert_totals()


def test_reading_a_csv_holds_one_row_at_a_time(tmp_path: Path) -> None:
    file = write_csv(
        tmp_path / "stor.csv",
        [
            ["2026-11-20", "22:15", "klotter", f"Gård {k}", "x" * 150, "58,4", "15,6"]
            for k in range(40_000)
        ],
    )
    assert file.stat().st_size > 6_000_000
    encoding, lines = scan(file)
    tracemalloc.start()
    try:
        rows = sum(1 for _ in csv_cells(file, encoding)) - 1  # the header
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == lines - 1 == 40_000
    assert peak < 1_500_000, f"reading held {peak} bytes"


# --- rejects, summary, re-runs -----------------------------------------------------------------


def test_bad_rows_go_to_the_rejects_file_and_the_import_goes_on(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "blandat.csv",
        [
            ["2026-11-20", "", "", "Ryd", "ingen kategori", "", ""],  # line 2
            ["2026-11-20", "", "klotter", "Ryd", "bra 1", "", ""],
            ["2026-11-20", "", "klotter", "Ryd", "två\nrader", "", ""],  # lines 4-5
            ["2026-11-20", "", "Raket", "Ryd", "också\ntvå rader", "", ""],  # lines 6-7
            ["igår", "", "klotter", "Ryd", "dåligt datum", "", ""],  # line 8
            ["2026-11-20", "", "klotter", "Ryd", "bra 2", "", ""],
        ],
    )
    summary = import_db.run(file)
    assert (summary.imported, summary.duplicates, summary.rejected, summary.rows) == (3, 0, 3, 6)
    assert summary.rejects_path == tmp_path / "blandat.csv.rejects.csv"
    assert rejects_of(summary.rejects_path) == {
        2: "kategori saknas",
        6: "kategorin 'Raket' är okänd; ange en kod eller benämning som Klotter",  # where it starts
        8: "datum 'igår': ange t.ex. 2026-11-20 eller 20/11/2026",
    }
    assert [i.description for i in import_db.incidents()] == ["bra 1", "två\nrader", "bra 2"]
    with summary.rejects_path.open(encoding="utf-8-sig") as fh:
        assert "Beskrivning=dåligt datum" in fh.read()
    own = tmp_path / "avvisade.csv"
    assert import_db.run(file, rejects_path=own).rejected == 3
    assert rejects_of(own) == rejects_of(summary.rejects_path)


def test_importing_the_same_file_again_adds_nothing(import_db: ImportDb, tmp_path: Path) -> None:
    rows = [
        ["2026-11-20", "22:15", "klotter", "Ryd", "samma text", "", ""],
        # an identical row without an id is the same report: counted as a duplicate
        ["2026-11-20", "22:15", "klotter", "Ryd", "samma text", "", ""],
        ["2026-11-21", "", "brand", "Berga", "container", "", ""],
        ["2026-11-21", "", "okänd", "Berga", "avvisas", "", ""],
    ]
    file = write_csv(tmp_path / "v47.csv", rows)
    first = import_db.run(file)
    assert (first.imported, first.duplicates, first.rejected) == (2, 1, 1)
    again = import_db.run(file)
    assert (again.imported, again.duplicates, again.rejected) == (0, 3, 1)
    assert [i.description for i in import_db.incidents()] == [
        "samma text",
        "container",
    ]
    # the partner's next export repeats last week's rows and adds one
    write_csv(file, [*rows, ["2026-11-22", "", "klotter", "Skäggetorp", "ny", "", ""]])
    later = import_db.run(file)
    assert (later.imported, later.duplicates) == (1, 3)
    assert import_db.count() == 3
    import_db.assert_totals()


def test_rows_with_their_own_id_are_deduplicated_by_it(import_db: ImportDb, tmp_path: Path) -> None:
    header = ["Id", "Datum", "Kategori", "Plats", "Beskrivning"]
    file = write_csv(
        tmp_path / "a.csv", [["A-1", "2026-11-20", "klotter", "Ryd", "först"]], header=header
    )
    assert import_db.run(file).imported == 1
    write_csv(file, [["A-1", "2026-11-20", "klotter", "Ryd", "rättad text"]], header=header)
    assert (import_db.run(file).imported, import_db.count()) == (0, 1)
    assert import_db.incidents()[0].external_id == "A-1"


# --- bad input: every rejection names the field and what was expected --------------------------

GOOD = ["2026-11-20", "22:15", "klotter", "Ryd", "bra", "", ""]
GOOD_TOO = ["2026-11-20", "23:40", "klotter", "Ryd", "också bra", "", ""]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["2026-11-20", "", "", "Ryd", "x", "", ""], "kategori saknas"),
        (
            ["2026-11-20", "", "Raketuppskjutning", "Ryd", "x", "", ""],
            "kategorin 'Raketuppskjutning' är okänd; ange en kod eller benämning som Klotter",
        ),
        ([future_day(), "", "klotter", "Ryd", "x", "", ""], "ligger i framtiden"),
        (
            ["2099-01-01", "", "klotter", "Ryd", "x", "", ""],
            "datumet '2099-01-01' ligger i framtiden",
        ),
        (["förra veckan", "", "klotter", "Ryd", "x", "", ""], "datum 'förra veckan': ange t.ex."),
        (["2026-02-30", "", "klotter", "Ryd", "x", "", ""], "datumet '2026-02-30' finns inte"),
        (["", "", "klotter", "Ryd", "x", "", ""], "datum saknas: ange t.ex. 2026-11-20"),
        (["1999-12-31", "", "klotter", "Ryd", "x", "", ""], "datumet '1999-12-31' är före år 2000"),
        (
            ["2026-11-20", "sent", "klotter", "Ryd", "x", "", ""],
            "tid 'sent': ange t.ex. 22:15 eller ett tidsband: natt (00–06), morgon (06–10)",
        ),
        (
            ["2026-11-20", "", "klotter", "Ryd", "x", "48,8566", "2,3522"],
            "latitud 48,8566, longitud 2,3522 ligger utanför Sverige",
        ),
        (
            ["2026-11-20", "", "klotter", "Ryd", "x", "15,58", "58,428"],
            "latitud 15,58 och longitud 58,428 ser ut att vara omkastade",
        ),
        (
            ["2026-11-20", "", "klotter", "Ryd", "x", "58,428", ""],
            "ange både latitud och longitud, eller ingen av dem",
        ),
        (
            ["2026-11-20", "", "klotter", "Ryd", "x", "norr", "15,6"],
            "Latitud 'norr' är inget tal",
        ),
        (
            ["2026-11-20", "", "klotter", "", "x", "", ""],
            "inga koordinater, och varken Plats eller",
        ),
        (
            ["2026-11-20", "", "klotter", "Ryd", "x" * 10_000_000, "", ""],
            "beskrivningen har 10000000 tecken; högst 4000",
        ),
    ],
    ids=[
        "missing-category",
        "unknown-category",
        "future-date",
        "far-future-date",
        "unparseable-date",
        "impossible-date",
        "empty-date",
        "too-old",
        "unparseable-time",
        "outside-sweden",
        "swapped-lat-lon",
        "half-a-point",
        "not-a-number",
        "nowhere",
        "10-mb-description",
    ],
)
def test_a_bad_row_is_rejected_with_its_line_and_reason_and_nothing_of_it_is_stored(
    import_db: ImportDb, tmp_path: Path, row: list[str], reason: str
) -> None:
    file = write_csv(tmp_path / "in.csv", [GOOD, row, GOOD_TOO])
    summary = import_db.run(file)
    assert (summary.imported, summary.rejected) == (2, 1)
    reasons = rejects_of(tmp_path / "in.csv.rejects.csv")
    assert list(reasons) == [3]
    assert reason in reasons[3]
    assert [i.description for i in import_db.incidents()] == ["bra", "också bra"]
    assert (tmp_path / "in.csv.rejects.csv").stat().st_size < 5000  # the row's content is capped


def merged_header_xlsx(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Händelse", None, "Kategori", "Plats", "Beskrivning"])
    ws.merge_cells("A1:B1")
    ws.append(["2026-11-20", "22:15", "klotter", "Ryd", "x"])
    wb.save(path)
    return path


def broken_files(folder: Path) -> dict[str, tuple[Path, type[Exception], str]]:
    """Files that cannot be imported at all: name → (file, error, message part)."""
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    xlsx_zip = b"PK\x03\x04" + b"\x00garbage" * 100

    def put(name: str, data: bytes) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    return {
        "binary-as-csv": (
            put("bild.csv", png),
            FileProblem,
            "bild.csv is a binary file, not CSV text",
        ),
        "empty": (put("tom.csv", b""), FileProblem, "tom.csv is empty"),
        "utf-16": (
            put("unicode.txt", "Datum\tKategori\r\n2026-11-20\tklotter\r\n".encode("utf-16")),
            FileProblem,
            "unicode.txt is UTF-16 text: expected UTF-8 or Windows-1252",
        ),
        "header-only": (
            put("rubrik.csv", b"Datum;Kategori\r\n"),
            FileProblem,
            "has a header but no rows",
        ),
        "merged-header": (
            merged_header_xlsx(folder / "sammanslagen.xlsx"),
            FileProblem,
            "header cell 2 is empty (merged header cells?); expected one header per column",
        ),
        "broken-xlsx": (
            put("trasig.xlsx", xlsx_zip),
            FileProblem,
            "trasig.xlsx cannot be read as XLSX",
        ),
        "json-object": (
            put("geo.json", b'{"type": "FeatureCollection", "features": []}'),
            NotPoliceFormat,
            "expected a JSON list of police events",
        ),
        "json-list": (
            put("lista.json", b'[{"name": "x", "when": "2026-11-20"}]'),
            NotPoliceFormat,
            "item 0 is not a police event (missing datetime, id, location, type)",
        ),
        "no-category-column": (
            put("utan.csv", b"Datum;Plats\r\n2026-11-20;Ryd\r\n"),
            MappingError,
            "no category column: expected a header like Kategori (found: Datum, Plats)",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "binary-as-csv",
        "empty",
        "utf-16",
        "header-only",
        "merged-header",
        "broken-xlsx",
        "json-object",
        "json-list",
        "no-category-column",
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(
    import_db: ImportDb, tmp_path: Path, case: str
) -> None:
    file, error, message = broken_files(tmp_path)[case]
    with pytest.raises(error) as err:
        import_db.run(file)
    assert message in str(err.value)
    assert import_db.count() == 0
    assert not list(tmp_path.glob("*.rejects.csv"))


def test_a_rejects_file_that_cannot_be_written_stops_the_import_before_it_starts(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = write_csv(tmp_path / "in.csv", [GOOD, ["x", "", "klotter", "Ryd", "x", "", ""]])
    with pytest.raises(FileProblem, match=r"rejects file .* expected a file in an existing"):
        import_db.run(file, rejects_path=tmp_path / "saknas" / "r.csv")
    assert import_db.count() == 0


# --- the command line --------------------------------------------------------------------------


@SLOW
def test_cli_import_prints_progress_and_the_summary_and_a_rerun_adds_nothing(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "v47.csv",
        [
            GOOD,
            ["2026-11-20", "", "Brand", "Berga torg", "container", "", ""],
            ["2099-01-01", "", "klotter", "Ryd", "framtid", "", ""],
            ["2026-11-21", "01:10", "Skadegörelse", "Skäggetorp", "ruta", "58,428", "15,58"],
            ["2026-11-21", "", "Raket", "Ryd", "okänd", "", ""],
        ],
    )
    args = ("incidents", "import", str(file), "--org", "Stångåstaden", "--db", str(import_db.path))
    first = run_cli(*args, TTY_COMPATIBLE="1", TTY_INTERACTIVE="1")  # a terminal: draw the bar
    assert first.returncode == 0, first.stderr
    out = ANSI.sub("", first.stdout)
    assert "Importerade: 3  Dubbletter: 0  Avvisade: 2" in out
    assert f"Avvisade rader med radnummer och orsak: {file}.rejects.csv" in out
    assert "Importerar v47.csv" in first.stderr and "Traceback" not in first.stderr
    assert rejects_of(Path(f"{file}.rejects.csv")) == {
        4: "datumet '2099-01-01' ligger i framtiden",
        6: "kategorin 'Raket' är okänd; ange en kod eller benämning som Klotter",
    }
    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == "Importerade: 0  Dubbletter: 3  Avvisade: 2"
    assert import_db.count() == 3
    assert {i.category for i in import_db.incidents()} == {"klotter", "brand", "skadegorelse"}


@SLOW
def test_cli_refuses_a_binary_file_with_exit_code_2_and_one_clear_message(
    import_db: ImportDb, tmp_path: Path
) -> None:
    file, _, message = broken_files(tmp_path)["binary-as-csv"]
    result = run_cli(
        "incidents",
        "import",
        str(file),
        "--org",
        "Stångåstaden",
        "--format",
        "csv",
        "--db",
        str(import_db.path),
        SAMVERKAN_LANGUAGE="en",  # the messages as the file problems give them, in English
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == f"fel {message}"
    assert result.stdout == ""
    assert import_db.count() == 0


@pytest.mark.parametrize(
    ("case", "extra", "message"),
    [
        ("empty", (), "fel tom.csv är tom"),
        ("merged-header", (), "sammanfogade rubrikceller"),
        ("json-object", (), "fel geo.json: en JSON-lista med polisens händelser väntades"),
        ("json-object", ("--format", "polisen-json"), "en JSON-lista med polisens händelser"),
        ("binary-as-csv", ("--format", "xlsx"), "bild.csv går inte att läsa som XLSX"),
        ("no-category-column", (), "ingen kategorikolumn"),
        ("header-only", ("--org", "Finns inte AB"), "organisationen Finns inte AB finns inte"),
        ("header-only", ("--format", "pdf"), "--format 'pdf': ange auto, csv, xlsx"),
        ("header-only", ("--map", "datum"), "--map 'datum': ange fält=Rubrik"),
        (
            "header-only",
            ("--rejects", "/saknas/r.csv"),
            "avvisade rader /saknas/r.csv: en fil",
        ),
    ],
)
def test_cli_errors_exit_2_with_a_message_and_no_traceback(
    import_db: ImportDb,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    extra: tuple[str, ...],
    message: str,
) -> None:
    file = broken_files(tmp_path)[case][0]
    if case == "header-only":  # a good file: the problem is in the options
        file = write_csv(tmp_path / "bra.csv", [GOOD])
    args = ["incidents", "import", str(file), "--org", "Stångåstaden", "--db", str(import_db.path)]
    code, out, err = run_main(capsys, monkeypatch, *args, *extra)
    assert code == 2
    assert message in err, err
    assert "Traceback" not in err and out == ""
    assert import_db.count() == 0


def test_cli_map_option(
    import_db: ImportDb,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = write_csv(
        tmp_path / "bolaget.csv",
        [["2026-11-20", "Klotter", "Ryd", "Tags"]],
        header=["Händelsedag", "EST-kategori", "Fastighet", "Text"],
    )
    code, out, err = run_main(
        capsys,
        monkeypatch,
        "incidents",
        "import",
        str(file),
        "--org",
        "Stångåstaden",
        "--db",
        str(import_db.path),
        "--map",
        "date=Händelsedag",
        "--map",
        "category=EST-kategori",
        "--map",
        "place=Fastighet",
    )
    assert code == 0, err
    assert out.splitlines()[0] == "Importerade: 1  Dubbletter: 0  Avvisade: 0"
    (i,) = import_db.incidents()
    assert (i.category, i.area, i.precision, i.description) == ("klotter", "Ryd", "omrade", "Tags")


@SLOW
def test_an_import_killed_half_way_and_run_again_ends_with_exactly_the_rows_of_the_file(
    import_db: ImportDb, tmp_path: Path
) -> None:
    rows: list[list[str]] = []
    bad: set[int] = set()
    for k in range(30_000):
        if k % 1000 == 999:
            rows.append(["2026-11-20", "", "okänd kategori", "Ryd", f"avvisas {k}", "", ""])
            bad.add(k + 2)
        elif k % 500 == 1:
            rows.append(list(rows[-1]))  # an identical second report of the same thing
        elif k % 7 == 0:
            rows.append(
                ["2026-11-19", f"{k % 24:02d}:{k % 60:02d}", "brand", "Berga", f"rad {k}", "", ""]
            )
        else:
            lat, lon = f"58,{4200 + k % 150}", f"15,{5700 + k % 300}"
            rows.append(
                ["2026-11-18", f"{k % 24:02d}:15", "klotter", f"Gård {k}", f"rad {k}", lat, lon]
            )
    file = write_csv(tmp_path / "stor.csv", rows)
    valid = [r[4] for n, r in enumerate(rows, start=2) if n not in bad]
    unique = list(dict.fromkeys(valid))  # an identical row is the same report: stored once
    # what may be stored after whole batches: the distinct rows among the first j batches
    whole_batches = [set(valid[: j * BATCH]) for j in range(len(valid) // BATCH + 2)]

    def stored() -> int:
        with sqlite3.connect(import_db.path, timeout=10) as con:
            return int(con.execute("SELECT COUNT(*) FROM incident").fetchone()[0])

    args = ["incidents", "import", str(file), "--org", "Stångåstaden", "--db", str(import_db.path)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "samverkan", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    deadline = time.monotonic() + 150
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if stored() >= BATCH:  # the first batch is committed: kill it mid-way
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
    finally:
        if proc.poll() is None and time.monotonic() >= deadline:
            proc.kill()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"the import was not killed half-way: {err!r}"
    half = stored()
    assert 0 < half < len(unique)
    with sqlite3.connect(import_db.path) as con:
        kept = {d for (d,) in con.execute("SELECT description FROM incident")}
    assert kept in whole_batches  # whole batches only: nothing half-stored

    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    new = len(unique) - half
    assert again.stdout.splitlines()[0] == (
        f"Importerade: {new}  Dubbletter: {len(valid) - new}  Avvisade: {len(bad)}"
    )
    with sqlite3.connect(import_db.path) as con:
        descriptions = sorted(d for (d,) in con.execute("SELECT description FROM incident"))
    assert descriptions == sorted(unique)
    assert set(rejects_of(Path(f"{file}.rejects.csv"))) == bad
    import_db.assert_totals()  # the killed batch left no totals behind either


def test_an_area_is_named_by_whole_words_only(import_db: ImportDb, tmp_path: Path) -> None:
    rows = [
        ["2026-11-20", "", "klotter", "Kryddgården 4", "inte Ryd", "", ""],
        ["2026-11-20", "", "klotter", "Ryd, Rydsvägen", "i Ryd", "", ""],
        ["2026-11-20", "", "klotter", "Berga centrum", "i Berga", "", ""],
    ]
    summary = import_db.run(write_csv(tmp_path / "ord.csv", rows))
    assert (summary.imported, summary.rejected) == (2, 1)
    stored = {i.description: (i.area, i.precision, i.time_band) for i in import_db.incidents()}
    assert stored == {"i Ryd": ("Ryd", "omrade", "dygn"), "i Berga": ("Berga", "omrade", "dygn")}


def test_email_addresses_are_removed_on_import_and_odd_years_rejected(
    import_db: ImportDb, tmp_path: Path
) -> None:
    rows = [
        ["2026-11-20", "", "klotter", "Ryd", "Mejla kalle@example.se", "", ""],
        ["0001-01-01", "00:30", "klotter", "Ryd", "år ett", "", ""],
    ]
    summary = import_db.run(write_csv(tmp_path / "mejl.csv", rows))
    assert (summary.imported, summary.rejected, summary.redacted) == (1, 1, 1)
    assert [i.description for i in import_db.incidents()] == ["Mejla [borttaget]"]


def test_a_point_outside_the_importers_areas_is_rejected_not_hidden(
    import_db: ImportDb, tmp_path: Path
) -> None:
    rows = [
        ["2026-11-20", "22:15", "klotter", "Sergels torg", "i Stockholm", "59,3326", "18,0649"],
        ["2026-11-20", "22:15", "klotter", "Torget", "i Skäggetorp", "58,4275", "15,5830"],
    ]
    file = write_csv(tmp_path / "utanfor.csv", rows)
    summary = import_db.run(file)
    assert (summary.imported, summary.rejected) == (1, 1)
    reasons = rejects_of(Path(f"{file}.rejects.csv"))
    assert list(reasons) == [2] and "utanför de områden dina EST-grupper täcker" in reasons[2]
    assert [(i.area, i.description) for i in import_db.incidents()] == [
        ("Skäggetorp", "i Skäggetorp")
    ]

"""Tests of `samverkan.districts.statfile`: PX (real INE sample + hand-written) and CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan.districts.statfile import StatFileError, read, read_csv, read_px
from samverkan.districts.statfile_px import parse_px_cube

SAMPLE = Path(__file__).parent.parent / "data" / "px" / "27067.px"

DESO_PX = """CHARSET="ANSI";
TITLE="Folkmängd efter region och år";
CONTENTS="Folkmängd";
UNITS="antal";
SOURCE="SCB";
STUB="region";
HEADING="år";
VALUES("region")="0580A0010 Linköping","0580A0020 Linköping";
CODES("region")="0580A0010","0580A0020";
VALUES("år")="2021","2022";
DATA=
1200 1250
".." 980;
"""


def test_real_px_value_checked_by_hand() -> None:
    data = SAMPLE.read_bytes()
    cube = parse_px_cube(data)
    # Dimensions: STUB region (1: "06 Cantabria") × Divisiones (29), HEADING "Índice y tasas" (4)
    # × Periodo (7, "2018M12" first). Divisions 05 and 07 are 2×28 ".." (DATA tokens 0-55),
    # "08 Otras ..." are 100.0 ×7 and 0.0 ×21 (56-83); "10 Industria de la alimentación" starts
    # at token 84 = ((0*29 + 3)*4 + 0)*7 + 0: "102.787" in the file's DATA, line 2.
    assert len(cube.cells) == 1 * 29 * 4 * 7
    assert cube.cells[84] == 102.787
    key = {
        "Comunidades y Ciudades Autónomas": "06 Cantabria",
        "Divisiones": "10 Industria de la alimentación",
        "Índice y tasas": "Índice",
    }
    assert cube.cell(**key, Periodo="2018M12") == 102.787
    assert cube.cell(**key, Periodo="2018M06") == 104.388
    assert cube.cells[0] is None  # ".."
    assert cube.codes["Comunidades y Ciudades Autónomas"] == ("CA06",)
    assert cube.meta["SOURCE"] == ["Instituto Nacional de Estadística"]  # iso-8859-15 decoded


def test_real_px_monthly_refused() -> None:
    with pytest.raises(StatFileError, match=r"2018M12.*yearly statistics only"):
        read(SAMPLE.read_bytes(), "27067.px", region="Comunidades y Ciudades Autónomas")


def test_real_px_without_region_lists_dimensions() -> None:
    with pytest.raises(StatFileError, match=r"Divisiones.*region="):
        read_px(SAMPLE.read_bytes())


def test_deso_px() -> None:
    table = read_px(DESO_PX.encode("iso-8859-1"))
    assert table.format == "px"
    assert table.codes == ("0580A0010", "0580A0020")
    assert table.names["0580A0010"] == "0580A0010 Linköping"
    assert table.years == (2021, 2022)
    assert table.variables == ("Folkmängd",)
    assert (table.title, table.source, table.unit) == (
        "Folkmängd efter region och år",
        "SCB",
        "antal",
    )
    cells = {(v.code, v.year): v.value for v in table.values}
    assert cells == {
        ("0580A0010", 2021): 1200.0,
        ("0580A0010", 2022): 1250.0,
        ("0580A0020", 2021): None,
        ("0580A0020", 2022): 980.0,
    }


def test_px_other_dimension_is_variable() -> None:
    text = (
        DESO_PX.replace('HEADING="år";', 'HEADING="kön","år";')
        .replace('VALUES("år")', 'VALUES("kön")="män","kvinnor";\nVALUES("år")')
        .replace('1200 1250\n".." 980', "1 2 3 4\n5 6 7 8")
    )
    table = read_px(text.encode("iso-8859-1"))
    assert table.variables == ("män", "kvinnor")
    got = {(v.code, v.year, v.variable): v.value for v in table.values}
    assert got[("0580A0020", 2022, "kvinnor")] == 8.0
    assert got[("0580A0010", 2022, "män")] == 2.0


def test_px_encodings() -> None:
    latin = ('CODEPAGE="iso-8859-1";\n' + DESO_PX).encode("iso-8859-1")
    assert "Linköping" in read_px(latin).names["0580A0010"]
    default = DESO_PX.replace('CHARSET="ANSI";\n', "").encode("iso-8859-1")  # spec default
    assert "Linköping" in read_px(default).names["0580A0010"]
    utf8 = b"\xef\xbb\xbf" + DESO_PX.encode("utf-8")
    assert "Linköping" in read_px(utf8).names["0580A0010"]
    with pytest.raises(StatFileError, match="foo-9") as err:
        read_px(('CODEPAGE="foo-9";\n' + DESO_PX).encode("ascii", "replace"))
    assert err.value.field == "CODEPAGE"
    with pytest.raises(StatFileError, match="rad 2, byte 25"):
        read_px(b'CODEPAGE="utf-8";\nTITLE="\xff";\n' + DESO_PX.encode("ascii", "replace"))


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("DATA=", "DATUM=", "no DATA"),
        ('VALUES("år")="2021","2022";', "", "år.*no VALUES"),
        ('".." 980;', '"..";', "DATA has 3 values, the dimensions need 4"),
        ('STUB="region";\nHEADING="år";', "", "no STUB and no HEADING"),
        ('UNITS="antal";', "UNITS antal;", "KEYWORD=value"),
        ('VALUES("år")="2021","2022";', 'VALUES("år")="2021M01","2022M01";', "yearly"),
        ("980;", "9x0;", "'9x0' is not a number.*0580A0020 Linköping · 2022"),
    ],
)
def test_px_broken(old: str, new: str, match: str) -> None:
    text = DESO_PX.replace(old, new)
    assert text != DESO_PX
    with pytest.raises(StatFileError, match=match):
        read_px(text.encode("iso-8859-1"))


def test_csv_happy_path() -> None:
    text = (
        "\ufeffKod;Namn;År;Befolkning;Andel\n"
        "0580A0010;Linköping centrum;2021;1\u00a0234;12,5\n"
        "0580A0010;Linköping centrum;2022;1 300;−1,5\n"
        "0580A0020;Ryd;2021;..;\n"
    )
    table = read(text.encode("utf-8"), "befolkning.csv")
    assert table.format == "csv"
    assert table.codes == ("0580A0010", "0580A0020")
    assert table.years == (2021, 2022)
    assert table.variables == ("Befolkning", "Andel")
    assert table.names == {"0580A0010": "Linköping centrum", "0580A0020": "Ryd"}
    got = {(v.code, v.year, v.variable): v.value for v in table.values}
    assert got[("0580A0010", 2021, "Befolkning")] == 1234.0
    assert got[("0580A0010", 2021, "Andel")] == 12.5
    assert got[("0580A0010", 2022, "Andel")] == -1.5
    assert got[("0580A0020", 2021, "Befolkning")] is None
    assert got[("0580A0020", 2021, "Andel")] is None


def test_csv_cp1252_and_comma() -> None:
    data = "kod,namn,year,v\n0580,Linköping,2021,3.5\n".encode("cp1252")
    table = read_csv(data)
    assert table.names == {"0580": "Linköping"}
    assert table.values[0].value == 3.5


def test_csv_not_a_number() -> None:
    text = "kod;år;befolkning;andel\nA;2021;10;1\nB;2021;abc;2\nC;20x1;1;1\n"
    with pytest.raises(StatFileError, match="2 lines refused") as err:
        read_csv(text.encode())
    first, second = err.value.problems
    assert first.position == "rad 3, kolumn 'befolkning'"
    assert first.field == "befolkning"
    assert "'abc' is not a number" in first.message
    assert second.position.startswith("rad 4") and "year" in second.message


def test_csv_missing_year_column() -> None:
    with pytest.raises(StatFileError, match=r"columns found: kod, befolkning.*year"):
        read_csv(b"kod;befolkning\nA;1\n")


def test_csv_duplicate_line() -> None:
    with pytest.raises(StatFileError) as err:
        read_csv(b"kod;ar;v\nA;2021;1\nA;2021;2\n")
    assert err.value.problems[0].position == "rad 3"
    assert "duplicate" in err.value.problems[0].message


def test_csv_empty_and_header_only_and_unknown_type() -> None:
    with pytest.raises(StatFileError, match="empty"):
        read_csv(b"")
    with pytest.raises(StatFileError, match="header only"):
        read_csv("kod;år;v\n".encode())
    with pytest.raises(StatFileError, match=r"data\.xlsx"):
        read(b"x", "data.xlsx")

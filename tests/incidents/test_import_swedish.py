"""The import speaks Swedish: every reason a row or a file is refused is a msgid with a
Swedish translation, and the rejects file a Swedish reader gets has no English left in it."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

from samverkan.core.i18n import translations
from samverkan.incidents.bulk import OUTSIDE
from tests.incidents.conftest import ImportDb, rejects_of

SRC = Path(__file__).resolve().parents[2] / "src" / "samverkan" / "incidents"
RAISED = {"RowError", "MappingError", "FileProblem", "NotPoliceFormat"}
# Words of the English msgids that no Swedish reason uses (the column names, codes and example
# values the reasons quote are the file's own: Latitud, X/Y, delad/egen/polis, 2026-11-20).
ENGLISH = {
    "expected", "give", "both", "neither", "lies", "does", "exist", "unknown", "empty", "is",
    "not", "the", "characters", "look", "swapped", "outside", "before", "future", "known",
    "number", "whole", "category", "date", "time", "description", "longer", "than", "or",
}  # fmt: skip


def _messages(tree: ast.AST, constants: dict[str, str]) -> list[tuple[int, str | None]]:
    """(line, msgid) of every importer error raised; msgid None when it is not a literal."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in RAISED or not node.args:
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Call) and getattr(arg.func, "id", "") == "N_":
            arg = arg.args[0]
        if isinstance(arg, ast.Name):
            found.append((node.lineno, constants.get(arg.id)))
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.append((node.lineno, arg.value))
        else:
            found.append((node.lineno, None))
    return found


def _constants(tree: ast.Module) -> dict[str, str]:
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            call = node.value
            if getattr(call.func, "id", "") == "N_" and isinstance(call.args[0], ast.Constant):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        out[target.id] = str(call.args[0].value)
    return out


def test_it_raises_every_import_error_with_a_translated_msgid() -> None:
    files = [*sorted((SRC / "importers").glob("*.py")), SRC / "bulk.py"]
    trees = {f: ast.parse(f.read_text()) for f in files}
    constants: dict[str, str] = {}
    for tree in trees.values():
        constants |= _constants(tree)
    sv = translations("sv")
    seen = 0
    for f, tree in trees.items():
        for line, msgid in _messages(tree, constants):
            assert msgid is not None, f"{f.name}:{line}: the message is not a msgid"
            assert sv.gettext(msgid) != msgid, f"{f.name}:{line}: {msgid!r} has no Swedish"
            seen += 1
    assert seen > 40  # every reason of rows.py, polisen.py, tabular.py and bulk.py


HEADER = [
    "Datum", "Tid", "Kategori", "Plats", "Beskrivning", "Latitud", "Longitud", "X", "Y",
    "Område", "Allvarlighet", "Antal personer", "Synlighet", "Platstyp", "Misstänkt", "Id",
]  # fmt: skip
GOOD = {"Datum": "2026-11-20", "Tid": "22:15", "Kategori": "klotter", "Plats": "Ryd"}


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(HEADER)
        for cells in rows:
            out.writerow([{**GOOD, **cells}.get(h, "") for h in HEADER])
    return path


def test_it_writes_every_reason_of_the_rejects_file_in_swedish(
    import_db: ImportDb, tmp_path: Path
) -> None:
    bad = [
        {"Datum": ""},
        {"Datum": "förra veckan"},
        {"Datum": "2026-13-45", "Tid": "10:00"},
        {"Datum": "2099-01-01"},
        {"Datum": "1999-12-31"},
        {"Tid": "sent"},
        {"Kategori": ""},
        {"Kategori": "Fyrverkerier"},
        {"Latitud": "norr", "Longitud": "15,6"},
        {"Latitud": "58,4"},
        {"Latitud": "15,58", "Longitud": "58,428"},
        {"Latitud": "48,85", "Longitud": "2,35"},
        {"X": "6472000"},
        {"X": "537000", "Y": "6472000"},
        {"X": "1000", "Y": "2000"},
        {"Plats": "", "Område": "Atlantis"},
        {"Plats": ""},
        {"Beskrivning": "x" * 4001},
        {"Allvarlighet": "9"},
        {"Antal personer": "2,5"},
        {"Synlighet": "hemlig"},
        {"Platstyp": "privat"},
        {"Misstänkt": "kanske"},
        {"Id": "x" * 121},
        {"Plats": "", "Latitud": "63,83", "Longitud": "20,26"},  # Umeå: no area of the groups
    ]
    summary = import_db.run(_csv(tmp_path / "fel.csv", bad))
    reasons = rejects_of(tmp_path / "fel.csv.rejects.csv")
    assert summary.imported == 0 and len(reasons) == len(bad), reasons
    assert reasons[4] == "datumet '2026-13-45 10:00' finns inte"
    assert reasons[9].startswith("kategorin 'Fyrverkerier' är okänd")
    for line, reason in reasons.items():
        words = {w.strip(".,:;()'\"").lower() for w in reason.split()}
        assert not words & ENGLISH, f"line {line}: {reason!r} has English in it"


def test_it_writes_the_reasons_in_english_when_asked(import_db: ImportDb, tmp_path: Path) -> None:
    import_db.run(_csv(tmp_path / "in.csv", [{"Datum": "2026-13-45"}]), lang="en")
    assert rejects_of(tmp_path / "in.csv.rejects.csv") == {
        2: "date '2026-13-45 22:15' does not exist"
    }


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_it_gives_the_outside_reason_in_the_readers_language(lang: str) -> None:
    text = OUTSIDE.text(translations(lang).gettext, lang)
    assert ("EST-grupper" in text) is (lang == "sv")

"""The command line speaks ``SAMVERKAN_LANGUAGE``, Swedish unless set: its errors are msgids
with a Swedish translation, printed through the same catalog as the pages."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from samverkan.core.i18n import translations

SRC = Path(__file__).resolve().parents[2] / "src" / "samverkan"
ERRORS = {"DomainError", "NotFound", "PermissionDenied", "Invalid", "BadRequest", "Conflict"}


def _raised(path: Path) -> list[tuple[int, ast.expr | None]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
            if isinstance(call.func, ast.Name) and call.func.id in ERRORS:
                found.append((node.lineno, call.args[0] if call.args else None))
    return found


def test_every_error_a_command_raises_is_a_msgid_with_a_swedish_translation() -> None:
    sv = translations("sv")
    seen = 0
    for path in sorted(SRC.glob("*/cli.py")):
        for line, arg in _raised(path):
            where = f"{path.relative_to(SRC)}:{line}"
            if isinstance(arg, ast.Call) and getattr(arg.func, "id", "") == "N_":
                arg = arg.args[0]
            if isinstance(arg, ast.Name | ast.Attribute):  # a msgid from a validator (explain)
                continue
            assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
                f"{where}: the message is not a msgid (an f-string cannot be translated)"
            )
            assert sv.gettext(arg.value) != arg.value, f"{where}: {arg.value!r} has no Swedish"
            seen += 1
    assert seen >= 15


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (None, "samverkan: organisationen Finns inte AB finns inte"),
        ("sv", "samverkan: organisationen Finns inte AB finns inte"),
        ("en", "samverkan: organisation Finns inte AB not found"),
    ],
)
def test_it_prints_an_error_in_the_language_of_the_setting(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str | None,
    expected: str,
) -> None:
    from samverkan.cli import main

    if lang is None:
        monkeypatch.delenv("SAMVERKAN_LANGUAGE", raising=False)
    else:
        monkeypatch.setenv("SAMVERKAN_LANGUAGE", lang)
    file = tmp_path / "in.csv"
    file.write_text("Datum;Kategori;Plats\n2026-11-20;klotter;Ryd\n", encoding="utf-8")
    args = [
        "incidents",
        "import",
        str(file),
        "--org",
        "Finns inte AB",
        "--db",
        str(tmp_path / "c.db"),
    ]
    monkeypatch.setattr(sys, "argv", ["samverkan", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == expected


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["areas", "import"], "Argumentet 'file' saknas."),
        (["areas", "import", "x.geojson", "--bogus"], "Flaggan --bogus finns inte"),
        (["lagesbild", "--week", "2026-W48", "--aera", "x"], "(menade du --area?)"),
        (["areas", "import", "x.geojson", "--kind"], "Flaggan '--kind' behöver ett värde."),
        (["finns-inte"], "Kommandot 'finns-inte' finns inte"),
    ],
)
def test_typers_own_usage_errors_are_swedish_too(args: list[str], said: str, tmp_path) -> None:
    """A mistyped command gets its error in Swedish, under the heading "Fel", with exit code 2."""
    import os
    import subprocess

    env = {**os.environ, "SAMVERKAN_LANGUAGE": "sv", "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "samverkan", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert said in proc.stderr and "Fel" in proc.stderr
    assert "Missing" not in proc.stderr and "No such" not in proc.stderr
    assert "för hjälp" in proc.stderr or args[-1] in ("finns-inte", "--kind")  # no context

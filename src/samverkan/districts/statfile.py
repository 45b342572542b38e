"""Statistics files for the district domain: bytes in, a `StatTable` or a `StatFileError` out.

Two formats: PC-Axis PX (SCB's and municipalities' statistics databases; see `statfile_px`) and
CSV with one line per (area code, year) and one numeric column per variable. The result is long
form: one `StatValue(code, year, variable, value)` per cell, `value=None` for a missing or
suppressed cell. Nothing here touches a database; a refused file raises before anything is kept.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Literal

MAX_PROBLEMS = 100


@dataclass(frozen=True)
class StatProblem:
    """One refused line or cell: where, which column, why."""

    position: str
    field: str | None
    message: str


class StatFileError(ValueError):
    """A file refused: `position` ("rad 3", "nyckelord DATA"), `field` and an English `message`."""

    def __init__(
        self,
        message: str,
        *,
        position: str | None = None,
        field: str | None = None,
        problems: tuple[StatProblem, ...] = (),
    ) -> None:
        self.message = message
        self.position = position
        self.field = field
        self.problems = problems
        super().__init__(f"{position}: {message}" if position else message)


@dataclass(frozen=True)
class StatValue:
    """One cell: area `code`, `year`, `variable` name and its value (None: missing/suppressed)."""

    code: str
    year: int
    variable: str
    value: float | None


@dataclass(frozen=True)
class StatTable:
    """A whole file in long form; `codes` in file order, `years` sorted, `names` code -> name."""

    format: Literal["px", "csv"]
    title: str | None
    source: str | None
    unit: str | None
    variables: tuple[str, ...]
    years: tuple[int, ...]
    codes: tuple[str, ...]
    names: dict[str, str] = field(default_factory=dict)
    values: tuple[StatValue, ...] = ()


def read(
    data: bytes, filename: str, *, region: str | None = None, time: str | None = None
) -> StatTable:
    """Read by extension: .px -> `read_px`, .csv/.txt -> `read_csv`; anything else is refused."""
    ext = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if ext == "px":
        from samverkan.districts.statfile_px import read_px

        return read_px(data, region=region, time=time)
    if ext in ("csv", "txt"):
        return read_csv(data)
    raise StatFileError(
        f"unknown file type {filename!r}: expected .px, .csv or .txt", field="filename"
    )


def read_px(data: bytes, *, region: str | None = None, time: str | None = None) -> StatTable:
    """Read a PC-Axis file (see `statfile_px.read_px`)."""
    from samverkan.districts.statfile_px import read_px as _read_px

    return _read_px(data, region=region, time=time)


_CODE_COLS = ("kod", "områdeskod", "omradeskod", "deso", "regso", "code", "area_code")
_YEAR_COLS = ("år", "ar", "year")
_NAME_COLS = ("namn", "område", "omrade", "name")
_MISSING = {"", "..", "-", "–", "."}


def _decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_number(text: str) -> float | None:
    """A Swedish-style number ("1 234,5", "−3", "..") -> float / None; ValueError if not one."""
    cell = text.strip()
    if cell in _MISSING:
        return None
    cell = re.sub(r"[\s\u00a0\u202f]", "", cell).replace("\u2212", "-")
    if "," in cell and "." not in cell:
        cell = cell.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", cell):
        raise ValueError(f"{text.strip()!r} is not a number")
    return float(cell)


def read_csv(data: bytes) -> StatTable:
    """Read a CSV (`;`, `,` or tab): code and year columns, optional name, numeric variables."""
    text = _decode_csv(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise StatFileError("empty file", position="rad 1")
    header_line = lines[0]
    delimiter = max((";", "\t", ","), key=header_line.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    folded = [h.casefold() for h in header]

    def find(names: tuple[str, ...]) -> int | None:
        return next((i for i, h in enumerate(folded) if h in names), None)

    ci, yi, ni = find(_CODE_COLS), find(_YEAR_COLS), find(_NAME_COLS)
    if ci is None or yi is None:
        raise StatFileError(
            f"columns found: {', '.join(header)}; expected a code column ({', '.join(_CODE_COLS)})"
            f" and a year column ({', '.join(_YEAR_COLS)})",
            position="rad 1",
            field="kod" if ci is None else "år",
        )
    var_idx = [i for i in range(len(header)) if i not in (ci, yi, ni)]
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if not body:
        raise StatFileError("header only, no data lines", position="rad 1")
    problems: list[StatProblem] = []
    values: list[StatValue] = []
    codes: dict[str, None] = {}
    names: dict[str, str] = {}
    seen: set[tuple[str, int]] = set()
    for line, row in body:
        if len(row) != len(header):
            problems.append(
                StatProblem(f"rad {line}", None, f"{len(row)} fields, header has {len(header)}")
            )
            continue
        code, year_text = row[ci].strip(), row[yi].strip()
        if not code:
            problems.append(StatProblem(f"rad {line}", header[ci], "empty area code"))
            continue
        if not re.fullmatch(r"\d{4}", year_text):
            problems.append(
                StatProblem(
                    f"rad {line}, kolumn '{header[yi]}'",
                    header[yi],
                    f"{year_text!r} is not a 4-digit year",
                )
            )
            continue
        year = int(year_text)
        if (code, year) in seen:
            problems.append(
                StatProblem(f"rad {line}", header[ci], f"duplicate line for {code} {year}")
            )
            continue
        seen.add((code, year))
        codes[code] = None
        if ni is not None and row[ni].strip():
            names[code] = row[ni].strip()
        for i in var_idx:
            try:
                number = parse_number(row[i])
            except ValueError as exc:
                problems.append(
                    StatProblem(f"rad {line}, kolumn '{header[i]}'", header[i], str(exc))
                )
                continue
            values.append(StatValue(code, year, header[i], number))
    if problems:
        raise StatFileError(
            f"{len(problems)} lines refused",
            position=problems[0].position,
            field=problems[0].field,
            problems=tuple(problems[:MAX_PROBLEMS]),
        )
    return StatTable(
        format="csv",
        title=None,
        source=None,
        unit=None,
        variables=tuple(header[i] for i in var_idx),
        years=tuple(sorted({y for _, y in seen})),
        codes=tuple(codes),
        names=names,
        values=tuple(values),
    )

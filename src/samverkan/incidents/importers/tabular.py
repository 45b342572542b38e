"""Streaming rows out of CSV and XLSX files, whatever their encoding and separator.

CSV: UTF-8 (with or without BOM) or Windows-1252, ``;`` or ``,`` (or tab) separators. The file
is read twice: once to decide the encoding (any byte sequence that is not UTF-8 means
Windows-1252), then row by row. XLSX is read with openpyxl in read-only mode. Neither holds
the whole file in memory.

``csv_cells`` and ``xlsx_cells`` yield ``(1, headers)`` first, then ``(line number, cells)``
where ``cells`` has at least one cell per header, in the header's order (a CSV row may carry
more, after them): no dict per row, since this is the bulk import's hot path.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from samverkan.core.errors import N_, Explained

CHUNK = 1 << 20
# A cell may be far longer than csv's default limit (128 KiB): a pasted 10 MB description must be
# read and then rejected as one row, not end the import with a csv.Error.
FIELD_LIMIT = 64 << 20
# The five bytes Windows-1252 leaves undefined: a file that is not UTF-8 and has one is neither.
_NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


class FileProblem(Explained):
    """The file as a whole cannot be read (not the format, no header, merged header cells…)."""


EMPTY = N_("%(file)s is empty")
NOT_XLSX = N_("%(file)s cannot be read as XLSX (%(problem)s)")


def scan(path: Path) -> tuple[str, int]:
    """The encoding (``utf-8-sig`` when every byte decodes as UTF-8, else ``cp1252``) and the
    number of lines, in one pass over the bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8-sig"
    lines = 0
    undefined: tuple[int, int] | None = None  # (line, byte) of the first byte cp1252 lacks
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            if b"\x00" in chunk:
                if not lines and chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise FileProblem(
                        N_(
                            "%(file)s is UTF-16 text: expected UTF-8 or Windows-1252 "
                            "(in Excel, save as CSV UTF-8)"
                        ),
                        file=path.name,
                    )
                raise FileProblem(N_("%(file)s is a binary file, not CSV text"), file=path.name)
            if undefined is None:
                at = min((i for b in _NOT_CP1252 if (i := chunk.find(b)) >= 0), default=-1)
                if at >= 0:
                    undefined = (lines + chunk.count(b"\n", 0, at) + 1, chunk[at])
            lines += chunk.count(b"\n")
            if encoding == "utf-8-sig":
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "cp1252"
    if encoding == "utf-8-sig":
        try:
            decoder.decode(b"", final=True)  # a character cut off at the end of the file
        except UnicodeDecodeError:
            encoding = "cp1252"
    if encoding == "cp1252" and undefined is not None:
        raise FileProblem(
            N_(
                "%(file)s line %(line)s: byte %(byte)s is neither UTF-8 nor Windows-1252 text "
                "(in Excel, save as CSV UTF-8)"
            ),
            file=path.name,
            line=undefined[0],
            byte=f"0x{undefined[1]:02x}",
        )
    return encoding, lines


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delim = max(";,\t", key=first.count)

        class Simple(csv.excel):
            delimiter = delim

        return Simple


def _headers(raw: list[str], name: str) -> list[str]:
    headers = [h.strip().strip("\ufeff") for h in raw]
    if not any(headers):
        raise FileProblem(
            N_("%(file)s: the first row is empty; expected column headers"), file=name
        )
    for i, h in enumerate(headers, start=1):
        if not h:
            raise FileProblem(
                N_(
                    "%(file)s: header cell %(n)s is empty (merged header cells?); "
                    "expected one header per column"
                ),
                file=name,
                n=i,
            )
    return headers


def csv_cells(path: Path, encoding: str) -> Iterator[tuple[int, list[str]]]:
    """``(1, headers)``, then the rows of a CSV file as lists of cells with their line numbers."""
    if path.stat().st_size == 0:
        raise FileProblem(EMPTY, file=path.name)
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    with path.open("r", encoding=encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
        fh.seek(0)
        reader = csv.reader(fh, _dialect(sample))
        try:
            raw = next(reader)
        except StopIteration:
            raise FileProblem(EMPTY, file=path.name) from None
        except csv.Error as exc:
            raise FileProblem(
                N_("%(file)s line 1: %(problem)s"), file=path.name, problem=str(exc)
            ) from None
        headers = _headers(raw, path.name)
        yield 1, headers
        width = len(headers)
        start = reader.line_num + 1  # a quoted cell may span lines: report where the row starts
        try:
            for row in reader:
                # skip rows without a visible cell (the first cell settles most rows)
                if (row and row[0].strip()) or "".join(row).strip():
                    if len(row) < width:
                        row += [""] * (width - len(row))
                    yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            raise FileProblem(
                N_("%(file)s line %(line)s: %(problem)s; the rest of the file was not read"),
                file=path.name,
                line=reader.line_num,
                problem=str(exc),
            ) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # A date-only cell comes back as a datetime at midnight: keep it a date (no time given).
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_cells(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(1, headers)``, then the rows of the first sheet of an XLSX workbook as lists of cells
    (one per header) with their row numbers."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileProblem(NOT_XLSX, file=path.name, problem=exc.__class__.__name__) from None
    except Exception as exc:  # zipfile.BadZipFile and friends
        raise FileProblem(NOT_XLSX, file=path.name, problem=exc.__class__.__name__) from None
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        try:
            first = next(rows)
        except StopIteration:
            raise FileProblem(N_("%(file)s: the first sheet is empty"), file=path.name) from None
        raw = [_cell(v) for v in first]
        while raw and not raw[-1]:
            raw.pop()
        headers = _headers(raw, path.name)
        yield 1, headers
        for n, values in enumerate(rows, start=2):
            cells = [_cell(v) for v in values[: len(headers)]]
            if not any(c.strip() for c in cells):
                continue
            cells += [""] * (len(headers) - len(cells))
            yield n, cells
    finally:
        wb.close()


def sniff_format(path: Path) -> str:
    """``xlsx``, ``polisen-json`` or ``csv`` from the file's first bytes."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"[", b"{")):
        return "polisen-json"
    return "csv"

"""Bulk intake: a file's rows checked, placed and stored in batches, each batch committed.

A batch is one transaction (``incidents.batch``), and every row carries an external id unique
per source and organisation (the file's own id, or a digest of the row), stored with ``ON
CONFLICT DO NOTHING``: an import can be killed at any moment and run again, and it ends with
exactly the rows of the file. Rejected rows go to a rejects file with their line number and
the reason.
"""

from __future__ import annotations

import csv
import itertools
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from samverkan.core import audit
from samverkan.core.errors import N_, Explained
from samverkan.core.i18n import DEFAULT_LANGUAGE, translations
from samverkan.core.redaction import redact
from samverkan.geo import queries as geo_queries
from samverkan.incidents.batch import AllowedAreas, allowed_areas, place, store
from samverkan.incidents.importers import polisen
from samverkan.incidents.importers.lookups import area_names, category_lookup, municipality_finder
from samverkan.incidents.importers.rows import (
    Record,
    RowError,
    RowParser,
    map_headers,
    norm,
)
from samverkan.incidents.importers.tabular import (
    EMPTY,
    FileProblem,
    csv_cells,
    scan,
    sniff_format,
    xlsx_cells,
)
from samverkan.incidents.models import Category, Incident

log = logging.getLogger(__name__)
BATCH = 5000


@dataclass
class ImportSummary:
    """What an import did: rows stored, rows already there, rows rejected (see ``rejects``)."""

    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    redacted: int = 0
    rows: int = 0
    rejects_path: Path | None = None
    notes: list[str] = field(default_factory=list)


class Rejects:
    """The rejects file, opened on the first rejected row (none is written when all are good);
    its reasons in ``lang`` (Swedish unless asked otherwise), as the reader will act on them."""

    def __init__(self, path: Path, lang: str = DEFAULT_LANGUAGE) -> None:
        self.path = path
        self.lang = lang
        self._gettext = translations(lang).gettext
        self._fh: Any = None
        self._writer: Any = None
        self.count = 0

    def add(self, line: int, reason: Explained, row: dict[str, str] | None = None) -> None:
        if self._writer is None:
            self._fh = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._fh, delimiter=";")
            self._writer.writerow(["rad", "orsak", "innehåll"])
        content = " | ".join(f"{k}={v[:2000]}" for k, v in (row or {}).items() if v)
        text = reason.text(self._gettext, self.lang)
        # the rejects file is a copy of partner data: no personnummer or phone numbers in it either
        self._writer.writerow([line, redact(text).text, redact(content).text[:2000]])
        self.count += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


OUTSIDE = RowError(
    N_("the place lies outside the areas your EST groups cover: check the coordinates")
)


def _content(row: Any) -> dict[str, str]:
    """A row as ``{name: text}`` for the rejects file."""
    if isinstance(row, dict):
        return {str(k): str(v) for k, v in row.items()}
    return {"värde": str(row)}


def run_import(
    factory: sessionmaker[Session],
    rows: Iterable[tuple[int, Any]],
    parse: Callable[[int, Any], Record | None],
    *,
    org_id: int,
    source: str,
    rejects: Rejects,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
    label: str = "",
    allowed: set[int] | None = None,
    content: Callable[[Any], dict[str, str]] = _content,
) -> ImportSummary:
    """Check, place and store ``rows`` in committed batches; never stops at a bad row.

    ``parse`` returns a record, None for a row to skip (counted), or raises RowError; the
    rejects file shows a rejected row as ``content`` gives it. Points in areas outside
    ``allowed`` are stored without an area, as on the web form.
    """
    summary = ImportSummary(rejects_path=rejects.path)
    now = datetime.now(UTC)
    batch: list[Record] = []
    with factory() as session:
        index: Any = geo_queries.area_index(session)
    if allowed is not None:
        index = AllowedAreas(index, allowed)

    def flush() -> None:
        if not batch:
            return
        placed = place(batch, index)
        keep = [i for i, where in enumerate(placed) if where.area_id is not None]
        if len(keep) < len(batch):  # in no area of the importer's groups: reaches nobody
            for i in sorted(set(range(len(batch))) - set(keep)):
                rejects.add(batch[i].line, OUTSIDE)
            records = [batch[i] for i in keep]
            placed = [placed[i] for i in keep]
        else:
            records = batch
        with factory() as session, session.begin():
            conn = session.connection()
            touched = [r.external_id for r in records if r.redacted_count]
            last = (conn.scalar(select(func.max(Incident.id))) or 0) if touched else 0
            new = store(conn, org_id, source, records, index, now, placed)
            if touched and new == len(records):
                summary.redacted += len(touched)
            elif touched and new:  # some were stored before: only the new ones count
                fresh = set(conn.scalars(select(Incident.external_id).where(Incident.id > last)))
                summary.redacted += sum(1 for e in touched if e in fresh)
        summary.imported += new
        summary.duplicates += len(records) - new
        batch.clear()

    add = batch.append
    n = skipped = 0  # rows seen and skipped (into summary below)
    try:
        for n, (line, row) in enumerate(rows, start=1):
            try:
                record = parse(line, row)
            except RowError as exc:
                rejects.add(line, exc, content(row))
                continue
            if record is None:
                skipped += 1
                continue
            add(record)
            if len(batch) >= batch_size:
                flush()
                if on_progress:
                    on_progress(n)
        flush()
    finally:
        summary.rows, summary.skipped = n, skipped
        summary.rejected = rejects.count
        rejects.close()
    if on_progress:
        on_progress(summary.rows)
    with factory() as session, session.begin():
        audit.record(
            session,
            "incidents.import",
            object_type="organisation",
            object_id=org_id,
            detail={
                "file": label,
                "imported": summary.imported,
                "duplicates": summary.duplicates,
                "rejected": summary.rejected,
                "skipped": summary.skipped,
            },
        )
    return summary


def import_file(
    factory: sessionmaker[Session],
    path: Path,
    *,
    org_id: int,
    fmt: str = "auto",
    rejects_path: Path | None = None,
    overrides: dict[str, str] | None = None,
    visibility: str = "delad",
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
    lang: str = DEFAULT_LANGUAGE,
) -> ImportSummary:
    """Import a CSV, XLSX or police-events JSON file for one organisation.

    Raises FileProblem (or MappingError) when the file as a whole cannot be read; row problems
    go to the rejects file, their reasons in ``lang``.
    """
    if not path.is_file():
        raise FileProblem(N_("%(file)s: no such file"), file=str(path))
    if path.stat().st_size == 0:
        raise FileProblem(EMPTY, file=path.name)
    fmt = sniff_format(path) if fmt == "auto" else fmt
    rejects = Rejects(rejects_path or path.with_name(path.name + ".rejects.csv"), lang)
    folder = rejects.path.parent
    if rejects.path.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
        raise FileProblem(
            N_(
                "rejects file %(file)s: expected a file in an existing, writable folder; "
                "choose another with --rejects"
            ),
            file=str(rejects.path),
        )
    with factory() as session:
        categories = category_lookup(session)
        codes = {c.code: c.id for c in session.scalars(select(Category))}
        allowed = allowed_areas(session, org_id)
        names = area_names(session, allowed)
        kommun = municipality_finder(session, allowed)
    if fmt == "polisen-json":
        events = polisen.load(path)
        if on_start:
            on_start(len(events))
        now = datetime.now(UTC)
        return run_import(
            factory,
            polisen.rows(events),
            lambda n, ev: polisen.to_record(n, ev, codes, kommun, now),
            org_id=org_id,
            source="polisen",
            rejects=rejects,
            on_progress=on_progress,
            batch_size=batch_size,
            label=path.name,
            allowed=allowed,
        )
    if fmt == "xlsx":
        source_rows = xlsx_cells(path)
        total = 0
    elif fmt == "csv":
        encoding, total = scan(path)
        source_rows = csv_cells(path, encoding)
    else:
        raise FileProblem(
            N_("--format %(value)s: expected auto, csv, xlsx or polisen-json"), value=repr(fmt)
        )
    _, headers = next(source_rows)  # (1, headers) comes first, or FileProblem
    first = next(source_rows, None)
    if first is None:
        raise FileProblem(N_("%(file)s has a header but no rows"), file=path.name)
    parser = RowParser(
        map_headers(list(dict.fromkeys(headers)), overrides),
        categories,
        {norm(n): i for n, i in names.items()},
        headers=headers,
        area_words=names,
        default_visibility=visibility,
    )
    if on_start:
        on_start(max(total - 1, 0))
    return run_import(
        factory,
        itertools.chain([first], source_rows),
        parser.parse,
        org_id=org_id,
        source="import",
        rejects=rejects,
        on_progress=on_progress,
        batch_size=batch_size,
        label=path.name,
        allowed=allowed,
        content=parser.content,
    )

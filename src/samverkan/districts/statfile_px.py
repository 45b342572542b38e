"""PC-Axis (PX) reading for statistics import: bytes -> a cube -> a `StatTable`.

A PX file is a header of ``KEYWORD="value",...;`` statements followed by ``DATA=``: the cells of
the cube whose dimensions are STUB then HEADING, in row-major order (the last HEADING dimension
varies fastest). Keywords are split by pyaxis 0.4.3 (Apache-2.0); encoding, validation and the
mapping to (area code, year, variable) are ours. Every failure is a `StatFileError`.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import math
import re
from dataclasses import dataclass

from samverkan.districts.statfile import StatFileError, StatTable, StatValue

_REGION_WORDS = (
    "region",
    "område",
    "omrade",
    "deso",
    "regso",
    "kommun",
    "provincia",
    "kanton",
    "canton",
    "area",
)
_TIME_WORDS = ("år", "ar", "year", "tid", "time", "periodo", "año", "jahr", "anno")
_MISSING = {"", ".", "..", "...", "....", "-", ":"}
_TOKEN = re.compile(r'"[^"]*"|[^\s"]+')


@dataclass(frozen=True)
class PxCube:
    """The parsed cube: dimension names (STUB then HEADING), their VALUES and CODES, the cells."""

    meta: dict[str, object]
    names: tuple[str, ...]
    members: tuple[tuple[str, ...], ...]
    codes: dict[str, tuple[str, ...]]
    cells: tuple[float | None, ...]

    def cell(self, **members: str) -> float | None:
        """The cell at the given member of every dimension (for tests and checks by hand)."""
        index = 0
        for name, values in zip(self.names, self.members, strict=True):
            index = index * len(values) + values.index(members[name])
        return self.cells[index]


def _encoding(data: bytes) -> str:
    # PX spec (Statistics Sweden, "PX-file format specification" 2013): CODEPAGE names the
    # character set, "Default is iso-8859-1"; CHARSET="ANSI" says the text is Windows ANSI.
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    head = data.split(b"DATA=", 1)[0]
    match = re.search(rb'CODEPAGE\s*=\s*"([^"]*)"', head)
    if match:
        name = match.group(1).decode("ascii", "replace").strip()
        try:
            return codecs.lookup(name).name
        except LookupError:
            raise StatFileError(
                f"unknown encoding {name!r} in CODEPAGE",
                position="nyckelord CODEPAGE",
                field="CODEPAGE",
            ) from None
    if re.search(rb'CHARSET\s*=\s*"ANSI"', head):
        return "windows-1252"
    return "iso-8859-1"


def _decode(data: bytes) -> str:
    encoding = _encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StatFileError(
            f"bytes do not decode as {encoding}",
            position=f"rad {line}, byte {exc.start}",
            field="CODEPAGE",
        ) from None


def _strs(meta: dict[str, object], key: str) -> tuple[str, ...] | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return (value.strip().strip('"'),)
    return tuple(str(v) for v in value)  # type: ignore[attr-defined]


def parse_px_cube(data: bytes) -> PxCube:
    """Decode and validate a PX file into a `PxCube` (default language of a multilingual file)."""
    from pyaxis.helpers_string import split_ignore_quotation_marks
    from pyaxis.metadata_processing import (
        metadata_extract,
        metadata_split_to_dict,
        multilingual_parse,
    )

    text = _decode(data)
    if text.count("DATA=") != 1:
        raise StatFileError(
            "no DATA= keyword" if "DATA=" not in text else "DATA= more than once",
            position="nyckelord DATA",
            field="DATA",
        )
    head = text.split("DATA=", 1)[0].replace("\r", " ").replace("\n", " ")
    for statement in split_ignore_quotation_marks(head, ";", final=True):
        statement = statement.strip()
        if statement and not re.match(
            r"^[A-Za-z][A-Za-z0-9-]*(\[[^\]]*\])?(\(.*\))?\s*=", statement
        ):
            raise StatFileError(
                f"not a KEYWORD=value statement: {statement[:60]!r}", position="header"
            )
    try:
        elements, raw = metadata_extract(text)
        meta: dict[str, object] = metadata_split_to_dict(elements)
        with contextlib.redirect_stdout(io.StringIO()):  # pyaxis prints on multilingual
            meta, _ = multilingual_parse(meta, None)
    except (KeyError, ValueError, IndexError) as exc:
        raise StatFileError(f"unreadable header ({exc})", position="header") from None
    names = (_strs(meta, "STUB") or ()) + (_strs(meta, "HEADING") or ())
    if not names:
        raise StatFileError("no STUB and no HEADING", position="nyckelord STUB", field="STUB")
    members: list[tuple[str, ...]] = []
    codes: dict[str, tuple[str, ...]] = {}
    for name in names:
        values = _strs(meta, f"VALUES({name})")
        if not values:
            raise StatFileError(
                f"dimension {name!r} has no VALUES",
                position=f'nyckelord VALUES("{name}")',
                field=f"VALUES({name})",
            )
        members.append(values)
        dim_codes = _strs(meta, f"CODES({name})")
        if dim_codes is not None:
            if len(dim_codes) != len(values):
                raise StatFileError(
                    f"CODES has {len(dim_codes)} items, VALUES {len(values)}",
                    position=f'nyckelord CODES("{name}")',
                    field=f"CODES({name})",
                )
            codes[name] = dim_codes
    tokens = _TOKEN.findall(raw.replace(";", " "))
    expected = math.prod(len(m) for m in members)
    if len(tokens) != expected:
        raise StatFileError(
            f"DATA has {len(tokens)} values, the dimensions need {expected}",
            position="nyckelord DATA",
            field="DATA",
        )
    cells: list[float | None] = []
    for i, token in enumerate(tokens):
        bare = token.strip('"').strip()
        if bare in _MISSING:
            cells.append(None)
            continue
        try:
            cells.append(float(bare))
        except ValueError:
            at = _members_at(i, members)
            raise StatFileError(
                f"{token!r} is not a number ({' · '.join(at)})",
                position=f"DATA värde {i}",
                field="DATA",
            ) from None
    return PxCube(meta, names, tuple(members), codes, tuple(cells))


def _members_at(index: int, members: list[tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    for values in reversed(members):
        index, rest = divmod(index, len(values))
        out.append(values[rest])
    return out[::-1]


def _pick(
    names: tuple[str, ...], wanted: str | None, words: tuple[str, ...], what: str, arg: str
) -> str:
    if wanted is not None:
        if wanted not in names:
            raise StatFileError(
                f"no dimension {wanted!r}; dimensions: {', '.join(names)}",
                position="nyckelord STUB/HEADING",
                field=wanted,
            )
        return wanted
    for name in names:
        folded = name.casefold().strip()
        if any(w in folded for w in words) if what == "region" else folded in words:
            return name
    raise StatFileError(
        f"no {what} dimension among {', '.join(names)}; pass {arg}=",
        position="nyckelord STUB/HEADING",
        field=None,
    )


def read_px(data: bytes, *, region: str | None = None, time: str | None = None) -> StatTable:
    """Read a PX file: one `StatValue` per (area, year, combination of the other dimensions)."""
    cube = parse_px_cube(data)
    reg = _pick(cube.names, region, _REGION_WORDS, "region", "region")
    if time is None:
        timeval = [k[8:-1].strip('"') for k in cube.meta if k.startswith("TIMEVAL(")]
        time = timeval[0] if timeval and timeval[0] in cube.names else None
    tim = _pick(cube.names, time, _TIME_WORDS, "time", "time")
    if tim == reg:
        raise StatFileError("region and time are the same dimension", field=tim)
    ti = cube.names.index(tim)
    for value in cube.members[ti]:
        if not re.fullmatch(r"\d{4}", value.strip()):
            raise StatFileError(
                f"{value!r} is not a year: yearly statistics only",
                position=f'nyckelord VALUES("{tim}")',
                field=tim,
            )
    ri = cube.names.index(reg)
    reg_codes = cube.codes.get(reg, cube.members[ri])
    others = [i for i in range(len(cube.names)) if i not in (ri, ti)]
    fallback = (_strs(cube.meta, "CONTENTS") or _strs(cube.meta, "TITLE") or ("value",))[0]
    values: list[StatValue] = []
    variables: dict[str, None] = {}
    for index, combo in enumerate(itertools.product(*(range(len(m)) for m in cube.members))):
        var = " · ".join(cube.members[i][combo[i]] for i in others) or fallback
        variables[var] = None
        values.append(
            StatValue(
                reg_codes[combo[ri]], int(cube.members[ti][combo[ti]]), var, cube.cells[index]
            )
        )

    def first(key: str) -> str | None:
        got = _strs(cube.meta, key)
        return got[0] if got else None

    return StatTable(
        format="px",
        title=first("TITLE"),
        source=first("SOURCE"),
        unit=first("UNITS"),
        variables=tuple(variables),
        years=tuple(sorted({int(v) for v in cube.members[ti]})),
        codes=tuple(dict.fromkeys(reg_codes)),
        names=dict(zip(reg_codes, cube.members[ri], strict=True)),
        values=tuple(values),
    )

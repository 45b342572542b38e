"""The figures of a program fit to leave the organisation (for the EST group or the district
plan): its participants by district, gender and age band × result on a day, suppressed
together, so that no count from 1 to 4 shows and none can be worked out from the others.

One grouped read counts the participants by district × gender × age band × placement × exit
reason on the day; every table is a sum of it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from samverkan.core.errors import N_, NotFound
from samverkan.core.suppression import THRESHOLD
from samverkan.employment.analysis import outcomes as oc
from samverkan.employment.models import AGE_BANDS, GENDERS, Participant, Program
from samverkan.employment.reports import NO_DISTRICT, district_names
from samverkan.orgs import policy
from samverkan.orgs.policy import Principal


class SharedTable(BaseModel):
    """Participants by one dimension × result, suppressed: a hidden count is None, with its
    mark in ``marks`` ("<5" a small number, ".." hidden so that a small one cannot be worked
    out)."""

    dimension: str
    rows: list[str | int | None]
    names: list[str]
    columns: list[str]
    cells: list[list[int | None]]
    marks: list[list[str]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    total: int | None


class SharedFigures(BaseModel):
    """What may leave the organisation: counts of people only, none below the threshold and
    none that can be worked out from the others; never a name or an id of a person."""

    program_id: int
    program: str
    on: date
    threshold: int
    by_district: SharedTable
    by_gender: SharedTable
    by_age_band: SharedTable


def cube(session: Session, program_id: int, on: date) -> list[tuple[Any, ...]]:
    """Participants by (district, gender, age band, placement, exit reason) on ``on``."""
    placement = case((Participant.placed_on <= on, Participant.placement), else_=None)
    exit_reason = case((Participant.exited_on <= on, Participant.exit_reason), else_=None)
    dims = (
        Participant.district_id,
        Participant.gender,
        Participant.age_band,
        placement,
        exit_reason,
    )
    q = (
        select(*dims, func.count())
        .where(Participant.program_id == program_id, Participant.referred_on <= on)
        .group_by(*dims)
    )
    return [tuple(r) for r in session.execute(q)]


def _shared_program(session: Session, p: Principal, program_id: int) -> Program:
    found = session.get(Program, program_id)
    if found is None or not policy.can_see_shared_employment(p, found.org_id):
        raise NotFound(N_("program %(id)s not found"), id=program_id)
    return found


def shared_figures(session: Session, p: Principal, program_id: int, *, on: date) -> SharedFigures:
    """The program's participants by district, gender and age band × result on ``on``,
    suppressed together (:func:`.analysis.outcomes.suppress_linked`): for the owner and the
    members of the EST groups the owner belongs to."""
    program = _shared_program(session, p, program_id)
    rows = cube(session, program.id, on)
    districts = sorted({r[0] for r in rows}, key=lambda d: (d is None, d or 0))
    names = district_names(session, {d for d in districts if d is not None})
    dims: list[tuple[str, int, list[Any]]] = [
        ("district", 0, districts),
        ("gender", 1, list(GENDERS)),
        ("age_band", 2, list(AGE_BANDS)),
    ]
    tables = []
    for _name, k, keys in dims:
        at = {key: i for i, key in enumerate(keys)}
        t = [[0] * len(oc.RESULTS) for _ in keys]
        for row in rows:
            stage = "exited" if row[4] is not None else ("placed" if row[3] else "active")
            t[at[row[k]]][oc.RESULTS.index(oc.result(stage, row[3], row[4]))] += row[-1]
        tables.append(t)
    if not districts:  # nobody yet: one empty row keeps the tables' shape
        tables[0] = [[0] * len(oc.RESULTS)]
        dims[0] = ("district", 0, [None])
    pubs = oc.suppress_linked(tables)
    out = []
    for (dimension, _k, keys), pub in zip(dims, pubs, strict=True):
        marks = [
            [
                "" if v is not None else (f"<{THRESHOLD}" if ("c", i, j) in pub.primary else "..")
                for j, v in enumerate(row)
            ]
            for i, row in enumerate(pub.cells)
        ]
        out.append(
            SharedTable(
                dimension=dimension,
                rows=keys,
                names=[
                    (names.get(key, "") if key is not None else NO_DISTRICT)
                    if dimension == "district"
                    else str(key)
                    for key in keys
                ],
                columns=list(oc.RESULTS),
                cells=pub.cells,
                marks=marks,
                row_totals=pub.row_totals,
                col_totals=pub.col_totals,
                total=pub.total,
            )
        )
    return SharedFigures(
        program_id=program.id,
        program=program.name,
        on=on,
        threshold=THRESHOLD,
        by_district=out[0],
        by_gender=out[1],
        by_age_band=out[2],
    )

"""A refusal of the pathway names the stage by its label, in the reader's language."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from samverkan.core.errors import Invalid
from samverkan.employment import service
from samverkan.employment.schemas import ProgramIn
from tests.employment.test_tallies import _enrol, _move
from tests.people.conftest import Caseworkers

D = date


def test_going_back_is_refused_with_the_stage_s_label_in_the_reader_s_language(
    db: Session, people_world: Caseworkers
) -> None:
    cw = people_world
    program = service.create_program(
        db, cw.principals["handlaggare"], ProgramIn(name="L", kind="coaching"), cw.ids["kommun_org"]
    ).id
    x = _enrol(db, cw, program, 621, D(2026, 1, 5))
    _move(db, cw, x, "intake", D(2026, 2, 10))
    with pytest.raises(Invalid) as err:
        _move(db, cw, x, "referred", D(2026, 3, 1))
    assert err.value.field == "stage"
    words = {
        "intake": "inskrivning",
        "the participant is already %(stage)s: the pathway only goes forward": "redan %(stage)s",
    }
    assert err.value.text(lambda s: words.get(s, s)) == "redan inskrivning"
    assert str(err.value) == "the participant is already intake: the pathway only goes forward"

"""The incident's fields come from the model: the batch insert writes every column once, and
what an import row or a report carries is named as the model names it."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from samverkan.incidents import batch
from samverkan.incidents.fields import AS_GIVEN, COLUMNS
from samverkan.incidents.importers.rows import Record
from samverkan.incidents.models import Incident
from samverkan.incidents.schemas import IncidentIn

# What a record carries that is not a column: where the row is and its time as SQLite text.
_NOT_COLUMNS = {"line", "northing", "easting", "area_hint", "occurred_text"}


def test_the_batch_insert_writes_every_column_of_the_model_once() -> None:
    assert sorted(batch.INSERTED) == sorted(COLUMNS)
    assert set(COLUMNS) == {c.name for c in Incident.__table__.columns} - {"id"}


def test_an_import_record_names_its_fields_as_the_model() -> None:
    names = {f.name for f in dataclass_fields(Record)}
    assert names - _NOT_COLUMNS <= set(COLUMNS)


def test_a_report_keeps_as_given_only_fields_it_has_and_the_model_stores() -> None:
    assert set(AS_GIVEN) <= set(IncidentIn.model_fields) & set(COLUMNS)
    assert "area_id" not in AS_GIVEN and "description" not in AS_GIVEN  # placed, redacted

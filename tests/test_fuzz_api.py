"""The JSON API fuzzed from its own OpenAPI document (Schemathesis, in-process ASGI).

Every operation is called with generated input, valid and invalid, a bounded number of times
(:data:`MAX_EXAMPLES` per operation and test, the same cases every run):

- with a valid API token (the police organisation's, which sees the most): no answer is a
  server error, and every documented answer matches its schema (FastAPI's model, the 422 body
  of the error handlers, the 401/429 of ``/api/v1``);
- without a token, and with a wrong one: every ``/api/v1`` operation answers 401 (never 2xx,
  never 5xx; a body that is not JSON at all gets its 422 before the token is looked at), and
  the Open311 operations that read or write reports refuse too. Public on purpose: ``/healthz``
  and Open311's discovery and service list (the EST categories).

The document is the app's ``/openapi.json``, narrowed in a few places so that generated reports
can succeed (a known category, a point in the test world, a time in the past, a format Open311
knows): otherwise nearly every report would stop at the first check. The app runs on the test
database of ``tests/conftest.py`` (SQLite or PostgreSQL) inside the test's rolled-back
transaction; a few reports are filed first, and half the generated ids are replaced by theirs.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy.orm import Session

from samverkan.core.settings import load_settings
from samverkan.incidents import service
from samverkan.incidents.schemas import IncidentIn
from samverkan.orgs import queries as org_queries
from tests.conftest import SECRET, World

MAX_EXAMPLES = 20
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure is reproducible
    database=None,
    suppress_health_check=list(HealthCheck),
)
# Reachable without credentials on purpose.
PUBLIC = ("/healthz", "/open311/v2/discovery.{fmt}", "/open311/v2/services")
CATEGORIES = ["klotter", "skadegorelse", "nedskrapning", "bilbrand", "belysning"]
PAST = ["2026-11-20T22:15:00", "2025-06-01T08:30:00+02:00", "2024-01-31T23:59:59Z"]
NULL = {"type": "null"}


def _narrowed(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with the few narrowings described above (the app's own is untouched)."""
    doc = copy.deepcopy(doc)
    schemas = doc["components"]["schemas"]
    new = schemas["IncidentIn"]["properties"]
    new["category"] = {"type": "string", "enum": CATEGORIES}
    new["occurred_at"] = {"type": "string", "enum": PAST}
    new["occurred_end"] = NULL
    new["lat"] = {"type": "number", "minimum": 58.421, "maximum": 58.439}  # Skäggetorp
    new["lon"] = {"type": "number", "minimum": 15.571, "maximum": 15.589}
    new["area_id"] = NULL
    schemas["IncidentIn"]["required"] = ["category", "occurred_at", "lat", "lon"]
    patch = schemas["IncidentPatch"]["properties"]
    patch["category"] = {"anyOf": [{"type": "string", "enum": CATEGORIES}, NULL]}
    patch["occurred_at"] = {"anyOf": [{"type": "string", "enum": PAST[1:]}, NULL]}
    patch["occurred_end"] = NULL
    for operations in doc["paths"].values():
        for op in operations.values():
            for param in op.get("parameters", []):
                if param["name"] == "fmt":
                    param["schema"] = {"type": "string", "enum": ["json", "xml"]}
    return doc


def _load_schema():
    """The app's /openapi.json (an app made only to serve it; each test calls its own app)."""
    from samverkan.web.app import create_app

    shape = create_app(load_settings(database_url="sqlite://", secret_key=SECRET))
    with TestClient(shape) as client:
        doc = client.get("/openapi.json").json()
    return schemathesis.openapi.from_dict(_narrowed(doc))


schema = _load_schema()


@pytest.fixture
def token(world: World) -> str:
    return world.personas["polis"].token


@pytest.fixture
def incident_ids(world: World, db: Session, token: str) -> list[int]:
    """A few reports of the token's organisation, for the generated ids to land on."""
    found = org_queries.principal_for_token(db, token)
    assert found is not None
    data = {"category": "klotter", "lat": 58.43, "lon": 15.58}
    ids = [
        service.file_incident(
            db, found[0], IncidentIn(occurred_at=when, **data), source="api"
        ).incident.id
        for when in PAST
    ]
    db.commit()
    return ids


def _steer(case, ids: list[int]) -> None:
    """Half of the generated incident ids become ids that exist."""
    value = (case.path_parameters or {}).get("incident_id")
    if isinstance(value, int) and value % 2 == 0:
        case.path_parameters["incident_id"] = ids[value % len(ids)]


@schema.parametrize()
@FUZZ
def test_with_a_token_no_server_error_and_answers_match_the_schema(
    case, app, token: str, incident_ids: list[int]
) -> None:
    _steer(case, incident_ids)
    case.call_and_validate(
        app=app,
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


@schema.parametrize()
@FUZZ
def test_without_a_valid_token_every_api_operation_is_refused(
    case, app, incident_ids: list[int]
) -> None:
    _steer(case, incident_ids)
    generated = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    for auth in (None, "Bearer not-a-token"):
        case.headers = {**generated, "Authorization": auth} if auth else dict(generated)
        response = case.call(app=app)
        case.validate_response(response, checks=[not_a_server_error])
        _assert_refused(case, response.status_code, response.text)


def _assert_refused(case, status: int, text: str) -> None:
    path = case.operation.path
    where = (case.method, case.formatted_path, status, text[:200])
    if case.method.upper() != case.operation.method.upper():
        # an unsupported method (TRACE…): 405, or 401 where another route has the path
        assert status in (401, 405), where
    elif path.startswith(PUBLIC):
        return
    elif path.startswith("/api/v1/"):
        unparsed = '"json_invalid"' in text or "error parsing the body" in text
        if status in (400, 422) and unparsed:
            return  # a body that cannot be parsed at all is refused before the token is read
        assert status == 401, where
    else:  # Open311 answers in its own format: 403 without a valid api_key
        assert status in (400, 403, 404), where

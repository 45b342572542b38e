"""Open311 GeoReport v2 under ``/open311/v2``: discovery, services, requests (JSON and XML).

``api_key`` is an API token. Reading needs one too, since reports are shared only within the
EST group: as the ``api_key`` parameter, a Bearer header, or HTTP Basic auth with the token as
user name or password (which plain Open311 clients send from ``https://<token>:@host/open311/v2``).
Requests map to incidents (service codes are EST category codes); ``open`` means not yet
reviewed. Personal fields of the spec (name, e-mail, phone) are never stored.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from samverkan.core.deps import SessionDep
from samverkan.core.errors import DomainError
from samverkan.core.timeutil import to_local
from samverkan.geo import queries as geo_queries
from samverkan.incidents import queries, service
from samverkan.incidents.models import Incident
from samverkan.incidents.schemas import IncidentIn
from samverkan.orgs import queries as org_queries
from samverkan.orgs.policy import Principal

router = APIRouter(prefix="/open311/v2", tags=["open311"])
SPEC = "http://wiki.open311.org/GeoReport_v2"
MAX_DAYS = 90


class Open311Error(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def _fmt(fmt: str) -> str:
    if fmt not in ("json", "xml"):
        raise Open311Error(404, f"format {fmt!r}: expected json or xml")
    return fmt


def _xml(root: str, item: str, rows: list[dict[str, Any]]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        el = ET.SubElement(top, item)
        for key, value in row.items():
            child = ET.SubElement(el, key)
            if isinstance(value, list):
                for v in value:
                    ET.SubElement(child, "keyword" if key == "keywords" else "value").text = str(v)
            elif value is not None:
                child.text = str(value).lower() if isinstance(value, bool) else str(value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")


def respond(
    fmt: str, root: str, item: str, rows: list[dict[str, Any]], status: int = 200
) -> Response:
    if fmt == "xml":
        return Response(_xml(root, item, rows), status_code=status, media_type="text/xml")
    return JSONResponse(rows, status_code=status)


def error(fmt: str, code: int, description: str) -> Response:
    return respond(
        fmt if fmt in ("json", "xml") else "json",
        "errors",
        "error",
        [{"code": code, "description": description}],
        code,
    )


def _principal(request: Request, db: Session, form_key: str | None = None) -> Principal:
    secret = form_key or request.query_params.get("api_key") or ""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if not secret and scheme.lower() == "bearer":
        secret = value.strip()
    candidates = [secret] if secret else []
    if not secret and scheme.lower() == "basic":
        try:
            user, _, password = base64.b64decode(value).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            user = password = ""
        candidates = [c for c in (user, password) if c]  # token:  or  api:token
    found = None
    for candidate in candidates[:2]:
        found = org_queries.principal_for_token(db, candidate)
        if found is not None:
            break
    if found is None:
        raise Open311Error(403, "api_key missing or not valid")
    return found[0]


def _w3c(value: datetime | None) -> str | None:
    return to_local(value).isoformat(timespec="seconds") if value else None


def request_out(inc: Incident) -> dict[str, Any]:
    return {
        "service_request_id": str(inc.id),
        "status": "open" if inc.status == "mottagen" else "closed",
        "status_notes": inc.status,
        "service_name": inc.category.label_sv,
        "service_code": inc.category.code,
        "description": inc.description,
        "agency_responsible": inc.org.name,
        "service_notice": "",
        "requested_datetime": _w3c(inc.reported_at),
        "updated_datetime": _w3c(inc.updated_at),
        "expected_datetime": None,
        "address": inc.place_name or (inc.area.name if inc.area else ""),
        "address_id": None,
        "zipcode": None,
        "lat": inc.lat,
        "long": inc.lon,
        "media_url": inc.url or None,
    }


@router.get("/discovery.{fmt}", summary="Open311 discovery")
def discovery(request: Request, fmt: str) -> Response:
    try:
        fmt = _fmt(fmt)
    except Open311Error as exc:
        return error("json", exc.code, exc.description)
    base = request.app.state.settings.base_url
    doc: dict[str, Any] = {
        "changeset": "2026-11-27T00:00:00Z",
        "contact": "Kontakta kommunens EST-samordnare",
        "key_service": "API-nycklar skapas av organisationens administratör i samverkan",
        "endpoints": [
            {
                "specification": SPEC,
                "url": f"{base}/open311/v2",
                "changeset": "2026-11-27T00:00:00Z",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    if fmt == "xml":
        top = ET.Element("discovery")
        for key in ("changeset", "contact", "key_service"):
            ET.SubElement(top, key).text = str(doc[key])
        eps = ET.SubElement(top, "endpoints")
        ep = ET.SubElement(eps, "endpoint")
        for key, value in doc["endpoints"][0].items():
            if key == "formats":
                formats = ET.SubElement(ep, "formats")
                for f in value:
                    ET.SubElement(formats, "format").text = f
            else:
                ET.SubElement(ep, key).text = value
        return Response(
            b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top), media_type="text/xml"
        )
    return JSONResponse(doc)


def _services(db: Session) -> list[dict[str, Any]]:
    cats = queries.categories(db)
    by_id = {c.id: c for c in cats}
    return [
        {
            "service_code": c.code,
            "service_name": c.label_sv,
            "description": c.description_sv,
            "metadata": False,
            "type": "realtime",
            "keywords": [c.label_en],
            "group": by_id[c.parent_id].label_sv if c.parent_id in by_id else c.label_sv,
        }
        for c in cats
    ]


@router.get("/services.{fmt}", summary="Service list: the EST categories")
def services(fmt: str, db: SessionDep) -> Response:
    try:
        return respond(_fmt(fmt), "services", "service", _services(db))
    except Open311Error as exc:
        return error(fmt, exc.code, exc.description)


@router.get("/services/{code}.{fmt}", summary="Service definition")
def service_definition(code: str, fmt: str, db: SessionDep) -> Response:
    try:
        fmt = _fmt(fmt)
        cat = queries.category_by_code(db, code)
        if cat is None or cat.retired_at is not None:
            raise Open311Error(404, f"service_code {code!r} not found")
    except Open311Error as exc:
        return error(fmt, exc.code, exc.description)
    if fmt == "xml":
        top = ET.Element("service_definition")
        ET.SubElement(top, "service_code").text = cat.code
        ET.SubElement(top, "attributes")
        return Response(
            b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top), media_type="text/xml"
        )
    return JSONResponse({"service_code": cat.code, "attributes": []})


def _parse_w3c(value: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(
            400, f"{name} {value!r}: expected a w3 datetime like 2026-11-20T00:00:00Z"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@router.get("/requests.{fmt}", summary="Service requests the key may see")
def list_requests(request: Request, fmt: str, db: SessionDep) -> Response:
    try:
        fmt = _fmt(fmt)
        p = _principal(request, db)
        q = request.query_params
        ids = [s for s in (q.get("service_request_id") or "").split(",") if s.strip()]
        if ids:
            if not all(s.strip().isdigit() for s in ids):
                raise Open311Error(400, "service_request_id: expected comma-separated numbers")
            found = [queries.incident(db, p, int(s)) for s in ids[:100]]
            return respond(
                fmt, "service_requests", "request", [request_out(i) for i in found if i is not None]
            )
        now = datetime.now(UTC)
        end = _parse_w3c(q["end_date"], "end_date") if q.get("end_date") else now
        start = (
            _parse_w3c(q["start_date"], "start_date")
            if q.get("start_date")
            else end - timedelta(days=MAX_DAYS)
        )
        if end < start:
            raise Open311Error(400, "end_date is before start_date")
        if end - start > timedelta(days=MAX_DAYS):
            raise Open311Error(400, f"start_date to end_date spans more than {MAX_DAYS} days")
        codes = [c.strip() for c in (q.get("service_code") or "").split(",") if c.strip()]
        statuses = [s.strip() for s in (q.get("status") or "").split(",") if s.strip()]
        if any(s not in ("open", "closed") for s in statuses):
            raise Open311Error(400, "status: expected open or closed")
        rows = queries.open311_requests(db, p, start, end, codes, statuses)
    except Open311Error as exc:
        return error(fmt, exc.code, exc.description)
    return respond(fmt, "service_requests", "request", [request_out(i) for i in rows])


@router.get("/requests/{request_id}.{fmt}", summary="One service request")
def get_request(request: Request, request_id: str, fmt: str, db: SessionDep) -> Response:
    try:
        fmt = _fmt(fmt)
        p = _principal(request, db)
        inc = queries.incident(db, p, int(request_id)) if request_id.isdigit() else None
        if inc is None:
            raise Open311Error(404, f"service_request_id {request_id!r} not found")
    except Open311Error as exc:
        return error(fmt, exc.code, exc.description)
    return respond(fmt, "service_requests", "request", [request_out(inc)])


@router.post("/requests.{fmt}", summary="Create a service request (form-encoded)")
async def create_request(request: Request, fmt: str, db: SessionDep) -> Response:
    try:
        fmt = _fmt(fmt)
        form = await request.form()
        p = _principal(request, db, str(form.get("api_key") or ""))
        data: dict[str, Any] = {
            "category": str(form.get("service_code") or ""),
            "occurred_at": datetime.now(UTC),
            "description": str(form.get("description") or "")[:4000],
        }
        lat, lon = form.get("lat"), form.get("long")
        if lat and lon:
            try:
                data["lat"], data["lon"] = float(str(lat)), float(str(lon))
            except ValueError:
                raise Open311Error(400, "lat and long must be numbers") from None
        else:
            address = str(form.get("address_string") or "").strip()
            if not address:
                raise Open311Error(400, "a location is required: lat and long, or address_string")
            area = geo_queries.area_by_name(db, address)
            if area is None or geo_queries.area(db, p, area.id) is None:
                raise Open311Error(
                    400, f"address_string {address!r} is not a known area; give lat and long"
                )
            data["area_id"] = area.id
            data["place_name"] = address[:200]
        if not data["category"]:
            raise Open311Error(400, "service_code is required")
        try:
            filed = service.file_incident(db, p, IncidentIn(**data), source="open311")
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            raise Open311Error(400, f"{where or 'request'}: {first['msg']}") from None
        except DomainError as exc:
            raise Open311Error(
                400 if exc.status in (404, 422) else exc.status, exc.text()
            ) from None
    except Open311Error as exc:
        return error(fmt, exc.code, exc.description)
    removed = filed.removed.personnummer + filed.removed.phone + filed.removed.email
    notice = "Personuppgifter togs bort ur beskrivningen." if removed else ""
    return respond(
        fmt,
        "service_requests",
        "request",
        [
            {
                "service_request_id": str(filed.incident.id),
                "service_notice": notice,
                "account_id": None,
            }
        ],
        201,
    )

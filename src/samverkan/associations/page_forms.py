"""The associations' forms as the pages read them: the field names of the HTML forms (a contract
others rely on) turned into the domain's input schemas, and a refusal turned back into words
next to the form field it is about.

- an association: ``name``, ``orgnr``, ``kinds`` (several), ``district_ids`` (several),
  ``description``, one contact (``contact_name``, ``contact_role``, ``contact_email``,
  ``contact_phone``) and ``org_id`` (the supporter, for a user of several);
- an agreement: ``association_id``, ``supporter_org_id``, ``title``, ``amount_sek``,
  ``period_start``, ``period_end``, ``counter_performance``, ``payment_periods``, the rules
  ``rule_*`` (empty: no rule) and up to three commitment rows ``c1_description``,
  ``c1_required``, ``c1_unit``, ``c1_forms`` (several), ``c1_district_id`` … ``c3_…`` (an empty
  row is left out);
- an activity: ``held_on``, ``district_id``, ``kind``, ``form``, ``title``, ``minutes``,
  ``leaders`` and ``att_<band>_<gender>`` for every age band and gender (empty: nobody).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request
from pydantic import ValidationError
from starlette.datastructures import FormData

from samverkan.associations.models import AGE_BANDS, GENDERS
from samverkan.associations.schemas import ActivityIn, AgreementIn, AssociationIn
from samverkan.core.errors import DomainError
from samverkan.core.forms import errors, gettext
from samverkan.core.validation import readable

MULTI = ("kinds", "district_ids", "c1_forms", "c2_forms", "c3_forms")
ROWS = (1, 2, 3)
ROW_FIELDS = ("description", "required", "unit", "forms", "district_id")
RULES = ("rule_min_minutes", "rule_min_leaders", "rule_min_participants")
AGES = ("rule_age_min", "rule_age_max")
AGREEMENT_FIELDS = (
    "association_id",
    "supporter_org_id",
    "title",
    "amount_sek",
    "period_start",
    "period_end",
    "counter_performance",
    "payment_periods",
    *RULES,
    *AGES,
)
ACTIVITY_FIELDS = ("held_on", "district_id", "kind", "form", "title", "minutes", "leaders")
CONTACT_FIELDS = ("name", "role", "email", "phone")
# The attendance grid's inputs, in the order their rows are given to ActivityIn.
ATTENDANCE = tuple((b, g, f"att_{b}_{g}") for b in AGE_BANDS for g in GENDERS)
# The LOK-stöd rules the agreement form offers as a preset (analysis.rules.LOK).
LOK = {
    "rule_min_minutes": "60",
    "rule_min_leaders": "1",
    "rule_min_participants": "3",
    "rule_age_min": "7",
    "rule_age_max": "25",
}


async def read(request: Request) -> dict[str, Any]:
    """The form's values, trimmed; the fields of several values (``MULTI``) as lists."""
    raw: FormData = await request.form()
    out: dict[str, Any] = {
        k: str(v).strip() for k, v in raw.items() if isinstance(v, str) and k not in MULTI
    }
    for key in MULTI:
        out[key] = [str(v).strip() for v in raw.getlist(key) if isinstance(v, str) and v.strip()]
    return out


def _given(f: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {k: f[k] for k in keys if f.get(k) not in (None, "", [])}


def association_in(f: Mapping[str, Any]) -> AssociationIn:
    contact = {k: f.get(f"contact_{k}", "") for k in CONTACT_FIELDS}
    data = _given(f, ("name", "orgnr", "description"))
    data["kinds"] = list(f.get("kinds", []))
    data["district_ids"] = list(f.get("district_ids", []))
    data["contacts"] = [contact] if any(contact.values()) else []
    return AssociationIn.model_validate(data)


def rows_given(f: Mapping[str, Any]) -> list[int]:
    """The commitment rows filled in (1–3)."""
    return [i for i in ROWS if any(f.get(f"c{i}_{k}") for k in ROW_FIELDS if k != "unit")]


def agreement_in(f: Mapping[str, Any]) -> AgreementIn:
    data = _given(f, AGREEMENT_FIELDS)
    data["commitments"] = [
        {
            **_given({k: f.get(f"c{i}_{k}") for k in ROW_FIELDS}, ROW_FIELDS),
            "forms": list(f.get(f"c{i}_forms", [])),
        }
        for i in rows_given(f)
    ]
    return AgreementIn.model_validate(data)


def activity_in(f: Mapping[str, Any], agreement_id: int | None) -> ActivityIn:
    data = _given(f, ACTIVITY_FIELDS)
    data["agreement_id"] = agreement_id
    data["attendance"] = [
        {"age_band": b, "gender": g, "people": f[key]} for b, g, key in ATTENDANCE if f.get(key)
    ]
    return ActivityIn.model_validate(data)


def _attendance_keys(f: Mapping[str, Any]) -> list[str]:
    return [key for _, _, key in ATTENDANCE if f.get(key)]


def _input(loc: Sequence[object], f: Mapping[str, Any]) -> str:
    """The form input a schema location is about (``commitments.0.required`` → ``c1_required``)."""
    parts = [x for x in loc if x not in ("body",)]
    if not parts:
        return ""
    head = str(parts[0])
    index = parts[1] if len(parts) > 1 and isinstance(parts[1], int) else None
    rest = [str(x) for x in parts[1:] if not isinstance(x, int)]
    if head == "commitments":
        rows = rows_given(f) or [1]
        row = rows[index] if isinstance(index, int) and index < len(rows) else rows[0]
        return f"c{row}_{rest[0] if rest else 'description'}"
    if head == "contacts":
        return f"contact_{rest[0] if rest else 'name'}"
    if head == "attendance":
        keys = _attendance_keys(f)
        return keys[index] if isinstance(index, int) and index < len(keys) else "attendance"
    return head


def refusal(
    request: Request, exc: ValidationError | DomainError, f: Mapping[str, Any]
) -> dict[str, Any]:
    """What a refused form shows: ``errors`` (the list above the form, each with its field's
    name) and ``field_errors`` (input name → the message beside that input)."""
    tr = gettext(request)
    beside: dict[str, str] = {}
    if isinstance(exc, ValidationError):
        for e in exc.errors():
            key = _input(e.get("loc", ()), f)
            beside.setdefault(key, readable([e], tr)[0]["message"])
    elif exc.field:
        loc: list[object] = [int(x) if x.isdigit() else x for x in exc.field.split(".")]
        beside[_input(loc, f)] = exc.text(tr)
    return {"errors": errors(request, exc), "field_errors": beside, "form": f}

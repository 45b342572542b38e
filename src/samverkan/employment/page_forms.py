"""The employment pages' forms as the schemas take them, and back: the participant's entry
data (comma-separated languages and competences, occupations typed as an SSYK code, a code
with its name, or a unit group's name), and who is enrolled (a person of the register or a new
one with their legal basis for the employment programs)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request

from samverkan.core.errors import N_, Invalid
from samverkan.employment import service, ssyk
from samverkan.employment.page_kit import words
from samverkan.employment.schemas import ParticipantIn

DATA_FIELDS = ("referral", "entry_status", "age_band", "gender", "education", "certificates")
_CODE = re.compile(r"^\s*(\d{1,4})(?:\s|$)")


async def read(request: Request) -> tuple[dict[str, str], list[str]]:
    """The form's single values (trimmed) and its occupations (a repeated field)."""
    form = await request.form()
    single = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    occupations = [str(v).strip() for v in form.getlist("occupations") if isinstance(v, str)]
    return single, occupations


def occupation_code(text: str) -> str:
    """What was typed in an occupation field as its SSYK code: the code itself, the code with
    its name after it (as the list offers it), or a unit group's exact name."""
    found = _CODE.match(text)
    if found:
        return found.group(1)
    needle = text.strip().casefold()
    for code, name in ssyk.units():
        if name.casefold() == needle:
            return code
    return text.strip()


def data(f: dict[str, str], occupations: list[str]) -> dict[str, Any]:
    """The participant's program data as the schema takes it, from the form."""
    out: dict[str, Any] = {k: f.get(k, "") for k in DATA_FIELDS}
    out["gender"] = out["gender"] or "unknown"
    out["certificates"] = out["certificates"] or None
    out["district_id"] = f.get("district_id") or None
    out["languages"] = words(f.get("languages", ""))
    out["skills"] = words(f.get("skills", ""))
    out["licence"] = f.get("licence") == "ja"
    out["occupations"] = [occupation_code(o) for o in occupations if o]
    return out


def pad(occupations: list[str]) -> list[str]:
    """At least three occupation fields, the empty ones to fill in."""
    return [*occupations, "", "", ""][: max(3, len(occupations))]


def participant_in(f: dict[str, str], occupations: list[str]) -> ParticipantIn:
    out = data(f, occupations)
    out["referred_on"] = f.get("referred_on", "")
    if f.get("person_id"):
        out["person_id"] = f["person_id"]
    elif f.get("pnr") or f.get("name"):
        out["person"] = {
            "pnr": f.get("pnr", ""),
            "name": f.get("name", ""),
            "phone": f.get("phone") or None,
            "district_id": f.get("district_id") or None,
            "basis": {
                "purpose": service.PURPOSE,
                "basis": f.get("basis", ""),
                "since": f.get("since", ""),
                "note": f.get("basis_note") or None,
            },
        }
    else:
        raise Invalid(N_("choose a person of the register or fill in a new person"), field="person")
    return ParticipantIn(**out)


def data_form(x: Any) -> dict[str, str]:
    """The participant's entry data as the form shows it (the inverse of :func:`data`)."""
    out = {k: getattr(x, k) or "" for k in DATA_FIELDS}
    out["district_id"] = str(x.district_id or "")
    out["languages"] = ", ".join(x.languages or [])
    out["skills"] = ", ".join(x.skills or [])
    out["licence"] = "ja" if x.licence else ""
    return out

"""Validated input and output for organisations, users, tokens and EST groups."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from samverkan.core.errors import N_
from samverkan.core.validation import Problem
from samverkan.orgs.security import password_problem

OrgKind = Literal["kommun", "polis", "bostadsbolag", "forening", "annan"]
Role = Literal["admin", "samordnare", "rapportor", "analytiker", "handlaggare", "lasare"]
Cadence = Literal["weekly", "biweekly", "monthly"]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OrgIn(_In):
    name: str = Field(min_length=2, max_length=200)
    kind: OrgKind


class UserIn(_In):
    email: str = Field(max_length=320)
    display_name: str = Field(default="", max_length=200)
    password: str
    org_id: int
    role: Role

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if not _EMAIL.match(v):
            raise Problem(N_("expected an e-mail address like namn@exempel.se"))
        return v.lower()

    @field_validator("password")
    @classmethod
    def _password(cls, v: str) -> str:
        problem = password_problem(v)
        if problem:
            raise problem
        return v


class MembershipIn(_In):
    org_id: int
    role: Role


class GroupIn(_In):
    name: str = Field(min_length=2, max_length=200)
    owner_org_id: int
    cadence: Cadence = "weekly"


class PasswordChangeIn(_In):
    current: str
    new: str
    repeat: str

    @field_validator("new")
    @classmethod
    def _new(cls, v: str) -> str:
        problem = password_problem(v)
        if problem:
            raise problem
        return v


class OrgOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    kind: OrgKind


class MeOut(BaseModel):
    """Who the API caller is."""

    kind: Literal["user", "token"]
    name: str
    organisation: OrgOut | None
    roles: list[str]
    est_groups: list[int]


# The fields' names in messages (core.validation), registered through the domain.
FIELD_LABELS = {
    "email": N_("e-mail"),
    "display_name": N_("name"),
    "password": N_("password"),
    "new": N_("new password"),
    "repeat": N_("repeat the new password"),
    "org_id": N_("organisation"),
    "owner_org_id": N_("owner organisation"),
    "role": N_("role"),
    "kind": N_("kind"),
    "cadence": N_("meeting cadence"),
}

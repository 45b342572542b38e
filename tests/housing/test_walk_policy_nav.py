"""The walker's nav entry (policy.can_walk_only): a housing company's or the municipality's
reporter who works no cases gets it; the police's, an association's or a contractor's
reporter does not (their walks page would be empty), nor a case worker (who has /boende)."""

from __future__ import annotations

import pytest

from samverkan.orgs import policy
from samverkan.orgs.policy import Principal


def person(kind: str, *roles: str) -> Principal:
    return Principal(
        user_id=1, token_id=None, org_id=7, roles={7: frozenset(roles)}, org_kinds={7: kind}
    )


@pytest.mark.parametrize("kind", ["bostadsbolag", "kommun"])
def test_a_housing_company_s_walker_gets_the_entry(kind: str) -> None:
    assert policy.can_walk_only(person(kind, "rapportor"))
    assert not policy.can_walk_only(person(kind, "handlaggare"))  # /boende instead


@pytest.mark.parametrize("kind", ["polis", "forening", "annan"])
def test_other_reporters_get_no_entry(kind: str) -> None:
    assert not policy.can_walk_only(person(kind, "rapportor"))
    assert not policy.can_walk_only(None)

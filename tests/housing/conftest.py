"""The housing-safety test world: the person register's (tests/people/conftest.py) and its
data key."""

from __future__ import annotations

from tests.people.conftest import data_key, number, people_world  # noqa: F401  (fixtures)

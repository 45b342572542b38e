"""The employment programs' test world: the person register's (a handläggare of Linköpings
kommun and one of Norrköping, besides the personas) and its data key."""

from __future__ import annotations

from tests.people.conftest import data_key, number, people_world  # noqa: F401  (fixtures)

"""Fixtures of the presence tests."""

from tests.incidents.conftest import api  # noqa: F401 - the API-as-persona fixture

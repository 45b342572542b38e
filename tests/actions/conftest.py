"""Fixtures of the actions tests."""

from tests.incidents.conftest import api  # noqa: F401 - the API-as-persona fixture

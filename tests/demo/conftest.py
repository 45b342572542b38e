"""The demo's tests seed the person register too, which is encrypted: a data key for each."""

from __future__ import annotations

import pytest

from samverkan.core import crypto
from samverkan.core.settings import Settings


@pytest.fixture(autouse=True)
def data_key(settings: Settings) -> crypto.KeyRing:
    ring = crypto.KeyRing.from_settings(settings)
    crypto.configure(ring)
    return ring

"""The demo as the application sees it: ``samverkan demo``."""

from __future__ import annotations

from samverkan.core.domain import Domain

DOMAIN = Domain(name="demo", cli=(("", "samverkan.demo.cli:app"),))

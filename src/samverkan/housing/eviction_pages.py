"""(Being built: this part's pages.)"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/boende", include_in_schema=False)

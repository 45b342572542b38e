"""(Being built: this part's JSON API.)"""

from __future__ import annotations

from fastapi import APIRouter

api = APIRouter(prefix="/api/v1/housing", tags=["housing"])

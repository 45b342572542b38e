"""Summer jobs required through procurement: ``/api/v1/summer-jobs`` (Bearer token)."""

from __future__ import annotations

from fastapi import APIRouter

api = APIRouter(prefix="/api/v1/summer-jobs", tags=["employment"])

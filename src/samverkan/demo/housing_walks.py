"""(Being built: this part's demo data.)"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session


def seed(session: Session, until: date) -> None:
    """This part's demo as of ``until``."""

"""Writing the access log from a request: a reading request (GET) notes its reads in a short
writing transaction of its own, as ``orgs.deps.write_aside`` does, but a failure is not
swallowed: a read of a person that cannot be logged is not answered."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from samverkan.core.db import session_scope
from samverkan.core.deps import writes
from samverkan.orgs.policy import Principal
from samverkan.people import service
from samverkan.people.models import Person


def log(request: Request, db: Session, p: Principal, people: list[Person], view: str) -> None:
    """One access-log entry per person in ``people``, committed before the answer is sent."""
    if not people:
        return
    if writes(request):
        service.log_read(db, p, people, view)
        return
    with session_scope(request.app.state.sessionmaker, write=True) as aside:
        service.log_read(aside, p, people, view)

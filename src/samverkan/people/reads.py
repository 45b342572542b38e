"""Writing the access log from a request: a reading request (GET) notes its reads in a short
writing transaction of its own, as ``orgs.deps.write_aside`` does, but a failure is not
swallowed: a read of a person that cannot be logged is not answered."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from sqlalchemy.orm import Session

from samverkan.core.db import session_scope
from samverkan.core.deps import writes
from samverkan.orgs.policy import Principal
from samverkan.people import service
from samverkan.people.models import Person


def log(
    request: Request,
    db: Session,
    p: Principal,
    people: list[Person],
    view: str,
    also: Callable[[Session], object] | None = None,
) -> None:
    """One access-log entry per person in ``people``, committed before the answer is sent;
    ``also`` writes in the same transaction what belongs with the reads (an export's audit
    event), so that a reading request writes nothing in its own session."""
    if not people and also is None:
        return
    if writes(request):
        service.log_read(db, p, people, view)
        if also is not None:
            also(db)
        return
    with session_scope(request.app.state.sessionmaker, write=True) as aside:
        service.log_read(aside, p, people, view)
        if also is not None:
            also(aside)

"""FastAPI dependencies of the core: the database session of one request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from samverkan.core.db import WRITE
from samverkan.core.settings import Settings

READS = ("GET", "HEAD", "OPTIONS")

E = TypeVar("E", bound=Callable[..., Any])


def reads_first(endpoint: E) -> E:
    """Mark a writing route that thinks for a while before it writes (solving a plan): its
    session starts as a reader, and the route calls :func:`begin_writing` once it knows what to
    write, so the database's one writer (SQLite) is not held while it thinks."""
    endpoint.reads_first = True  # type: ignore[attr-defined]
    return endpoint


def begin_writing(session: Session) -> None:
    """End a :func:`reads_first` route's reading transaction and begin a writing one (on
    SQLite: wait for the writer's turn). What was loaded stays usable, but may have changed
    meanwhile: check what the write depends on again."""
    session.commit()
    session.connection(execution_options=WRITE)


def writes(request: Request) -> bool:
    """Whether the request's session holds the writer's turn from its start."""
    if request.method in READS:
        return False
    return not getattr(request.scope.get("endpoint"), "reads_first", False)


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: committed when the route returns (before the response is
    sent, so the next request sees the write), rolled back on error. A writing request takes
    the writer's turn at the start (SQLite), unless its route :func:`reads_first`."""
    session: Session = request.app.state.sessionmaker()
    if writes(request):
        session.connection(execution_options=WRITE)
    request.state.db = session
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]

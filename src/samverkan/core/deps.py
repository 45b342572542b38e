"""FastAPI dependencies of the core: the database session of one request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from samverkan.core.db import WRITE
from samverkan.core.settings import Settings


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: committed when the route returns (before the response is
    sent, so the next request sees the write), rolled back on error."""
    session: Session = request.app.state.sessionmaker()
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        session.connection(execution_options=WRITE)  # a writer from the start (SQLite)
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

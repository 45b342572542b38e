"""Alembic environment: run migrations on the connection or URL that ``core.migrate`` hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from samverkan.core.db import Base, make_engine

# The caller (the CLI, the tests) has loaded every domain's models through the composition root
# (samverkan.domains.load_models): upgrading needs none, comparing and autogenerating need all.
config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()

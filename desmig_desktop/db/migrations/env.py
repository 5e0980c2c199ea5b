"""Alembic environment, driven in code by desmig_desktop.db.migrate (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from desmig_desktop.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Migrasi dijalankan lewat desmig_desktop.db.migrate, bukan alembic CLI.")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("Mode offline Alembic tidak dipakai.")
run_migrations_online()

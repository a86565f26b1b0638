"""Alembic environment for the rashomon store.

The store runs migrations itself (``Store.__init__``) and hands over its open
connection through ``config.attributes["connection"]``; the ``sqlalchemy.url``
branch is for running ``alembic`` by hand against a database file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

from rashomon.store import metadata

config = context.config
target_metadata = metadata


def _include_name(name: str | None, type_: str, parent_names: object) -> bool:
    # FTS5 virtual tables and their shadow tables, and PostgreSQL's trigram index and search
    # totals, are managed by hand-written DDL.
    if type_ == "table" and name is not None and name.startswith(("sentences_fts", "sentence_stats")):
        return False
    if type_ == "index" and name == "ix_sentences_text_trgm":
        return False
    return True


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        include_name=_include_name,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

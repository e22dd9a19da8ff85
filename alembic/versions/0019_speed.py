"""Speed at scale: seat movements per month read from an index alone, and full-text
indexes for the seat search of "View all users" on SQLite (PostgreSQL has had its
trigram indexes since 0005).

SQLite: FTS5 tables with the trigram tokenizer over the searchable columns of people
(name, email, department) and devices (name), external-content tables kept in step by
triggers on every insert, update and delete, so no write path can forget them. A
later migration that rebuilds `person` or `device` (batch mode copies the table) must
create these triggers again.

Revision ID: 0019
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

FTS = {"person": ("name", "email", "department"), "device": ("name",)}


def _fts_ddl(table: str, columns: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    insert_new = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    delete_old = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', tokenize='trigram')",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert_new} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete_old} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN {delete_old} {insert_new} END",
    ]


def upgrade() -> None:
    op.create_index("ix_assignment_license_assigned", "assignment", ["license_id", "assigned_at"])
    if op.get_bind().dialect.name == "sqlite":
        for table, columns in FTS.items():
            for statement in _fts_ddl(table, columns):
                op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in FTS:
            for trigger in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    op.drop_index("ix_assignment_license_assigned", table_name="assignment")

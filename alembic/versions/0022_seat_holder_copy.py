"""Each seat carries what a search of "View all users" reads of its holder: one
search text (holder, email, department, device, free-text names; lower case, fields
split by the unit separator) and the holder's status and last sign-in, which
dormancy judges by. So a search reads only the license's matching seats, from one
index, without looking up a holder per match.

Triggers keep the copies in step on every write path: a seat's insert or change of
holder, and a person's or device's change of what is copied. PostgreSQL indexes the
text with trigrams together with the license (btree_gin); SQLite with an FTS5
trigram table kept by the same triggers. A later migration that rebuilds
`assignment`, `person` or `device` (batch mode copies the table) must create these
triggers again.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

PERSON_COPIED = ("name", "email", "department", "status", "last_sign_in_at")
# A seat's columns whose change copies again: its holder, and the copies themselves
# (a direct write to them is overwritten, so they can never drift).
SEAT_WATCHED = "person_id, device_id, assignee_name, device_name, search_text, holder_status, holder_signed_in_at"


def search_text(sep: str, *, person: str, device: str, seat: str) -> str:
    """The search text from the holder's columns (NULL when there is none); a field
    never holds the separator, so a term (which never does) matches within one field."""
    fields = (
        f"coalesce({person}.name, {seat}.assignee_name)",
        f"coalesce({person}.email, '')",
        f"coalesce({person}.department, '')",
        f"coalesce({device}.name, {seat}.device_name)",
        f"{seat}.assignee_name",
        f"{seat}.device_name",
    )
    return "lower(" + f" || {sep} || ".join(f"replace({f}, {sep}, ' ')" for f in fields) + ")"


# ------------------------------------------------------------------ SQLite

SQLITE_COPY = (
    "search_text = (SELECT "
    + search_text("char(31)", person="p", device="d", seat="assignment")
    + " FROM (SELECT 1) LEFT JOIN person p ON p.id = assignment.person_id"
    " LEFT JOIN device d ON d.id = assignment.device_id),"
    " holder_status = (SELECT status FROM person WHERE id = assignment.person_id),"
    " holder_signed_in_at = (SELECT last_sign_in_at FROM person WHERE id = assignment.person_id)"
)


def _touch(column: str, where: str) -> str:
    """Set a seat's holder column to itself: the seat's own trigger copies again."""
    return f"UPDATE assignment SET {column} = {column} WHERE {where};"


_FTS_DELETE_OLD = (
    "INSERT INTO assignment_fts(assignment_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
)
_PERSON_CHANGED_SQLITE = " OR ".join(f"old.{c} IS NOT new.{c}" for c in PERSON_COPIED)

# Every copy is made by assignment_holder_au, which takes the row's indexed text out of
# the full-text table first (old.search_text: what the table holds for it) and indexes
# the new text after. Its own UPDATE does not fire it again: SQLite's recursive
# triggers are off (the default; the app never turns them on).
SQLITE_TRIGGERS = {
    "assignment_holder_ai": (
        "AFTER INSERT ON assignment BEGIN "
        "INSERT INTO assignment_fts(rowid, search_text) VALUES (new.id, new.search_text); "
        f"{_touch('person_id', 'id = new.id')} END"
    ),
    "assignment_holder_au": (
        f"AFTER UPDATE OF {SEAT_WATCHED} ON assignment BEGIN {_FTS_DELETE_OLD} "
        f"UPDATE assignment SET {SQLITE_COPY} WHERE id = new.id; "
        "INSERT INTO assignment_fts(rowid, search_text) SELECT id, search_text FROM assignment WHERE id = new.id; END"
    ),
    "assignment_holder_ad": f"AFTER DELETE ON assignment BEGIN {_FTS_DELETE_OLD} END",
    "person_holder_au": (
        f"AFTER UPDATE OF {', '.join(PERSON_COPIED)} ON person WHEN {_PERSON_CHANGED_SQLITE} "
        f"BEGIN {_touch('person_id', 'person_id = new.id')} END"
    ),
    "device_holder_au": (
        "AFTER UPDATE OF name ON device WHEN old.name IS NOT new.name "
        f"BEGIN {_touch('device_id', 'device_id = new.id')} END"
    ),
}

# ------------------------------------------------------------------ PostgreSQL

POSTGRES_FUNCTIONS = [
    f"""
CREATE OR REPLACE FUNCTION assignment_holder() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p person%ROWTYPE;
    d device%ROWTYPE;
BEGIN
    SELECT * INTO p FROM person WHERE id = NEW.person_id;
    SELECT * INTO d FROM device WHERE id = NEW.device_id;
    NEW.search_text := {search_text("chr(31)", person="p", device="d", seat="NEW")};
    NEW.holder_status := p.status;
    NEW.holder_signed_in_at := p.last_sign_in_at;
    RETURN NEW;
END $$""",
    # Setting the holder column to itself runs the seat's own trigger above.
    """
CREATE OR REPLACE FUNCTION person_seats_holder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assignment SET person_id = person_id WHERE person_id = NEW.id;
    RETURN NULL;
END $$""",
    """
CREATE OR REPLACE FUNCTION device_seats_holder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assignment SET device_id = device_id WHERE device_id = NEW.id;
    RETURN NULL;
END $$""",
]
_PERSON_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in PERSON_COPIED)
POSTGRES_TRIGGERS = {
    "assignment_holder": (
        "assignment",
        f"BEFORE INSERT OR UPDATE OF {SEAT_WATCHED} ON assignment FOR EACH ROW EXECUTE FUNCTION assignment_holder()",
    ),
    "person_seats_holder": (
        "person",
        f"AFTER UPDATE OF {', '.join(PERSON_COPIED)} ON person FOR EACH ROW WHEN ({_PERSON_CHANGED}) "
        "EXECUTE FUNCTION person_seats_holder()",
    ),
    "device_seats_holder": (
        "device",
        "AFTER UPDATE OF name ON device FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) "
        "EXECUTE FUNCTION device_seats_holder()",
    ),
}


def upgrade() -> None:
    op.add_column("assignment", sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.add_column("assignment", sa.Column("holder_status", sa.String(length=20), nullable=True))
    op.add_column("assignment", sa.Column("holder_signed_in_at", sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's single writer holds every other write off until this commits.
        op.execute(f"UPDATE assignment SET {SQLITE_COPY}")
        op.execute(
            "CREATE VIRTUAL TABLE assignment_fts USING fts5(search_text, content='assignment', "
            "content_rowid='id', tokenize='trigram')"
        )
        op.execute("INSERT INTO assignment_fts(assignment_fts) VALUES ('rebuild')")
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        return
    op.execute("LOCK TABLE assignment IN SHARE ROW EXCLUSIVE MODE")  # no seat lands unseen meanwhile
    for function in POSTGRES_FUNCTIONS:
        op.execute(function)
    for name, (_table, body) in POSTGRES_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("UPDATE assignment SET person_id = person_id")  # the backfill, by the trigger itself
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.execute("CREATE INDEX ix_assignment_search_trgm ON assignment USING gin (license_id, search_text gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS assignment_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_assignment_search_trgm")
        for name, (table, _body) in POSTGRES_TRIGGERS.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for function in ("assignment_holder", "person_seats_holder", "device_seats_holder"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    for column in ("holder_signed_in_at", "holder_status", "search_text"):
        op.drop_column("assignment", column)

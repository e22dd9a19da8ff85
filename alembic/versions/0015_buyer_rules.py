"""Buyer-side rules: one notion of perpetual, a license name unique per product,
retired seats, and workspace settings kept in the database.

- A license typed Perpetual is perpetual: the flag is set on every such row, and
  the expiry reminders it should never have had are cleared.
- Seed 002's Name is unique per product among active licenses: a partial unique
  index on (catalog entry, lower(name)) where not archived and not blank. Later
  duplicates already in the database are renamed "Name (2)", "Name (3)"… (oldest
  keeps its name), each rename recorded in the audit trail, so nothing is lost.
- `license.seats_retired`: seats taken off the total when their holder left a
  license that is not reassignable.
- `workspace_setting`: settings an admin changes in the app (the dormancy window).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from types import SimpleNamespace

import sqlalchemy as sa

from alembic import op
from license_hub.models.types import UTCDateTime, utcnow

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

ACTIVE_NAMED = "archived_at IS NULL AND name <> ''"
NAME_LIMIT = 200
ACTOR = "system: migration 0015"

_license = sa.table(
    "license",
    sa.column("id", sa.Integer),
    sa.column("catalog_entry_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("license_type", sa.String),
    sa.column("perpetual", sa.Boolean),
    sa.column("renewal_date", sa.Date),
    sa.column("archived_at", UTCDateTime),
    sa.column("updated_at", UTCDateTime),
)
_reminder = sa.table(
    "reminder",
    sa.column("license_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("cleared_at", UTCDateTime),
)
_event = sa.table(
    "audit_event",
    sa.column("seq", sa.Integer),
    sa.column("occurred_at", UTCDateTime),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("object_type", sa.String),
    sa.column("object_id", sa.Integer),
    sa.column("diff", sa.Text),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
_head = sa.table(
    "audit_chain_head", sa.column("id", sa.Integer), sa.column("seq", sa.Integer), sa.column("hash", sa.String)
)


def _reconcile_perpetual(conn, now) -> None:
    conn.execute(
        _license.update()
        .where(_license.c.license_type == "Perpetual", _license.c.perpetual.is_(False))
        .values(perpetual=True, updated_at=now)
    )
    perpetual_ids = sa.select(_license.c.id).where(_license.c.perpetual.is_(True))
    conn.execute(
        _reminder.update()
        .where(
            _reminder.c.cleared_at.is_(None),
            _reminder.c.kind.in_(["expiry", "renewal_notice"]),
            _reminder.c.license_id.in_(perpetual_ids),
        )
        .values(cleared_at=now)
    )
    no_renewal_day = sa.select(_license.c.id).where(_license.c.perpetual.is_(True), _license.c.renewal_date.is_(None))
    conn.execute(
        _reminder.update()
        .where(
            _reminder.c.cleared_at.is_(None),
            _reminder.c.kind == "cancellation_deadline",
            _reminder.c.license_id.in_(no_renewal_day),
        )
        .values(cleared_at=now)
    )


def _free_name(base: str, taken: set[str]) -> str:
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = base[: NAME_LIMIT - len(suffix)].rstrip() + suffix
        if candidate.lower() not in taken:
            return candidate
        n += 1


def _audit(conn, now, license_id: int, diff: dict) -> None:
    """One event on the hash chain, written as audit_log.record writes it."""
    from license_hub.services.audit import audit_log

    head = conn.execute(sa.select(_head.c.seq, _head.c.hash).where(_head.c.id == 1)).first()
    if head is None:
        conn.execute(_head.insert().values(id=1, seq=0, hash=""))
        head = (0, "")
    event = SimpleNamespace(
        seq=head[0] + 1,
        occurred_at=now,
        actor=ACTOR,
        action="rename",
        object_type="license",
        object_id=license_id,
        diff=audit_log.canonical(diff),
    )
    digest = audit_log._digest(head[1], event)
    conn.execute(
        _event.insert().values(
            seq=event.seq,
            occurred_at=now,
            actor=ACTOR,
            action="rename",
            object_type="license",
            object_id=license_id,
            diff=event.diff,
            prev_hash=head[1],
            hash=digest,
        )
    )
    conn.execute(_head.update().where(_head.c.id == 1).values(seq=event.seq, hash=digest))


def _rename_duplicates(conn, now) -> None:
    rows = conn.execute(
        sa.select(_license.c.id, _license.c.catalog_entry_id, _license.c.name)
        .where(_license.c.archived_at.is_(None), _license.c.name != "")
        .order_by(_license.c.catalog_entry_id, _license.c.id)
    ).all()
    taken: dict[int, set[str]] = {}
    for _, entry_id, name in rows:
        taken.setdefault(entry_id, set()).add(name.lower())
    seen: dict[int, set[str]] = {}
    for license_id, entry_id, name in rows:
        names = seen.setdefault(entry_id, set())
        if name.lower() not in names:
            names.add(name.lower())
            continue
        new = _free_name(name, taken[entry_id])
        taken[entry_id].add(new.lower())
        names.add(new.lower())
        conn.execute(_license.update().where(_license.c.id == license_id).values(name=new, updated_at=now))
        _audit(
            conn,
            now,
            license_id,
            {"name": [name, new], "reason": "License names are unique per product: a later duplicate was renamed"},
        )


def upgrade() -> None:
    conn = op.get_bind()
    now = utcnow()
    _reconcile_perpetual(conn, now)
    _rename_duplicates(conn, now)
    with op.batch_alter_table("license") as batch:
        batch.add_column(sa.Column("seats_retired", sa.Integer(), nullable=False, server_default="0"))
    # Created after any batch change to the table: SQLite's batch mode cannot carry an expression index.
    op.create_index(
        "uq_license_entry_name",
        "license",
        ["catalog_entry_id", sa.text("lower(name)")],
        unique=True,
        sqlite_where=sa.text(ACTIVE_NAMED),
        postgresql_where=sa.text(ACTIVE_NAMED),
    )
    op.create_table(
        "workspace_setting",
        sa.Column("key", sa.String(length=60), primary_key=True),
        sa.Column("value", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=200), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("workspace_setting")
    op.drop_index("uq_license_entry_name", table_name="license")
    with op.batch_alter_table("license") as batch:
        batch.drop_column("seats_retired")

"""Seat counts the dashboard reads instead of a million assignments: per license and
month the seats assigned and revoked, and per license its active seats, kept in step
by triggers on `assignment` (every insert, delete and change of license_id,
assigned_at or revoked_at) in the writing transaction, and backfilled from the
assignments already there. A later migration that rebuilds `assignment` (batch mode
copies the table) must create these triggers again.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# SQLite keeps timestamps as UTC text ("YYYY-MM-DD HH:MM:SS"); PostgreSQL as timestamptz.
SQLITE_MONTH = "substr({col}, 1, 7)"
POSTGRES_MONTH = "to_char(timezone('UTC', {col}), 'YYYY-MM')"


def _sqlite_steps(row: str, sign: int) -> str:
    """Statements adding (sign 1) or taking away (sign -1) one assignment row's counts."""
    a, r = f"substr({row}.assigned_at, 1, 7)", f"substr({row}.revoked_at, 1, 7)"
    return (
        "INSERT INTO license_seat_month (license_id, month, assigned, revoked) "
        f"VALUES ({row}.license_id, {a}, {sign}, 0) "
        f"ON CONFLICT (license_id, month) DO UPDATE SET assigned = assigned + {sign}; "
        "INSERT INTO license_seat_month (license_id, month, assigned, revoked) "
        f"SELECT {row}.license_id, {r}, 0, {sign} WHERE {row}.revoked_at IS NOT NULL "
        f"ON CONFLICT (license_id, month) DO UPDATE SET revoked = revoked + {sign}; "
        "INSERT INTO license_seat_count (license_id, active_seats) "
        f"SELECT {row}.license_id, {sign} WHERE {row}.revoked_at IS NULL "
        f"ON CONFLICT (license_id) DO UPDATE SET active_seats = active_seats + {sign};"
    )


SQLITE_TRIGGERS = {
    "assignment_tally_ai": f"AFTER INSERT ON assignment BEGIN {_sqlite_steps('new', 1)} END",
    "assignment_tally_ad": f"AFTER DELETE ON assignment BEGIN {_sqlite_steps('old', -1)} END",
    "assignment_tally_au": (
        "AFTER UPDATE OF license_id, assigned_at, revoked_at ON assignment "
        f"BEGIN {_sqlite_steps('old', -1)} {_sqlite_steps('new', 1)} END"
    ),
}


def _postgres_steps(row: str, sign: int) -> str:
    a, r = POSTGRES_MONTH.format(col=f"{row}.assigned_at"), POSTGRES_MONTH.format(col=f"{row}.revoked_at")
    return f"""
        INSERT INTO license_seat_month AS t (license_id, month, assigned, revoked)
        VALUES ({row}.license_id, {a}, {sign}, 0)
        ON CONFLICT (license_id, month) DO UPDATE SET assigned = t.assigned + {sign};
        IF {row}.revoked_at IS NOT NULL THEN
            INSERT INTO license_seat_month AS t (license_id, month, assigned, revoked)
            VALUES ({row}.license_id, {r}, 0, {sign})
            ON CONFLICT (license_id, month) DO UPDATE SET revoked = t.revoked + {sign};
        ELSE
            INSERT INTO license_seat_count AS t (license_id, active_seats)
            VALUES ({row}.license_id, {sign})
            ON CONFLICT (license_id) DO UPDATE SET active_seats = t.active_seats + {sign};
        END IF;"""


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION assignment_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN {_postgres_steps("OLD", -1)}
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN {_postgres_steps("NEW", 1)}
    END IF;
    RETURN NULL;
END $$"""
POSTGRES_TRIGGER = (
    "CREATE TRIGGER assignment_tally AFTER INSERT OR DELETE OR UPDATE OF license_id, assigned_at, revoked_at "
    "ON assignment FOR EACH ROW EXECUTE FUNCTION assignment_tally()"
)


def _backfill(month: str) -> list[str]:
    assigned, revoked = month.format(col="assigned_at"), month.format(col="revoked_at")
    return [
        "INSERT INTO license_seat_month (license_id, month, assigned, revoked) "
        "SELECT license_id, month, SUM(a), SUM(r) FROM ("
        f"SELECT license_id, {assigned} AS month, 1 AS a, 0 AS r FROM assignment "
        f"UNION ALL SELECT license_id, {revoked} AS month, 0 AS a, 1 AS r FROM assignment "
        "WHERE revoked_at IS NOT NULL) AS moves GROUP BY license_id, month",
        "INSERT INTO license_seat_count (license_id, active_seats) "
        "SELECT license_id, COUNT(*) FROM assignment WHERE revoked_at IS NULL GROUP BY license_id",
    ]


def upgrade() -> None:
    license_fk = sa.ForeignKey("license.id", ondelete="CASCADE")
    op.create_table(
        "license_seat_month",
        sa.Column("license_id", sa.Integer(), license_fk, primary_key=True, nullable=False),
        sa.Column("month", sa.String(length=7), primary_key=True, nullable=False),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.Column("revoked", sa.Integer(), nullable=False),
    )
    op.create_table(
        "license_seat_count",
        sa.Column("license_id", sa.Integer(), sa.ForeignKey("license.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("active_seats", sa.Integer(), nullable=False),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Backfill and triggers in the migration's transaction, writers held off meanwhile
    # (SQLite's single writer does that by itself): no seat lands between the two.
    if not sqlite:
        op.execute("LOCK TABLE assignment IN SHARE ROW EXCLUSIVE MODE")
    for statement in _backfill(SQLITE_MONTH if sqlite else POSTGRES_MONTH):
        op.execute(statement)
    if sqlite:
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS assignment_tally ON assignment")
        op.execute("DROP FUNCTION IF EXISTS assignment_tally()")
    op.drop_table("license_seat_count")
    op.drop_table("license_seat_month")

"""The `license-hub` command: what an operator runs beside the web app.

Each subcommand is a thin shell over a service, so the same work is tested
without a terminal. Exit codes: 0 done, 1 the check failed or the work was
refused, 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from time import perf_counter
from typing import Sequence

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from license_hub import db
from license_hub import settings as settings_mod
from license_hub.services.core.errors import DomainError, ValidationError

ACTOR = "license-hub cli"


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def cmd_migrate(args: argparse.Namespace) -> int:
    from license_hub.migrate import upgrade

    url = settings_mod.settings.db_url
    upgrade(url)
    print(f"Database {_safe_url(url)} is at the latest schema.")
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from license_hub.services.demo import demo_data

    started = perf_counter()
    with db.write_session() as session:  # check and load in one transaction
        if args.if_empty and not demo_data.is_empty(session):
            print("The database already has data; demo data was not loaded.")
            return 0
        summary = demo_data.load(session, seed=args.seed, scale=args.scale)
    summary = replace(summary, seconds=round(perf_counter() - started, 2))
    print(f"Loaded demo data (seed {args.seed}, scale {args.scale:g}): {summary.line()}")
    return 0


def cmd_verify_audit_log(args: argparse.Namespace) -> int:
    from license_hub.services.audit import audit_log

    with db.read_session() as session:
        report = audit_log.verify(session)
    if report.ok:
        events = f"{report.checked} event{'' if report.checked == 1 else 's'}"
        print(f"OK: {events}, head hash {report.head_hash or '(empty log)'}")
        return 0
    print(
        f"FAILED: {report.problem} (first bad event: {report.first_bad_seq}; "
        f"{report.checked} events before it are intact)"
    )
    return 1


def cmd_rotate_keys(args: argparse.Namespace) -> int:
    from license_hub.services.core import key_rotation

    with db.write_session() as session:
        result = key_rotation.rotate_all(session, ACTOR)
    print(
        f"Re-encrypted {result.total} keys with the current secret key "
        f"({result.product_keys} product keys, {result.seat_keys} seat serial keys)."
    )
    return 0


def cmd_signing_key(args: argparse.Namespace) -> int:
    """Rotate the publishing signing key (the old key id is retired and still verifies),
    revoke a retired key id, or print the public keyring to ship with the verifier."""
    from license_hub.services.publishing import signing

    with db.write_session() as session:
        if args.action == "rotate":
            print(f"New signing key id {signing.rotate(session, ACTOR).id}; the previous one is retired.")
        elif args.action == "revoke":
            signing.revoke(session, ACTOR, args.key_id)
            print(f"Signing key id {args.key_id} revoked: what it signed no longer verifies.")
        else:
            signing.active_key(session, ACTOR)
            print(signing.keyring_json(session))
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    import getpass

    from license_hub.services.access import accounts as access

    password = args.password or getpass.getpass("Password for the new admin: ")
    hashed = access.new_password(password)  # before the write transaction: Argon2 is slow
    with db.write_session() as session:
        access.create_user(session, ACTOR, email=args.email, password=hashed, role="Admin", name=args.name or "")
    print(f"Created admin {args.email.strip().lower()}.")
    return 0


def cmd_first_admin(args: argparse.Namespace) -> int:
    """Run by `make run` before serving: the first admin, from the environment or
    with a one-time password printed here once."""
    import os
    import secrets as pysecrets

    from license_hub.services.access import accounts as access

    email, password = os.environ.get("LICENSE_HUB_ADMIN_EMAIL"), os.environ.get("LICENSE_HUB_ADMIN_PASSWORD")
    with db.read_session() as session:
        if access.has_any_admin(session):
            return 0
    one_time = "" if email and password else pysecrets.token_urlsafe(12)
    prepared = access.new_password(password or one_time)  # before the write transaction: Argon2 is slow
    with db.write_session() as session:
        generated = access.ensure_first_admin(session, email, password, one_time=one_time, prepared=prepared)
    if generated:
        email, one_time = generated
        print(
            f"First admin created: sign in as {email} with the one-time password {one_time} "
            "(you will be asked to change it)."
        )
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    """What `make run` does before serving, in one process: migrate, load the demo
    organization into an empty database, create the first admin."""
    for step in (cmd_migrate, cmd_demo_data, cmd_first_admin):
        code = step(argparse.Namespace(if_empty=True, seed=42, scale=1.0))
        if code:
            return code
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from license_hub.serve import serve

    return serve(args.port)


def cmd_backup(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone
    from pathlib import Path

    from license_hub.services.backup import archive

    cfg = settings_mod.settings
    out = Path(args.output or f"license-hub-backup-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.tar.gz")
    summary = archive.backup(out, db_url=cfg.db_url, data_dir=cfg.data_dir, key_file=cfg.key_file)
    print(
        f"Backed up {summary.rows} rows in {summary.tables} tables ({summary.dialect}) and "
        f"{summary.documents} documents to {summary.path} ({summary.size_bytes:,} bytes).\n"
        "The encryption key is not inside: keep it apart from the backup (see README)."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from license_hub.services.backup import archive

    cfg = settings_mod.settings
    summary = archive.restore(Path(args.archive), db_url=cfg.db_url, data_dir=cfg.data_dir, overwrite=args.overwrite)
    print(
        f"Restored {summary.rows} rows and {summary.documents} documents from the backup of "
        f"{summary.created_at} into {_safe_url(cfg.db_url)}.\n"
        "Restart the app; it needs the encryption key that was in use when the backup was made."
    )
    return 0


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="license-hub", description="License Hub administration.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("migrate", help="apply database migrations (alembic upgrade head)")
    p.set_defaults(run=cmd_migrate)

    p = sub.add_parser("demo-data", help="load a realistic demo organization")
    p.add_argument("--if-empty", action="store_true", help="only load into a database with no catalog or licenses")
    p.add_argument("--seed", type=int, default=42, help="random seed; the same seed gives the same data (default 42)")
    p.add_argument(
        "--scale",
        type=_positive,
        default=1.0,
        help="size relative to the default ~300 licenses and ~30,000 seats (default 1.0)",
    )
    p.set_defaults(run=cmd_demo_data)

    p = sub.add_parser("verify-audit-log", help="check the audit trail's hash chain")
    p.set_defaults(run=cmd_verify_audit_log)

    p = sub.add_parser("create-admin", help="create an admin user")
    p.add_argument("--email", required=True)
    p.add_argument("--name", default="")
    p.add_argument("--password", default="", help="prompted for when left out")
    p.set_defaults(run=cmd_create_admin)

    p = sub.add_parser("first-admin", help="create the first admin on an empty workspace (run at start)")
    p.set_defaults(run=cmd_first_admin)

    p = sub.add_parser("setup", help="migrate, load demo data into an empty database, create the first admin")
    p.set_defaults(run=cmd_setup)

    p = sub.add_parser("serve", help="serve the production build on one port (rebuilds only when the code changed)")
    p.add_argument("--port", type=int, default=3000)
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("rotate-keys", help="re-encrypt stored product and seat keys with the current secret key")
    p.set_defaults(run=cmd_rotate_keys)

    p = sub.add_parser("signing-key", help="publishing signing keys: rotate, revoke KEY_ID, or print the keyring")
    p.add_argument("action", choices=["rotate", "revoke", "keyring"])
    p.add_argument("key_id", type=int, nargs="?", default=0)
    p.set_defaults(run=cmd_signing_key)

    p = sub.add_parser("backup", help="write the database and the uploaded documents into one archive file")
    p.add_argument(
        "output", nargs="?", default="", help="archive to write (default license-hub-backup-<UTC time>.tar.gz here)"
    )
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser("restore", help="replace the database and the documents with a backup's")
    p.add_argument("archive", help="a file written by license-hub backup")
    p.add_argument("--overwrite", action="store_true", help="confirm replacing a database that already holds data")
    p.set_defaults(run=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ValidationError as exc:
        print(f"license-hub {args.command}: " + "; ".join(exc.errors.values()), file=sys.stderr)
        return 1
    except DomainError as exc:
        print(f"license-hub {args.command}: {exc.message}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        detail = str(exc).splitlines()[0]
        print(
            f"license-hub {args.command}: database error: {detail}\n"
            "Is the database reachable and migrated (license-hub migrate)?",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())

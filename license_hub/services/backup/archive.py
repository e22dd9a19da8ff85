"""`license-hub backup` and `license-hub restore`.

A backup is one .tar.gz file:

    manifest.json          what is inside, the schema revision, row counts, checksums
    database/sqlite.db     SQLite: a copy made with SQLite's online backup API
    database/postgres.dump PostgreSQL: `pg_dump --format=custom` (one snapshot)
    documents/...          every file under <data dir>/documents/

Both database copies are consistent while the app keeps running. The encryption
key (data/secret.key or LICENSE_HUB_SECRET_KEY) is never inside: whoever holds the
archive must not also hold the keys to its secrets. Without that key the restored
product and serial keys cannot be decrypted, so it is kept apart (see README).

A restore replaces the database and the documents folder. It refuses a database
that already holds data unless told to overwrite it; on PostgreSQL it runs in one
transaction, on SQLite the copy is swapped in with the online backup API, so a
failed restore leaves the old data as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from license_hub import db
from license_hub.models import metadata
from license_hub.services.core.errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/sqlite.db"
PG_MEMBER = "database/postgres.dump"
DOCUMENTS = "documents"
# Tables whose rows mean "someone already works in this database" (the built-in
# roles and the audit chain's head are created by the migration itself).
DATA_TABLES = ("app_user", "person", "catalog_entry", "license", "assignment", "audit_event")
KEY_FILE_NAMES = {"secret.key"}


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    dialect: str
    tables: int
    rows: int
    documents: int
    size_bytes: int


@dataclass(frozen=True)
class RestoreSummary:
    dialect: str
    rows: int
    documents: int
    created_at: str


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _row_counts(url: str) -> dict[str, int]:
    eng = db.engine_for(url)
    present = set(inspect(eng).get_table_names())
    with eng.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in metadata.sorted_tables
            if t.name in present
        }


def _revisions(url: str) -> list[str]:
    with db.engine_for(url).connect() as conn:
        return sorted(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))


def _documents(data_dir: Path, key_file: Path | None) -> list[Path]:
    root = data_dir / DOCUMENTS
    if not root.is_dir():
        return []
    skip = {key_file.resolve()} if key_file else set()
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and p.name not in KEY_FILE_NAMES and p.resolve() not in skip
    )


# -- PostgreSQL client tools ------------------------------------------------------------------


def _libpq(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore; the password goes through the
    environment, never the command line (where `ps` would show it)."""
    u = make_url(url)
    args = ["--dbname", u.database or ""]
    if u.host:
        args += ["--host", u.host]
    if u.port:
        args += ["--port", str(u.port)]
    if u.username:
        args += ["--username", u.username]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    return args, env


def _major(version_text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if not match:
        raise DomainError(f"could not read a PostgreSQL version from {version_text!r}")
    return int(match.group(1))


def check_pg_tools(url: str, tool: str = "pg_dump") -> str:
    """The client must be at least the server's major version (pg_dump refuses an
    older client; an older dump may miss what a newer server has). Returns the path."""
    path = shutil.which(tool)
    if path is None:
        raise DomainError(
            f"{tool} was not found: install the PostgreSQL client "
            "(Debian: apt-get install postgresql-client) matching the server's version"
        )
    client = _major(subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout)
    with db.engine_for(url).connect() as conn:
        server = int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    if client < server:
        raise DomainError(
            f"{tool} {client} is older than the PostgreSQL {server} server: install the PostgreSQL {server} client"
        )
    return path


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise DomainError(f"{what} failed: {detail[-1] if detail else f'exit code {proc.returncode}'}")


# -- backup ------------------------------------------------------------------------------------


def _dump_database(url: str, workdir: Path) -> tuple[str, Path]:
    if url.startswith("sqlite"):
        source = Path(make_url(url).database or "")
        if not source.is_file():
            raise DomainError(f"there is no database file at {source}")
        target = workdir / "sqlite.db"
        with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        dst.close()
        src.close()
        return SQLITE_MEMBER, target
    pg_dump = check_pg_tools(url, "pg_dump")
    target = workdir / "postgres.dump"
    args, env = _libpq(url)
    _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env, "pg_dump")
    return PG_MEMBER, target


def backup(out_path: Path, *, db_url: str, data_dir: Path, key_file: Path | None = None) -> BackupSummary:
    """Write one archive with the database and the documents; returns what it holds."""
    out_path = Path(out_path)
    if out_path.exists():
        raise DomainError(f"{out_path} already exists; choose another file name")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    dialect = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    with tempfile.TemporaryDirectory(prefix="license-hub-backup-") as tmp:
        member, dump = _dump_database(db_url, Path(tmp))
        counts = _row_counts(db_url)
        docs = _documents(data_dir, key_file)
        root = data_dir / DOCUMENTS
        manifest = {
            "format": FORMAT,
            "app": "license-hub",
            "created_at": _now(),
            "dialect": dialect,
            "schema_revisions": _revisions(db_url),
            "row_counts": counts,
            "database": {"file": member, "sha256": _sha256(dump)},
            "documents": [
                {
                    "file": f"{DOCUMENTS}/{p.relative_to(root).as_posix()}",
                    "sha256": _sha256(p),
                    "bytes": p.stat().st_size,
                }
                for p in docs
            ],
            "encryption_key_included": False,
        }
        partial = out_path.with_name(out_path.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(data), 0o600
                tar.addfile(info, io.BytesIO(data))
                tar.add(dump, arcname=member, recursive=False)
                for p in docs:
                    tar.add(p, arcname=f"{DOCUMENTS}/{p.relative_to(root).as_posix()}", recursive=False)
            os.replace(partial, out_path)
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(out_path, dialect, len(counts), sum(counts.values()), len(docs), out_path.stat().st_size)


# -- restore -----------------------------------------------------------------------------------


def has_data(url: str, data_dir: Path) -> bool:
    """True when the database holds anyone's work or the documents folder has files."""
    if url.startswith("sqlite") and not Path(make_url(url).database or "").exists():
        return bool(_documents(data_dir, None))
    eng = db.engine_for(url)
    present = set(inspect(eng).get_table_names())
    tables = {t.name: t for t in metadata.sorted_tables}
    with eng.connect() as conn:
        for name in DATA_TABLES:
            if name in present and conn.execute(select(tables[name].c.id).limit(1)).first() is not None:
                return True
    return bool(_documents(data_dir, None))


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.load(member) if member else None
    except (OSError, tarfile.TarError, KeyError, ValueError):
        raise DomainError(f"{archive} is not a License Hub backup") from None
    if not isinstance(manifest, dict) or manifest.get("app") != "license-hub":
        raise DomainError(f"{archive} is not a License Hub backup")
    if manifest.get("format") != FORMAT:
        raise DomainError(f"{archive} has backup format {manifest.get('format')}; this version reads {FORMAT}")
    return manifest


def _unpack(archive: Path, manifest: dict, into: Path) -> None:
    with tarfile.open(archive, mode="r:gz") as tar:
        tar.extractall(into, filter="data")
    expected = [manifest["database"]] + manifest["documents"]
    for item in expected:
        path = into / item["file"]
        if not path.is_file() or _sha256(path) != item["sha256"]:
            raise DomainError(f"the backup is damaged: {item['file']} does not match its checksum")


def _restore_sqlite(url: str, dump: Path) -> None:
    target = Path(make_url(url).database or "")
    target.parent.mkdir(parents=True, exist_ok=True)
    db.engine_for(url).dispose()
    with sqlite3.connect(dump) as src, sqlite3.connect(target, timeout=30) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    db.engine_for(url).dispose()


def _restore_pg(url: str, dump: Path) -> None:
    pg_restore = check_pg_tools(url, "pg_restore")
    args, env = _libpq(url)
    db.engine_for(url).dispose()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env,
        "pg_restore",
    )
    db.engine_for(url).dispose()


def _swap_documents(unpacked: Path, data_dir: Path) -> int:
    source = unpacked / DOCUMENTS
    target = data_dir / DOCUMENTS
    data_dir.mkdir(parents=True, exist_ok=True)
    staged = data_dir / f".{DOCUMENTS}.restoring"
    shutil.rmtree(staged, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, staged)
    else:
        staged.mkdir()
    old = data_dir / f".{DOCUMENTS}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for p in target.rglob("*") if p.is_file())


def restore(archive: Path, *, db_url: str, data_dir: Path, overwrite: bool = False) -> RestoreSummary:
    """Replace the database and documents with the archive's. Refuses a database
    that holds data unless `overwrite`; then brings the schema up to date."""
    from license_hub.migrate import upgrade

    archive = Path(archive)
    manifest = read_manifest(archive)
    dialect = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    if manifest["dialect"] != dialect:
        raise DomainError(f"this backup holds a {manifest['dialect']} database; the configured database is {dialect}")
    if not overwrite and has_data(db_url, data_dir):
        raise DomainError(
            "the database already holds data; restoring replaces all of it. Run again with --overwrite to confirm"
        )
    with tempfile.TemporaryDirectory(prefix="license-hub-restore-") as tmp:
        unpacked = Path(tmp)
        _unpack(archive, manifest, unpacked)
        dump = unpacked / manifest["database"]["file"]
        if dialect == "sqlite":
            _restore_sqlite(db_url, dump)
        else:
            _restore_pg(db_url, dump)
        documents = _swap_documents(unpacked, data_dir)
    upgrade(db_url)
    return RestoreSummary(dialect, sum(manifest["row_counts"].values()), documents, manifest["created_at"])

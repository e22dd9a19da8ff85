"""Backup then restore into an empty database gives identical exports, on SQLite and PostgreSQL;
the encryption key never travels in the archive; restore never overwrites data unasked."""

from __future__ import annotations

import tarfile
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from license_hub import cli, db, settings
from license_hub.migrate import upgrade
from license_hub.models import metadata
from license_hub.services.audit import audit_log, audit_query
from license_hub.services.backup import archive
from license_hub.services.core.errors import DomainError
from license_hub.services.demo import demo_data
from license_hub.services.reports import spend, utilization
from tests.conftest import PG_ADMIN_URL, _pg_url

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
KEY_TEXT = "this-is-the-encryption-key-material-0123456789"


def _exports(url: str) -> dict[str, str]:
    """What finance and auditors take away, plus every row of every table."""
    eng = db.engine_for(url)
    out: dict[str, str] = {}
    with db.read_session() as s:
        out["audit_log.csv"] = "".join(audit_query.export_csv(s))
        out["spend.csv"] = "".join(spend.spend_csv(spend.fetch_spend(s, rates={}, workspace_currency="EUR")))
        out["utilization.csv"] = "".join(
            spend.utilization_csv(utilization.utilization_report(s, now=NOW, rates={}, workspace_currency="EUR"))
        )
        out["audit_chain_ok"] = str(audit_log.verify(s).ok)
    with eng.connect() as conn:
        for table in metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).all()
            out[f"table:{table.name}"] = repr([tuple(r) for r in rows])
    return out


def _point_at(monkeypatch, url: str, data_dir: Path) -> None:
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("LICENSE_HUB_DATA_DIR", str(data_dir))
    settings.reload()


@pytest.fixture
def populated(database, tmp_path):
    with db.write_session() as s:
        demo_data.load(s, seed=7, scale=0.02)
    docs = tmp_path / "documents" / "license-12"
    docs.mkdir(parents=True)
    (docs / "contract.pdf").write_bytes(b"%PDF-1.4 contract body \x00\x01")
    (tmp_path / "documents" / "quote.txt").write_text("Quote 2026-001")
    (tmp_path / "secret.key").write_text(KEY_TEXT)
    return database


@pytest.fixture
def empty_target(database, tmp_path):
    """A second, empty, migrated database of the same kind."""
    if database.startswith("sqlite"):
        path = tmp_path / "restored" / "license_hub.db"
        path.parent.mkdir()
        url = f"sqlite:///{path}"
        upgrade(url)
        yield url
        db.engine_for(url).dispose()
        return
    name = f"lh_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = _pg_url(name)
    upgrade(url)
    yield url
    db.engine_for(url).dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_backup_then_restore_into_an_empty_database_gives_identical_exports(
    populated, empty_target, tmp_path, monkeypatch
):
    before = _exports(populated)
    assert before["audit_chain_ok"] == "True" and len(before["audit_log.csv"].splitlines()) >= 3
    assert len(before["utilization.csv"].splitlines()) > 5
    out = tmp_path / "backups" / "lh.tar.gz"
    summary = archive.backup(out, db_url=populated, data_dir=tmp_path, key_file=tmp_path / "secret.key")
    assert summary.documents == 2 and summary.rows > 100
    assert out.stat().st_mode & 0o077 == 0  # readable by its owner only

    restored_dir = tmp_path / "restored-data"
    _point_at(monkeypatch, empty_target, restored_dir)
    result = archive.restore(out, db_url=empty_target, data_dir=restored_dir)
    assert result.documents == 2
    after = _exports(empty_target)
    assert after == before
    assert (
        restored_dir / "documents" / "license-12" / "contract.pdf"
    ).read_bytes() == b"%PDF-1.4 contract body \x00\x01"
    assert (restored_dir / "documents" / "quote.txt").read_text() == "Quote 2026-001"


def test_the_encryption_key_is_never_inside_the_backup(populated, tmp_path):
    (tmp_path / "documents" / "secret.key").write_text(KEY_TEXT)  # even one misplaced among documents
    out = tmp_path / "lh.tar.gz"
    archive.backup(out, db_url=populated, data_dir=tmp_path, key_file=tmp_path / "secret.key")
    with tarfile.open(out) as tar:
        names = tar.getnames()
        blobs = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert not any(n.endswith("secret.key") for n in names)
    assert KEY_TEXT.encode() not in blobs
    assert settings.settings.secret_key and settings.settings.secret_key.encode() not in blobs
    assert {"manifest.json", "documents/quote.txt", "documents/license-12/contract.pdf"} <= set(names)


def test_restore_refuses_a_database_with_data_unless_confirmed(populated, tmp_path):
    out = tmp_path / "lh.tar.gz"
    archive.backup(out, db_url=populated, data_dir=tmp_path)
    with db.write_session() as s:
        demo_data.load(s, seed=8, scale=0.01)  # more work since the backup
    grown = _exports(populated)
    with pytest.raises(DomainError, match="--overwrite"):
        archive.restore(out, db_url=populated, data_dir=tmp_path)
    assert _exports(populated) == grown  # nothing touched
    archive.restore(out, db_url=populated, data_dir=tmp_path, overwrite=True)
    assert _exports(populated) != grown


def test_a_damaged_or_foreign_archive_is_refused(populated, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(DomainError, match="not a License Hub backup"):
        archive.restore(junk, db_url=populated, data_dir=tmp_path, overwrite=True)


def test_backup_does_not_overwrite_an_existing_file(populated, tmp_path):
    out = tmp_path / "lh.tar.gz"
    out.write_text("keep me")
    with pytest.raises(DomainError, match="already exists"):
        archive.backup(out, db_url=populated, data_dir=tmp_path)
    assert out.read_text() == "keep me"


def test_cli_backup_and_restore(populated, tmp_path, capsys):
    out = tmp_path / "cli.tar.gz"
    assert cli.main(["backup", str(out)]) == 0
    assert "The encryption key is not inside" in capsys.readouterr().out
    assert cli.main(["restore", str(out)]) == 1
    assert "--overwrite" in capsys.readouterr().err
    assert cli.main(["restore", str(out), "--overwrite"]) == 0
    assert "Restored" in capsys.readouterr().out


def test_pg_dump_must_not_be_older_than_the_server(pg_database, monkeypatch, tmp_path):
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.1'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    with pytest.raises(DomainError, match="older than the PostgreSQL"):
        archive.check_pg_tools(pg_database)

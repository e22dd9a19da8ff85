"""The built app in multi-worker mode: PostgreSQL, Redis and three workers.

The frontend build bakes its port in, so the multi-worker server takes the
shared server's port (the shared one is stopped; the next test restarts it).
Each run gets its own PostgreSQL database and its own Redis database number.
With LICENSE_HUB_WORKER_TAG=1 every answer, the websocket handshake included,
names the worker process that accepted it.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from license_hub import db
from license_hub.migrate import upgrade
from license_hub.serve import SERVE_BUILT_ENV
from tests.browser.conftest import ROOT, _env, _stop, _wait_until_serving
from tests.conftest import PG_ADMIN_URL, _pg_url

WORKERS = 3
RUN_BUILT = "import sys\nfrom license_hub.serve import run_built\nrun_built(int(sys.argv[1]))\n"


def create_pg_database() -> str:
    name = f"lh_multi_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = _pg_url(name)
    upgrade(url)
    return url


def drop_pg_database(url: str) -> None:
    db.engine_for(url).dispose()
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) != pid:
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmdline:  # multiprocessing's helper, not a worker
            found.add(int(entry.name))
    return found


def get_json(url: str, timeout: float = 10) -> tuple[int, dict, dict]:
    """(status, body, headers); status 0 when nothing answered in time."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read()), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}"), dict(exc.headers)
    except OSError:
        return 0, {}, {}


START_TIMEOUT = 300  # a loaded machine takes minutes to import and evaluate every page


class MultiWorkerApp:
    """The built app with `workers` workers; with more than one, Redis holds the UI state."""

    def __init__(
        self, server, workdir: Path, db_url: str, extra_env: dict[str, str] | None = None, workers: int = WORKERS
    ):
        self.server = server
        self.workdir = workdir
        self.db_url = db_url
        self.base_url = server.base_url
        self.workers_wanted = workers
        self.redis_url = f"redis://127.0.0.1:6379/{random.randint(1, 15)}" if workers > 1 else ""
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None
        self.log = workdir / "multi-worker.log"

    def start(self) -> None:
        self.server.stop()
        env = _env(self.server.port, self.workdir / "unused.db", self.workdir) | {
            "REFLEX_DB_URL": self.db_url,
            "REFLEX_REDIS_URL": self.redis_url,
            "GRANIAN_WORKERS": str(self.workers_wanted),
            **SERVE_BUILT_ENV,
            "LICENSE_HUB_WORKER_TAG": "1",
            **self.extra_env,
        }
        if not self.redis_url:
            env.pop("REFLEX_REDIS_URL")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", RUN_BUILT, str(self.server.port)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_until_serving(f"{self.base_url}/licenses", self.proc, START_TIMEOUT, self.log)
        deadline = time.monotonic() + START_TIMEOUT
        while len(self.workers()) < self.workers_wanted and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(self.workers()) == self.workers_wanted, f"workers: {self.workers()}\n{self.log.read_text()[-2000:]}"
        # Every worker answers before the test starts (each imports the app on its own).
        seen: set[int] = set()
        while seen != self.workers() and time.monotonic() < deadline:
            _, _, headers = self.health()
            seen.add(int({k.lower(): v for k, v in headers.items()}.get("x-license-hub-worker", 0)))
            seen &= self.workers()

    def workers(self) -> set[int]:
        return children(self.proc.pid) if self.proc else set()

    def health(self) -> tuple[int, dict, dict]:
        return get_json(f"{self.base_url}/api/v1/health")

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)
            self.proc = None


def lease_pid(holder: str | None) -> int | None:
    """The scheduler's lease holder is host:pid:nonce."""
    return int(holder.split(":")[-2]) if holder else None


def kill(pid: int) -> None:
    os.kill(pid, 9)

"""Browser fixtures: build and start the app once per session the way `make run`
does, then give every test its own empty database.

Building the production frontend costs most of a start; restarting only the
server over the already-built frontend, on a fresh database, costs about a
second, so each test gets a clean server and database instead of sharing one.
Tests drive Chromium through Playwright's sync API; no request may leave the
machine, which every test checks at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from license_hub import db, settings
from license_hub.serve import SERVE_BUILT_ENV

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts"
SECRET = "browser-test-secret-key-not-for-production"
# A freshly restarted server renders its first page slowly on a loaded 2-core machine.
EXPECT_TIMEOUT = 15_000
expect.set_options(timeout=EXPECT_TIMEOUT)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Nothing may leave the machine: every host but loopback (which Chromium never
    # proxies) goes through a proxy that is not there. Intercepting each request in
    # Python instead would also turn off the browser's cache.
    "--proxy-server=http://127.0.0.1:9",
]
BUILD_TIMEOUT = 600
START_TIMEOUT = float(os.environ.get("LICENSE_HUB_TEST_START_TIMEOUT", "240"))  # generous for a loaded machine

# Serves the frontend that `reflex run --env prod` just built, plus the backend,
# on one port — without compiling or building again.
SERVE_BUILT = (
    "import sys\n"
    "from reflex.utils import exec as rx_exec\n"
    "rx_exec.run_backend_prod('0.0.0.0', int(sys.argv[1]), mount_frontend_compiled_app=True)\n"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(port: int, db_path: Path, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PATH": f"{ROOT / '.bun' / 'node_modules' / '.bin'}:{BIN}:{env.get('PATH', '')}",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_CHECK_LATEST_VERSION": "false",
            "PYTHONDONTWRITEBYTECODE": "1",
            "REFLEX_DB_URL": f"sqlite:///{db_path}",
            "LICENSE_HUB_DATA_DIR": str(data_dir),
            "LICENSE_HUB_SECRET_KEY": SECRET,
            "LICENSE_HUB_APP_URL": f"http://localhost:{port}",
        }
    )
    return env


def _wait_until_serving(url: str, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the app did not serve {url} within {timeout:.0f}s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server and every worker it started (its own process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


class Server:
    """The built app on one port; `restart` swaps in a fresh database."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = _free_port()
        self.base_url = f"http://localhost:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.template = workdir / "template.db"
        self.restart_seconds: list[float] = []

    def build_and_start(self) -> float:
        """`make run`: migrate, then reflex run --env prod --single-port (which builds)."""
        data = self.workdir / "build-data"
        data.mkdir()
        env = _env(self.port, data / "license_hub.db", data)
        started = time.monotonic()
        self._migrate(env)
        self._spawn(
            [
                str(BIN / "reflex"),
                "run",
                "--env",
                "prod",
                "--single-port",
                "--frontend-port",
                str(self.port),
                "--backend-port",
                str(self.port),
            ],
            env,
            "build.log",
        )
        _wait_until_serving(f"{self.base_url}/licenses", self.proc, BUILD_TIMEOUT, self.workdir / "build.log")
        elapsed = time.monotonic() - started
        # The empty, migrated database every test starts from (never served itself).
        self._migrate(_env(self.port, self.template, data))
        return elapsed

    @staticmethod
    def _migrate(env: dict[str, str]) -> None:
        subprocess.run([str(BIN / "license-hub"), "migrate"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    def restart(self, name: str) -> Path:
        """Stop the server, copy the migrated template to a new database and serve
        the already-built app over it. Returns the new database's path."""
        self.stop()
        data = self.workdir / name
        data.mkdir()
        db_path = data / "license_hub.db"
        shutil.copy(self.template, db_path)
        started = time.monotonic()
        env = _env(self.port, db_path, data) | SERVE_BUILT_ENV
        self._spawn([sys.executable, "-c", SERVE_BUILT, str(self.port)], env, f"{name}.log")
        _wait_until_serving(f"{self.base_url}/licenses", self.proc, START_TIMEOUT, self.workdir / f"{name}.log")
        self.restart_seconds.append(time.monotonic() - started)
        return db_path

    def _spawn(self, cmd: list[str], env: dict[str, str], log_name: str) -> None:
        log = open(self.workdir / log_name, "wb")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)
            self.proc = None


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("license-hub-app"))
    try:
        build_seconds = srv.build_and_start()
        print(f"\nbuilt and started in {build_seconds:.1f}s")
        yield srv
    finally:
        srv.stop()
        if srv.restart_seconds:
            times = ", ".join(f"{t:.2f}" for t in srv.restart_seconds)
            print(f"\nserver restarts on a fresh database: {times} s")


@pytest.fixture
def app_url(server, request, monkeypatch) -> str:
    """A server on an empty, migrated database of this test's own. Services called
    by the test write to the same database (to set up people, licenses...)."""
    db_path = server.restart(request.node.name.replace("[", "_").replace("]", ""))
    monkeypatch.setenv("REFLEX_DB_URL", f"sqlite:///{db_path}")
    monkeypatch.setenv("LICENSE_HUB_DATA_DIR", str(db_path.parent))
    monkeypatch.setenv("LICENSE_HUB_SECRET_KEY", SECRET)
    settings.reload()
    yield server.base_url
    db.engine_for(f"sqlite:///{db_path}").dispose()
    monkeypatch.undo()
    settings.reload()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


PASSWORD = "browser-test-password"


def make_user(role: str, email: str | None = None) -> tuple[str, str]:
    """A user of this role in the test's database, and a session token for it."""
    from license_hub.services.access import accounts as access

    email = email or f"{role.lower().replace(' ', '-')}@example.com"
    with db.write_session() as session:
        access.create_user(session, "test", email=email, password=PASSWORD, role=role, name=f"{role} User")
    return email, access.sign_in(email, PASSWORD)


@pytest.fixture
def signed_in_as(browser, app_url):
    """Open a browser context signed in as a new user of the given role (the
    session cookie is the one the sign-in route sets)."""
    contexts = []

    def open_as(role: str | None, email: str | None = None):
        context = _context(browser, app_url)
        contexts.append(context)
        if role is not None:
            _, token = make_user(role, email)
            context.add_cookies([{"name": "lh_session", "value": token, "url": app_url, "httpOnly": True}])
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        _wait_for_load_events(pg)
        return pg

    yield open_as
    for context in contexts:
        outside = context.outside_requests
        context.close()
        assert not outside, f"requests left the machine: {outside}"


READY = "() => { const m = document.querySelector('main[data-ready]'); return !m || m.dataset.ready === 'true'; }"


def _wait_for_load_events(pg) -> None:
    """A click that lands before a page's load events have run is undone by them,
    as it would be for a very quick user: navigation waits until the page is ready."""
    for name in ("goto", "reload"):
        original = getattr(pg, name)

        def settled(*args, _original=original, **kwargs):
            response = _original(*args, **kwargs)
            pg.wait_for_function(READY, timeout=START_TIMEOUT * 1000)
            return response

        setattr(pg, name, settled)


def _context(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=app_url)
    outside: list[str] = []

    def note_outside(request):
        url = request.url
        if urlparse(url).hostname not in ("localhost", "127.0.0.1") and not url.startswith(("data:", "blob:")):
            outside.append(url)

    context.on("request", note_outside)
    context.outside_requests = outside
    return context


@pytest.fixture
def page(signed_in_as):
    """A fresh browser context signed in as an Admin."""
    return signed_in_as("Admin", "admin@example.com")


@pytest.fixture
def shot():
    """Save a screenshot to test-artifacts/ (git-ignored) under a readable name."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str, full_page: bool = True) -> Path:
        """Whole pages in full; pass full_page=False while a dialog is open."""
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path

    return take

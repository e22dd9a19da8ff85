"""Several workers sharing PostgreSQL and Redis behave as one.

A signed-in tab assigns and reclaims seats while its websocket is forced to
reconnect (reloads) until it lands on another worker: the tab's state lives in
Redis, so the other worker carries on and the outcome is the same as on one
worker. The scheduler runs on exactly one worker; when that
worker is killed another takes the lease over within the lease time.
"""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect
from sqlmodel import func, select

from license_hub import db, settings
from license_hub.migrate import upgrade
from license_hub.models import Notification, ReminderDelivery
from tests.browser.conftest import EXPECT_TIMEOUT, PASSWORD, _context, _free_port, make_user
from tests.browser.helpers import expect_toast
from tests.browser.multi_worker import (
    WORKERS,
    MultiWorkerApp,
    create_pg_database,
    drop_pg_database,
    kill,
    lease_pid,
)
from tests.factories import add_license, add_person, add_product, in_days

pytestmark = pytest.mark.browser

LEASE_SECONDS = 6
# What the seat walk leaves behind, whatever the number of workers.
EXPECTED = {"seats_used": "1 / 2", "active": ["Grace Hopper"], "history": ["Ada Lovelace", "Grace Hopper"]}


@pytest.fixture(autouse=True)
def patient_expectations():
    """Several workers on a shared, loaded machine: allow 30 s where the suite allows 15 s."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=EXPECT_TIMEOUT)


@pytest.fixture
def pg_app_db(monkeypatch):
    url = create_pg_database()
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("LICENSE_HUB_SECRET_KEY", "browser-test-secret-key-not-for-production")
    settings.reload()
    yield url
    monkeypatch.undo()
    settings.reload()
    drop_pg_database(url)


@pytest.fixture
def sqlite_app_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'license_hub.db'}"
    upgrade(url)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("LICENSE_HUB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LICENSE_HUB_SECRET_KEY", "browser-test-secret-key-not-for-production")
    settings.reload()
    yield url
    db.engine_for(url).dispose()
    monkeypatch.undo()
    settings.reload()


@pytest.fixture
def smtp_sink():
    received: list[dict] = []

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            received.append({"to": list(envelope.rcpt_tos), "data": envelope.content.decode(errors="replace")})
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, received
    controller.stop()


@pytest.fixture
def start_app(server, tmp_path_factory):
    """Start the built app on a database with this many workers (stopped after the test)."""
    apps: list[MultiWorkerApp] = []

    def start(db_url: str, workers: int = WORKERS, extra_env: dict[str, str] | None = None) -> MultiWorkerApp:
        app = MultiWorkerApp(server, tmp_path_factory.mktemp("app"), db_url, extra_env, workers)
        apps.append(app)
        app.start()
        return app

    yield start
    for app in apps:
        app.stop()


class WebsocketWorkers:
    """The worker each websocket of the tab was accepted by, in order: each worker logs
    the websocket it accepts (LICENSE_HUB_WORKER_TAG=1); one tab is the only client."""

    def __init__(self, app: MultiWorkerApp):
        self.app = app

    @property
    def pids(self) -> list[int]:
        return [int(m) for m in re.findall(r"license-hub worker (\d+) accepted a websocket", self.app.log.read_text())]

    def wait_for(self, count: int, page, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while len(self.pids) < count and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert len(self.pids) >= count, f"websocket accepts logged: {self.pids}"
        return self.pids[count - 1]


def _seat_walk(page, base_url: str, reconnect, shot, name: str) -> dict:
    """Sign in, navigate, assign two seats, force a reconnect, reclaim one, sign out."""
    page.goto(f"{base_url}/licenses")
    expect(page).to_have_url(re.compile(r"/sign-in"))
    page.get_by_label("Email").fill("admin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_test_id("sign-in").click()
    expect(page).to_have_url(re.compile(r"/licenses"))
    expect(page.get_by_test_id("user-menu")).to_contain_text("Admin")
    page.get_by_test_id("nav-catalog").click()
    expect(page.get_by_test_id("catalog-row").filter(has_text="Navicat Premium")).to_be_visible()
    page.get_by_test_id("nav-licenses").click()
    page.get_by_test_id("license-card").get_by_role("link", name="Manage Seats").click()
    expect(page).to_have_url(re.compile(r"/licenses/\d+$"))
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 2")
    for query, person in (("ada", "Ada Lovelace"), ("grace", "Grace Hopper")):
        page.get_by_test_id("open-assign").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Assignee", exact=True).fill(query)
        dialog.get_by_test_id("person-option").filter(has_text=person).click()
        dialog.get_by_test_id("assign-submit").click()
        expect_toast(page, f"Seat assigned to {person}")
    expect(page.get_by_test_id("seats-used")).to_have_text("2 / 2")

    reconnect()

    rows = page.get_by_test_id("seat-row")
    expect(rows).to_have_count(2)
    rows.filter(has_text="Ada Lovelace").get_by_test_id("reclaim").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Reclaim seat").click()
    expect_toast(page, "Seat reclaimed from Ada Lovelace")
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 2")
    expect(rows).to_have_count(1)
    names = ("Ada Lovelace", "Grace Hopper")
    outcome = {
        "seats_used": page.get_by_test_id("seats-used").inner_text(),
        "active": [n for n in names if rows.filter(has_text=n).count()],
    }
    page.get_by_label("Show reclaimed").click()
    expect(rows).to_have_count(2)
    outcome["history"] = [n for n in names if rows.filter(has_text=n).count()]
    shot(page, f"{name}-seats-after-reconnect")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/sign-in"))
    page.goto(f"{base_url}/licenses")
    expect(page).to_have_url(re.compile(r"/sign-in"))
    return outcome


def _seed() -> None:
    make_user("Admin", "admin@example.com")
    add_person("Ada Lovelace", "ada@example.com")
    add_person("Grace Hopper", "grace@example.com")
    add_license(add_product("Navicat Premium", publisher="PremiumSoft"), name="DBA team", seats_total=2)


def test_seat_walk_on_one_worker(browser, start_app, sqlite_app_db, shot):
    """The reference: the default set-up (SQLite, one worker, no Redis); the reconnect is a reload."""
    _seed()
    app = start_app(sqlite_app_db, workers=1)
    context = _context(browser, app.base_url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        outcome = _seat_walk(page, app.base_url, page.reload, shot, "one-worker")
    finally:
        context.close()
    assert outcome == EXPECTED


def test_seat_walk_on_three_workers_survives_a_reconnect_to_another_worker(browser, start_app, pg_app_db, shot):
    _seed()
    app = start_app(pg_app_db)
    context = _context(browser, app.base_url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sockets = WebsocketWorkers(app)
    moves: list[tuple[int, int]] = []

    def reconnect() -> None:
        """Reload until the tab's new websocket lands on another worker than before."""
        first = sockets.pids[-1]
        assert first in app.workers()
        for _ in range(12):
            seen = len(sockets.pids)
            page.reload()
            second = sockets.wait_for(seen + 1, page)
            if second != first:
                moves.append((first, second))
                return
        raise AssertionError(f"twelve reloads all landed on worker {first}")

    try:
        outcome = _seat_walk(page, app.base_url, reconnect, shot, "three-workers")
    finally:
        context.close()
    assert outcome == EXPECTED
    ((killed, landed),) = moves
    assert landed != killed and landed in app.workers()
    print(f"\nwebsocket moved from worker {killed} to worker {landed}; workers now {sorted(app.workers())}")


def _emails_about(received: list[dict], name: str) -> list[dict]:
    return [m for m in received if name in m["data"]]


def test_scheduler_runs_once_on_three_workers_and_fails_over(start_app, pg_app_db, smtp_sink):
    controller, received = smtp_sink
    make_user("Admin", "admin@example.com")
    owner = add_person("Ada Admin", "admin@example.com")
    add_license(
        add_product("Figma", publisher="Figma"), name="Design org", expiry_date=in_days(7), business_owner_id=owner
    )
    app = start_app(
        pg_app_db,
        WORKERS,
        {
            "LICENSE_HUB_SMTP_HOST": "127.0.0.1",
            "LICENSE_HUB_SMTP_PORT": str(controller.port),
            "LICENSE_HUB_SMTP_FROM": "license-hub@example.com",
            "LICENSE_HUB_SMTP_STARTTLS": "0",
            "LICENSE_HUB_SCHEDULER_LEASE_SECONDS": str(LEASE_SECONDS),
        },
    )

    deadline = time.monotonic() + 60
    while not _emails_about(received, "Design org") and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(LEASE_SECONDS)  # several heartbeats of every worker: nothing is sent twice
    assert len(_emails_about(received, "Design org")) == 1, received
    with db.read_session() as s:
        assert s.exec(select(func.count(ReminderDelivery.id)).where(ReminderDelivery.channel == "email")).one() == 1
        assert s.exec(select(func.count(Notification.id))).one() == 1

    status, body, _ = app.health()
    assert status == 200 and body["scheduler_lease"]["held"]
    leader = lease_pid(body["scheduler_lease"]["holder"])
    workers = app.workers()
    assert leader in workers and len(workers) == WORKERS

    kill(leader)
    killed_at = time.monotonic()
    new_leader = None
    while time.monotonic() - killed_at < LEASE_SECONDS * 2:
        status, body, _ = app.health()
        holder = body.get("scheduler_lease") or {}
        if status == 200 and holder.get("held") and lease_pid(holder["holder"]) != leader:
            new_leader = lease_pid(holder["holder"])
            break
        time.sleep(0.2)
    took_over = time.monotonic() - killed_at
    assert new_leader is not None, f"no worker took the lease over: {body}"
    # The dead worker's lease expires after LEASE_SECONDS; a survivor's heartbeat (every lease/4) takes it.
    assert took_over <= LEASE_SECONDS + LEASE_SECONDS / 4 + 1.5, took_over
    assert new_leader != leader and new_leader in app.workers()
    time.sleep(2)
    assert len(_emails_about(received, "Design org")) == 1  # the new leader sends nothing twice
    print(
        f"\nlease moved from worker {leader} to {new_leader} in {took_over:.1f}s "
        f"(lease {LEASE_SECONDS}s); emails sent: {Counter(m['to'][0] for m in received)}"
    )

"""Benchmark: simulated signed-in users over Reflex's real websocket protocol.

Each simulated user is one browser tab, sending the frames Chromium sends to the
Reflex backend: a socket.io connection to the /_event namespace with the session
cookie in its headers and a tab token in its query, hydrate_and_load in the CONNECT
packet, then every few seconds a route change (on_load_internal, named under the
root state, with the page's router data), the events the page sends once mounted
(the bell's refresh; the license page's installations, documents and bulk dialog),
and an assign (the seat dialog's open, search, pick, submit) or a reclaim (the
seat table's). State updates arrive as "event" on /_event. Latency is the time from
sending an event until it is answered: a navigation or hydrate once the page is
hydrated again, an assign or reclaim once its toast or a rule's refusal arrives,
any other event at its first update. Differences from a browser: the hydrate
carries no per-state hashes of the compiled initial state, so the backend sends
every state in full (a browser's first load gets only what differs from defaults).

Set-ups, each on a fresh database served by the already-built production app:
  sqlite-1  SQLite, one worker (the default)
  pg-3      PostgreSQL + Redis, three workers
For each: 10, 50 and 100 users; then 20 clients hammer sign-in with wrong
passwords while /api/v1/health is timed. At the end of every run: seats used must
equal the active assignments on every license.

    .venv/bin/python bench/load.py [--users 10,50,100] [--seconds 30] [--setups sqlite-1,pg-3]

Measured on 2 cores with nothing else running (30 s runs, --think 3):
  sqlite-1  10 users:  696 events, p50 8 ms, p95 70 ms, 0 errors, consistent; 21 ms server CPU per event
  sqlite-1  50 users: 2102 events, p50 87 ms, p95 425 ms, 0 errors, consistent; 17 ms CPU per event
            (connect+hydrate p50 10.4 s: fifty tabs arriving within 3 s queue behind each other)
  pg-3      10 users:  716 events, p50 9 ms, p95 59 ms, 0 errors, consistent; 18 ms CPU per event
  pg-3      50 users: 2166 events, p50 148 ms, p95 983 ms, 0 errors, consistent; 24 ms CPU per event
  health during the sign-in hammer: p95 57 ms (sqlite-1), 103 ms (pg-3), every answer 200
After the license page loads in one event, a new tab's first load stopped copying
nine chart defaults and resetting its tree, and one worker keeps tab state in memory,
the same command on the same idle 2 cores (--setups sqlite-1,pg-3 --users 10,50,100):
  sqlite-1  10 users:  755 events, p50 5 ms, p95 21 ms, 0 errors, consistent; 5.8 ms server CPU per event
  sqlite-1  50 users: 3670 events, p50 14 ms, p95 59 ms, 0 errors, consistent; 5.8 ms CPU per event
            (connect+hydrate p50 181 ms, was 10.4 s)
  sqlite-1 100 users: 6395 events, p50 42 ms, p95 391 ms, 0 errors, consistent; 4.6 ms CPU per event
  pg-3      10 users:  735 events, p50 10 ms, p95 51 ms, 0 errors, consistent; 11.4 ms CPU per event
  pg-3      50 users: 3378 events, p50 32 ms, p95 266 ms, 0 errors, consistent; 10.2 ms CPU per event
  pg-3     100 users: 5139 events, p50 144 ms, p95 719 ms, 0 errors, consistent; 8.8 ms CPU per event
  health during the sign-in hammer: p95 33 ms (sqlite-1), 41 ms (pg-3), every answer 200
Before, at 50 users one worker was CPU-bound (70 events/s x 17 ms); three workers on the same
two cores add the Redis round trips of every event and do not help: more workers pay
off only with more cores.

Goals: p95 < 250 ms at 50 users on SQLite, 0 errors, nothing inconsistent;
/api/v1/health < 50 ms during the sign-in hammer. Loopback only; every run is
bounded in users and seconds and stops by itself. Needs the frontend built once
(`make run` or the browser tests); it is served on the port it was built for.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from common import PG_ADMIN  # noqa: F401  (sets up sys.path and the bench secret)
from sqlalchemy import create_engine, func, select, text

from license_hub import db, settings
from license_hub.migrate import upgrade
from license_hub.serve import SERVE_BUILT_ENV

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "bench-load-secret-key"
PASSWORD = "bench-load-password-1"
LICENSES = 20
PEOPLE = 400
EVENT_TIMEOUT = 15.0
NAMESPACE = "/_event"
# What the rules answer when two users race for the same person or seat: refusals, not errors.
REFUSALS = ("already has an active assignment", "No seats remaining", "not found", "Not found", "already", "no longer")
RUN_BUILT = "import sys\nfrom license_hub.serve import run_built\nrun_built(int(sys.argv[1]))\n"


# -- the served app ------------------------------------------------------------------------------


def built_port() -> int:
    env_json = ROOT / ".web" / "env.json"
    if not (ROOT / ".web" / "build").is_dir() or not env_json.is_file():
        sys.exit("bench/load.py: build the frontend first (make run, or the browser tests)")
    return int(json.loads(env_json.read_text())["EVENT"].rsplit(":", 1)[1].split("/")[0])


def _get(url: str, timeout: float = 5.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


class App:
    def __init__(self, port: int, db_url: str, data_dir: Path, workers: int, redis_url: str | None):
        self.port, self.db_url, self.data_dir, self.workers, self.redis_url = port, db_url, data_dir, workers, redis_url
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "App":
        env = dict(os.environ) | {
            "PATH": f"{ROOT / '.bun' / 'node_modules' / '.bin'}:{BIN}:{os.environ.get('PATH', '')}",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            **SERVE_BUILT_ENV,
            "REFLEX_DB_URL": self.db_url,
            "LICENSE_HUB_DATA_DIR": str(self.data_dir),
            "LICENSE_HUB_SECRET_KEY": SECRET,
            "LICENSE_HUB_APP_URL": f"http://localhost:{self.port}",
            "GRANIAN_WORKERS": str(self.workers),
            "LICENSE_HUB_SCHEDULER": "0",
        }
        env.pop("REFLEX_REDIS_URL", None)
        if self.redis_url:
            env["REFLEX_REDIS_URL"] = self.redis_url
        self.log = open(self.data_dir / "server.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", RUN_BUILT, str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while _get(f"http://127.0.0.1:{self.port}/api/v1/health") != 200:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                sys.exit(f"the app did not start:\n{(self.data_dir / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
        time.sleep(2)  # let every worker finish starting
        return self

    def cpu_seconds(self) -> float:
        """CPU time the server's processes have used so far: on a shared, loaded
        machine the latencies stretch, but the CPU an event costs hardly does."""
        tick, total = os.sysconf("SC_CLK_TCK"), 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if self.proc and int(fields[2]) == self.proc.pid:  # fields[2]: the process group
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()


# -- data ----------------------------------------------------------------------------------------


def new_database(kind: str) -> tuple[str, Path, callable]:
    data_dir = Path(tempfile.mkdtemp(prefix="lh-load-"))
    if kind == "sqlite":
        url = f"sqlite:///{data_dir}/license_hub.db"
        cleanup = lambda: shutil.rmtree(data_dir, ignore_errors=True)  # noqa: E731
    else:
        name = f"lh_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name

        def cleanup() -> None:
            db.engine_for(url).dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
            shutil.rmtree(data_dir, ignore_errors=True)

    os.environ.update({"REFLEX_DB_URL": url, "LICENSE_HUB_DATA_DIR": str(data_dir), "LICENSE_HUB_SECRET_KEY": SECRET})
    settings.reload()
    upgrade(url)
    return url, data_dir, cleanup


def seed(users: int) -> tuple[list[str], list[int], list[tuple[int, str]]]:
    """`users` Seat assigner accounts signed in (one session each), licenses and people."""
    from license_hub.services.access import accounts as access
    from license_hub.services.catalog import entries as catalog
    from license_hub.services.directory import people
    from license_hub.services.licenses import lifecycle as licenses

    with db.write_session() as s:
        entry = catalog.create_entry(s, "bench", name="Load Suite", publisher="Bench").id
        license_ids = [
            licenses.create(s, "bench", {"catalog_entry_id": entry, "name": f"Pool {i:02d}", "seats_total": 1000}).id
            for i in range(LICENSES)
        ]
        person_ids = [
            (
                people.create_person(s, "bench", name=f"Load Person {i:03d}", email=f"person{i:03d}@example.com").id,
                f"Load Person {i:03d}",
            )
            for i in range(PEOPLE)
        ]
        for i in range(users):
            access.create_user(
                s, "bench", email=f"user{i:03d}@example.com", password=PASSWORD, role="Admin", name=f"Load User {i:03d}"
            )
    tokens = [access.sign_in(f"user{i:03d}@example.com", PASSWORD) for i in range(users)]
    return tokens, license_ids, person_ids


def inconsistent_licenses() -> list[tuple[int, int, int]]:
    """(license, seats_used, active assignments) wherever the two differ."""
    from license_hub.models import Assignment, License

    with db.read_session() as s:
        active = dict(
            s.exec(
                select(Assignment.license_id, func.count(Assignment.id))
                .where(Assignment.revoked_at.is_(None))
                .group_by(Assignment.license_id)
            ).all()
        )
        return [
            (lid, used, active.get(lid, 0))
            for lid, used in s.exec(select(License.id, License.seats_used)).all()
            if used != active.get(lid, 0)
        ]


# -- one simulated tab ---------------------------------------------------------------------------


def _names() -> dict[str, str]:
    import reflex as rx

    from license_hub.state.bulk_assign import BulkAssignState
    from license_hub.state.license_detail import LicenseDetailState
    from license_hub.state.license_documents import LicenseDocumentsState
    from license_hub.state.license_installations import LicenseInstallationsState
    from license_hub.state.notifications import BellState
    from license_hub.state.seat_assign import SeatAssignState

    return {
        "root": rx.State.get_full_name(),
        "detail": LicenseDetailState.get_full_name(),
        "assign": SeatAssignState.get_full_name(),
        # A route change sends on_load_internal by its full name, under the root state.
        "on_load": f"{rx.State.get_full_name()}.reflex___state____on_load_internal_state.on_load_internal",
        # What the license page's components send once mounted (as recorded from Chromium).
        "mounted": [
            f"{BulkAssignState.get_full_name()}.close",
            f"{LicenseInstallationsState.get_full_name()}.load",
            f"{LicenseDocumentsState.get_full_name()}.load",
        ],
        "bell": f"{BellState.get_full_name()}.refresh",
    }


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    refused: int = 0
    assigned: int = 0
    reclaimed: int = 0

    def add(self, kind: str, ms: float) -> None:
        self.latencies.setdefault(kind, []).append(ms)

    def all(self) -> list[float]:
        return sorted(x for v in self.latencies.values() for x in v)


def _router(path: str, query: dict | None = None) -> dict:
    data = {"pathname": path, "asPath": path}
    if query:
        data["query"] = query
    return data


def _hydrated(text: str) -> bool:
    """The backend marks the page hydrated once its on_load handlers have run."""
    return '"is_hydrated_rx_state_": true' in text


def _outcome(success: str):
    """An assign or reclaim is answered by its success toast or by a rule's refusal."""
    return lambda text: success in text or any(word in text for word in REFUSALS)


def _find(delta: dict, state: str, var: str):
    for key, value in (delta.get(state) or {}).items():
        if key == var or key.startswith(var + "_rx_state"):
            return value
    return None


class Tab:
    def __init__(self, port: int, token: str, names: dict[str, str], stats: Stats, rng: random.Random):
        import socketio

        self.port, self.cookie, self.names, self.stats, self.rng = port, token, names, stats, rng
        self.sio = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue = asyncio.Queue()
        self.seat_ids: list[int] = []
        # Updates arrive on the /_event namespace, like every event sent; a handler
        # registered without it listens on "/" and never hears an answer.
        self.sio.on("event", self._on_update, namespace=NAMESPACE)

    async def _on_update(self, update) -> None:
        await self.replies.put(update)

    def _note_seats(self, update: dict) -> None:
        rows = _find(update.get("delta") or {}, self.names["detail"], "seat_rows")
        if rows is not None:
            self.seat_ids = [r["id"] for r in rows if not r.get("revoked")]

    async def _exchange(self, kind: str, send, done=None) -> dict:
        """Send, then collect updates: until `done(text)` holds when given (the page is
        hydrated again, a toast or a refusal arrived), else the first one and any that
        follow at once. The latency recorded is the time until that point."""
        while not self.replies.empty():
            self._note_seats(self.replies.get_nowait())
        started = time.perf_counter()
        deadline = started + EVENT_TIMEOUT
        await send()
        merged: list[dict] = []
        while True:
            try:
                update = await asyncio.wait_for(self.replies.get(), max(0.0, deadline - time.perf_counter()))
            except asyncio.TimeoutError:
                what = "no answer" if not merged else "no conclusive answer"
                self.stats.errors.append(f"{kind}: {what} within {EVENT_TIMEOUT:.0f}s")
                return {}
            merged.append(update)
            self._note_seats(update)
            if done is None or done(json.dumps(merged)):
                break
        self.stats.add(kind, (time.perf_counter() - started) * 1000)
        if done is None:
            await asyncio.sleep(0.05)  # a handler may send a second update at once
            while not self.replies.empty():
                merged.append(self.replies.get_nowait())
                self._note_seats(merged[-1])
        return {"text": json.dumps(merged)}

    async def _event(
        self, kind: str, name: str, payload: dict | None, path: str, query: dict | None = None, done=None
    ) -> dict:
        event = {"name": name, "router_data": _router(path, query)}
        if payload is not None:
            event["payload"] = payload
        return await self._exchange(kind, lambda: self.sio.emit("event", event, namespace=NAMESPACE), done)

    async def connect(self, license_id: int) -> None:
        path = f"/licenses/{license_id}"
        hydrate = {
            "name": f"{self.names['root']}.hydrate_and_load",
            "payload": {},
            "router_data": _router(path, {"license_id": str(license_id)}),
        }

        async def send() -> None:
            await self.sio.connect(
                f"http://localhost:{self.port}?token={uuid.uuid4()}",
                socketio_path="/_event",
                transports=["websocket"],
                namespaces=[NAMESPACE],
                auth={"event": hydrate},
                headers={"Cookie": f"lh_session={self.cookie}", "Origin": f"http://localhost:{self.port}"},
                wait_timeout=EVENT_TIMEOUT,
            )

        await self._exchange("connect+hydrate", send, _hydrated)
        await self._mounted(path, {"license_id": str(license_id)})

    async def _mounted(self, path: str, query: dict | None = None) -> None:
        """What a page sends once shown: the bell's refresh, and the license page's mounted parts."""
        if query:
            for name in self.names["mounted"]:
                await self._event("mount", name, None, path, query)
        await self._event("mount", self.names["bell"], {"_tick": time.ctime()}, path, query)

    async def open_license(self, license_id: int) -> None:
        path, query = f"/licenses/{license_id}", {"license_id": str(license_id)}
        reply = await self._event("navigate", self.names["on_load"], None, path, query, _hydrated)
        if reply and "seat_rows" not in reply["text"] and "Pool" not in reply["text"]:
            self.stats.errors.append("navigate: the license page did not load")
        await self._mounted(path, query)

    async def open_list(self) -> None:
        await self._event("navigate", self.names["on_load"], None, "/licenses", None, _hydrated)
        await self._mounted("/licenses")

    async def assign(self, license_id: int, person: tuple[int, str]) -> None:
        """The Assign Seat dialog: open it, search the directory, pick the person, submit."""
        path, query = f"/licenses/{license_id}", {"license_id": str(license_id)}
        person_id, name = person
        await self._event("open dialog", f"{self.names['assign']}.set_open", {"open": True}, path, query)
        await self._event("search", f"{self.names['assign']}.search", {"term": name}, path, query)
        await self._event("pick", f"{self.names['assign']}.pick", {"person_id": person_id}, path, query)
        reply = await self._event(
            "assign",
            f"{self.names['assign']}.assign",
            {"form": {"assignee_name": "", "device_name": "", "seat_key": "", "activated_on": ""}},
            path,
            query,
            _outcome("Seat assigned"),
        )
        self._judge(reply, "Seat assigned", "assigned")

    async def reclaim(self, license_id: int) -> None:
        if not self.seat_ids:
            return None
        seat = self.rng.choice(self.seat_ids)
        reply = await self._event(
            "reclaim",
            f"{self.names['detail']}.reclaim",
            {"assignment_id": seat},
            f"/licenses/{license_id}",
            {"license_id": str(license_id)},
            _outcome("Seat reclaimed"),
        )
        self._judge(reply, "Seat reclaimed", "reclaimed")

    def _judge(self, reply: dict, success: str, counter: str) -> None:
        if not reply:
            return
        if success in reply["text"]:
            setattr(self.stats, counter, getattr(self.stats, counter) + 1)
        elif any(word in reply["text"] for word in REFUSALS):
            self.stats.refused += 1  # a rule said no (two users raced for the same seat): not an error
        else:
            self.stats.errors.append(f"{counter}: unexpected answer {reply['text'][:300]}")


async def simulate_user(
    port: int,
    token: str,
    names: dict,
    license_ids: list[int],
    person_ids: list[tuple],
    stats: Stats,
    until: float,
    think: float,
    seed_no: int,
) -> None:
    rng = random.Random(seed_no)
    tab = Tab(port, token, names, stats, rng)
    try:
        await asyncio.sleep(rng.uniform(0, think))  # users do not all arrive in the same instant
        current = rng.choice(license_ids)
        await tab.connect(current)
        cycle = 0
        while time.monotonic() < until:
            await asyncio.sleep(rng.uniform(think * 0.5, think * 1.5))
            cycle += 1
            if cycle % 3 == 0:
                await tab.open_list()
            current = rng.choice(license_ids)
            await tab.open_license(current)
            if rng.random() < 0.5:
                await tab.assign(current, rng.choice(person_ids))
            else:
                await tab.reclaim(current)
    except Exception as exc:  # a refused or dropped connection is an error of the run
        stats.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        if tab.sio.connected:
            await tab.sio.disconnect()


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p / 100 * len(values))) - 1))]


async def run_users(
    port: int,
    tokens: list[str],
    license_ids: list[int],
    person_ids: list[tuple],
    users: int,
    seconds: float,
    think: float,
) -> Stats:
    stats, names = Stats(), _names()
    until = time.monotonic() + seconds
    await asyncio.wait_for(
        asyncio.gather(
            *(
                simulate_user(port, tokens[i], names, license_ids, person_ids, stats, until, think, i)
                for i in range(users)
            )
        ),
        seconds + 120,
    )
    return stats


# -- the sign-in hammer --------------------------------------------------------------------------


async def hammer(port: int, clients: int, seconds: float) -> dict:
    import aiohttp

    until = time.monotonic() + seconds
    codes: dict[int, int] = {}
    health: list[float] = []
    health_codes: dict[int, int] = {}

    async def attacker(session: aiohttp.ClientSession, n: int) -> None:
        while time.monotonic() < until:
            data = {"email": f"user{n % 5:03d}@example.com", "password": f"wrong-{n}"}
            try:
                async with session.post(
                    f"http://127.0.0.1:{port}/api/v1/session",
                    data=data,
                    allow_redirects=False,
                    timeout=aiohttp.ClientTimeout(total=30),
                ) as r:
                    codes[r.status] = codes.get(r.status, 0) + 1
            except (aiohttp.ClientError, asyncio.TimeoutError):
                codes[0] = codes.get(0, 0) + 1

    async def prober(session: aiohttp.ClientSession) -> None:
        while time.monotonic() < until:
            started = time.perf_counter()
            try:
                async with session.get(
                    f"http://127.0.0.1:{port}/api/v1/health", timeout=aiohttp.ClientTimeout(total=30)
                ) as r:
                    await r.read()
                    health_codes[r.status] = health_codes.get(r.status, 0) + 1
            except (aiohttp.ClientError, asyncio.TimeoutError):
                health_codes[0] = health_codes.get(0, 0) + 1
            health.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.2)

    async with aiohttp.ClientSession() as session, aiohttp.ClientSession() as probe_session:
        await asyncio.gather(prober(probe_session), *(attacker(session, n) for n in range(clients)))
    return {"sign_in_answers": codes, "health_codes": health_codes, "health": health}


# -- report --------------------------------------------------------------------------------------


def report_row(setup: str, users: int, stats: Stats, seconds: float, bad: list, cpu: float) -> dict:
    values = stats.all()
    row = {
        "setup": setup,
        "users": users,
        "events": len(values),
        "events_per_s": len(values) / seconds,
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "max": max(values) if values else float("nan"),
        "errors": len(stats.errors),
        "refused": stats.refused,
        "assigned": stats.assigned,
        "reclaimed": stats.reclaimed,
        "inconsistent": len(bad),
        "server_cpu_s": cpu,
    }
    print(
        f"  {setup:9s} {users:4d} users: {row['events']:5d} events ({row['events_per_s']:6.1f}/s)  "
        f"p50 {row['p50']:7.1f} ms  p95 {row['p95']:7.1f} ms  max {row['max']:8.1f} ms  "
        f"errors {row['errors']}  refused {row['refused']}  assigned {row['assigned']}  "
        f"reclaimed {row['reclaimed']}  inconsistent licenses {row['inconsistent']}"
    )
    if values:
        print(f"      server CPU {cpu:.1f} s: {cpu * 1000 / len(values):.1f} ms per event answered")
    for kind, lat in sorted(stats.latencies.items()):
        print(
            f"      {kind:16s} n={len(lat):5d}  p50 {pct(lat, 50):7.1f}  p95 {pct(lat, 95):7.1f}  "
            f"max {max(lat):8.1f} ms"
        )
    for err in stats.errors[:5]:
        print(f"      error: {err}")
    for lid, used, active in bad[:5]:
        print(f"      license {lid}: seats used {used}, active assignments {active}")
    return row


def run_setup(
    setup: str,
    port: int,
    user_counts: list[int],
    seconds: float,
    think: float,
    hammer_clients: int,
    hammer_seconds: float,
) -> list[dict]:
    kind, workers = ("sqlite", 1) if setup == "sqlite-1" else ("postgresql", 3)
    redis_url = None if kind == "sqlite" else f"redis://127.0.0.1:6379/{random.randint(1, 15)}"
    url, data_dir, cleanup = new_database(kind)
    rows = []
    try:
        started = time.perf_counter()
        tokens, license_ids, person_ids = seed(max(user_counts))
        print(
            f"  {setup}: seeded {max(user_counts)} signed-in users, {LICENSES} licenses, {PEOPLE} people "
            f"in {time.perf_counter() - started:.1f}s; starting {workers} worker(s)"
        )
        with App(port, url, data_dir, workers, redis_url) as app:
            for users in user_counts:
                cpu = app.cpu_seconds()
                stats = asyncio.run(run_users(port, tokens, license_ids, person_ids, users, seconds, think))
                cpu = app.cpu_seconds() - cpu
                rows.append(report_row(setup, users, stats, seconds, inconsistent_licenses(), cpu))
            result = asyncio.run(hammer(port, hammer_clients, hammer_seconds))
            h = result["health"]
            print(
                f"  {setup:9s} health during a {hammer_clients}-client wrong-password hammer: "
                f"n={len(h)}  p50 {pct(h, 50):.1f} ms  p95 {pct(h, 95):.1f} ms  max {max(h):.1f} ms  "
                f"health answers {result['health_codes']}  sign-in answers {result['sign_in_answers']}"
            )
            rows.append(
                {
                    "setup": setup,
                    "hammer": True,
                    "health_p50": pct(h, 50),
                    "health_p95": pct(h, 95),
                    "health_max": max(h),
                }
            )
    finally:
        cleanup()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="10,50,100")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each run (max 300)")
    parser.add_argument("--think", type=float, default=3.0, help="mean seconds between a user's actions")
    parser.add_argument("--setups", default="sqlite-1,pg-3")
    parser.add_argument("--hammer-clients", type=int, default=20)
    parser.add_argument("--hammer-seconds", type=float, default=10.0)
    args = parser.parse_args()
    user_counts = [min(max(int(u), 1), 200) for u in args.users.split(",")]
    seconds = min(max(args.seconds, 5.0), 300.0)
    port = built_port()
    if _get(f"http://127.0.0.1:{port}/ping", timeout=1) != 0:
        sys.exit(f"port {port} (the one the frontend was built for) is in use; stop what runs there")
    print(
        f"load: {args.setups} x users {user_counts}, {seconds:.0f}s each, a user acts every ~{args.think:g}s; "
        f"port {port}"
    )
    rows: list[dict] = []
    for setup in args.setups.split(","):
        rows += run_setup(
            setup.strip(), port, user_counts, seconds, args.think, args.hammer_clients, min(args.hammer_seconds, 60.0)
        )
    by = {(r["setup"], r.get("users")): r for r in rows if not r.get("hammer")}
    for users in user_counts:
        one, three = by.get(("sqlite-1", users)), by.get(("pg-3", users))
        if one and three and one["events_per_s"]:
            print(
                f"  {users:4d} users: 3 workers (PostgreSQL+Redis) vs 1 worker (SQLite): throughput "
                f"x{three['events_per_s'] / one['events_per_s']:.2f}, p95 x{three['p95'] / one['p95']:.2f}"
            )
    goal = by.get(("sqlite-1", 50))
    if goal:
        ok = goal["p95"] < 250 and goal["errors"] == 0 and goal["inconsistent"] == 0
        print(f"  goal (SQLite, 50 users: p95 < 250 ms, 0 errors, consistent): {'met' if ok else 'MISSED'}")
    for r in rows:
        if r.get("hammer"):
            print(
                f"  goal ({r['setup']}: health p95 < 50 ms during the hammer): "
                f"{'met' if r['health_p95'] < 50 else 'MISSED'} ({r['health_p95']:.1f} ms)"
            )


if __name__ == "__main__":
    main()

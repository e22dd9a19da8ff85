"""Benchmark: every page in the browser at scale — 10,000 licenses and 1,000,000
assignments (bench/scale_data.py, cached on disk) — from navigation to data on
screen, in Chromium through Playwright, served by the built production app.

    .venv/bin/python bench/pages.py [--runs 5] [--budget 900] [--only /dashboard,/spend] [--fresh]

For each page of the left navigation, plus one license and its "View all users",
the clock starts at navigation and stops when the page's data is on screen (a
known data-testid that only renders with rows or figures, never a fixed sleep).
A page that arrives in stages (COMPLETE) is also timed to everything on screen,
its last chart drawn: the "all on screen" column. All loads share one tab by
default, so a page visited before comes back first with what that visit left in
the tab's state, and its data column may count those rows; --fresh opens a new
tab for every load (a first visit: only this load's data counts). The machine is shared: each
round also times the Licenses page, and the table gives each page's median against
that baseline's median of the same run. Prints figures, asserts nothing; stops
early (saying so) when the time budget runs out.

Needs a built frontend (make run, or any browser test) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import scale_data

from license_hub import db, settings
from license_hub.serve import SERVE_BUILT_ENV

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "bench-secret"
PASSWORD = "bench-pages-password"
SERVE_BUILT = "import sys\nfrom license_hub.serve import run_built\nrun_built(int(sys.argv[1]))\n"
BASELINE = "/licenses"
BIG = 1  # the license with 100,000 seats

# Route -> what is on screen once its data is: a row, a card or a figure that only
# renders from loaded data. Pages with nothing of that kind in this data set
# (rules, import) wait for their loaded controls instead, and say so.
READY = {
    "/dashboard": "[data-testid=capacity-alerts] [data-testid=alert-row]",
    "/catalog": "[data-testid=catalog-row]",
    "/licenses": "[data-testid=license-card]",
    "/licenses/import": "[data-testid=import-dropzone]",
    "/utilization": "[data-testid=ranking-row]",
    "/reconciliation": "[data-testid=summary-row]",
    "/software-rules": "main[data-ready=true] h1",
    "/spend": "[data-testid=calendar-entry]",
    "/renewals": "[data-testid=renewal-row]",
    "/people": "[data-testid=person-row]",
    "/devices": "[data-testid=device-row]",
    "/group-rules": "main[data-ready=true] h1",
    "/audit-log": "[data-testid=event-row]",
    "/settings/users": "[data-testid=user-row]",
    f"/licenses/{BIG}": "[data-testid=seat-row]",
    f"/licenses/{BIG}/users": "[data-testid=seat-row]",
    f"/licenses/{BIG}/users?q=anna": "[data-testid=seat-row]",
}


# Pages that arrive in stages: what is on screen once the last stage has rendered,
# the last chart drawn. Each load sets data-complete "false" before its first stage
# and "true" after its last; the clock waits for this load's false-to-true first (a
# tab's earlier visit comes back with the page's state, already "true"). A page
# without data-complete (one that comes in one piece) is timed to the selector alone.
COMPLETE = {
    "/dashboard": "[data-testid=history-chart] .main-svg",
    "/spend": "[data-testid=spend-month-chart] .main-svg",
}
# The clock runs in the page: Playwright's wait_for_selector polls (every 100 ms, then
# every 500 ms, and not at all while the page's main thread is busy, say drawing a
# chart), which would add up to half a second the user never waits. An observer set
# before the page's first script notes, for this load's route, when its data first
# stands in the DOM with a box, at the next frame (when it is painted), in ms since
# navigation started; and the same for the last stage (data-complete "false" seen,
# then "true") with its last chart drawn. Playwright's wait only says when to read it.
WATCH = r"""((ready, complete, fallback) => {
  const path = location.pathname.replace(/(.)\/$/, '$1');  // the server adds a trailing slash
  const selector = ready[path + location.search] || ready[path] || fallback;
  const last = complete[path];
  const seen = window.__lhSeen = {};
  let sawFalse = false, doneAt = null;
  const stamp = (key) => {
    if (key in seen) return;
    seen[key] = null;
    requestAnimationFrame(() => { seen[key] = performance.now(); });
  };
  const visible = (sel) => {
    const el = document.querySelector(sel);
    return el !== null && el.getClientRects().length > 0;
  };
  const check = () => {
    if (!('ready' in seen) && visible(selector)) stamp('ready');
    const el = document.querySelector('[data-complete]');
    if (el) {
      if (el.getAttribute('data-complete') === 'false') sawFalse = true;
      else if (sawFalse) window.__lhComplete = true;
    }
    if (last && window.__lhComplete && !('complete' in seen) && visible(last)) stamp('complete');
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
})"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def built_port() -> int:
    env_json = ROOT / ".web" / "env.json"
    if not (ROOT / ".web" / "build").is_dir() or not env_json.is_file():
        print("bench/pages.py: skipped, build the frontend first (make run, or the browser tests)")
        sys.exit(0)
    return int(json.loads(env_json.read_text())["EVENT"].rsplit(":", 1)[1].split("/")[0])


def nav_routes() -> list[str]:
    """The left navigation's pages, in its order (Publishing left out: no publisher data)."""
    import importlib
    import pkgutil

    from license_hub import pages

    for module in pkgutil.iter_modules(pages.__path__):
        importlib.import_module(f"{pages.__name__}.{module.name}")
    return [route for route, item in pages.nav_items() if item.section != "Publishing"]


def working_copy(work: Path) -> Path:
    """The cached database copied, with an Admin to sign in as (the server writes sessions)."""
    source = scale_data.ensure()
    target = work / "license_hub.db"
    shutil.copy(source, target)
    return target


def sign_in_token(db_path: Path) -> str:
    from license_hub.services.access import accounts as access

    os.environ.update({"REFLEX_DB_URL": f"sqlite:///{db_path}", "LICENSE_HUB_SECRET_KEY": SECRET})
    settings.reload()
    with db.write_session() as s:
        access.create_user(s, "bench", email="bench-admin@example.com", password=PASSWORD, role="Admin", name="Bench")
    token = access.sign_in("bench-admin@example.com", PASSWORD)
    db.engine_for(f"sqlite:///{db_path}").dispose()
    return token


class Server:
    def __init__(self, port: int, db_path: Path, work: Path):
        self.port, self.db_path, self.work = port, db_path, work
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = dict(os.environ) | {
            "PATH": f"{ROOT / '.bun' / 'node_modules' / '.bin'}:{BIN}:{os.environ.get('PATH', '')}",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            **SERVE_BUILT_ENV,
            "REFLEX_DB_URL": f"sqlite:///{self.db_path}",
            "LICENSE_HUB_DATA_DIR": str(self.work),
            "LICENSE_HUB_SECRET_KEY": SECRET,
            "LICENSE_HUB_APP_URL": f"http://localhost:{self.port}",
            "LICENSE_HUB_SCHEDULER": "0",
        }
        env.pop("REFLEX_REDIS_URL", None)
        self.log = open(self.work / "server.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVE_BUILT, str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 240
        while not _answers(f"http://127.0.0.1:{self.port}/api/v1/health"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                sys.exit(f"the app did not start:\n{(self.work / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
        return self

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()


def time_page(page, base: str, route: str, timeout_ms: int) -> tuple[float | None, float | None]:
    """Milliseconds from navigation to the route's data on screen, and to everything
    on screen (the same for a page that comes in one piece); None: never came. Both
    are read from the page's own clock (WATCH)."""
    selector = READY.get(route if route in READY else route.split("?")[0], "main[data-ready=true] h1")
    stamped = "(key) => window.__lhSeen && typeof window.__lhSeen[key] === 'number'"
    try:
        page.goto(base + route, wait_until="commit", timeout=timeout_ms)
        page.wait_for_selector(selector, state="visible", timeout=timeout_ms)
        page.wait_for_function(stamped, arg="ready", timeout=timeout_ms)
    except Exception:  # noqa: BLE001 — a page that never shows its data is reported, not fatal
        return None, None
    ready = float(page.evaluate("window.__lhSeen.ready"))
    if route.split("?")[0] not in COMPLETE:
        return ready, ready
    try:
        if page.evaluate("document.querySelector('[data-complete]') !== null"):
            page.wait_for_function(stamped, arg="complete", timeout=timeout_ms)
            return ready, max(ready, float(page.evaluate("window.__lhSeen.complete")))
    except Exception:  # noqa: BLE001
        return ready, None
    return ready, ready  # no stages on this load (an empty state): one piece


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=900, help="seconds for the timed rounds")
    parser.add_argument("--timeout", type=int, default=30_000, help="ms one page may take")
    parser.add_argument("--only", default="", help="comma-separated routes to time (default: every page)")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="each navigation in a new tab: a first visit, without the state an earlier visit left",
    )
    args = parser.parse_args()

    routes = [*nav_routes(), f"/licenses/{BIG}", f"/licenses/{BIG}/users", f"/licenses/{BIG}/users?q=anna"]
    if args.only:
        wanted = [r.strip() for r in args.only.split(",") if r.strip()]
        unknown = [r for r in wanted if r not in routes]
        if unknown:
            sys.exit(f"unknown route(s): {', '.join(unknown)}; known: {', '.join(routes)}")
        routes = wanted
    work = Path(tempfile.mkdtemp(prefix="lh-bench-pages-"))
    try:
        db_path = working_copy(work)
        token = sign_in_token(db_path)
        port = built_port()
        base = f"http://localhost:{port}"
        samples: dict[str, list[float]] = {r: [] for r in routes}
        complete: dict[str, list[float]] = {r: [] for r in routes}
        baseline: list[float] = []
        missed: dict[str, int] = {r: 0 for r in routes}
        with Server(port, db_path, work), sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            context.add_cookies([{"name": "lh_session", "value": token, "url": base, "httpOnly": True}])
            context.add_init_script(f"{WATCH}({json.dumps(READY)}, {json.dumps(COMPLETE)}, 'main[data-ready=true] h1')")
            page = context.new_page()

            def tab():
                nonlocal page
                if args.fresh:
                    page.close()
                    page = context.new_page()
                return page

            for route in routes:  # a warm-up round: first compile of each state, caches
                ms, _ = time_page(page, base, route, args.timeout)
                print(f"warm-up {route}: {'timed out' if ms is None else f'{ms:.0f} ms'}", file=sys.stderr)
            deadline = time.monotonic() + args.budget
            rounds = 0
            for _ in range(args.runs):
                if time.monotonic() > deadline:
                    print(f"time budget reached after {rounds} rounds", file=sys.stderr)
                    break
                for route in routes:
                    ms, all_ms = time_page(tab(), base, route, args.timeout)
                    if ms is None:
                        missed[route] += 1
                    else:
                        samples[route].append(ms)
                    if all_ms is not None:
                        complete[route].append(all_ms)
                    base_ms, _ = time_page(tab(), base, BASELINE, args.timeout)
                    if base_ms is not None:
                        baseline.append(base_ms)
                rounds += 1
            browser.close()
        ref = statistics.median(baseline) if baseline else float("nan")
        print(
            f"\n{scale_data.LICENSES:,} licenses, {scale_data.ASSIGNMENTS:,} assignments (SQLite, one worker); "
            f"{'a new tab each load; ' if args.fresh else ''}median of {rounds} rounds; "
            f"baseline {BASELINE} median {ref:.0f} ms over {len(baseline)} loads"
        )
        print(f"{'page':42s} {'median ms':>10s} {'min':>7s} {'max':>7s} {'x baseline':>11s} {'all on screen':>14s}")
        for route in routes:
            xs = samples[route]
            if not xs:
                print(f"{route:42s} {'no data on screen within the timeout':>38s}")
                continue
            med = statistics.median(xs)
            note = f"  ({missed[route]} timed out)" if missed[route] else ""
            everything = (
                (f"{statistics.median(complete[route]):14.0f}" if complete[route] else f"{'never':>14s}")
                if route in COMPLETE
                else f"{'same':>14s}"
            )
            print(f"{route:42s} {med:10.0f} {min(xs):7.0f} {max(xs):7.0f} {med / ref:10.2f}x {everything}{note}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

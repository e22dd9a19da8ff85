"""The reference agent, run for real on this machine against a running API server:
this machine's dpkg packages arrive; retries back off; big snapshots split."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from license_hub.db import read_session
from license_hub.models import AgentReport, Host, HostSoftware
from tests.api.helpers import make_token

ROOT = Path(__file__).resolve().parents[2]
AGENT = ROOT / "agent" / "license_hub_agent.py"


def _agent_module():
    spec = importlib.util.spec_from_file_location("license_hub_agent", AGENT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(database):
    port = _free_port()
    env = {**os.environ, "REFLEX_DB_URL": database}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "granian"),
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "tests.api.agent_server:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail(proc.stderr.read().decode()[-2000:])
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.skipif(not Path("/var/lib/dpkg/status").exists(), reason="needs a Debian machine")
def test_the_agent_reports_this_machines_dpkg_packages(server, tmp_path):
    installed = dict(
        line.split("\t")
        for line in subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package}\t${Version}\n"], capture_output=True, text=True, check=True
        ).stdout.splitlines()
    )
    token_file = tmp_path / "agent.token"
    token_file.write_text(make_token("License manager", ["agent:report"], name="Agent"))
    run = subprocess.run(
        [
            sys.executable,
            str(AGENT),
            "--url",
            server,
            "--token-file",
            str(token_file),
            "--user",
            "alice@example.com",
            "--source",
            "platform",
            "--retries",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    with read_session() as s:
        host = s.exec(select(Host)).one()
        rows = dict(
            s.exec(select(HostSoftware.name, HostSoftware.version).where(HostSoftware.host_id == host.id)).all()
        )
        assert s.exec(select(AgentReport)).one().software_count == len(installed)
    assert host.hostname == socket.gethostname() and host.platform == "linux"
    assert host.hardware_id == Path("/etc/machine-id").read_text().strip()
    assert rows == installed
    assert f"{len(installed)} received" in run.stdout


def test_a_refused_token_exits_1_without_retrying(server):
    run = subprocess.run(
        [sys.executable, str(AGENT), "--url", server, "--token", "lh_" + "x" * 43, "--source", "platform"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "401" in run.stderr


def test_retries_back_off_exponentially_then_give_up():
    agent = _agent_module()
    waits: list[float] = []
    with pytest.raises(ConnectionError):
        agent.send(
            f"http://127.0.0.1:{_free_port()}", "lh_x", {"report_id": "r"}, retries=3, backoff=1.0, sleep=waits.append
        )
    assert len(waits) == 3
    assert [round(w) for w in waits] == [1, 2, 4] or all(1 <= w / 2**i <= 1.25 for i, w in enumerate(waits))


def test_a_snapshot_over_the_cap_is_sent_in_partial_reports():
    agent = _agent_module()
    software = [agent.item(f"package-{i}", "1.0", "x" * 150, "deb_packages") for i in range(12_000)]
    bodies = agent.reports({"hardware_id": "h"}, "u", software, "rid")
    assert len(bodies) > 1 and all(not b["snapshot"] for b in bodies)
    assert sum(len(b["software"]) for b in bodies) == 12_000
    assert len({b["report_id"] for b in bodies}) == len(bodies)
    import json

    assert all(len(json.dumps(b).encode()) < 2 * 1024 * 1024 for b in bodies)


def test_the_agent_uses_only_the_standard_library():
    import ast

    tree = ast.parse(AGENT.read_text())
    modules = {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    modules |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}
    assert shutil.which("python3")

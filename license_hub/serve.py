"""`license-hub serve`: what `make run` starts.

The first start (or any start after the code changed) runs
`reflex run --env prod --single-port`, which compiles and builds the frontend.
Once that build answers, a fingerprint of the sources is stored beside it; a
later start with the same fingerprint serves the existing build directly, so a
warm start takes seconds instead of a rebuild.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from license_hub.settings import PROJECT_ROOT

SOURCES = ("license_hub", "assets", "rxconfig.py", "pyproject.toml")


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        path = root / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for f in files:
            digest.update(str(f.relative_to(root)).encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()


def _web_dir(root: Path) -> Path:
    return Path(os.environ.get("REFLEX_WEB_WORKDIR", root / ".web"))


def _stamp(root: Path) -> Path:
    return _web_dir(root) / ".license-hub-build"


def _built(root: Path) -> bool:
    stamp = _stamp(root)
    return stamp.exists() and (_web_dir(root) / "build").exists() and stamp.read_text() == fingerprint(root)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def _respawning_workers() -> None:
    """Reflex starts Granian without replacing a worker that dies, so one crashed
    (or OOM-killed) worker stops the whole server. Replace it instead: the others
    keep serving, and Redis holds every tab's state, so its tabs reconnect to them."""
    from granian import server

    if getattr(server.Server, "license_hub_respawns", False):
        return
    base = server.Server

    class Respawning(base):  # type: ignore[misc, valid-type]
        license_hub_respawns = True

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("respawn_failed_workers", True)
            super().__init__(*args, **kwargs)

    server.Server = Respawning


# Serve the existing build without compiling it again. Reflex reads its internal
# switches with a double-underscore prefix: under the plain name every start
# re-compiled all pages (about 10 s on an idle machine) before answering.
SERVE_BUILT_ENV = {"__REFLEX_SKIP_COMPILE": "true", "REFLEX_ENV_MODE": "prod"}


def run_built(port: int) -> None:
    """Serve the already-built frontend and the backend on one port (GRANIAN_WORKERS
    sets the worker count; by default one, or 2 x cores + 1 with Redis)."""
    from reflex.utils import exec as rx_exec

    _respawning_workers()
    rx_exec.run_backend_prod("0.0.0.0", port, mount_frontend_compiled_app=True)


def serve(port: int, root: Path = PROJECT_ROOT) -> int:
    env = dict(os.environ)
    if _built(root):
        print(f"Serving the existing build (sources unchanged) on http://localhost:{port}")
        env.update(SERVE_BUILT_ENV)
        code = f"from license_hub.serve import run_built\nrun_built({port})\n"
        return subprocess.call([sys.executable, "-c", code], cwd=root, env=env)
    _stamp(root).unlink(missing_ok=True)
    source_print = fingerprint(root)
    reflex = str(Path(sys.executable).parent / "reflex")
    proc = subprocess.Popen(
        [reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port), "--backend-port", str(port)],
        cwd=root,
        env=env,
    )
    try:
        while proc.poll() is None:
            if _answers(f"http://127.0.0.1:{port}/sign-in"):
                _stamp(root).write_text(source_print)
                break
            time.sleep(1)
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()

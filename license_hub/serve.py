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
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
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


def serve(port: int, root: Path = PROJECT_ROOT) -> int:
    env = dict(os.environ)
    if _built(root):
        print(f"Serving the existing build (sources unchanged) on http://localhost:{port}")
        env.update({"REFLEX_SKIP_COMPILE": "true", "REFLEX_ENV_MODE": "prod"})
        code = ("from reflex.utils import exec as rx_exec\n"
                f"rx_exec.run_backend_prod('0.0.0.0', {port}, mount_frontend_compiled_app=True)\n")
        return subprocess.call([sys.executable, "-c", code], cwd=root, env=env)
    _stamp(root).unlink(missing_ok=True)
    source_print = fingerprint(root)
    reflex = str(Path(sys.executable).parent / "reflex")
    proc = subprocess.Popen([reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port),
                             "--backend-port", str(port)], cwd=root, env=env)
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

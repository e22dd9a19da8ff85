"""deploy/compose.yaml is what `docker compose config` accepts, and says what docs/deploy.md says.

`make test` installs a compose CLI (the Docker plugin when present, else Debian's
docker-compose): this test runs everywhere `make test` does, it never skips."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose.yaml"
SECRETS = {
    "POSTGRES_PASSWORD": "pg-password",
    "LICENSE_HUB_SECRET_KEY": "a-long-random-secret",
    "LICENSE_HUB_APP_URL": "https://licenses.example.com",
}


def _compose_cli() -> list[str]:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    assert legacy, "no compose CLI: `make test` installs one (apt-get install docker-compose)"
    return [legacy]


def _config(path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS} | env
    return subprocess.run(
        [*_compose_cli(), "-f", str(path), "config"],
        capture_output=True,
        text=True,
        env=clean,
        cwd=path.parent,
        timeout=60,
    )


def test_compose_file_validates_with_its_settings():
    result = _config(COMPOSE, SECRETS)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert set(config["services"]) == {"app", "db", "redis"}
    app = config["services"]["app"]
    env = app["environment"]
    assert env["REFLEX_DB_URL"] == "postgresql+psycopg://license_hub:pg-password@db:5432/license_hub"
    assert env["REFLEX_REDIS_URL"] == "redis://redis:6379/0"
    assert env["GRANIAN_WORKERS"] == "3"
    assert app["depends_on"] == {"db": {"condition": "service_healthy"}, "redis": {"condition": "service_healthy"}}
    assert all(str(p).startswith("127.0.0.1:") for p in app["ports"]) or all(
        p.get("host_ip") == "127.0.0.1" for p in app["ports"]
    )
    assert (ROOT / app["build"]["context"] / app["build"]["dockerfile"]).is_file() or (
        Path(app["build"]["context"]) / app["build"]["dockerfile"]
    ).is_file()


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_compose_refuses_to_start_without_a_required_setting(missing):
    result = _config(COMPOSE, {k: v for k, v in SECRETS.items() if k != missing})
    assert result.returncode != 0
    assert missing in result.stderr


def test_the_validator_rejects_a_broken_file(tmp_path):
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace("    restart: unless-stopped\n", "    restart: [oops]\n", 1))
    assert _config(broken, SECRETS).returncode != 0


def test_the_secret_key_is_never_baked_into_the_image():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "LICENSE_HUB_SECRET_KEY" not in dockerfile
    assert (ROOT / ".dockerignore").is_file()
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "data" in ignored and "deploy/.env" in ignored

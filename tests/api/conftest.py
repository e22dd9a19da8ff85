"""The whole API app as the server mounts it, on each database."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from license_hub.api.routes import build


@pytest.fixture
def api(database) -> TestClient:
    return TestClient(build(), base_url="http://testserver")

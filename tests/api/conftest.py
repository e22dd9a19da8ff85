"""The whole API app as the server mounts it, on each database."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from license_hub.api import rate_limit
from license_hub.api.routes import build


@pytest.fixture
def api(database) -> TestClient:
    return TestClient(build(), base_url="http://testserver")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Token ids start again in every test's database, and so must their request counters."""
    rate_limit._memory._counts.clear()
    yield

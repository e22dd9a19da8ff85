"""The OpenAPI document is valid, and the API holds to it: schemathesis sends
generated requests in-process (ASGI) and every answer must be a non-5xx response
that matches its documented schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from license_hub.api.routes import build
from tests.api.helpers import bearer, make_token
from tests.factories import make_license, make_people

MAX_EXAMPLES = 20


def test_openapi_document_is_valid(api):
    res = api.get("/api/v1/openapi.json")
    assert res.status_code == 200
    doc = res.json()
    validate(doc)
    assert doc["servers"] == [{"url": "/api/v1"}]
    paths = doc["paths"]
    for path in (
        "/licenses",
        "/licenses/{license_id}/seats",
        "/seats/{seat_id}/transfer",
        "/people",
        "/devices",
        "/catalog",
        "/renewals",
        "/licenses/{license_id}/reveal-key",
        "/reports/utilization",
        "/reports/savings",
        "/reports/spend",
        "/reports/compliance",
        "/licenses/{license_id}/usage-audits",
        "/licenses/{license_id}/usage-audits/complete",
        "/audit-events",
    ):
        assert path in paths
    for path, ops in paths.items():  # every route declares the token, and the rate limit it can meet
        for op in ops.values():
            assert op.get("security") == [{"ApiToken": []}], path
            assert "429" in op["responses"], path
    assert "product_key" not in doc["components"]["schemas"]["LicenseOut"]["properties"]
    docs = api.get("/api/v1/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()  # Swagger UI is served from here
    assert api.get("/api/v1/docs-assets/swagger-ui-bundle.js").status_code == 200


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_api_follows_its_own_schema(api, monkeypatch):
    """Every operation, MAX_EXAMPLES generated requests each, with an admin token; the
    token's rate limit is raised so every operation is exercised, not refused."""
    monkeypatch.setenv("LICENSE_HUB_API_RATE_LIMIT", "100000")
    make_license(seats_total=3, product_key="KEY-1")
    make_people(2)
    headers = bearer(make_token("Admin", name="schemathesis"))
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", build())
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case):
            # A schema-valid body may still break a business rule (a duplicate name): that is a 4xx, not a bug.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}"[:3000])
    assert not failures, "\n\n".join(failures)

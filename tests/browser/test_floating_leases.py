"""The Leases pages while programs use the pool: a publisher's floating license is
empty, a program checks a seat out through the Python client over HTTP, a refresh
shows the lease and the chart's peak moves; a second program is denied and waits.
An own concurrent license links to its Leases page, where a person's lease shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from license_hub.client.floating import FloatingClient, Lease, NoSeat, Waiting, urllib_transport
from license_hub.db import write_session
from license_hub.services.floating import leases, pools
from license_hub.services.publishing import issuing, policies
from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_person, add_product

pytestmark = pytest.mark.browser


def _floating_license() -> tuple[int, str]:
    entry = add_product("Acme Render", publisher="Us")
    with write_session() as s:
        product = policies.publish_product(s, "test", entry, "ACME-RENDER").id
        policy = policies.create_policy(
            s, "test", product, policies.PolicyInput(name="Float", license_model="floating", max_machines=1)
        ).id
        customer = issuing.create_customer(s, "test", "organization", "Globex", "it@globex.example").id
        issued = issuing.issue(s, "test", policy, customer, "")
    return issued.license_id, issued.key


def test_a_lease_appears_and_the_chart_updates(page, app_url, shot):
    license_id, key = _floating_license()
    page.goto(f"/publishing/licenses/{license_id}")
    page.get_by_test_id("leases-link").click()
    expect(page.get_by_test_id("leases-empty")).to_be_visible()
    expect(page.get_by_test_id("pool-peak")).to_have_text("0")
    expect(page.get_by_test_id("use-chart")).to_contain_text("No check-outs in this period yet")
    shot(page, "floating-01-empty")

    client = FloatingClient(app_url, license_key=key, transport=urllib_transport(30))
    lease = client.check_out(user="ana", host="render-07", department="Design", project="Bridge")
    assert isinstance(lease, Lease)
    with pytest.raises(NoSeat):
        client.check_out(user="ben", host="render-08")
    waiting = client.check_out(user="ben", host="render-08", wait=True)
    assert isinstance(waiting, Waiting)

    page.get_by_test_id("refresh").click()
    row = page.get_by_test_id("lease-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("ana")
    expect(row).to_contain_text("Checked out")
    expect(page.get_by_test_id("queue-row")).to_contain_text("ben")
    expect(page.get_by_test_id("event-row").filter(has_text="Denied")).to_have_count(2)
    expect(page.get_by_test_id("event-row").filter(has_text="Queued")).to_have_count(1)
    expect(page.get_by_test_id("pool-peak")).to_have_text("1")
    expect(page.get_by_test_id("use-chart")).to_contain_text("peak 1")
    expect(page.get_by_test_id("right-sizing")).to_contain_text("The one seat was needed.")
    expect(page.get_by_test_id("export-csv")).to_have_attribute(
        "href", f"/api/v1/floating/published/{license_id}/usage.csv?days=7&dimension=license"
    )
    page.get_by_test_id("usage-dimension").get_by_role("radio", name="Department").click()
    expect(page.get_by_test_id("usage-row").filter(has_text="Design")).to_have_count(1)
    expect(page.get_by_test_id("export-csv")).to_have_attribute(
        "href", f"/api/v1/floating/published/{license_id}/usage.csv?days=7&dimension=department"
    )
    shot(page, "floating-02-lease-and-queue")

    row.get_by_role("button", name="Release").click()
    page.get_by_test_id("release-confirm").click()
    expect_toast(page, "Lease released")
    expect(page.get_by_test_id("queue-row")).to_contain_text("Seat held")
    granted = client.poll(waiting)
    assert isinstance(granted, Lease)
    page.get_by_test_id("refresh").click()
    expect(page.get_by_test_id("lease-row")).to_contain_text("ben")
    expect(page.get_by_test_id("queue-empty")).to_be_visible()


def test_own_concurrent_license_has_a_leases_page(page, app_url, shot):
    entry = add_product("Acme CAD seats")
    license_id = add_license(entry, name="CAD floating pool", seats_total=3, seat_type="concurrent")
    person = add_person("Dana Designer", "dana@example.com")
    with write_session() as s:
        pool = pools.pool_for(s, license_id=license_id).id
        holder = pools.person_holder(s, person, host="ws-12", project="Tower")
    leases.borrow("test", pool, holder, hours=48)
    page.goto(f"/licenses/{license_id}")
    page.get_by_test_id("leases-link").click()
    expect(page.get_by_test_id("page-title")).to_contain_text("CAD floating pool")
    row = page.get_by_test_id("lease-row")
    expect(row).to_contain_text("dana@example.com")
    expect(row).to_contain_text("Borrowed")
    expect(page.get_by_test_id("pool-seats")).to_have_text("3")
    expect(page.get_by_test_id("right-sizing")).to_contain_text("1 of 3 seats would have covered the peak of 1.")
    page.get_by_test_id("pool-ttl_minutes").fill("0")
    page.get_by_test_id("save-pool").click()
    expect_toast(page, "Enter a whole number from 1 to 1440")
    page.get_by_test_id("pool-ttl_minutes").fill("15")
    page.get_by_test_id("save-pool").click()
    expect_toast(page, "Pool settings saved")
    shot(page, "floating-03-own-pool")

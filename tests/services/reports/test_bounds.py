"""Money, counts, dates and text have bounds that fit their columns on both
databases; bad input gets a field message, and an absurd value already stored
cannot break Spend, Dashboard or Utilization."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import ValidationError
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.reports import dashboard, spend, utilization
from license_hub.services.seats import usage_audits
from tests.factories import ACTOR, make_license, make_product


@pytest.mark.parametrize(
    "field, value",
    [
        ("cost_per_seat", "NaN"),
        ("cost_per_seat", "Infinity"),
        ("cost_per_seat", "-inf"),
        ("total_cost", "1e30"),
        ("total_cost", "9" * 40),
        ("cost_per_seat", "١٢٣"),
        ("seats_total", "١٢"),
        ("seats_total", "99999999999999"),
        ("renewal_notice_days", "１０"),
        ("expiry_date", "1899-12-31"),
        ("expiry_date", "2201-01-01"),
        ("purchase_date", "２０２６-01-01"),
        ("notes", "a\x00b"),
        ("name", "nul\x00"),
        ("catalog_entry_id", "9" * 15),
        ("net_unit_price", "999999999999.99"),
    ],
)
def test_out_of_range_input_gets_a_field_message(database, field, value):
    entry = make_product("Figma")
    data = {"catalog_entry_id": entry, "seats_total": "5", field: value}
    if field == "net_unit_price":
        data["vat_percent"] = "20"
    with pytest.raises(ValidationError) as err, write_session() as s:
        licenses.create(s, ACTOR, data)
    assert set(err.value.errors) == {field}


def test_cost_per_seat_times_seats_must_fit(database):
    entry = make_product("Figma")
    with pytest.raises(ValidationError) as err, write_session() as s:
        licenses.create(s, ACTOR, {"catalog_entry_id": entry, "seats_total": "100000000", "cost_per_seat": "999999999"})
    assert "cost_per_seat" in err.value.errors


def test_a_usage_audit_count_is_bounded(database):
    lic = make_license(seats_total=5)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic)
    for bad in ("٣", "99999999999999", "1e3", "NaN"):
        with pytest.raises(ValidationError) as err, write_session() as s:
            usage_audits.complete(s, ACTOR, lic, seats_after=bad)
        assert "seats_after" in err.value.errors


@pytest.mark.parametrize("stored", ["1e30", "'NaN'", "9e999", "'Infinity'", "'12,5 EUR'"])
def test_an_absurd_stored_cost_breaks_no_report(database, stored):
    make_license(seats_total=5, cost_per_seat="10")
    bad = make_license(seats_total=5, cost_per_seat="10", product_name="Slack")
    if not database.startswith("sqlite"):
        pytest.skip("PostgreSQL's NUMERIC(14, 2) refuses such a value at the door")
    with write_session() as s:
        s.exec(text(f"UPDATE license SET cost_per_seat = {stored}, total_cost = {stored} WHERE id = {bad}"))
    with read_session() as s:
        report = spend.fetch_spend(s, rates={}, workspace_currency="EUR")
        util = utilization.utilization_report(s)
        ov = dashboard.overview(s)
    assert report is not None and util is not None and ov is not None

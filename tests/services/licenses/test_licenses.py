"""License create/edit rules: defaults, validation messages, nothing half-saved,
keys encrypted and masked, archive keeps history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, License
from license_hub.services.core import secrets
from license_hub.services.core.errors import ValidationError
from license_hub.services.licenses import lifecycle as licenses
from tests.factories import ACTOR, make_license, make_product


def _license(lid: int) -> License:
    with read_session() as s:
        return s.get(License, lid)


def test_defaults_from_seed_003(database):
    lic = _license(make_license(seats_total=""))
    assert (lic.seats_total, lic.seat_type, lic.currency, lic.billing_cycle, lic.renewal_notice_days, lic.status) == (
        1,
        "user",
        "EUR",
        "annual",
        30,
        "active",
    )


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"catalog_entry_id": ""}, "catalog_entry_id", "Software is required"),
        ({"seats_total": "0"}, "seats_total", "Seats total must be at least 1"),
        (
            {"start_date": "2026-05-01", "expiry_date": "2026-05-01"},
            "expiry_date",
            "Expiry date must be after the start date",
        ),
        ({"currency": "EURO"}, "currency", "Use a three-letter ISO 4217 currency code, e.g. EUR"),
        ({"currency": "XYZ"}, "currency", "Use a three-letter ISO 4217 currency code, e.g. EUR"),
        ({"perpetual": True, "expiry_date": "2027-01-01"}, "expiry_date", "A perpetual license has no expiry date"),
        (
            {"net_unit_price": "100", "vat_percent": "20", "gross_unit_price": "100"},
            "gross_unit_price",
            "Gross unit price must equal net × (1 + VAT%) = 120.00",
        ),
        ({"cost_per_seat": "abc"}, "cost_per_seat", "Enter an amount, e.g. 1250.00"),
    ],
)
def test_validation_messages_and_nothing_saved(database, fields, field, message):
    product = make_product()
    data = {"catalog_entry_id": product, **fields}
    with pytest.raises(ValidationError) as err, write_session() as s:
        licenses.create(s, ACTOR, data)
    assert err.value.errors[field] == message
    with read_session() as s:
        assert s.exec(select(func.count()).select_from(License)).one() == 0
        assert s.exec(select(func.count()).select_from(AuditEvent)).one() == 1  # the product only


def test_unlimited_allows_zero_seats(database):
    lic = _license(make_license(seat_type="unlimited", seats_total="0"))
    assert lic.unlimited and lic.seats_available is None


def test_gross_is_derived_from_net_and_vat(database):
    lic = _license(make_license(net_unit_price="100", vat_percent="21"))
    assert lic.gross_unit_price == Decimal("121.00")


def test_product_key_encrypted_at_rest_and_masked(database):
    lid = make_license(product_key="XK7P-22QM-9RTA-4ZZB")
    with read_session() as s:
        raw = s.exec(text(f"SELECT product_key_cipher FROM license WHERE id = {lid}")).one()[0]
    assert b"XK7P" not in bytes(raw)
    lic = _license(lid)
    assert secrets.mask(True, lic.product_key_hint) == "••••-••••-4ZZB"
    with write_session() as s:
        assert licenses.reveal_key(s, ACTOR, lid) == "XK7P-22QM-9RTA-4ZZB"
    with read_session() as s:
        actions = s.exec(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
        diffs = " ".join(s.exec(select(AuditEvent.diff)).all())
    assert actions[-1] == "reveal_key"
    assert "XK7P" not in diffs


def test_lowering_seats_below_used_is_refused(database):
    from license_hub.services.seats import assignments as seats

    lid = make_license(seats_total=3)
    with write_session() as s:
        seats.assign(s, ACTOR, lid, assignee_name="a")
        seats.assign(s, ACTOR, lid, assignee_name="b")
    with pytest.raises(ValidationError) as err, write_session() as s:
        licenses.update(s, ACTOR, lid, {"seats_total": "1"})
    assert "reclaim seats" in err.value.errors["seats_total"]


def test_update_records_field_level_diff(database):
    lid = make_license(version="2024")
    with write_session() as s:
        licenses.update(s, ACTOR, lid, {"version": "2025", "notes": "upgrade"})
    with read_session() as s:
        last = s.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert last.action == "update" and '"version":["2024","2025"]' in last.diff


def test_archive_keeps_the_row_and_restore_brings_it_back(database):
    lid = make_license()
    with write_session() as s:
        licenses.archive(s, ACTOR, lid)
    assert _license(lid).archived_at is not None
    with write_session() as s:
        licenses.restore(s, ACTOR, lid)
    assert _license(lid).archived_at is None


def test_blank_key_on_edit_keeps_the_saved_key_and_clear_removes_it(database):
    lid = make_license(product_key="KEEP-2222-3333-4444")
    with write_session() as s:
        licenses.update(s, ACTOR, lid, {"product_key": "", "version": "9"})
    with write_session() as s:
        assert licenses.reveal_key(s, ACTOR, lid) == "KEEP-2222-3333-4444"
    with pytest.raises(ValidationError) as err, write_session() as s:
        licenses.update(s, ACTOR, lid, {"product_key": "NEW-KEY", "clear_product_key": "on"})
    assert err.value.errors["product_key"] == "Enter a new key or clear the saved one, not both"
    with write_session() as s:
        licenses.update(s, ACTOR, lid, {"product_key": "", "clear_product_key": True})
    lic = _license(lid)
    assert lic.product_key_cipher is None and lic.product_key_hint == ""
    with read_session() as s:
        last = s.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert '"product_key":["<redacted>","<cleared>"]' in last.diff


@pytest.mark.parametrize(
    "value, message",
    [
        ("0", "Enter a percentage between 1 and 100"),
        ("101", "Enter a percentage between 1 and 100"),
        ("ninety", "Enter a whole number"),
    ],
)
def test_capacity_threshold_is_one_to_hundred(database, value, message):
    with pytest.raises(ValidationError) as err, write_session() as s:
        licenses.create(s, ACTOR, {"catalog_entry_id": make_product(), "capacity_threshold_pct": value})
    assert err.value.errors["capacity_threshold_pct"] == message


def test_every_panel_field_is_saved(database):
    from license_hub.services.directory import people

    with write_session() as s:
        owner = people.create_person(s, ACTOR, name="Olivia Owner", email="olivia@example.com").id
    lid = make_license(
        capacity_threshold_pct="75",
        compliance_override="Review Required",
        scope="Department",
        organization="Acme BV",
        org_unit="Design",
        location="Utrecht",
        serial_number="SN-1",
        inventory_number="INV-1",
        invoice_number="F-2026-1",
        billing_cycle="custom",
        custom_cycle_months="18",
        cancellation_notice_days="60",
        allocation_rule="floating",
        reassignable=False,
        transferable="off",
        restriction_geographic="EU only",
        restriction_usage="Non-commercial",
        virtualization_rights="2 VMs",
        maintenance_included="on",
        business_owner_id=str(owner),
        perpetual="on",
        auto_renew=True,
    )
    lic = _license(lid)
    assert (lic.capacity_threshold_pct, lic.compliance_override, lic.scope, lic.custom_cycle_months) == (
        75,
        "Review Required",
        "Department",
        18,
    )
    assert (lic.reassignable, lic.transferable, lic.maintenance_included, lic.perpetual, lic.auto_renew) == (
        False,
        False,
        True,
        True,
        True,
    )
    assert (lic.business_owner_id, lic.restriction_geographic, lic.virtualization_rights) == (owner, "EU only", "2 VMs")
    assert _license(make_license(product_name="Other")).capacity_threshold_pct == 90
    with write_session() as s:
        licenses.update(s, ACTOR, lid, {"compliance_override": ""})
    assert _license(lid).compliance_override is None


def test_unknown_business_owner_and_compliance_are_refused(database):
    with pytest.raises(ValidationError) as err, write_session() as s:
        licenses.create(s, ACTOR, {"catalog_entry_id": make_product(), "business_owner_id": "424242"})
    assert err.value.errors == {"business_owner_id": "This person is not in the directory"}
    with pytest.raises(ValidationError) as err, write_session() as s:
        licenses.create(s, ACTOR, {"catalog_entry_id": make_product("Slack"), "compliance_override": "Fine"})
    assert "compliance_override" in err.value.errors


def test_seat_key_reveal_is_recorded(database):
    from license_hub.services.core.errors import NotFound
    from license_hub.services.seats import assignments as seats

    lid = make_license()
    other = make_license(product_name="Slack")
    with write_session() as s:
        seat = seats.assign(s, ACTOR, lid, assignee_name="Ann", seat_key="SEAT-AAAA-BBBB-CCCC").id
    with pytest.raises(NotFound), write_session() as s:
        seats.reveal_seat_key(s, ACTOR, seat, license_id=other)
    with write_session() as s:
        assert seats.reveal_seat_key(s, "admin@example.com", seat, license_id=lid) == "SEAT-AAAA-BBBB-CCCC"
    with read_session() as s:
        last = s.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (last.actor, last.action, last.object_type, last.object_id) == (
        "admin@example.com",
        "reveal_key",
        "assignment",
        seat,
    )
    assert "SEAT-AAAA" not in last.diff

"""The license page shows every recorded field in the form's panels — walked from
the License columns, so a new field without a display fails — and the licenses
list finds a license by its serial, inventory, invoice or PO number."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from license_hub.models import License
from license_hub.state.views.licenses import NOT_RECORDED, RECORD_PANELS, SHOWN_AS
from tests.factories import add_license, add_person, add_product

pytestmark = pytest.mark.browser

LABELS = {name: label for _, _, fields in RECORD_PANELS for name, label in fields}


def test_every_recorded_field_is_on_the_license_page(page, shot):
    owner = add_person("Olivia Owner", "olivia@example.com")
    entry = add_product("Autodesk AutoCAD", publisher="Autodesk")
    lic = add_license(
        entry,
        name="AutoCAD — Design",
        product_key="ACAD-1111-2222-9Z9Z",
        licensed_to="Acme BV",
        vendor="Autodesk Ireland",
        version="2026",
        seats_total=10,
        scope="Department",
        organization="Acme",
        org_unit="Engineering",
        location="Rotterdam",
        serial_number="SN-ACAD-0042",
        inventory_number="INV-7781",
        purchase_order="PO-4711",
        invoice_number="RE-2026-19",
        net_unit_price="100",
        vat_percent="21",
        billing_cycle="annual",
        auto_renew="true",
        renewal_notice_days="45",
        maintenance_expiry_date="2027-06-30",
        allocation_rule="device-based",
        restriction_geographic="EU only",
        virtualization_rights="Up to 2 VMs",
        business_owner_id=str(owner),
        notes="Renewal quote requested in March.",
    )
    page.goto(f"/licenses/{lic}")
    record = page.get_by_test_id("license-record")
    expect(record).to_be_visible()
    columns = {c.name for c in License.__table__.columns} - NOT_RECORDED
    for column in sorted(columns):
        name = SHOWN_AS.get(column, column)
        assert name in LABELS, f"{column} has no place on the license page"
        fact = record.get_by_test_id(f"fact-{name}")
        expect(fact).to_have_count(1)
        expect(fact).not_to_be_empty()
        expect(record.get_by_text(LABELS[name], exact=True).first).to_be_visible()
    expected = {
        "product_key": "••••-••••-9Z9Z",
        "business_owner_id": "Olivia Owner",
        "serial_number": "SN-ACAD-0042",
        "inventory_number": "INV-7781",
        "invoice_number": "RE-2026-19",
        "gross_unit_price": "€121.00",
        "vat_percent": "21%",
        "auto_renew": "Yes",
        "renewal_notice_days": "45",
        "allocation_rule": "Device-based",
        "virtualization_rights": "Up to 2 VMs",
        "restriction_usage": "—",
        "notes": "Renewal quote requested in March.",
    }
    for name, text in expected.items():
        expect(record.get_by_test_id(f"fact-{name}")).to_have_text(text)
    expect(record).not_to_contain_text("ACAD-1111-2222")  # masked, never the key
    shot(page, "license-record-01")


def test_the_list_search_finds_procurement_numbers(page, shot):
    entry = add_product("Autodesk AutoCAD", publisher="Autodesk")
    add_license(
        entry,
        name="AutoCAD — Design",
        serial_number="SN-ACAD-0042",
        inventory_number="INV-7781",
        purchase_order="PO-4711",
        invoice_number="RE-2026-19",
    )
    add_license(entry, name="AutoCAD — Other")
    cards = page.get_by_test_id("license-card")
    for term in ("SN-ACAD-0042", "inv-7781", "RE-2026-19", "PO-4711"):
        page.goto("/licenses?q=" + term)
        expect(cards).to_have_count(1)
        expect(cards.get_by_test_id("card-title")).to_have_text("AutoCAD — Design")
    page.get_by_label("Search licenses").fill("re-2026")
    expect(cards).to_have_count(1)
    shot(page, "license-record-02-search-invoice")

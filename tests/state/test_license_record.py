"""The license page shows every field the form records. The column walk fails as
soon as a License column has neither a place on the page nor a reason to be hidden."""

from __future__ import annotations

from sqlmodel import select

from license_hub.db import read_session
from license_hub.models import License
from license_hub.state.license_detail import _VALUE_LABELS
from license_hub.state.license_edit import FLAG_FIELDS, TEXT_FIELDS
from license_hub.state.views.licenses import NOT_RECORDED, RECORD_PANELS, SHOWN_AS, record_panels
from tests.factories import add_person, make_license, make_product

SHOWN = [name for _, _, fields in RECORD_PANELS for name, _ in fields]


def test_every_license_column_has_a_place_on_the_page():
    columns = {c.name for c in License.__table__.columns} - NOT_RECORDED
    missing = {SHOWN_AS.get(c, c) for c in columns} - set(SHOWN)
    assert not missing, f"License fields the page does not show: {sorted(missing)}"
    assert len(SHOWN) == len(set(SHOWN)), "a field is shown twice"


def test_every_field_the_form_sends_is_shown():
    sent = (set(TEXT_FIELDS) | set(FLAG_FIELDS) | {"business_owner_id"}) - {"clear_product_key"}
    assert sent <= set(SHOWN)


def _facts(lic_id: int, owner: str = "") -> dict[str, tuple[str, str]]:
    with read_session() as s:
        lic = s.exec(select(License).where(License.id == lic_id)).one()
        panels = record_panels(lic, software="AutoCAD", owner=owner, key_mask="••••-AB12", labels=_VALUE_LABELS)
    return {f.field: (p.key, f.value) for p in panels for f in p.facts}


def test_recorded_values_are_formatted_and_blanks_read_as_a_dash(database):
    owner = add_person("Olivia Owner", "olivia@example.com")
    lic_id = make_license(
        make_product("AutoCAD"),
        name="Design 2026",
        product_key="ABCD-EFGH-AB12",
        serial_number="SN-1",
        inventory_number="INV-9",
        invoice_number="RE-7",
        net_unit_price="100",
        vat_percent="21",
        currency="EUR",
        billing_cycle="one_time",
        status="pending_renewal",
        allocation_rule="floating",
        auto_renew="true",
        expiry_date="2027-03-01",
        business_owner_id=str(owner),
    )
    facts = _facts(lic_id, owner="Olivia Owner")
    assert set(facts) == set(SHOWN)
    assert facts["product_key"] == ("general", "••••-AB12")  # the mask, never the key
    assert "ABCD-EFGH" not in repr(facts)
    assert facts["catalog_entry_id"][1] == "AutoCAD"
    assert facts["business_owner_id"] == ("details", "Olivia Owner")
    assert facts["serial_number"] == ("details", "SN-1")
    assert facts["invoice_number"] == ("purchase", "RE-7")
    assert facts["net_unit_price"][1] == "€100.00"
    assert facts["vat_percent"][1] == "21%"
    assert facts["gross_unit_price"][1] == "€121.00"  # derived on save (seed 002)
    assert facts["billing_cycle"][1] == "One-time"
    assert facts["status"][1] == "Pending renewal"
    assert facts["allocation_rule"] == ("assignment", "Floating")
    assert facts["auto_renew"] == ("validity", "Yes")
    assert facts["perpetual"][1] == "No"
    assert facts["location"][1] == "—"
    assert facts["custom_cycle_months"][1] == "—"
    assert facts["notes"] == ("notes", "—")

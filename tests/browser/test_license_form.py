"""The license form with every panel filled, the key masked everywhere and
revealed only to key.reveal (each reveal in the audit trail), a Viewer refused
even when the browser forges the call, and the form's refusals next to their
fields with nothing saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, License
from license_hub.services.seats import assignments as seats
from license_hub.state.key_reveal import KeyRevealState
from tests.browser.helpers import card, choose, expect_toast
from tests.factories import add_license, add_person, add_product, in_days

pytestmark = pytest.mark.browser

KEY = "ADBE-7781-QQWE-9Z2K"
SEAT_KEY = "SEAT-0001-ZZXX-77PQ"


def _reveals(object_type: str) -> list[tuple[str, int]]:
    with read_session() as s:
        rows = s.exec(
            select(AuditEvent.actor, AuditEvent.object_id)
            .where(AuditEvent.action == "reveal_key", AuditEvent.object_type == object_type)
            .order_by(AuditEvent.seq)
        )
        return [tuple(r) for r in rows]


def _fill_every_panel(form, page) -> None:
    # General
    choose(form, page, "Software", "Adobe Creative Cloud")
    form.get_by_label("License name", exact=True).fill("Design team 2026")
    form.get_by_label("Licensed To", exact=True).fill("Acme BV")
    form.get_by_label("Vendor Name", exact=True).fill("Adobe Ireland")
    choose(form, page, "License Type", "Volume License")
    choose(form, page, "License Status", "Pending renewal")
    form.get_by_label("Seats Total", exact=True).fill("25")
    choose(form, page, "Seat type", "Device")
    form.get_by_label("Quantity per user/computer", exact=True).fill("2")
    # Details
    choose(form, page, "Scope", "Department")
    choose(form, page, "Compliance Status", "Review Required")
    form.get_by_label("Version", exact=True).fill("2026")
    form.get_by_label("Organization", exact=True).fill("Acme Holding")
    form.get_by_label("Organizational structure", exact=True).fill("Marketing › Design")
    form.get_by_label("Location", exact=True).fill("Utrecht")
    form.get_by_label("Serial number", exact=True).fill("SN-99812")
    form.get_by_label("Inventory number", exact=True).fill("INV-0042")
    form.get_by_label("Business owner", exact=True).fill("Oli")
    form.get_by_test_id("owner-option").filter(has_text="Olivia Owner").click()
    expect(form.get_by_test_id("picked-owner")).to_have_text("Olivia Owner")
    # Purchase
    form.get_by_label("PO / Order Number", exact=True).fill("PO-7781")
    form.get_by_label("Invoice number", exact=True).fill("F-2026-0415")
    form.get_by_label("Initial Purchase Date", exact=True).fill("2026-01-15")
    form.get_by_label("Currency", exact=True).fill("USD")
    choose(form, page, "Billing cycle", "Custom")
    form.get_by_label("Custom cycle (months)", exact=True).fill("18")
    form.get_by_label("Cost per seat", exact=True).fill("48.40")
    form.get_by_label("Total cost", exact=True).fill("1210")
    form.get_by_label("Net unit price", exact=True).fill("40")
    form.get_by_label("VAT%", exact=True).fill("21")
    form.get_by_label("VAT%", exact=True).press("Tab")
    expect(form.get_by_label("Gross unit price", exact=True)).to_have_value("48.40")  # computed, kept consistent
    # Validity
    form.get_by_label("Start Date", exact=True).fill("2026-02-01")
    form.get_by_label("Expiry Date", exact=True).fill(in_days(20))
    form.get_by_label("Renewal date", exact=True).fill(in_days(10))
    form.get_by_label("Auto-renew", exact=True).click()
    form.get_by_label("Renewal notice days", exact=True).fill("45")
    form.get_by_label("Cancellation notice days", exact=True).fill("60")
    form.get_by_label("Maintenance Expiry Date", exact=True).fill(in_days(300))
    form.get_by_label("Maintenance and support included", exact=True).click()
    # Assignment
    choose(form, page, "Allocation rules", "Floating")
    form.get_by_label("Reassignable", exact=True).click()  # on by default: now off
    form.get_by_label("Geographic restrictions", exact=True).fill("EU only")
    form.get_by_label("Usage restrictions", exact=True).fill("Non-commercial")
    form.get_by_label("Virtualisation rights", exact=True).fill("Up to 2 VMs")
    form.get_by_label("Capacity alert threshold %", exact=True).fill("80")
    # Keys and Notes
    form.get_by_label("Product Key", exact=True).fill(KEY)
    form.get_by_label("Notes", exact=True).fill("Renewal quote requested in March.")


def test_every_panel_saved_masked_and_revealed_with_audit(page, shot):
    add_product("Adobe Creative Cloud", publisher="Adobe")
    owner = add_person("Olivia Owner", "olivia@example.com")
    page.goto("/licenses")
    page.get_by_test_id("add-license").click()
    form = page.get_by_role("dialog")
    expect(form.get_by_label("Seats Total", exact=True)).to_have_value("1")  # seed 003's defaults
    expect(form.get_by_label("Currency", exact=True)).to_have_value("EUR")
    expect(form.get_by_label("Renewal notice days", exact=True)).to_have_value("30")
    shot(page, "form-01-new", full_page=False)
    _fill_every_panel(form, page)
    form.get_by_role("button", name="Purchase").click()  # the panel index scrolls to its panel
    expect(form.get_by_test_id("panel-purchase")).to_be_in_viewport()
    shot(page, "form-02-filled-purchase", full_page=False)
    form.get_by_role("button", name="Save").click()
    expect_toast(page, "License added")

    with read_session() as s:
        lic = s.exec(select(License)).one()
    assert (lic.name, lic.licensed_to, lic.vendor, lic.license_type, lic.status) == (
        "Design team 2026",
        "Acme BV",
        "Adobe Ireland",
        "Volume License",
        "pending_renewal",
    )
    assert (lic.seats_total, lic.seat_type, lic.quantity_per_seat, lic.scope, lic.compliance_override) == (
        25,
        "device",
        2,
        "Department",
        "Review Required",
    )
    assert (lic.version, lic.organization, lic.org_unit, lic.location, lic.serial_number, lic.inventory_number) == (
        "2026",
        "Acme Holding",
        "Marketing › Design",
        "Utrecht",
        "SN-99812",
        "INV-0042",
    )
    assert lic.business_owner_id == owner
    assert (lic.purchase_order, lic.invoice_number, lic.purchase_date, lic.currency) == (
        "PO-7781",
        "F-2026-0415",
        date(2026, 1, 15),
        "USD",
    )
    assert (lic.billing_cycle, lic.custom_cycle_months, lic.cost_per_seat, lic.total_cost) == (
        "custom",
        18,
        Decimal("48.40"),
        Decimal("1210.00"),
    )
    assert (lic.net_unit_price, lic.vat_percent, lic.gross_unit_price) == (
        Decimal("40.00"),
        Decimal("21.00"),
        Decimal("48.40"),
    )
    assert (lic.start_date, lic.expiry_date.isoformat(), lic.renewal_date.isoformat()) == (
        date(2026, 2, 1),
        in_days(20),
        in_days(10),
    )
    assert (lic.perpetual, lic.auto_renew, lic.maintenance_included) == (False, True, True)
    assert (lic.renewal_notice_days, lic.cancellation_notice_days, lic.maintenance_expiry_date.isoformat()) == (
        45,
        60,
        in_days(300),
    )
    assert (lic.allocation_rule, lic.reassignable, lic.transferable, lic.capacity_threshold_pct) == (
        "floating",
        False,
        True,
        80,
    )
    assert (lic.restriction_geographic, lic.restriction_usage, lic.virtualization_rights) == (
        "EU only",
        "Non-commercial",
        "Up to 2 VMs",
    )
    assert lic.notes == "Renewal quote requested in March."

    # Masked on the card; the edit form shows the mask, never the key.
    the_card = card(page, "Design team 2026")
    expect(the_card.get_by_test_id("masked-key")).to_have_text("••••-••••-9Z2K")
    expect(the_card.get_by_test_id("countdown")).to_have_text("Expires in 20 days")
    the_card.get_by_role("button", name="Edit license").click()
    form = page.get_by_role("dialog")
    expect(form.get_by_test_id("saved-key")).to_have_text("••••-••••-9Z2K")
    expect(form.get_by_label("Replace key", exact=True)).to_have_value("")
    expect(form.get_by_label("Custom cycle (months)", exact=True)).to_have_value("18")
    expect(form.get_by_test_id("picked-owner")).to_have_text("Olivia Owner")
    assert KEY not in page.content()
    form.get_by_label("Version", exact=True).fill("2026.1")
    form.get_by_role("button", name="Save").click()  # a blank "Replace key" keeps the saved key
    expect_toast(page, "License saved")
    assert _reveals("license") == []

    # Reveal on the license page: inline, for this user, recorded.
    with write_session() as s:
        seat = seats.assign(s, "test", lic.id, assignee_name="Dana Designer", seat_key=SEAT_KEY).id
    the_card.get_by_test_id("card-title").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Design team 2026")
    revealed = page.get_by_test_id("revealed-key")
    expect(revealed).to_be_hidden()
    page.get_by_role("button", name="Reveal product key").click()
    expect(revealed).to_have_text(KEY)
    assert _reveals("license") == [("admin@example.com", lic.id)]
    shot(page, "form-03-key-revealed", full_page=False)
    page.get_by_role("button", name="Hide key").first.click()
    expect(revealed).to_be_hidden()

    page.get_by_test_id("reveal-seat-key").click()
    expect(page.get_by_test_id("revealed-seat-key")).to_have_text(SEAT_KEY)
    assert _reveals("assignment") == [("admin@example.com", seat)]

    # Gone on navigation, and after 30 seconds.
    page.get_by_test_id("nav-licenses").click()
    expect(page.get_by_test_id("license-card")).to_have_count(1)
    assert KEY not in page.content()
    card(page, "Design team 2026").get_by_test_id("card-title").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Design team 2026")
    expect(revealed).to_be_hidden()
    page.clock.install()
    page.get_by_role("button", name="Reveal product key").click()
    expect(revealed).to_have_text(KEY)
    page.clock.run_for(31_000)
    expect(revealed).to_be_hidden()
    assert len(_reveals("license")) == 2


def test_viewer_sees_no_reveal_and_a_forged_reveal_is_refused(signed_in_as):
    entry = add_product("Figma", publisher="Figma")
    lid = add_license(entry, name="Design org", seats_total=3, product_key="FIGMA-0000-1111-2222")
    with write_session() as s:
        seats.assign(s, "test", lid, assignee_name="Sam", seat_key="SEAT-KEY-0001-AAAA")
    viewer = signed_in_as("Viewer")
    viewer.goto(f"/licenses/{lid}")
    expect(viewer.get_by_test_id("masked-key").first).to_have_text("••••-••••-2222")
    expect(viewer.get_by_test_id("seat-row")).to_have_count(1)
    expect(viewer.get_by_role("button", name="Reveal product key")).to_have_count(0)
    expect(viewer.get_by_role("button", name="Copy product key")).to_have_count(0)
    expect(viewer.get_by_test_id("reveal-seat-key")).to_have_count(0)

    # The browser can call any handler: rewrite the next event it sends into a reveal.
    forged = KeyRevealState.get_full_name() + ".reveal_product_key"
    viewer.evaluate(
        """name => { window.__reflex_otel = { onEventSend: (ev) => {
        if (window.__forged) return; window.__forged = true; ev.name = name; ev.payload = {}; } }; }""",
        forged,
    )
    viewer.get_by_label("Show reclaimed").click()
    expect_toast(viewer, "You do not have permission to do this")
    assert viewer.evaluate("window.__forged") is True
    assert _reveals("license") == []
    assert "FIGMA-0000" not in viewer.content()


def test_refusals_show_next_to_their_fields_and_nothing_is_saved(page, shot):
    add_product("Slack", publisher="Salesforce")
    page.goto("/licenses")
    page.get_by_test_id("add-license").click()
    form = page.get_by_role("dialog")
    choose(form, page, "Software", "Slack")
    form.get_by_label("License name", exact=True).fill("Slack Business+")
    form.get_by_label("Seats Total", exact=True).fill("0")
    form.get_by_label("Currency", exact=True).fill("EURO")
    form.get_by_label("Net unit price", exact=True).fill("100")
    form.get_by_label("VAT%", exact=True).fill("20")
    form.get_by_label("VAT%", exact=True).press("Tab")
    gross = form.get_by_label("Gross unit price", exact=True)
    expect(gross).to_have_value("120.00")
    gross.fill("100")
    form.get_by_label("Start Date", exact=True).fill("2026-05-01")
    form.get_by_label("Expiry Date", exact=True).fill("2026-04-01")
    form.get_by_label("Capacity alert threshold %", exact=True).fill("101")
    form.get_by_role("button", name="Save").click()

    expect(form.get_by_test_id("error-seats_total")).to_have_text("Seats total must be at least 1")
    expect(form.get_by_test_id("error-currency")).to_have_text("Use a three-letter ISO 4217 currency code, e.g. EUR")
    expect(form.get_by_test_id("error-gross_unit_price")).to_have_text(
        "Gross unit price must equal net × (1 + VAT%) = 120.00"
    )
    expect(form.get_by_test_id("error-expiry_date")).to_have_text("Expiry date must be after the start date")
    expect(form.get_by_test_id("error-capacity_threshold_pct")).to_have_text("Enter a percentage between 1 and 100")
    expect(form.get_by_test_id("error-seats_total")).to_be_in_viewport()  # the first refusal is scrolled to
    for panel in ("general", "purchase", "validity", "assignment"):
        expect(form.get_by_test_id(f"panel-error-{panel}")).to_be_visible()
    expect(form.get_by_test_id("panel-error-details")).to_have_count(0)
    shot(page, "form-04-refused", full_page=False)
    with read_session() as s:
        assert s.exec(select(func.count()).select_from(License)).one() == 0

    # Fixed, it saves; the typed values survived the refusal.
    expect(form.get_by_label("License name", exact=True)).to_have_value("Slack Business+")
    form.get_by_label("Seats Total", exact=True).fill("10")
    form.get_by_label("Currency", exact=True).fill("EUR")
    gross.fill("120.00")
    form.get_by_label("Expiry Date", exact=True).fill("2027-04-30")
    form.get_by_label("Capacity alert threshold %", exact=True).fill("90")
    form.get_by_role("button", name="Save").click()
    expect_toast(page, "License added")
    expect(card(page, "Slack Business+")).to_be_visible()
    with read_session() as s:
        lic = s.exec(select(License)).one()
    assert (lic.seats_total, lic.currency, lic.gross_unit_price, lic.capacity_threshold_pct) == (
        10,
        "EUR",
        Decimal("120.00"),
        90,
    )

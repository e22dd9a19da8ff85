"""Contracts in the browser: upload an order form to a license, review what was
found, accept two fields and reject one (only the accepted two reach the
license), delete a document after a confirmation; and create a catalog entry and
a license from a contract."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from license_hub.db import read_session
from license_hub.models import License
from tests.browser.conftest import EXPECT_TIMEOUT
from tests.factories import add_license, add_product
from tests.services.documents.corpus import CORPUS

pytestmark = pytest.mark.browser
SLOW = 30_000  # uploads are read and the app answers over one websocket; a loaded machine needs the slack


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=EXPECT_TIMEOUT)


def expect_toast(page, text: str) -> None:
    expect(page.locator("[data-sonner-toast]").filter(has_text=text).first).to_be_visible(timeout=SLOW)


def test_upload_a_contract_accept_two_fields_reject_one(page, shot):
    acme = add_product("Acme Design Pro", publisher="Acme")
    lic = add_license(acme, name="Design team", seats_total=20, purchase_order="OLD-PO")

    page.goto(f"/licenses/{lic}")
    expect(page.get_by_test_id("documents-empty")).to_be_visible()
    page.get_by_test_id("document-file").set_input_files(str(CORPUS / "01_order_form_acme.pdf"))
    page.get_by_test_id("document-upload").click()
    expect_toast(page, "Document uploaded")
    rows = page.get_by_test_id("document-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("01_order_form_acme.pdf")
    expect(rows.first).to_contain_text("PDF")
    expect(rows.first).to_contain_text("admin@example.com")
    panel = page.get_by_test_id("document-review-panel")
    expect(panel.get_by_test_id("found-seats")).to_have_text("250")
    expect(panel.get_by_test_id("review-deadline")).to_contain_text("29 Jan 2027")
    seats_row = panel.get_by_test_id("review-row").filter(has_text="Seats")
    expect(seats_row.first).to_contain_text("20")
    shot(page, "documents-01-review")

    panel.get_by_test_id("accept-seats").click()
    panel.get_by_test_id("accept-end_date").click()
    panel.get_by_test_id("reject-po_number").click()
    shot(page, "documents-02-decided")
    panel.get_by_test_id("review-save").click()
    expect_toast(page, "2 fields saved to the license")
    expect(panel.get_by_test_id("review-row").filter(has_text="PO or quote number")).to_contain_text("Rejected")
    expect(panel.get_by_test_id("review-row").filter(has_text="Seats").first).to_contain_text("Saved")
    with read_session() as s:
        saved = s.get(License, lic)
    assert (saved.seats_total, saved.expiry_date.isoformat(), saved.purchase_order) == (250, "2027-02-28", "OLD-PO")
    assert saved.total_cost is None, "not accepted, not saved"
    expect(rows.first).to_contain_text("to review")
    shot(page, "documents-03-saved")

    # A scanned PDF says it needs OCR; deleting asks first.
    page.get_by_test_id("document-file").set_input_files(str(CORPUS / "05_scanned_no_text.pdf"))
    page.get_by_test_id("document-upload").click()
    expect(page.get_by_test_id("review-note")).to_contain_text("needs OCR")
    expect(rows).to_have_count(2)
    rows.filter(has_text="05_scanned").get_by_test_id("document-delete").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Delete this document?")
    shot(page, "documents-04-confirm-delete", full_page=False)
    page.get_by_test_id("document-delete-confirm").click()
    expect(rows).to_have_count(1, timeout=SLOW)
    expect_toast(page, "Document deleted")


def test_create_a_license_from_a_contract(page, shot):
    page.goto("/licenses")
    page.get_by_role("link", name="Create from contract").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Create from contract")
    shot(page, "documents-05-from-contract-upload")
    page.get_by_test_id("contract-file").set_input_files(str(CORPUS / "03_master_agreement_autorenew.pdf"))
    page.get_by_test_id("contract-upload").click()
    expect(page.get_by_test_id("contract-product")).to_have_value("Umbrella Secure Gateway")
    expect(page.get_by_test_id("contract-publisher")).to_have_value("Umbrella Systems Ltd")
    table = page.get_by_test_id("proposal-table")
    expect(table).to_contain_text("500")
    page.get_by_test_id("keep-total").click()  # leave the total out
    shot(page, "documents-06-proposal")
    page.get_by_test_id("contract-create").click()
    expect_toast(page, "License created from the contract")
    expect(page.get_by_test_id("page-title")).to_have_text("Umbrella Secure Gateway")
    expect(page.get_by_test_id("document-row")).to_contain_text("03_master_agreement_autorenew.pdf")
    with read_session() as s:
        lic = s.query(License).one()
    assert (lic.seats_total, lic.currency, lic.auto_renew, lic.cancellation_notice_days) == (500, "GBP", True, 60)
    assert lic.total_cost is None
    shot(page, "documents-07-created")

"""The import wizard in a browser: a Snipe-IT file with one bad row shows the error
row and cannot be imported; the corrected file imports, all of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import func, select

from license_hub.db import read_session
from license_hub.models import Assignment, License

BAD = (
    "Full Name,Email,Username,Item name,serial number,Category,manufacturer,purchase date,purchase cost,"
    "purchase order,order number,Licensed To Name,Licensed to Email,expiration date,maintained,reassignable,"
    "seats,company,supplier,notes\r\n"
    'Ada Lovelace,ada@example.com,ada,Acrobat Pro,ACRO-1,Design,Adobe,01/15/2025,"$1,234.50",PO-7,INV-9,'
    "Finance,,12/31/2027,yes,no,2,Acme,SHI,\r\n"
    'Grace Hopper,grace@example.com,grace,Acrobat Pro,ACRO-1,Design,Adobe,01/15/2025,"$1,234.50",PO-7,INV-9,'
    "Finance,,12/31/2027,yes,no,2,Acme,SHI,\r\n"
    'Linus Torvalds,linus@example.com,linus,Acrobat Pro,ACRO-1,Design,Adobe,01/15/2025,"$1,234.50",PO-7,INV-9,'
    "Finance,,12/31/2027,yes,no,2,Acme,SHI,\r\n"
    "Bob,bob@example.com,bob,Sublime Text,,Dev,Sublime HQ,2024-06-01,80,,,,,,no,yes,5,Acme,,\r\n"
)
pytestmark = pytest.mark.browser
SLOW = 30_000  # an upload and a dry run, on a busy machine

GOOD = BAD.replace(",yes,no,2,", ",yes,no,3,")


def _choose(page, text: str) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "snipe-licenses.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )


def _count(model) -> int:
    with read_session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_import_wizard_blocks_a_bad_row_then_imports_the_corrected_file(page, shot):
    page.goto("/licenses/import")
    expect(page.get_by_test_id("import-dropzone")).to_be_visible()
    shot(page, "license-import-01-upload")

    _choose(page, BAD)
    expect(page.get_by_test_id("import-format")).to_have_text(
        "Snipe-IT licenses (sample / command-line headers)", timeout=SLOW
    )
    expect(page.get_by_test_id("import-row")).to_have_count(4)
    expect(page.get_by_test_id("import-count-error")).to_contain_text("1")
    error_row = page.get_by_test_id("import-row").nth(2)
    expect(error_row).to_contain_text("No seats remaining on this license")
    expect(page.get_by_test_id("import-summary")).to_contain_text("nothing can be imported")
    expect(page.get_by_test_id("import-commit")).to_be_disabled()
    shot(page, "license-import-02-bad-row")
    assert _count(License) == 0

    page.get_by_role("button", name="Start over").click()
    _choose(page, GOOD)
    expect(page.get_by_test_id("import-count-created")).to_contain_text("2", timeout=SLOW)
    expect(page.get_by_test_id("import-count-error")).to_contain_text("0")
    shot(page, "license-import-03-ready")
    page.get_by_test_id("import-commit").click()
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("2 licenses created", timeout=SLOW)
    expect(page.get_by_text("Import complete")).to_have_count(2)  # the page and the toast
    shot(page, "license-import-04-done")
    assert (_count(License), _count(Assignment)) == (2, 4)

    page.get_by_role("button", name="Import another file").click()
    _choose(page, GOOD)  # the same file again: nothing to do
    expect(page.get_by_test_id("import-count-unchanged")).to_contain_text("4", timeout=SLOW)
    shot(page, "license-import-05-unchanged")


def test_unknown_columns_are_mapped_by_hand(page, shot):
    page.goto("/licenses/import")
    _choose(page, "Product,How many\r\nMiro,5\r\n")
    expect(page.get_by_test_id("import-format")).to_have_text("Unknown columns: map them below", timeout=SLOW)
    expect(page.get_by_test_id("import-column")).to_have_count(2)
    page.get_by_test_id("import-column").nth(0).get_by_role("combobox").click()
    page.get_by_role("option", name="Software", exact=True).click()
    page.get_by_test_id("import-column").nth(1).get_by_role("combobox").click()
    page.get_by_role("option", name="Seats total", exact=True).click()
    shot(page, "license-import-06-mapping")
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-count-created")).to_contain_text("1", timeout=SLOW)

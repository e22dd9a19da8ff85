"""The audit log page: filters in the URL, server-side paging, the chain check,
the CSV export carrying the filters and the head hash, and a tampered row
named by the red banner."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from license_hub.db import read_session, write_session
from license_hub.models import AuditChainHead
from license_hub.services.directory import people
from license_hub.services.licenses import lifecycle as licenses
from tests.browser.helpers import choose
from tests.factories import add_license, add_product

pytestmark = pytest.mark.browser


def _changes() -> int:
    """A product and a license by ops, a seat-count change by ana, and enough
    people that the log runs past one page."""
    entry = add_product("Figma", publisher="Figma Inc.")
    lid = add_license(entry, name="Design team", seats_total=5)
    with write_session() as s:
        licenses.update(s, "ana@example.com", lid, {"seats_total": 8})
    with write_session() as s:
        for n in range(55):
            people.create_person(s, "ops@example.com", name=f"Person {n:02d}", email=f"p{n:02d}@example.com")
    return lid


def _head() -> AuditChainHead:
    with read_session() as s:
        return s.get(AuditChainHead, 1)


def test_filter_verify_export_and_detect_tampering(page, shot):
    lid = _changes()
    page.goto("/audit-log")
    banner = page.get_by_test_id("chain-banner")
    expect(banner).to_contain_text("Chain verified")
    head = _head()
    expect(banner.get_by_test_id("chain-text")).to_have_text(
        f"Chain verified: {head.seq} events, head {head.hash[:12]}…"
    )
    expect(page.get_by_test_id("pager-range")).to_have_text(f"1–50 of {head.seq} events")
    expect(page.get_by_test_id("event-row")).to_have_count(50)
    shot(page, "audit-01-verified")

    # Server-side paging, in the URL.
    page.get_by_label("Next page").click()
    expect(page).to_have_url(re.compile(r"/audit-log\?page=2$"))
    expect(page.get_by_test_id("pager-range")).to_have_text(f"51–{head.seq} of {head.seq} events")

    # Filter by action: the readable diff says what changed.
    page.goto("/audit-log")
    choose(page, page, "Action", "Update")
    expect(page).to_have_url(re.compile(r"action=update"))
    rows = page.get_by_test_id("event-row")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("action-badge")).to_have_text("Update")
    expect(rows.first.get_by_test_id("event-diff")).to_have_text("Seats total: 5 → 8")
    expect(rows.first.get_by_test_id("object-link")).to_have_attribute("href", f"/licenses/{lid}")
    expect(rows.first.get_by_test_id("object-link")).to_have_text("License · Design team")
    shot(page, "audit-02-action-filter")

    # ...and by actor, on top of it: nothing by ops is an update.
    page.get_by_label("Actor").fill("ops@example.com")
    expect(page).to_have_url(re.compile(r"actor=ops%40example.com"))
    expect(page.get_by_test_id("empty-state")).to_contain_text("No events match these filters")
    choose(page, page, "Action", "All actions")
    expect(page).not_to_have_url(re.compile(r"action="))
    expect(page.get_by_test_id("pager-range")).to_have_text("1–50 of 55 events")
    for actor in page.get_by_test_id("event-actor").all_inner_texts():
        assert actor == "ops@example.com"
    shot(page, "audit-03-actor-filter")

    # Export what is on screen: the link carries the filters; the file carries the head hash.
    choose(page, page, "Action", "Create")
    expect(page).to_have_url(re.compile(r"action=create"))
    expect(page.get_by_test_id("export-csv")).to_have_attribute(
        "href", "/api/v1/audit-log.csv?actor=ops%40example.com&action=create"
    )
    with page.expect_download() as info:
        page.get_by_test_id("export-csv").click()
    download = info.value
    assert download.suggested_filename.startswith("audit-log-") and download.suggested_filename.endswith(".csv")
    lines = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    head = _head()
    assert lines[0][:2] == ["# chain_head_hash", head.hash] and lines[0][-1] == "True"
    assert lines[1] == [
        "seq",
        "occurred_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "diff",
        "prev_hash",
        "hash",
    ]
    assert len(lines) == 2 + 55 and {(r[2], r[3]) for r in lines[2:]} == {("ops@example.com", "create")}

    # A date range with nothing in it.
    page.get_by_label("From").fill("2099-01-01")
    expect(page).to_have_url(re.compile(r"since=2099-01-01"))
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    page.get_by_test_id("clear-filters").click()
    expect(page).to_have_url(re.compile(r"/audit-log$"))

    # Someone edits a row behind the application's back: the banner names it.
    with write_session() as s:
        s.execute(text("UPDATE audit_event SET actor = 'mallory@example.com' WHERE seq = 3"))
    page.reload()
    banner = page.get_by_test_id("chain-banner")
    # A visit checks only what is new since the last verified checkpoint; the whole walk finds the edit.
    expect(banner).to_contain_text("Chain verified")
    page.get_by_test_id("verify-whole-chain").click()
    expect(banner).to_contain_text("Chain check failed: event 3 was altered")
    expect(banner).to_contain_text("Events from #3 on cannot be trusted")
    shot(page, "audit-04-tampered")

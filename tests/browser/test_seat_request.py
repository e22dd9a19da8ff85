"""A holder answers "Keep my seat" or "I no longer need it" from their link, without
an app account; an admin sees the requests still waiting and cancels one."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from license_hub import db
from license_hub.models import Assignment
from license_hub.models.types import utcnow
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import reclaim, seat_request
from tests.browser.helpers import expect_toast
from tests.factories import ACTOR, add_person, make_license


def _ask(count: int) -> tuple[int, list[int], list[str]]:
    lic = make_license(seats_total=5, name="Design team")
    pids = [add_person(f"Holder {n}", f"holder{n}@example.com") for n in range(count)]
    with db.write_session() as s:
        aids = [seats.assign(s, ACTOR, lic, person_id=p).id for p in pids]
        reclaim.request_confirmation(s, ACTOR, aids, days=7)
    with db.read_session() as s:
        reqs = reclaim.open_requests(s, aids)
        return lic, aids, [seat_request.link_for(reqs[a]) for a in aids]


def _revoked(aid: int) -> bool:
    with db.read_session() as s:
        return s.get(Assignment, aid).revoked_at is not None


def test_holders_answer_from_their_link_without_signing_in(signed_in_as, shot):
    lic, (kept, given), (keep_link, give_link) = _ask(2)
    page = signed_in_as(None)
    page.goto(keep_link)
    expect(page.get_by_text("Do you still need your seat?")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("seat-software")).to_contain_text("Design team")
    expect(page.get_by_text("Holder 0")).to_be_visible()
    shot(page, "seat-request-01-question")
    page.get_by_test_id("keep-seat").click()
    expect(page.get_by_test_id("seat-answered")).to_contain_text("you keep your seat")
    expect_toast(page, "you keep your seat")
    shot(page, "seat-request-02-kept")
    assert not _revoked(kept)
    page.reload()
    expect(page.get_by_role("alert")).to_contain_text(seat_request.ALREADY_ANSWERED, timeout=30_000)
    expect(page.get_by_test_id("keep-seat")).to_have_count(0)

    page.goto(give_link)
    page.get_by_test_id("give-up-seat").click()
    shot(page, "seat-request-03-confirm", full_page=False)
    page.get_by_test_id("confirm-give-up").click()
    expect(page.get_by_test_id("seat-answered")).to_contain_text("your seat was given back")
    assert _revoked(given)
    shot(page, "seat-request-04-given-up")

    page.goto(give_link[:-3] + "abc")  # forged
    expect(page.get_by_role("alert")).to_contain_text(seat_request.INVALID_LINK, timeout=30_000)
    expect(page.get_by_test_id("keep-seat")).to_have_count(0)
    shot(page, "seat-request-05-forged")


def test_admin_cancels_a_pending_request(page, shot):
    lic, (aid,), (link,) = _ask(1)
    page.goto("/utilization")
    table = page.get_by_test_id("pending-requests")
    expect(table).to_contain_text("Holder 0", timeout=30_000)
    expect(table).to_contain_text("No answer yet")
    expect(table).to_contain_text(f"{utcnow() + timedelta(days=7):%d %b %Y}")
    shot(page, "seat-request-06-pending")
    table.get_by_test_id("cancel-request").click()
    page.get_by_test_id("confirm-cancel-request").click()
    expect_toast(page, "Request cancelled")
    expect(page.get_by_test_id("pending-requests")).to_have_count(0)
    shot(page, "seat-request-07-cancelled")
    assert not _revoked(aid)
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text(seat_request.CANCELLED, timeout=30_000)

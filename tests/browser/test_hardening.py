"""What a visitor sees when the app defends itself: signing out leaves nothing of
the previous user in the tab, and a guessing spree meets a wait, not a lock."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, make_user


def test_sign_out_leaves_nothing_of_the_previous_user_on_sign_in(signed_in_as, shot):
    make_user("Viewer", "quiet.colleague@example.com")
    page = signed_in_as("Admin", "boss@example.com")
    sockets: list[list[str]] = []

    def record(ws):
        frames: list[str] = []
        sockets.append(frames)
        ws.on("framereceived", lambda payload: frames.append(str(payload)))

    page.on("websocket", record)
    page.goto("/settings/users")
    expect(page.get_by_text("quiet.colleague@example.com")).to_be_visible(timeout=30_000)
    assert any("quiet.colleague@example.com" in f for f in sockets[-1])  # the recording is real
    before = len(sockets)
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/sign-in"))
    expect(page.get_by_label("Email")).to_be_visible()
    page.wait_for_timeout(1000)
    after = [f for frames in sockets[before:] for f in frames]  # what the /sign-in page's connection received
    received = "\n".join(after)
    assert after, "no websocket frame after sign-out"
    for trace in ("quiet.colleague@example.com", "boss@example.com", "Admin User"):
        assert trace not in received, f"{trace} reached /sign-in after sign-out"
    shot(page, "hardening-01-signed-out")


def test_repeated_wrong_passwords_meet_a_wait(signed_in_as, shot):
    make_user("Viewer", "vera@example.com")
    page = signed_in_as(None)
    page.goto("/sign-in")
    statuses: list[int] = []
    for _ in range(14):  # delays grow 1 s, 2 s, 4 s...: soon longer than a round trip
        page.get_by_label("Email").fill("vera@example.com")
        page.get_by_label("Password").fill("not the password")
        with page.expect_response(lambda r: r.url.endswith("/api/v1/session"), timeout=60_000) as answer:
            page.get_by_test_id("sign-in").click()
        statuses.append(answer.value.status)
        expect(page.get_by_role("alert")).to_be_visible(timeout=30_000)
        # Go on until the wait is long enough that the next attempt surely falls inside it.
        if statuses[-1] == 429 and int(answer.value.headers["retry-after"]) >= 4:
            break
    assert statuses[:5] == [303] * 5 and statuses[-1] == 429
    # The right password must wait too: sent at once, while the wait the 429 named still runs
    # (a screenshot first could outlast a short wait on a loaded machine).
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/session"), timeout=60_000) as answer:
        page.get_by_test_id("sign-in").click()
    assert answer.value.status == 429
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins. Try again in", timeout=30_000)
    shot(page, "hardening-02-throttled")

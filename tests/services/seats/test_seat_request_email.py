"""The holders asked about their seats get an email, through the reminder outbox
and a real local SMTP server, carrying their own answer link, and that link
answers their request without an app account."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.jobs import outbox, reminder_scan
from license_hub.models import Person, Reminder, ReminderDelivery
from license_hub.services.seats import reclaim, reclaim_plan, seat_request
from tests.services.notify.test_mailer import _cfg, smtp_server  # noqa: F401 - the fixture
from tests.services.seats.test_seat_request import NOW, _seat, asked  # noqa: F401 - the fixture

LINK = re.compile(r"https://licenses\.example\.com(/seat-request/\S+)")


def _notify(asked, cfg) -> None:  # noqa: F811
    with write_session() as s:
        reclaim_plan.notify_asked(
            s,
            asked["license"],
            asked["people"],
            NOW + timedelta(days=7),
            request_ids=asked["requests"],
            now=NOW,
            config=cfg,
        )


def test_each_asked_holder_is_emailed_their_own_answer_link(asked, smtp_server):  # noqa: F811
    sink, port = smtp_server
    cfg = _cfg(port)
    _notify(asked, cfg)
    _notify(asked, cfg)  # asked again the same day: no second email
    assert outbox.send_pending(now=NOW, config=cfg) == 3
    with read_session() as s:
        addresses = {s.get(Person, p).email.lower(): i for i, p in enumerate(asked["people"])}
    assert sorted(r for _, rcpts, _ in sink.received for r in rcpts) == sorted(addresses)
    for (_, rcpts, _), msg in zip(sink.received, sink.messages()):
        i = addresses[rcpts[0]]
        assert msg["Subject"].startswith("Do you still need your")
        links = LINK.findall(msg.get_content())
        assert links == [seat_request.PATH + asked["tokens"][i]]
        assert "you hold a seat of this license" in msg.get_content() and "administrator" not in msg.get_content()
    # The emailed link answers the holder's own request.
    first = addresses[sink.received[0][1][0]]
    token = LINK.findall(sink.messages()[0].get_content())[0].removeprefix(seat_request.PATH)
    with write_session() as s:
        seat_request.answer(s, token, reclaim.GIVE_UP, now=NOW + timedelta(days=1))
    assert _seat(asked["seats"][first]).revoked_at is not None


def test_the_anchor_reminder_stays_out_of_the_reminder_scan(asked):  # noqa: F811
    cfg = _cfg(2525)
    _notify(asked, cfg)
    with read_session() as s:
        anchor = s.exec(select(Reminder).where(Reminder.kind == "seat_request")).one()
    assert anchor.cleared_at is not None and anchor.due_on is None
    reminder_scan.run(today=(NOW + timedelta(days=1)).date(), now=NOW + timedelta(days=1), config=cfg)
    with read_session() as s:
        assert s.get(Reminder, anchor.id).cleared_at is not None
        rows = s.exec(select(ReminderDelivery).where(ReminderDelivery.reminder_id == anchor.id)).all()
    assert len(rows) == 3 and all(r.channel == "email" for r in rows)  # the three asks, nothing from the scan


def test_no_email_when_email_is_off(asked):  # noqa: F811
    from license_hub.services.notify.notify_settings import NotifySettings

    _notify(asked, NotifySettings(smtp_host=""))
    with read_session() as s:
        assert s.exec(select(Reminder).where(Reminder.kind == "seat_request")).first() is None

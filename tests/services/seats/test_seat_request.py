"""Answering a keep-or-give-up request through its link: the token answers its own
request only, once, before the deadline; keep and give up; admins cancel; and at the
deadline a seat used since the question is kept (a controlled clock throughout)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, License, Person
from license_hub.models.utilization import ReclaimRequest
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import reclaim, reclaim_plan, seat_request
from tests.factories import ACTOR, make_license, make_people

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def _set(model, row_id: int, **values) -> None:
    with write_session() as s:
        s.exec(update(model).where(model.id == row_id).values(**values))


@pytest.fixture
def asked(database):
    """A license with three idle seats whose holders were asked 7 days to answer."""
    lic = make_license(seats_total=5)
    pids = make_people(3, prefix="holder")
    with write_session() as s:
        aids = [seats.assign(s, ACTOR, lic, person_id=p).id for p in pids]
    for aid in aids:
        _set(Assignment, aid, assigned_at=NOW - timedelta(days=300), last_used_at=NOW - timedelta(days=200))
    for pid in pids:
        _set(Person, pid, last_sign_in_at=None)
    with write_session() as s:
        result = reclaim.request_confirmation(s, ACTOR, aids, days=7, now=NOW)
    with read_session() as s:
        reqs = reclaim.open_requests(s, aids)
        tokens = [seat_request.token_for(reqs[a]) for a in aids]
    return {"license": lic, "people": pids, "seats": aids, "tokens": tokens, "requests": result.request_ids}


def _seat(aid: int) -> Assignment:
    with read_session() as s:
        return s.get(Assignment, aid)


def _used(lic: int) -> int:
    with read_session() as s:
        return s.get(License, lic).seats_used


def test_the_link_shows_the_question(asked):
    with read_session() as s:
        q = seat_request.question(s, asked["tokens"][0], now=NOW + timedelta(days=1))
    assert q.refusal == "" and q.answer == "" and q.respond_by == NOW + timedelta(days=7)
    assert q.holder.startswith("holder")


def test_keep_records_the_answer_once_and_the_seat_stays(asked):
    lic, aid, token = asked["license"], asked["seats"][0], asked["tokens"][0]
    before = _used(lic)
    with write_session() as s:
        seat_request.answer(s, token, reclaim.KEEP, now=NOW + timedelta(days=1))
    seat = _seat(aid)
    assert seat.revoked_at is None and seat.last_used_at == NOW + timedelta(days=1)
    with pytest.raises(DomainError) as err, write_session() as s:  # answering twice changes nothing
        seat_request.answer(s, token, reclaim.GIVE_UP, now=NOW + timedelta(days=2))
    assert err.value.message == seat_request.ALREADY_ANSWERED
    assert _seat(aid).revoked_at is None and _used(lic) == before
    with write_session() as s:  # nor does the deadline
        reclaim.process_due(s, now=NOW + timedelta(days=8))
    assert _seat(aid).revoked_at is None
    with read_session() as s:
        req = s.execute(select(ReclaimRequest).where(ReclaimRequest.assignment_id == aid)).scalar_one()
        assert (req.response, req.outcome) == (reclaim.KEEP, "kept")


def test_give_up_reclaims_at_once_in_the_holders_name(asked):
    lic, aid, token = asked["license"], asked["seats"][1], asked["tokens"][1]
    before = _used(lic)
    with write_session() as s:
        seat_request.answer(s, token, reclaim.GIVE_UP, now=NOW + timedelta(days=1))
    seat = _seat(aid)
    assert seat.revoked_at == NOW + timedelta(days=1) and _used(lic) == before - 1
    assert "(seat request" in seat.revoked_by
    with read_session() as s:
        event = s.execute(select(AuditEvent).where(AuditEvent.action == "reclaim_given_up")).scalar_one()
        assert event.actor == seat.revoked_by and event.object_id == lic
    with pytest.raises(DomainError), write_session() as s:
        seat_request.answer(s, token, reclaim.GIVE_UP, now=NOW + timedelta(days=1))
    assert _used(lic) == before - 1


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # one character of the signature
        lambda t: str(int(t.split(".")[0]) + 1) + "." + t.split(".")[1],  # another request, same signature
        lambda t: t.split(".")[0],  # no signature
        lambda t: "",
        lambda t: "x" * 500,
        lambda t: "١." + t.split(".")[1],
        lambda t: t + ".x",
    ],
)
def test_a_forged_token_answers_nothing(asked, forge):
    with pytest.raises(NotFound) as err, write_session() as s:
        seat_request.answer(s, forge(asked["tokens"][0]), reclaim.GIVE_UP, now=NOW)
    assert err.value.message == seat_request.INVALID_LINK
    assert all(_seat(a).revoked_at is None for a in asked["seats"])


def test_a_token_signed_with_another_secret_is_refused(asked, monkeypatch):
    from license_hub.services.core import secrets

    real = secrets.derived_key
    assert real("seat-request") != real("other-purpose")  # one purpose per key
    monkeypatch.setattr(secrets, "derived_key", lambda purpose: real("other-purpose"))
    with read_session() as s:
        forged = seat_request.token_for(s.get(ReclaimRequest, asked["requests"][0]))
    monkeypatch.setattr(secrets, "derived_key", real)
    with pytest.raises(NotFound), write_session() as s:
        seat_request.answer(s, forged, reclaim.KEEP, now=NOW)


def test_an_expired_link_changes_nothing(asked):
    token, aid = asked["tokens"][2], asked["seats"][2]
    with pytest.raises(DomainError) as err, write_session() as s:
        seat_request.answer(s, token, reclaim.KEEP, now=NOW + timedelta(days=7, seconds=1))
    assert err.value.message == seat_request.LINK_EXPIRED
    with read_session() as s:
        assert s.get(ReclaimRequest, asked["requests"][2]).response is None
        assert seat_request.question(s, token, now=NOW + timedelta(days=8)).refusal == seat_request.LINK_EXPIRED
    assert _seat(aid).last_used_at == NOW - timedelta(days=200)


def test_admins_see_and_cancel_pending_requests(asked):
    with read_session() as s:
        pending = seat_request.pending(s)
    assert [p.id for p in pending] == list(asked["requests"])
    assert pending[0].respond_by == NOW + timedelta(days=7) and pending[0].answer == ""
    with write_session() as s:
        seat_request.cancel(s, ACTOR, asked["requests"][0], now=NOW + timedelta(days=1))
    with pytest.raises(DomainError) as err, write_session() as s:
        seat_request.cancel(s, ACTOR, asked["requests"][0])
    assert err.value.message == seat_request.ALREADY_CLOSED
    with pytest.raises(DomainError) as err, write_session() as s:  # the link stops working
        seat_request.answer(s, asked["tokens"][0], reclaim.GIVE_UP, now=NOW + timedelta(days=2))
    assert err.value.message == seat_request.CANCELLED
    with read_session() as s:
        assert [p.id for p in seat_request.pending(s)] == list(asked["requests"][1:])
        assert s.execute(select(AuditEvent).where(AuditEvent.action == "reclaim_request_cancel")).scalar_one()
    with write_session() as s:  # the deadline leaves a cancelled request's seat alone
        reclaim.process_due(s, now=NOW + timedelta(days=8))
    assert _seat(asked["seats"][0]).revoked_at is None


def test_at_the_deadline_a_seat_used_since_the_question_is_kept(asked):
    lic = asked["license"]
    used_seat, signed_in, silent = asked["seats"]
    _set(Assignment, used_seat, last_used_at=NOW + timedelta(days=2))
    _set(Assignment, signed_in, last_used_at=None)  # judged by sign-ins: the holder signed in since
    _set(Person, asked["people"][1], last_sign_in_at=NOW + timedelta(hours=1))
    _set(Person, asked["people"][2], last_sign_in_at=NOW + timedelta(hours=1))  # has usage data: not the signal
    with write_session() as s:
        early = reclaim.process_due(s, now=NOW + timedelta(days=6))
    assert (early.reclaimed, early.kept) == (0, 0)  # nothing is due before the deadline
    with write_session() as s:
        due = reclaim.process_due(s, now=NOW + timedelta(days=7))
    assert (due.reclaimed, due.kept) == (1, 2)
    assert _seat(used_seat).revoked_at is None and _seat(used_seat).last_used_at == NOW + timedelta(days=2)
    assert _seat(signed_in).revoked_at is None
    assert _seat(silent).revoked_at == NOW + timedelta(days=7)
    with read_session() as s:
        assert s.get(License, lic).seats_used == 2


def test_the_notice_links_each_holder_to_their_own_request(asked):
    from license_hub.models import Notification
    from license_hub.services.access import accounts as access

    with write_session() as s:
        emails = [s.get(Person, p).email for p in asked["people"]]
        for email in emails:
            access.create_user(s, ACTOR, email=email, password="correct horse battery", role="Viewer")
        sent = reclaim_plan.notify_asked(
            s, asked["license"], asked["people"], NOW + timedelta(days=7), request_ids=asked["requests"], now=NOW
        )
    assert sent == 3
    with read_session() as s:
        links = sorted(s.execute(select(Notification.link)).scalars())
    assert links == sorted(seat_request.PATH + t for t in asked["tokens"])


def test_two_answers_racing_on_one_link_count_once(asked):
    """Two tabs submit at once on their own connections: one answer lands, one is refused."""
    token, lic = asked["tokens"][1], asked["license"]
    before = _used(lic)
    outcomes, barrier = [], threading.Barrier(2)

    def answer():
        barrier.wait()
        try:
            with write_session() as s:
                seat_request.answer(s, token, reclaim.GIVE_UP, now=NOW + timedelta(days=1))
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=answer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["ok", seat_request.ALREADY_ANSWERED])
    assert _used(lic) == before - 1

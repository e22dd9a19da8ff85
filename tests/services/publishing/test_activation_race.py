"""50 programs activating at once on a 10-machine license: exactly 10 win, on real
separate connections, because the count is checked under the license-row lock."""

from __future__ import annotations

import threading

from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session
from license_hub.models import AuditEvent, PublishedLicense, PublishedMachine
from license_hub.services.core.errors import DomainError
from license_hub.services.publishing import machines
from tests.services.publishing.builders import make_issued, make_policy, make_published

RACERS, LIMIT = 50, 10


def test_fifty_activations_give_exactly_ten(database):
    policy = make_policy(make_published(), license_model="node-locked", max_machines=LIMIT)
    lid = make_issued(policy).license_id
    barrier = threading.Barrier(RACERS)
    wins, refusals, lock = [], [], threading.Lock()

    def racer(n: int) -> None:
        barrier.wait()
        try:
            machines.activate("program", lid, f"racer-fingerprint-{n:04d}")
            with lock:
                wins.append(n)
        except DomainError as exc:
            with lock:
                refusals.append(exc.message)

    threads = [threading.Thread(target=racer, args=(n,)) for n in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(wins) == LIMIT
    assert refusals == [machines.MACHINE_LIMIT] * (RACERS - LIMIT)
    with read_session() as s:
        assert s.get(PublishedLicense, lid).machines_count == LIMIT
        active = s.exec(
            select(func.count(PublishedMachine.id)).where(
                PublishedMachine.license_id == lid, PublishedMachine.deactivated_at.is_(None)
            )
        )
        assert active.one() == LIMIT
        refused = s.exec(select(func.count(AuditEvent.id)).where(AuditEvent.action == "activation_refused")).one()
        assert refused == RACERS - LIMIT

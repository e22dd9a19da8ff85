"""The daily auto-renew job: every license whose term ended renews on its own.

Each license renews in its own transaction under its row lock, so one refusal
does not hold the others back, and a second run or a second worker renews
nothing twice (see services/licenses/auto_renew.py)."""

from __future__ import annotations

import logging
from datetime import date

from license_hub.db import read_session, write_session
from license_hub.models.types import utcnow
from license_hub.services.licenses import auto_renew

log = logging.getLogger(__name__)


def run(*, today: date | None = None) -> list[auto_renew.Renewal]:
    today = today or utcnow().date()
    with read_session() as session:
        ids = auto_renew.due(session, today)
    done: list[auto_renew.Renewal] = []
    for license_id in ids:
        try:
            with write_session() as session:
                renewal = auto_renew.renew(session, license_id, today)
        except Exception:
            log.exception("auto-renew of license %s failed", license_id)
            continue
        if renewal is not None:
            done.append(renewal)
    if done:
        log.info("auto-renew %s: %d licenses rolled forward", today, len(done))
    return done

"""The Complete audit wizard asks which holders to reclaim when the count is lower
than the seats assigned, and reclaims the ticked ones with the audit."""

from __future__ import annotations

from reflex.state import State
from sqlmodel import select

import license_hub.license_hub  # noqa: F401 - imports every page, so every state exists
from license_hub.db import read_session, write_session
from license_hub.models import Assignment, License
from license_hub.services.access import accounts as access
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import usage_audits
from license_hub.state.usage_audit import UsageAuditState
from tests.factories import ACTOR, make_license

PW = "correct horse battery"


def test_wizard_asks_then_reclaims_the_ticked_holders(database):
    lic = make_license(seats_total=4)
    with write_session() as s:
        ids = [seats.assign(s, ACTOR, lic, assignee_name=n).id for n in ("Ann", "Bob", "Cy")]
        usage_audits.start(s, ACTOR, lic)
        access.create_user(s, ACTOR, email="admin@example.com", password=PW, role="Admin")
    token = access.sign_in("admin@example.com", PW)
    root = State(_reflex_internal_init=True)
    root.router_data = root._update_router_vars(
        {
            "headers": {"host": "localhost", "cookie": f"lh_session={token}"},
            "pathname": f"/licenses/{lic}",
            "asPath": f"/licenses/{lic}",
            "query": {"license_id": str(lic)},
        },
        root.router_data,
    )
    state = root.get_substate(UsageAuditState.get_full_name().split(".")[1:])
    state.lic_id = lic
    complete = UsageAuditState.event_handlers["complete"].fn
    complete(state, {"seats_after": "1", "notes": "", "next_audit": "none"})
    assert state.reclaim_needed == 2 and [h.name for h in state.reclaim_holders] == ["Ann", "Bob", "Cy"]
    assert "choose the 2 holders" in state.errors["seats_after"]
    complete(state, {"seats_after": "1", "next_audit": "none", f"reclaim_{ids[0]}": True, f"reclaim_{ids[2]}": "on"})
    assert state.reclaim_needed == 0 and state.errors == {}
    with read_session() as s:
        active = s.exec(
            select(Assignment.id).where(Assignment.license_id == lic, Assignment.revoked_at.is_(None))
        ).all()
        assert active == [ids[1]] and s.get(License, lic).seats_used == 1

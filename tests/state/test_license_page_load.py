"""The license page loads in one event: the record, its usage-audit panel and its
capacity forecast; another license's page (or a missing one) shows nothing stale."""

from __future__ import annotations

import asyncio

from reflex.state import State

import license_hub.license_hub  # noqa: F401 - imports every page, so every state exists
from license_hub.db import write_session
from license_hub.services.access import accounts as access
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import usage_audits
from license_hub.state.capacity import CapacityPanelState
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.usage_audit import UsageAuditState
from tests.factories import ACTOR, make_license, make_product

PW = "correct horse battery"


def _open(root: State, token: str, license_id: int) -> None:
    path = f"/licenses/{license_id}"
    root.router_data = root._update_router_vars(
        {
            "headers": {"host": "localhost", "cookie": f"lh_session={token}"},
            "pathname": path,
            "asPath": path,
            "query": {"license_id": str(license_id)},
        },
        root.router_data,
    )
    detail = root.get_substate(LicenseDetailState.get_full_name().split(".")[1:])
    asyncio.run(LicenseDetailState.event_handlers["load"].fn(detail))


def _sub(root: State, cls):
    return root.get_substate(cls.get_full_name().split(".")[1:])


def test_one_load_fills_the_record_the_audit_and_the_forecast(database):
    product = make_product("Miro")
    audited = make_license(product, seats_total=4, name="Audited")
    plain = make_license(product, seats_total=4, name="Plain")
    with write_session() as s:
        seats.assign(s, ACTOR, audited, assignee_name="Ann")
        usage_audits.start(s, ACTOR, audited)
        access.create_user(s, ACTOR, email="admin@example.com", password=PW, role="Admin")
    token = access.sign_in("admin@example.com", PW)
    root = State(_reflex_internal_init=True)
    detail, audit, capacity = (_sub(root, c) for c in (LicenseDetailState, UsageAuditState, CapacityPanelState))

    _open(root, token, audited)
    assert detail.lic.id == audited and detail.not_found == "" and [r.holder for r in detail.seat_rows] == ["Ann"]
    assert audit.lic_id == audited and audit.current.running and audit.compliance.status
    assert capacity.forecast == "Not enough history"

    _open(root, token, plain)
    assert detail.lic.id == plain and audit.lic_id == plain and not audit.current.running

    _open(root, token, 999_999)
    assert detail.not_found and not audit.current.running and audit.history == []
    assert capacity.forecast == "" and audit.compliance.status == ""

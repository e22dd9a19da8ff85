"""One case per validation code, in the documented precedence, with a controlled clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, ValidationEvent
from license_hub.services.publishing import issuing, machines, validation
from license_hub.services.publishing.validation import Scope
from tests.factories import ACTOR
from tests.services.publishing.builders import T0, make_issued, make_policy, make_published, make_release

FP, FP2 = "fingerprint-aaaa-0001", "fingerprint-bbbb-0002"


def _validate(key: str, scope: Scope, now) -> validation.Result:
    with write_session() as s:
        return validation.validate_key(s, "client", key, scope, now=now)


def _setup(policy_fields: dict, act: list[str] = (), after=None):
    product = make_published()
    make_release(product, "1.0.0", date(2026, 1, 1))
    make_release(product, "3.0.0", date(2028, 1, 1))
    policy = make_policy(product, **policy_fields)
    issued = make_issued(policy, entitlements="EXTRA")
    for fp in act:
        machines.activate(ACTOR, issued.license_id, fp, now=T0)
    if after:
        after(issued.license_id)
    return issued


def _suspend(lid):
    with write_session() as s:
        issuing.suspend(s, ACTOR, lid)


def _revoke(lid):
    with write_session() as s:
        issuing.revoke(s, ACTOR, lid)


def _shrink(lid):
    """Lower the limit under existing machines: validation reports TOO_MANY_MACHINES."""
    from license_hub.models import PublishedLicense, PublishingPolicy

    with write_session() as s:
        policy = s.get(PublishingPolicy, s.get(PublishedLicense, lid).policy_id)
        policy.max_machines = 1
        s.add(policy)


DAY = timedelta(days=1)
CASES = [
    # (code, policy fields, machines, after, scope, now, valid)
    ("NOT_FOUND", {}, [], None, None, T0, False),
    ("REVOKED", {}, [], _revoke, Scope(), T0, False),
    ("SUSPENDED", {}, [], _suspend, Scope(), T0, False),
    ("EXPIRED", {"duration_days": 30, "grace_days": 5}, [], None, Scope(), T0 + 36 * DAY, False),
    ("OVERDUE", {"check_in_days": 7}, [], None, Scope(), T0 + 8 * DAY, False),
    ("ENTITLEMENTS_MISSING", {"entitlements": "PRO"}, [], None, Scope(entitlements=("PRO", "ENTERPRISE")), T0, False),
    ("FINGERPRINT_SCOPE_REQUIRED", {"license_model": "node-locked", "max_machines": 2}, [FP], None, Scope(), T0, False),
    ("NO_MACHINE", {"max_machines": 2}, [], None, Scope(fingerprint=FP), T0, False),
    ("FINGERPRINT_SCOPE_MISMATCH", {"max_machines": 2}, [FP], None, Scope(fingerprint=FP2), T0, False),
    ("TOO_MANY_MACHINES", {"max_machines": 2}, [FP, FP2], _shrink, Scope(fingerprint=FP), T0, False),
    ("VERSION_NOT_ELIGIBLE", {"maintenance_days": 365}, [], None, Scope(version="3.0.0"), T0, False),
    ("IN_GRACE", {"duration_days": 30, "grace_days": 5}, [], None, Scope(), T0 + 32 * DAY, True),
    (
        "VALID",
        {"entitlements": "PRO"},
        [FP],
        None,
        Scope(fingerprint=FP, entitlements=("PRO", "EXTRA"), version="1.0.0"),
        T0,
        True,
    ),
]


def test_every_code_has_a_case():
    assert [c[0] for c in CASES] == list(validation.CODES)


@pytest.mark.parametrize("code,fields,act,after,scope,now,valid", CASES, ids=[c[0] for c in CASES])
def test_validation_code(database, code, fields, act, after, scope, now, valid):
    issued = _setup(fields, act, after)
    key = issued.key if scope is not None else issued.key[:-1] + ("A" if issued.key[-1] != "A" else "B")
    result = _validate(key, scope or Scope(), now)
    assert (result.code, result.valid) == (code, valid)
    with read_session() as s:
        event = s.exec(select(ValidationEvent).order_by(ValidationEvent.id.desc())).first()
        assert event.code == code
        failed = s.exec(select(AuditEvent).where(AuditEvent.action == "validation_failed")).all()
    assert len(failed) == (0 if valid else 1)


def test_precedence_first_failing_rule_wins(database):
    """Suspended and expired and overdue at once: SUSPENDED comes first."""
    issued = _setup({"duration_days": 30, "check_in_days": 7}, [], _suspend)
    assert _validate(issued.key, Scope(), T0 + 60 * DAY).code == "SUSPENDED"


def test_by_id_uses_the_same_rules(database):
    issued = _setup({})
    with write_session() as s:
        assert validation.validate_license(s, "client", issued.license_id, Scope(), now=T0).code == "VALID"
        assert validation.validate_license(s, "client", 999_999, Scope(), now=T0).code == "NOT_FOUND"


def test_unknown_keys_fold_into_one_audit_event_per_prefix_and_address_a_minute(database):
    issued = _setup({})
    guess = issued.key[:-1] + ("A" if issued.key[-1] != "A" else "B")
    other = "LH1-ZZZZZZZZZZZZZZZZZZZZ-GUESS"
    with write_session() as s:
        for _ in range(5):
            assert validation.validate_key(s, "program", guess, Scope(), now=T0, source="10.0.0.7").code == "NOT_FOUND"
        validation.validate_key(s, "program", guess, Scope(), now=T0, source="10.0.0.8")
        validation.validate_key(s, "program", other, Scope(), now=T0, source="10.0.0.7")
    with read_session() as s:
        failed = s.exec(select(AuditEvent).where(AuditEvent.action == "validation_failed")).all()
        checks = s.exec(select(ValidationEvent).where(ValidationEvent.code == "NOT_FOUND")).all()
    assert len(failed) == 3 and len(checks) == 7
    assert all(issued.key not in e.diff and guess not in e.diff for e in failed)

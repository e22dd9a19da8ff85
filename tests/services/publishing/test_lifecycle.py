"""Grace, renewal, trial conversion, transfer budget, overage and heartbeats, all with a controlled clock."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, Notification, PublishedLicense, PublishingCustomer
from license_hub.services.access import accounts
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.publishing import capacity, issuing, machines, policies, proration, validation
from license_hub.services.publishing.validation import Scope
from tests.factories import ACTOR
from tests.services.publishing.builders import T0, make_issued, make_policy, make_published, make_release

DAY = timedelta(days=1)
FP = "machine-fingerprint-1"


NO_SCOPE = Scope()


def _code(key: str, now, scope: Scope = NO_SCOPE) -> str:
    with write_session() as s:
        return validation.validate_key(s, "client", key, scope, now=now).code


def test_grace_period_then_expired_then_renewed(database):
    policy = make_policy(make_published(), duration_days=30, grace_days=7)
    issued = make_issued(policy)
    assert _code(issued.key, T0 + 29 * DAY) == "VALID"
    assert _code(issued.key, T0 + 31 * DAY) == "IN_GRACE"
    assert _code(issued.key, T0 + 37 * DAY + timedelta(seconds=1)) == "EXPIRED"
    with write_session() as s:
        lic = issuing.renew(s, ACTOR, issued.license_id, now=T0 + 38 * DAY)
    assert lic.expires_at == T0 + 38 * DAY + 30 * DAY  # lapsed: counted from now
    assert _code(issued.key, T0 + 40 * DAY) == "VALID"


def test_renew_from_expiry_or_from_now(database):
    policy = make_policy(make_published(), duration_days=30)
    lid = make_issued(policy).license_id
    with write_session() as s:
        assert issuing.renew(s, ACTOR, lid, now=T0 + 10 * DAY).expires_at == T0 + 60 * DAY
        assert issuing.renew(s, ACTOR, lid, from_now=True, now=T0 + 10 * DAY).expires_at == T0 + 40 * DAY


def test_revoke_behaviour_revokes_at_expiry(database):
    policy = make_policy(make_published(), duration_days=30, expiry_behaviour="revoke")
    issued = make_issued(policy)
    assert _code(issued.key, T0 + 31 * DAY) == "EXPIRED"
    assert _code(issued.key, T0 + 32 * DAY) == "REVOKED"


def test_keep_working_behaviour_allows_only_older_versions(database):
    product = make_published()
    make_release(product, "1.0.0", date(2026, 3, 1))
    make_release(product, "2.0.0", date(2026, 9, 1))
    policy = make_policy(product, duration_days=60, expiry_behaviour="maintain_access")
    issued = make_issued(policy)
    later = T0 + 200 * DAY
    assert _code(issued.key, later, Scope(version="1.0.0")) == "VALID"
    assert _code(issued.key, later, Scope(version="2.0.0")) == "VERSION_NOT_ELIGIBLE"


def test_version_constraint_and_maintenance(database):
    product = make_published()
    make_release(product, "1.5.0", date(2026, 5, 1))
    make_release(product, "2.1.0", date(2026, 7, 1))
    policy = make_policy(
        product, duration_days=None, license_model="perpetual", maintenance_days=365, version_constraint=">=1.0,<2"
    )
    issued = make_issued(policy)
    assert _code(issued.key, T0, Scope(version="1.5.0")) == "VALID"
    assert _code(issued.key, T0, Scope(version="2.1.0")) == "VERSION_NOT_ELIGIBLE"
    assert _code(issued.key, T0, Scope(version="9.9.9")) == "VERSION_NOT_ELIGIBLE"


def test_trial_converts_to_paid_same_key_same_machines(database):
    product = make_published()
    trial = make_policy(
        product, name="Trial", license_model="trial", duration_days=14, max_machines=2, entitlements="BASIC"
    )
    paid = make_policy(
        product, name="Pro", license_model="subscription", duration_days=365, max_machines=2, entitlements="BASIC PRO"
    )
    issued = make_issued(trial)
    machines.activate(ACTOR, issued.license_id, FP, now=T0)
    assert _code(issued.key, T0 + 20 * DAY, Scope(fingerprint=FP)) == "EXPIRED"
    with write_session() as s:
        lic = issuing.change_policy(s, ACTOR, issued.license_id, paid, reset_expiry=True, now=T0 + 20 * DAY)
    assert lic.expires_at == T0 + 385 * DAY
    assert _code(issued.key, T0 + 21 * DAY, Scope(fingerprint=FP, entitlements=("PRO",))) == "VALID"
    with read_session() as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "convert")).one().object_id == issued.license_id


def test_change_policy_keeping_the_expiry(database):
    product = make_published()
    a = make_policy(product, duration_days=30)
    b = make_policy(product, duration_days=365)
    lid = make_issued(a).license_id
    elsewhere = make_policy(make_published())
    with write_session() as s:
        assert issuing.change_policy(s, ACTOR, lid, b, reset_expiry=False, now=T0 + DAY).expires_at == T0 + 30 * DAY
        with pytest.raises(DomainError):
            issuing.change_policy(s, ACTOR, lid, elsewhere, reset_expiry=False)


def test_transfer_budget_refuses_audits_and_notifies(database):
    with write_session() as s:
        accounts.create_user(
            s, ACTOR, email="owner@acme.example", name="Owner", password="long-password-1", role="Viewer"
        )
    policy = make_policy(
        make_published(), license_model="node-locked", max_machines=1, transfer_budget=3, transfer_window_days=30
    )
    lid = make_issued(policy).license_id  # customer email buyer@acme.example
    with write_session() as s:
        s.get(PublishingCustomer, s.get(PublishedLicense, lid).customer_id).email = "owner@acme.example"
    machines.activate(ACTOR, lid, "hardware-0000", now=T0)
    for n in range(3):
        machines.transfer(ACTOR, lid, f"hardware-{n:04d}", f"hardware-{n + 1:04d}", now=T0 + n * DAY)
    with pytest.raises(machines.Refused, match="Transfer limit reached: 3 transfers per 30 days"):
        machines.transfer(ACTOR, lid, "hardware-0003", "hardware-0004", now=T0 + 5 * DAY)
    with read_session() as s:
        assert s.get(PublishedLicense, lid).machines_count == 1
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "transfer_refused")).one()
        titles = [n.title for n in s.exec(select(Notification))]
    assert "Transfer limit reached: 3 transfers per 30 days" in titles
    # The window slides: 30 days after the first transfer, one more is allowed.
    machines.transfer(ACTOR, lid, "hardware-0003", "hardware-0004", now=T0 + 31 * DAY)


def test_overage_rules(database):
    product = make_published()
    with pytest.raises(ValidationError, match="divisible by 4"):
        make_policy(product, max_machines=10, overage="1.25x")
    with pytest.raises(ValidationError, match="divisible by 2"):
        make_policy(product, max_machines=3, overage="1.5x")
    assert capacity.allowed(8, "1.25x") == 10 and capacity.allowed(4, "2x") == 8
    assert capacity.allowed(4, "always") is None and capacity.allowed(4, "none") == 4
    lid = make_issued(make_policy(product, max_machines=4, overage="1.5x")).license_id
    for n in range(6):
        machines.activate(ACTOR, lid, f"overage-machine-{n}")
    with pytest.raises(machines.Refused):
        machines.activate(ACTOR, lid, "overage-machine-7")


def test_heartbeat_culls_dead_machines(database):
    policy = make_policy(make_published(), max_machines=3, heartbeat_minutes=60)
    lid = make_issued(policy).license_id
    machines.activate(ACTOR, lid, "heartbeat-alive", now=T0)
    machines.activate(ACTOR, lid, "heartbeat-dead-1", now=T0)
    with write_session() as s:
        machines.heartbeat(s, lid, "heartbeat-alive", now=T0 + timedelta(minutes=50))
    assert machines.cull_dead(now=T0 + timedelta(minutes=90)) == 1
    with read_session() as s:
        assert s.get(PublishedLicense, lid).machines_count == 1


def test_proration_in_decimal():
    from license_hub.models import PublishingPolicy

    old = PublishingPolicy(name="Std", product_id=1, duration_days=365, price=Decimal("365.00"), currency="EUR")
    new = PublishingPolicy(name="Pro", product_id=1, duration_days=365, price=Decimal("730.00"), currency="EUR")
    lic = PublishedLicense(policy_id=1, customer_id=1, key_digest="x", signing_key_id=1, expires_at=T0 + 100 * DAY)
    result = proration.prorate(lic, old, new, T0)
    assert (result.days_left, result.credit, result.charge, result.net) == (
        100,
        Decimal("100.00"),
        Decimal("200.00"),
        Decimal("100.00"),
    )
    down = proration.prorate(lic, new, old, T0)
    assert down.net == Decimal("-100.00")


def test_policy_validation_messages(database):
    product = make_published()
    with pytest.raises(ValidationError) as info:
        make_policy(
            product,
            license_model="trial",
            duration_days=None,
            entitlements="bad code!",
            version_constraint="not a constraint",
        )
    assert set(info.value.errors) == {"duration_days", "entitlements", "version_constraint"}
    with write_session() as s, pytest.raises(ValidationError):
        policies.add_release(s, ACTOR, product, "one point oh", date(2026, 1, 1))


def test_a_licenses_own_entitlements_apply_at_the_next_validation(database):
    policy = make_policy(make_published(), entitlements="BASIC")
    issued = make_issued(policy)
    wants_export = Scope(entitlements=("BASIC", "EXPORT"))
    assert _code(issued.key, T0, wants_export) == "ENTITLEMENTS_MISSING"
    with write_session() as s:
        issuing.set_entitlements(s, ACTOR, issued.license_id, "export  EXPORT")
    assert _code(issued.key, T0, wants_export) == "VALID"  # same key, no reinstall
    with pytest.raises(ValidationError) as bad:
        with write_session() as s:
            issuing.set_entitlements(s, ACTOR, issued.license_id, "bad code!")
    assert set(bad.value.errors) == {"entitlements"}
    with write_session() as s:
        issuing.set_entitlements(s, ACTOR, issued.license_id, "")
    assert _code(issued.key, T0, wants_export) == "ENTITLEMENTS_MISSING"
    with read_session() as s:
        changes = s.exec(
            select(AuditEvent).where(AuditEvent.action == "set_entitlements").order_by(AuditEvent.seq)
        ).all()
    assert [c.object_id for c in changes] == [issued.license_id] * 2

"""Keys and files issued by the app verify with the shipped verifier; rotation keeps
old keys verifying until their key id is revoked; keys are encrypted at rest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, PublishedLicense, SigningKey
from license_hub.services.publishing import files, issuing, machines, signing, validation
from license_hub.services.publishing.validation import Scope
from tests.factories import ACTOR
from tests.services.publishing.builders import T0, make_issued, make_policy, make_published
from tests.verifier.test_verifier import v

FP = "machine-fingerprint-42"


def _keyring():
    with read_session() as s:
        return v.Keyring.from_json(signing.keyring_json(s))


def test_issued_key_carries_its_payload_and_is_stored_encrypted(database):
    policy = make_policy(make_published(), entitlements="PRO", maintenance_days=100)
    issued = make_issued(policy, entitlements="EXTRA")
    payload = v.verify_key(issued.key, _keyring())
    assert (payload.license_id, payload.policy_id) == (issued.license_id, policy)
    assert payload.entitlements == ("PRO", "EXTRA")
    assert payload.expires_on == (T0 + timedelta(days=365)).date()
    assert payload.maintenance_until == (T0 + timedelta(days=100)).date()
    with read_session() as s:
        row = s.get(PublishedLicense, issued.license_id)
        assert issued.key.encode() not in bytes(row.key_encrypted) and row.key_digest != issued.key
        key_row = s.get(SigningKey, row.signing_key_id)
        assert b"PRIVATE" not in bytes(key_row.private_key) and len(bytes(key_row.private_key)) > 64


def test_reveal_is_audited(database):
    issued = make_issued(make_policy(make_published()))
    with write_session() as s:
        assert issuing.reveal_key(s, ACTOR, issued.license_id) == issued.key
    with read_session() as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "reveal_key")).one()


def test_rotation_retire_and_revoke(database):
    policy = make_policy(make_published())
    old = make_issued(policy)
    with write_session() as s:
        old_kid = signing.active_key(s).id
        signing.rotate(s, ACTOR)
    new = make_issued(policy)
    assert v.verify_key(old.key, _keyring()).key_id == old_kid
    assert v.verify_key(new.key, _keyring()).key_id != old_kid
    with write_session() as s:
        assert validation.validate_key(s, "c", old.key, Scope()).code == "VALID"
        signing.revoke(s, ACTOR, old_kid)
    with pytest.raises(v.VerificationError, match="revoked"):
        v.verify_key(old.key, _keyring())
    with write_session() as s:
        assert validation.validate_key(s, "c", old.key, Scope()).code == "NOT_FOUND"
        assert validation.validate_key(s, "c", new.key, Scope()).code == "VALID"


def test_license_file_encrypted_and_refreshed_after_an_entitlement_change(database):
    product = make_published()
    policy = make_policy(product, entitlements="BASIC")
    issued = make_issued(policy)
    with write_session() as s:
        text = files.license_file(s, ACTOR, issued.license_id, encrypt=True)
    with pytest.raises(v.VerificationError):
        v.verify_file(text, _keyring())  # needs the license key
    data = v.verify_file(text, _keyring(), license_key=issued.key)
    assert data["license"]["entitlements"] == ["BASIC"]
    with write_session() as s:
        s.get(PublishedLicense, issued.license_id).entitlements = "REPORTS"
    with write_session() as s:
        text = files.license_file(s, ACTOR, issued.license_id)
    assert v.verify_file(text, _keyring())["license"]["entitlements"] == ["BASIC", "REPORTS"]


def test_machine_file_is_bound_to_its_fingerprint(database):
    issued = make_issued(make_policy(make_published(), max_machines=2))
    machines.activate(ACTOR, issued.license_id, FP)
    with write_session() as s:
        text = files.machine_file(s, ACTOR, issued.license_id, FP, ttl=timedelta(days=7))
    assert v.verify_file(text, _keyring(), kind="machine", fingerprint=FP)["machine"]["fingerprint"] == FP
    with pytest.raises(v.VerificationError) as info:
        v.verify_file(text, _keyring(), kind="machine", fingerprint="another-machine-1")
    assert info.value.code == "FINGERPRINT_MISMATCH"


def test_secret_rotation_re_encrypts_license_and_signing_keys(database, monkeypatch, capsys):
    from cryptography.fernet import Fernet

    from license_hub import settings
    from license_hub.cli import main
    from license_hub.services.core import secrets

    issued = make_issued(make_policy(make_published()))

    def use(primary: str, old: str = "") -> None:
        monkeypatch.setenv("LICENSE_HUB_SECRET_KEY", primary)
        monkeypatch.setenv("LICENSE_HUB_OLD_SECRET_KEYS", old)
        settings.reload()
        secrets._cipher.cache_clear()

    old_key, new_key = settings.settings.secret_key, Fernet.generate_key().decode()
    use(new_key, old_key)
    assert main(["rotate-keys"]) == 0
    assert "Re-encrypted 2 keys" in capsys.readouterr().out  # the license key and the signing key
    use(new_key)
    with write_session() as s:
        assert issuing.reveal_key(s, ACTOR, issued.license_id) == issued.key
    assert v.verify_key(make_issued(make_policy(make_published())).key, _keyring())
    assert main(["signing-key", "rotate"]) == 0
    assert "retired" in capsys.readouterr().out
    use(old_key)

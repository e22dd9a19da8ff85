"""Re-encrypt every stored secret with the current primary key.

After a new LICENSE_HUB_SECRET_KEY is set and the old one moved to
LICENSE_HUB_OLD_SECRET_KEYS, old ciphertexts still decrypt; rotating rewrites
them under the new key so the old one can be retired. It runs in the caller's
transaction, so either every key moves or none does, and a token no configured
key can open stops the whole rotation instead of being skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from license_hub.models import Assignment, License, PublishedLicense, SigningKey
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.core.errors import DomainError

# (table, secret column, what a person calls the row)
_SECRET_COLUMNS = (
    (License, "product_key_cipher", "license"),
    (Assignment, "seat_key_cipher", "seat"),
    (PublishedLicense, "key_encrypted", "published license"),
    (SigningKey, "private_key", "signing key"),
)


@dataclass(frozen=True)
class RotationResult:
    product_keys: int
    seat_keys: int
    published_keys: int = 0
    signing_keys: int = 0

    @property
    def total(self) -> int:
        return self.product_keys + self.seat_keys + self.published_keys + self.signing_keys


def rotate_all(session: Session, actor: str) -> RotationResult:
    """Re-encrypt every license product key and seat serial key with the primary key."""
    fernet = secrets.cipher()
    conn = session.connection()
    counts = []
    for model, column, label in _SECRET_COLUMNS:
        table = model.__table__
        stmt = select(table.c.id, table.c[column]).where(table.c[column].is_not(None)).order_by(table.c.id)
        if conn.dialect.name != "sqlite":
            stmt = stmt.with_for_update()  # nobody edits a key between our read and our write
        params = []
        for row_id, token in conn.execute(stmt):
            try:
                params.append({"b_id": row_id, "b_token": fernet.rotate(bytes(token))})
            except InvalidToken as exc:
                raise DomainError(
                    f"The key of {label} {row_id} cannot be decrypted with any configured key; nothing was re-encrypted"
                ) from exc
        if params:
            conn.execute(
                update(table).where(table.c.id == bindparam("b_id")).values({column: bindparam("b_token")}), params
            )
        counts.append(len(params))
    result = RotationResult(*counts)
    audit_log.record(
        session,
        actor,
        "rotate_keys",
        "workspace",
        None,
        {
            "product_keys": result.product_keys,
            "seat_keys": result.seat_keys,
            "published_keys": result.published_keys,
            "signing_keys": result.signing_keys,
        },
    )
    return result

"""Email addresses checked by email-validator (RFC syntax, one address, no
display name, no line breaks), so an address typed into a form can never add a
header or a recipient to a message."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

INVALID = "Enter a valid email address"
LOCAL_ONLY = "localhost"  # the first admin's default sign-in, never mailed


def normalized(address: str, *, allow_local: bool = False) -> str:
    """The address in its normal form, or ValueError(INVALID)."""
    raw = (address or "").strip()
    if len(raw) > 254:
        raise ValueError(INVALID)
    local, _, domain = raw.rpartition("@")
    if allow_local and domain.lower() == LOCAL_ONLY and local:
        if not local.isascii() or any(ch in local for ch in ' ,;<>()[]\\"\r\n\t'):
            raise ValueError(INVALID)
        return f"{local.lower()}@{LOCAL_ONLY}"
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(INVALID) from exc


def is_valid(address: str) -> bool:
    try:
        normalized(address)
    except ValueError:
        return False
    return True

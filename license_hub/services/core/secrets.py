"""Product keys and seat serial keys are encrypted at rest with Fernet.

The key comes from LICENSE_HUB_SECRET_KEY, else from a key file created on first
use with mode 0600. Rotation: put the new key in LICENSE_HUB_SECRET_KEY and the
old ones, comma-separated, in LICENSE_HUB_OLD_SECRET_KEYS; old ciphertexts still
decrypt and `license-hub rotate-keys` re-encrypts them with the new key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from license_hub import settings as settings_mod

MASK = "••••"


def _as_fernet_key(material: str) -> bytes:
    raw = material.strip().encode()
    try:
        if len(base64.urlsafe_b64decode(raw)) == 32:
            return raw
    except (ValueError, TypeError):
        pass
    # A passphrase: stretch it to a Fernet key deterministically.
    return base64.urlsafe_b64encode(hashlib.sha256(raw).digest())


def _key_from_file(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


@lru_cache(maxsize=4)
def _cipher(secret_key: str | None, key_file: str, old_keys: str) -> MultiFernet:
    primary = _as_fernet_key(secret_key) if secret_key else _key_from_file(Path(key_file))
    keys = [Fernet(primary)] + [Fernet(_as_fernet_key(k)) for k in old_keys.split(",") if k.strip()]
    return MultiFernet(keys)


def cipher() -> MultiFernet:
    s = settings_mod.settings
    return _cipher(s.secret_key, str(s.key_file), s.old_secret_keys)


def encrypt(plain: str | None) -> bytes | None:
    if not plain:
        return None
    return cipher().encrypt(plain.encode())


def decrypt(token: bytes | None) -> str | None:
    if not token:
        return None
    try:
        return cipher().decrypt(bytes(token)).decode()
    except InvalidToken as exc:
        raise ValueError("This key cannot be decrypted with the configured secret key") from exc


def hint(plain: str | None) -> str:
    """The last four characters, kept in clear for the mask, only for keys long
    enough that four characters give nothing useful away."""
    if not plain:
        return ""
    compact = "".join(ch for ch in plain if ch.isalnum())
    return compact[-4:] if len(compact) >= 12 else ""


def mask(has_secret: bool, key_hint: str) -> str:
    """What every card, table, export and email shows instead of a key."""
    if not has_secret:
        return ""
    return f"{MASK}-{MASK}-{key_hint}" if key_hint else f"{MASK}-{MASK}-{MASK}"


def derived_key(purpose: str) -> bytes:
    """A key for one purpose (signing links, say), derived from the app secret so that
    it rotates with it and a signature made for one purpose is worthless for another."""
    s = settings_mod.settings
    material = _as_fernet_key(s.secret_key) if s.secret_key else _key_from_file(Path(s.key_file))
    return hmac.new(material, b"license-hub/" + purpose.encode(), hashlib.sha256).digest()

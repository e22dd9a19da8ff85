"""Uploaded files waiting for the user's "Import": kept on the server's disk under
a random name, never in a tab's state (which Reflex serializes on every event
and, with several workers, ships to Redis)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from license_hub import settings as settings_mod

_NAME = re.compile(r"^[0-9a-f]{32}$")


def _folder() -> Path:
    folder = settings_mod.settings.data_dir / "staged-uploads"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def put(data: bytes) -> str:
    """Keep the bytes; returns the handle to ask for them again."""
    handle = secrets.token_hex(16)
    (_folder() / handle).write_bytes(data)
    return handle


def take(handle: str) -> bytes | None:
    path = _path(handle)
    return path.read_bytes() if path and path.exists() else None


def drop(handle: str) -> None:
    path = _path(handle)
    if path:
        path.unlink(missing_ok=True)


def _path(handle: str) -> Path | None:
    return _folder() / handle if handle and _NAME.match(handle) else None

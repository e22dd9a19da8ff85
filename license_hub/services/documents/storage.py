"""Files on disk, outside the web root: `<data folder>/documents/<sha256>`. A file is
written once per content (duplicates share it) and streamed in with a hard size
limit, so an oversize upload is refused before it is read whole."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator, Iterable

from license_hub import settings as settings_mod
from license_hub.services.core.errors import ValidationError

MAX_BYTES = 20 * 1024 * 1024
TOO_LARGE = "This file is larger than 20 MB"
EMPTY = "This file is empty"


class TooLarge(ValidationError):
    def __init__(self) -> None:
        super().__init__({"file": TOO_LARGE})


@dataclass(frozen=True)
class Spooled:
    """A received file in a temporary place, hashed and measured, not yet kept."""

    path: Path
    sha256: str
    size: int
    head: bytes


def folder() -> Path:
    path = settings_mod.settings.data_dir / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(sha256: str) -> Path:
    if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
        raise ValueError("not a SHA-256 digest")
    return folder() / sha256


class _Sink:
    def __init__(self, limit: int) -> None:
        self.limit, self.size, self.digest, self.head = limit, 0, hashlib.sha256(), b""
        fd, name = tempfile.mkstemp(prefix=".upload-", dir=folder())
        self.file, self.path = os.fdopen(fd, "wb"), Path(name)

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            self.abort()
            raise TooLarge()
        if len(self.head) < 65536:
            self.head += chunk[: 65536 - len(self.head)]
        self.digest.update(chunk)
        self.file.write(chunk)

    def finish(self) -> Spooled:
        self.file.close()
        if self.size == 0:
            self.path.unlink(missing_ok=True)
            raise ValidationError({"file": EMPTY})
        return Spooled(self.path, self.digest.hexdigest(), self.size, self.head)

    def abort(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)


def spool(chunks: Iterable[bytes], limit: int = MAX_BYTES) -> Spooled:
    sink = _Sink(limit)
    try:
        for chunk in chunks:
            sink.write(chunk)
    except BaseException:
        sink.abort()
        raise
    return sink.finish()


async def spool_async(chunks: AsyncIterator[bytes], limit: int = MAX_BYTES) -> Spooled:
    sink = _Sink(limit)
    try:
        async for chunk in chunks:
            sink.write(chunk)
    except BaseException:
        sink.abort()
        raise
    return sink.finish()


def keep(spooled: Spooled) -> Path:
    """Move a spooled file to its content address (a duplicate just drops the copy)."""
    target = path_for(spooled.sha256)
    if target.exists():
        spooled.path.unlink(missing_ok=True)
    else:
        os.replace(spooled.path, target)
    return target


def discard(spooled: Spooled) -> None:
    spooled.path.unlink(missing_ok=True)


def remove(sha256: str) -> None:
    path_for(sha256).unlink(missing_ok=True)


def read_chunks(sha256: str, size: int = 65536) -> Iterable[bytes]:
    with path_for(sha256).open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk

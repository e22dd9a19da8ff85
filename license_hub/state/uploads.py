"""One chosen file, read under a size limit: the size the browser declares is checked
before a byte is read, and no more than the limit plus one byte is ever held."""

from __future__ import annotations

from typing import Any

from license_hub.state.base import BadArgument


def one_file_name(files: Any, default_name: str) -> str:
    """The chosen file's name (at most 120 characters); exactly one file is asked for."""
    if not isinstance(files, list) or len(files) != 1:
        raise BadArgument("Choose one CSV file")
    upload = files[0]
    return str(getattr(upload, "name", "") or getattr(upload, "filename", "") or default_name)[-120:]


async def read_limited(upload: Any, max_bytes: int, too_large: str) -> bytes:
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > max_bytes:  # refused before a byte is read
        raise BadArgument(too_large)
    data = await upload.read(max_bytes + 1)  # never more than the limit in memory
    if len(data) > max_bytes:
        raise BadArgument(too_large)
    return data

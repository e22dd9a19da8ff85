"""What a file is, judged from its bytes, never from its name: PDF by its magic
number, DOCX by the zip structure Word writes, plain text by decoding cleanly."""

from __future__ import annotations

import io
import zipfile

KINDS = {"pdf": "PDF", "docx": "DOCX", "txt": "Text"}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}
REFUSED = "Attach a PDF, DOCX or plain-text file"


def sniff(head: bytes, path: str | None = None) -> str | None:
    """'pdf', 'docx', 'txt' or None. `head` is the file's first bytes; a zip is opened
    from `path` (the stored file) to look for word/document.xml."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(path, head) else None
    return "txt" if _is_text(head) else None


def _is_docx(path: str | None, head: bytes) -> bool:
    try:
        with zipfile.ZipFile(path if path else io.BytesIO(head)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def _is_text(head: bytes) -> bool:
    if not head.strip() or b"\x00" in head:
        return False
    sample = head[:65536]
    for cut in range(4):  # the sample may end inside a multi-byte character
        try:
            sample[: len(sample) - cut].decode("utf-8")
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(sample) // 100

"""The text of a document, page by page: pypdf for PDF, python-docx for DOCX
(paragraphs and table rows), form feeds for plain text. A PDF whose pages carry
no text has no text layer and needs OCR first."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

NEEDS_OCR = "This PDF has no text layer: it needs OCR before terms can be found in it"
UNREADABLE = "This file could not be read"

logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class TextLayer:
    pages: tuple[str, ...]
    status: str  # ok | needs_ocr | unreadable

    @property
    def message(self) -> str:
        return {"needs_ocr": NEEDS_OCR, "unreadable": UNREADABLE}.get(self.status, "")


def extract(path: Path, kind: str) -> TextLayer:
    try:
        pages = {"pdf": _pdf, "docx": _docx, "txt": _txt}[kind](path)
    except Exception:  # a damaged file is the user's to replace, not a crash
        return TextLayer((), "unreadable")
    if kind == "pdf" and not any(p.strip() for p in pages):
        return TextLayer(tuple(pages), "needs_ocr")
    return TextLayer(tuple(pages), "ok")


def _pdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return [page.extract_text() or "" for page in reader.pages]


def _docx(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return ["\n".join(lines)]


def _txt(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8", errors="replace").split("\f")

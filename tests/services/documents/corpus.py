"""The generated contract corpus and a scorer the tests and the benchmark share."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from license_hub.services.documents import storage
from license_hub.services.documents.library import Analysis, analyse

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "contracts"


def expected() -> dict[str, dict]:
    return json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Processed:
    name: str
    analysis: Analysis
    seconds: float

    def value(self, field: str) -> str | None:
        return next((f.value for f in self.analysis.fields if f.name == field), None)

    def flags(self, field: str) -> tuple[str, ...]:
        return next((f.flags for f in self.analysis.fields if f.name == field), ())


def process(name: str) -> Processed:
    """Spool the file the way an upload is spooled, then type, text and terms (timed)."""
    started = time.perf_counter()
    with (CORPUS / name).open("rb") as handle:
        spooled = storage.spool(iter(lambda: handle.read(65536), b""))
    analysis = analyse(spooled)
    seconds = time.perf_counter() - started
    storage.discard(spooled)
    return Processed(name, analysis, seconds)

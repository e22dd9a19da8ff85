"""Benchmark: processing each contract of the generated corpus — spool and hash,
type from content, text layer, terms by rules — against a baseline measured in the
same run (spool and hash alone). The target is under 2 seconds per document.

    .venv/bin/python bench/documents.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from common import timed

from license_hub import settings
from license_hub.services.documents import storage
from license_hub.services.documents.library import analyse

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "contracts"
TARGET_MS = 2000.0


def _spool(path: Path) -> storage.Spooled:
    with path.open("rb") as handle:
        return storage.spool(iter(lambda: handle.read(65536), b""))


def _process(path: Path) -> None:
    spooled = _spool(path)
    try:
        analyse(spooled)
    finally:
        storage.discard(spooled)


def _baseline(path: Path) -> None:
    storage.discard(_spool(path))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    os.environ["LICENSE_HUB_DATA_DIR"] = tempfile.mkdtemp(prefix="lh-bench-docs-")
    os.environ.pop("LICENSE_HUB_LLM_URL", None)
    settings.reload()
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".pdf", ".docx", ".txt"))
    print(f"{'document':40} {'bytes':>8} {'median ms':>10} {'p95 ms':>8} {'baseline ms':>12} {'ratio':>7}")
    worst = 0.0
    for path in files:
        work = timed(lambda: _process(path), repeat=args.repeat, warmup=1)
        base = timed(lambda: _baseline(path), repeat=args.repeat, warmup=1)
        worst = max(worst, work["p95_ms"])
        ratio = work["median_ms"] / base["median_ms"] if base["median_ms"] else float("inf")
        print(
            f"{path.name:40} {path.stat().st_size:>8} {work['median_ms']:>10.1f} {work['p95_ms']:>8.1f} "
            f"{base['median_ms']:>12.2f} {ratio:>6.0f}x"
        )
    print(
        f"\n{len(files)} documents; slowest p95 {worst:.1f} ms; target {TARGET_MS:.0f} ms per document: "
        f"{'met' if worst < TARGET_MS else 'MISSED'} ({TARGET_MS / worst:.0f}x headroom)"
    )


if __name__ == "__main__":
    main()

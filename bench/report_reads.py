"""Benchmark: what the Dashboard and Spend pages compute on the server at scale
(10,000 licenses, 1,000,000 assignments: bench/scale_data.py), cold — no reuse —
against the Licenses page's first page of cards measured in the same run.

    .venv/bin/python bench/report_reads.py [--repeat 3]

Dashboard "one session" is the overview's reads one after the other (as before);
"side by side" runs its four reads in parallel sessions, as the page now does.
"""

from __future__ import annotations

import argparse
import pickle
from datetime import date

import scale_data
from common import timed

from license_hub.db import read_session
from license_hub.models.types import utcnow
from license_hub.services.licenses import license_list
from license_hub.services.reports import dashboard


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scale_data.use(scale_data.ensure())
    from license_hub.state import spend as spend_state

    def licenses_page():
        with read_session() as s:
            license_list.list_cards(s, today=date.today(), limit=24)
            license_list.status_counts(s, search="")

    def one_session():
        with read_session() as s:
            dashboard.overview(s, now=utcnow())

    def side_by_side():
        dashboard.overview_concurrently(read_session, now=utcnow())

    cases = {
        "Licenses page (baseline)": licenses_page,
        "Dashboard, one session": one_session,
        "Dashboard, side by side": side_by_side,
        "Spend page data (12 months)": lambda: spend_state._compute(12),
    }
    results = {label: timed(fn, repeat=args.repeat, warmup=1) for label, fn in cases.items()}
    base = results["Licenses page (baseline)"]["median_ms"]
    print(f"\n{scale_data.LICENSES:,} licenses, {scale_data.ASSIGNMENTS:,} assignments (SQLite), cold reads")
    for label, r in results.items():
        print(f"  {label:30s} median {r['median_ms']:7.0f} ms | {r['median_ms'] / base:5.2f}x baseline")
    size = len(pickle.dumps(spend_state._compute(12)))
    print(f"  Spend page data sent to the browser: {size / 1024:,.0f} KiB (pickled)")


if __name__ == "__main__":
    main()

"""The license page's one-row compliance rule gives the dashboard grid's answers."""

from __future__ import annotations

import itertools

import pandas as pd

from license_hub.models.enums import SeatType
from license_hub.services.licenses import license_health
from license_hub.services.reports import compliance


def test_one_row_rule_matches_the_grid_rule():
    grid = list(
        itertools.product(
            [t.value for t in SeatType], [0, 1, 2, 4, 10], [0, 1, 2, 4, 5, 11], [0, 1, 4, 10, 12], [0, 1, 3]
        )
    )
    rows = [
        {
            "license_id": i,
            "name": "",
            "catalog_entry_id": 1,
            "product": "",
            "seat_type": seat_type,
            "seats_total": total,
            "seats_used": used,
            "active_assignments": active,
            "linked_installations": linked,
            "compliance_override": None,
            "capacity_threshold_pct": 0,
        }
        for i, (seat_type, total, used, active, linked) in enumerate(grid)
    ]
    expected = compliance.classify(pd.DataFrame(rows, columns=compliance.COLUMNS))
    seen = set()
    for row, (_, want) in zip(rows, expected.iterrows()):
        got = license_health.classify_one(
            seat_type=row["seat_type"],
            seats_total=row["seats_total"],
            seats_used=row["seats_used"],
            active_assignments=row["active_assignments"],
            linked_installations=row["linked_installations"],
        )
        assert got == (want["computed"], int(want["consumed"])), row
        seen.add(got[0])
    assert len(seen) == 3  # every status was reached, so the comparison means something

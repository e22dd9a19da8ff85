"""/reconciliation: licensed against installed and used, per product, person,
device or department; one row drills down to its seats and installations. The
URL holds the dimension, the drilled row and the bucket, so a view is shareable."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session
from license_hub.services.inventory import reconciliation as recon
from license_hub.state.base import AppState, _choice, _text, guard
from license_hub.state.people import when

DRILL_LIMIT = 200
SUMMARY_LIMIT = 200


@dataclass(frozen=True)
class BucketTile:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class SummaryRow:
    key: str
    label: str
    used: int
    unused: int
    not_installed: int
    unlicensed: int
    unknown: int
    savings: str
    href: str


@dataclass(frozen=True)
class ItemRow:
    bucket: str
    bucket_label: str
    product: str
    license: str
    license_href: str
    person: str
    department: str
    device: str
    device_href: str
    last_used: str
    saving: str


def money(amount: Decimal | None, currency: str) -> str:
    return f"{currency} {amount:,.2f}".strip() if amount else "—"


def item_row(i: recon.Item) -> ItemRow:
    return ItemRow(
        i.bucket,
        recon.BUCKETS[i.bucket],
        i.product,
        i.license or "—",
        f"/licenses/{i.license_id}" if i.license_id else "",
        i.person or "—",
        i.department or "—",
        i.device or "—",
        f"/devices/{i.device_id}" if i.device_id else "",
        when(i.last_used_at, "—"),
        money(i.saving, i.currency),
    )


class ReconciliationState(AppState):
    by: str = "product"
    key: str = ""
    bucket: str = ""
    tiles: list[BucketTile] = []
    rows: list[SummaryRow] = []
    more_rows: int = 0
    items: list[ItemRow] = []
    drill_label: str = ""
    savings: str = "—"
    error: str = ""
    loaded: bool = False

    def _url(self, **changes: str) -> str:
        params = {"by": self.by, "key": self.key, "bucket": self.bucket, **changes}
        if params["by"] == "product":
            params["by"] = ""
        query = urlencode({k: v for k, v in params.items() if v})
        return "/reconciliation" + (f"?{query}" if query else "")

    @rx.var
    def csv_href(self) -> str:
        params = {"by": self.by, "bucket": self.bucket, **({"key": self.key} if self.key else {})}
        return "/api/v1/reports/reconciliation.csv?" + urlencode({k: v for k, v in params.items() if v})

    @rx.event
    @guard("reports")
    def load(self):
        self.error = ""
        self.by = _choice(self._query("by"), recon.DIMENSIONS, "product")
        self.key = _text(self._query("key"), 200)
        self.bucket = _choice(self._query("bucket"), tuple(recon.BUCKETS), "")
        with read_session() as s:
            found = recon.build(s)
        counts = recon.bucket_counts(found)
        self.tiles = [BucketTile(code, label, counts[code]) for code, label in recon.BUCKETS.items()]
        self.savings = " + ".join(money(v, c) for c, v in sorted(recon.savings_by_currency(found).items())) or "—"
        summary = recon.summarize(found, self.by)
        self.more_rows = max(0, len(summary) - SUMMARY_LIMIT)
        self.rows = [
            SummaryRow(
                r.key,
                r.label,
                r.used,
                r.unused,
                r.not_installed,
                r.unlicensed,
                r.unknown,
                money(r.savings, r.currency),
                self._url(key=r.key or "-", bucket=""),
            )
            for r in summary[:SUMMARY_LIMIT]
        ]
        drilled = []
        if self.key:
            key = "" if self.key == "-" else self.key
            drilled = recon.drill(found, self.by, key, self.bucket)
            self.drill_label = next((r.label for r in summary if r.key == key), "")
        elif self.bucket:
            drilled = [i for i in found if i.bucket == self.bucket]
            self.drill_label = recon.BUCKETS[self.bucket]
        else:
            self.drill_label = ""
        self.items = [item_row(i) for i in drilled[:DRILL_LIMIT]]
        self.loaded = True

    @rx.event
    @guard("reports")
    def set_by(self, by: str | list[str]):
        chosen = _choice(by if isinstance(by, str) else "", recon.DIMENSIONS, "product")
        return rx.redirect(self._url(by=chosen, key="", bucket=""), replace=True)

    @rx.event
    @guard("reports")
    def set_bucket(self, bucket: str):
        chosen = _choice(bucket, tuple(recon.BUCKETS), "")
        return rx.redirect(self._url(bucket="" if chosen == self.bucket else chosen), replace=True)

    @rx.event
    @guard("reports")
    def close_drill(self):
        return rx.redirect(self._url(key="", bucket=""), replace=True)

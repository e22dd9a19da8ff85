"""/compliance: the compliance score per product and overall, with each deduction,
its weight and where to fix it (?product=<id> narrows to one product)."""

from __future__ import annotations

import asyncio
from datetime import date

from license_hub.db import read_session
from license_hub.services.reports import compliance_score as cs
from license_hub.state.base import AppState, _id, handler
from license_hub.state.views.capacity import DeductionView, ProductScoreView

WEIGHTS = (
    f"Over-allocated license −{cs.OVER_ALLOCATED}; expired license still in use −{cs.EXPIRED_IN_USE}; "
    f"seat held by an offboarded person −{cs.TERMINATED_SEAT} (at most −{cs.TERMINATED_CAP} a license); "
    f"installation without a license −{cs.UNLICENSED_INSTALL} (at most −{cs.UNLICENSED_CAP} a product); "
    f"license without a renewal or expiry date −{cs.MISSING_RENEWAL}."
)


def _tone(score: int) -> str:
    return "green" if score >= 90 else ("amber" if score >= 70 else "red")


def _scorecard() -> cs.Scorecard:
    """The pandas work, off the event loop."""
    with read_session() as s:
        return cs.scorecard(s, date.today())


class ComplianceScoreState(AppState):
    overall: int = 100
    overall_tone: str = "green"
    products: list[ProductScoreView] = []
    deductions: list[DeductionView] = []
    product_id: int = 0
    product_name: str = ""
    loaded: bool = False
    error: str = ""

    @handler("reports", background=True)
    async def load(self):
        async with self:
            raw = self._query("product", 20)
            self.product_id = product_id = _id(raw) if raw else 0
        card = await asyncio.to_thread(_scorecard)
        products = [
            ProductScoreView(p.catalog_entry_id, p.product, p.score, _tone(p.score), len(p.deductions))
            for p in card.products
        ]
        chosen = [p for p in card.products if not product_id or p.catalog_entry_id == product_id]
        deductions = [
            DeductionView(p.catalog_entry_id, p.product, d.text, d.points, d.href) for p in chosen for d in p.deductions
        ][:1000]
        async with self:
            self.overall, self.overall_tone = card.overall, _tone(card.overall)
            self.products, self.deductions = products, deductions
            self.product_name = chosen[0].product if product_id and chosen else ""
            self.loaded, self.error = True, ""

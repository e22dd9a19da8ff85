"""/utilization on seeded dormant seats (seed 003): the fill ranking and its chart
click through to the license; dormant seats carry the signal that judged them
(the login proxy marked as the weaker one); potential savings stay per currency
with a converted total; a bulk reclaim goes preview → confirm → progress, after
which potential savings drop and realized savings rise; the CSV exports download;
"Ask holders first" asks instead of reclaiming."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, Person
from license_hub.models.types import utcnow
from license_hub.services.core import money
from license_hub.services.reports import savings
from license_hub.services.seats import assignments as seats
from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_person, add_product

pytestmark = pytest.mark.browser
RATES = "USD=0.92"
LOAD_MS = 20_000  # the report is computed off the event loop: a cold server takes a moment


@pytest.fixture
def rates(monkeypatch):
    """The server starts with this environment (request it before `page`)."""
    monkeypatch.setenv("LICENSE_HUB_EXCHANGE_RATES", RATES)


def _seat(lic: int, person: int, *, used_days: int | None) -> int:
    now = utcnow()
    with write_session() as s:
        aid = seats.assign(s, "test", lic, person_id=person).id
        s.exec(
            update(Assignment)
            .where(Assignment.id == aid)
            .values(
                assigned_at=now - timedelta(days=400),
                last_used_at=None if used_days is None else now - timedelta(days=used_days),
            )
        )
    return aid


def _signed_in(person: int, days: int | None) -> None:
    with write_session() as s:
        s.exec(
            update(Person)
            .where(Person.id == person)
            .values(last_sign_in_at=None if days is None else utcnow() - timedelta(days=days))
        )


def _dormant_fleet() -> dict[str, int]:
    """Figma (EUR 120/seat/year, renews in 183 days): 2 idle by real usage, 1 by login proxy,
    1 busy. Slack (USD 10/seat/month): 1 holder offboarded, 1 busy. Zoom: unlimited."""
    ppl = {
        n: add_person(f"{n} Holder", f"{n.lower()}@example.com") for n in ("Ada", "Ben", "Cleo", "Dan", "Eve", "Finn")
    }
    for name in ppl:
        _signed_in(ppl[name], 2)
    _signed_in(ppl["Cleo"], 300)
    figma = add_license(
        add_product("Figma", publisher="Figma", category="Design"),
        name="Design team",
        seats_total=10,
        cost_per_seat="120.00",
        renewal_date=(date.today() + timedelta(days=183)).isoformat(),
    )
    slack = add_license(
        add_product("Slack", publisher="Salesforce", category="Collaboration"),
        name="Slack Pro",
        seats_total=4,
        cost_per_seat="10.00",
        currency="USD",
        billing_cycle="monthly",
    )
    add_license(add_product("Zoom", publisher="Zoom"), seat_type="unlimited", total_cost="900.00")
    _seat(figma, ppl["Ada"], used_days=200)
    _seat(figma, ppl["Ben"], used_days=120)
    _seat(figma, ppl["Cleo"], used_days=None)  # no usage reported: the login proxy judges
    _seat(figma, ppl["Dan"], used_days=3)
    _seat(slack, ppl["Eve"], used_days=1)
    _seat(slack, ppl["Finn"], used_days=2)
    with write_session() as s:
        s.exec(update(Person).where(Person.id == ppl["Eve"]).values(status="offboarded"))
    return {"figma": figma, "slack": slack}


def _click_bar(page, chart_id: str) -> None:
    """Click the first bar of a chart where plotly listens: on its drag layer, not the bar."""
    chart = page.get_by_test_id(chart_id)
    chart.evaluate("el => el.scrollIntoView({block: 'center'})")
    box = chart.locator(".bars .point path").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_dormant_seats_savings_and_bulk_reclaim(rates, page, shot, tmp_path):
    fleet = _dormant_fleet()
    page.goto("/dashboard")
    page.get_by_test_id("nav-utilization").click()
    expect(page).to_have_url(re.compile(r"/utilization$"))

    # Potential savings per currency, and converted with the configured rate.
    expect(page.get_by_test_id("potential-savings-EUR")).to_have_text("€360.00", timeout=LOAD_MS)
    expect(page.get_by_test_id("potential-savings-USD")).to_have_text("US$120.00")
    expect(page.get_by_test_id("potential-savings-converted")).to_have_text("≈ €470.40 in EUR")
    expect(page.get_by_test_id("realized-savings-none")).to_have_text("None yet")
    expect(page.get_by_test_id("dormant-count")).to_have_text("4")

    # The ranking: fullest first, the unlimited license left out.
    ranking = page.get_by_test_id("ranking-row")
    expect(ranking).to_have_count(2)
    expect(ranking.first.get_by_test_id("ranking-license")).to_have_text("Slack")
    expect(ranking.first.get_by_test_id("fill-pct")).to_have_text("50.0%")
    expect(ranking.nth(1).get_by_test_id("ranking-dormant")).to_have_text("3")
    expect(ranking.nth(1).get_by_test_id("ranking-dormant")).to_have_attribute(
        "href", f"/licenses/{fleet['figma']}/users?view=inactive&days=90"
    )

    page.get_by_test_id("sort-dormant").click()
    expect(page).to_have_url(re.compile(r"/utilization\?sort=dormant&dir=desc$"))
    expect(ranking.first.get_by_test_id("ranking-license")).to_have_text("Figma")
    page.get_by_test_id("sort-dormant").click()
    expect(page).to_have_url(re.compile(r"/utilization\?sort=dormant$"))
    expect(ranking.first.get_by_test_id("ranking-license")).to_have_text("Slack")
    page.get_by_test_id("sort-rank").click()
    expect(page).to_have_url(re.compile(r"/utilization$"))

    # Dormant seats, with the signal that judged each.
    rows = page.get_by_test_id("dormant-row")
    expect(rows).to_have_count(4)
    expect(rows.filter(has_text="Ada Holder").get_by_test_id("signal-badge")).to_have_text("Real usage")
    cleo = rows.filter(has_text="Cleo Holder")
    expect(cleo.get_by_test_id("signal-badge")).to_have_text("Login proxy")
    expect(cleo).to_contain_text("Last sign-in")
    expect(cleo).to_contain_text("300 days ago")
    expect(page.get_by_test_id("fill-chart").locator(".js-plotly-plot")).to_be_visible()
    expect(page.get_by_test_id("savings-product-chart").locator(".js-plotly-plot")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "utilization-01-dormant")
    cleo.get_by_test_id("signal-badge").hover()
    expect(page.get_by_role("tooltip")).to_contain_text("Weaker signal")
    expect(rows.filter(has_text="Eve Holder").get_by_test_id("signal-badge")).to_have_text("User status")
    expect(rows.filter(has_text="Eve Holder")).to_contain_text("US$120.00")

    # The window lives in the URL.
    page.get_by_role("radio", name="180 days").click()
    expect(page).to_have_url(re.compile(r"/utilization\?window=180$"))
    expect(page.get_by_test_id("dormant-count")).to_have_text("3")  # Ben (120 days idle) is not dormant at 180
    page.get_by_role("radio", name="90 days").click()
    expect(page).to_have_url(re.compile(r"/utilization$"))
    expect(page.get_by_test_id("dormant-count")).to_have_text("4")

    # A bar of the fill chart opens its license.
    _click_bar(page, "fill-chart")
    expect(page).to_have_url(re.compile(rf"/licenses/{fleet['slack']}$"))
    page.go_back()
    expect(page.get_by_test_id("dormant-row")).to_have_count(4)
    # A bar of savings by product opens that product's dormant seats (View all users, inactive).
    _click_bar(page, "savings-product-chart")
    expect(page).to_have_url(re.compile(rf"/licenses/{fleet['figma']}/users\?view=inactive&days=90$"))
    page.go_back()
    expect(page.get_by_test_id("dormant-row")).to_have_count(4)

    # The CSV export downloads.
    page.get_by_test_id("export-menu").click()
    with page.expect_download() as info:
        page.get_by_test_id("export-utilization").click()
    path = tmp_path / "utilization.csv"
    info.value.save_as(path)
    assert re.fullmatch(r"utilization-\d{4}-\d{2}-\d{2}\.csv", info.value.suggested_filename)
    exported = {r["Software"]: r for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))}
    assert exported["Figma"]["Dormant seats"] == "3" and exported["Figma"]["Potential savings"] == "360.00"
    assert exported["Zoom"]["Rank"] == ""

    # Bulk reclaim: preview, confirm, progress.
    page.get_by_test_id("reclaim-open").click()
    dialog = page.get_by_test_id("reclaim-dialog")
    expect(dialog.get_by_test_id("plan-seats")).to_have_text("4")
    expect(dialog.get_by_test_id("plan-savings")).to_have_text(["€360.00", "US$120.00"])
    expect(dialog.get_by_test_id("plan-line")).to_have_count(2)
    shot(page, "utilization-02-reclaim-preview", full_page=False)
    dialog.get_by_test_id("reclaim-confirm").click()
    expect(dialog.get_by_test_id("reclaim-result")).to_have_text("Reclaimed 4 dormant seats from 2 licenses")
    expect(dialog.get_by_test_id("reclaim-progress")).to_have_attribute("data-state", "complete")
    expect(dialog.get_by_test_id("progress-text")).to_have_text("4 of 4 seats · 2 of 2 licenses")
    expect_toast(page, "Reclaimed 4 dormant seats from 2 licenses")
    shot(page, "utilization-03-reclaim-done", full_page=False)
    dialog.get_by_test_id("reclaim-close").click()

    # Potential savings drop; realized savings rise (prorated to the next renewal).
    expect(page.get_by_test_id("potential-savings-none")).to_have_text("Nothing to save")
    expect(page.get_by_test_id("dormant-empty")).to_be_visible()
    now = utcnow()
    with read_session() as s:
        realized = savings.realized_report(s, now - timedelta(days=1), now + timedelta(minutes=1))
    assert realized.by_currency["EUR"] > 0 and realized.by_currency["USD"] == 120
    expect(page.get_by_test_id("realized-savings-EUR")).to_have_text(money.fmt(realized.by_currency["EUR"], "EUR"))
    expect(page.get_by_test_id("realized-savings-USD")).to_have_text("US$120.00")
    expect(page.get_by_test_id("card-realized")).to_contain_text("4 seats given back")
    shot(page, "utilization-04-after-reclaim")


def test_ask_holders_first(page):
    fleet = _dormant_fleet()
    page.goto("/utilization?window=180")
    expect(page.get_by_test_id("dormant-count")).to_have_text("3", timeout=LOAD_MS)
    page.get_by_test_id("reclaim-open").click()
    dialog = page.get_by_test_id("reclaim-dialog")
    expect(dialog.get_by_test_id("plan-seats")).to_have_text("3")
    dialog.get_by_test_id("ask-first").click()
    dialog.get_by_label("Days to answer").click()
    page.get_by_role("option", name="7 days", exact=True).click()
    expect(dialog.get_by_test_id("reclaim-confirm")).to_have_text("Ask 3 holders")
    dialog.get_by_test_id("reclaim-confirm").click()
    by = (utcnow() + timedelta(days=7)).strftime("%d %b %Y")
    expect(dialog.get_by_test_id("reclaim-result")).to_have_text(
        f"Asked 3 holders to keep or give up their seat by {by}"
    )
    dialog.get_by_test_id("reclaim-close").click()
    # Nothing was reclaimed; asked again, the seats wait for their holders' answers.
    expect(page.get_by_test_id("dormant-count")).to_have_text("3")
    page.get_by_test_id("reclaim-open").click()
    expect(dialog.get_by_test_id("plan-empty")).to_contain_text("3 seats are waiting for their holder's answer")
    with read_session() as s:
        assert seats.active_count(s, fleet["figma"]) == 4

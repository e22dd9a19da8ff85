"""WCAG 2.1 AA checked by axe-core on every page a user works in, over a small
demo organization (so tables, badges and charts render), signed in as an Admin
and as a Viewer (who meets forbidden pages: those must be accessible too).

A new page joins the walk by adding its path to PAGES; `{license}`, `{person}`...
are filled with ids from the demo data."""

from __future__ import annotations

import pytest
from sqlmodel import select

from license_hub import db
from license_hub.models import CatalogEntry, Device, License, Person
from license_hub.models.publishing import PublishedLicense
from license_hub.services.demo import demo_data
from license_hub.services.publishing import issuing, policies
from license_hub.services.seats import usage_audits
from tests.browser.a11y import audit, report
from tests.factories import ACTOR, add_license, add_product

pytestmark = pytest.mark.browser

PAGES = [
    "/dashboard",
    "/capacity-alerts",
    "/catalog",
    "/catalog/{entry}",
    "/licenses",
    "/licenses/{license}",
    "/licenses/{license}/users",
    "/licenses/{concurrent}/leases",
    "/licenses/{audited}",
    "/licenses/import",
    "/licenses/from-contract",
    "/utilization",
    "/renewals",
    "/reconciliation",
    "/software-rules",
    "/spend",
    "/capacity",
    "/compliance",
    "/settings/reports",
    "/people",
    "/people/{person}",
    "/devices",
    "/devices/{device}",
    "/group-rules",
    "/publishing",
    "/publishing/licenses",
    "/publishing/licenses/{issued}",
    "/publishing/licenses/{floating}/leases",
    "/audit-log",
    "/settings/users",
    "/account",
]


SHOTS = {"/dashboard", "/utilization", "/licenses/import"}  # charts and their text; a forbidden page


def _estate() -> dict[str, int]:
    """Demo data, one usage audit in progress and one issued license: ids to fill PAGES."""
    demo_data.load(None, seed=21, scale=0.02)
    entry = add_product("Acme CAD", publisher="Us")
    with db.write_session() as s:
        product = policies.publish_product(s, ACTOR, entry, "ACME-CAD").id
        policy = policies.create_policy(
            s,
            ACTOR,
            product,
            policies.PolicyInput(
                name="Pro", license_model="subscription", duration_days=365, max_machines=2, price="365.00"
            ),
        )
        customer = issuing.create_customer(s, ACTOR, "organization", "Globex", "it@globex.example")
        issuing.issue(s, ACTOR, policy.id, customer.id)
        floating = policies.create_policy(
            s, ACTOR, product, policies.PolicyInput(name="Float", license_model="floating", max_machines=2)
        )
        floating_id = issuing.issue(s, ACTOR, floating.id, customer.id).license_id
    concurrent = add_license(add_product("Acme BI"), name="BI pool", seats_total=3, seat_type="concurrent")
    with db.read_session() as s:
        licenses = s.exec(select(License.id).where(License.seats_used > 0).order_by(License.id)).all()
        ids = {
            "license": licenses[0],
            "audited": licenses[1],
            "entry": s.exec(select(CatalogEntry.id).order_by(CatalogEntry.id)).first(),
            "person": s.exec(select(Person.id).order_by(Person.id)).first(),
            "device": s.exec(select(Device.id).order_by(Device.id)).first(),
            "issued": s.exec(select(PublishedLicense.id)).first(),
            "floating": floating_id,
            "concurrent": concurrent,
        }
    with db.write_session() as s:
        usage_audits.start(s, ACTOR, ids["audited"])
    return ids


@pytest.mark.parametrize("role", ["Admin", "Viewer"])
def test_every_page_meets_wcag_aa(signed_in_as, shot, role):
    ids = _estate()
    page = signed_in_as(role)
    found = []
    for template in PAGES:
        path = template.format(**ids)
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found += audit(page, f"{role} {path}")
        if template in SHOTS:
            shot(page, f"a11y-{role.lower()}{template.replace('/', '-')}")
    assert not found, report(found)


def test_the_sign_in_page_meets_wcag_aa(signed_in_as):
    page = signed_in_as(None)
    page.goto("/sign-in")
    page.wait_for_load_state("networkidle")
    found = audit(page, "/sign-in")
    assert not found, report(found)

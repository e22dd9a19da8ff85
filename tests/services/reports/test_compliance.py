"""Compliance per license (Compliant, Over-deployed, Under-utilized, Review Required by
hand), installations linked to licenses without double counting, the per-product
grid and capacity alerts."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, License
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.directory import people
from license_hub.services.reports import compliance
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_people, make_product


def _set_used(lic: int, used: int) -> None:
    with write_session() as s:
        s.exec(update(License).where(License.id == lic).values(seats_used=used))


def _device(name: str, owner: int | None = None) -> int:
    with write_session() as s:
        return people.create_device(s, ACTOR, name=name, owner_id=owner).id


def _install(device: int, product: int, lic: int | None = None) -> int:
    with write_session() as s:
        return compliance.record_installation(s, ACTOR, device_id=device, catalog_entry_id=product, license_id=lic).id


def _report():
    with read_session() as s:
        return compliance.compliance_report(s)


def _status(lic: int) -> str:
    return _report()[0].set_index("license_id").loc[lic, "status"]


def test_statuses_from_the_figures(database):
    product = make_product("Visio")
    cases = {}
    for key, total, used, seat_type in (
        ("compliant", 5, 3, "user"),
        ("under", 10, 4, "user"),
        ("half", 10, 5, "user"),
        ("single_unused", 1, 0, "user"),
        ("over_recorded", 5, 6, "user"),
        ("unlimited", 1, 0, "unlimited"),
    ):
        cases[key] = make_license(product, seats_total=total, seat_type=seat_type)
        _set_used(cases[key], used)
    statuses = _report()[0].set_index("license_id")["status"]
    assert {k: statuses[v] for k, v in cases.items()} == {
        "compliant": "Compliant",
        "under": "Under-utilized",
        "half": "Compliant",
        "single_unused": "Compliant",
        "over_recorded": "Over-deployed",
        "unlimited": "Compliant",
    }


def test_linked_installations_consume_seats_once(database):
    product = make_product("AutoCAD")
    lic = make_license(product, seats_total=3, seat_type="device")
    holder, other = make_people(2)
    seat_device, owned_device, spare_1, spare_2 = (
        _device("CAD-1"),
        _device("CAD-2", owner=holder),
        _device("CAD-3"),
        _device("CAD-4"),
    )
    with write_session() as s:
        seats.assign(s, ACTOR, lic, device_id=seat_device)
        seats.assign(s, ACTOR, lic, person_id=holder)
    _install(seat_device, product, lic)  # the device's own seat: already counted
    _install(owned_device, product, lic)  # its owner holds a seat: already counted
    _install(spare_1, product, lic)  # a third consumer: 3 of 3, still compliant
    row = _report()[0].set_index("license_id").loc[lic]
    assert (row["active_assignments"], row["linked_installations"], row["consumed"]) == (2, 1, 3)
    assert row["status"] == "Compliant"
    _install(spare_2, product, lic)  # a fourth: more consumed than bought
    assert _status(lic) == "Over-deployed"


def test_override_is_kept_until_cleared_and_audited(database):
    lic = make_license(seats_total=10)
    assert _status(lic) == "Under-utilized"
    with write_session() as s:
        compliance.set_override(s, ACTOR, lic)
    _set_used(lic, 9)
    row = _report()[0].set_index("license_id").loc[lic]
    assert (row["status"], row["computed"]) == ("Review Required", "Compliant")
    with write_session() as s:
        compliance.clear_override(s, ACTOR, lic)
    assert _status(lic) == "Compliant"
    with read_session() as s:
        diffs = list(s.exec(select(AuditEvent.diff).where(AuditEvent.action == "compliance_override")))
    assert diffs == [
        '{"compliance_override":[null,"Review Required"]}',
        '{"compliance_override":["Review Required",null]}',
    ]


def test_override_must_be_a_compliance_status(database):
    lic = make_license()
    with pytest.raises(ValidationError), write_session() as s:
        compliance.set_override(s, ACTOR, lic, "Probably fine")


def test_installation_must_match_the_license_product(database):
    lic = make_license(make_product("Photoshop"))
    other_product = make_product("Illustrator")
    dev = _device("MAC-1")
    with pytest.raises(DomainError) as err, write_session() as s:
        compliance.record_installation(s, ACTOR, device_id=dev, catalog_entry_id=other_product, license_id=lic)
    assert err.value.message == "This license is for another product"
    inst = _install(dev, other_product)
    assert _install(dev, other_product) == inst  # seen again: same row
    with pytest.raises(DomainError), write_session() as s:
        compliance.link_installation(s, ACTOR, inst, lic)


def test_product_grid_adds_up_each_product(database):
    figma, slack, unlicensed = make_product("Figma"), make_product("Slack"), make_product("WinRAR")
    a = make_license(figma, seats_total=10)
    b = make_license(figma, seats_total=4)
    c = make_license(slack, seats_total=1, seat_type="unlimited")
    _set_used(a, 2)
    _set_used(b, 5)
    _set_used(c, 40)
    d1, d2, d3 = _device("D1"), _device("D2"), _device("D3")
    _install(d1, figma, a)
    _install(d2, figma)
    _install(d3, unlicensed)
    grid = _report()[1].set_index("product")
    figma_row = grid.loc["Figma"]
    assert (
        figma_row["licenses"],
        figma_row["purchased"],
        figma_row["used"],
        figma_row["installed"],
        figma_row["unlicensed_installations"],
    ) == (2, 14, 7, 2, 1)
    assert (figma_row["Under-utilized"], figma_row["Over-deployed"], figma_row["Compliant"]) == (1, 1, 0)
    assert bool(grid.loc["Slack", "unlimited"]) and grid.loc["Slack", "purchased"] == 0
    assert (
        grid.loc["WinRAR", "licenses"],
        grid.loc["WinRAR", "installed"],
        grid.loc["WinRAR", "unlicensed_installations"],
    ) == (0, 1, 1)


def test_capacity_alerts_at_or_above_threshold(database):
    product = make_product("Jira")
    at = make_license(product, seats_total=10)
    below = make_license(product, seats_total=10)
    full = make_license(product, seats_total=4)
    unlimited = make_license(product, seats_total=1, seat_type="unlimited")
    for lic, used in ((at, 9), (below, 8), (full, 4), (unlimited, 100)):
        _set_used(lic, used)
    alerts = _report()[2]
    assert list(alerts["license_id"]) == [full, at]
    assert list(alerts["fill_pct"]) == [100.0, 90.0]


def test_empty_workspace(database):
    classified, grid, alerts = _report()
    assert classified.empty and grid.empty and alerts.empty

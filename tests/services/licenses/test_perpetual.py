"""One notion of perpetual: License Type Perpetual and the Perpetual flag are one
rule for the form, the import, reminders, filters and the expiry status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from license_hub.db import read_session, write_session
from license_hub.models import CatalogEntry, License
from license_hub.services.core.errors import ValidationError
from license_hub.services.imports import license_import as li
from license_hub.services.licenses import license_list, lifecycle, perpetual
from license_hub.services.licenses.license_form import clean
from license_hub.services.notify import reminders
from tests.factories import ACTOR, make_license, make_product

TODAY = date(2026, 6, 1)


def _row(lid: int) -> License:
    with read_session() as s:
        return s.get(License, lid)


def _due(lid: int) -> set[str]:
    with read_session() as s:
        return {r.kind for r in reminders.active_for(s, lid)}


def test_type_perpetual_sets_the_flag(database):
    lic = _row(make_license(license_type="Perpetual"))
    assert lic.perpetual is True and perpetual.is_perpetual(lic)


def test_type_perpetual_with_an_expiry_date_is_refused_and_owes_no_reminder(database):
    with pytest.raises(ValidationError) as refused:
        make_license(license_type="Perpetual", expiry_date="2027-01-01")
    assert refused.value.errors == {"expiry_date": "A perpetual license has no expiry date"}


def test_a_row_typed_perpetual_without_the_flag_owes_no_expiry_reminder():
    lic = License(
        id=1,
        catalog_entry_id=1,
        license_type="Perpetual",
        perpetual=False,
        expiry_date=date(2027, 1, 1),
        renewal_notice_days=30,
        maintenance_expiry_date=date(2027, 6, 1),
    )
    assert reminders.due_dates(lic) == {"maintenance_expiry": date(2027, 6, 1)}


def test_the_flag_alone_turns_a_subscription_perpetual_and_off_again(database):
    lid = make_license(license_type="Subscription")
    with write_session() as s:
        lifecycle.update(s, ACTOR, lid, {"perpetual": True})
    assert (_row(lid).license_type, _row(lid).perpetual) == ("Perpetual", True)
    with write_session() as s:
        lifecycle.update(s, ACTOR, lid, {"perpetual": False})
    assert (_row(lid).license_type, _row(lid).perpetual) == ("Subscription", False)


def test_choosing_a_term_type_clears_the_flag_but_oem_keeps_it(database):
    lid = make_license(license_type="Perpetual")
    with write_session() as s:
        lifecycle.update(s, ACTOR, lid, {"license_type": "OEM"})
    assert (_row(lid).license_type, _row(lid).perpetual) == ("OEM", True)
    with write_session() as s:
        lifecycle.update(s, ACTOR, lid, {"license_type": "Term", "expiry_date": "2027-01-01"})
    assert (_row(lid).license_type, _row(lid).perpetual) == ("Term", False)
    assert "expiry" in _due(lid)


def test_a_subscription_sent_with_the_flag_is_a_contradiction():
    with pytest.raises(ValidationError) as refused:
        clean({"catalog_entry_id": 1, "license_type": "Subscription", "perpetual": True})
    assert refused.value.errors == {
        "license_type": "A Subscription license runs out: choose type Perpetual or turn Perpetual off"
    }


@pytest.mark.parametrize(
    "changed, before, after",
    [
        ("license_type", ("Perpetual", False), ("Perpetual", True)),
        ("license_type", ("Trial", True), ("Trial", False)),
        ("license_type", ("Volume License", True), ("Volume License", True)),
        ("perpetual", ("Subscription", True), ("Perpetual", True)),
        ("perpetual", ("Perpetual", False), ("Subscription", False)),
        ("perpetual", ("OEM", False), ("OEM", False)),
    ],
)
def test_the_form_keeps_the_two_in_step(changed, before, after):
    assert perpetual.in_step(*before, changed) == after


def _legacy_perpetual(expiry: date, name: str) -> int:
    """A row as saved before the two notions were folded: type Perpetual, flag off, an expiry date."""
    lid = make_license(make_product(name), name=name, license_type="Subscription", expiry_date=expiry.isoformat())
    with write_session() as s:
        s.execute(text("UPDATE license SET license_type = 'Perpetual' WHERE id = :id"), {"id": lid})
    return lid


def test_filters_and_expiry_status_never_call_a_perpetual_license_expired(database):
    lid = _legacy_perpetual(TODAY - timedelta(days=10), "Old CAD")
    soon = _legacy_perpetual(TODAY + timedelta(days=10), "Old PDF")
    dated = make_license(name="Dated", expiry_date=(TODAY - timedelta(days=10)).isoformat())
    with read_session() as s:
        expired, _ = license_list.list_cards(s, today=TODAY, saved_filter="expired")
        renewing, _ = license_list.list_cards(s, today=TODAY, saved_filter="renewing_soon")
        lic, entry = s.get(License, lid), s.get(CatalogEntry, _row(lid).catalog_entry_id)
        card = license_list.to_card(lic, entry, TODAY)
    assert [c.id for c in expired] == [dated]
    assert soon not in [c.id for c in renewing]
    assert card.days_to_expiry is None


def test_an_import_row_typed_perpetual_is_perpetual(database):
    data = (
        "\ufeffLicense name,Software,Seats total,License type,Perpetual\r\n"
        "Forever,Sketchbook,1,Perpetual,\r\n"
        "Clash,Sketchbook,1,Subscription,yes\r\n"
    ).encode()
    with read_session() as s:
        report = li.dry_run(s, data)
    by_row = {r.row: r for r in report.rows}
    assert by_row[2].status == li.CREATED
    assert by_row[3].status == li.ERROR and "runs out" in by_row[3].message

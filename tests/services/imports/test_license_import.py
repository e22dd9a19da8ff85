"""Importing licenses and seats: Snipe-IT files in its three header styles, License
Hub's own export round trip, idempotency, and the rows that must be refused."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from license_hub.db import engine, read_session, write_session
from license_hub.models import Assignment, AuditEvent, CatalogEntry, License, Person, metadata
from license_hub.services.core import secrets
from license_hub.services.core.errors import ValidationError
from license_hub.services.directory import leavers, people
from license_hub.services.imports import formats as f
from license_hub.services.imports import license_import as li
from license_hub.services.licenses import license_export
from license_hub.services.seats import assignments
from tests.factories import ACTOR, make_license, make_product

ACRO = {
    "name": "Acrobat Pro",
    "serial": "ACRO-1111-2222",
    "category": "Design",
    "manufacturer": "Adobe",
    "purchase_date": "01/15/2025",
    "purchase_cost": "$1,234.50",
    "purchase_order": "PO-77",
    "order_number": "INV-9",
    "licensed_to": "Finance Dept",
    "licensed_email": "fin@example.com",
    "expiration": "12/31/2027",
    "maintained": "yes",
    "reassignable": "no",
    "seats": "3",
    "company": "Acme",
    "supplier": "SHI",
    "notes": "Renew via SHI",
    "termination": "",
}
SUBLIME = {
    **ACRO,
    "name": "Sublime Text",
    "serial": "",
    "manufacturer": "Sublime HQ",
    "category": "Dev tools",
    "purchase_date": "2024-06-01",
    "purchase_cost": "80",
    "seats": "10",
    "maintained": "off",
    "reassignable": "true",
    "expiration": "",
    "notes": "",
}
HOLDERS = [
    ("Ada Lovelace", "ada.l@example.com", "ADA"),  # matched by username, case-insensitively
    ("Grace Hopper", "GRACE@EXAMPLE.COM", ""),  # matched by email
    ("Linus Torvalds", "linus@example.com", "linus"),
]  # created

STYLES = {
    f.SNIPE_CLI: [
        "Full Name",
        "Email",
        "Username",
        "Item name",
        "serial number",
        "Category",
        "manufacturer",
        "purchase date",
        "purchase cost",
        "purchase order",
        "order number",
        "Licensed To Name",
        "Licensed to Email",
        "expiration date",
        "maintained",
        "reassignable",
        "seats",
        "company",
        "supplier",
        "notes",
    ],
    f.SNIPE_WEB: [
        "Checked Out to: Full Name",
        "Checked Out to: Email",
        "Checked Out to: Username",
        "License Name",
        "Serial/Product Key",
        "Category",
        "Manufacturer",
        "Purchase Date",
        "Purchase Cost",
        "Purchase Order Number",
        "Order Number",
        "Licensed to Name",
        "Licensed to Email",
        "Expiration Date",
        "Maintained",
        "Reassignable",
        "Seats",
        "Company",
        "Supplier",
        "Notes",
    ],
}
ORDER = (
    "name",
    "serial",
    "category",
    "manufacturer",
    "purchase_date",
    "purchase_cost",
    "purchase_order",
    "order_number",
    "licensed_to",
    "licensed_email",
    "expiration",
    "maintained",
    "reassignable",
    "seats",
    "company",
    "supplier",
    "notes",
)


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode()


def snipe_file(style: str) -> bytes:
    if style == f.SNIPE_EXPORT:
        header = [
            "id",
            "Company",
            "Name",
            "Serial Number",
            "Purchase Date",
            "Purchase Cost",
            "Order Number",
            "Licenses available",
            "Seats",
            "Created By",
            "Depreciation",
            "Updated at",
            "Deleted at",
            "Email",
            "Fully Depreciated",
            "Supplier",
            "Expiration Date",
            "Purchase Order Number",
            "Termination Date",
            "Maintained",
            "Manufacturer",
            "Category",
            "Min. QTY",
            "Reassignable",
            "Notes",
            "Created At",
        ]
        iso = {"01/15/2025": "2025-01-15", "12/31/2027": "2027-12-31 00:00:01"}  # as Snipe-IT writes dates
        rows = [
            [
                str(i),
                lic["company"],
                lic["name"],
                lic["serial"],
                iso.get(lic["purchase_date"], lic["purchase_date"]),
                lic["purchase_cost"],
                lic["order_number"],
                lic["seats"],
                lic["seats"],
                "Admin",
                "",
                "2026-01-01 10:00:00",
                "",
                lic["licensed_email"],
                "No",
                lic["supplier"],
                iso.get(lic["expiration"], lic["expiration"]),
                lic["purchase_order"],
                "",
                "Yes" if lic["maintained"] == "yes" else "No",
                lic["manufacturer"],
                lic["category"],
                "0",
                "Yes" if lic["reassignable"] in ("yes", "true") else "No",
                lic["notes"],
                "2026-01-01 10:00:00",
            ]
            for i, lic in enumerate((ACRO, SUBLIME), start=1)
        ]
        return _csv([header] + rows)
    rows = [[name, email, username] + [ACRO[k] for k in ORDER] for name, email, username in HOLDERS]
    rows.append(["", "", ""] + [SUBLIME[k] for k in ORDER])
    return _csv([STYLES[style]] + rows)


def _people() -> tuple[int, int]:
    with write_session() as s:
        ada = people.create_person(s, ACTOR, name="Ada Lovelace", email="ada@example.com")
        ada.username = "ada"
        grace = people.create_person(s, ACTOR, name="Grace Hopper", email="grace@example.com")
        return ada.id, grace.id


def _license(s, name: str) -> License:
    return s.exec(select(License).where(License.name == name)).one()


@pytest.mark.parametrize("style", [f.SNIPE_CLI, f.SNIPE_WEB, f.SNIPE_EXPORT])
def test_snipe_it_file_imports_every_field_and_seat(database, style):
    ada, grace = _people()
    data = snipe_file(style)
    with read_session() as s:
        report = li.dry_run(s, data)
    assert report.format == style and report.errors == 0
    with write_session() as s:
        li.commit(s, ACTOR, data)

    with read_session() as s:
        acro = _license(s, "Acrobat Pro")
        entry = s.get(CatalogEntry, acro.catalog_entry_id)
        assert (entry.name, entry.publisher, entry.category) == ("Acrobat Pro", "Adobe", "Design")
        assert secrets.decrypt(acro.product_key_cipher) == "ACRO-1111-2222"
        assert acro.purchase_date == date(2025, 1, 15)
        assert acro.total_cost == Decimal("1234.50")
        assert acro.currency == "USD"  # "$" names the currency
        assert (acro.purchase_order, acro.invoice_number, acro.vendor, acro.organization) == (
            "PO-77",
            "INV-9",
            "SHI",
            "Acme",
        )
        assert acro.expiry_date == date(2027, 12, 31)
        assert acro.maintenance_included is True and acro.reassignable is False
        assert acro.notes == "Renew via SHI" and acro.seats_total == 3
        sublime = _license(s, "Sublime Text")
        assert sublime.product_key_cipher is None and sublime.seats_total == 10 and sublime.seats_used == 0
        assert sublime.maintenance_included is False and sublime.reassignable is True
        assert sublime.purchase_date == date(2024, 6, 1) and sublime.total_cost == Decimal("80.00")
        holders = set(
            s.exec(
                select(Assignment.person_id).where(Assignment.license_id == acro.id, Assignment.revoked_at.is_(None))
            )
        )
        if style == f.SNIPE_EXPORT:  # Snipe-IT's export lists licenses, not who holds them
            assert acro.licensed_to == "" and acro.seats_used == 0 and holders == set()
            return
        assert acro.licensed_to == "Finance Dept"
        linus = s.exec(select(Person).where(Person.email == "linus@example.com")).one()
        assert (linus.name, linus.username) == ("Linus Torvalds", "linus")
        assert holders == {ada, grace, linus.id} and acro.seats_used == 3
        assert s.exec(select(func.count()).select_from(Person)).one() == 3


def test_snipe_export_header_repeating_every_500_rows(database):
    header = ["id", "Name", "Serial Number", "Seats", "Licenses available", "Purchase Cost"]
    rows = [header]
    for i in range(1, 1201):
        rows.append([str(i), f"Tool {i}", f"S-{i}", "5", "5", "10.00"])
        if i % 500 == 0:
            rows.append(header)
    with read_session() as s:
        report = li.dry_run(s, _csv(rows))
    assert report.errors == 0 and report.count(li.CREATED) == 1200 and len(report.rows) == 1200


def test_importing_the_same_file_twice_changes_nothing(database):
    _people()
    data = snipe_file(f.SNIPE_CLI)
    with write_session() as s:
        first = li.commit(s, ACTOR, data)
    assert (first.licenses_created, first.seats_assigned, first.people_created) == (2, 3, 1)

    def counts():
        with read_session() as s:
            return tuple(
                s.exec(select(func.count()).select_from(t)).one()
                for t in (License, Assignment, Person, CatalogEntry, AuditEvent)
            )

    before = counts()
    with read_session() as s:
        again = li.dry_run(s, data)
    assert {r.status for r in again.rows} == {li.UNCHANGED}
    with write_session() as s:
        li.commit(s, ACTOR, data)
    assert counts() == before


def _estate() -> None:
    """Licenses with every kind of holder, keys, odd text and an unlimited seat type."""
    figma = make_product("Figma", category="Design")
    a = make_license(
        figma,
        name="=Design team",
        product_key="FIG-AAAA-BBBB-CCCC",
        seats_total=4,
        cost_per_seat="12.50",
        currency="USD",
        billing_cycle="monthly",
        expiry_date="2027-03-31",
        auto_renew="yes",
        notes="Line one\nline two",
        serial_number="SN-1",
    )
    make_license(figma, name="Design team", serial_number="SN-2", seats_total=2)
    make_license(
        make_product("Slack", publisher="Salesforce"),
        seat_type="unlimited",
        seats_total=0,
        license_type="Perpetual",
        perpetual="yes",
    )
    with write_session() as s:
        p = people.create_person(s, ACTOR, name="Ada Lovelace", email="ada@example.com")
        p.username = "ada"
        q = people.create_person(s, ACTOR, name="Bob", email="bob@example.com")
        s.flush()
        assignments.assign(s, ACTOR, a, person_id=p.id, seat_key="SEAT-KEY-0001", activated_on=date(2026, 2, 1))
        assignments.assign(s, ACTOR, a, person_id=q.id, activated_on=date(2026, 2, 2))
        assignments.assign(s, ACTOR, a, assignee_name="+Kiosk", device_name="Front desk", activated_on=date(2026, 1, 1))


def _export(reveal: bool = True) -> str:
    with read_session() as s:
        return "".join(license_export.stream_csv(s, reveal_keys=reveal, actor=ACTOR))


def _empty_database() -> None:
    with engine().begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if table.name not in ("role", "alembic_version"):
                conn.execute(table.delete())
        conn.execute(text("INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, '')"))


def test_round_trip_export_import_export_is_identical(database):
    _estate()
    first = _export()
    assert "'=Design team" in first and "'+Kiosk" in first  # the formula guard
    _empty_database()
    with read_session() as s:
        assert s.exec(select(func.count()).select_from(License)).one() == 0
        report = li.dry_run(s, first.encode())
    assert report.format == f.OWN and report.errors == 0
    with write_session() as s:
        li.commit(s, ACTOR, first.encode())
    assert _export() == first
    with read_session() as s:
        assert {r.status for r in li.dry_run(s, first.encode()).rows} == {li.UNCHANGED}


def test_export_masks_keys_unless_revealed(database):
    _estate()
    masked = _export(reveal=False)
    assert "FIG-AAAA-BBBB-CCCC" not in masked and "SEAT-KEY-0001" not in masked and secrets.MASK in masked
    with read_session() as s:  # a masked export still matches the licenses it came from
        assert {r.status for r in li.dry_run(s, masked.encode()).rows} == {li.UNCHANGED}


def _rows(*lines: list[str]) -> bytes:
    return _csv(
        [
            [
                "License name",
                "Software",
                "Seats total",
                "Assignee email",
                "Assignee username",
                "Assignee name",
                "Expiry date",
                "Auto-renew",
                "Total cost",
            ],
            *lines,
        ]
    )


def test_bad_rows_are_errors_with_reasons_and_block_the_commit(database):
    with write_session() as s:
        gone = people.create_person(s, ACTOR, name="Gone Person", email="gone@example.com")
    with write_session() as s:
        leavers.deactivate_person(s, ACTOR, gone.id)
    data = _rows(
        ["Team", "Figma", "2", "a@example.com", "", "A", "2027-01-01", "yes", "$10"],
        ["Team", "Figma", "2", "b@example.com", "", "B", "", "", ""],
        ["Team", "Figma", "2", "c@example.com", "", "C", "", "", ""],  # a third holder for two seats
        ["Team", "Figma", "2", "a@example.com", "", "A", "", "", ""],  # the same person twice
        ["Other", "Figma", "many", "", "", "", "", "", ""],
        ["Dated", "Figma", "1", "", "", "", "31/12/2027", "", ""],
        ["Flag", "Figma", "1", "", "", "", "", "perhaps", ""],
        ["Money", "Figma", "1", "", "", "", "", "", "ten euros"],
        ["Mail", "Figma", "1", "not-an-email", "", "", "", "", ""],
        ["Left", "Figma", "1", "gone@example.com", "", "", "", "", ""],
        ["", "", "1", "", "", "", "", "", ""],
        ["Zero", "Figma", "0", "", "", "", "", "", ""],
    )
    with read_session() as s:
        report = li.dry_run(s, data)
    by_row = {r.row: r for r in report.rows}
    assert [by_row[n].status for n in (2, 3)] == [li.CREATED, li.ASSIGNED]
    assert by_row[4].message.startswith("No seats remaining on this license")
    assert by_row[5].message == "This user already has an active assignment for this license"
    assert "whole number of seats" in by_row[6].message
    assert "MM/DD/YYYY" in by_row[7].message and "yes/no" in by_row[8].message
    assert "not an amount" in by_row[9].message and "not a valid email" in by_row[10].message
    assert "offboarded" in by_row[11].message and "has no name" in by_row[12].message
    assert by_row[13].message == "Seats total: Seats total must be at least 1"  # the license form's rule
    assert report.errors == 10
    with write_session() as s, pytest.raises(li.ImportBlocked) as refused:
        li.commit(s, ACTOR, data)
    assert refused.value.report.errors == 10
    with read_session() as s:
        assert s.exec(select(func.count()).select_from(License)).one() == 0
        assert s.exec(select(func.count()).select_from(Person)).one() == 1


def test_changed_fields_update_and_extra_holders_assign(database):
    with write_session() as s:
        li.commit(s, ACTOR, _rows(["Team", "Figma", "2", "a@example.com", "", "A", "", "", ""]))
    changed = _rows(
        ["Team", "Figma", "3", "a@example.com", "", "A", "", "", ""],
        ["Team", "Figma", "3", "b@example.com", "", "B", "", "", ""],
    )
    with read_session() as s:
        report = li.dry_run(s, changed)
    assert [(r.status, r.message) for r in report.rows] == [
        (li.UPDATED, "Changes Seats total; Already holds a seat"),
        (li.ASSIGNED, "Seat assigned"),
    ]
    with write_session() as s:
        li.commit(s, ACTOR, changed)
    with read_session() as s:
        lic = _license(s, "Team")
        assert (lic.seats_total, lic.seats_used) == (3, 2)
    with read_session() as s:
        lower = li.dry_run(s, _rows(["Team", "Figma", "1", "", "", "", "", "", ""]))
    assert lower.rows[0].status == li.ERROR and "reclaim seats before lowering" in lower.rows[0].message


def test_manual_mapping_for_unknown_headers(database):
    data = _csv([["Product", "How many", "Owner mail"], ["Miro", "5", "x@example.com"]])
    with read_session() as s:
        with pytest.raises(ValidationError, match="License name"):
            li.dry_run(s, data)
        report = li.dry_run(s, data, mapping=["software", "seats_total", "email"])
    assert report.format == f.UNKNOWN and [r.status for r in report.rows] == [li.CREATED]
    with write_session() as s:
        li.commit(s, ACTOR, data, mapping=["software", "seats_total", "email"])
    with read_session() as s:
        lic = s.exec(select(License)).one()
        assert (lic.seats_total, lic.seats_used, lic.name) == (5, 1, "Miro")


def test_a_large_license_is_a_counter_not_rows(database):
    holders = [["Enterprise", "Office", "100,000", f"u{i}@example.com", "", f"User {i}", "", "", ""] for i in range(5)]
    with write_session() as s:
        li.commit(s, ACTOR, _rows(*holders))
    with read_session() as s:
        lic = _license(s, "Enterprise")
        assert (lic.seats_total, lic.seats_used) == (100_000, 5)
        assert s.exec(select(func.count()).select_from(Assignment)).one() == 5

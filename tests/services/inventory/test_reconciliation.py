"""3 hosts x 5 applications produce exact reconciliation buckets, savings and CSV."""

from __future__ import annotations

from decimal import Decimal

from license_hub.db import read_session
from license_hub.services.inventory import reconciliation as recon
from license_hub.services.reports import compliance
from tests.services.inventory.fleet import NOW, build_fleet


def test_buckets_are_exact(database):
    ids = build_fleet()
    with read_session() as s:
        items = recon.build(s, now=NOW)
    assert recon.bucket_counts(items) == {"used": 3, "unused": 3, "not_installed": 1, "unlicensed": 7, "unknown": 4}
    got = sorted((i.bucket, i.product, i.person) for i in items if i.bucket != "unlicensed")
    assert got == sorted(
        [
            ("used", "Adobe Acrobat", "Alice"),
            ("used", "Adobe Acrobat", "Bob"),
            ("used", "IntelliJ IDEA", "Carol"),
            ("unused", "Microsoft Visio", "Alice"),
            ("unused", "Microsoft Visio", "Bob"),
            ("unused", "AutoCAD", "Alice"),
            ("not_installed", "AutoCAD", "Carol"),
            ("unknown", "Adobe Acrobat", "Dave"),
            ("unknown", "IntelliJ IDEA", "Alice"),
            ("unknown", "IntelliJ IDEA", "Dave"),
            ("unknown", "Figma", "Carol"),
        ]
    )
    unlicensed = sorted((i.product, i.device) for i in items if i.bucket == "unlicensed")
    assert unlicensed == sorted(
        [
            ("Zoom", "alice-laptop"),
            ("AutoCAD", "bob-laptop"),
            ("IntelliJ IDEA", "bob-laptop"),
            ("Zoom", "bob-laptop"),
            ("Adobe Acrobat", "carol-laptop"),
            ("Microsoft Visio", "carol-laptop"),
            ("Zoom", "carol-laptop"),
        ]
    )
    assert recon.savings_by_currency(items) == {"EUR": Decimal("2400.00")}
    assert ids["device:alice"]


def test_summaries_and_drill_down(database):
    build_fleet()
    with read_session() as s:
        items = recon.build(s, now=NOW)
    by_person = {row.label: row for row in recon.summarize(items, "person")}
    alice = by_person["Alice"]
    assert (alice.used, alice.unused, alice.not_installed, alice.unlicensed, alice.unknown) == (1, 2, 0, 1, 1)
    assert alice.savings == Decimal("1200.00")
    by_dept = {row.label: row for row in recon.summarize(items, "department")}
    assert by_dept["Engineering"].unlicensed == 6 and by_dept["Sales"].unknown == 2
    by_product = recon.summarize(items, "product")
    assert by_product[0].label == "AutoCAD" and by_product[0].savings == Decimal("2000.00")
    drilled = recon.drill(items, "product", by_product[0].key, "unused")
    assert [(i.person, i.device) for i in drilled] == [("Alice", "alice-laptop")]
    by_device = {row.label: row for row in recon.summarize(items, "device")}
    assert by_device["bob-laptop"].unlicensed == 3


def test_csv_goes_through_the_formula_guard(database):
    build_fleet()
    from sqlmodel import select

    from license_hub.db import write_session
    from license_hub.models import Person

    with write_session() as s:
        dave = s.exec(select(Person).where(Person.name == "Dave")).one()
        dave.name = '=HYPERLINK("x")'
        s.add(dave)
    with read_session() as s:
        text = "".join(recon.csv_lines(recon.build(s, now=NOW)))
    lines = text.splitlines()
    assert lines[0].startswith("Bucket,Product,License,Person")
    assert any("'=HYPERLINK" in line for line in lines)
    assert not any(",=HYPERLINK" in line for line in lines)
    assert sum(line.startswith("Licensed and installed but unused") for line in lines) == 3


def test_compliance_counts_installations(database):
    """Installs consume seats: Visio has 2 seats, 2 holders and a third install on carol's laptop."""
    ids = build_fleet()
    with read_session() as s:
        classified, grid, _ = compliance.compliance_report(s)
    visio = classified[classified["license_id"] == ids["license:Microsoft Visio"]].iloc[0]
    assert visio["linked_installations"] == 1
    assert visio["status"] == "Over-deployed"
    row = grid[grid["product"] == "Microsoft Visio"].iloc[0]
    assert row["installed"] == 3

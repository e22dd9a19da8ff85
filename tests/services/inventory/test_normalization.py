"""Raw names map to the expected catalog entries: bundle id, then vendor, then
name pattern, then the catalog's own name; rules are previewed and re-applied."""

from __future__ import annotations

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import HostSoftware
from license_hub.services.core.errors import ValidationError
from license_hub.services.inventory import normalization as norm
from tests.services.inventory.fleet import ACTOR, build_fleet

RAW = [  # (name, vendor, bundle id) -> expected product
    (("Adobe Acrobat (64-bit)", "Adobe Inc.", ""), "Adobe Acrobat"),
    (("Adobe Acrobat DC", "Adobe Systems", ""), "Adobe Acrobat"),
    (("Adobe Acrobat Reader", "", ""), "Adobe Acrobat"),
    (("zoom.us", "", "us.zoom.xos"), "Zoom"),
    (("Zoom Workplace", "Zoom Video Communications", "US.ZOOM.XOS"), "Zoom"),
    (("IntelliJ IDEA Ultimate 2024.1", "JetBrains s.r.o.", ""), "IntelliJ IDEA"),
    (("IntelliJ IDEA Community", "", ""), None),  # the vendor rule needs the vendor
    (("Microsoft Visio 2021", "Microsoft", ""), "Microsoft Visio"),
    (("Microsoft Visio (x64)", "", ""), "Microsoft Visio"),
    (("AutoCAD 2024", "Autodesk", ""), "AutoCAD"),
    (("autocad", "", ""), "AutoCAD"),
    (("Notepad++ 8.6", "Don Ho", ""), None),
    (("libreoffice-core", "", ""), None),
]


def test_raw_names_map_to_the_expected_products(database):
    ids = build_fleet()
    products = ("Adobe Acrobat", "Microsoft Visio", "AutoCAD", "IntelliJ IDEA", "Zoom", "Figma")
    names = {ids[p]: p for p in products}
    with read_session() as s:
        matcher = norm.load_matcher(s)
    got = [(raw, names.get(matcher.match(*raw))) for raw, _ in RAW]
    assert got == [(raw, expected) for raw, expected in RAW]


def test_preview_lists_what_a_rule_would_claim(database):
    build_fleet()
    with read_session() as s:
        rows = norm.preview(s, norm.RuleInput(0, pattern="*visio*"))
        assert [(r.name, r.hosts, r.current_product) for r in rows] == [("Microsoft Visio 2021", 3, "Microsoft Visio")]
        assert norm.preview(s, norm.RuleInput(0, pattern="Notepad*"))[0].current_product == ""


def test_unmatched_software_is_listed_and_a_rule_claims_it(database):
    ids = build_fleet()
    with read_session() as s:
        rows, total = norm.unmatched(s)
    assert total == 1 and rows[0].name == "Notepad++ 8.6" and rows[0].hosts == 1
    with write_session() as s:
        from license_hub.services.catalog import entries

        product = entries.create_entry(s, ACTOR, name="Text editors", deployment_model="On-Premise").id
    with write_session() as s:
        rule_id = norm.save_rule(s, ACTOR, norm.RuleInput(product, pattern="Notepad++*"))
    with read_session() as s:
        assert norm.unmatched(s) == ([], 0)
        assert (
            s.exec(select(HostSoftware.catalog_entry_id).where(HostSoftware.name == "Notepad++ 8.6")).one() == product
        )
    with write_session() as s:
        norm.delete_rule(s, ACTOR, rule_id)
    with read_session() as s:
        assert norm.unmatched(s)[1] == 1
    assert ids


@pytest.mark.parametrize(
    "rule, field",
    [
        (norm.RuleInput(999_999, pattern="x"), "catalog_entry_id"),
        (norm.RuleInput(0), "pattern"),
    ],
)
def test_bad_rules_are_refused(database, rule, field):
    build_fleet()
    with write_session() as s, pytest.raises(ValidationError) as err:
        norm.save_rule(s, ACTOR, rule)
    assert field in err.value.errors

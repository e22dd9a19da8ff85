"""Catalog entries: every field can be edited with a message per field, names stay
unique, archive is refused while a license is in force, and every change is audited."""

from __future__ import annotations

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, CatalogEntry
from license_hub.services.catalog import entries as catalog
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.licenses import lifecycle as licenses
from tests.factories import ACTOR, make_license, make_product


def _entry(entry_id: int) -> CatalogEntry:
    with read_session() as s:
        return s.get(CatalogEntry, entry_id)


def _last_event() -> AuditEvent:
    with read_session() as s:
        return s.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()


def _update(entry_id: int, **data) -> None:
    with write_session() as s:
        catalog.update_entry(s, ACTOR, entry_id, data)


def _refused(entry_id: int, **data) -> dict[str, str]:
    with pytest.raises(ValidationError) as err, write_session() as s:
        catalog.update_entry(s, ACTOR, entry_id, data)
    return err.value.errors


def test_every_field_is_edited_and_the_diff_audited(database):
    eid = make_product("Figma", publisher="Figma Inc.", category="Design")
    _update(
        eid,
        name="Figma Professional",
        publisher="Figma, Inc.",
        category="Design tools",
        deployment_model="Hybrid",
        description="Interface design",
        website="figma.com",
        security_grade="b",
        security_risk="Low",
        security_rationale="SSO and SOC 2",
    )
    e = _entry(eid)
    assert (e.name, e.publisher, e.category, e.deployment_model) == (
        "Figma Professional",
        "Figma, Inc.",
        "Design tools",
        "Hybrid",
    )
    assert (e.description, e.website) == ("Interface design", "figma.com")
    assert (e.security_grade, e.security_risk, e.security_rationale) == ("B", "Low", "SSO and SOC 2")
    assert e.security_source == "manual" and e.security_evaluated_at is not None
    last = _last_event()
    assert (last.action, last.object_type, last.object_id) == ("update", "catalog_entry", eid)
    assert '"name":["Figma","Figma Professional"]' in last.diff
    assert '"security_grade":[null,"B"]' in last.diff


def test_an_unchanged_save_writes_no_event(database):
    eid = make_product("Slack", publisher="Salesforce")
    before = _last_event().seq
    _update(eid, name="Slack", publisher="Salesforce")
    assert _last_event().seq == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "  "}, "name", "Name is required"),
        ({"name": "x" * 201}, "name", "Keep it under 200 characters"),
        ({"publisher": "p" * 201}, "publisher", "Keep it under 200 characters"),
        ({"category": "c" * 101}, "category", "Keep it under 100 characters"),
        ({"website": "w" * 301}, "website", "Keep it under 300 characters"),
        ({"description": "a\x00b"}, "description", "Remove the invisible control characters"),
        ({"deployment_model": "Mainframe"}, "deployment_model", "Choose Cloud, On-Premise or Hybrid"),
        ({"security_grade": "G", "security_risk": "Low"}, "security_grade", "Choose a grade from A to F, or none"),
        ({"security_grade": "C", "security_risk": "Severe"}, "security_risk", "Choose Low, Medium, High or Critical"),
        ({"security_grade": "C", "security_risk": ""}, "security_risk", "A graded product needs a risk level"),
        ({"security_grade": "", "security_risk": "High"}, "security_grade", "Choose a grade for this risk level"),
    ],
)
def test_bad_input_gets_a_field_message_and_nothing_changes(database, data, field, message):
    eid = make_product("Miro", publisher="Miro")
    assert _refused(eid, **data)[field] == message
    e = _entry(eid)
    assert (e.name, e.publisher, e.security_grade) == ("Miro", "Miro", None)


def test_names_stay_unique_whatever_the_case(database):
    make_product("Notion")
    eid = make_product("Linear")
    assert _refused(eid, name="NOTION") == {"name": "Notion is already in the catalog"}
    _update(eid, name="LINEAR")  # its own name in another case is fine
    assert _entry(eid).name == "LINEAR"


def test_clearing_a_grade_clears_its_risk(database):
    eid = make_product("Zoom")
    _update(eid, security_grade="D", security_risk="High")
    _update(eid, security_grade="", security_risk="")
    e = _entry(eid)
    assert (e.security_grade, e.security_risk, e.security_source) == (None, None, "")


def test_archive_is_refused_while_a_license_is_in_force(database):
    eid = make_product("Adobe Creative Cloud", publisher="Adobe")
    make_license(eid, name="design", status="active")
    make_license(eid, name="eval", status="trial")
    with pytest.raises(ValidationError) as err, write_session() as s:
        catalog.archive_entry(s, ACTOR, eid)
    assert err.value.errors["archive"] == (
        "2 licenses are still active, pending renewal or in trial for Adobe Creative Cloud. "
        "Cancel or archive them first, then archive the product."
    )
    assert _entry(eid).archived_at is None


def test_archive_hides_the_product_and_restore_brings_it_back(database):
    eid = make_product("Sketch", publisher="Sketch B.V.")
    lid = make_license(eid, name="old", status="cancelled")  # history may point at an archived product
    make_product("Figma")
    with write_session() as s:
        catalog.archive_entry(s, ACTOR, eid)
    assert _last_event().action == "archive"
    with read_session() as s:
        assert [r.name for r in catalog.list_entries(s)] == ["Figma"]
        archived = catalog.list_entries(s, archived=True)
        assert [(r.name, r.archived, r.license_count) for r in archived] == [("Sketch", True, 1)]
        with pytest.raises(NotFound):
            catalog.get(s, eid)
        assert catalog.get(s, eid, include_archived=True).name == "Sketch"
    with write_session() as s:  # its cancelled license can still be edited
        licenses.update(s, ACTOR, lid, {"notes": "kept for finance"})
    with write_session() as s:
        catalog.restore_entry(s, ACTOR, eid)
    assert _last_event().action == "restore"
    with read_session() as s:
        assert [r.name for r in catalog.list_entries(s)] == ["Figma", "Sketch"]


def test_an_archived_product_takes_no_new_license_and_its_name_says_restore(database):
    eid = make_product("Sketch")
    with write_session() as s:
        catalog.archive_entry(s, ACTOR, eid)
    with pytest.raises(ValidationError) as err, write_session() as s:
        licenses.create(s, ACTOR, {"catalog_entry_id": str(eid), "seats_total": "1"})
    assert err.value.errors["catalog_entry_id"] == "Sketch is archived in the catalog — restore it first"
    with pytest.raises(ValidationError) as err, write_session() as s:
        catalog.create_entry(s, ACTOR, name="sketch")
    assert err.value.errors["name"] == "Sketch is archived in the catalog — restore it instead"


def test_an_archived_product_cannot_be_edited_until_restored(database):
    eid = make_product("Sketch")
    with write_session() as s:
        catalog.archive_entry(s, ACTOR, eid)
    with pytest.raises(NotFound), write_session() as s:
        catalog.update_entry(s, ACTOR, eid, {"name": "Sketch 2"})

"""The departments offered by the people filter and bulk assign: current members only,
one entry per department whatever its case, in name order."""

from __future__ import annotations

from license_hub.db import read_session, write_session
from license_hub.models import Person
from license_hub.services.directory import directory_facets


def test_departments_count_current_members(database):
    with write_session() as s:
        for name, dept, status in [
            ("Ada", "Engineering", "active"),
            ("Ben", "engineering", "inactive"),
            ("Cleo", "Sales", "active"),
            ("Dan", "Sales", "offboarded"),
            ("Eve", "Legal", "offboarded"),
            ("Finn", "", "active"),
        ]:
            s.add(Person(name=name, department=dept, status=status))
    with read_session() as s:
        found = directory_facets.departments(s)
    assert [(d.name.lower(), d.members) for d in found] == [("engineering", 2), ("sales", 1)]


def test_departments_of_an_empty_directory(database):
    with read_session() as s:
        assert directory_facets.departments(s) == ()

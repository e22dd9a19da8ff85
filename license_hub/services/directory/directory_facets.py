"""Choices the directory pages offer: the departments people belong to, with how many
current members each has — the department filter of the people list and the
"whole department" choice of bulk assign (which ignores offboarded people, so the
count here does too)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.models import Person
from license_hub.models.enums import PersonStatus

MAX_DEPARTMENTS = 500


@dataclass(frozen=True)
class Department:
    name: str
    members: int  # current (not offboarded) people


def departments(session: Session, limit: int = MAX_DEPARTMENTS) -> tuple[Department, ...]:
    """Every non-blank department with at least one current member, by name (any case)."""
    key = func.lower(Person.department)
    stmt = (
        select(func.min(Person.department), func.count(Person.id))
        .where(Person.department != "", Person.status != PersonStatus.OFFBOARDED.value)
        .group_by(key)
        .order_by(key)
        .limit(max(1, min(int(limit), MAX_DEPARTMENTS)))
    )
    return tuple(Department(name, int(n)) for name, n in session.exec(stmt))

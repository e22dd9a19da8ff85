"""Rows of the catalog pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from license_hub.services.catalog.entries import CatalogRow
from license_hub.state.views.formatting import NONE, avatar_color, initials


@dataclass(frozen=True)
class CatalogRowView:
    id: int
    href: str
    name: str
    publisher: str
    category: str
    deployment_model: str
    grade: str
    risk: str
    licenses: int
    initials: str
    avatar_color: str
    archived: bool


def catalog_row(r: CatalogRow) -> CatalogRowView:
    brand = r.publisher or r.name
    return CatalogRowView(
        id=r.id,
        href=f"/catalog/{r.id}",
        name=r.name,
        publisher=r.publisher or NONE,
        category=r.category or NONE,
        deployment_model=r.deployment_model,
        grade=r.security_grade or "",
        risk=r.security_risk or "",
        licenses=r.license_count,
        initials=initials(brand),
        avatar_color=avatar_color(brand),
        archived=r.archived,
    )


@dataclass(frozen=True)
class CatalogEntryView:
    """One catalog entry's header (a single record, not a row); empty (id 0) until loaded."""

    id: int = 0
    name: str = ""
    publisher: str = ""
    category: str = ""
    deployment_model: str = ""
    description: str = ""
    website: str = ""
    website_href: str = ""
    grade: str = ""
    risk: str = ""
    rationale: str = ""
    initials: str = ""
    avatar_color: str = ""
    archived: bool = False


def catalog_entry(e: Any) -> CatalogEntryView:
    brand = e.publisher or e.name
    website = (e.website or "").strip()
    href = website if website.startswith(("http://", "https://")) else (f"https://{website}" if website else "")
    return CatalogEntryView(
        id=e.id,
        name=e.name,
        publisher=e.publisher,
        category=e.category,
        deployment_model=e.deployment_model,
        description=e.description,
        website=website,
        website_href=href,
        grade=e.security_grade or "",
        risk=e.security_risk or "",
        rationale=e.security_rationale or "",
        initials=initials(brand),
        avatar_color=avatar_color(brand),
        archived=e.archived_at is not None,
    )


@dataclass(frozen=True)
class GradeResultView:
    """A security grade with its reasons; empty (no grade) until one is known."""

    grade: str = ""
    risk: str = ""
    source: str = ""
    reasons: list[str] = field(default_factory=list)

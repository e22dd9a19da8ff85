"""Raw software names to catalog entries ("Adobe Acrobat (64-bit)" and "Adobe
Acrobat DC" are both Adobe Acrobat).

A rule names a catalog entry and how to recognise it: a bundle id (exact), a
vendor (optionally with a name pattern), or a name pattern alone. Bundle ids are
tried first, then vendor rules, then patterns; a name equal to a catalog entry's
(ignoring case, "(64-bit)"-style suffixes and trailing versions) matches last.
Patterns are shell-style globs (`*`, `?`), case-insensitive, on the whole name:
no regular expressions, so no rule can stall ingestion.
"""

from __future__ import annotations

import fnmatch
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, update
from sqlmodel import Session, select

from license_hub.models import CatalogEntry, HostSoftware, NormalizationRule
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import NotFound, ValidationError

PREVIEW_LIMIT = 50
_SUFFIX = re.compile(
    r"\s*(\((?:x64|x86|64-bit|32-bit|64 bit|32 bit|[^)]*edition)\)|\bx64|\bx86|\b64-bit|\b32-bit)\s*", re.IGNORECASE
)
_TRAILING_VERSION = re.compile(r"[\s_-]+v?\d+(\.\d+)*\s*$")


@lru_cache(maxsize=20_000)
def clean_name(raw: str) -> str:
    """A raw name without architecture suffixes or a trailing version, lowercased."""
    name = _SUFFIX.sub(" ", raw or "")
    name = _TRAILING_VERSION.sub("", name)
    return " ".join(name.split()).lower()


@dataclass(frozen=True)
class RuleInput:
    catalog_entry_id: int
    vendor: str = ""
    bundle_id: str = ""
    pattern: str = ""


@dataclass(frozen=True)
class RuleView:
    id: int
    catalog_entry_id: int
    product: str
    vendor: str
    bundle_id: str
    pattern: str


@dataclass(frozen=True)
class MatchPreview:
    name: str
    vendor: str
    hosts: int
    current_product: str


@dataclass(frozen=True)
class UnmatchedSoftware:
    name: str
    vendor: str
    source: str
    hosts: int


class Matcher:
    """Every rule and catalog name, compiled once per report or rule change."""

    def __init__(self, rules: list[RuleInput], catalog: dict[str, int]):
        self.bundles = {r.bundle_id.lower(): r.catalog_entry_id for r in rules if r.bundle_id}
        self.vendors = [
            (r.vendor.lower(), _glob(r.pattern), r.catalog_entry_id) for r in rules if r.vendor and not r.bundle_id
        ]
        self.patterns = [
            (_glob(r.pattern), r.catalog_entry_id) for r in rules if r.pattern and not r.vendor and not r.bundle_id
        ]
        self.catalog = {clean_name(name): cid for name, cid in catalog.items()}
        self._seen: dict[tuple[str, str, str], int | None] = {}  # the same package recurs on every host

    def match(self, name: str, vendor: str = "", bundle_id: str = "") -> int | None:
        key = (name or "", vendor or "", bundle_id or "")
        if key not in self._seen:
            if len(self._seen) > 50_000:
                self._seen.clear()
            self._seen[key] = self._match(*key)
        return self._seen[key]

    def _match(self, name: str, vendor: str, bundle_id: str) -> int | None:
        if bundle_id and bundle_id.lower() in self.bundles:
            return self.bundles[bundle_id.lower()]
        lowered, vendor = (name or "").lower(), (vendor or "").lower()
        for rule_vendor, pattern, cid in self.vendors:
            if vendor and rule_vendor in vendor and (pattern is None or pattern.match(lowered)):
                return cid
        for pattern, cid in self.patterns:
            if pattern.match(lowered):
                return cid
        return self.catalog.get(clean_name(name))


def _glob(pattern: str) -> re.Pattern | None:
    return re.compile(fnmatch.translate(pattern.strip().lower())) if pattern.strip() else None


_cache: dict[tuple, Matcher] = {}
_cache_lock = threading.Lock()


def load_matcher(session: Session) -> Matcher:
    """The matcher for the rules and catalog as they are now. Reading them is cheap; compiling
    them is not, so a matcher is reused for as long as what it was built from is unchanged."""
    rules = tuple(
        RuleInput(*row)
        for row in session.exec(
            select(
                NormalizationRule.catalog_entry_id,
                NormalizationRule.vendor,
                NormalizationRule.bundle_id,
                NormalizationRule.pattern,
            ).order_by(NormalizationRule.id)
        ).all()
    )
    catalog = tuple(
        sorted(session.exec(select(CatalogEntry.name, CatalogEntry.id).where(CatalogEntry.archived_at.is_(None))).all())
    )
    key = (rules, catalog)
    with _cache_lock:
        matcher = _cache.get(key)
        if matcher is None:
            _cache.clear()  # one live rule set per process is the common case
            matcher = _cache[key] = Matcher(list(rules), dict(catalog))
    return matcher


def _validate(session: Session, rule: RuleInput) -> RuleInput:
    clean = RuleInput(int(rule.catalog_entry_id), rule.vendor.strip(), rule.bundle_id.strip(), rule.pattern.strip())
    errors = {}
    entry = session.get(CatalogEntry, clean.catalog_entry_id)
    if entry is None or entry.archived_at is not None:
        errors["catalog_entry_id"] = "Choose a product from the catalog"
    if not (clean.vendor or clean.bundle_id or clean.pattern):
        errors["pattern"] = "Give a bundle id, a vendor or a name pattern"
    for field, limit in (("vendor", 200), ("bundle_id", 300), ("pattern", 300)):
        if len(getattr(clean, field)) > limit:
            errors[field] = f"At most {limit} characters"
    if errors:
        raise ValidationError(errors)
    return clean


def list_rules(session: Session) -> list[RuleView]:
    stmt = (
        select(NormalizationRule, CatalogEntry.name)
        .join(CatalogEntry)
        .order_by(CatalogEntry.name, NormalizationRule.id)
    )
    return [
        RuleView(r.id, r.catalog_entry_id, name, r.vendor, r.bundle_id, r.pattern)
        for r, name in session.exec(stmt).all()
    ]


def save_rule(session: Session, actor: str, rule: RuleInput, rule_id: int | None = None) -> int:
    """Create (or edit) a rule, then re-normalize every software row with it."""
    clean = _validate(session, rule)
    row = NormalizationRule(created_by=actor) if rule_id is None else session.get(NormalizationRule, rule_id)
    if row is None:
        raise NotFound("This rule does not exist")
    row.catalog_entry_id, row.vendor, row.bundle_id, row.pattern = (
        clean.catalog_entry_id,
        clean.vendor,
        clean.bundle_id,
        clean.pattern,
    )
    session.add(row)
    session.flush()
    audit_log.record(session, actor, "rule_saved", "normalization_rule", row.id, clean.__dict__)
    renormalize(session)
    return row.id


def delete_rule(session: Session, actor: str, rule_id: int) -> None:
    row = session.get(NormalizationRule, rule_id)
    if row is None:
        raise NotFound("This rule does not exist")
    audit_log.record(
        session,
        actor,
        "rule_deleted",
        "normalization_rule",
        rule_id,
        {"catalog_entry_id": row.catalog_entry_id, "pattern": row.pattern, "vendor": row.vendor},
    )
    session.delete(row)
    session.flush()
    renormalize(session)


def renormalize(session: Session) -> int:
    """Match every distinct raw package again; returns how many rows changed product."""
    from license_hub.services.inventory import installations

    matcher = load_matcher(session)
    stmt = select(
        HostSoftware.name, HostSoftware.vendor, HostSoftware.bundle_id, HostSoftware.catalog_entry_id
    ).distinct()
    changed = 0
    for name, vendor, bundle_id, current in session.exec(stmt).all():
        wanted = matcher.match(name, vendor, bundle_id)
        if wanted != current:
            result = session.execute(
                update(HostSoftware)
                .where(HostSoftware.name == name, HostSoftware.vendor == vendor, HostSoftware.bundle_id == bundle_id)
                .values(catalog_entry_id=wanted)
            )
            changed += result.rowcount
    if changed:
        installations.sync_all(session)
    return changed


def preview(session: Session, rule: RuleInput) -> list[MatchPreview]:
    """The distinct installed packages this rule would claim (before it is saved)."""
    matcher = Matcher([RuleInput(0, rule.vendor.strip(), rule.bundle_id.strip(), rule.pattern.strip())], {})
    names = dict(session.exec(select(CatalogEntry.id, CatalogEntry.name)).all())
    stmt = (
        select(
            HostSoftware.name,
            HostSoftware.vendor,
            HostSoftware.bundle_id,
            HostSoftware.catalog_entry_id,
            func.count(func.distinct(HostSoftware.host_id)),
        )
        .where(HostSoftware.uninstalled_at.is_(None))
        .group_by(HostSoftware.name, HostSoftware.vendor, HostSoftware.bundle_id, HostSoftware.catalog_entry_id)
        .order_by(HostSoftware.name)
    )
    out = []
    for name, vendor, bundle_id, current, hosts in session.exec(stmt).all():
        if matcher.match(name, vendor, bundle_id) is not None:
            out.append(MatchPreview(name, vendor, hosts, names.get(current, "")))
            if len(out) >= PREVIEW_LIMIT:
                break
    return out


def unmatched(
    session: Session, search: str = "", offset: int = 0, limit: int = 50
) -> tuple[list[UnmatchedSoftware], int]:
    """Installed software no rule claims, most widespread first (the triage list)."""
    hosts = func.count(func.distinct(HostSoftware.host_id))
    stmt = (
        select(HostSoftware.name, HostSoftware.vendor, func.min(HostSoftware.source), hosts)
        .where(HostSoftware.catalog_entry_id.is_(None), HostSoftware.uninstalled_at.is_(None))
        .group_by(HostSoftware.name, HostSoftware.vendor)
    )
    if search.strip():
        stmt = stmt.where(func.lower(HostSoftware.name).contains(search.strip().lower()))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(stmt.order_by(hosts.desc(), HostSoftware.name).offset(offset).limit(limit)).all()
    return [UnmatchedSoftware(*row) for row in rows], int(total)

"""Compliance (seeds 001, 004): is each license covering what is really in use?

Per license: Over-deployed when more seats are consumed than bought (active
assignments plus linked installations, or a recorded seats_used above the total),
Under-utilized when fewer than half the seats are used (and more than one was
bought), otherwise Compliant. An admin may set the status by hand (Review
Required, typically); it stays until cleared. An installation on a device that
already holds a seat of the license (the device's seat, or its owner's) is the
same consumption, not another one, so it is not counted twice. The dashboard
grid adds this up per product; capacity alerts list licenses at or above their
capacity threshold.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import and_, exists, func, or_
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import Assignment, CatalogEntry, Device, License
from license_hub.models.enums import ComplianceStatus, SeatType
from license_hub.models.seat_tally import LicenseSeatCount
from license_hub.models.types import utcnow
from license_hub.models.utilization import Installation
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.reports.frames import active_license_clause

STATUSES = [s.value for s in ComplianceStatus]
COLUMNS = [
    "license_id",
    "name",
    "catalog_entry_id",
    "product",
    "seat_type",
    "seats_total",
    "seats_used",
    "active_assignments",
    "linked_installations",
    "compliance_override",
    "capacity_threshold_pct",
]


# --------------------------------------------------------------- hand override


def set_override(
    session: Session, actor: str, license_id: int, status: str = ComplianceStatus.REVIEW_REQUIRED.value
) -> License:
    if status not in STATUSES:
        raise ValidationError({"compliance_override": f"Choose one of: {', '.join(STATUSES)}"})
    lic = lock_row(session, License, license_id)
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    if lic.compliance_override != status:
        audit_log.record(
            session,
            actor,
            "compliance_override",
            "license",
            license_id,
            {"compliance_override": [lic.compliance_override, status]},
        )
        lic.compliance_override, lic.updated_at = status, utcnow()
        session.add(lic)
    return lic


def clear_override(session: Session, actor: str, license_id: int) -> License:
    lic = lock_row(session, License, license_id)
    if lic is None:
        raise NotFound("This license does not exist")
    if lic.compliance_override is not None:
        audit_log.record(
            session,
            actor,
            "compliance_override",
            "license",
            license_id,
            {"compliance_override": [lic.compliance_override, None]},
        )
        lic.compliance_override, lic.updated_at = None, utcnow()
        session.add(lic)
    return lic


# --------------------------------------------------------------- installations


def record_installation(
    session: Session,
    actor: str,
    *,
    device_id: int,
    catalog_entry_id: int,
    license_id: int | None = None,
    version: str = "",
    detected_at: datetime | None = None,
) -> Installation:
    """A product found on a device (one row per device and product; seen again: refreshed)."""
    if session.get(Device, device_id) is None:
        raise NotFound("This device does not exist")
    if session.get(CatalogEntry, catalog_entry_id) is None:
        raise NotFound("This software is not in the catalog")
    if license_id is not None:
        _check_license_for(session, license_id, catalog_entry_id)
    stmt = select(Installation).where(
        Installation.device_id == device_id, Installation.catalog_entry_id == catalog_entry_id
    )
    inst = session.exec(stmt).first()
    created = inst is None
    if created:
        inst = Installation(device_id=device_id, catalog_entry_id=catalog_entry_id)
    inst.version = (version or "").strip()[:60] or inst.version
    inst.detected_at = detected_at or utcnow()
    if license_id is not None:
        inst.license_id = license_id
    session.add(inst)
    session.flush()
    audit_log.record(
        session,
        actor,
        "install_detected" if created else "install_seen",
        "installation",
        inst.id,
        {"device_id": device_id, "catalog_entry_id": catalog_entry_id, "license_id": inst.license_id},
    )
    return inst


def _check_license_for(session: Session, license_id: int, catalog_entry_id: int) -> License:
    lic = session.get(License, license_id)
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    if lic.catalog_entry_id != catalog_entry_id:
        raise DomainError("This license is for another product")
    return lic


def link_installation(session: Session, actor: str, installation_id: int, license_id: int | None) -> Installation:
    """Link an installation to the license it consumes (None unlinks it)."""
    inst = session.get(Installation, installation_id)
    if inst is None:
        raise NotFound("This installation does not exist")
    if license_id is not None:
        _check_license_for(session, license_id, inst.catalog_entry_id)
    if inst.license_id != license_id:
        audit_log.record(
            session, actor, "install_link", "installation", inst.id, {"license_id": [inst.license_id, license_id]}
        )
        inst.license_id = license_id
        session.add(inst)
    return inst


# ----------------------------------------------------------------------- fetch


def _extra_installations():
    """Linked installations per license, leaving out devices that already hold a seat of
    that license themselves or through their owner."""
    covered = exists().where(
        Assignment.license_id == Installation.license_id,
        Assignment.revoked_at.is_(None),
        or_(
            Assignment.device_id == Installation.device_id,
            and_(Device.owner_id.is_not(None), Assignment.person_id == Device.owner_id),
        ),
    )
    return (
        select(Installation.license_id, func.count().label("n"))
        .join(Device, Device.id == Installation.device_id)
        .where(Installation.license_id.is_not(None), ~covered)
        .group_by(Installation.license_id)
        .subquery()
    )


def fetch_licenses(session: Session) -> pd.DataFrame:
    """Every active license with its consumption."""
    # Active seats per license as the database keeps them (models.seat_tally), not a count of every seat.
    active = select(LicenseSeatCount.license_id, LicenseSeatCount.active_seats.label("n")).subquery()
    extra = _extra_installations()
    stmt = (
        select(
            License.id,
            License.name,
            License.catalog_entry_id,
            CatalogEntry.name,
            License.seat_type,
            License.seats_total,
            License.seats_used,
            func.coalesce(active.c.n, 0),
            func.coalesce(extra.c.n, 0),
            License.compliance_override,
            License.capacity_threshold_pct,
        )
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .outerjoin(active, active.c.license_id == License.id)
        .outerjoin(extra, extra.c.license_id == License.id)
        .where(active_license_clause())
        .order_by(License.id)
    )
    return pd.DataFrame.from_records([tuple(r) for r in session.execute(stmt)], columns=COLUMNS)


def fetch_installations(session: Session) -> pd.DataFrame:
    """Installations per product: all of them, and those linked to no license."""
    stmt = (
        select(Installation.catalog_entry_id, CatalogEntry.name, func.count(), func.count(Installation.license_id))
        .join(CatalogEntry, CatalogEntry.id == Installation.catalog_entry_id)
        .group_by(Installation.catalog_entry_id, CatalogEntry.name)
    )
    frame = pd.DataFrame.from_records(
        [tuple(r) for r in session.execute(stmt)], columns=["catalog_entry_id", "product", "installed", "linked"]
    )
    frame["unlicensed_installations"] = frame["installed"] - frame["linked"]
    return frame.drop(columns="linked")


# ----------------------------------------------------------------------- maths


def classify(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds `computed` (what the figures say) and `status` (the hand override, if set)."""
    out = frame.copy()
    limited = (out["seat_type"] != SeatType.UNLIMITED.value) & (out["seats_total"] > 0)
    consumed = out["active_assignments"] + out["linked_installations"]
    over = limited & ((consumed > out["seats_total"]) | (out["seats_used"] > out["seats_total"]))
    under = limited & (out["seats_total"] > 1) & (out["seats_used"] * 2 < out["seats_total"])
    out["consumed"] = consumed
    out["computed"] = ComplianceStatus.COMPLIANT.value
    out.loc[under, "computed"] = ComplianceStatus.UNDER_UTILIZED.value
    out.loc[over, "computed"] = ComplianceStatus.OVER_DEPLOYED.value
    # pandas 3 reads a missing override as NaN (truthy) beside a set one: only text counts
    out["status"] = [o if isinstance(o, str) and o else c for o, c in zip(out["compliance_override"], out["computed"])]
    return out


def product_grid(classified: pd.DataFrame, installations: pd.DataFrame) -> pd.DataFrame:
    """Per product across its licenses: purchased, used, assigned and installed seats, and
    how many of its licenses are in each compliance status. Products found installed
    without any active license appear too (purchased 0)."""
    limited = classified["seat_type"] != SeatType.UNLIMITED.value
    per = classified.assign(purchased=classified["seats_total"].where(limited, 0), unlimited=~limited)
    grid = (
        per.groupby(["catalog_entry_id", "product"], sort=False)
        .agg(
            licenses=("license_id", "count"),
            purchased=("purchased", "sum"),
            unlimited=("unlimited", "any"),
            used=("seats_used", "sum"),
            assigned=("active_assignments", "sum"),
        )
        .reset_index()
    )
    counts = pd.crosstab(per["catalog_entry_id"], per["status"]).reindex(columns=STATUSES, fill_value=0)
    grid = grid.merge(counts.reset_index(), on="catalog_entry_id", how="left")
    grid = grid.merge(installations, on=["catalog_entry_id", "product"], how="outer")
    ints = ["licenses", "purchased", "used", "assigned", "installed", "unlicensed_installations", *STATUSES]
    grid[ints] = grid[ints].fillna(0).astype("int64")
    grid["unlimited"] = grid["unlimited"].astype("boolean").fillna(False).astype(bool)
    return grid.sort_values(["product", "catalog_entry_id"], kind="stable").reset_index(drop=True)


def capacity_alerts(frame: pd.DataFrame) -> pd.DataFrame:
    """Licenses at or above their capacity threshold (seats_used / seats_total), fullest first."""
    limited = (frame["seat_type"] != SeatType.UNLIMITED.value) & (frame["seats_total"] > 0)
    hit = (
        limited
        & (frame["capacity_threshold_pct"] > 0)
        & (frame["seats_used"] * 100 >= frame["capacity_threshold_pct"] * frame["seats_total"])
    )
    out = frame[hit].copy()
    out["fill_pct"] = (out["seats_used"] * 100 / out["seats_total"]).round(1)
    out = out.sort_values(["fill_pct", "license_id"], ascending=[False, True], kind="stable")
    return out[
        ["license_id", "name", "product", "seats_used", "seats_total", "fill_pct", "capacity_threshold_pct"]
    ].reset_index(drop=True)


def compliance_report(session: Session) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(per-license statuses, per-product grid, capacity alerts)."""
    classified = classify(fetch_licenses(session))
    return classified, product_grid(classified, fetch_installations(session)), capacity_alerts(classified)

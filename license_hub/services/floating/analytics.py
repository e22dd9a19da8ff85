"""Usage analytics of a floating pool, from its leases and its event log: peak
concurrent use per hour and per day (the high-water mark, not an average), hours
used against hours available, denials with repeats folded (a client retrying in
a loop is one denial, not twenty), queue wait p50/p95, and the seat count that
would have covered the peak. Grouped by license, user, department or project.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterator

import pandas as pd
from sqlalchemy import or_
from sqlmodel import Session, select

from license_hub.models import FloatingEvent, FloatingLease
from license_hub.services.core.csv_out import csv_stream
from license_hub.services.floating.engine import DRIFT

DIMENSIONS = ("license", "user", "department", "project")
STEPS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
FOLD_SECONDS = 10
ALL = "All"


@dataclass(frozen=True)
class Peak:
    key: str
    bucket: datetime
    peak: int


@dataclass(frozen=True)
class Row:
    key: str
    peak: int
    hours_used: float
    hours_available: float | None
    denials: int
    denials_raw: int
    wait_p50: float | None
    wait_p95: float | None


@dataclass(frozen=True)
class Report:
    start: datetime
    end: datetime
    seats: int | None
    dimension: str
    rows: list[Row]
    hourly: list[Peak]
    daily: list[Peak]
    peak: int
    right_size: int

    @property
    def advice(self) -> str:
        if not self.rows:
            return "No check-outs in this period yet: right-sizing needs some use to measure."
        if self.seats is None:
            return f"Peak use was {self.peak} concurrent; this pool has no seat ceiling."
        if self.right_size < self.seats:
            return f"{self.right_size} of {self.seats} seats would have covered the peak of {self.peak}."
        if self.right_size == self.seats:
            return f"All {self.seats} seats were needed at the peak." if self.seats > 1 else "The one seat was needed."
        return f"The peak asked for {self.right_size} seats; {self.seats} are licensed (see the denials)."


def _key(dimension: str, row) -> str:
    return ALL if dimension == "license" else (getattr(row, dimension) or "—")


def _floor(t: datetime, period: str) -> datetime:
    t = t.replace(minute=0, second=0, microsecond=0)
    return t.replace(hour=0) if period == "day" else t


def intervals(
    session: Session, pool_id: int, start: datetime, end: datetime
) -> list[tuple[FloatingLease, datetime, datetime]]:
    """Each lease's time holding a seat (linger included), cut to the window; an open one runs to `end`."""
    stmt = select(FloatingLease).where(
        FloatingLease.pool_id == pool_id,
        FloatingLease.checked_out_at < end,
        or_(FloatingLease.released_at.is_(None), FloatingLease.released_at > start, FloatingLease.linger_until > start),
    )
    out = []
    for lease in session.exec(stmt):
        # An expired lease nobody has reclaimed yet held its seat until expiry plus the drift.
        stop = lease.released_at or min(end, lease.expires_at + DRIFT)
        if lease.linger_until and lease.linger_until > stop:
            stop = lease.linger_until
        s, e = max(lease.checked_out_at, start), min(stop, end)
        if e > s:
            out.append((lease, s, e))
    return out


def high_water(
    spans: list[tuple[datetime, datetime]], start: datetime, end: datetime, period: str
) -> list[tuple[datetime, int]]:
    """The highest concurrent count in each bucket; a check-in and a check-out at one instant do not overlap."""
    points = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans], key=lambda p: (p[0], p[1]))
    out, level, i, bucket = [], 0, 0, _floor(start, period)
    while bucket < end:
        nxt = bucket + STEPS[period]
        while i < len(points) and (points[i][0] < bucket or (points[i][0] == bucket and points[i][1] < 0)):
            level += points[i][1]
            i += 1
        peak = level
        while i < len(points) and points[i][0] < nxt:
            level += points[i][1]
            peak = max(peak, level)
            i += 1
        out.append((bucket, peak))
        bucket = nxt
    return out


def fold_denials(
    times_by_client: dict[tuple[str, str], list[datetime]], fold_seconds: int
) -> dict[tuple[str, str], int]:
    """Per (user, host): a denial within `fold_seconds` of the previous one from the same client is a repeat."""
    counted = {}
    for client, times in times_by_client.items():
        ordered, n, last = sorted(times), 0, None
        for t in ordered:
            if last is None or (t - last).total_seconds() > fold_seconds:
                n += 1
            last = t
        counted[client] = n
    return counted


def report(
    session: Session,
    pool_id: int,
    seats: int | None,
    start: datetime,
    end: datetime,
    dimension: str = "license",
    fold_seconds: int = FOLD_SECONDS,
) -> Report:
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    spans = intervals(session, pool_id, start, end)
    by_key: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for lease, s, e in spans:
        by_key[_key(dimension, lease)].append((s, e))
    events = list(
        session.exec(
            select(FloatingEvent).where(
                FloatingEvent.pool_id == pool_id,
                FloatingEvent.occurred_at >= start,
                FloatingEvent.occurred_at < end,
                FloatingEvent.kind.in_(("denial", "dequeue")),
            )
        )
    )
    denials: dict[str, dict[tuple[str, str], list[datetime]]] = defaultdict(lambda: defaultdict(list))
    waits: dict[str, list[float]] = defaultdict(list)
    for ev in events:
        key = _key(dimension, ev)
        if ev.kind == "denial":
            denials[key][(ev.user, ev.host)].append(ev.occurred_at)
        elif ev.lease_id is not None and ev.wait_seconds is not None:
            waits[key].append(ev.wait_seconds)
    hours = (end - start).total_seconds() / 3600
    rows, hourly, daily = [], [], []
    for key in sorted(set(by_key) | set(denials) | set(waits)):
        key_spans = by_key.get(key, [])
        per_hour = high_water(key_spans, start, end, "hour")
        per_day = high_water(key_spans, start, end, "day")
        hourly += [Peak(key, b, p) for b, p in per_hour]
        daily += [Peak(key, b, p) for b, p in per_day]
        wait = pd.Series(waits.get(key, []), dtype=float)
        folded = fold_denials(denials.get(key, {}), fold_seconds)
        rows.append(
            Row(
                key=key,
                peak=max((p for _, p in per_hour), default=0),
                hours_used=round(sum((e - s).total_seconds() for s, e in key_spans) / 3600, 2),
                hours_available=round(seats * hours, 2) if dimension == "license" and seats is not None else None,
                denials=sum(folded.values()),
                denials_raw=sum(len(v) for v in denials.get(key, {}).values()),
                wait_p50=None if wait.empty else round(float(wait.quantile(0.5)), 1),
                wait_p95=None if wait.empty else round(float(wait.quantile(0.95)), 1),
            )
        )
    overall = high_water([(s, e) for _, s, e in spans], start, end, "hour")
    peak = max((p for _, p in overall), default=0)
    return Report(start, end, seats, dimension, rows, hourly, daily, peak, peak)


def summary_csv(rep: Report) -> Iterator[str]:
    header = [
        rep.dimension,
        "peak concurrent",
        "hours used",
        "hours available",
        "denials",
        "denials before folding",
        "queue wait p50 (s)",
        "queue wait p95 (s)",
    ]
    rows = (
        [r.key, r.peak, r.hours_used, r.hours_available, r.denials, r.denials_raw, r.wait_p50, r.wait_p95]
        for r in rep.rows
    )
    return csv_stream(rows, header)


def peaks_csv(rep: Report) -> Iterator[str]:
    header = [rep.dimension, "period", "from (UTC)", "peak concurrent"]
    rows = [[p.key, "hour", p.bucket.isoformat(), p.peak] for p in rep.hourly]
    rows += [[p.key, "day", p.bucket.date().isoformat(), p.peak] for p in rep.daily]
    return csv_stream(rows, header)

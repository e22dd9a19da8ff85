"""The renewals timeline: the upcoming events of the filtered list as points on
a date axis, one lane per kind (events of a kind on the same day share one
marker), with today marked and the next 7 and 30 days shaded — the picture of
what lands when. Built from renewals.list_renewals rows (pure plotly, no UI
framework), so the page state only places the figure."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from html import escape
from typing import Any

import plotly.graph_objects as go
from sqlmodel import Session

from license_hub.services.reports import renewals
from license_hub.services.reports.renewals import EVENT_LABELS, RenewalRow

CHART_CAP = 600  # events on the chart at most; the list below pages through all of them
HOVER_NAMES = 6
URGENT_DAYS, SOON_DAYS = 7, 30
# Radix step-9 colours, the same hues as the kind badges on the page.
KIND_COLOURS = {
    "expiry": "#e5484d",
    "renewal": "#0090ff",
    "maintenance_expiry": "#6e56cf",
    "cancellation_deadline": "#f76b15",
}
_GRID, _TEXT, _MUTED = "#e8e8ec", "#1c2024", "#60646c"


def collect(session: Session, *, cap: int = CHART_CAP, **filters: Any) -> tuple[list[RenewalRow], int]:
    """The first `cap` events of the filtered list (soonest first) and the total."""
    rows: list[RenewalRow] = []
    total = 0
    while len(rows) < cap:
        page, total = renewals.list_renewals(session, offset=len(rows), limit=min(200, cap - len(rows)), **filters)
        rows.extend(page)
        if not page or len(rows) >= total:
            break
    return rows, total


def _when(days: int) -> str:
    if days > 1:
        return f"in {days} days"
    return {1: "tomorrow", 0: "today", -1: "yesterday"}.get(days, f"{-days} days ago")


def _name(r: RenewalRow) -> str:
    return escape(f"{r.software} — {r.license_name}" if r.license_name else r.software)


def _hover(group: list[RenewalRow]) -> str:
    """One event in full; several on the same day as a list (the first few)."""
    r = group[0]
    head = f"{r.label} {r.due_on.isoformat()} ({_when(r.days_left)})"
    if len(group) == 1:
        cost = f"{r.annual_cost_text} a year" if r.annual_cost is not None else "no cost recorded"
        extra = " · auto-renews" if r.auto_renew else ""
        return f"<b>{_name(r)}</b><br>{head}<br>{escape(r.vendor or '—')} · {cost}{extra}"
    names = "<br>".join(_name(x) for x in group[:HOVER_NAMES])
    more = f"<br>and {len(group) - HOVER_NAMES} more" if len(group) > HOVER_NAMES else ""
    return f"<b>{len(group)} events</b> · {head}<br>{names}{more}"


def timeline(
    rows: list[RenewalRow], *, today: date, window_days: int, total: int | None = None, past_days: int = 0
) -> go.Figure:
    """One marker per event on a date axis from `today - past_days` to `today + window_days`."""
    start, end = today - timedelta(days=max(past_days, 0)), today + timedelta(days=max(window_days, 1))
    kinds = [k for k in EVENT_LABELS if any(r.kind == k for r in rows)]
    fig = go.Figure()
    for kind in kinds:
        # Events of one kind on one day share a marker, larger the more there are.
        days: dict[date, list[RenewalRow]] = defaultdict(list)
        for r in rows:
            if r.kind == kind:
                days[r.due_on].append(r)
        groups = [days[d] for d in sorted(days)]
        fig.add_trace(
            go.Scatter(
                x=[g[0].due_on.isoformat() for g in groups],
                y=[EVENT_LABELS[kind]] * len(groups),
                mode="markers",
                name=EVENT_LABELS[kind],
                text=[_hover(g) for g in groups],
                hovertemplate="%{text}<extra></extra>",
                customdata=[len(g) for g in groups],
                marker=dict(
                    color=KIND_COLOURS.get(kind, "#8b8d98"),
                    symbol="diamond",
                    opacity=0.9,
                    size=[min(12 + 4 * (math.sqrt(len(g)) - 1), 28) for g in groups],
                    line=dict(color="white", width=1),
                ),
            )
        )
    # The next 7 days in red, up to 30 in amber, and today as a line.
    fig.add_vrect(
        x0=today.isoformat(),
        x1=min(end, today + timedelta(days=URGENT_DAYS)).isoformat(),
        fillcolor="#e5484d",
        opacity=0.07,
        line_width=0,
        layer="below",
    )
    if window_days > URGENT_DAYS:
        fig.add_vrect(
            x0=(today + timedelta(days=URGENT_DAYS)).isoformat(),
            x1=min(end, today + timedelta(days=SOON_DAYS)).isoformat(),
            fillcolor="#ffc53d",
            opacity=0.09,
            line_width=0,
            layer="below",
        )
    fig.add_vline(x=today.isoformat(), line=dict(color=_MUTED, width=1, dash="dot"))
    fig.add_annotation(
        x=today.isoformat(),
        y=1,
        yref="paper",
        yanchor="bottom",
        text="Today",
        showarrow=False,
        font=dict(size=11, color=_MUTED),
    )
    lanes = max(len(kinds), 1)
    shown = len(rows)
    note = f"The first {shown} of {total} events" if total is not None and total > shown else ""
    fig.update_layout(
        template="none",
        height=110 + 44 * lanes,
        margin=dict(l=10, r=16, t=28, b=28),
        font=dict(family="Inter, system-ui, sans-serif", size=12, color=_TEXT),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="white",
        showlegend=False,
        hoverlabel=dict(bgcolor="white", bordercolor=_GRID, font=dict(color=_TEXT, size=12)),
        xaxis=dict(
            type="date",
            range=[start.isoformat(), end.isoformat()],
            showgrid=True,
            gridcolor=_GRID,
            zeroline=False,
            showline=False,
            tickformat="%d %b",
            ticks="",
            automargin=True,
        ),
        yaxis=dict(
            type="category",
            categoryorder="array",
            categoryarray=[EVENT_LABELS[k] for k in reversed(kinds)],
            showgrid=True,
            gridcolor=_GRID,
            zeroline=False,
            showline=False,
            ticks="",
            automargin=True,
            ticksuffix="  ",
        ),
    )
    if note:
        fig.add_annotation(
            x=1,
            y=1,
            xref="paper",
            yref="paper",
            yanchor="bottom",
            xanchor="right",
            text=note,
            showarrow=False,
            font=dict(size=11, color=_MUTED),
        )
    if not rows:
        fig.add_annotation(
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            text="Nothing falls due in this window",
            showarrow=False,
            font=dict(size=13, color=_MUTED),
        )
        fig.update_yaxes(visible=False)
    return fig

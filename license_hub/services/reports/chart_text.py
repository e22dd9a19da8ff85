"""The text alternative of a chart (WCAG 1.1.1): a one-sentence summary and the
plotted points as table rows, read back from the figure itself so they can never
disagree with what is drawn. Pure: no database, no UI framework."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import plotly.graph_objects as go

MAX_ROWS = 200  # a chart never plots more than a page-sized table can hold


@dataclass
class ChartText:
    summary: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _number(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _label(value) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return str(value)


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _axis_title(fig: go.Figure, axis: str) -> str:
    title = getattr(getattr(fig.layout, axis, None), "title", None)
    return str(getattr(title, "text", "") or "")


def _points(trace) -> list[tuple[str, float]]:
    """(label, value) per point: the category axis names it, the numeric axis (or,
    when both are categories, the point's count in customdata) measures it."""
    xs, ys = list(trace.x if trace.x is not None else []), list(trace.y if trace.y is not None else [])
    labels, values = (ys, xs) if getattr(trace, "orientation", None) == "h" else (xs, ys)
    if values and all(_number(v) is None for v in values):
        labels = [f"{_label(x)} · {y}" for x, y in zip(xs, ys)]
        counts = list(trace.customdata) if trace.customdata is not None else [1] * len(labels)
        values = counts
    out = []
    for label, value in zip(labels, values):
        number = _number(value)
        if number is not None:
            out.append((_label(label), number))
    return out


def describe(fig: go.Figure, unit: str = "") -> ChartText:
    """What the chart shows, in words and as rows (series, label, value)."""
    series = [(str(t.name or ""), _points(t)) for t in fig.data]
    series = [(name, pts) for name, pts in series if pts]
    if not series:
        return ChartText(summary="The chart has no data yet.")
    suffix = f" {unit}" if unit else ""
    parts = []
    for name, pts in series:
        high = max(pts, key=lambda p: p[1])
        low = min(pts, key=lambda p: p[1])
        lead = f"{name}: " if name and len(series) > 1 else ""
        part = f"{lead}{len(pts)} value{'s' if len(pts) != 1 else ''}, highest {high[0]} ({_figure(high[1])}{suffix})"
        if len(pts) > 1:
            part += f", lowest {low[0]} ({_figure(low[1])}{suffix})"
        parts.append(part)
    horizontal = getattr(fig.data[0], "orientation", None) == "h"
    value_title = _axis_title(fig, "xaxis" if horizontal else "yaxis") or "Value"
    if len(series) == 1:  # one series: no column naming it
        rows = [[label, _figure(value)] for label, value in series[0][1]][:MAX_ROWS]
        return ChartText(summary=parts[0] + ".", headers=["Item", value_title], rows=rows)
    rows = [[name, label, _figure(value)] for name, pts in series for label, value in pts][:MAX_ROWS]
    return ChartText(summary="; ".join(parts) + ".", headers=["Series", "Item", value_title], rows=rows)

"""The concurrent-use chart of a pool: the hourly high-water mark as bars, the seat
count as a dashed line and the peak marked, so a manager sees at a glance whether
the pool is too big or too small (pure function of the report)."""

from __future__ import annotations

import plotly.graph_objects as go

from license_hub.services.floating.analytics import Report
from license_hub.services.reports.charts import ACCENT, _empty

_LAYOUT = dict(template="plotly_white", margin=dict(l=10, r=10, t=48, b=10), font=dict(size=12), height=300)


def concurrent_use(rep: Report | None, title: str = "Peak concurrent use per hour") -> go.Figure:
    if rep is None or not rep.hourly:
        return _empty(title, "No check-outs in this period yet")
    buckets: dict = {}
    for p in rep.hourly:
        buckets[p.bucket] = max(buckets.get(p.bucket, 0), p.peak)
    xs, ys = list(buckets), list(buckets.values())
    fig = go.Figure(go.Bar(x=xs, y=ys, name="Peak in the hour", marker_color=ACCENT, hovertemplate="%{x}<br>%{y}"))
    if rep.seats is not None:
        fig.add_trace(
            go.Scatter(
                x=[xs[0], xs[-1]],
                y=[rep.seats, rep.seats],
                mode="lines",
                name=f"Seats ({rep.seats})",
                line=dict(color="#dc2626", dash="dash"),
            )
        )
    top = max(range(len(ys)), key=ys.__getitem__)
    fig.add_annotation(x=xs[top], y=ys[top], text=f"Peak {ys[top]}", showarrow=True, arrowhead=2, ax=0, ay=-28)
    fig.update_layout(
        title=f"{title}: peak {rep.peak}",
        yaxis=dict(title="Leases", rangemode="tozero", dtick=1 if max(ys + [rep.seats or 0]) <= 12 else None),
        legend=dict(orientation="h", y=-0.15),
        **_LAYOUT,
    )
    return fig

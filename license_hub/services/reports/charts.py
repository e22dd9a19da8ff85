"""Plotly figures for the Utilization and Finance pages, built from the frames the
services return (pure functions: no database, no UI framework), so the page only
places them and the tests can check what they plot.

Money charts never put two currencies on one axis: each currency gets its own
panel unless the caller asks for the workspace-currency conversion.
"""

from __future__ import annotations

import json
import weakref
from decimal import Decimal
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

ACCENT = "#2563eb"
FILL_COLOURS = ((90, "#dc2626"), (50, "#16a34a"), (0, "#d97706"))  # fuller than: colour
_LAYOUT = dict(template="plotly_white", margin=dict(l=10, r=10, t=48, b=10), font=dict(size=12))


def _fill_colour(pct: float) -> str:
    for floor, colour in FILL_COLOURS:
        if pct >= floor:
            return colour
    return FILL_COLOURS[-1][1]


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(title=title, xaxis=dict(visible=False), yaxis=dict(visible=False), **_LAYOUT)
    return fig


def fill_ranking_bar(ranking: pd.DataFrame, *, top: int = 25, title: str = "Seat fill by license") -> go.Figure:
    """Horizontal bars of fill %, in ranking order (rank 1 on top). Columns: rank,
    product, name, seats_used, seats_total, fill_pct."""
    if ranking.empty:
        return _empty(title, "No license with a seat count yet")
    rows = ranking.sort_values("rank").head(max(1, int(top)))
    labels = [f"{p} — {n}" if n else str(p) for p, n in zip(rows["product"], rows["name"])]
    fig = go.Figure(
        go.Bar(
            x=rows["fill_pct"],
            y=labels,
            orientation="h",
            marker_color=[_fill_colour(float(v)) for v in rows["fill_pct"]],
            customdata=list(zip(rows["seats_used"], rows["seats_total"])),
            hovertemplate="%{y}<br>%{x:.1f}% filled (%{customdata[0]} of %{customdata[1]} seats)<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        xaxis=dict(title="Seats used (%)", ticksuffix="%", rangemode="tozero"),
        yaxis=dict(autorange="reversed"),
        height=max(300, 28 * len(rows) + 120),
        **_LAYOUT,
    )
    return fig


def _money_bars(
    frame: pd.DataFrame, key: str, title: str, *, converted: bool, workspace_currency: str, top: int
) -> go.Figure:
    """frame: key, currency, amount (Decimal), converted (Decimal or None)."""
    if frame.empty:
        return _empty(title, "Nothing to show")
    if converted:
        usable = frame[frame["converted"].notna()]
        if usable.empty:
            return _empty(title, "No exchange rate for these currencies")
        sums = usable.groupby(key)["converted"].agg(lambda s: sum(s, Decimal(0)))
        sums = sums.sort_values(ascending=False, key=lambda s: s.astype(float)).head(top)
        fig = go.Figure(
            go.Bar(
                x=list(sums.index),
                y=[float(v) for v in sums],
                marker_color=ACCENT,
                hovertemplate=f"%{{x}}<br>%{{y:,.2f}} {workspace_currency}<extra></extra>",
            )
        )
        skipped = sorted(set(frame["currency"]) - set(usable["currency"]))
        note = f" (not converted: {', '.join(skipped)})" if skipped else ""
        fig.update_layout(title=title + note, yaxis=dict(title=workspace_currency), **_LAYOUT)
        return fig
    currencies = sorted(frame["currency"].unique())
    fig = make_subplots(rows=1, cols=len(currencies), subplot_titles=currencies)
    for i, code in enumerate(currencies, start=1):
        part = frame[frame["currency"] == code].copy()
        part["_f"] = part["amount"].map(float)
        part = part.sort_values("_f", ascending=False).head(top)
        fig.add_trace(
            go.Bar(
                x=part[key],
                y=part["_f"],
                name=code,
                marker_color=ACCENT,
                showlegend=False,
                hovertemplate=f"%{{x}}<br>%{{y:,.2f}} {code}<extra></extra>",
            ),
            row=1,
            col=i,
        )
        fig.update_yaxes(title_text=code, row=1, col=i)
    fig.update_layout(title=title, **_LAYOUT)
    return fig


def savings_by_product(
    by_product: pd.DataFrame,
    *,
    converted: bool = False,
    workspace_currency: str = "EUR",
    top: int = 15,
    title: str = "Potential savings by product",
) -> go.Figure:
    """From PotentialSavings.by_product (or RealizedSavings.by_product)."""
    return _money_bars(
        by_product, "product", title, converted=converted, workspace_currency=workspace_currency, top=top
    )


def savings_by_category(
    by_category: pd.DataFrame,
    *,
    converted: bool = False,
    workspace_currency: str = "EUR",
    top: int = 15,
    title: str = "Potential savings by category",
) -> go.Figure:
    return _money_bars(
        by_category, "category", title, converted=converted, workspace_currency=workspace_currency, top=top
    )


def spend_by(
    frame: pd.DataFrame,
    key: str,
    *,
    converted: bool = False,
    workspace_currency: str = "EUR",
    top: int = 15,
    title: str = "Annual spend",
) -> go.Figure:
    """From SpendReport.by_category / by_vendor / by_month (key: category, vendor, renewal_month)."""
    return _money_bars(frame, key, title, converted=converted, workspace_currency=workspace_currency, top=top)


def utilization_over_time(history: pd.DataFrame, *, title: str = "Seats in use over time") -> go.Figure:
    """Seats in use (bars) and fill % (line, right axis) per month, from utilization.seats_over_time."""
    if history.empty:
        return _empty(title, "No seat history yet")
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(x=history["month"], y=history["seats_in_use"], name="Seats in use", marker_color=ACCENT, opacity=0.6),
        secondary_y=False,
    )
    if history["fill_pct"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=history["month"],
                y=history["fill_pct"],
                name="Fill %",
                mode="lines+markers",
                line=dict(color="#16a34a"),
            ),
            secondary_y=True,
        )
        fig.update_yaxes(title_text="Fill (%)", ticksuffix="%", rangemode="tozero", secondary_y=True)
    fig.update_yaxes(title_text="Seats in use", rangemode="tozero", secondary_y=False)
    fig.update_layout(title=title, legend=dict(orientation="h", y=-0.15), **_LAYOUT)
    return fig


Figure = go.Figure  # what a page state declares its chart vars as (states never import plotly)


class BlankFigure(go.Figure):
    """An empty go.Figure that copies cheaply while it is still empty. A chart var's
    default is deep-copied for every tab's state; plotly copies a figure by rebuilding
    it from its dict, re-validating its whole default template (~60 ms a chart, most
    of a new tab's first load), where making a new empty one costs a few ms."""

    def untouched(self) -> bool:
        # plotly's own dict of the layout, compared without copying it (the public
        # to_plotly_json copies the whole template first).
        return not self.data and not self.frames and getattr(self, "_layout", None) == _BLANK_LAYOUT

    def __deepcopy__(self, memo: dict) -> go.Figure:
        return BlankFigure() if self.untouched() else go.Figure(self.to_dict())


_BLANK_LAYOUT = go.Figure().layout.to_plotly_json()


@lru_cache(maxsize=1)
def _blank_json() -> str:
    return pio.to_json(BlankFigure())


# Each figure's JSON as plotly wrote it, while the figure lives: id -> (weak ref, JSON).
_written: dict[int, tuple[weakref.ref, str]] = {}


def as_json(figure: go.Figure) -> dict:
    """plotly's JSON of a figure, as a chart var sends it, written once per figure.

    A tab's full load (a new tab, a reload) serializes every var of every state the
    tab holds: each chart any page left there, through plotly's writer, and each blank
    default with its whole template. That took most of such a load's server time. A
    chart var is always replaced, never edited in place (the services finish a figure
    before a state holds it), so a figure's JSON is kept as long as the figure lives;
    an untouched blank's is written once for all."""
    if isinstance(figure, BlankFigure) and figure.untouched():
        return json.loads(_blank_json())
    key = id(figure)
    hit = _written.get(key)
    if hit is not None and hit[0]() is figure:
        return json.loads(hit[1])
    text = pio.to_json(figure)
    _written[key] = (weakref.ref(figure, lambda _ref, key=key: _written.pop(key, None)), text)
    return json.loads(text)


def blank() -> go.Figure:
    """The figure a chart var holds before its page has loaded."""
    return BlankFigure()


def lean(fig: go.Figure) -> go.Figure:
    """The figure without its template, for a page's chart component: that component
    applies a template of its own (light or dark with the colour mode) over the
    figure's, so the figure's would only travel to the browser unused (about 7 kB of
    a 10 kB bar chart)."""
    fig.update_layout(template=None)
    return fig


def untitled(fig: go.Figure, height: int | None = None) -> go.Figure:
    """The page's card names the chart: drop the figure's own title and its room."""
    fig.update_layout(title=None, margin=dict(l=10, r=10, t=28, b=10))
    if height:
        fig.update_layout(height=height)
    return fig

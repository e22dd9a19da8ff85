"""A chart var's default (charts.blank) is copied for every tab: the copy must be an
independent figure equal to the original, whether still empty or edited."""

from __future__ import annotations

import copy

import plotly.graph_objects as go

from license_hub.services.reports import charts


def test_a_blank_chart_copies_as_a_fresh_empty_figure():
    original = charts.blank()
    copied = copy.deepcopy(original)
    assert copied is not original and isinstance(copied, go.Figure)
    assert copied.to_dict() == go.Figure().to_dict()
    copied.update_layout(title="Seats")
    assert original.layout.title.text is None


def test_an_edited_blank_chart_copies_its_edits():
    chart = charts.blank()
    chart.add_bar(x=["a"], y=[1])
    chart.update_layout(title="Seats")
    copied = copy.deepcopy(chart)
    assert copied.to_dict() == chart.to_dict() and copied is not chart

"""A chart var's default (charts.blank) is copied for every tab: the copy must be an
independent figure equal to the original, whether still empty or edited."""

from __future__ import annotations

import copy
import gc
import json

import plotly.graph_objects as go
import plotly.io as pio

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


def test_a_blank_chart_serializes_as_plotly_writes_it_and_each_caller_owns_its_copy():
    expected = json.loads(pio.to_json(go.Figure()))
    first = charts.as_json(charts.blank())
    assert first == expected
    first["layout"]["title"] = {"text": "changed"}
    assert charts.as_json(charts.blank()) == expected


def test_an_edited_blank_chart_serializes_its_edits():
    chart = charts.blank()
    chart.add_bar(x=["a"], y=[1])
    assert charts.as_json(chart) == json.loads(pio.to_json(chart))
    assert charts.as_json(chart)["data"][0]["type"] == "bar"


def test_a_figure_is_written_once_while_it_lives(monkeypatch):
    figure = go.Figure().add_bar(x=["a"], y=[3])
    expected = json.loads(pio.to_json(figure))
    writes: list[object] = []
    real = pio.to_json
    monkeypatch.setattr(charts.pio, "to_json", lambda fig, *a, **k: writes.append(fig) or real(fig, *a, **k))
    first = charts.as_json(figure)
    first["data"][0]["y"] = [99]  # the caller owns its copy
    assert charts.as_json(figure) == expected and writes == [figure]
    other = go.Figure().add_bar(x=["b"], y=[4])
    assert charts.as_json(other)["data"][0]["y"] == [4] and writes == [figure, other]
    key = id(other)
    writes.clear()
    del other
    gc.collect()
    assert key not in charts._written  # a dead figure's JSON is let go


def test_the_state_layer_sends_chart_vars_through_as_json():
    from reflex_base.utils.serializers import serialize

    import license_hub.state.base  # noqa: F401 - registers the serializer

    assert serialize(charts.blank()) == json.loads(pio.to_json(go.Figure()))
    edited = charts.blank().add_bar(x=["a"], y=[2])
    assert serialize(edited)["data"][0]["y"] == [2]
    drawn = go.Figure().add_bar(x=["a"], y=[5])
    assert serialize(drawn) == json.loads(pio.to_json(drawn))

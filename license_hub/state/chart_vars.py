"""Chart vars are serialized through charts.as_json, which writes each figure's JSON
once (an untouched blank's once for all) instead of on every full load of a tab."""

from __future__ import annotations

import reflex as rx

from license_hub.services.reports.charts import BlankFigure, Figure, as_json


@rx.serializer
def serialize_blank(figure: BlankFigure) -> dict:
    return as_json(figure)


@rx.serializer(overwrite=True)
def serialize_figure(figure: Figure) -> dict:
    return as_json(figure)

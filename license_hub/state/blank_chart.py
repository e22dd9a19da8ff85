"""Chart vars' blank defaults are serialized through charts.as_json, which writes an
untouched blank's JSON once instead of on every new tab's first load."""

from __future__ import annotations

import reflex as rx

from license_hub.services.reports.charts import BlankFigure, as_json


@rx.serializer
def serialize_blank(figure: BlankFigure) -> dict:
    return as_json(figure)

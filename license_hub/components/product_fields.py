"""Fields a catalog entry shows the same way wherever it is added or edited."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import form_field
from license_hub.state.labels import DEPLOYMENT_MODELS


def deployment_field(errors, default_value) -> rx.Component:
    """Deployment Model (seed 000): Cloud, On-Premise or Hybrid, picked from a select."""
    return form_field(
        "Deployment Model",
        "deployment_model",
        rx.select.root(
            rx.select.trigger(width="100%", id="deployment_model", aria_label="Deployment Model"),
            rx.select.content(*[rx.select.item(m, value=m) for m in DEPLOYMENT_MODELS]),
            name="deployment_model",
            default_value=default_value,
        ),
        errors,
    )

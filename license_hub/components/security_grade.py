"""The "Evaluate security" questionnaire of a catalog entry (seed 003's security
grade): the questions as switches and the breach history, a spinner while the
grade is worked out, then the coloured letter, the risk level and the reasons."""

from __future__ import annotations

import reflex as rx

from license_hub.components.badges import GRADE_COLORS
from license_hub.components.permissions import when_can
from license_hub.components.shell import icon_button
from license_hub.state.security_grade import QUESTION_KEYS, QUESTION_LABELS
from license_hub.state.security_grade import SecurityGradeState as S

BREACH_OPTIONS = [
    ("none", "No breach in the last 3 years"),
    ("one", "One breach in the last 3 years"),
    ("several", "Several breaches in the last 3 years"),
]
RISK_COLORS = {"Low": "green", "Medium": "amber", "High": "orange", "Critical": "red"}


def evaluate_button() -> rx.Component:
    return when_can(
        "catalog.manage",
        rx.button(
            rx.icon("shield_check", size=15),
            "Evaluate security",
            variant="soft",
            on_click=S.open_dialog,
            data_testid="evaluate-security",
        ),
    )


def _question(key: str) -> rx.Component:
    return rx.flex(
        rx.el.label(rx.text(QUESTION_LABELS[key], size="2"), html_for=f"q-{key}", style={"flex": "1"}),
        rx.switch(id=f"q-{key}", name=key, default_checked=S.answers[key].to(bool), size="2"),
        justify="between",
        align="center",
        spacing="3",
        padding_y="7px",
        border_bottom=f"1px solid {rx.color('gray', 3)}",
    )


def _result() -> rx.Component:
    r = S.result
    color = rx.match(r.grade, *[(k, v) for k, v in GRADE_COLORS.items()], "gray")
    return rx.cond(
        r.grade != "",
        rx.flex(
            rx.flex(
                rx.center(
                    rx.text(r.grade, size="7", weight="bold", color="white"),
                    width="52px",
                    height="52px",
                    border_radius="9999px",
                    background=rx.color(color, 9),
                    data_testid="grade-letter",
                ),
                rx.flex(
                    rx.text("Security grade", size="1", color=rx.color("gray", 11)),
                    rx.badge(
                        r.risk + " risk",
                        size="2",
                        radius="full",
                        variant="soft",
                        color_scheme=rx.match(r.risk, *[(k, v) for k, v in RISK_COLORS.items()], "gray"),
                        data_testid="grade-risk",
                    ),
                    rx.text(r.source, size="1", color=rx.color("gray", 11)),
                    direction="column",
                    spacing="1",
                    align="start",
                ),
                align="center",
                spacing="3",
            ),
            rx.el.ul(
                rx.foreach(r.reasons, lambda reason: rx.el.li(rx.text(reason, size="2"), data_testid="grade-reason")),
                style={"margin": "0", "padding_left": "18px", "list_style_type": "disc"},
            ),
            direction="column",
            spacing="3",
            padding="14px 16px",
            border=f"1px solid {rx.color('gray', 5)}",
            border_radius="var(--radius-3)",
            background=rx.color("gray", 2),
            data_testid="grade-result",
        ),
    )


def security_grade_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.flex(
                rx.dialog.title("Evaluate security", margin="0"),
                rx.dialog.close(icon_button("x", 16, variant="ghost", color_scheme="gray", aria_label="Close")),
                justify="between",
                align="center",
            ),
            rx.dialog.description(
                rx.text(
                    "Answer for the product's data handling and compliance posture. The grade (A–F) applies to every "
                    "license of this product.",
                    size="2",
                    color=rx.color("gray", 11),
                ),
                margin_bottom="12px",
            ),
            rx.form(
                rx.box(*[_question(k) for k in QUESTION_KEYS]),
                rx.flex(
                    rx.el.label(rx.text("Breach history", size="2", weight="medium"), html_for="breach_history"),
                    rx.select.root(
                        rx.select.trigger(id="breach_history", width="100%"),
                        rx.select.content(*[rx.select.item(label, value=v) for v, label in BREACH_OPTIONS]),
                        name="breach_history",
                        default_value=S.breach,
                    ),
                    direction="column",
                    spacing="1",
                    padding_y="12px",
                ),
                rx.cond(
                    S.error != "",
                    rx.callout.root(
                        rx.callout.text(S.error), color_scheme="red", size="1", role="alert", margin_bottom="12px"
                    ),
                ),
                _result(),
                rx.flex(
                    rx.cond(
                        S.running,
                        rx.flex(
                            rx.spinner(size="2"),
                            rx.text("Evaluating… this can take a few seconds", size="2", color=rx.color("gray", 11)),
                            align="center",
                            spacing="2",
                            data_testid="grade-running",
                        ),
                    ),
                    rx.spacer(),
                    rx.dialog.close(
                        rx.button("Close", type="button", variant="soft", color_scheme="gray", disabled=S.running)
                    ),
                    rx.button(rx.icon("shield_check", size=15), "Evaluate", type="submit", loading=S.running),
                    spacing="3",
                    align="center",
                    margin_top="16px",
                ),
                on_submit=S.evaluate,
                key=S.form_key,
            ),
            max_width="560px",
            data_testid="grade-dialog",
        ),
        open=S.open,
        on_open_change=S.set_open,
    )

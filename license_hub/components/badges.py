"""Status badges, security grade pills, brand avatars and the masked key — the
same colours everywhere, so a glance means the same thing on every page."""

from __future__ import annotations

import reflex as rx

from license_hub.state.labels import STATUS_LABELS

STATUS_COLORS = {"active": "green", "pending_renewal": "amber", "trial": "blue", "expired": "red", "cancelled": "gray"}
GRADE_COLORS = {"A": "green", "B": "grass", "C": "amber", "D": "orange", "E": "red", "F": "red"}


def status_color(status) -> rx.Var:
    return rx.match(status, *[(k, v) for k, v in STATUS_COLORS.items()], "gray")


def status_label(status) -> rx.Var:
    return rx.match(status, *[(k, v) for k, v in STATUS_LABELS.items()], status)


def status_badge(status, size: str = "1") -> rx.Component:
    return rx.badge(
        status_label(status),
        color_scheme=status_color(status),
        variant="soft",
        radius="full",
        size=size,
        data_testid="status-badge",
    )


def grade_pill(grade, risk="") -> rx.Component:
    """The security grade as a coloured letter pill; a quiet dash when ungraded."""
    color = rx.match(grade, *[(k, v) for k, v in GRADE_COLORS.items()], "gray")
    pill = rx.badge(
        rx.cond(grade != "", grade, "–"),
        color_scheme=color,
        variant=rx.cond(grade != "", "solid", "surface"),
        radius="full",
        size="1",
        min_width="22px",
        justify="center",
        font_weight="bold",
        data_testid="grade-pill",
    )
    tip = rx.cond(
        grade != "", rx.cond(risk, f"Security grade {grade} · {risk} risk", f"Security grade {grade}"), "Not graded yet"
    )
    return rx.tooltip(pill, content=tip)


def brand_avatar(initials, color, size: str = "3") -> rx.Component:
    return rx.avatar(
        fallback=initials, color_scheme=color, variant="soft", radius="medium", size=size, high_contrast=False
    )


def masked_key(text, has_key=True) -> rx.Component:
    return rx.flex(
        rx.icon("key_round", size=14, color=rx.color("gray", 11)),
        rx.text(
            text,
            font_family="var(--code-font-family)",
            size="1",
            color=rx.cond(has_key, rx.color("gray", 12), rx.color("gray", 11)),
            letter_spacing="0.04em",
            data_testid="masked-key",
        ),
        align="center",
        spacing="2",
    )


def countdown_badge(text) -> rx.Component:
    return rx.cond(
        text != "",
        rx.badge(
            rx.icon("calendar_clock", size=12),
            text,
            color_scheme="amber",
            variant="soft",
            radius="full",
            size="1",
            data_testid="countdown",
        ),
    )

"""The security grade questionnaire of a catalog entry: the answers go to the
grading service (an AI endpoint when one is configured, the documented rubric
otherwise), which may take seconds — so it runs as a background event in a
worker thread while the dialog shows a spinner, and the write transaction is
held only for the save."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.catalog import security_grade
from license_hub.services.core.errors import DomainError
from license_hub.state.base import AppState, _choice, _flag, _id, handler
from license_hub.state.catalog_entry import CatalogEntryState
from license_hub.state.views.catalog import GradeResultView

QUESTION_KEYS = tuple(security_grade.QUESTIONS)
QUESTION_LABELS = dict(security_grade.QUESTIONS)  # for the page: the questionnaire's own words
SOURCES = {"ai": "Graded by the AI endpoint", "rubric": "Graded by the offline rubric"}


def _result_view(grade: str, risk: str, reasons: list[str], source: str) -> GradeResultView:
    return GradeResultView(grade=grade, risk=risk, reasons=list(reasons), source=SOURCES.get(source, ""))


def _grade(actor: str, entry_id: int, answers: dict) -> security_grade.GradeResult:
    """Worker thread: ask first (maybe slow), then save in one short transaction."""
    with read_session() as session:
        name = catalog.get(session, entry_id).name
    result = security_grade.evaluate(name, answers)
    with write_session() as session:
        return security_grade.record(session, actor, entry_id, answers, result)


class SecurityGradeState(AppState):
    open: bool = False
    form_key: int = 0
    answers: dict[str, bool] = {}
    breach: str = "none"
    running: bool = False
    result: GradeResultView = GradeResultView()
    error: str = ""

    @handler("catalog.manage", toast=True)
    async def open_dialog(self):
        page = await self.get_state(CatalogEntryState)
        entry_id = _id(page.entry.id)
        with read_session() as session:
            entry = catalog.get(session, entry_id)
            try:
                saved = json.loads(entry.security_answers or "{}")
            except ValueError:
                saved = {}
            grade, risk = entry.security_grade or "", entry.security_risk or ""
            reasons = [r for r in (entry.security_rationale or "").split("\n") if r]
            source = entry.security_source
        saved = saved if isinstance(saved, dict) else {}
        self.answers = {k: bool(saved.get(k, False)) for k in QUESTION_KEYS}
        self.breach = _choice(saved.get("breach_history"), security_grade.BREACH_CHOICES, "none")
        self.result = _result_view(grade, risk, reasons, source) if grade else GradeResultView()
        self.error, self.running = "", False
        self.form_key += 1
        self.open = True

    @handler("catalog.manage")
    def set_open(self, open: bool):
        if not self.running:  # stay open until the evaluation answers
            self.open = bool(open)

    @handler("catalog.manage", toast=True, background=True)
    async def evaluate(self, form: dict):
        sent = form if isinstance(form, dict) else {}
        answers: dict[str, Any] = {k: _flag(sent.get(k)) for k in QUESTION_KEYS}
        answers["breach_history"] = _choice(sent.get("breach_history"), security_grade.BREACH_CHOICES, "none")
        async with self:
            if self.running:
                return None
            page = await self.get_state(CatalogEntryState)
            entry_id = _id(page.entry.id)
            actor = self._actor()
            self.running, self.error = True, ""
        try:
            result = await asyncio.to_thread(_grade, actor, entry_id, answers)
        except DomainError as exc:
            async with self:
                self.running, self.error = False, exc.message
            return rx.toast.error(exc.message)
        except Exception:
            async with self:
                self.running, self.error = False, "The evaluation failed. Try again in a moment."
            raise
        async with self:
            self.running = False
            self.answers = {k: bool(answers[k]) for k in QUESTION_KEYS}
            self.breach = answers["breach_history"]
            self.result = _result_view(result.grade, result.risk, result.reasons, result.source)
        return [rx.toast.success(f"Security grade {result.grade} · {result.risk} risk"), CatalogEntryState.refresh]

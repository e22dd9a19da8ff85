"""The Documents section of a license page: the list, the upload result, and the
review of found terms. Uploads post to /api/v1 (the size limit is enforced while
the body streams); this state only reads, decides and deletes."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import NotFound
from license_hub.services.documents import library, review
from license_hub.services.documents.text_layer import NEEDS_OCR, UNREADABLE
from license_hub.state.base import AppState, _choice, _fmt_date, _id, _plural, guard
from license_hub.state.license_detail import LicenseDetailState

DECISION_CHOICES = ("accepted", "rejected", "pending")


@dataclass(frozen=True)
class DocumentView:
    id: int
    filename: str
    kind: str
    size: str
    uploaded_by: str
    uploaded_on: str
    terms: str
    needs_ocr: bool
    download_href: str


@dataclass(frozen=True)
class FieldView:
    name: str
    label: str
    found: str
    current: str
    confidence: str
    page: str
    snippet: str
    flags: str
    saved: str
    can_accept: bool


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _terms(row: library.DocumentRow) -> str:
    if row.text_status != "ok":
        return "Needs OCR" if row.text_status == "needs_ocr" else "Unreadable"
    return f"{row.pending} to review" if row.pending else "Reviewed"


def _view(row: library.DocumentRow) -> DocumentView:
    return DocumentView(
        row.id,
        row.filename,
        row.kind,
        _size(row.size_bytes),
        row.uploaded_by,
        _fmt_date(row.uploaded_at.date()),
        _terms(row),
        row.text_status == "needs_ocr",
        f"/api/v1/documents/{row.id}/download",
    )


class LicenseDocumentsState(AppState):
    for_license: int = 0
    docs: list[DocumentView] = []
    review_id: int = 0
    review_name: str = ""
    review_note: str = ""
    review_source: str = ""
    deadline: str = ""
    fields: list[FieldView] = []
    decisions: dict[str, str] = {}
    confirm_id: int = 0
    confirm_name: str = ""
    error: str = ""

    @rx.var
    def chosen(self) -> int:
        return sum(1 for v in self.decisions.values() if v in ("accepted", "rejected"))

    @rx.event
    @guard("license.view")
    def load(self):
        """Runs when the section mounts; ?document= opens the review of a fresh upload."""
        self.error, self.review_id, self.fields, self.decisions = "", 0, [], {}
        self.for_license = _id(self._route_arg("license_id"))
        self._list()
        failed = self._query("upload_error", 200)
        if failed:
            self.error = failed
            return rx.toast.error(failed)
        opened = self._query("document", 19)
        if opened.isdigit() and any(d.id == int(opened) for d in self.docs):
            self._open(int(opened))
            return rx.toast.success("Document uploaded")

    def _list(self) -> None:
        with read_session() as s:
            self.docs = [_view(r) for r in library.list_for_license(s, self.for_license)]

    def _open(self, document_id: int) -> None:
        with read_session() as s:
            doc = library.get(s, document_id)
            if doc.license_id != self.for_license:
                raise NotFound("This document does not exist")
            rows = review.rows(s, document_id)
        self.review_id, self.review_name = document_id, doc.filename
        self.review_source = "AI" if doc.extraction_source == "ai" else "Rules"
        self.review_note = {"needs_ocr": NEEDS_OCR, "unreadable": UNREADABLE}.get(doc.text_status, "")
        if not self.review_note and not rows:
            self.review_note = "No contract terms were found in this document"
        self.fields = [
            FieldView(
                r.name,
                r.label,
                r.found,
                r.current,
                f"{r.confidence}%",
                str(r.page),
                r.snippet,
                r.flags,
                r.decision,
                r.can_accept,
            )
            for r in rows
        ]
        self.decisions = {}
        day = review.cancellation_deadline({r.name: r.found for r in rows})
        self.deadline = _fmt_date(day) if day else ""

    @rx.event
    @guard("license.view")
    def open_review(self, document_id: int):
        self.error = ""
        self._open(_id(document_id))

    @rx.event
    @guard("license.view")
    def close_review(self):
        self.review_id, self.fields, self.decisions = 0, [], {}

    @rx.event
    @guard("license.manage")
    def decide(self, name: str, decision: str):
        names = {f.name for f in self.fields if f.can_accept or decision != "accepted"}
        key = name if isinstance(name, str) and name in names else ""
        choice = _choice(decision, DECISION_CHOICES)
        if key and choice:
            self.decisions = {**self.decisions, key: choice}

    @rx.event
    @guard("license.manage", toast=True)
    def save_review(self):
        chosen = {k: v for k, v in self.decisions.items() if v in ("accepted", "rejected")}
        actor = self._actor()
        with write_session() as s:
            written = review.decide(s, actor, self.review_id, chosen)
        accepted = sum(1 for v in chosen.values() if v == "accepted")
        self._open(self.review_id)
        self._list()
        message = f"{_plural(accepted, 'field')} saved to the license" if written else "Review saved; nothing changed"
        # The license header and facts belong to the page's own state: reload them.
        return [rx.toast.success(message), LicenseDetailState.load] if written else rx.toast.success(message)

    @rx.event
    @guard("license.manage")
    def ask_delete(self, document_id: int):
        """Open the confirmation for one document of this license."""
        doc_id = _id(document_id)
        match = next((d for d in self.docs if d.id == doc_id), None)
        if match is not None:
            self.confirm_id, self.confirm_name = match.id, match.filename

    @rx.event
    @guard("license.manage")
    def cancel_delete(self):
        self.confirm_id, self.confirm_name = 0, ""

    @rx.event
    @guard("license.manage", toast=True)
    def remove_document(self):
        doc_id = _id(self.confirm_id)
        self.confirm_id, self.confirm_name = 0, ""
        actor = self._actor()  # before the write transaction: reading the session may write too
        with write_session() as s:
            doc = library.get(s, doc_id)
            if doc.license_id != self.for_license:
                raise NotFound("This document does not exist")
            library.delete(s, actor, doc_id)
        if self.review_id == doc_id:
            self.review_id, self.fields, self.decisions = 0, [], {}
        self._list()
        return rx.toast.success("Document deleted")

"""Create from contract: an uploaded contract proposes a catalog entry and a license;
the reviewer keeps the fields they accept and both are created at once."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from license_hub import settings as settings_mod
from license_hub.db import read_session, write_session
from license_hub.services.documents import from_contract
from license_hub.services.documents.library import fields_of, get
from license_hub.services.documents.terms import FIELDS
from license_hub.services.documents.text_layer import NEEDS_OCR
from license_hub.state.base import AppState, _id, _text, guard


@dataclass(frozen=True)
class ProposedField:
    name: str
    label: str
    value: str
    page: str
    snippet: str
    flags: str


class ContractLicenseState(AppState):
    document_id: int = 0
    filename: str = ""
    note: str = ""
    product: str = ""
    publisher: str = ""
    license_name: str = ""
    existing_entry: bool = False
    fields: list[ProposedField] = []
    accepted: list[str] = []
    errors: dict[str, str] = {}
    error: str = ""

    @rx.event
    @guard("catalog.manage")
    def load(self):
        self._require("license.manage")
        self.document_id, self.fields, self.accepted, self.errors, self.error = 0, [], [], {}, ""
        failed = self._query("upload_error", 200)
        if failed:
            self.error = failed
        raw = self._query("document", 19)
        if raw.isdigit():
            self._propose(_id(raw))

    def _propose(self, document_id: int) -> None:
        with read_session() as s:
            proposal = from_contract.propose(s, document_id)
            found = {f["name"]: f for f in fields_of(get(s, document_id))}
        self.document_id, self.filename = proposal.document_id, proposal.filename
        self.product, self.publisher = proposal.product, proposal.publisher
        self.existing_entry = proposal.existing_entry_id is not None
        self.note = (
            NEEDS_OCR
            if proposal.text_status == "needs_ocr"
            else ("" if proposal.fields else "No contract terms were found: enter the product and create the license.")
        )
        self.fields = [
            ProposedField(
                name,
                FIELDS[name],
                value,
                str(found[name]["page"]),
                found[name]["snippet"],
                "; ".join(found[name].get("flags") or []),
            )
            for name, value in proposal.fields
        ]
        self.accepted = [f.name for f in self.fields if not f.flags]

    @rx.event
    @guard("catalog.manage")
    def toggle(self, name: str, checked: bool):
        key = _text(name, 40)
        if key not in {f.name for f in self.fields}:
            return
        rest = [n for n in self.accepted if n != key]
        self.accepted = [*rest, key] if checked is True else rest

    @rx.event
    @guard("catalog.manage")
    def set_product(self, value: str):
        self.product = _text(value, 200)

    @rx.event
    @guard("catalog.manage")
    def set_publisher(self, value: str):
        self.publisher = _text(value, 200)

    @rx.event
    @guard("catalog.manage")
    def set_license_name(self, value: str):
        self.license_name = _text(value, 200)

    @rx.event
    @guard("catalog.manage", toast=True)
    def create(self):
        self._require("license.manage")
        self.errors, self.error = {}, ""
        actor = self._actor()
        try:
            with write_session() as s:
                lic = from_contract.create(
                    s,
                    actor,
                    self.document_id,
                    product=self.product,
                    publisher=self.publisher,
                    accepted=list(self.accepted),
                    license_name=self.license_name,
                    workspace_currency=settings_mod.settings.workspace_currency,
                )
        except from_contract.ValidationError as exc:
            self.errors = exc.errors
            self.error = exc.message
            return rx.toast.error(exc.message)
        return [rx.toast.success("License created from the contract"), rx.redirect(f"/licenses/{lic.id}")]

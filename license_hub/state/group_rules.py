"""/group-rules: "members of group X hold a seat of license Y", with a dry run of a
new rule before it is saved and the members a full license refused."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import ValidationError
from license_hub.services.directory import group_rules as rules
from license_hub.state.base import AppState, _id, _text, guard

PERMISSION = "license.assign"


@dataclass(frozen=True)
class Option:
    id: str
    name: str


@dataclass(frozen=True)
class RefusedRow:
    name: str
    reason: str
    group: str = ""
    license: str = ""


@dataclass(frozen=True)
class GroupRuleRow:
    id: int
    group: str
    license: str
    license_id: int
    members: int
    holders: int
    refused: int


class GroupRulesState(AppState):
    rules: list[GroupRuleRow] = []
    refusals: list[RefusedRow] = []
    groups: list[Option] = []
    licenses: list[Option] = []
    group_id: str = ""
    license_id: str = ""
    previewed: bool = False
    would_assign: int = 0
    would_keep: int = 0
    would_skip: int = 0
    would_refuse: list[RefusedRow] = []
    field_errors: dict[str, str] = {}
    error: str = ""
    loaded: bool = False

    def _fetch(self) -> None:
        with read_session() as s:
            found = rules.list_rules(s)
            self.rules = [
                GroupRuleRow(
                    r.id, r.group, f"{r.software} — {r.license}", r.license_id, r.members, r.holders, len(r.refused)
                )
                for r in found
            ]
            self.refusals = [
                RefusedRow(f.name, f.reason, r.group, f"{r.software} — {r.license}") for r in found for f in r.refused
            ]
            self.groups = [Option(str(gid), name) for gid, name in rules.group_options(s)]
            self.licenses = [Option(str(lid), name) for lid, name in rules.license_options(s)]

    def _choice(self) -> tuple[int, int]:
        errors = {}
        if not self.group_id:
            errors["group"] = "Choose a group"
        if not self.license_id:
            errors["license"] = "Choose a license"
        if errors:
            raise ValidationError(errors)
        return _id(self.group_id), _id(self.license_id)

    @rx.event
    @guard(PERMISSION)
    def load(self):
        self.error, self.field_errors, self.loaded = "", {}, True
        self._fetch()

    @rx.event
    @guard(PERMISSION)
    def set_choice(self, field: str, value: str):
        if field in ("group_id", "license_id"):
            setattr(self, field, _text(value, 12))
            self.previewed, self.field_errors = False, {}

    @rx.event
    @guard(PERMISSION)
    def dry_run(self):
        self.field_errors = {}
        try:
            with read_session() as s:
                outcome = rules.dry_run(s, *self._choice())
        except ValidationError as exc:
            self.field_errors = exc.errors
            return
        self.would_assign, self.would_keep = len(outcome.assigned), outcome.already
        self.would_skip = outcome.skipped_offboarded
        self.would_refuse = [RefusedRow(r.name, r.reason) for r in outcome.refused]
        self.previewed = True

    @rx.event
    @guard(PERMISSION)
    def save(self):
        self.field_errors = {}
        try:
            with write_session() as s:
                outcome = rules.create_rule(s, self._actor(), *self._choice())
        except ValidationError as exc:
            self.field_errors = exc.errors
            return None
        self.group_id = self.license_id = ""
        self.previewed, self.would_refuse = False, []
        self._fetch()
        message = f"Rule saved: {len(outcome.assigned)} seats assigned"
        if outcome.refused:
            return rx.toast.warning(f"{message}, {len(outcome.refused)} refused: {outcome.refused[0].reason}")
        return rx.toast.success(message)

    @rx.event
    @guard(PERMISSION, toast=True)
    def delete(self, rule_id: int):
        with write_session() as s:
            rules.delete_rule(s, self._actor(), _id(rule_id))
        self._fetch()
        return rx.toast.success("Rule deleted: the seats it gave stay with their holders")

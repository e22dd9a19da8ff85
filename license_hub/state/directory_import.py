"""The "Import CSV" dialogs of the people and devices pages. A chosen file is
checked at once (a dry run): every bad row is listed by its spreadsheet row number
and nothing is written. A people file also updates the people it matches (by email
or employee id) and can deactivate those it leaves out: the preview counts and
lists new, updated (which fields), unchanged and to-be-deactivated people. Only a
clean file can be imported, in one transaction — never half a file. The file waits
on the server's disk, never in the browser or the tab's state."""

from __future__ import annotations

import asyncio

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core import staging
from license_hub.services.directory import directory_import as di
from license_hub.services.directory import people_sync
from license_hub.state.base import AppState, BadArgument, _choice, _flag, handler
from license_hub.state.uploads import one_file_name, read_limited
from license_hub.state.views.directory import ImportPlanRowView, ImportProblemView

KINDS = ("people", "devices")
MAX_BYTES = 20 * 1024 * 1024
TOO_LARGE = "The file is larger than 20 MB: split it and import each part"
COLUMNS = {"people": ", ".join(people_sync.COLUMNS), "devices": ", ".join(di.DEVICE_COLUMNS)}
PLAN_ROWS = 200  # rows of the preview listed (the counts cover all of them)
FIELD_LABELS = {"employee_id": "employee id", "last sign-in": "last sign-in"}
NOUNS = {"people": ("person", "people"), "devices": ("device", "devices")}


def _count(kind: str, n: int) -> str:
    one, many = NOUNS[kind]
    return f"{n} {one if n == 1 else many}"


class DirectoryImportState(AppState):
    open: bool = False
    kind: str = "people"
    file_name: str = ""
    ready: int = 0  # rows a clean dry run found
    problems: list[ImportProblemView] = []
    summary: str = ""
    busy: bool = False
    error: str = ""
    # People only: update matched people, and optionally deactivate those the file leaves out.
    deactivate_absent: bool = False
    counts: dict[str, int] = {}
    plan_rows: list[ImportPlanRowView] = []
    _staged: str = ""  # backend only: the handle of the checked file, waiting on disk for "Import"

    @rx.var
    def columns(self) -> str:
        return COLUMNS.get(self.kind, "")

    @rx.var
    def import_label(self) -> str:
        return f"Import {_count(self.kind, self.ready)}" if self.ready else "Import"

    def _reset(self) -> None:
        self.file_name, self.ready, self.problems, self.summary, self.error, self.busy = "", 0, [], "", "", False
        self.counts, self.plan_rows = {}, []
        staging.drop(self._staged)
        self._staged = ""

    @handler("license.manage", toast=True)
    def open_for(self, kind: str):
        self.kind = _choice(kind, KINDS, "people")
        self._reset()
        self.deactivate_absent = False
        self.open = True

    @handler("license.manage")
    def close(self):
        """The page (re)mounted: a dialog left open on another visit starts closed."""
        self.open = False
        self._reset()

    @handler("license.manage", toast=True)
    def set_open(self, open: bool):
        self.open = open is True
        if not self.open:
            self._reset()

    def _run(self, data: bytes, dry_run: bool, actor: str) -> di.ImportResult | people_sync.SyncPlan:
        with read_session() if dry_run else write_session() as session:  # a dry run writes nothing
            if self.kind == "people":
                if dry_run:
                    return people_sync.plan(session, data, deactivate_absent=self.deactivate_absent)
                return people_sync.apply(session, actor, data, deactivate_absent=self.deactivate_absent)
            return di.import_devices(session, actor, data, dry_run=dry_run)

    def _show_plan(self, plan: people_sync.SyncPlan) -> None:
        self.counts = {
            "new": len(plan.new),
            "updated": len(plan.updated),
            "unchanged": plan.unchanged,
            "deactivate": len(plan.deactivate),
        }
        listed = [("new", r) for r in plan.new] + [("updated", r) for r in plan.updated]
        listed += [("deactivate", r) for r in plan.deactivate]
        self.plan_rows = [
            ImportPlanRowView(
                row=str(r.row) if r.row else "—",
                action=action,
                name=r.name,
                email=r.email or "—",
                fields=", ".join(FIELD_LABELS.get(f, f) for f in r.changes),
            )
            for action, r in listed[:PLAN_ROWS]
        ]

    @staticmethod
    def _tally(counts: dict[str, int], deactivated: str = "to deactivate") -> str:
        text = f"{counts.get('new', 0)} new, {counts.get('updated', 0)} updated, {counts.get('unchanged', 0)} unchanged"
        return text + (f", {counts['deactivate']} {deactivated}" if counts.get("deactivate") else "")

    def _rejected(self, exc: di.ImportRejected) -> None:
        self.ready = 0
        staging.drop(self._staged)
        self._staged = ""
        self.summary = exc.message
        self.problems = [
            ImportProblemView(row=str(e.row) if e.row else "File", column=e.column or "—", message=e.message)
            for e in exc.row_errors[:200]
        ]

    @handler("license.manage")
    async def upload(self, files: list[rx.UploadFile]):
        """A file was chosen: read it and check every row, writing nothing."""
        self._reset()
        self.file_name = one_file_name(files, "file.csv")
        data = await read_limited(files[0], MAX_BYTES, TOO_LARGE)
        actor = self._actor()
        try:
            result = await asyncio.to_thread(self._run, data, True, actor)
        except di.ImportRejected as exc:
            self._rejected(exc)
            return None
        self.ready, self._staged = result.rows, staging.put(data)
        self._ready_summary(result)
        return None

    def _ready_summary(self, result: di.ImportResult | people_sync.SyncPlan) -> None:
        self.summary = f"{_count(self.kind, result.rows)} ready to import. Nothing is saved until you import."
        if isinstance(result, people_sync.SyncPlan):
            self._show_plan(result)
            self.summary = f"{_count(self.kind, result.rows)} ready to import: {self._tally(self.counts)}. "
            self.summary += "Nothing is saved until you import."

    @handler("license.manage")
    async def set_deactivate_absent(self, value: bool):
        """Deactivate the people the file leaves out, or not: the preview is checked again."""
        self.deactivate_absent = _flag(value)
        data = staging.take(self._staged) if self.ready and self.kind == "people" else None
        if not data:
            return None
        actor = self._actor()
        try:
            result = await asyncio.to_thread(self._run, data, True, actor)
        except di.ImportRejected as exc:
            self._rejected(exc)
            return None
        self._ready_summary(result)
        return None

    @handler("license.manage")
    def start(self):
        self.busy = self.ready > 0

    @handler("license.manage", toast=True)
    async def confirm(self):
        """Import the checked file: every row or none (checked again, in one transaction)."""
        try:
            data = staging.take(self._staged) if self.ready else None
            if not data:
                raise BadArgument("Choose a file and let it be checked first")
            actor = self._actor()
            try:
                result = await asyncio.to_thread(self._run, data, False, actor)
            except di.ImportRejected as exc:  # the directory changed since the check
                self._rejected(exc)
                return None
        finally:
            self.busy = False
        kind = self.kind
        self.open = False
        self._reset()
        if isinstance(result, people_sync.SyncPlan):
            counts = {"new": len(result.new), "updated": len(result.updated), "unchanged": result.unchanged}
            counts["deactivate"] = len(result.deactivate)
            text = f"{_count(kind, result.rows)} imported: {self._tally(counts, 'deactivated')}"
        else:
            text = f"{_count(kind, result.created)} imported"
        return [rx.toast.success(text), self._refresh_event(kind)]

    @staticmethod
    def _refresh_event(kind: str):
        from license_hub.state.devices import DevicesState
        from license_hub.state.people import PeopleState

        return PeopleState.refresh if kind == "people" else DevicesState.refresh

"""The import wizard: upload a CSV, map its columns, see the dry run row by row,
commit all or nothing. The uploaded file waits on the server under the data folder,
keyed by a random id; the tab holds the id and one page of typed dry-run rows,
never the file. The dry run's rows wait beside the file, so paging reads a slice."""

from __future__ import annotations

import asyncio
import json
import secrets as pysecrets
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import reflex as rx

from license_hub import settings as settings_mod
from license_hub.db import read_session, write_session
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.imports import formats as f
from license_hub.services.imports import license_import as li
from license_hub.services.imports.csv_source import MAX_UPLOAD_BYTES, TOO_LARGE, read_csv
from license_hub.state.base import AppState, BadArgument, _page, _plural, guard

PAGE_SIZE = 50
CHUNK = 1024 * 1024
NOT_MAPPED = "—"
UPLOAD_FIRST = "Upload a CSV file first"


@dataclass(frozen=True)
class ImportRowView:
    row: int
    status: str
    license: str
    holder: str
    message: str


@dataclass(frozen=True)
class ColumnView:
    index: int
    header: str
    field: str  # a target field's label, or NOT_MAPPED


def _folder() -> Path:
    path = settings_mod.settings.data_dir / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _upload_path(upload_id: str) -> Path:
    if not (len(upload_id) == 32 and all(c in "0123456789abcdef" for c in upload_id)):
        raise BadArgument(UPLOAD_FIRST)
    return _folder() / f"{upload_id}.csv"


class LicenseImportState(AppState):
    denied: str = ""
    error: str = ""
    step: str = "upload"  # upload → map → review → done
    file_name: str = ""
    format_label: str = ""
    columns: list[ColumnView] = []
    rows: list[ImportRowView] = []
    counts: dict[str, int] = {}
    total_rows: int = 0
    page: int = 1
    busy: bool = False
    progress: int = 0
    summary: str = ""
    _upload_id: str = ""
    _mapping: list[str] = []

    @rx.var
    def field_labels(self) -> list[str]:
        return [NOT_MAPPED] + list(f.FIELD_LABELS.values())

    @rx.var
    def page_count(self) -> int:
        return max((self.total_rows + PAGE_SIZE - 1) // PAGE_SIZE, 1)

    @rx.var
    def error_count(self) -> int:
        return self.counts.get(li.ERROR, 0)

    @rx.var
    def range_label(self) -> str:
        if not self.total_rows:
            return "No rows"
        start = (self.page - 1) * PAGE_SIZE + 1
        return f"{start:,}–{min(start + PAGE_SIZE - 1, self.total_rows):,} of {self.total_rows:,} rows"

    def _forget(self) -> None:
        if self._upload_id:
            for suffix in (".csv", ".json"):
                (_folder() / f"{self._upload_id}{suffix}").unlink(missing_ok=True)
        self._upload_id, self._mapping = "", []
        self.step, self.file_name, self.format_label, self.columns, self.rows = "upload", "", "", [], []
        self.counts, self.total_rows, self.page, self.busy, self.progress = {}, 0, 1, False, 0
        self.summary, self.error = "", ""

    @rx.event
    @guard("license.manage", error="denied")
    def load(self):
        self.denied = ""
        self._forget()

    @rx.event
    @guard("license.manage")
    def start_over(self):
        self._forget()

    @rx.event
    @guard("license.manage")
    async def upload(self, files: list[rx.UploadFile]):
        """Store the file under the data folder (refused past the size limit while it is
        being read, not after), read its header, and map the columns it recognises."""
        self._forget()
        if not isinstance(files, list) or len(files) != 1:
            raise BadArgument("Choose one CSV file")
        upload_id = pysecrets.token_hex(16)
        path = _upload_path(upload_id)
        size = 0
        with path.open("wb") as out:
            while chunk := await files[0].read(CHUNK):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    out.close()
                    path.unlink(missing_ok=True)
                    raise BadArgument(TOO_LARGE)
                out.write(chunk)
        self._upload_id = upload_id
        self.file_name = str(getattr(files[0], "name", "") or getattr(files[0], "filename", "") or "file.csv")[-120:]
        try:
            source = await asyncio.to_thread(read_csv, path.read_bytes())
        except ValidationError:
            self._forget()
            raise
        detected = f.detect(list(source.header))
        self._mapping = [m or "" for m in detected.mapping]
        self.format_label = detected.label
        self.columns = [
            ColumnView(i, h, f.FIELD_LABELS.get(m or "", NOT_MAPPED))
            for i, (h, m) in enumerate(zip(source.header, detected.mapping))
        ]
        self.step = "map"
        if detected.format != f.UNKNOWN:
            return LicenseImportState.check
        return None

    @rx.event
    @guard("license.manage")
    def set_column(self, index: int, label: str):
        """Map one column by hand ("—" leaves it out)."""
        if not self._upload_id:
            raise BadArgument(UPLOAD_FIRST)
        try:
            position = int(index)
        except (TypeError, ValueError):
            raise BadArgument("Choose a column") from None
        if not 0 <= position < len(self._mapping):
            raise BadArgument("Choose a column")
        by_label = {v: k for k, v in f.FIELD_LABELS.items()}
        if label != NOT_MAPPED and label not in by_label:
            raise BadArgument("Choose a field from the list")
        self._mapping[position] = by_label.get(label, "")
        self.columns = [ColumnView(c.index, c.header, label if c.index == position else c.field) for c in self.columns]
        self.format_label, self.error = f.FORMAT_LABELS[f.UNKNOWN], ""
        self.step = "map"

    def _dry_run(self) -> li.ImportReport:
        data = _upload_path(self._upload_id).read_bytes()
        with read_session() as s:
            return li.dry_run(
                s, data, [m or None for m in self._mapping], workspace_currency=settings_mod.settings.workspace_currency
            )

    @rx.event
    @guard("license.manage")
    async def check(self):
        """The dry run: every row's status, nothing written."""
        if not self._upload_id:
            raise BadArgument(UPLOAD_FIRST)
        self.busy, self.error = True, ""
        try:
            report = await asyncio.to_thread(self._dry_run)
        finally:
            self.busy = False
        rows = [asdict(r) for r in report.rows]
        (_folder() / f"{self._upload_id}.json").write_text(json.dumps(rows))
        self.counts = {status: report.count(status) for status in li.STATUSES}
        self.total_rows, self.step = len(rows), "review"
        self._show_page(1, rows)
        if report.errors:
            self.summary = (
                f"{_plural(report.errors, 'row')} in error: nothing can be imported until the file is "
                "fixed. Correct those rows and upload the file again."
            )
        else:
            self.summary = "Every row is ready. Nothing is saved until you import."

    def _show_page(self, page: int, rows: list[dict] | None = None) -> None:
        if rows is None:
            rows = json.loads((_folder() / f"{self._upload_id}.json").read_text())
        self.page = min(page, max((len(rows) + PAGE_SIZE - 1) // PAGE_SIZE, 1))
        start = (self.page - 1) * PAGE_SIZE
        self.rows = [ImportRowView(**r) for r in rows[start : start + PAGE_SIZE]]

    @rx.event
    @guard("license.manage")
    def go_to_page(self, page: int):
        if self.step != "review" or not self._upload_id:
            raise BadArgument(UPLOAD_FIRST)
        self._show_page(_page(page))

    @rx.event(background=True)
    @guard("license.manage", background=True)
    async def commit(self):
        """All or nothing, in one transaction, off the event loop; the bar follows the licenses."""
        async with self:
            if self.step != "review" or not self._upload_id or self.busy:
                raise BadArgument(UPLOAD_FIRST)
            if self.counts.get(li.ERROR, 0):
                raise BadArgument("Fix the rows in error first: nothing is imported while any row has an error")
            self.busy, self.progress, self.error = True, 0, ""
            data = _upload_path(self._upload_id).read_bytes()
            mapping, actor = [m or None for m in self._mapping], self._actor()
        done = {"value": 0}
        lock = threading.Lock()

        def report_progress(n: int, total: int) -> None:
            with lock:
                done["value"] = int(n * 100 / max(total, 1))

        def run() -> li.ImportReport:
            with write_session() as s:
                return li.commit(s, actor, data, mapping, settings_mod.settings.workspace_currency, report_progress)

        task = asyncio.ensure_future(asyncio.to_thread(run))
        while not task.done():
            await asyncio.sleep(0.25)
            async with self:
                self.progress = done["value"]
        try:
            report = task.result()
        except li.ImportBlocked as exc:
            async with self:
                self.busy, self.error = False, exc.message
            return None
        except DomainError as exc:
            async with self:
                self.busy, self.error = False, exc.message
            return None
        async with self:
            self._forget()
            self.step, self.progress = "done", 100
            self.summary = (
                f"{_plural(report.licenses_created, 'license')} created, "
                f"{_plural(report.licenses_updated, 'license')} updated, "
                f"{_plural(report.seats_assigned, 'seat')} assigned, "
                f"{report.people_created} {'person' if report.people_created == 1 else 'people'}"
                f" added to the directory."
            )
            summary = self.summary
        return rx.toast.success(f"Import complete: {summary}")

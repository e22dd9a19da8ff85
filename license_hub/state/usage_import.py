"""The "Import usage" dialog of the reconciliation page: a vendor console's CSV
(email, product, last active) moves seats' last use and people's last sign-in
forward. The file is read once, up to its size limit, and never kept: the tab holds
only the typed outcome — the counts, or every bad row with its line number."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from license_hub.db import write_session
from license_hub.services.reports import usage_import
from license_hub.state.base import AppState, BadArgument, handler
from license_hub.state.uploads import one_file_name, read_limited

MAX_BYTES = 5 * 1024 * 1024
TOO_LARGE = "The file is larger than 5 MB: split it and import each part"
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class UsageProblem:
    row: int
    message: str


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


class UsageImportState(AppState):
    open: bool = False
    file_name: str = ""
    summary: str = ""
    problems: list[UsageProblem] = []
    error: str = ""

    def _reset(self) -> None:
        self.file_name, self.summary, self.problems, self.error = "", "", [], ""

    @handler("license.assign", toast=True)
    def set_open(self, open: bool):
        self.open = open is True
        self._reset()

    @handler("license.assign")
    def close(self):
        """The page (re)mounted: a dialog left open on another visit starts closed."""
        self.open = False
        self._reset()

    @staticmethod
    def _run(data: bytes, actor: str) -> usage_import.ImportResult:
        with write_session() as session:  # every row or none
            return usage_import.import_usage(session, actor, data)

    @handler("license.assign")
    async def upload(self, files: list[rx.UploadFile]):
        """A file was chosen: import it at once, or list every bad row and change nothing."""
        self._reset()
        self.file_name = one_file_name(files, "usage.csv")
        data = await read_limited(files[0], MAX_BYTES, TOO_LARGE)
        try:
            result = await asyncio.to_thread(self._run, data, self._actor())
        except usage_import.UsageImportError as exc:
            self.summary = exc.message
            self.problems = [UsageProblem(e.row, e.message) for e in exc.errors[:MAX_PROBLEMS]]
            return None
        except UnicodeDecodeError:
            raise BadArgument("The file is not UTF-8 text") from None
        self.open = False
        self._reset()
        from license_hub.state.reconciliation import ReconciliationState

        message = (
            f"{_plural(result.rows, 'row', 'rows')} imported: {_plural(result.seats_updated, 'seat', 'seats')}"
            f" updated, {result.unchanged:,} already as recent"
        )
        return [rx.toast.success(message), ReconciliationState.load]

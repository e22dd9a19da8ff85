"""What an import says about each row, and the refusal that carries it."""

from __future__ import annotations

from dataclasses import dataclass

from license_hub.services.core.errors import DomainError

CREATED, UPDATED, ASSIGNED, UNCHANGED, ERROR = "created", "updated", "assigned", "unchanged", "error"
STATUSES = (CREATED, UPDATED, ASSIGNED, UNCHANGED, ERROR)


@dataclass(frozen=True)
class RowResult:
    row: int  # the spreadsheet row: the header is row 1
    status: str
    license: str
    holder: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    format: str
    rows: tuple[RowResult, ...]
    licenses_created: int = 0
    licenses_updated: int = 0
    seats_assigned: int = 0
    people_created: int = 0
    committed: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.status == ERROR)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


class ImportBlocked(DomainError):
    """Nothing was imported: `report` has the rows in error."""

    def __init__(self, report: ImportReport):
        n = report.errors
        super().__init__(
            f"Nothing was imported: {n} row{'s' if n != 1 else ''} "
            f"{'have' if n != 1 else 'has'} an error. Fix the file and try again."
        )
        self.report = report

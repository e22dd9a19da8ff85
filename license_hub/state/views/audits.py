"""What the usage audit panel of a license page shows: the audit under way, past
audits and the license's compliance status."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UsageAuditView:
    """A past or completed usage audit."""

    id: int
    status: str
    status_label: str
    before: int
    after: str
    delta: str
    delta_color: str
    notes: str
    started: str
    started_by: str
    completed: str
    completed_by: str
    next_audit: str


@dataclass(frozen=True)
class AuditUnderWayView:
    """The audit in progress; `running` is False when there is none."""

    running: bool = False
    started: str = ""
    started_by: str = ""
    before: int = 0


@dataclass(frozen=True)
class ComplianceView:
    """A license's compliance status; empty status until it is known."""

    status: str = ""
    computed: str = ""
    override: str = ""
    color: str = "gray"
    consumed: int = 0


@dataclass(frozen=True)
class HolderChoiceView:
    """A seat holder offered for reclaiming when the count is below the seats assigned."""

    id: str
    name: str

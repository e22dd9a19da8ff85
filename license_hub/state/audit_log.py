"""The audit log page: filters in the query string, a page of events at a time,
the chain check, and export links that carry the same filters.

Also how an event reads anywhere it is shown (this page and a license's
Activity tab): a coloured action, a named object with a link where one exists,
and the diff as "field: before → after" lines — never a key, only "changed"."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.access import user_admin
from license_hub.services.audit import audit_log, audit_query
from license_hub.state.base import LIST_VIEW, SIGNED_IN, AppState, _id, _text, handler
from license_hub.state.listing import ListSpec, PagedListState
from license_hub.state.views.audit import EventView
from license_hub.state.views.formatting import stamp

PAGE_SIZE = 50
MAX_LINES = 6
# Query-string names, the same the export route reads.
FILTERS = ("actor", "action", "object_type", "object_id", "since", "until", "q")
PAIR_ACTIONS = frozenset({"update", "role_change"})
SECRET_MARKERS = frozenset({"<secret>", "<redacted>", "<changed>", "<cleared>"})
ACTION_COLORS = {
    "create": "green",
    "update": "blue",
    "archive": "red",
    "restore": "green",
    "assign": "teal",
    "reclaim": "orange",
    "reveal_key": "amber",
    "reveal_keys": "amber",
    "role_change": "violet",
    "deactivate": "red",
    "activate": "green",
    "sign_in_failed": "red",
    "export": "cyan",
    "offboard": "orange",
    "bulk_assign": "teal",
    "bulk_reclaim": "orange",
    "rotate_keys": "amber",
    "compliance_override": "amber",
}
OBJECT_LABELS = {
    "license": "License",
    "assignment": "Seat",
    "user": "User",
    "person": "Person",
    "device": "Device",
    "catalog_entry": "Product",
    "role": "Role",
    "installation": "Installation",
    "workspace": "Workspace",
}


when = stamp  # how the audit log reads a stored UTC time


def action_label(action: str) -> str:
    return action.replace("_", " ").capitalize()


def _label(key: str) -> str:
    key = key.removesuffix("_cipher")
    if key.endswith("_id"):
        key = key[:-3]
    return key.replace("_", " ").capitalize()


def _fmt(value: Any, key: str = "") -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key.endswith("_id") and isinstance(value, int):
        return f"#{value}"
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, separators=(", ", ": "))
    else:
        text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _secret(key: str, value: Any) -> str:
    """How a redacted value reads ("set", "changed", "cleared"), or "" if it is no secret."""
    values = value if isinstance(value, list) else [value]
    markers = [v for v in values if isinstance(v, str) and v in SECRET_MARKERS]
    if not markers and not key.endswith("_cipher"):
        return ""
    if "<cleared>" in markers:
        return "cleared"
    return "set" if not isinstance(value, list) and value == "<changed>" else "changed"


def diff_lines(action: str, raw: str, hide: tuple[str, ...] = ()) -> list[str]:
    """An event's diff as readable lines: before → after for changes, the values
    for everything else; secrets only ever say "changed"."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return [_fmt(raw)]
    if not isinstance(data, dict):
        return [_fmt(data)]
    lines = []
    for key, value in data.items():
        if hide and key in hide:
            continue
        secret = _secret(key, value)
        if secret:
            lines.append(f"{_label(key)}: {secret}")
        elif action in PAIR_ACTIONS and isinstance(value, list) and len(value) == 2:
            lines.append(f"{_label(key)}: {_fmt(value[0], key)} → {_fmt(value[1], key)}")
        elif value not in (None, "", [], {}):
            lines.append(f"{_label(key)}: {_fmt(value, key)}")
    return lines


def _license_of(raw: str) -> int | None:
    try:
        value = json.loads(raw or "{}").get("license_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def event_view(e: audit_query.EventRow, name: str = "", subject: str = "", hide: tuple[str, ...] = ()) -> EventView:
    """One event as plain values for the browser; `subject` is who held a seat, and
    `hide` drops diff fields the context already says (a license page's own id)."""
    lines = diff_lines(e.action, e.diff, hide)
    kind = OBJECT_LABELS.get(e.object_type, _label(e.object_type or "event"))
    if e.object_id is None:
        target = kind
    else:
        target = f"{kind} · {name}" if name else f"{kind} #{e.object_id}"
    href = ""
    if e.object_type == "license" and e.object_id:
        href = f"/licenses/{e.object_id}"
    elif e.object_type == "catalog_entry" and e.object_id:
        href = f"/catalog/{e.object_id}"
    elif e.object_type == "assignment" and _license_of(e.diff):
        href = f"/licenses/{_license_of(e.diff)}"
    return EventView(
        seq=e.seq,
        time=when(e.occurred_at),
        actor=e.actor,
        action=e.action,
        action_label=action_label(e.action),
        color=ACTION_COLORS.get(e.action, "gray"),
        object=target,
        href=href,
        subject=subject,
        lines=lines[:MAX_LINES],
        more=f"+{len(lines) - MAX_LINES} more" if len(lines) > MAX_LINES else "",
    )


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat() if value else ""
    except ValueError:
        return ""


def _verify(whole: bool = False) -> audit_log.ChainReport:
    """From the stored checkpoint (read only), then a short write moves it forward;
    `whole` walks every event from the first, for rows edited behind the checkpoint."""
    with read_session() as session:
        report = audit_log.verify(session) if whole else audit_log.verify_from_checkpoint(session)
    if report.ok:
        with write_session() as session:
            audit_log.save_checkpoint(session, report)
    return report


class AuditLogState(PagedListState, AppState):
    _list: ClassVar[ListSpec] = ListSpec(
        path="/audit-log", page_size=PAGE_SIZE, empty_label="No events", unit="event", view_permission="audits"
    )

    rows: list[EventView] = []
    filters: dict[str, str] = {k: "" for k in FILTERS}
    action_options: list[list[str]] = []
    type_options: list[list[str]] = []
    actor_options: list[str] = []
    chain_status: str = ""  # "" until the first check ends, then "ok" or "broken"
    chain_text: str = ""
    chain_checking: bool = False  # a re-check runs; the banner keeps the last result meanwhile
    chain_whole: bool = False  # the last check walked every event, not only those since the checkpoint
    bad_seq: int = 0  # the first event the chain check refused, highlighted in the table
    denied: str = ""

    @rx.var
    def filtered(self) -> bool:
        return any(self.filters.values())

    @rx.var
    def export_query(self) -> str:
        query = urlencode({k: v for k, v in self.filters.items() if v})
        return f"?{query}" if query else ""

    def _filter(self) -> audit_query.EventFilter:
        f = self.filters
        return audit_query.EventFilter(
            actor=f["actor"],
            action=f["action"],
            object_type=f["object_type"],
            object_id=int(f["object_id"]) if f["object_id"] else None,
            since=date.fromisoformat(f["since"]) if f["since"] else None,
            until=date.fromisoformat(f["until"]) if f["until"] else None,
            search=f["q"],
        )

    def _read_filters(self) -> None:
        raw_id = self._query("object_id", 20)
        self.filters = {
            "actor": _text(self._query("actor"), 200),
            "action": _text(self._query("action"), 40),
            "object_type": _text(self._query("object_type"), 40),
            "object_id": str(_id(raw_id)) if raw_id.isdigit() and int(raw_id) > 0 else "",
            "since": _day(self._query("since", 10)),
            "until": _day(self._query("until", 10)),
            "q": _text(self._query("q"), 200),
        }
        self.search = self.filters["q"]

    def _filter_params(self) -> dict[str, Any]:
        return {k: v for k, v in self.filters.items() if k != "q"}

    @handler(SIGNED_IN, error="denied")
    def load(self):
        """on_load. Clears what an earlier visitor of this tab saw, requires
        "audits" (a refusal is the page's `denied` message), then reads the
        filters from the query string and fetches one page."""
        self.rows, self.total, self.loaded, self.denied, self.error = [], 0, False, "", ""
        self.chain_checking = True
        self._require("audits")
        self._read_query()
        self._fetch()

    def _fetch_rows(self, offset: int, limit: int) -> int:
        with read_session() as session:
            rows, total = audit_query.list_events(session, self._filter(), offset, limit)
            names = user_admin.object_names(
                session, {(r.object_type, r.object_id) for r in rows if r.object_id is not None}
            )
            actions = audit_query.actions(session)
            types = user_admin.object_types(session)
            self.actor_options = user_admin.actors(session)
        self.rows = [event_view(r, names.get((r.object_type, r.object_id), "")) for r in rows]
        self.action_options = [[a, action_label(a)] for a in actions]
        self.type_options = [[t, OBJECT_LABELS.get(t, _label(t))] for t in types]
        return total

    @handler("audits", error="denied", background=True)
    async def verify_chain(self):
        """on_load, after `load`: check the events since the last verified
        checkpoint in a thread, without holding the page's state meanwhile."""
        await self._check_chain(whole=False)

    @handler("audits", error="denied", background=True)
    async def verify_whole_chain(self):
        """Every event from the first: a visit only checks what is new since the
        checkpoint, so an old row edited in the database shows up here."""
        async with self:
            if self.chain_checking:
                return
            self.chain_checking = True
        await self._check_chain(whole=True)

    async def _check_chain(self, whole: bool) -> None:
        report = await asyncio.to_thread(_verify, whole)
        async with self:
            self.chain_checking = False
            self.chain_whole = whole
            if report.ok:
                self.chain_status, self.bad_seq = "ok", 0
                head = f", head {report.head_hash[:12]}…" if report.head_hash else ""
                scope = "all " if whole else ""
                self.chain_text = f"Chain verified: {scope}{report.checked} events{head}"
            else:
                self.chain_status, self.bad_seq = "broken", report.first_bad_seq or 0
                self.chain_text = (
                    f"Chain check failed: {report.problem}. Events from #{report.first_bad_seq} on cannot be trusted."
                )

    @handler(LIST_VIEW)
    def set_filter(self, name: str, value: str):
        if name not in FILTERS:
            return
        text = _text(value, 200)
        if name == "object_id":
            text = str(_id(text)) if text.isdigit() and int(text) > 0 else ""
        elif name == "action":
            text = text if text in {a for a, _ in self.action_options} else ""
        elif name == "object_type":
            text = text if text in {t for t, _ in self.type_options} else ""
        elif name in ("since", "until"):
            text = _day(text[:10])
        return self._navigate(**{name: text})

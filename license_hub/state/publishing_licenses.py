"""/publishing/licenses — the licenses we issued: search, status and policy filters,
"expiring soon", 50 a page in SQL, the query string as the source of truth; and
issuing a new one (to an existing or a new customer), which opens its page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.models.types import utcnow
from license_hub.services.core.errors import ValidationError
from license_hub.services.publishing import issuing, listing, policies
from license_hub.state.base import AppState, _choice, _flag, _id, _page, _text, guard
from license_hub.state.publishing_products import Choice

PAGE_SIZE = 50
ALL = "__all__"


@dataclass(frozen=True)
class LicenseView:
    id: int
    href: str
    customer: str
    product: str
    policy: str
    model: str
    status: str
    key: str
    issued: str
    expires: str
    machines: str


def when(moment: datetime | None) -> str:
    return moment.strftime("%d %b %Y") if moment else "Never"


def license_view(r: listing.LicenseRow) -> LicenseView:
    limit = "∞" if r.max_machines is None else str(r.max_machines)
    return LicenseView(
        r.id,
        f"/publishing/licenses/{r.id}",
        r.customer,
        r.product,
        r.policy,
        policies.LICENSE_MODELS.get(r.license_model, r.license_model),
        r.status,
        r.key_masked,
        when(r.issued_at),
        when(r.expires_at),
        f"{r.machines} / {limit}",
    )


class PublishingLicensesState(AppState):
    rows: list[LicenseView] = []
    total: int = 0
    page: int = 1
    search: str = ""
    status: str = ""
    policy: str = ""
    soon: bool = False
    policy_options: list[Choice] = []
    customer_options: list[Choice] = []
    error: str = ""
    loaded: bool = False
    issue_open: bool = False
    issue_errors: dict[str, str] = {}
    issue_policy: str = ""
    issue_customer: str = "new"

    @rx.event
    @guard("publishing")
    def set_issue_policy(self, value: str):
        """A controlled select: an unnamed Radix select never reaches the form's data."""
        self.issue_policy = str(_id(value))
        self.issue_errors = {k: v for k, v in self.issue_errors.items() if k != "policy_id"}

    @rx.event
    @guard("publishing")
    def set_issue_customer(self, value: str):
        self.issue_customer = "new" if value == "new" else str(_id(value))

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def range_label(self) -> str:
        if not self.total:
            return "No licenses"
        first = (self.page - 1) * PAGE_SIZE + 1
        return f"{first}–{min(self.page * PAGE_SIZE, self.total)} of {self.total}"

    @rx.var
    def status_value(self) -> str:
        return self.status or ALL

    @rx.var
    def policy_value(self) -> str:
        return self.policy or ALL

    @rx.var
    def filtered(self) -> bool:
        return bool(self.search or self.status or self.policy or self.soon)

    def _url(self, **changes) -> str:
        params = {
            "q": self.search,
            "status": self.status,
            "policy": self.policy,
            "soon": "1" if self.soon else "",
            "page": self.page,
            **changes,
        }
        if params.get("page") == 1:
            params["page"] = ""
        query = urlencode({k: v for k, v in params.items() if v not in ("", None, 0)})
        return "/publishing/licenses" + (f"?{query}" if query else "")

    @rx.event
    @guard("publishing")
    def load(self):
        self.loaded, self.error = True, ""
        self.search = _text(self._query("q"), 100)
        self.status = _choice(self._query("status", 20), listing.STATUSES)
        policy = self._query("policy", 10)
        self.policy = policy if policy.isdigit() else ""
        self.soon = _flag(self._query("soon", 2))
        self.page = _page(self._query("page"))
        self._fetch()

    def _fetch(self) -> None:
        with read_session() as s:
            rows, self.total = listing.search_licenses(
                s,
                search=self.search,
                status=self.status,
                policy_id=int(self.policy) if self.policy else None,
                expiring_soon=self.soon,
                offset=(self.page - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
                now=utcnow(),
            )
            self.policy_options = [Choice(str(i), label) for i, label in listing.policy_choices(s)]
            self.customer_options = [Choice(str(i), n) for i, n in listing.customer_choices(s)]
        self.rows = [license_view(r) for r in rows]

    @rx.event
    @guard("publishing")
    def set_search(self, value: str):
        self.search = _text(value, 100)
        return rx.redirect(self._url(q=self.search, page=1), replace=True)

    @rx.event
    @guard("publishing")
    def set_status(self, value: str):
        status = "" if value == ALL else _choice(value, listing.STATUSES)
        return rx.redirect(self._url(status=status, page=1), replace=True)

    @rx.event
    @guard("publishing")
    def set_policy(self, value: str):
        policy = "" if value == ALL else str(_id(value))
        return rx.redirect(self._url(policy=policy, page=1), replace=True)

    @rx.event
    @guard("publishing")
    def set_soon(self, value: bool):
        return rx.redirect(self._url(soon="1" if _flag(value) else "", page=1), replace=True)

    @rx.event
    @guard("publishing")
    def clear_filters(self):
        return rx.redirect("/publishing/licenses", replace=True)

    @rx.event
    @guard("publishing")
    def go_page(self, page: int):
        return rx.redirect(self._url(page=min(_page(page), self.page_count)))

    @rx.event
    @guard("publishing")
    def set_issue_open(self, value: bool):
        self.issue_open, self.issue_errors = bool(value), {}

    @rx.event
    @guard("publishing", toast=True)
    def issue(self, form: dict):
        """Issue under a policy to an existing customer or a new one; the key is shown on
        the license's page behind Reveal (audited), never sent here."""
        form = form if isinstance(form, dict) else {}
        form = {**form, "policy_id": self.issue_policy, "customer_id": self.issue_customer}
        customer = _text(form.get("customer_id"), 20)
        if not _text(form.get("policy_id"), 20).isdigit():
            self.issue_errors = {"policy_id": "Choose a policy"}
            return None
        try:
            with write_session() as s:
                if customer in ("", "new"):
                    customer_id = issuing.create_customer(
                        s,
                        self._actor(),
                        _text(form.get("kind"), 20) or "person",
                        _text(form.get("name")),
                        _text(form.get("email"), 254),
                    ).id
                else:
                    customer_id = _id(customer)
                issued = issuing.issue(
                    s, self._actor(), _id(form.get("policy_id")), customer_id, _text(form.get("entitlements"), 400)
                )
        except ValidationError as exc:
            self.issue_errors = exc.errors
            return None
        self.issue_open = False
        return [rx.redirect(f"/publishing/licenses/{issued.license_id}"), rx.toast.success("License issued")]


# The filters' and issue form's choices, for the page (pages reach services through state).
CUSTOMER_KINDS = issuing.CUSTOMER_KINDS
STATUSES = listing.STATUSES
EXPIRING_DAYS = listing.EXPIRING_DAYS

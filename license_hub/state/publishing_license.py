"""/publishing/licenses/[license_id] — one issued license: its masked key (revealed to
key.reveal, audited, never kept in state), machines, validation history, and the
actions behind confirmations: suspend, reinstate, renew, revoke, deactivate a
machine, move to another policy with the prorated credit shown first."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.models import PublishedLicense, PublishingPolicy
from license_hub.models.types import utcnow
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.publishing import issuing, listing, machines, proration, validation
from license_hub.state.base import AppState, BadArgument, _flag, _id, _text, guard
from license_hub.state.key_reveal import reveal_script
from license_hub.state.publishing_licenses import LicenseView, license_view
from license_hub.state.publishing_products import Choice

KEY_BOX = "lh-reveal-published-key"
NO_LICENSE = LicenseView(0, "", "", "", "", "", "", "", "", "", "")


@dataclass(frozen=True)
class MachineView:
    id: int
    fingerprint: str
    name: str
    platform: str
    activated: str
    last_seen: str
    state: str


@dataclass(frozen=True)
class CheckView:
    id: int
    at: str
    code: str
    valid: bool
    fingerprint: str
    version: str


def _stamp(moment) -> str:
    return moment.strftime("%d %b %Y %H:%M") if moment else "—"


class PublishingLicenseState(AppState):
    lic: LicenseView = NO_LICENSE
    entitlements: str = ""
    own_entitlements: str = ""
    entitlements_error: str = ""
    maintenance: str = ""
    machines: list[MachineView] = []
    checks: list[CheckView] = []
    other_policies: list[Choice] = []
    target_policy: str = ""
    reset_expiry: bool = True
    proration_text: str = ""
    not_found: str = ""
    error: str = ""

    def _license_id(self) -> int:
        return _id(self._route_arg("license_id"))

    @rx.event
    @guard("publishing")
    def load(self):
        self.error, self.not_found, self.target_policy, self.proration_text = "", "", "", ""
        try:
            license_id = self._license_id()
        except BadArgument:
            self.lic, self.not_found = NO_LICENSE, "This license does not exist"
            return
        self._fetch(license_id)

    def _fetch(self, license_id: int) -> None:
        now = utcnow()
        with read_session() as s:
            row = listing.license_row(s, license_id, now)
            if row is None:
                self.lic, self.not_found = NO_LICENSE, "This license does not exist"
                return
            lic = s.get(PublishedLicense, license_id)
            policy = s.get(PublishingPolicy, lic.policy_id)
            self.entitlements = " ".join(issuing.entitlements_of(policy, lic)) or "None"
            self.own_entitlements, self.entitlements_error = lic.entitlements, ""
            self.maintenance = lic.maintenance_until.strftime("%d %b %Y") if lic.maintenance_until else "—"
            self.machines = [
                MachineView(
                    m.id,
                    m.fingerprint,
                    m.name or "—",
                    m.platform or "—",
                    _stamp(m.activated_at),
                    _stamp(m.last_heartbeat_at),
                    "Dead"
                    if machines.is_dead(m, policy, now)
                    else ("Active" if m.deactivated_at is None else f"Released ({m.deactivated_reason})"),
                )
                for m in machines.machines_of(s, license_id)
            ]
            self.checks = [
                CheckView(e.id, _stamp(e.occurred_at), e.code, e.valid, e.fingerprint or "—", e.version or "—")
                for e in validation.history(s, license_id)
            ]
            self.other_policies = [Choice(str(p.id), p.name) for p in listing.sibling_policies(s, license_id)]
        self.lic = license_view(row)

    def _act(self, action, message: str):
        license_id = self._license_id()
        with write_session() as s:
            action(s, license_id)
        self._fetch(license_id)
        return rx.toast.success(message)

    @rx.event
    @guard("publishing", toast=True)
    def suspend(self):
        return self._act(lambda s, lid: issuing.suspend(s, self._actor(), lid), "License suspended")

    @rx.event
    @guard("publishing", toast=True)
    def reinstate(self):
        return self._act(lambda s, lid: issuing.reinstate(s, self._actor(), lid), "License reinstated")

    @rx.event
    @guard("publishing", toast=True)
    def revoke(self):
        return self._act(lambda s, lid: issuing.revoke(s, self._actor(), lid), "License revoked")

    @rx.event
    @guard("publishing", toast=True)
    def renew(self, from_now: bool):
        flag = _flag(from_now)
        return self._act(lambda s, lid: issuing.renew(s, self._actor(), lid, from_now=flag), "License renewed")

    @rx.event
    @guard("publishing", toast=True)
    def deactivate(self, fingerprint: str):
        fp = machines.check_fingerprint(str(fingerprint)[:128])
        return self._act(lambda s, lid: machines.deactivate(s, self._actor(), lid, fp), "Machine deactivated")

    @rx.event
    @guard("publishing", toast=True)
    def choose_policy(self, policy_id: str):
        target = _id(policy_id)
        if str(target) not in {c.value for c in self.other_policies}:
            raise BadArgument("Choose a policy of the same product")
        self.target_policy = str(target)
        with read_session() as s:
            lic = s.get(PublishedLicense, self._license_id())
            try:
                p = proration.prorate(
                    lic, s.get(PublishingPolicy, lic.policy_id), s.get(PublishingPolicy, target), utcnow()
                )
            except DomainError as exc:
                self.proration_text = exc.message
                return
        verb = "The customer pays" if p.net >= 0 else "The customer is credited"
        self.proration_text = (
            f"{p.days_left} of {p.term_days} days left: credit {p.credit} {p.currency}, "
            f"new charge {p.charge} {p.currency}. {verb} {abs(p.net)} {p.currency}."
        )

    @rx.event
    @guard("publishing")
    def set_reset_expiry(self, value: bool):
        self.reset_expiry = _flag(value)

    @rx.event
    @guard("publishing", toast=True)
    def change_policy(self):
        target, reset = _id(self.target_policy), self.reset_expiry
        result = self._act(lambda s, lid: issuing.change_policy(s, self._actor(), lid, target, reset), "Policy changed")
        self.target_policy, self.proration_text = "", ""
        return result

    @rx.event
    @guard("publishing", toast=True)
    def save_entitlements(self, form: dict):
        """The license's own feature codes; they take effect at the next validation."""
        text = _text(form.get("entitlements") if isinstance(form, dict) else "", 400)
        try:
            return self._act(lambda s, lid: issuing.set_entitlements(s, self._actor(), lid, text), "Entitlements saved")
        except ValidationError as exc:
            self.entitlements_error = exc.errors.get("entitlements", exc.message)
            return None

    @rx.event
    @guard("key.reveal", toast=True)
    def reveal_key(self):
        self._require("publishing")
        with write_session() as s:
            key = issuing.reveal_key(s, self._actor(), self._license_id())
        return rx.call_script(reveal_script(KEY_BOX, key))

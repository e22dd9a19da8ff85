"""One notion of perpetual. A license is perpetual when its License Type is
Perpetual or its Perpetual flag is set; the form, the import and the API keep the
two in step, and reminders, renewals, filters and expiry status ask only here.

A perpetual license owes no expiry reminder and is never Expired by date, even
when an old row still carries an expiry date."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_

from license_hub.models import License
from license_hub.models.enums import LicenseType

PERPETUAL_TYPE = LicenseType.PERPETUAL.value
# Types that always run out: turning Perpetual on moves them to type Perpetual,
# and choosing one of them turns Perpetual off. Other types (OEM, Volume…) may be either.
TERM_TYPES = frozenset({LicenseType.SUBSCRIPTION.value, LicenseType.TERM.value, LicenseType.TRIAL.value})
FLAG_CONFLICT = "A {type} license runs out: choose type Perpetual or turn Perpetual off"


def is_perpetual(lic: Any) -> bool:
    """The rule, for a License row or anything with the same two attributes."""
    return bool(getattr(lic, "perpetual", False)) or getattr(lic, "license_type", "") == PERPETUAL_TYPE


def clause():
    """The same rule in SQL, for filters and reports."""
    return or_(License.perpetual.is_(True), License.license_type == PERPETUAL_TYPE)


def not_perpetual():
    return ~clause()


def in_step(license_type: str, perpetual: bool, changed: str) -> tuple[str, bool]:
    """The pair after the user changed one of them (`changed` is "license_type" or
    "perpetual"): choosing type Perpetual sets the flag, a term type clears it;
    setting the flag turns a term type into Perpetual, clearing it turns Perpetual
    into Subscription."""
    if changed == "license_type":
        if license_type == PERPETUAL_TYPE:
            return license_type, True
        if license_type in TERM_TYPES:
            return license_type, False
        return license_type, perpetual
    if perpetual and license_type in TERM_TYPES:
        return PERPETUAL_TYPE, True
    if not perpetual and license_type == PERPETUAL_TYPE:
        return LicenseType.SUBSCRIPTION.value, False
    return license_type, perpetual


def reconcile(out: dict[str, Any], merged: dict[str, Any], errors: dict[str, str]) -> None:
    """Bring a cleaned form/import/API payload in step. When only one of the pair was
    sent the other follows it; type Perpetual always sets the flag; the flag beside a
    term type (Subscription, Term, Trial) is a contradiction and gets a field message."""
    if "license_type" in errors or "perpetual" in errors:
        return
    sent_type, sent_flag = "license_type" in out, "perpetual" in out
    kind, flag = merged.get("license_type") or "", bool(merged.get("perpetual"))
    if sent_type and sent_flag and flag and kind in TERM_TYPES:
        errors["license_type"] = FLAG_CONFLICT.format(type=kind)
        return
    if sent_type and sent_flag:
        flag = flag or kind == PERPETUAL_TYPE  # a blank flag beside type Perpetual is no contradiction
    elif sent_type:
        kind, flag = in_step(kind, flag, "license_type")
    elif sent_flag:
        kind, flag = in_step(kind, flag, "perpetual")
    elif kind == PERPETUAL_TYPE:
        flag = True  # a row saved before the two were folded together
    for key, value in (("license_type", kind), ("perpetual", flag)):
        if merged.get(key) != value:
            out[key] = merged[key] = value

"""Display words for the stored vocabularies, shared by forms, cards and filters."""

from __future__ import annotations

from license_hub.models.enums import (
    AllocationRule,
    BillingCycle,
    ComplianceStatus,
    DeploymentModel,
    LicenseStatus,
    LicenseType,
    Scope,
    SeatType,
)
from license_hub.services.licenses.license_list import SAVED_FILTERS

STATUS_LABELS = {
    "active": "Active",
    "pending_renewal": "Pending renewal",
    "trial": "Trial",
    "expired": "Expired",
    "cancelled": "Cancelled",
}
BILLING_LABELS = {
    "monthly": "Monthly",
    "quarterly": "Quarterly",
    "annual": "Annual",
    "biennial": "Biennial",
    "one_time": "One-time",
    "custom": "Custom",
}
SEAT_TYPE_LABELS = {"user": "User", "device": "Device", "concurrent": "Concurrent", "unlimited": "Unlimited"}

STATUSES = [s.value for s in LicenseStatus]
DEPLOYMENT_MODELS = [d.value for d in DeploymentModel]
LICENSE_TYPES = [t.value for t in LicenseType]
STATUS_OPTIONS = [[s, STATUS_LABELS[s]] for s in STATUSES]
SEAT_TYPE_OPTIONS = [[s.value, SEAT_TYPE_LABELS[s.value]] for s in SeatType]
BILLING_OPTIONS = [[b.value, BILLING_LABELS[b.value]] for b in BillingCycle]
# Seed 003's saved filters: key -> label ("Renewing soon", "Expired", ...).
SAVED_FILTER_LABELS = dict(SAVED_FILTERS)
ALLOCATION_LABELS = {
    "user-based": "User-based",
    "device-based": "Device-based",
    "concurrent": "Concurrent",
    "floating": "Floating",
    "site": "Site",
}
ALLOCATION_OPTIONS = [[a.value, ALLOCATION_LABELS[a.value]] for a in AllocationRule]
# "none" and "auto" stand for "not set" in selects (the form maps them back to blank).
SCOPE_OPTIONS = [["none", "Not set"]] + [[s.value, s.value] for s in Scope]
COMPLIANCE_OPTIONS = [["auto", "Computed automatically"]] + [[c.value, c.value] for c in ComplianceStatus]

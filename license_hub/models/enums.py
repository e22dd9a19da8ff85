"""The vocabularies of the seeds, kept as plain strings in the database so a new
value is a code change, not a schema migration."""

from __future__ import annotations

from enum import StrEnum


class DeploymentModel(StrEnum):
    CLOUD = "Cloud"
    ON_PREMISE = "On-Premise"
    HYBRID = "Hybrid"


class LicenseType(StrEnum):
    PERPETUAL = "Perpetual"
    SUBSCRIPTION = "Subscription"
    TERM = "Term"
    TRIAL = "Trial"
    NFR = "NFR"
    EDUCATIONAL = "Educational"
    OEM = "OEM"
    VOLUME = "Volume License"
    OPEN_MOLP = "Open/MOLP"
    FLOATING = "Floating"
    NODE_LOCKED = "Node-Locked"
    SITE = "Site License"


class LicenseStatus(StrEnum):
    ACTIVE = "active"
    PENDING_RENEWAL = "pending_renewal"
    TRIAL = "trial"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class SeatType(StrEnum):
    USER = "user"
    DEVICE = "device"
    CONCURRENT = "concurrent"
    UNLIMITED = "unlimited"


class BillingCycle(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    BIENNIAL = "biennial"
    ONE_TIME = "one_time"
    CUSTOM = "custom"


class Scope(StrEnum):
    ENTERPRISE = "Enterprise"
    SITE = "Site"
    DEPARTMENT = "Department"
    PROJECT = "Project"
    INDIVIDUAL = "Individual"


class AllocationRule(StrEnum):
    USER_BASED = "user-based"
    DEVICE_BASED = "device-based"
    CONCURRENT = "concurrent"
    FLOATING = "floating"
    SITE = "site"


class ComplianceStatus(StrEnum):
    COMPLIANT = "Compliant"
    OVER_DEPLOYED = "Over-deployed"
    UNDER_UTILIZED = "Under-utilized"
    REVIEW_REQUIRED = "Review Required"


class PersonStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    OFFBOARDED = "offboarded"


class ReminderKind(StrEnum):
    EXPIRY = "expiry"
    MAINTENANCE_EXPIRY = "maintenance_expiry"
    RENEWAL_NOTICE = "renewal_notice"
    CANCELLATION_DEADLINE = "cancellation_deadline"
    AUDIT_DUE = "audit_due"
    CAPACITY = "capacity"


class UsageAuditStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class SecurityGrade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

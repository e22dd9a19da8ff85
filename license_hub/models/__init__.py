"""All tables, imported here so SQLModel.metadata (and Alembic) sees every one."""

from sqlmodel import SQLModel

from license_hub.models.api_token import ApiToken
from license_hub.models.assignment import Assignment
from license_hub.models.audit_event import AuditChainHead, AuditCheckpoint, AuditEvent
from license_hub.models.catalog import CatalogEntry
from license_hub.models.document import Document
from license_hub.models.floating import FloatingEvent, FloatingLease, FloatingPool, FloatingQueueEntry
from license_hub.models.inventory import AgentReport, Host, HostSoftware, NormalizationRule
from license_hub.models.license import License
from license_hub.models.notification import Notification, ReminderDelivery, SchedulerLease
from license_hub.models.person import Device, Person
from license_hub.models.publishing import (
    MachineTransfer,
    ProductRelease,
    PublishedLicense,
    PublishedMachine,
    PublishedProduct,
    PublishingCustomer,
    PublishingPolicy,
    SigningKey,
    ValidationEvent,
)
from license_hub.models.reminder import Reminder
from license_hub.models.report_schedule import ReportSchedule
from license_hub.models.scim import DirectoryGroup, GroupMember, GroupRule, GroupRuleRefusal, ScimIdentity
from license_hub.models.seat_tally import LicenseSeatCount, LicenseSeatMonth
from license_hub.models.sign_in import SignInThrottle
from license_hub.models.usage_audit import UsageAudit
from license_hub.models.user import AppUser, Role, UserSession
from license_hub.models.utilization import Installation, ReclaimRequest
from license_hub.models.workspace import WorkspaceSetting

metadata = SQLModel.metadata

__all__ = [
    "FloatingEvent",
    "FloatingLease",
    "FloatingPool",
    "FloatingQueueEntry",
    "DirectoryGroup",
    "GroupMember",
    "GroupRule",
    "GroupRuleRefusal",
    "ScimIdentity",
    "Installation",
    "ReclaimRequest",
    "AgentReport",
    "Host",
    "HostSoftware",
    "NormalizationRule",
    "ApiToken",
    "Assignment",
    "AppUser",
    "AuditChainHead",
    "AuditCheckpoint",
    "AuditEvent",
    "CatalogEntry",
    "Device",
    "Document",
    "License",
    "LicenseSeatCount",
    "LicenseSeatMonth",
    "Notification",
    "Person",
    "Reminder",
    "ReminderDelivery",
    "ReportSchedule",
    "Role",
    "SchedulerLease",
    "SignInThrottle",
    "UsageAudit",
    "UserSession",
    "MachineTransfer",
    "ProductRelease",
    "PublishedLicense",
    "PublishedMachine",
    "PublishedProduct",
    "PublishingCustomer",
    "PublishingPolicy",
    "SigningKey",
    "ValidationEvent",
    "WorkspaceSetting",
    "metadata",
]

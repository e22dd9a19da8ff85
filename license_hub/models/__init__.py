"""All tables, imported here so SQLModel.metadata (and Alembic) sees every one."""
from sqlmodel import SQLModel

from license_hub.models.assignment import Assignment
from license_hub.models.audit_event import AuditChainHead, AuditEvent
from license_hub.models.catalog import CatalogEntry
from license_hub.models.license import License
from license_hub.models.person import Device, Person
from license_hub.models.reminder import Reminder
from license_hub.models.usage_audit import UsageAudit

metadata = SQLModel.metadata

__all__ = [
    "Assignment",
    "AuditChainHead",
    "AuditEvent",
    "CatalogEntry",
    "Device",
    "License",
    "Person",
    "Reminder",
    "UsageAudit",
    "metadata",
]

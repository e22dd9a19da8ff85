"""What an identity provider knows about people, beside the directory itself.

A SCIM user is a Person plus the identifiers the provider sends (userName,
externalId, employeeNumber) and its timestamps; its SCIM id is the person's id.
Directory groups mirror the provider's groups; a group rule says that the members
of a group hold a seat of a license.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, PrimaryKeyConstraint, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class ScimIdentity(SQLModel, table=True):
    __tablename__ = "scim_identity"

    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    )
    user_name: str = c.text(254)
    # userName is not case-sensitive (RFC 7643): the lower-cased form is the unique key.
    user_name_key: str = Field(sa_column=Column(String(254), nullable=False, unique=True))
    external_id: str | None = c.optional_text(255, index=True)
    employee_number: str = c.text(64)
    display_name: str = c.text(200)
    given_name: str = c.text(100)
    family_name: str = c.text(100)
    title: str = c.text(100)
    created_at: datetime = c.created_timestamp()
    updated_at: datetime = c.created_timestamp()


class DirectoryGroup(SQLModel, table=True):
    __tablename__ = "directory_group"

    id: int | None = Field(default=None, primary_key=True)
    display_name: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    external_id: str | None = c.optional_text(255, index=True)
    created_at: datetime = c.created_timestamp()
    updated_at: datetime = c.created_timestamp()


class GroupMember(SQLModel, table=True):
    __tablename__ = "directory_group_member"
    __table_args__ = (PrimaryKeyConstraint("group_id", "person_id"),)

    group_id: int = Field(sa_column=Column(Integer, ForeignKey("directory_group.id", ondelete="CASCADE"), index=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), index=True))


class GroupRule(SQLModel, table=True):
    __tablename__ = "group_rule"
    __table_args__ = (UniqueConstraint("group_id", "license_id", name="uq_group_rule"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = c.foreign_key("directory_group.id", nullable=False)
    license_id: int = c.foreign_key("license.id", nullable=False)
    created_at: datetime = c.created_timestamp()
    created_by: str = c.text(200)


class GroupRuleRefusal(SQLModel, table=True):
    """A member who could not get their seat (the license was full): shown on the
    group rules page until the seat is assigned or the rule is removed."""

    __tablename__ = "group_rule_refusal"
    __table_args__ = (UniqueConstraint("rule_id", "person_id", name="uq_group_rule_refusal"),)

    id: int | None = Field(default=None, primary_key=True)
    rule_id: int = Field(sa_column=Column(Integer, ForeignKey("group_rule.id", ondelete="CASCADE"), index=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), index=True))
    reason: str = c.text(300)
    created_at: datetime = c.created_timestamp()

"""Small column builders so table modules read like the seeds' field lists."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlmodel import Field

from license_hub.models.types import Money, Percent, UTCDateTime, utcnow


def text(length: int | None = None, default: str = "", index: bool = False):
    col_type = String(length) if length else Text
    return Field(default=default, sa_column=Column(col_type, nullable=False, server_default=default, index=index))


def optional_text(length: int, index: bool = False):
    return Field(default=None, sa_column=Column(String(length), nullable=True, index=index))


def flag(default: bool = False):
    return Field(default=default, sa_column=Column(Boolean, nullable=False, server_default="1" if default else "0"))


def integer(default: int = 0):
    return Field(default=default, sa_column=Column(Integer, nullable=False, server_default=str(default)))


def optional_integer():
    return Field(default=None, sa_column=Column(Integer, nullable=True))


def money():
    return Field(default=None, sa_column=Column(Money, nullable=True))


def percent():
    return Field(default=None, sa_column=Column(Percent, nullable=True))


def day(index: bool = False):
    return Field(default=None, sa_column=Column(Date, nullable=True, index=index))


def timestamp(index: bool = False):
    return Field(default=None, sa_column=Column(UTCDateTime, nullable=True, index=index))


def created_timestamp():
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, default=utcnow))


def secret():
    return Field(default=None, sa_column=Column(LargeBinary, nullable=True))


def foreign_key(target: str, nullable: bool = True, index: bool = True, ondelete: str | None = None):
    return Field(
        default=None,
        sa_column=Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index),
    )

"""What every /api/v1 router shares: paging with a hard cap, the page envelope,
id path parameters that fit the column, and running a service in one transaction."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, field_validator

from license_hub.api.errors import ERROR_RESPONSES

T = TypeVar("T")
MAX_LIMIT = 200
MAX_OFFSET = 10_000_000
MAX_ID = 2**31 - 1

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip")]
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL characters
Search = Annotated[str, Query(max_length=200, pattern=NO_NUL, description="Case-insensitive text search")]
Descending = Annotated[bool, Query(description="Sort descending")]


def id_path(what: str):
    return Path(ge=1, le=MAX_ID, description=f"The {what}'s id")


class ApiModel(BaseModel):
    """Request bodies: unknown fields refused, no NUL characters in any text."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Text may not contain NUL characters")
        return value


class Page(BaseModel, Generic[T]):
    """One page of a list: the rows, how many match in all, and the paging used."""

    items: list[T]
    total: int
    limit: int
    offset: int


RESPONSES = dict(ERROR_RESPONSES)
NOT_FOUND = {404: ERROR_RESPONSES[422] | {"description": "No such record"}}
REFUSED = {409: ERROR_RESPONSES[422] | {"description": "A rule refused the change (seat rules, archived...)"}}

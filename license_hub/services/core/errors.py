"""Refusals the user sees, worded as the product descriptions word them."""

from __future__ import annotations

NO_SEATS_REMAINING = "No seats remaining on this license"
ALREADY_ASSIGNED = "This user already has an active assignment for this license"
SEAT_OVER_ALLOCATED = "Seat over-allocated"
LICENSE_ARCHIVED = "License archived"


class DomainError(Exception):
    """A rule said no. `message` is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class ValidationError(DomainError):
    """Bad input: one message per field, shown next to the field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class Conflict(ValidationError):
    """A field clashes with a row already saved: still a field message, and the API
    answers 409 with `code` so a client can branch on it."""

    def __init__(self, code: str, errors: dict[str, str]):
        super().__init__(errors)
        self.code = code

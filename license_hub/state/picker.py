"""The state side of the shared person/device picker (components/holder_picker.py):
the search behind its box and the rule every pick handler follows — only a row
the search just offered can be picked, so a forged id picks nothing."""

from __future__ import annotations

from typing import Iterable, Sequence, TypeVar

from license_hub.db import read_session
from license_hub.services.directory import listing as directory
from license_hub.services.directory import people
from license_hub.state.base import _id, _text
from license_hub.state.views import licenses as views
from license_hub.state.views.directory import DevicePickView, PersonPickView

V = TypeVar("V", PersonPickView, DevicePickView)
QUERY_MAX = 100


def query(term: object) -> str:
    return _text(term, QUERY_MAX)


def person_options(term: str, *, limit: int = 8, exclude: Iterable[int] = ()) -> list[PersonPickView]:
    """Current people matching a name or email, those already chosen left out."""
    if not term:
        return []
    skip = set(exclude)
    with read_session() as session:
        found = people.search_people(session, term, limit=limit + len(skip))
    return [views.person(p) for p in found if p.id not in skip][:limit]


def device_options(term: str, *, limit: int = 8, exclude: Iterable[int] = ()) -> list[DevicePickView]:
    """Devices matching a name, hostname or owner, those already chosen left out."""
    if not term:
        return []
    skip = set(exclude)
    with read_session() as session:
        found, _ = directory.list_devices(session, search=term, limit=limit + len(skip))
    return [
        DevicePickView(id=d.id, name=d.name, hostname=d.hostname or "—", owner=d.owner or "", os=d.os)
        for d in found
        if d.id not in skip
    ][:limit]


def offered(options: Sequence[V], raw_id: object) -> V | None:
    """The option with this id, if the search offered it (raises BadArgument on a non-id)."""
    chosen = _id(raw_id)
    return next((o for o in options if o.id == chosen), None)

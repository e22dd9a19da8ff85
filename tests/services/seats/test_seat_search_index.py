"""The seat search with full-text indexes (SQLite FTS5 trigram, migration 0019)
returns exactly what the plain LIKE search returned, on both databases: short terms
the index cannot answer, wildcards and quotes taken literally, any case, non-ASCII
text, and people and devices added, renamed or deleted after the index was built
(the triggers keep it in step on every write path)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, insert, or_, text, update
from sqlmodel import Session, select

from license_hub.db import engine, read_session, write_session
from license_hub.models import Assignment, Device, Person
from license_hub.services.core.bulk import insert_many
from license_hub.services.directory import people
from license_hub.services.directory.listing import like_contains
from license_hub.services.reports import dormancy
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import seat_directory, seat_search
from license_hub.services.seats.seat_directory import VIEWS, SeatQuery, directory_page, list_seat_holders
from tests.factories import ACTOR, make_license

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
NAMES = [
    ("Anna Schmidt", "anna.schmidt@example.com", "Sales"),
    ("Hanna Berg", "hanna@example.com", "Sales_Team"),
    ("Jöran Öberg", "joran@example.com", "Forschung"),
    ('Liam O\'Brien "Quote"', None, "100% Legal"),
    ("Ben Novak", "ben.novak@example.com", "Engineering"),
    ("Ann", "ann@example.com", ""),
]
TERMS = [
    "anna",
    "ANNA",
    "an",
    "a",
    "nn",
    "öberg",
    "Öberg",
    "ÖBERG",
    "jör",
    "%",
    "100%",
    "_t",
    "sales_team",
    "s_t",
    '"quote"',
    'o"',
    "o'b",
    "laptop",
    "top-0",
    "ctor an",
    "example.com",
    "zzz",
    "renamed",
    "bulk",
    "gone",
    "Kowalski",
]


@pytest.fixture
def lic(database) -> int:
    license_id = make_license(seats_total=100)
    with write_session() as s:
        ids = [people.create_person(s, ACTOR, name=n, email=e, department=d).id for n, e, d in NAMES]
        laptops = [people.create_device(s, ACTOR, name=f"LAPTOP-{i:03d}").id for i in range(3)]
        for pid in ids:
            seats.assign(s, ACTOR, license_id, person_id=pid)
        for dev in laptops:
            seats.assign(s, ACTOR, license_id, device_id=dev)
        seats.assign(s, ACTOR, license_id, assignee_name="Contractor Anna")
        seats.assign(s, ACTOR, license_id, assignee_name="Kiosk", device_name="Front desk top-01")
        # After the index exists: a rename through a Core update, a bulk insert, a deletion.
        s.exec(update(Person).where(Person.id == ids[4]).values(name="Ben Renamed"))
        s.exec(update(Device).where(Device.id == laptops[2]).values(name="Kiosk screen"))
        insert_many(
            s,
            Person.__table__,
            [
                {
                    "name": "Bulk Kowalski",
                    "email": "bulk@example.com",
                    "department": "Ops",
                    "location": "",
                    "status": "active",
                    "created_at": NOW,
                    "username": None,
                    "employee_id": None,
                    "manager_id": None,
                    "last_sign_in_at": None,
                    "archived_at": None,
                }
            ],
        )
        bulk = s.exec(select(Person.id).where(Person.name == "Bulk Kowalski")).one()
        s.exec(insert(Assignment).values(license_id=license_id, person_id=bulk, assigned_by=ACTOR))
        gone = people.create_person(s, ACTOR, name="Gone Person", email="gone@example.com").id
        s.exec(update(Person).where(Person.id == gone).values(name="Gone Person"))
        s.exec(delete(Person).where(Person.id == gone))
    return license_id


def _search(license_id: int, term: str) -> tuple[int, list[int]]:
    with read_session() as s:
        page = list_seat_holders(s, SeatQuery(license_id, search=term, now=NOW), limit=200)
    return page.total, [r.id for r in page.rows]


def test_indexed_search_returns_what_like_returned(lic, monkeypatch):
    indexed = {term: _search(lic, term) for term in TERMS}
    monkeypatch.setattr(seat_search, "FTS_MIN", 10_000)  # the plain LIKE search, as before 0019
    plain = {term: _search(lic, term) for term in TERMS}
    assert indexed == plain
    # and the cases the index has to get right found something
    for term in ("anna", "Öberg", "100%", "sales_team", '"quote"', "laptop", "renamed", "bulk", "Kowalski"):
        assert indexed[term][0] > 0, term
    assert indexed["gone"] == (0, []) and indexed["zzz"] == (0, [])


def test_sqlite_asks_the_index_only_for_terms_it_can_answer():
    def sql(term: str) -> str:
        return str(seat_search.search_clause(SeatQuery(1, search=term), "sqlite"))

    assert "person_fts MATCH" in sql("anna") and "device_fts MATCH" in sql("anna")
    assert "MATCH" not in sql("an")
    assert "MATCH" not in str(seat_search.search_clause(SeatQuery(1, search="anna"), "postgresql"))
    assert seat_search.fts_phrase('say "hi"') == '"say ""hi"""'


def _oracle(license_id: int, term: str, dialect: str) -> dict[str, set[int]]:
    """The search as one plain OR over the joined seats: what the page must show, per view."""
    pattern = like_contains(term)
    match = (
        (lambda c: c.like(pattern, escape="\\")) if dialect == "sqlite" else (lambda c: c.ilike(pattern, escape="\\"))
    )
    cols = (Person.name, Person.email, Person.department, Device.name, Assignment.assignee_name, Assignment.device_name)
    q = SeatQuery(license_id, search=term, now=NOW).checked()
    with read_session() as s:
        found = s.exec(
            select(Assignment.id, Assignment.revoked_at.is_(None), dormancy.dormant_expr(q.cutoff))
            .select_from(Assignment)
            .outerjoin(Person, Person.id == Assignment.person_id)
            .outerjoin(Device, Device.id == Assignment.device_id)
            .where(Assignment.license_id == license_id, or_(*(match(c) for c in cols)))
        ).all()
    return {
        "active": {i for i, active, _ in found if active},
        "inactive": {i for i, active, dormant in found if active and dormant},
        "reclaimed": {i for i, active, _ in found if not active},
    }


def test_page_and_view_counts_match_a_plain_search(lic, dialect):
    """directory_page (one count for every view, the sort keeping only the page) shows
    exactly the seats and counts of a plain OR over the joins, in every view, with
    reclaimed seats and the same holders' seats on another license around."""
    other = make_license(product_name="Slack", seats_total=100)
    with write_session() as s:
        held = s.exec(
            select(Assignment.id, Assignment.person_id, Assignment.device_id).where(Assignment.license_id == lic)
        ).all()
        for _, person_id, device_id in held:  # the same people and devices hold seats on another license
            if person_id or device_id:
                seats.assign(s, ACTOR, other, person_id=person_id, device_id=device_id)
        for seat_id, _, _ in held[::3]:  # some of this license's seats are reclaimed, some re-assigned
            seats.reclaim(s, ACTOR, seat_id)
        seats.assign(s, ACTOR, lic, person_id=held[0][1])
    checked = 0
    for term in TERMS:
        expected = _oracle(lic, term, dialect)
        for view in VIEWS:
            with read_session() as s:
                page, counts = directory_page(s, SeatQuery(lic, search=term, view=view, now=NOW), limit=200)
                alone = list_seat_holders(s, SeatQuery(lic, search=term, view=view, now=NOW), limit=200)
            assert {v: len(ids) for v, ids in expected.items()} == counts, (term, view)
            assert {r.id for r in page.rows} == expected[view] and page.total == len(expected[view]), (term, view)
            assert [r.id for r in alone.rows] == [r.id for r in page.rows] and alone.total == page.total
            with read_session() as s:  # past the end: no rows, the same counts
                past, past_counts = directory_page(s, SeatQuery(lic, search=term, view=view, now=NOW), offset=500)
            assert (past.rows, past.total, past_counts) == ((), page.total, counts)
            checked += len(expected[view])
    assert checked > 0
    assert _oracle(lic, "anna", dialect)["reclaimed"]  # the reclaimed view was really exercised


def test_sqlite_search_looks_up_the_matches_instead_of_walking_the_license(database, dialect):
    """The plan: every seat the search reads is found from a match (by row id, holder,
    device, or the free-text partial index), never by walking the license's seats."""
    if dialect != "sqlite":
        pytest.skip("SQLite's query plan")
    with read_session() as s:
        # a term the full-text index answers, and one too short for it (people scanned)
        for term, view in [(term, view) for term in ("anna", "an") for view in VIEWS]:
            q = SeatQuery(1, search=term, view=view, sort="last_used", now=NOW).checked()
            for stmt in (
                seat_directory.page_statement(q, dialect, counted=False),
                seat_directory.counts_statement(q, dialect),
                seat_search.searched_page_statement(q, dialect),
            ):
                sql = str(stmt.compile(dialect=s.get_bind().dialect, compile_kwargs={"literal_binds": True}))
                plan = [row[3] for row in s.exec(text("EXPLAIN QUERY PLAN " + sql)).all()]
                on_seats = [step for step in plan if " assignment " in f"{step} "]
                assert on_seats, plan
                for step in on_seats:
                    assert (
                        "rowid=?" in step
                        or "(person_id=?" in step
                        or "(device_id=?" in step
                        or "ix_assignment_free_text" in step
                    ), (term, view, step)


def test_a_search_reuses_its_statement_for_every_term(lic):
    """The statement depends on the search's shape (view, sort, whether the index can
    answer), never on its values: another term or license binds new values only."""
    seat_search.searched_template.cache_clear()
    for term in ("anna", "laptop", "sales", "renamed"):
        _search(lic, term)
        with read_session() as s:
            directory_page(s, SeatQuery(lic, search=term, now=NOW))
    info = seat_search.searched_template.cache_info()
    assert (info.misses, info.hits) == (1, 7)  # list_seat_holders searches with the page's statement too


def test_the_search_plan_setting_ends_with_its_transaction(lic, dialect):
    """PostgreSQL: the search plans its joins for its own transaction only; the
    connection's next transaction plans as usual."""
    if dialect != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    with engine().connect() as conn:
        with Session(bind=conn) as s:
            page, _ = directory_page(s, SeatQuery(lic, search="anna", now=NOW))
            assert page.total > 0
            assert s.exec(text("SHOW enable_hashjoin")).one()[0] == "off"
        conn.rollback()
        assert conn.exec_driver_sql("SHOW enable_hashjoin").scalar() == "on"
        assert conn.exec_driver_sql("SHOW enable_mergejoin").scalar() == "on"

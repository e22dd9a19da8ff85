"""Documents on a license: storage, duplicates, type from content, size limit,
audited downloads and deletions, review field by field (nothing saved without
acceptance), the cancellation deadline, and "Create from contract"."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from sqlmodel import select

from license_hub import settings
from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, CatalogEntry, Document, License, Reminder
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.documents import from_contract, library, review, storage
from tests.factories import ACTOR, make_license
from tests.services.documents.corpus import CORPUS


def _spool(data: bytes, limit: int = storage.MAX_BYTES) -> storage.Spooled:
    return storage.spool(iter([data[i : i + 7000] for i in range(0, len(data), 7000)]), limit=limit)


def _attach(license_id: int | None, name: str) -> int:
    spooled = _spool((CORPUS / name).read_bytes())
    analysis = library.analyse(spooled)
    with write_session() as s:
        return library.attach(s, ACTOR, license_id, name, spooled, analysis).id


def _license_row(license_id: int) -> License:
    with read_session() as s:
        return s.get(License, license_id)


def _events(action: str) -> list[AuditEvent]:
    with read_session() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action, AuditEvent.object_type == "document")))


def test_upload_is_stored_by_content_and_audited(database):
    lic = make_license(vendor="", seats_total=5)
    doc_id = _attach(lic, "01_order_form_acme.pdf")
    with read_session() as s:
        doc = s.get(Document, doc_id)
    assert doc.kind == "pdf" and doc.size_bytes == (CORPUS / "01_order_form_acme.pdf").stat().st_size
    stored = settings.settings.data_dir / "documents" / doc.sha256
    assert stored.read_bytes() == (CORPUS / "01_order_form_acme.pdf").read_bytes()
    assert [e.object_id for e in _events("upload")] == [doc_id]
    with read_session() as s:
        rows = library.list_for_license(s, lic)
    assert [(r.filename, r.kind, r.uploaded_by) for r in rows] == [("01_order_form_acme.pdf", "PDF", ACTOR)]


def test_nothing_is_saved_without_acceptance(database):
    lic = make_license(seats_total=5)
    before = _license_row(lic).model_dump()
    doc_id = _attach(lic, "01_order_form_acme.pdf")
    assert _license_row(lic).model_dump() == before
    with write_session() as s:
        review.decide(s, ACTOR, doc_id, {"seats": "rejected", "total": "rejected"})
    assert _license_row(lic).model_dump() == before
    with read_session() as s:
        assert all(r.decision in ("pending", "rejected") for r in review.rows(s, doc_id))


def test_accept_two_fields_reject_one(database):
    lic = make_license(seats_total=5, purchase_order="OLD-1")
    doc_id = _attach(lic, "01_order_form_acme.pdf")
    with read_session() as s:
        rows = {r.name: r for r in review.rows(s, doc_id)}
    assert rows["seats"].found == "250" and rows["seats"].current == "5" and rows["seats"].can_accept
    with write_session() as s:
        written = review.decide(
            s,
            ACTOR,
            doc_id,
            {"seats": "accepted", "end_date": "accepted", "po_number": "rejected", "bogus": "accepted"},
        )
    assert written == {"seats_total": "250", "expiry_date": "2027-02-28"}
    row = _license_row(lic)
    assert (row.seats_total, row.expiry_date, row.purchase_order) == (250, date(2027, 2, 28), "OLD-1")
    with read_session() as s:
        decided = {r.name: r.decision for r in review.rows(s, doc_id)}
        license_updates = s.exec(
            select(AuditEvent).where(AuditEvent.object_type == "license", AuditEvent.action == "update")
        ).all()
    assert decided["seats"] == "accepted" and decided["po_number"] == "rejected" and decided["total"] == "pending"
    assert json.loads(license_updates[-1].diff)["seats_total"] == [5, 250]
    assert json.loads(_events("review")[0].diff)["rejected"] == ["po_number"]


def test_a_refused_value_saves_nothing(database):
    lic = make_license(seats_total=5, start_date="2028-01-01")
    doc_id = _attach(lic, "01_order_form_acme.pdf")
    with pytest.raises(ValidationError) as refused, write_session() as s:
        review.decide(s, ACTOR, doc_id, {"seats": "accepted", "end_date": "accepted"})
    assert "Expiry date must be after the start date" in refused.value.message
    assert _license_row(lic).seats_total == 5
    with read_session() as s:
        assert {r.decision for r in review.rows(s, doc_id)} == {"pending"}
    with pytest.raises(ValidationError), write_session() as s:
        review.decide(s, ACTOR, doc_id, {})


def test_notice_period_feeds_the_cancellation_deadline_reminder(database):
    lic = make_license(seats_total=5)
    doc_id = _attach(lic, "03_master_agreement_autorenew.pdf")
    with read_session() as s:
        found = {r.name: r.found for r in review.rows(s, doc_id)}
    assert review.cancellation_deadline(found) == date(2027, 1, 30)
    with write_session() as s:
        review.decide(s, ACTOR, doc_id, {"end_date": "accepted", "auto_renew": "accepted", "notice_days": "accepted"})
    with read_session() as s:
        due = {r.kind: r.due_on for r in s.exec(select(Reminder).where(Reminder.license_id == lic))}
    assert due["cancellation_deadline"] == date(2027, 1, 30)
    assert _license_row(lic).cancellation_notice_days == 60


def test_duplicates_are_recognised_by_sha256(database):
    lic, other = make_license(), make_license(product_name="Slack")
    _attach(lic, "07_renewal_quote.txt")
    with pytest.raises(ValidationError, match="already attached"):
        _attach(lic, "07_renewal_quote.txt")
    second = _attach(other, "07_renewal_quote.txt")
    files = list((settings.settings.data_dir / "documents").iterdir())
    assert len(files) == 1, "one file for the same content"
    with write_session() as s:
        library.delete(s, ACTOR, second)
    assert len(list((settings.settings.data_dir / "documents").iterdir())) == 1, "still held by the first license"


def test_type_comes_from_the_content_not_the_name(database):
    lic = make_license()
    fake = _spool(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 50)
    with pytest.raises(ValidationError, match="PDF, DOCX or plain-text"):
        library.analyse(fake)
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(ValidationError):
        library.analyse(_spool(other_zip.getvalue()))
    spooled = _spool((CORPUS / "06_order_form.docx").read_bytes())
    analysis = library.analyse(spooled)
    with write_session() as s:
        doc = library.attach(s, ACTOR, lic, "contract.pdf", spooled, analysis)
    assert doc.kind == "docx"
    assert not [p for p in (settings.settings.data_dir / "documents").iterdir() if p.name.startswith(".upload")]


def test_oversize_is_refused_while_streaming(database):
    produced = []

    def chunks():
        for _ in range(100):
            produced.append(1)
            yield b"x" * 1024

    with pytest.raises(storage.TooLarge, match="larger than 20 MB"):
        storage.spool(chunks(), limit=10 * 1024)
    assert len(produced) == 11, "stopped at the first chunk past the limit"
    assert not list((settings.settings.data_dir / "documents").iterdir())


def test_download_and_delete_are_audited(database):
    lic = make_license()
    doc_id = _attach(lic, "10_ambiguous_dates.txt")
    with write_session() as s:
        sha = library.record_download(s, ACTOR, doc_id).sha256
    assert b"Massive Dynamic" in b"".join(storage.read_chunks(sha))
    with write_session() as s:
        library.delete(s, ACTOR, doc_id)
    assert [e.object_id for e in _events("download")] == [doc_id]
    assert [e.object_id for e in _events("delete")] == [doc_id]
    assert not (settings.settings.data_dir / "documents" / sha).exists()
    with read_session() as s:
        assert library.list_for_license(s, lic) == []


def test_create_from_contract(database):
    doc_id = _attach(None, "03_master_agreement_autorenew.pdf")
    with read_session() as s:
        proposal = from_contract.propose(s, doc_id)
        assert s.exec(select(License)).all() == []
    assert (proposal.product, proposal.publisher) == ("Umbrella Secure Gateway", "Umbrella Systems Ltd")
    assert dict(proposal.fields)["seats"] == "500" and proposal.existing_entry_id is None
    with write_session() as s:
        lic = from_contract.create(
            s,
            ACTOR,
            doc_id,
            product=proposal.product,
            publisher=proposal.publisher,
            accepted=["seats", "start_date", "end_date", "currency", "notice_days", "auto_renew"],
        )
    with read_session() as s:
        entry = s.exec(select(CatalogEntry)).one()
        row = s.get(License, lic.id)
        doc = s.get(Document, doc_id)
    assert (entry.name, entry.publisher) == ("Umbrella Secure Gateway", "Umbrella Systems Ltd")
    assert (row.catalog_entry_id, row.seats_total, row.currency) == (entry.id, 500, "GBP")
    assert row.cancellation_notice_days == 60
    assert row.total_cost is None, "not accepted, not saved"
    assert doc.license_id == lic.id
    with pytest.raises(DomainError, match="already created"), write_session() as s:
        from_contract.create(s, ACTOR, doc_id, product="X", publisher="", accepted=[])


def test_create_from_contract_reuses_the_catalog_entry(database):
    make_license(product_name="Hooli Chat")
    doc_id = _attach(None, "13_subscription_confirmation.txt")
    with read_session() as s:
        assert from_contract.propose(s, doc_id).existing_entry_id is not None
    with write_session() as s:
        from_contract.create(s, ACTOR, doc_id, product="hooli chat", publisher="Hooli", accepted=["seats"])
    with read_session() as s:
        assert len(s.exec(select(CatalogEntry)).all()) == 1
        assert sorted(lic.seats_total for lic in s.exec(select(License))) == [5, 200]

"""Extraction against the generated corpus: required fields exactly right, the
flags a reviewer needs, and the scanned PDF sent to OCR. Timing is printed here
and measured in bench/documents.py."""

from __future__ import annotations

import pytest

from license_hub import settings
from tests.services.documents.corpus import expected, process


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LICENSE_HUB_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LICENSE_HUB_LLM_URL", raising=False)
    settings.reload()
    yield tmp_path
    monkeypatch.undo()
    settings.reload()


def test_corpus_has_every_kind_of_document():
    corpus = expected()
    assert len(corpus) >= 12
    assert {name.rsplit(".", 1)[1] for name in corpus} == {"pdf", "docx", "txt"}
    assert any(spec["text_status"] == "needs_ocr" for spec in corpus.values())


def test_at_least_95_percent_of_required_fields_exactly_right(data_dir, capsys):
    right = total = 0
    misses = []
    for name, spec in expected().items():
        done = process(name)
        print(f"{name}: {done.seconds * 1000:.0f} ms")
        for field, value in spec["fields"].items():
            total += 1
            if done.value(field) == value:
                right += 1
            else:
                misses.append((name, field, value, done.value(field)))
    print(f"{right}/{total} fields exactly right ({right / total:.1%})")
    assert total >= 100
    assert right / total >= 0.95, misses


def test_conflicting_and_ambiguous_dates_are_flagged(data_dir):
    for name, spec in expected().items():
        done = process(name)
        for field, flag in spec["flags"].items():
            assert any(flag in f for f in done.flags(field)), (name, field, done.flags(field))
    clean = process("01_order_form_acme.pdf")
    assert clean.flags("start_date") == () and clean.flags("end_date") == ()


def test_a_pdf_without_a_text_layer_needs_ocr(data_dir):
    done = process("05_scanned_no_text.pdf")
    assert done.analysis.kind == "pdf"
    assert done.analysis.text_status == "needs_ocr"
    assert done.analysis.fields == ()


def test_every_found_field_names_its_page_and_snippet(data_dir):
    done = process("03_master_agreement_autorenew.pdf")
    by_name = {f.name: f for f in done.analysis.fields}
    assert by_name["notice_days"].page == 1 and "sixty (60) days" in by_name["notice_days"].snippet
    assert by_name["seats"].page == 2 and "500" in by_name["seats"].snippet
    assert all(0 < f.confidence <= 1 for f in done.analysis.fields)

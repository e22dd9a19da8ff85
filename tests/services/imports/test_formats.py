"""Recognising files: License Hub's export and Snipe-IT's three header styles,
however the headers are cased or spaced; reading BOM, CRLF and repeated headers."""

from __future__ import annotations

import pytest

from license_hub.services.core.errors import ValidationError
from license_hub.services.imports import formats as f
from license_hub.services.imports.csv_source import read_csv
from license_hub.services.licenses.license_export import HEADER

SNIPE_SAMPLE = (
    "Full Name,Email,Username,Item name,serial number,Category,manufacturer,purchase date,purchase cost,"
    "purchase order,order number,Licensed To Name,Licensed to Email,expiration date,maintained,"
    "reassignable,seats,company,supplier,notes"
).split(",")
SNIPE_WEB = [
    "License Name",
    "Serial/Product Key",
    "Seats",
    "Checked Out to: Username",
    "Checked Out to: Email",
    "Checked Out to: Full Name",
    "Purchase Order Number",
    "Licensed to Name",
    "Expiration Date",
    "Supplier",
]
SNIPE_EXPORT = [
    "id",
    "Company",
    "Name",
    "Serial Number",
    "Purchase Date",
    "Purchase Cost",
    "Order Number",
    "Licenses available",
    "Seats",
    "Created By",
    "Depreciation",
    "Updated at",
    "Deleted at",
    "Email",
    "Fully Depreciated",
    "Supplier",
    "Expiration Date",
    "Purchase Order Number",
    "Termination Date",
    "Maintained",
    "Manufacturer",
    "Category",
    "Min. QTY",
    "Reassignable",
    "Notes",
    "Created At",
]


def test_snipe_sample_headers():
    got = f.detect(SNIPE_SAMPLE)
    assert got.format == f.SNIPE_CLI
    assert dict(zip(SNIPE_SAMPLE, got.mapping))["Item name"] == "name"
    assert dict(zip(SNIPE_SAMPLE, got.mapping))["serial number"] == "product_key"
    assert dict(zip(SNIPE_SAMPLE, got.mapping))["Licensed to Email"] == f.IGNORE


def test_snipe_web_labels():
    got = f.detect(SNIPE_WEB)
    assert got.format == f.SNIPE_WEB
    assert got.mapping[:4] == ("name", "product_key", "seats_total", "username")


def test_snipe_export_headers():
    got = f.detect(SNIPE_EXPORT)
    assert got.format == f.SNIPE_EXPORT
    assert dict(zip(SNIPE_EXPORT, got.mapping))["Email"] == f.IGNORE  # the license's email, not a holder


def test_own_export_headers():
    got = f.detect(list(HEADER))
    assert got.format == f.OWN and None not in got.mapping and f.IGNORE not in got.mapping


def test_matching_ignores_case_and_whitespace():
    messy = [f"  {h.upper()}  ".replace(" ", "  ") for h in SNIPE_WEB]
    assert f.detect(messy).format == f.SNIPE_WEB


def test_unknown_headers_need_a_mapping():
    got = f.detect(["Product", "Qty", "seats total"])
    assert got.format == f.UNKNOWN
    assert got.mapping == (None, None, "seats_total")
    assert any("License name" in p for p in f.check_mapping(list(got.mapping)))
    assert f.check_mapping(["name", "seats_total", "seats_total"]) == [
        "“Seats total” is mapped to more than one column"
    ]


def test_bom_crlf_and_repeated_header_rows():
    body = "\ufeffName,Seats\r\nA,1\r\n\r\nname , SEATS\r\nB,2\r\n"
    source = read_csv(body.encode("utf-8"))
    assert source.header == ("Name", "Seats")
    assert source.rows == ((2, ("A", "1")), (5, ("B", "2")))


def test_unreadable_files():
    with pytest.raises(ValidationError, match="not UTF-8"):
        read_csv("Name\nCafé".encode("latin-1"))
    with pytest.raises(ValidationError, match="empty"):
        read_csv(b"")

"""Reading an uploaded CSV: UTF-8 with or without a BOM, CRLF or LF, quoted cells
across lines. Blank lines and repeats of the header row (Snipe-IT's license export
writes one every 500 rows) are dropped; row numbers stay the spreadsheet's, so an
error names the line the admin sees."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from license_hub.services.core.errors import ValidationError
from license_hub.services.imports.formats import normalize

MAX_ROWS = 200_000
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
TOO_LARGE = f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB: split it and import each part"
MAX_CELL = 20_000
NOT_UTF8 = "The file is not UTF-8 text: save it as “CSV UTF-8” and try again"
EMPTY = "The file is empty: its first row must name the columns"


@dataclass(frozen=True)
class CsvSource:
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (spreadsheet row number, cells)


def read_csv(data: bytes | str) -> CsvSource:
    """Raises ValidationError({"file": ...}) when the file cannot be read at all."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": NOT_UTF8}) from exc
    text = data.lstrip("\ufeff")
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise ValidationError({"file": EMPTY})
        names = [normalize(h) for h in header]
        rows: list[tuple[int, tuple[str, ...]]] = []
        for row_no, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if [normalize(c) for c in record] == names:
                continue  # a repeated header row
            if len(rows) >= MAX_ROWS:
                raise ValidationError(
                    {"file": f"The file has more than {MAX_ROWS:,} rows: split it and import each part"}
                )
            rows.append((row_no, tuple(record)))
    except csv.Error as exc:
        raise ValidationError({"file": f"This is not a readable CSV file (line {reader.line_num}: {exc})"}) from exc
    return CsvSource(tuple(h.strip() for h in header), tuple(rows))

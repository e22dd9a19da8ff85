"""Reading a contract's text for the term rules: its lines with their page, numbers
written as digits or words, money with its currency, and the two ways a term is
looked for (a labelled line, or a sentence across a page's lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterator

WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty-four": 24,
    "thirty": 30,
    "thirty-six": 36,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_NUM_WORDS = "|".join(sorted(WORDS, key=len, reverse=True))
NUM = r"(?:(?:[a-z]+(?:-[a-z]+)?\s*)?\((\d{1,4})\)|(\d{1,4})|(" + _NUM_WORDS + r"))"
UNIT = r"(?:[\s-]*(?:calendar\s+)?(months?|years?|days?))"
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
CODES = "USD|EUR|GBP|CHF|CAD|AUD|JPY|SEK|NOK|DKK|PLN|CZK|INR|NZD|SGD"
AMOUNT = r"\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{2})?|\d+(?:[.,]\d{2})?"
MONEY_RE = re.compile(rf"(?P<pre>{CODES}|[$€£¥])?\s?(?P<amt>{AMOUNT})\s?(?P<post>{CODES}|€)?(?![\d%])")


@dataclass(frozen=True)
class Line:
    page: int
    text: str


def split_lines(pages: tuple[str, ...] | list[str]) -> list[Line]:
    out = []
    for number, text in enumerate(pages, start=1):
        for raw in text.splitlines():
            line = re.sub(r"[ \t\u00a0]+", " ", raw).strip()
            if line:
                out.append(Line(number, line))
    return out


def snippet(line: Line, match: re.Match | None = None) -> str:
    text = line.text
    if match is None or len(text) <= 160:
        return text[:160]
    start = max(match.start() - 60, 0)
    return ("…" if start else "") + text[start : start + 160] + ("…" if start + 160 < len(text) else "")


def count_of(match: re.Match, first_group: int = 1) -> int | None:
    paren, digits, word = match.group(first_group), match.group(first_group + 1), match.group(first_group + 2)
    if paren or digits:
        return int(paren or digits)
    return WORDS.get((word or "").lower())


def months_of(count: int, unit: str) -> int:
    return count * 12 if unit.lower().startswith("year") else count


def clean_text(value: str) -> str:
    value = re.split(r"\s{2,}|\s\|\s|\t", value.strip())[0].strip(" ,;:\"“”'()")
    if value.endswith(".") and not re.search(r"\b(?:Inc|Ltd|Corp|Co|S\.A|B\.V)\.$", value):
        value = value[:-1]
    return value[:200]


def find_money(text: str) -> tuple[Decimal, str] | None:
    for m in MONEY_RE.finditer(text):
        if not (m.group("pre") or m.group("post")) and not re.search(r"[.,]\d{2}$", m.group("amt")):
            continue
        amount = parse_amount(m.group("amt"))
        if amount is None:
            continue
        code = m.group("pre") or m.group("post") or ""
        return amount, _SYMBOLS.get(code, code)
    return None


def parse_amount(raw: str) -> Decimal | None:
    raw = raw.replace("'", "").replace(" ", "")
    if re.search(r",\d{2}$", raw):  # 1.234,56
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", "")
    try:
        return Decimal(raw).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def labelled(lines: list[Line], labels: str, value: str = r"(.+)") -> Iterator[tuple[Line, re.Match]]:
    pattern = re.compile(rf"(?:^|\|\s*)(?:{labels})\s*(?:[:#]|\|)\s*{value}", re.IGNORECASE)
    for line in lines:
        m = pattern.search(line.text)
        if m:
            yield line, m


def search_blocks(
    blocks: list[Line], pattern: str, skip: Callable[[str], bool] = lambda _t: False
) -> Iterator[tuple[Line, re.Match]]:
    """Sentence patterns run over a page's text joined into one line, so a clause
    broken across lines is still found; `skip` sees the 120 characters before a match."""
    compiled = re.compile(pattern, re.IGNORECASE)
    for block in blocks:
        for m in compiled.finditer(block.text):
            if not skip(block.text[max(m.start() - 120, 0) : m.end()]):
                yield block, m

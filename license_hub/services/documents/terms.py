"""Terms found in a contract's text by rules: each with a confidence, the page
and the snippet it came from, and flags for what a reviewer must check
(conflicting dates, an ambiguous day/month). Nothing here writes anything."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta

from license_hub.services.documents import contract_dates as dates
from license_hub.services.documents import term_text as tt

FIELDS: dict[str, str] = {
    "vendor": "Vendor",
    "product": "Product",
    "seats": "Seats",
    "unit_price": "Unit price",
    "total": "Total",
    "currency": "Currency",
    "start_date": "Start date",
    "end_date": "End date",
    "term_months": "Term (months)",
    "auto_renew": "Auto-renew",
    "renewal_term_months": "Renewal term (months)",
    "notice_days": "Notice period (days)",
    "po_number": "PO or quote number",
}
AMBIGUOUS = "Ambiguous day/month"
CONFLICT = "Conflicting dates"
DERIVED = "Worked out from the start date and the term"


@dataclass(frozen=True)
class Found:
    name: str
    value: str
    confidence: float
    page: int
    snippet: str
    flags: tuple[str, ...] = field(default_factory=tuple)


class _Finder:
    def __init__(self, pages: tuple[str, ...] | list[str]) -> None:
        self.lines = tt.split_lines(pages)
        self.blocks = [
            tt.Line(n, " ".join(ln.text for ln in self.lines if ln.page == n))
            for n in sorted({ln.page for ln in self.lines})
        ]
        self.found: dict[str, Found] = {}

    def put(
        self,
        name: str,
        value: str,
        confidence: float,
        line: tt.Line,
        m: re.Match | None = None,
        flags: tuple[str, ...] = (),
    ) -> None:
        if value and name not in self.found:
            self.found[name] = Found(name, value, confidence, line.page, tt.snippet(line, m), flags)

    # --- parties and product -------------------------------------------------------------
    def vendor(self) -> None:
        for line, m in tt.labelled(self.lines, r"vendor|supplier|seller|licensor|provider|reseller|vendor name"):
            self.put("vendor", tt.clean_text(m.group(1)), 0.95, line, m)
        pattern = r"between\s+(.+?)\s*,?\s*\((?:the\s+)?[\"“]?(?:vendor|licensor|provider|supplier)[\"”]?\)"
        for line, m in tt.search_blocks(self.blocks, pattern):
            self.put("vendor", tt.clean_text(m.group(1)), 0.85, line, m)
        company = (
            r"^([A-Z][\w&.\- ]{1,80}?\s"
            r"(?:Inc|Ltd|LLC|GmbH|AG|SAS|S\.A\.|Corp|Corporation|Limited|plc|B\.V\.)\.?)$"
        )
        for line, m in tt.search_blocks(self.lines[:6], company):
            self.put("vendor", tt.clean_text(m.group(1)), 0.5, line, m)

    def product(self) -> None:
        for line, m in tt.labelled(self.lines, r"product(?: name)?|software|subscription plan|plan|edition|item"):
            self.put("product", tt.clean_text(m.group(1)), 0.9, line, m)
        for line, m in tt.search_blocks(
            self.blocks, r"(?:subscription to|licen[cs]e to use|access to)\s+(.+?)\s+for\s"
        ):
            self.put("product", tt.clean_text(m.group(1)), 0.7, line, m)

    # --- quantities and money ------------------------------------------------------------
    def seats(self) -> None:
        labels = r"seats|quantity|qty|licensed users|number of (?:users|seats|licen[cs]es)|users|licen[cs]es"
        for line, m in tt.labelled(self.lines, labels, r"(\d[\d,]*)\b"):
            self.put("seats", str(int(m.group(1).replace(",", ""))), 0.95, line, m)
        self._seat_table()
        pattern = r"\b(\d[\d,]*)\s+(?:named\s+|concurrent\s+|user\s+)?(?:seats|users|licen[cs]es|subscriptions)\b"
        for line, m in tt.search_blocks(self.blocks, pattern):
            self.put("seats", str(int(m.group(1).replace(",", ""))), 0.75, line, m)

    def _seat_table(self) -> None:
        """A line-item table: a header naming Qty/Seats and a price, then rows; seats are the sum."""
        for i, line in enumerate(self.lines):
            header = line.text.lower()
            if not (re.search(r"\b(qty|quantity|seats)\b", header) and "price" in header):
                continue
            total, first = 0, None
            for row in self.lines[i + 1 :]:
                if re.match(r"^(sub)?total|^grand total|^tax|^vat", row.text, re.IGNORECASE):
                    break
                numbers = re.findall(r"(?<![\d.,])(\d{1,6})(?![\d.,])", row.text.replace("|", " "))
                if not numbers or not tt.find_money(row.text):
                    break
                total += int(numbers[0])
                first = first or row
            if first is not None:
                self.put("seats", str(total), 0.85, first)
            return

    def prices(self) -> None:
        unit = (
            r"unit price|price per (?:seat|user|licen[cs]e)|per[- ](?:seat|user) price|"
            r"cost per (?:seat|user)|list price"
        )
        for line, m in tt.labelled(self.lines, unit):
            self._put_money("unit_price", m.group(1), 0.95, line, m)
        for line, m in tt.search_blocks(
            self.blocks,
            rf"((?:{tt.CODES}|[$€£])\s?(?:{tt.AMOUNT})|(?:{tt.AMOUNT})\s?(?:{tt.CODES}|€))"
            r"\s*(?:per|/|each per)\s*(?:seat|user|licen[cs]e)",
        ):
            self._put_money("unit_price", m.group(1), 0.8, line, m)
        for label, confidence in (
            (r"grand total|total due|amount due|total amount|total price|total cost", 0.95),
            (r"total(?: \([^)]*\))?", 0.85),
        ):
            for line, m in tt.labelled(self.lines, label):
                self._put_money("total", m.group(1), confidence, line, m)
        for line, m in tt.labelled(self.lines, r"currency", rf"({tt.CODES})\b"):
            self.put("currency", m.group(1).upper(), 0.95, line, m)

    def _put_money(self, name: str, text: str, confidence: float, line: tt.Line, m: re.Match) -> None:
        money = tt.find_money(text)
        if money is None or name in self.found:
            return
        amount, code = money
        self.put(name, str(amount), confidence, line, m)
        if code:
            self.put("currency", code, confidence, line, m)

    # --- dates and terms -------------------------------------------------------------------
    def term_and_renewal(self) -> None:
        not_renewal = lambda text: False  # noqa: E731 - the pattern itself excludes renewal terms
        for line, m in tt.labelled(
            self.lines, r"(?:initial |subscription |contract )?term(?: length)?", tt.NUM + tt.UNIT
        ):
            if not re.search(r"renewal\s+term", line.text[: m.start() + 12], re.IGNORECASE):
                self._put_count("term_months", m, 0.95, line)
        term = rf"(?<!renewal )(?:initial term|term|period|subscription)\s+of\s+{tt.NUM}{tt.UNIT}"
        for line, m in tt.search_blocks(self.blocks, term, not_renewal):
            self._put_count("term_months", m, 0.8, line)
        for line, m in tt.search_blocks(self.blocks, rf"\b{tt.NUM}{tt.UNIT}\s+(?:initial\s+)?(?:term|subscription)\b"):
            self._put_count("term_months", m, 0.7, line)
        for line, m in tt.search_blocks(
            self.blocks,
            rf"\bfor\s+(?:a\s+(?:period|term)\s+of\s+)?{tt.NUM}{tt.UNIT}",
            lambda t: bool(re.search(r"renew|notice", t, re.I)),
        ):
            self._put_count("term_months", m, 0.6, line)
        for line, m in tt.labelled(self.lines, r"renewal term|renewal period", tt.NUM + tt.UNIT):
            self._put_count("renewal_term_months", m, 0.95, line)
        renew = (
            rf"renew\w*\s+(?:automatically\s+)?for\s+(?:successive|additional|further|consecutive|subsequent)?\s*"
            rf"(?:renewal\s+)?(?:terms?\s+of\s+|periods?\s+of\s+)?{tt.NUM}{tt.UNIT}"
        )
        for line, m in tt.search_blocks(self.blocks, renew):
            self._put_count("renewal_term_months", m, 0.8, line)

    def _put_count(self, name: str, m: re.Match, confidence: float, line: tt.Line) -> None:
        count = tt.count_of(m)
        if count and not m.group(4).lower().startswith("day"):
            self.put(name, str(tt.months_of(count, m.group(4))), confidence, line, m)

    def auto_renew(self) -> None:
        for line, m in tt.labelled(
            self.lines,
            r"auto[- ]?renew(?:al)?|automatic renewal|renews automatically",
            r"(yes|no|true|false|enabled|disabled|on|off)\b",
        ):
            self.put(
                "auto_renew", "yes" if m.group(1).lower() in {"yes", "true", "enabled", "on"} else "no", 0.95, line, m
            )
        negative = r"(?:will|shall|does|do)\s+not\s+(?:be\s+)?(?:automatically|auto-?)\s*renew|no automatic renewal"
        for line, m in tt.search_blocks(self.blocks, negative):
            self.put("auto_renew", "no", 0.85, line, m)
        positive = r"(?:automatically|auto-?)\s*renew|renew\w*\s+automatically"
        for line, m in tt.search_blocks(self.blocks, positive):
            self.put("auto_renew", "yes", 0.85, line, m)

    def notice(self) -> None:
        for line, m in tt.labelled(self.lines, r"notice period|cancellation notice|notice", tt.NUM + tt.UNIT):
            self._put_days(m, 0.95, line)
        pattern = rf"{tt.NUM}{tt.UNIT}['’]?\s+(?:prior\s+|advance\s+)?(?:written\s+)?(?:notice|before|prior to)"
        for line, m in tt.search_blocks(
            self.blocks, pattern, lambda t: not re.search(r"notice|cancel|terminat|renew", t, re.I)
        ):
            self._put_days(m, 0.85, line)

    def _put_days(self, m: re.Match, confidence: float, line: tt.Line) -> None:
        count, unit = tt.count_of(m), m.group(4).lower()
        if not count:
            return
        days = count * 30 if unit.startswith("month") else count * 365 if unit.startswith("year") else count
        self.put("notice_days", str(days), confidence if unit.startswith("day") else confidence - 0.2, line, m)

    def references(self) -> None:
        ref = r"([A-Z0-9][A-Z0-9\-/_.]{2,60}[A-Z0-9])"
        labels = (
            (r"(?:customer\s+)?(?:po|p\.o\.|purchase order)(?:\s*(?:number|no\.?|#|ref(?:erence)?))?", 0.95),
            (r"(?:quote|quotation|order form|order)(?:\s*(?:number|no\.?|#|id|ref(?:erence)?))", 0.9),
        )
        for labels_re, confidence in labels:
            pattern = re.compile(rf"\b(?:{labels_re})\s*[:#]?\s*{ref}", re.IGNORECASE)
            for line in self.lines:
                m = pattern.search(line.text)
                if m and re.search(r"\d", m.group(1)):
                    self.put("po_number", m.group(1), confidence, line, m)

    def contract_dates(self, month_first: bool) -> None:
        scope = r"(?:new |renewal )?(?:subscription |service |term |contract )?"
        start = (
            scope + r"(?:start date|effective date|commencement date|start|"
            r"valid from|begins?|effective)"
        )
        end = (
            scope + r"(?:end date|expiry date|expiration date|end|expires|"
            r"expiry|valid (?:until|through)|termination date)"
        )
        found: dict[str, list[tuple[dates.ParsedDate, tt.Line, re.Match, float]]] = {"start_date": [], "end_date": []}

        def quote_validity(text: str) -> bool:
            return bool(re.search(r"(quote|offer|proposal|pricing)\b.*\bvalid", text, re.I))

        def collect(name: str, line: tt.Line, m: re.Match, confidence: float) -> None:
            parsed = dates.parse(m.group(1), month_first)
            if parsed and not quote_validity(line.text[max(m.start() - 80, 0) : m.end()]):
                found[name].append((parsed, line, m, confidence))

        for line, m in tt.labelled(self.lines, start, rf"({dates.DATE})"):
            collect("start_date", line, m, 0.95)
        for line, m in tt.labelled(self.lines, end, rf"({dates.DATE})"):
            collect("end_date", line, m, 0.95)
        sentences = (
            (
                r"(?:effective\s+(?:as\s+of|from|on)|commenc\w*\s+on|starts?\s+on|starting(?:\s+on)?|"
                r"beginning(?:\s+on)?|"
                r"from)\s+",
                "start_date",
            ),
            (r"(?:until|through|to|ending(?:\s+on)?|expir\w*\s+on|end\w*\s+on)\s+", "end_date"),
        )
        for prefix, name in sentences:
            for line, m in tt.search_blocks(self.blocks, prefix + rf"({dates.DATE})"):
                collect(name, line, m, 0.8)
        for name, candidates in found.items():
            self._choose_date(name, candidates)
        self._check_dates()

    def _choose_date(self, name: str, candidates: list) -> None:
        if not candidates:
            return
        best = max(candidates, key=lambda c: c[3])
        parsed, line, m, confidence = best
        flags: list[str] = []
        others = sorted({c[0].day for c in candidates} - {parsed.day})
        if others:
            flags.append(f"{CONFLICT}: the document also says " + ", ".join(d.isoformat() for d in others))
            confidence = min(confidence, 0.5)
        if parsed.ambiguous:
            flags.append(f"{AMBIGUOUS}: {m.group(1)} read as {parsed.day.strftime('%d %B %Y')}")
            confidence = min(confidence, 0.6)
        self.put(name, parsed.day.isoformat(), confidence, line, m, tuple(flags))

    def _check_dates(self) -> None:
        start, end, term = (self.found.get(k) for k in ("start_date", "end_date", "term_months"))
        if start and term and not end:
            day = dates.add_months(dates.date.fromisoformat(start.value), int(term.value)) - timedelta(days=1)
            self.found["end_date"] = Found("end_date", day.isoformat(), 0.6, term.page, term.snippet, (DERIVED,))
            return
        if not (start and end):
            return
        first, last = dates.date.fromisoformat(start.value), dates.date.fromisoformat(end.value)
        problem = ""
        if last <= first:
            problem = f"{CONFLICT}: the end date is not after the start date"
        elif term:
            expected = dates.add_months(first, int(term.value))
            if min(abs((expected - last).days), abs((expected - timedelta(days=1) - last).days)) > 3:
                problem = (
                    f"{CONFLICT}: a term of {term.value} months from {first.isoformat()} ends {expected.isoformat()}"
                )
        if problem:
            self.found["end_date"] = replace(end, flags=(*end.flags, problem), confidence=min(end.confidence, 0.5))


def find_terms(pages: tuple[str, ...] | list[str]) -> list[Found]:
    """Every field the rules can find, in the order of FIELDS."""
    finder = _Finder(pages)
    finder.vendor()
    finder.product()
    finder.prices()
    finder.seats()
    finder.references()
    finder.term_and_renewal()
    finder.auto_renew()
    finder.notice()
    currency = finder.found.get("currency")
    finder.contract_dates(month_first=currency is not None and currency.value == "USD")
    return [finder.found[name] for name in FIELDS if name in finder.found]

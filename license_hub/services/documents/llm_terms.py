"""The same contract fields asked of an OpenAI-compatible endpoint
(LICENSE_HUB_LLM_URL, LICENSE_HUB_LLM_MODEL). The rules answer whenever it is not
configured, fails, times out or replies with nonsense, and fill any field the
model left out; either way every value goes through the same review."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from decimal import Decimal, InvalidOperation

from license_hub import settings as settings_mod
from license_hub.services.documents import contract_dates as dates
from license_hub.services.documents.terms import FIELDS, Found, find_terms

MAX_PROMPT_CHARS = 24_000
AI_CONFIDENCE = 0.8


def _ask(pages: tuple[str, ...], url: str, model: str, api_key: str | None, timeout: float) -> dict:
    text = "\n\f\n".join(pages)[:MAX_PROMPT_CHARS]
    prompt = (
        "Extract these fields from the software contract below: " + ", ".join(FIELDS) + ". "
        "Dates as YYYY-MM-DD, amounts as plain numbers, currency as an ISO 4217 code, auto_renew as true/false, "
        "term_months, renewal_term_months and notice_days as whole numbers. For each field give the page number "
        "and the exact snippet it came from. Reply with JSON only: "
        '{"fields": {"<name>": {"value": "...", "page": 1, "snippet": "..."}}}. Leave out fields not in the text.'
        "\n\nCONTRACT (pages separated by form feeds):\n" + text
    )
    body = json.dumps({"model": model, "temperature": 0, "messages": [{"role": "user", "content": prompt}]}).encode()
    request = urllib.request.Request(
        url.rstrip("/") + "/chat/completions",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {api_key}"} if api_key else {})},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured by the admin
        payload = json.load(response)
    content = payload["choices"][0]["message"]["content"].strip()
    if content.startswith("```"):
        content = content.strip("`").removeprefix("json").strip()
    data = json.loads(content)["fields"]
    if not isinstance(data, dict):
        raise ValueError("fields is not an object")
    return data


def _normalise(name: str, raw: object) -> str | None:
    """The model's value in the form the rules give, or None when it does not fit the field."""
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return None
    if name in ("start_date", "end_date"):
        parsed = dates.parse(text)
        return parsed.day.isoformat() if parsed else None
    if name in ("seats", "term_months", "renewal_term_months", "notice_days"):
        return text if text.isdigit() and len(text) < 10 else None
    if name in ("unit_price", "total"):
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
        return str(amount.quantize(Decimal("0.01"))) if amount.is_finite() and amount >= 0 else None
    if name == "currency":
        return text.upper() if re.fullmatch(r"[A-Za-z]{3}", text) else None
    if name == "auto_renew":
        return {"true": "yes", "yes": "yes", "false": "no", "no": "no"}.get(text.lower())
    return text[:200]


def _from_model(data: dict, pages: int) -> dict[str, Found]:
    found: dict[str, Found] = {}
    for name in FIELDS:
        item = data.get(name)
        if not isinstance(item, dict):
            continue
        value = _normalise(name, item.get("value"))
        if value is None:
            continue
        page = item.get("page")
        page = page if isinstance(page, int) and 1 <= page <= max(pages, 1) else 1
        found[name] = Found(name, value, AI_CONFIDENCE, page, str(item.get("snippet") or "")[:160])
    return found


def find_terms_with_ai(pages: tuple[str, ...], timeout: float = 30.0) -> tuple[list[Found], str]:
    """(fields, source): 'ai' when the endpoint answered, else 'rules'. Rule flags
    (ambiguous or conflicting dates) stay on a field when the model agrees with the rules."""
    rules = {f.name: f for f in find_terms(pages)}
    s = settings_mod.settings
    if not (s.llm_url and s.llm_model):
        return list(rules.values()), "rules"
    try:
        model = _from_model(_ask(pages, s.llm_url, s.llm_model, s.llm_api_key, timeout), len(pages))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError):
        return list(rules.values()), "rules"
    merged = []
    for name in FIELDS:
        ai, rule = model.get(name), rules.get(name)
        if ai and rule and ai.value == rule.value:
            merged.append(rule)
        elif ai:
            merged.append(ai)
        elif rule:
            merged.append(rule)
    return merged, "ai"

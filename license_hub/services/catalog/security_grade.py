"""An explainable security grade for a catalog product.

The rubric works offline and every point it takes off comes with a reason, so an
admin can see why a product got its letter. When an OpenAI-compatible endpoint
is configured (LICENSE_HUB_LLM_URL, LICENSE_HUB_LLM_MODEL), it is asked first and
the rubric answers whenever it fails, times out or replies with nonsense.

Rubric (score starts at 100):
  no SSO −10 · no MFA −15 · no encryption at rest −15 · no encryption in transit −25
  neither SOC 2 nor ISO 27001 −15 (only one of them −5) · no GDPR DPA −10
  data residency not choosable −5 · one breach in 3 years −10, several −25
  subprocessors not disclosed −5
  Letter: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, E ≥ 50, else F. No encryption in transit
  or several breaches caps the letter at D.
  Risk: A/B Low, C Medium, D/E High, F Critical.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from sqlmodel import Session

from license_hub import settings as settings_mod
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.catalog.entries import get as get_entry
from license_hub.services.core.errors import ValidationError

QUESTIONS: dict[str, str] = {
    "sso": "Supports single sign-on (SAML/OIDC)",
    "mfa": "Enforces multi-factor authentication",
    "encryption_at_rest": "Encrypts customer data at rest",
    "encryption_in_transit": "Encrypts all traffic in transit (TLS 1.2+)",
    "soc2": "Holds a current SOC 2 Type II report",
    "iso27001": "Holds ISO/IEC 27001 certification",
    "gdpr_dpa": "Signs a GDPR data processing agreement",
    "data_residency": "Lets you choose where data is stored",
    "subprocessors_disclosed": "Publishes its list of subprocessors",
}
BREACH_CHOICES = ("none", "one", "several")
_PENALTIES = {
    "sso": (10, "No single sign-on"),
    "mfa": (15, "No enforced multi-factor authentication"),
    "encryption_at_rest": (15, "Data is not encrypted at rest"),
    "encryption_in_transit": (25, "Traffic is not encrypted in transit"),
    "gdpr_dpa": (10, "No GDPR data processing agreement"),
    "data_residency": (5, "Data residency cannot be chosen"),
    "subprocessors_disclosed": (5, "Subprocessors are not disclosed"),
}
LETTERS = ("A", "B", "C", "D", "E", "F")
RISK = {"A": "Low", "B": "Low", "C": "Medium", "D": "High", "E": "High", "F": "Critical"}


@dataclass(frozen=True)
class GradeResult:
    grade: str
    risk: str
    reasons: list[str] = field(default_factory=list)
    source: str = "rubric"
    score: int | None = None


def clean_answers(raw: dict) -> dict:
    answers = {
        k: bool(raw.get(k)) if not isinstance(raw.get(k), str) else raw.get(k) in ("1", "true", "yes", "on")
        for k in QUESTIONS
    }
    breaches = str(raw.get("breach_history", "none") or "none")
    if breaches not in BREACH_CHOICES:
        raise ValidationError({"breach_history": "Choose none, one or several"})
    answers["breach_history"] = breaches
    return answers


def rubric(answers: dict) -> GradeResult:
    a = clean_answers(answers)
    score, reasons = 100, []
    for key, (points, reason) in _PENALTIES.items():
        if not a[key]:
            score -= points
            reasons.append(f"{reason} (−{points})")
    if not a["soc2"] and not a["iso27001"]:
        score -= 15
        reasons.append("Neither SOC 2 nor ISO 27001 (−15)")
    elif not (a["soc2"] and a["iso27001"]):
        score -= 5
        reasons.append(f"{'SOC 2' if a['soc2'] else 'ISO 27001'} only (−5)")
    if a["breach_history"] == "one":
        score -= 10
        reasons.append("One breach in the last 3 years (−10)")
    elif a["breach_history"] == "several":
        score -= 25
        reasons.append("Several breaches in the last 3 years (−25)")
    bands = [(90, "A"), (80, "B"), (70, "C"), (60, "D"), (50, "E")]
    letter = next((band for floor, band in bands if score >= floor), "F")
    if (not a["encryption_in_transit"] or a["breach_history"] == "several") and LETTERS.index(letter) < 3:
        letter = "D"
        reasons.append("Capped at D: unencrypted traffic or repeated breaches")
    if not reasons:
        reasons.append("Meets every item of the questionnaire")
    return GradeResult(letter, RISK[letter], reasons, "rubric", max(score, 0))


def _ask_llm(product: str, answers: dict, url: str, model: str, api_key: str | None, timeout: float) -> GradeResult:
    prompt = (
        "Grade the data-handling and compliance posture of the software product "
        f"{product!r} from A (best) to F (worst). Questionnaire answers: {json.dumps(answers)}. "
        'Reply with JSON only: {"grade": "A-F", "risk": "Low|Medium|High|Critical", "reasons": ["..."]}'
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
    data = json.loads(content)
    grade = str(data["grade"]).strip().upper()
    reasons = [str(r)[:300] for r in data.get("reasons", [])][:12]
    if grade not in LETTERS or not reasons:
        raise ValueError("the model did not return a letter A–F with reasons")
    risk = str(data.get("risk", "")).strip().title()
    return GradeResult(grade, risk if risk in {"Low", "Medium", "High", "Critical"} else RISK[grade], reasons, "ai")


def evaluate(product: str, answers: dict, timeout: float = 20.0) -> GradeResult:
    """The AI's grade when one is configured and answers sensibly, else the rubric's."""
    cleaned = clean_answers(answers)
    s = settings_mod.settings
    if s.llm_url and s.llm_model:
        try:
            return _ask_llm(product, cleaned, s.llm_url, s.llm_model, s.llm_api_key, timeout)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            fallback = rubric(cleaned)
            note = f"AI evaluation unavailable ({type(exc).__name__}); graded by the rubric"
            return GradeResult(fallback.grade, fallback.risk, [*fallback.reasons, note], "rubric", fallback.score)
    return rubric(cleaned)


def apply(session: Session, actor: str, entry_id: int, answers: dict, timeout: float = 20.0) -> GradeResult:
    entry = get_entry(session, entry_id)
    return record(session, actor, entry_id, answers, evaluate(entry.name, answers, timeout))


def record(session: Session, actor: str, entry_id: int, answers: dict, result: GradeResult) -> GradeResult:
    """Save a grade `evaluate` produced. Kept apart from `evaluate` so a caller can ask
    a slow AI endpoint first and hold the write transaction only for the save."""
    entry = get_entry(session, entry_id)
    before = entry.security_grade
    entry.security_grade, entry.security_risk = result.grade, result.risk
    entry.security_rationale = "\n".join(result.reasons)
    entry.security_answers = json.dumps(clean_answers(answers), sort_keys=True)
    entry.security_source, entry.security_evaluated_at = result.source, utcnow()
    session.add(entry)
    audit_log.record(
        session,
        actor,
        "security_grade",
        "catalog_entry",
        entry.id,
        {"security_grade": [before, result.grade], "source": result.source},
    )
    return result

"""axe-core in a Playwright page: inject the engine `make test` installs from the
npm registry, run the WCAG 2.1 A/AA rules plus the page-structure ones, and
report what fails in words a reviewer can act on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"critical", "serious"}
# Structure rules axe rates "moderate" that the issue still asks for: one main,
# content inside landmarks, exactly one h1, headings in order.
STRUCTURE_RULES = {
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "landmark-no-duplicate-banner",
    "landmark-unique",
    "region",
    "page-has-heading-one",
    "heading-order",
}


@dataclass(frozen=True)
class Violation:
    page: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    detail: str

    def line(self) -> str:
        where = "; ".join(self.targets[:5]) + (f" (+{len(self.targets) - 5} more)" if len(self.targets) > 5 else "")
        return f"{self.page}: [{self.impact}] {self.rule} — {self.help}\n    at {where}\n    {self.detail}"


def audit(page: Page, name: str) -> list[Violation]:
    """The blocking violations on the page as it is now."""
    if not AXE_JS.exists():
        raise RuntimeError(f"axe-core is not installed at {AXE_JS}: run `make test` (or `make test-browser`)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary || ''}))}))",
        TAGS,
    )
    found = []
    for v in result:
        if v["impact"] not in BLOCKING_IMPACTS and v["id"] not in STRUCTURE_RULES:
            continue
        first = (
            (v["nodes"][0]["html"][:160] + " — " + v["nodes"][0]["summary"]).replace("\n", " ") if v["nodes"] else ""
        )
        found.append(
            Violation(name, v["id"], v["impact"], v["help"], tuple(n["target"] for n in v["nodes"]), first[:300])
        )
    unnamed = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter(c => !c.closest('[role=img][aria-label]')).length"
    )
    if unnamed:
        found.append(Violation(name, "chart-text", "structure", "Every chart has a text alternative", (), f"{unnamed}"))
    h1 = page.locator("h1").all_inner_texts()
    if len(h1) != 1:
        found.append(Violation(name, "one-h1", "structure", "Exactly one level-one heading per page", ("h1",), str(h1)))
    return found


def report(violations: list[Violation]) -> str:
    return f"{len(violations)} accessibility violation(s):\n" + "\n".join(v.line() for v in violations)

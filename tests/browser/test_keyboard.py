"""Keyboard only: assign a seat by picking a contact with the arrow keys, reclaim
it after the confirmation, and run a usage audit from start to completion —
every step through page.keyboard, never the mouse. Dialogs keep focus inside,
close on Escape and give focus back to what opened them; the focus ring shows
in the screenshots."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_person, add_product, fill_seats

pytestmark = pytest.mark.browser

IN_DIALOG = "() => !!document.activeElement.closest('[role=dialog], [role=alertdialog]')"


def _focused(target: Locator) -> bool:
    return target.evaluate("el => el === document.activeElement || el.contains(document.activeElement)")


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Press Tab until `target` (or something inside it) has focus."""
    target.wait_for()
    for _ in range(limit):
        if _focused(target):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def _focus_ring(target: Locator) -> str:
    return target.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).boxShadow")


def test_assign_reclaim_and_audit_without_the_mouse(page, shot):
    figma = add_product("Figma", publisher="Figma")
    lic = add_license(figma, name="Design team", seats_total=5)
    fill_seats(lic, 3, "Designer")
    add_person("Ada Lovelace", "ada@example.com")

    page.goto(f"/licenses/{lic}")
    expect(page.get_by_test_id("seats-used")).to_have_text("3 / 5")
    page.locator("body").focus()

    # Assign: the dialog opens on Enter and keeps focus inside while tabbing round it.
    opener = page.get_by_test_id("open-assign")
    tab_to(page, opener)
    assert _focus_ring(opener) != "none none", "the focused button shows no focus ring"
    shot(page, "keyboard-01-focus-assign-button", full_page=False)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Assign Seat")).to_be_visible()
    for _ in range(25):
        page.keyboard.press("Tab")
        assert page.evaluate(IN_DIALOG), "Tab left the open dialog"
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(opener).to_be_focused()

    page.keyboard.press("Enter")
    expect(dialog.get_by_role("heading", name="Assign Seat")).to_be_visible()
    search = dialog.get_by_label("Assignee", exact=True)
    tab_to(page, search)
    page.keyboard.type("ada")
    option = dialog.get_by_test_id("person-option").filter(has_text="Ada Lovelace")
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(option).to_be_focused()
    shot(page, "keyboard-02-focus-picker-option", full_page=False)
    page.keyboard.press("Enter")
    expect(dialog.get_by_test_id("picked-person")).to_contain_text("Ada Lovelace")
    tab_to(page, dialog.get_by_test_id("assign-submit"))
    page.keyboard.press("Enter")
    expect_toast(page, "Seat assigned to Ada Lovelace")
    expect(page.get_by_test_id("seats-used")).to_have_text("4 / 5")
    expect(page.get_by_role("dialog")).to_have_count(0)

    # Reclaim: the confirmation takes focus; Enter on "Reclaim seat" confirms.
    reclaim = page.get_by_test_id("seat-row").filter(has_text="Ada Lovelace").get_by_test_id("reclaim")
    page.locator("body").focus()
    tab_to(page, reclaim)
    shot(page, "keyboard-03-focus-reclaim", full_page=False)
    page.keyboard.press("Enter")
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Ada Lovelace")
    assert page.evaluate(IN_DIALOG)
    tab_to(page, confirm.get_by_role("button", name="Reclaim seat"))
    shot(page, "keyboard-04-focus-reclaim-confirm", full_page=False)
    page.keyboard.press("Enter")
    expect_toast(page, "Seat reclaimed from Ada Lovelace")
    expect(page.get_by_test_id("seats-used")).to_have_text("3 / 5")

    # Usage audit: start, then complete with a new count and a next-audit choice.
    page.locator("body").focus()
    tab_to(page, page.get_by_test_id("start-audit"))
    page.keyboard.press("Enter")
    expect_toast(page, "Usage audit started: 3 seats used before the cleanup")
    complete = page.get_by_test_id("complete-audit")
    tab_to(page, complete)
    shot(page, "keyboard-05-focus-complete-audit", full_page=False)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Complete usage audit")).to_be_visible()
    page.keyboard.press("Escape")  # closing gives focus back to the button that opened it
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(complete).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("heading", name="Complete usage audit")).to_be_visible()
    count = dialog.get_by_label("New seat count")
    tab_to(page, count)
    expect(count).to_have_value("3")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("3")
    tab_to(page, dialog.get_by_label("Next audit"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("option", name="In 3 months", exact=True)).to_be_visible()
    for _ in range(10):
        if _focused(page.get_by_role("option", name="In 3 months", exact=True)):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(dialog.get_by_label("Next audit")).to_contain_text("In 3 months")
    shot(page, "keyboard-06-audit-dialog", full_page=False)
    tab_to(page, dialog.get_by_test_id("complete-submit"))
    page.keyboard.press("Enter")
    expect_toast(page, "Usage audit completed: 3 → 3 seats")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_test_id("audit-row").first).to_contain_text("Completed")
    shot(page, "keyboard-07-audit-done")

"""What a Viewer's browser receives over the websocket while browsing licenses,
seats and exports holds no product key, seat serial key, password hash or
session secret — recorded frame by frame."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import select

from license_hub.db import read_session
from license_hub.models import AppUser, License
from tests.browser.conftest import make_user
from tests.factories import add_license, add_person, add_product

PRODUCT_KEY = "QX7RT-PL9KM-VB3NW-ZC8HY-J4F6D"
SEAT_KEY = "SEAT-77AA-BB88-CC99-DD00"


def test_viewer_websocket_carries_no_secret(signed_in_as, app_url):
    from license_hub.db import write_session
    from license_hub.services.seats import assignments as seats

    entry = add_product("Navicat Premium", publisher="PremiumSoft")
    lic = add_license(entry, name="DBA team", seats_total=3, product_key=PRODUCT_KEY)
    person = add_person("Ada Lovelace", "ada@example.com")
    with write_session() as s:
        seats.assign(s, "test", lic, person_id=person, seat_key=SEAT_KEY)
    _, admin_token = make_user("Admin", "boss@example.com")

    page = signed_in_as("Viewer", "vera@example.com")
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    page.goto("/licenses")
    expect(page.get_by_text("DBA team")).to_be_visible()
    page.goto(f"/licenses/{lic}")
    expect(page.get_by_test_id("seat-row").get_by_text("Ada Lovelace")).to_be_visible()
    page.goto(f"/catalog/{entry}")
    expect(page.get_by_text("Navicat Premium").first).to_be_visible()
    page.goto("/catalog")
    expect(page.get_by_text("Navicat Premium").first).to_be_visible()
    export = page.request.get("/api/v1/audit-log.csv")
    assert export.status == 403  # a Viewer may not export the audit trail

    viewer_token = next(c["value"] for c in page.context.cookies() if c["name"] == "lh_session")
    with read_session() as s:
        hashes = [u.password_hash for u in s.exec(select(AppUser))]
        ciphers = [bytes(lic.product_key_cipher).decode() for lic in s.exec(select(License)) if lic.product_key_cipher]
    received = "\n".join(frames)
    assert len(frames) > 5 and "DBA team" in received  # the recording is real
    secrets = {
        "product key": PRODUCT_KEY,
        "product key (compact)": PRODUCT_KEY.replace("-", ""),
        "seat serial key": SEAT_KEY,
        "viewer session": viewer_token,
        "admin session": admin_token,
        **{f"password hash {i}": h for i, h in enumerate(hashes)},
        **{f"key ciphertext {i}": c for i, c in enumerate(ciphers)},
    }
    leaked = [name for name, value in secrets.items() if value and value in received]
    assert not leaked, f"sent to the browser: {leaked}"
    assert "••••" in received  # the mask is what travels instead

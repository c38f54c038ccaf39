"""Browser tests of the shell: setup wizard, sign-in, settings, German."""

import json
import re
import stat

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from sync.envfile import read_env_file
from tests.support.lastfm_emulator import LastfmEmulator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

API_KEY = "0123456789abcdef0123456789abcdef"
PASSWORD = "a-long enough passphrase"
COOKIE = "SID=abc123; __Secure-3PAPISID=sapisid-value/xyz; HSID=qwe"


def sign_in(page, live_server, username: str = "admin") -> None:
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def admin():
    return get_user_model().objects.create_superuser("admin", password=PASSWORD)


def test_setup_wizard_with_a_real_header_paste(
    browser_page, live_server, screenshot, shared_dir, write_env, isolated_home
):
    page = browser_page
    paste = (shared_dir / "data/ytmusic/raw_chrome_headers.txt").read_text()
    paste = paste.replace("cookie\n[REDACTED]", f"cookie\n{COOKIE}")

    with LastfmEmulator(user="alice", api_key=API_KEY) as emulator:
        write_env(LASTFM_API_URL=emulator.url)

        page.goto(live_server.url + "/")
        expect(page).to_have_url(live_server.url + "/setup/")
        expect(
            page.get_by_role("heading", name="Create the admin account")
        ).to_be_visible()
        screenshot(page, "setup-1-account")

        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password confirmation").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()

        expect(page.get_by_role("heading", name="Connect Last.fm")).to_be_visible()
        page.get_by_label("Last.fm user name").fill("nobody")
        page.get_by_label("Last.fm API key").fill(API_KEY)
        page.get_by_role("button", name="Check and save").click()
        expect(page.locator(".message--error")).to_contain_text(
            "Last.fm has no user named “nobody”."
        )
        screenshot(page, "setup-2-lastfm-error")

        page.get_by_label("Last.fm user name").fill("alice")
        page.get_by_role("button", name="Check and save").click()

    expect(page.get_by_role("heading", name="Connect YouTube Music")).to_be_visible()
    page.get_by_label("Request headers").fill("accept\n*/*\n")
    page.get_by_role("button", name="Save credentials").click()
    expect(page.locator(".field__error")).to_contain_text("cookie")
    screenshot(page, "setup-3-ytmusic-error")

    page.get_by_label("Request headers").fill(paste)
    page.get_by_role("button", name="Save credentials").click()
    expect(page.locator(".message--success")).to_contain_text("Setup is complete.")
    screenshot(page, "setup-4-done")

    values = read_env_file(isolated_home / ".env")
    assert values["LASTFM_USER"] == "alice"
    assert values["LASTFM_API_KEY"] == API_KEY
    auth_path = isolated_home / "browser.json"
    assert json.loads(auth_path.read_text())["cookie"] == COOKIE
    assert stat.S_IMODE(auth_path.stat().st_mode) == 0o600
    admin_user = get_user_model().objects.get()
    assert admin_user.username == "admin"
    assert admin_user.is_superuser is True
    assert page.js_errors == []


def test_sign_in_with_a_wrong_then_right_password(
    browser_page, live_server, screenshot, admin
):
    page = browser_page
    page.goto(live_server.url + "/settings/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/settings/$"))
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The user name or password is wrong."
    )
    screenshot(page, "login-error")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/settings/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.js_errors == []


def test_settings_page_saves_and_validates(
    browser_page, live_server, screenshot, admin, isolated_home
):
    page = browser_page
    sign_in(page, live_server)
    page.goto(live_server.url + "/settings/")
    screenshot(page, "settings")
    screenshot(page, "settings-top", full_page=False)

    page.locator("#id_LIMIT").fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".field__error").first).to_contain_text(
        "'0' is not valid for LIMIT: from 1 to 5000."
    )
    screenshot(page, "settings-error")
    assert not (isolated_home / ".env").exists()

    page.locator("#id_LIMIT").fill("150")
    page.locator("#id_PLAYLIST_PRIVACY").select_option("UNLISTED")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".message--success")).to_contain_text(
        "Saved LIMIT, PLAYLIST_PRIVACY."
    )
    values = read_env_file(isolated_home / ".env")
    assert values["LIMIT"] == "150"
    assert values["PLAYLIST_PRIVACY"] == "UNLISTED"
    assert page.js_errors == []


def test_switching_to_german(browser_page, live_server, screenshot, admin):
    page = browser_page
    sign_in(page, live_server)
    page.goto(live_server.url + "/settings/")
    # With JavaScript the switcher submits on change and hides its button.
    expect(page.locator("[data-autosubmit-button]")).to_be_hidden()
    page.get_by_label("Language").select_option("de")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page).to_have_url(live_server.url + "/settings/")
    expect(
        page.get_by_role("heading", name="Einstellungen", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    screenshot(page, "settings-de")

    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    screenshot(page, "dashboard-de")
    assert page.js_errors == []


def test_dark_theme_follows_the_system(browser_page, live_server, screenshot, admin):
    page = browser_page
    page.emulate_media(color_scheme="dark")
    sign_in(page, live_server)
    page.goto(live_server.url + "/settings/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 23, 28)"
    screenshot(page, "settings-dark")

    page.emulate_media(color_scheme="light")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(246, 247, 249)"


def test_pages_work_on_a_phone(
    chromium_browser, static_build, live_server, screenshot, admin
):
    context = chromium_browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="en-US"
    )
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(live_server.url + "/settings/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "settings-phone", full_page=False)

    page.goto(live_server.url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "dashboard-phone", full_page=False)
    context.close()


def test_forms_work_without_javascript(
    chromium_browser, static_build, compiled_messages, live_server, screenshot, admin
):
    context = chromium_browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    sign_in(page, live_server)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(live_server.url + "/settings/")
    page.locator("#id_LIMIT").fill("77")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".message--success")).to_contain_text("Saved LIMIT.")

    # Without JavaScript the switcher keeps its button.
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    screenshot(page, "settings-de-no-js", full_page=False)
    context.close()

"""Browser tests across the shell and the data pages: Not found, dry run."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from sync.models import SearchCacheEntry
from sync.tracks import Scrobble, track_key
from tests.support.lastfm_emulator import LastfmEmulator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

API_KEY = "0123456789abcdef0123456789abcdef"
PASSWORD = "a-long enough passphrase"


@pytest.fixture
def signed_in_page(browser_page, live_server):
    get_user_model().objects.create_superuser("admin", password=PASSWORD)
    page = browser_page
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def test_accept_a_candidate_on_the_not_found_page(
    signed_in_page, live_server, screenshot, isolated_home
):
    SearchCacheEntry.objects.create(
        key=track_key("Nils Frahm", "Says"),
        artist="Nils Frahm",
        title="Says",
        found=False,
        candidate_video_id="dQw4w9WgXcQ",
        candidate_title="Says (Live)",
        candidate_artists="Nils Frahm",
        candidate_score=0.61,
    )
    page = signed_in_page
    page.goto(live_server.url + "/not-found/")
    expect(page.get_by_role("heading", name="Nils Frahm – Says")).to_be_visible()
    screenshot(page, "not-found")

    page.get_by_role("button", name="Accept candidate").click()
    expect(page.locator(".message--success")).to_contain_text("Override saved")
    screenshot(page, "not-found-accepted")

    overrides = json.loads((isolated_home / "config/search_overrides.json").read_text())
    entry = overrides["_overrides"][track_key("Nils Frahm", "Says")]
    assert entry["video_id"] == "dQw4w9WgXcQ"
    assert entry["artist"] == "Nils Frahm"
    assert entry["title"] == "Says"
    assert page.js_errors == []


def test_dry_run_preview_shows_its_output(
    signed_in_page, live_server, screenshot, write_env, fake_ytmusic
):
    now = timezone.now()
    songs = [
        ("Nils Frahm", "Says"),
        ("Bonobo", "Kerala"),
        ("Floating Points", "Silhouettes"),
    ]
    scrobbles = []
    for number, (artist, title) in enumerate(songs):
        fake_ytmusic.add_song(f"vid{number:08d}", title, artist)
        scrobbles.append(
            Scrobble(artist, title, played_at=now - timedelta(hours=number + 1))
        )

    with LastfmEmulator(scrobbles, user="alice", api_key=API_KEY) as emulator:
        write_env(
            LASTFM_USER="alice",
            LASTFM_API_KEY=API_KEY,
            LASTFM_API_URL=emulator.url,
            LIMIT=3,
            SLEEP_BETWEEN_SEARCHES=0,
            WEEKLY_ENABLED="false",
        )
        page = signed_in_page
        page.goto(live_server.url + "/")
        page.get_by_role("button", name="Dry-run preview").click()
        expect(page.locator(".message--success")).to_contain_text(
            "Dry-run preview started."
        )
        output = page.locator("[data-console-output]")
        expect(output).to_contain_text("Dry run: Syncing 3 tracks", timeout=20_000)
        expect(page.locator("[data-console-done]")).to_be_visible(timeout=20_000)
        screenshot(page, "dashboard-dry-run")

    assert fake_ytmusic.writes() == 0
    assert page.js_errors == []

"""Dashboard: stats bar numbers, failure hint banner, last runs, access."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sync.models import ManagedPlaylist, SearchCacheEntry, SyncRun
from sync.stats import collect_stats

pytestmark = pytest.mark.django_db

PAGE_URL_NAMES = [
    ("sync:dashboard", []),
    ("sync:playlist-detail", []),
    ("sync:playlist-export", ["json"]),
    ("sync:notfound-list", []),
    ("sync:override-list", []),
    ("sync:override-add", []),
    ("sync:override-update", []),
    ("sync:blacklist-list", []),
    ("sync:cache-list", []),
    ("sync:managed-playlist-list", []),
    ("sync:run-list", []),
    ("sync:run-detail", [1]),
    ("sync:run-report", [1]),
    ("sync:run-output", [1]),
]
POST_URL_NAMES = [
    ("sync:run-start", []),
    ("sync:run-stop", [1]),
    ("sync:override-delete", []),
    ("sync:blacklist-add", []),
    ("sync:blacklist-delete", []),
    ("sync:cache-delete", [1]),
    ("sync:cache-purge", []),
    ("sync:managed-playlist-delete", [1]),
    ("sync:weekly-prune", []),
]


def write_overrides(home, document: dict) -> None:
    path = home / "config" / "search_overrides.json"
    path.write_text(json.dumps(document), encoding="utf-8")


def stat_value(page: str, label: str) -> str:
    """Return the text of the stats bar value after ``label``."""
    match = re.search(rf"<dt>{label}</dt>\s*<dd>(.*?)</dd>", page, flags=re.DOTALL)
    assert match, f"no stats bar entry {label!r}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.mark.parametrize("name,args", PAGE_URL_NAMES + POST_URL_NAMES)
def test_anonymous_user_gets_the_login_page(client, name, args):
    url = reverse(name, args=args)

    response = client.get(url) if (name, args) in PAGE_URL_NAMES else client.post(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sync:login"))


@pytest.mark.parametrize("name,args", POST_URL_NAMES)
def test_post_only_views_reject_get(admin_client, name, args):
    response = admin_client.get(reverse(name, args=args))

    assert response.status_code == 405


def test_stats_bar_counts(admin_client, isolated_home):
    ManagedPlaylist.objects.create(role="main", name="Recents", track_count=87)
    write_overrides(
        isolated_home,
        {
            "_overrides": {"a|b": "dQw4w9WgXcQ", "c|d": "dQw4w9WgXcR"},
            "_blacklist": {"e|f": {}},
            "_blacklist_artists": {"g": {}, "h": {}},
        },
    )
    SearchCacheEntry.objects.create(key="x|1", artist="x", title="1")
    SearchCacheEntry.objects.create(key="x|2", artist="x", title="2", found=False)
    SearchCacheEntry.objects.create(key="x|3", artist="x", title="3", found=False)
    run = SyncRun.objects.create(
        trigger="cli", status=SyncRun.Status.SUCCESS, finished_at=timezone.now()
    )

    page = admin_client.get(reverse("sync:dashboard")).content.decode()

    assert stat_value(page, "Tracks") == "87"
    assert stat_value(page, "Overrides") == "2"
    assert stat_value(page, "Blacklisted") == "3"
    assert stat_value(page, "Not found") == "2"
    assert stat_value(page, "Cached") == "3"
    assert "success" in stat_value(page, "Last sync")
    assert reverse("sync:run-detail", args=[run.pk]) in page


def test_stats_use_two_queries_once_a_run_finished(isolated_home):
    ManagedPlaylist.objects.create(role="main", name="Recents", track_count=5)
    SyncRun.objects.create(trigger="cli", status=SyncRun.Status.SUCCESS)

    with CaptureQueriesContext(connection) as queries:
        stats = collect_stats()

    assert len(queries) == 2
    assert stats.tracks == 5
    assert stats.last_run is not None


def test_stats_skip_the_running_sync_as_last_sync(isolated_home):
    finished = SyncRun.objects.create(
        trigger="cli",
        status=SyncRun.Status.PARTIAL,
        started_at=timezone.now() - timedelta(hours=1),
    )
    SyncRun.objects.create(trigger="web")

    assert collect_stats().last_run == finished


def test_stats_bar_names_an_unreadable_overrides_file(admin_client, isolated_home):
    (isolated_home / "config" / "search_overrides.json").write_text("{oops")

    page = admin_client.get(reverse("sync:dashboard")).content.decode()

    assert stat_value(page, "Overrides") == "?"
    assert "The overrides file cannot be read:" in page
    assert "search_overrides.json, line 1: invalid JSON" in page


def test_dashboard_shows_failure_hint(admin_client):
    SyncRun.objects.create(
        trigger="scheduled",
        status=SyncRun.Status.FAILED,
        finished_at=timezone.now(),
        error="YouTube Music rejected the credentials (HTTP 401)",
        hint="Paste fresh request headers on the setup page.",
    )

    page = admin_client.get(reverse("sync:dashboard")).content.decode()

    assert "The last sync failed" in page
    assert "YouTube Music rejected the credentials (HTTP 401)" in page
    assert "Paste fresh request headers on the setup page." in page


def test_dashboard_hides_the_hint_after_a_successful_run(admin_client):
    SyncRun.objects.create(
        trigger="scheduled",
        status=SyncRun.Status.FAILED,
        started_at=timezone.now() - timedelta(hours=2),
        hint="Paste fresh request headers on the setup page.",
    )
    SyncRun.objects.create(trigger="scheduled", status=SyncRun.Status.SUCCESS)

    page = admin_client.get(reverse("sync:dashboard")).content.decode()

    assert "The last sync failed" not in page
    assert "Paste fresh request headers" not in page


def test_dashboard_lists_the_last_five_runs(admin_client):
    now = timezone.now()
    created = [
        SyncRun.objects.create(
            trigger="cli",
            status=SyncRun.Status.SUCCESS,
            started_at=now - timedelta(minutes=minutes),
        )
        for minutes in range(7)
    ]

    page = admin_client.get(reverse("sync:dashboard")).content.decode()

    for run in created[:5]:
        assert f'href="{reverse("sync:run-detail", args=[run.pk])}">#{run.pk}<' in page
    for run in created[5:]:
        assert f">#{run.pk}<" not in page

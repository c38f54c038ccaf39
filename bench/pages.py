"""Print median and p95 latency of each web admin page on a large database.

Run from the repository: `.venv/bin/python bench/pages.py [REQUESTS]`.
Seeds a temporary SQLite file (WAL, as in production) with 50,000 search
cache entries (10% not found), 1,000 sync runs with 100-track reports, a
100-track main playlist and 200 overrides. Then it requests every page
through Django's test client as a signed-in user, so the figures include
template rendering but no network or WSGI server.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE_ENTRIES = 50_000
RUNS = 1_000
TRACKS_PER_REPORT = 100


def seed(home: Path) -> None:
    import json

    from django.utils import timezone

    from sync.models import ManagedPlaylist, SearchCacheEntry, SyncRun, SyncRunLine

    now = timezone.now()
    SearchCacheEntry.objects.bulk_create(
        (
            SearchCacheEntry(
                key=f"artist {number % 3000}|title {number}",
                artist=f"Artist {number % 3000}",
                title=f"Title {number}",
                found=number % 10 != 0,
                video_id=f"{number:011d}" if number % 10 else "",
                yt_title=f"Title {number}",
                candidate_video_id="" if number % 10 else f"c{number:010d}",
                candidate_score=None if number % 10 else 0.4,
                updated_at=now - timedelta(minutes=number),
            )
            for number in range(CACHE_ENTRIES)
        ),
        batch_size=2000,
    )
    tracks = [
        {
            "artist": f"Artist {number}",
            "title": f"Title {number}",
            "status": "added" if number % 9 else "not_found",
            "source": "search",
            "video_id": f"{number:011d}",
            "score": 0.9,
            "reason": "",
            "merged_into": "",
        }
        for number in range(TRACKS_PER_REPORT)
    ]
    runs = SyncRun.objects.bulk_create(
        (
            SyncRun(
                trigger="scheduled",
                status=SyncRun.Status.SUCCESS,
                started_at=now - timedelta(hours=number),
                finished_at=now - timedelta(hours=number) + timedelta(seconds=30),
                report={"tracks": tracks, "totals": {}},
            )
            for number in range(RUNS)
        ),
        batch_size=200,
    )
    SyncRunLine.objects.bulk_create(
        SyncRunLine(run=runs[0], seq=seq, text=f"line {seq}") for seq in range(1, 401)
    )
    ManagedPlaylist.objects.create(
        role="main",
        name="Last.fm Recents (auto)",
        playlist_id="PLbench",
        entries=tracks,
        track_count=len(tracks),
    )
    overrides = {
        f"artist {number}|title {number}": {
            "artist": f"Artist {number}",
            "title": f"Title {number}",
            "video_id": f"o{number:010d}",
        }
        for number in range(200)
    }
    (home / "config" / "search_overrides.json").write_text(
        json.dumps({"_overrides": overrides, "_blacklist": {}}), encoding="utf-8"
    )


def measure(client, url: str, requests: int) -> tuple[float, float]:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} returned HTTP {response.status_code}")
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95


def main(argv: list[str]) -> int:
    requests = int(argv[1]) if len(argv) > 1 else 30
    home = Path(tempfile.mkdtemp(prefix="ytmt-bench-pages-"))
    try:
        return run(home, requests)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run(home: Path, requests: int) -> int:
    (home / "cache").mkdir()
    (home / "config").mkdir()
    os.environ["YTMT_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ytmt.settings")
    sys.path.insert(0, str(REPO))

    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    # No setup_test_environment(), because its instrumented template
    # rendering would add to every figure. The tables come straight from the
    # models, as the test suite builds them.
    settings.MIGRATION_MODULES = {"sync": None, "django_apscheduler": None}
    call_command("migrate", run_syncdb=True, verbosity=0)

    started = time.perf_counter()
    seed(home)
    print(
        f"seeded in {time.perf_counter() - started:.1f} s: {CACHE_ENTRIES} cache "
        f"entries, {RUNS} runs, database {settings.DATABASES['default']['NAME']}"
    )

    user = get_user_model().objects.create_user("bench", password="unused")
    client = Client()
    client.force_login(user)
    from sync.models import SyncRun

    latest = SyncRun.objects.order_by("-started_at").values_list("pk", flat=True)[0]
    pages = [
        ("dashboard", reverse("sync:dashboard")),
        ("playlist", reverse("sync:playlist-detail")),
        ("playlist export csv", reverse("sync:playlist-export", args=["csv"])),
        ("not found, page 1", reverse("sync:notfound-list")),
        ("not found, page 90", reverse("sync:notfound-list") + "?page=90"),
        ("overrides", reverse("sync:override-list")),
        ("blacklist", reverse("sync:blacklist-list")),
        ("cache, page 1", reverse("sync:cache-list")),
        ("cache, page 1000", reverse("sync:cache-list") + "?page=1000"),
        ("cache, search", reverse("sync:cache-list") + "?q=artist+12%7C"),
        ("cache, not found", reverse("sync:cache-list") + "?state=not_found"),
        ("playlists", reverse("sync:managed-playlist-list")),
        ("runs, page 1", reverse("sync:run-list")),
        ("runs, page 20", reverse("sync:run-list") + "?page=20"),
        ("run detail", reverse("sync:run-detail", args=[latest])),
        ("run output", reverse("sync:run-output", args=[latest]) + "?after=0"),
        ("settings", reverse("sync:settings")),
        ("setup: Last.fm", reverse("sync:setup-lastfm")),
        ("setup: YouTube Music", reverse("sync:setup-ytmusic")),
    ]
    print(f"{'page':<22} {'median ms':>10} {'p95 ms':>8}  ({requests} requests)")
    for label, url in pages:
        median, p95 = measure(client, url, requests)
        print(f"{label:<22} {median:>10.1f} {p95:>8.1f}")
    # The sign-in page is the one page served to anonymous visitors.
    median, p95 = measure(Client(), reverse("sync:login"), requests)
    print(f"{'login (anonymous)':<22} {median:>10.1f} {p95:>8.1f}")

    from django.db import connection

    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

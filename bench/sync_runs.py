"""Print Last.fm requests, YouTube Music calls and CPU time of three runs.

Run from the repository: `.venv/bin/python bench/sync_runs.py [HISTORY]`.
Uses the largest real history (17,503 scrobbles) shifted to end now, the
Last.fm emulator on 127.0.0.1 and the in-memory YouTube Music fake, with
LIMIT=100 and the default ranking. SLEEP_BETWEEN_SEARCHES is 0 so the wall
time is not the configured pauses. CPU seconds are of this whole process,
so they include the emulator's and the fake's work.

For scale: lastfm-to-ytm, run the same way, searches every unique track it
fetched (394 searches for a 100-track playlist) and, after 20 new
scrobbles, removes and re-adds all 100 items.
"""

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_HISTORY = (
    REPO.parent
    / "shared"
    / "data"
    / "lastfm-scrobbles"
    / "krishkumar_lastfm_scrobbles.csv"
)
API_KEY = "0123456789abcdef0123456789abcdef"


def setup_django(home: Path) -> None:
    sys.path.insert(0, str(REPO))
    (home / "cache").mkdir(parents=True)
    (home / "config").mkdir()
    os.environ["YTMT_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ytmt.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def measure(label: str, server, emulator) -> dict:
    from django.core.management import call_command

    from sync.models import SyncRun

    server.reset_counts()
    lastfm_before = sum(emulator.requests.values())
    cpu_before = time.process_time()
    wall_before = time.perf_counter()
    call_command("runsync", "--no-progress-bar", stdout=StringIO())
    cpu = time.process_time() - cpu_before
    wall = time.perf_counter() - wall_before
    run = SyncRun.objects.latest("started_at")
    item_counts = {
        method: sum(
            _items(method, args, kwargs) for args, kwargs in server.calls_of(method)
        )
        for method in ("add_playlist_items", "remove_playlist_items")
    }
    return {
        "label": label,
        "lastfm": sum(emulator.requests.values()) - lastfm_before,
        "ytmusic": dict(sorted(server.calls.items())),
        "items": item_counts,
        "cpu": cpu,
        "wall": wall,
        "status": run.status,
    }


def _items(method: str, args: tuple, kwargs: dict) -> int:
    key = "videoIds" if method == "add_playlist_items" else "videos"
    value = args[1] if len(args) > 1 else kwargs.get(key, [])
    return len(value or [])


def main(argv: list[str]) -> int:
    history = Path(argv[1]) if len(argv) > 1 else DEFAULT_HISTORY
    if not history.is_file():
        print(f"skipped: history not found at {history}")
        return 0
    home = Path(tempfile.mkdtemp(prefix="ytmt-bench-"))
    setup_django(home)

    from sync.tracks import Scrobble
    from tests.support import ytmusic_fake
    from tests.support.catalogue import add_song_with_traps, build_catalogue
    from tests.support.histories import load_history, shift_to_now
    from tests.support.lastfm_emulator import LastfmEmulator

    scrobbles = shift_to_now(load_history(history), datetime.now(UTC))
    server = ytmusic_fake.reset()
    songs = build_catalogue(server, scrobbles)
    ytmusic_fake.write_browser_json(home / "browser.json")
    env = {
        "LASTFM_USER": "alice",
        "LASTFM_API_KEY": API_KEY,
        "YTMUSIC_CLIENT_FACTORY": ytmusic_fake.FACTORY_PATH,
        "LIMIT": "100",
        "SLEEP_BETWEEN_SEARCHES": "0",
    }
    with LastfmEmulator(scrobbles, user="alice", api_key=API_KEY) as emulator:
        os.environ.update(env, LASTFM_API_URL=emulator.url)
        rows = [measure("cold run", server, emulator)]
        rows.append(measure("warm, no change", server, emulator))
        newest = max(s.played_at for s in scrobbles if s.played_at)
        fresh = [
            Scrobble(
                f"Bench Artist {n}",
                f"New Song {n}",
                "New",
                newest + timedelta(minutes=n + 1),
            )
            for n in range(20)
        ]
        for scrobble in fresh:
            add_song_with_traps(server, scrobble, "official")
        emulator.append(fresh)
        rows.append(measure("after 20 new scrobbles", server, emulator))

    print(f"history: {history.name}, {len(scrobbles)} scrobbles, {songs} songs")
    print("LIMIT=100, default ranking; CPU is this process, emulator included")
    print()
    for row in rows:
        calls = ", ".join(f"{k} {v}" for k, v in row["ytmusic"].items()) or "none"
        print(f"{row['label']}: status {row['status']}")
        print(f"  Last.fm requests:     {row['lastfm']}")
        print(f"  YouTube Music calls:  {sum(row['ytmusic'].values())} ({calls})")
        print(
            f"  items added/removed:  {row['items']['add_playlist_items']}"
            f"/{row['items']['remove_playlist_items']}"
        )
        print(f"  CPU seconds:          {row['cpu']:.2f} (wall {row['wall']:.2f})")
    print()
    print("lastfm-to-ytm, same history: 394 searches cold; after 20 new")
    print("scrobbles it removes and re-adds all 100 items.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

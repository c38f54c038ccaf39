"""Print YouTube Music calls for common changes to a 100-track playlist.

Each scenario syncs a managed playlist of 100 tracks on the in-memory YTMusic
fake (tests/support/ytmusic_fake.py), then syncs the changed list and counts
the calls of the second sync. "min writes" is the fewest writes any client
can make with ytmusicapi 1.12's primitives: one add and one remove request
when items change, plus one moveItem edit per item outside the longest
increasing subsequence of the resulting order. "min calls" adds the one read
a sync needs to see the live playlist. ytmt also reads after adding (to learn
where the server put the new items) and once more to verify. "items" counts
playlist items added plus removed; a sync that removes and re-adds the whole
playlist, as lastfm-to-ytm does, changes 200 items in every scenario.

    .venv/bin/python bench/playlist_writes.py
"""

import os
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZE = 100
WRITE_METHODS = ("add_playlist_items", "remove_playlist_items", "edit_playlist")


def scenarios(
    old: list[str], fresh: Callable[[int], list[str]]
) -> dict[str, list[str]]:
    generator = random.Random(7)
    swapped = old[:]
    for first in generator.sample(range(0, SIZE, 2), 5):
        swapped[first], swapped[first + 1] = swapped[first + 1], swapped[first]
    replaced = old[:]
    for index, video_id in zip(
        sorted(generator.sample(range(SIZE), 20)), fresh(20), strict=True
    ):
        replaced[index] = video_id
    shuffled = old[:]
    generator.shuffle(shuffled)
    return {
        "one new track at the top": fresh(1) + old[:-1],
        "five pairs swapped": swapped,
        "20 replaced in place": replaced,
        "full replace": fresh(SIZE),
        "order only (shuffled)": shuffled,
    }


def minimum_writes(old: list[str], new: list[str]) -> int:
    from sync.playlists.plan import longest_increasing_subsequence

    kept = [video_id for video_id in old if video_id in set(new)]
    added = [video_id for video_id in new if video_id not in set(old)]
    after = kept + added
    position = {video_id: index for index, video_id in enumerate(after)}
    in_place = longest_increasing_subsequence([position[v] for v in new])
    writes = len(new) - len(in_place)
    if added:
        writes += 1
    if len(kept) < len(old):
        writes += 1
    return writes


def main() -> int:
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory(prefix="ytmt-bench-") as folder:
        return run_scenarios(Path(folder))


def run_scenarios(home: Path) -> int:
    os.environ.update(
        YTMT_HOME=str(home),
        YTMT_ENV_FILE=str(home / ".env"),
        DATABASE_URL=f"sqlite:///{home / 'bench.sqlite3'}",
        DJANGO_SETTINGS_MODULE="ytmt.settings",
        YTMUSIC_CLIENT_FACTORY="tests.support.ytmusic_fake.factory",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, run_syncdb=True)

    from sync.conf import load_sync_settings
    from sync.models import ManagedPlaylist
    from sync.playlists.sync import DesiredTrack, sync_playlist
    from sync.ytmusic import client as client_module
    from tests.support import ytmusic_fake

    print(
        f"{'scenario':<26} {'add':>4} {'rm':>4} {'edit':>5} {'reads':>6} "
        f"{'calls':>6} {'min writes':>11} {'min calls':>10} {'items':>6}"
    )
    placeholder = [f"o{n:010d}" for n in range(SIZE)]
    names = list(scenarios(placeholder, lambda n: [f"p{i}" for i in range(n)]))
    for name in names:
        server = ytmusic_fake.reset()
        ytmusic_fake.write_browser_json(home / "browser.json")
        client_module.DEFAULT_SLEEP = server.clock.sleep
        ManagedPlaylist.objects.all().delete()
        old = server.add_songs(SIZE, prefix="o")
        counter = iter(range(10**6))

        def fresh(
            count: int, server: ytmusic_fake.FakeServer = server, counter=counter
        ) -> list[str]:
            return server.add_songs(count, prefix=f"n{next(counter)}")

        new = scenarios(old, fresh)[name]
        gateway = client_module.build_gateways(load_sync_settings())[0]

        def run(video_ids: list[str], gateway=gateway) -> None:
            tracks = [
                DesiredTrack(v, "Artist", f"Song {v}", f"artist|song {v}")
                for v in video_ids
            ]
            sync_playlist(
                gateway,
                role="main",
                name="Bench",
                description="",
                privacy="PRIVATE",
                desired=tracks,
            )

        run(old)
        server.reset_counts()
        run(new)
        playlist = server.playlist(ManagedPlaylist.objects.get(role="main").playlist_id)
        assert playlist.video_ids == new, f"{name}: final order differs"
        calls = server.calls
        reads = calls["get_playlist"]
        least = minimum_writes(old, new)
        items = sum(
            len(kwargs.get("videoIds") or args[1])
            for method, args, kwargs in server.call_log
            if method in ("add_playlist_items", "remove_playlist_items")
        )
        print(
            f"{name:<26} {calls['add_playlist_items']:>4} "
            f"{calls['remove_playlist_items']:>4} {calls['edit_playlist']:>5} "
            f"{reads:>6} {sum(calls.values()):>6} {least:>11} {least + 1:>10} "
            f"{items:>6}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

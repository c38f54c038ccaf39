"""Run report: totals that add up and every left-out track named.

The case has ten ranked tracks. Two have no acceptable match. Two pairs
resolve to one video each ("Song X" and its 2011 remaster, "Song Y" by
"Band" and by "The Band"), so the playlist gets six tracks.
"""

import pytest
from django.urls import reverse

from sync import reports
from sync.models import SyncRun

pytestmark = pytest.mark.django_db


def row(number: int, status: str, **fields) -> dict:
    base = {
        "artist": f"Artist {number}",
        "title": f"Track {number}",
        "status": status,
        "source": "search",
        "video_id": f"vid{number:08d}",
        "yt_title": f"Track {number}",
        "yt_artists": f"Artist {number}",
        "score": 0.9,
        "reason": "",
        "merged_into": "",
    }
    return {**base, **fields}


TRACKS = [
    row(1, "added"),
    row(2, "not_found", video_id="", score=0.31, reason="best candidate scored 0.31"),
    row(3, "added"),
    row(4, "added", artist="Artist", title="Song X", video_id="vidX"),
    row(5, "added", artist="Band", title="Song Y", video_id="vidY"),
    row(6, "added"),
    row(
        7,
        "duplicate",
        artist="Artist",
        title="Song X - 2011 Remaster",
        video_id="vidX",
        merged_into="Artist - Song X",
    ),
    row(8, "not_found", video_id="", score=0.0, reason=""),
    row(
        9,
        "duplicate",
        artist="The Band",
        title="Song Y",
        video_id="vidY",
        merged_into="Band - Song Y",
    ),
    row(10, "added"),
]
ENGINE_TOTALS = {
    "source": 10,
    "added": 6,
    "unmatched": 2,
    "blacklisted": 0,
    "merged_duplicates": 2,
    "failed": 0,
}


@pytest.fixture
def run() -> SyncRun:
    return SyncRun.objects.create(
        trigger="cli",
        status=SyncRun.Status.SUCCESS,
        report={"tracks": TRACKS, "totals": ENGINE_TOTALS},
    )


def test_summary_totals_add_up():
    summary = reports.summarise({"tracks": TRACKS, "totals": ENGINE_TOTALS})

    totals = summary.totals
    assert totals["source"] == 10
    assert totals["added"] == 6
    assert totals["unmatched"] == 2
    assert totals["merged_duplicates"] == 2
    assert totals["failed"] == 0
    assert totals["source"] == (
        totals["added"]
        + totals["kept"]
        + totals["unmatched"]
        + totals["blacklisted"]
        + totals["merged_duplicates"]
        + totals["failed"]
    )
    assert summary.adds_up is True
    assert summary.mismatches == []


def test_report_page_names_left_out_tracks(admin_client, run):
    page = admin_client.get(reverse("sync:run-detail", args=[run.pk])).content.decode()

    assert '<td data-total="source">10</td>' in page
    assert '<td data-total="added">6</td>' in page
    assert '<td data-total="unmatched">2</td>' in page
    assert '<td data-total="merged_duplicates">2</td>' in page
    assert '<td data-total="failed">0</td>' in page
    assert 'data-adds-up="true"' in page
    assert (
        "10 ranked = 6 added + 0 kept + 2 not found + 0 blacklisted + 2 merged "
        "+ 0 failed"
    ) in page
    assert "Artist 2 – Track 2" in page
    assert "best candidate scored 0.31" in page
    assert "Artist 8 – Track 8" in page
    assert "no acceptable match on YouTube Music" in page
    assert "Artist – Song X - 2011 Remaster" in page
    assert "merged into Artist - Song X" in page
    assert "The Band – Song Y" in page
    assert "merged into Band - Song Y" in page
    assert "https://music.youtube.com/watch?v=vidX" in page
    assert "https://music.youtube.com/watch?v=vidY" in page


def test_each_left_out_track_offers_a_manual_match(admin_client, run):
    page = admin_client.get(reverse("sync:run-detail", args=[run.pk])).content.decode()

    add_url = reverse("sync:override-add")
    assert f"{add_url}?artist=Artist%208&amp;title=Track%208&amp;video=" in page
    assert f"{add_url}?artist=The%20Band&amp;title=Song%20Y&amp;video=vidY" in page
    assert page.count(f'href="{add_url}?') == 4


def test_report_endpoint_returns_the_counted_report(admin_client, run):
    payload = admin_client.get(reverse("sync:run-report", args=[run.pk])).json()

    totals = payload["totals"]
    assert totals["source"] == 10
    assert totals["added"] == 6
    assert totals["unmatched"] == 2
    assert totals["merged_duplicates"] == 2
    assert totals["failed"] == 0
    assert payload["adds_up"] is True
    left_out = {
        (track["artist"], track["title"]): track for track in payload["left_out"]
    }
    assert set(left_out) == {
        ("Artist 2", "Track 2"),
        ("Artist 8", "Track 8"),
        ("Artist", "Song X - 2011 Remaster"),
        ("The Band", "Song Y"),
    }
    assert left_out[("Artist", "Song X - 2011 Remaster")]["merged_into"] == (
        "Artist - Song X"
    )
    assert left_out[("The Band", "Song Y")]["video_id"] == "vidY"
    assert left_out[("Artist 8", "Track 8")]["reason"] == (
        "no acceptable match on YouTube Music"
    )


def test_report_page_flags_stored_totals_that_disagree(admin_client):
    wrong = {**ENGINE_TOTALS, "added": 7}
    run = SyncRun.objects.create(
        trigger="cli",
        status=SyncRun.Status.SUCCESS,
        report={"tracks": TRACKS, "totals": wrong},
    )

    page = admin_client.get(reverse("sync:run-detail", args=[run.pk])).content.decode()

    assert "The stored total “added” is 7, but the track list counts 6." in page
    assert '<td data-total="added">6</td>' in page


def test_unknown_status_is_flagged(admin_client):
    tracks = [row(1, "added"), row(2, "skipped")]
    run = SyncRun.objects.create(trigger="cli", report={"tracks": tracks})

    page = admin_client.get(reverse("sync:run-detail", args=[run.pk])).content.decode()

    assert 'data-adds-up="false"' in page
    assert "1 track has an unknown status" in page
    assert "2. Artist 2 – Track 2: <code>skipped</code>" in page


def test_failed_and_invalid_tracks_count_as_failed():
    summary = reports.summarise(
        {"tracks": [row(1, "error"), row(2, "invalid"), row(3, "blacklisted")]}
    )

    assert summary.totals["failed"] == 2
    assert summary.totals["blacklisted"] == 1
    assert summary.adds_up is True
    assert [track.reason for track in summary.left_out] == [
        "failed while this track was processed",
        "the video is unavailable or cannot be added",
        "on the blacklist",
    ]


def test_run_without_report_says_so(admin_client):
    run = SyncRun.objects.create(
        trigger="web", status=SyncRun.Status.FAILED, error="LASTFM_USER not set"
    )

    page = admin_client.get(reverse("sync:run-detail", args=[run.pk])).content.decode()

    assert "This run has no per-track report." in page
    assert "LASTFM_USER not set" in page


def test_manual_match_returns_to_the_report(admin_client, run):
    report_url = reverse("sync:run-detail", args=[run.pk])
    form = admin_client.get(
        reverse("sync:override-add"),
        {"artist": "Artist 8", "title": "Track 8", "next": report_url},
    )
    assert f'name="next" value="{report_url}"' in form.content.decode()

    response = admin_client.post(
        reverse("sync:override-add"),
        {
            "artist": "Artist 8",
            "title": "Track 8",
            "video": "https://youtu.be/ccccccccccc",
            "next": report_url,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == report_url

"""Playlist page and its M3U, CSV and JSON exports."""

import csv
import io
import json

import pytest
from django.urls import reverse

from sync.models import ManagedPlaylist

pytestmark = pytest.mark.django_db

ENTRIES = [
    {
        "artist": "Daft Punk",
        "title": "Veridis Quo",
        "video_id": "aaaaaaaaaaa",
        "yt_title": "Veridis Quo",
        "yt_artists": "Daft Punk",
        "source": "search",
        "score": 0.9712,
    },
    {
        "artist": "Björk",
        "title": "Jóga",
        "video_id": "bbbbbbbbbbb",
        "yt_title": "Jóga (Remastered)",
        "yt_artists": ["Björk"],
        "source": "override",
        "score": None,
    },
    {
        "artist": "Air",
        "title": "La femme d'argent",
        "video_id": "ccccccccccc",
        "yt_title": "La Femme d'Argent",
        "yt_artists": "Air",
        "source": "cache",
        "score": 0.88,
    },
]


@pytest.fixture
def main_playlist() -> ManagedPlaylist:
    return ManagedPlaylist.objects.create(
        role="main",
        name="Last.fm Recents (auto)",
        playlist_id="PLabc",
        entries=ENTRIES,
        track_count=3,
    )


def test_playlist_page_lists_tracks_in_order(admin_client, main_playlist):
    response = admin_client.get(reverse("sync:playlist-detail"))

    entries = response.context["entries"]
    assert [entry.video_id for entry in entries] == [
        "aaaaaaaaaaa",
        "bbbbbbbbbbb",
        "ccccccccccc",
    ]
    page = response.content.decode()
    assert "https://music.youtube.com/watch?v=bbbbbbbbbbb" in page
    assert "Jóga (Remastered)" in page
    assert "badge--source-override" in page
    assert "0.97" in page
    assert "https://music.youtube.com/playlist?list=PLabc" in page


def test_playlist_page_filters_by_source_and_text(admin_client, main_playlist):
    by_source = admin_client.get(reverse("sync:playlist-detail"), {"source": "cache"})
    by_text = admin_client.get(reverse("sync:playlist-detail"), {"q": "BJÖRK"})

    assert [entry.artist for entry in by_source.context["entries"]] == ["Air"]
    assert [entry.artist for entry in by_text.context["entries"]] == ["Björk"]
    assert "1 of 3 tracks match." in by_text.content.decode()


def test_playlist_page_without_a_main_playlist(admin_client):
    response = admin_client.get(reverse("sync:playlist-detail"))

    assert response.status_code == 200
    assert "There is no main playlist yet." in response.content.decode()


def test_m3u_export(admin_client, main_playlist):
    response = admin_client.get(reverse("sync:playlist-export", args=["m3u"]))

    assert response["Content-Type"] == "audio/x-mpegurl; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="lastfm-recents-auto.m3u"'
    )
    lines = response.content.decode().splitlines()
    assert lines[0] == "#EXTM3U"
    assert lines[1] == "#PLAYLIST:Last.fm Recents (auto)"
    assert lines[2] == "#EXTINF:-1,Daft Punk - Veridis Quo"
    assert lines[3] == "https://music.youtube.com/watch?v=aaaaaaaaaaa"
    assert lines[4] == "#EXTINF:-1,Björk - Jóga (Remastered)"
    assert lines[5] == "https://music.youtube.com/watch?v=bbbbbbbbbbb"
    assert len(lines) == 8


def test_csv_export(admin_client, main_playlist):
    response = admin_client.get(reverse("sync:playlist-export", args=["csv"]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [row["position"] for row in rows] == ["1", "2", "3"]
    assert rows[0]["score"] == "0.971"
    assert rows[1]["score"] == ""
    assert rows[1]["yt_artists"] == "Björk"
    assert rows[2]["title"] == "La femme d'argent"
    assert rows[2]["url"] == "https://music.youtube.com/watch?v=ccccccccccc"


def test_json_export(admin_client, main_playlist):
    response = admin_client.get(reverse("sync:playlist-export", args=["json"]))

    document = json.loads(response.content)
    assert document["name"] == "Last.fm Recents (auto)"
    assert document["url"] == "https://music.youtube.com/playlist?list=PLabc"
    assert [track["video_id"] for track in document["tracks"]] == [
        "aaaaaaaaaaa",
        "bbbbbbbbbbb",
        "ccccccccccc",
    ]
    assert document["tracks"][1]["source"] == "override"
    assert document["tracks"][0]["score"] == 0.971


def test_export_of_another_managed_playlist(admin_client):
    weekly = ManagedPlaylist.objects.create(
        role="weekly:2026-11-30", name="Week 49", entries=ENTRIES[:1]
    )

    response = admin_client.get(
        reverse(
            "sync:playlist-export", kwargs={"pk": weekly.pk, "export_format": "json"}
        )
    )

    assert json.loads(response.content)["role"] == "weekly:2026-11-30"


def test_unknown_export_format_is_404(admin_client, main_playlist):
    response = admin_client.get(reverse("sync:playlist-export", args=["xspf"]))

    assert response.status_code == 404


def test_export_without_a_main_playlist_is_404(admin_client):
    response = admin_client.get(reverse("sync:playlist-export", args=["m3u"]))

    assert response.status_code == 404

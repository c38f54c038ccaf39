import pytest

from sync.playlists.desired import DesiredTrack
from sync.playlists.live import LiveRow
from sync.playlists.songs import same_song


def track(artist: str, title: str) -> DesiredTrack:
    return DesiredTrack("sentsentsen", artist, title, f"{artist}|{title}".lower())


@pytest.mark.parametrize(
    ("artist", "title", "row_title", "row_artists", "expected"),
    [
        ("Oasis", "Wonderwall", "Wonderwall", ("Oasis",), True),
        ("Oasis", "Wonderwall", "Wonderwall (Remastered)", ("Oasis",), True),
        ("Beyoncé", "Halo", "Halo", ("Beyonce",), True),
        ("Daft Punk feat. Pharrell", "Get Lucky", "Get Lucky", ("Daft Punk",), True),
        ("Drake", "Nice for What (feat. X)", "Nice for What", ("Drake",), True),
        ("米津玄師", "Lemon", "Lemon", ("米津玄師",), True),
        ("Oasis", "Wonderwall", "Champagne Supernova", ("Oasis",), False),
        ("Oasis", "Wonderwall", "Wonderwall", ("Ryan Adams",), False),
        ("Oasis", "Wonderwall", "", ("Oasis",), False),
        ("Oasis", "Wonderwall", "Wonderwall", (), False),
    ],
)
def test_same_song_cases(artist, title, row_title, row_artists, expected):
    row = LiveRow("storedstore", "S1", row_title, row_artists)
    assert same_song(track(artist, title), row) is expected

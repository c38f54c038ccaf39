"""Loaders of the three real Last.fm history exports, read in place."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync.tracks import Scrobble
from tests.support.histories import (
    HistoryFormatError,
    history_path,
    load_history,
    load_r_csv,
    shift_to_now,
)

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def assert_newest_first(scrobbles: list[Scrobble]) -> None:
    dated = [s.played_at for s in scrobbles if s.played_at is not None]
    assert dated == sorted(dated, reverse=True)
    first_undated = next(
        (i for i, s in enumerate(scrobbles) if s.played_at is None), len(scrobbles)
    )
    assert all(s.played_at is None for s in scrobbles[first_undated:])


def test_gboeing_csv(shared_dir):
    scrobbles = load_history(history_path(shared_dir, "krishkumar"))

    assert len(scrobbles) == 17503
    assert scrobbles[0] == Scrobble(
        artist="Blackbird Blackbird",
        title="Hawaii",
        album="Summer Heart",
        played_at=datetime(2018, 9, 8, 11, 52, 44, tzinfo=UTC),
        track_mbid="50e6dad8-1efd-4c96-b370-6a2a50b69df3",
        artist_mbid="46e32991-1e7b-4575-9206-8e6519c97c14",
    )
    assert sum(1 for s in scrobbles if s.played_at is None) == 643
    assert sum(1 for s in scrobbles if s.album == "") == 2552
    assert sum(1 for s in scrobbles if s.album == "0") == 8
    oldest = min(s.played_at for s in scrobbles if s.played_at is not None)
    assert oldest == datetime(2007, 9, 10, 18, 22, 16, tzinfo=UTC)
    assert_newest_first(scrobbles)


def test_gboeing_csv_keeps_quotes_and_zero_width_spaces(shared_dir):
    scrobbles = load_history(history_path(shared_dir, "krishkumar"))

    albums = {s.album for s in scrobbles}
    titles = {s.title for s in scrobbles}
    assert 'Ninnu Kori (From "Ninnu Kori") - Single' in albums
    assert any("\u200b" in title for title in titles)
    assert any(
        s.artist == "Daler Mehndi, M. M. Keeravaani & Mounima" for s in scrobbles
    )


def test_r_csv(shared_dir):
    scrobbles = load_history(history_path(shared_dir, "zsteve"))

    assert len(scrobbles) == 16545
    assert scrobbles[0] == Scrobble(
        artist="Dark Tranquillity",
        title="The Same - remastered version 2009",
        album="Haven (re-issue + Bonus)",
        played_at=datetime(2020, 4, 13, 5, 1, 31, tzinfo=UTC),
    )
    assert scrobbles[-1].played_at == datetime(2019, 7, 20, 4, 50, 16, tzinfo=UTC)
    assert sum(1 for s in scrobbles if s.album == "") == 258
    assert not any("NA" == value for s in scrobbles for value in (s.album, s.artist))
    assert any(s.title == "Желаю значит получу" for s in scrobbles)
    assert_newest_first(scrobbles)


def test_r_csv_tells_na_from_the_text_na(tmp_path: Path):
    path = tmp_path / "history.csv"
    path.write_text(
        '"","date","artist","track","album"\n'
        '"1",2020-04-13 05:01:31,"NA","Say ""NA""",NA\n'
        '"2",2020-04-13 04:01:25,"Band, The","Song","NA"\n',
        encoding="utf-8",
    )

    scrobbles = load_r_csv(path)

    assert [(s.artist, s.title, s.album) for s in scrobbles] == [
        ("NA", 'Say "NA"', ""),
        ("Band, The", "Song", "NA"),
    ]


def test_r_csv_rejects_a_bad_line(tmp_path: Path):
    path = tmp_path / "history.csv"
    path.write_text(
        '"","date","artist","track","album"\n"1",2020-04-13,"A"\n', encoding="utf-8"
    )

    with pytest.raises(HistoryFormatError, match="history.csv line 2"):
        load_r_csv(path)


def test_lastfm1k_tsv(shared_dir):
    scrobbles = load_history(history_path(shared_dir, "lastfm1k"))

    assert len(scrobbles) == 85
    assert scrobbles[0] == Scrobble(
        artist="Underworld",
        title="Boy, Boy, Boy (Switch Remix)",
        played_at=datetime(2009, 5, 3, 15, 48, 25, tzinfo=UTC),
        track_mbid="dc394163-2b78-4b56-94e4-658597a29ef8",
        artist_mbid="ba2f4f3b-0293-4bc8-bb94-2f73b5207343",
    )
    # The last row has no newline after it and must still be read.
    assert scrobbles[-1].title == "Move Me [Feat. Soliloquy]"
    assert scrobbles[-1].played_at == datetime(2009, 5, 1, 8, 41, 49, tzinfo=UTC)
    assert sum(1 for s in scrobbles if s.artist_mbid == "") == 5
    assert sum(1 for s in scrobbles if s.track_mbid == "") == 48
    assert all(s.album == "" for s in scrobbles)
    assert_newest_first(scrobbles)


def test_unknown_header_is_rejected(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text("when,who,what\n", encoding="utf-8")

    with pytest.raises(HistoryFormatError, match="export.csv line 1: unknown header"):
        load_history(path)


def test_shift_to_now_keeps_gaps_and_undated_rows():
    first = datetime(2018, 9, 8, 11, 52, 44, tzinfo=UTC)
    scrobbles = [
        Scrobble("A", "Newest", played_at=first),
        Scrobble("A", "Older", played_at=first - timedelta(hours=3, seconds=7)),
        Scrobble("A", "Undated", played_at=None),
    ]

    shifted = shift_to_now(scrobbles, NOW)

    assert shifted[0].played_at == NOW - timedelta(minutes=5)
    assert shifted[1].played_at == NOW - timedelta(minutes=5, hours=3, seconds=7)
    assert shifted[2] == scrobbles[2]
    assert [s.title for s in shifted] == ["Newest", "Older", "Undated"]


def test_shift_to_now_on_a_real_history(shared_dir):
    history = load_history(history_path(shared_dir, "krishkumar"))

    shifted = shift_to_now(history, NOW, lag=timedelta(minutes=2))

    assert shifted[0].played_at == NOW - timedelta(minutes=2)
    gap_before = history[0].played_at - history[500].played_at
    gap_after = shifted[0].played_at - shifted[500].played_at
    assert gap_after == gap_before
    assert sum(1 for s in shifted if s.played_at is None) == 643
    assert shifted[-1].played_at is None


def test_shift_to_now_without_dates():
    scrobbles = [Scrobble("A", "Undated")]

    assert shift_to_now(scrobbles, NOW) == scrobbles

"""Load the real Last.fm listening histories that tests read in place.

Three export formats exist in the shared data folder:

- the CSV of Geoff Boeing's lastfm_downloader (`timestamp` in Unix seconds,
  0 for scrobbles Last.fm keeps without a date);
- a CSV written by R's `write.csv`, with an unnamed row-index column, UTC
  dates without a zone marker and a bare `NA` for a missing album;
- a sample of the lastfm-dataset-1K TSV, with ISO-8601 `Z` dates, a header
  that names `artist_id` twice and no newline after the last row.

Every loader returns `Scrobble`s newest first, as Last.fm pages them, with
undated scrobbles (timestamp 0) last and `played_at=None`.
"""

import csv
import functools
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sync.tracks import Scrobble

HISTORY_DIR = Path("data") / "lastfm-scrobbles"

HISTORY_FILES = {
    "krishkumar": "krishkumar_lastfm_scrobbles.csv",
    "zsteve": "zsteve_metal_scrobbles.csv",
    "lastfm1k": "lastfm1k_sample_userid-timestamp-artid-artname-traid-traname.tsv",
}

GBOEING_HEADER = [
    "artist",
    "artist_mbid",
    "album",
    "album_mbid",
    "track",
    "track_mbid",
    "timestamp",
    "datetime",
]
R_HEADER = ["", "date", "artist", "track", "album"]
# One record of R's write.csv: quoted row index, bare date, then artist,
# track and album, each a quoted string or the bare missing value NA. Each
# record is one line in the shared export.
R_STRING = r'("(?:[^"]|"")*"|NA)'
R_RECORD = re.compile(rf'"(\d+)",([^,"]*),{R_STRING},{R_STRING},{R_STRING}')
LASTFM1K_HEADER = ["user", "timestamp", "artist_id", "artist", "artist_id", "song"]


class HistoryFormatError(ValueError):
    """A history file does not have the layout its loader expects."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path.name} line {line}: {problem}")


def history_path(shared_dir: Path, name: str) -> Path:
    """Return the path of the history called ``name`` (a HISTORY_FILES key)."""
    return shared_dir / HISTORY_DIR / HISTORY_FILES[name]


def load_history(path: Path) -> list[Scrobble]:
    """Load any of the three formats, chosen by the file's header line.

    Each file is parsed once per process; callers get their own list of the
    (immutable) scrobbles.
    """
    return list(_load_history_cached(path.resolve()))


@functools.lru_cache(maxsize=8)
def _load_history_cached(path: Path) -> tuple[Scrobble, ...]:
    return tuple(_load_any(path))


def _load_any(path: Path) -> list[Scrobble]:
    with path.open(encoding="utf-8", newline="") as handle:
        first_line = handle.readline().rstrip("\r\n")
    if first_line.split(",") == GBOEING_HEADER:
        return load_gboeing_csv(path)
    if first_line == '"","date","artist","track","album"':
        return load_r_csv(path)
    if first_line.split("\t") == LASTFM1K_HEADER:
        return load_lastfm1k_tsv(path)
    raise HistoryFormatError(path, 1, f"unknown header {first_line[:80]!r}")


def load_gboeing_csv(path: Path) -> list[Scrobble]:
    scrobbles = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        _expect_header(path, next(reader), GBOEING_HEADER)
        for row in reader:
            if len(row) != len(GBOEING_HEADER):
                raise HistoryFormatError(
                    path, reader.line_num, f"expected 8 fields, got {len(row)}"
                )
            record = dict(zip(GBOEING_HEADER, row, strict=True))
            scrobbles.append(
                Scrobble(
                    artist=record["artist"],
                    title=record["track"],
                    album=record["album"],
                    played_at=_from_unix(int(record["timestamp"] or 0)),
                    track_mbid=record["track_mbid"],
                    artist_mbid=record["artist_mbid"],
                )
            )
    return _newest_first(scrobbles)


def load_r_csv(path: Path) -> list[Scrobble]:
    """Load an R `write.csv` export, where only a bare NA means "missing"."""
    scrobbles = []
    with path.open(encoding="utf-8", newline="") as handle:
        header = handle.readline().rstrip("\r\n")
        _expect_header(path, next(csv.reader([header])), R_HEADER)
        for line_number, line in enumerate(handle, start=2):
            match = R_RECORD.fullmatch(line.rstrip("\r\n"))
            if match is None:
                raise HistoryFormatError(
                    path, line_number, 'expected "index",date,artist,track,album'
                )
            artist, title, album = (_r_string(field) for field in match.groups()[2:])
            try:
                played_at = datetime.fromisoformat(match.group(2)).replace(tzinfo=UTC)
            except ValueError:
                raise HistoryFormatError(
                    path, line_number, f"date {match.group(2)!r} is not ISO 8601"
                ) from None
            scrobbles.append(
                Scrobble(artist=artist, title=title, album=album, played_at=played_at)
            )
    return _newest_first(scrobbles)


def load_lastfm1k_tsv(path: Path) -> list[Scrobble]:
    """Load the lastfm-dataset-1K layout by position, not by header name."""
    scrobbles = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        _expect_header(path, next(reader), LASTFM1K_HEADER)
        for row in reader:
            if len(row) != len(LASTFM1K_HEADER):
                raise HistoryFormatError(
                    path, reader.line_num, f"expected 6 fields, got {len(row)}"
                )
            _user, stamp, artist_mbid, artist, track_mbid, title = row
            # Python 3.11's fromisoformat reads the trailing "Z" as UTC.
            played_at = datetime.fromisoformat(stamp)
            scrobbles.append(
                Scrobble(
                    artist=artist,
                    title=title,
                    played_at=played_at.astimezone(UTC),
                    track_mbid=track_mbid,
                    artist_mbid=artist_mbid,
                )
            )
    return _newest_first(scrobbles)


def _r_string(field: str) -> str:
    """Unquote one R string field; the bare token NA is a missing value."""
    if field == "NA":
        return ""
    return field[1:-1].replace('""', '"')


def shift_to_now(
    scrobbles: list[Scrobble],
    now: datetime,
    *,
    lag: timedelta = timedelta(minutes=5),
) -> list[Scrobble]:
    """Move every dated scrobble so the newest was played ``lag`` before now.

    The gaps between scrobbles are kept. Undated scrobbles stay undated, as
    Last.fm keeps serving them with timestamp 0.
    """
    dated = [s.played_at for s in scrobbles if s.played_at is not None]
    if not dated:
        return list(scrobbles)
    offset = (now - lag) - max(dated)
    return [
        s if s.played_at is None else replace(s, played_at=s.played_at + offset)
        for s in scrobbles
    ]


def _from_unix(seconds: int) -> datetime | None:
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds > 0 else None


def _expect_header(path: Path, header: list[str], expected: list[str]) -> None:
    if header != expected:
        raise HistoryFormatError(path, 1, f"expected header {expected}, got {header}")


def _newest_first(scrobbles: list[Scrobble]) -> list[Scrobble]:
    """Sort by play time, newest first and undated last, keeping file order
    among equal times (stable sort)."""
    return sorted(
        scrobbles,
        key=lambda s: (s.played_at is None, -(s.played_at or _EPOCH).timestamp()),
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

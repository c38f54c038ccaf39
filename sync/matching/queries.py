"""The order of searches sent for one track."""

import re
import unicodedata
from collections.abc import Iterator

from sync.matching.artists import RAW_SEPARATORS
from sync.matching.text import NON_WORD, fold_ascii, split_brackets
from sync.matching.versions import CREDIT_SUFFIX, split_dash_suffix

Query = tuple[str, str | None]
# Filters of the exact "artist - title" search, in the order they are sent.
PRIMARY_FILTERS: tuple[str | None, ...] = ("songs", "videos", None)
RAW_WORD_SEPARATORS = re.compile(
    r"\s+(?:feat\.?|ft\.?|featuring|with|and|x|vs\.?)\s+", re.IGNORECASE
)


def primary_queries(artist: str, title: str) -> list[Query]:
    """Return the exact "artist - title" search with songs, videos, no filter."""
    text = f"{artist.strip()} - {title.strip()}"
    return [(text, search_filter) for search_filter in PRIMARY_FILTERS]


def credited_artists(artist: str) -> list[str]:
    """Return the scrobbled credit whole, then each credited artist as written."""
    names = [artist.strip()]
    for chunk in RAW_SEPARATORS.split(artist):
        for part in RAW_WORD_SEPARATORS.split(chunk.strip()):
            if part.strip():
                names.append(part.strip())
    return list(dict.fromkeys(name for name in names if name))


def bare_title(title: str) -> str:
    """Return the title without brackets, credits or a " - " suffix."""
    body, _suffix = split_dash_suffix(title.strip())
    plain, _segments = split_brackets(body)
    credit = CREDIT_SUFFIX.search(plain)
    if credit:
        plain = plain[: credit.start()]
    return " ".join(plain.split())


def variant_queries(artist: str, title: str) -> Iterator[Query]:
    """Yield fallback searches: each credited artist with the bare title.

    The ASCII-folded spelling follows each one, for catalogues that store
    "Beyonce" where the scrobble spells "Beyoncé".
    """
    core = bare_title(title) or title.strip()
    for name in credited_artists(artist):
        text = f"{name} {core}"
        yield (text, "songs")
        folded = fold_ascii(text)
        if folded != text.casefold():
            yield (folded, "songs")


def query_key(query: Query) -> tuple[str, str | None]:
    """Return the key under which two searches count as the same one.

    Case and punctuation do not change what the search returns, accents may,
    so the ASCII-folded spelling stays a separate search.
    """
    text = unicodedata.normalize("NFKC", query[0]).casefold()
    return " ".join(NON_WORD.sub(" ", text).split()), query[1]

"""Page through a user's recent scrobbles until enough unique tracks arrive."""

import logging
from dataclasses import dataclass, field

from sync.lastfm.client import MAX_PAGE_SIZE, LastfmClient
from sync.tracks import Scrobble

logger = logging.getLogger(__name__)


@dataclass
class FetchState:
    """Scrobbles read so far, newest first, and where the next page starts.

    Pass it back to `fetch_recent` with a larger `want_unique` to read deeper
    into the history without fetching the first pages again.
    """

    scrobbles: list[Scrobble] = field(default_factory=list)
    next_page: int = 1
    total_pages: int | None = None
    exhausted: bool = False
    raw_count: int = 0
    pages_fetched: int = 0
    # The track playing when page 1 was read; never part of `scrobbles`.
    now_playing: Scrobble | None = None

    @property
    def unique_keys(self) -> set[str]:
        return {scrobble.key for scrobble in self.scrobbles}


def fetch_recent(
    client: LastfmClient,
    user: str,
    *,
    want_unique: int,
    max_raw: int,
    max_consecutive_empty: int,
    state: FetchState | None = None,
    page_size: int = MAX_PAGE_SIZE,
) -> FetchState:
    """Fetch pages of `user.getRecentTracks` and return the updated state.

    Paging stops at the first of: `want_unique` distinct tracks (by
    `track_key`), `max_raw` scrobbles (0 means no limit), or
    `max_consecutive_empty` pages in a row that add no new track. It also
    stops at the last page. The now-playing row is never stored. Every
    scrobble of a fetched page is kept, up to `max_raw`, because the extra
    plays count in the ranking.
    """
    if state is None:
        state = FetchState()
    seen = state.unique_keys
    empty_pages = 0

    while not state.exhausted:
        if len(seen) >= want_unique:
            break
        if max_raw and state.raw_count >= max_raw:
            break
        if empty_pages >= max_consecutive_empty:
            logger.info(
                "Stopped reading %s's scrobbles at page %d: %d pages in a row "
                "added no new track",
                user,
                state.next_page,
                empty_pages,
            )
            break

        page = client.recent_tracks_page(user, state.next_page, limit=page_size)
        state.pages_fetched += 1
        state.total_pages = page.total_pages
        if page.now_playing is not None:
            state.now_playing = page.now_playing

        new_tracks = 0
        for scrobble in page.scrobbles:
            if max_raw and state.raw_count >= max_raw:
                break
            state.scrobbles.append(scrobble)
            state.raw_count += 1
            if scrobble.key not in seen:
                seen.add(scrobble.key)
                new_tracks += 1

        logger.debug(
            "Read page %d of %d for %s: %d scrobbles, %d new tracks",
            state.next_page,
            page.total_pages,
            user,
            len(page.scrobbles),
            new_tracks,
        )
        state.next_page += 1
        # An empty page inside the history counts as a page without new
        # tracks; only the page count marks the end.
        if state.next_page > page.total_pages:
            state.exhausted = True
        empty_pages = 0 if new_tracks else empty_pages + 1

    return state

"""Human-readable lines that close every run's output."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.engine import SyncOutcome

# Maximum number of track names printed per list of a dry run's plan.
MAX_LISTED = 50


def _calls_text(calls: dict[str, int]) -> str:
    if not calls:
        return "none"
    total = sum(calls.values())
    parts = ", ".join(f"{name} {count}" for name, count in sorted(calls.items()))
    return f"{total} ({parts})"


def _listed(label: str, names: list[str]) -> list[str]:
    lines = [f"  {label}: {len(names)}"]
    lines += [f"    {name}" for name in names[:MAX_LISTED]]
    if len(names) > MAX_LISTED:
        lines.append(f"    ... and {len(names) - MAX_LISTED} more")
    return lines


def _playlist_lines(playlist: dict[str, Any], dry_run: bool) -> list[str]:
    verb = "would change" if dry_run else "changed"
    if playlist["unchanged"]:
        return [f"Playlist {playlist['name']!r}: already up to date, nothing written."]
    lines = [f"Playlist {playlist['name']!r} {verb}:"]
    if playlist["created"]:
        lines.append("  created")
    if playlist["renamed"]:
        lines.append("  renamed")
    if dry_run:
        lines += _listed("add", playlist["added"])
        lines += _listed("remove", playlist["removed"])
    else:
        lines.append(
            f"  added {len(playlist['added'])}, removed {len(playlist['removed'])}"
        )
    lines.append(f"  moves: {playlist['moved']}")
    for name in playlist["invalid"]:
        lines.append(f"  rejected by YouTube Music, left out: {name}")
    return lines


def summary_lines(outcome: "SyncOutcome", dry_run: bool) -> list[str]:
    counts = outcome.counts
    report = outcome.report
    totals = report["totals"]
    lines = [
        f"Tracks: {totals['added']} in the playlist from {totals['source']} "
        f"considered (override {counts['override']}, cache {counts['cache']}, "
        f"search {counts['search']}); not found {totals['unmatched']}, "
        f"blacklisted {totals['blacklisted']}, merged duplicates "
        f"{totals['merged_duplicates']}, failed {totals['failed']}.",
    ]
    if "playlist" in report:
        lines += _playlist_lines(report["playlist"], dry_run)
    if "weekly" in report:
        weekly = report["weekly"]
        if weekly["created"]:
            state = "created"
        else:
            state = "up to date" if weekly["unchanged"] else "updated"
        lines.append(f"Weekly playlist {weekly['name']!r}: {state}.")
    lines.append(f"Last.fm requests: {_calls_text(outcome.api_calls['lastfm'])}")
    lines.append(f"YouTube Music calls: {_calls_text(outcome.api_calls['ytmusic'])}")
    lines.append(
        f"Cache: {counts['cache_hits']} tracks answered from the cache, "
        f"{counts['cache_misses']} searched ({counts['searches']} searches)."
    )
    lines.append(f"Duration: {counts['duration_seconds']:.1f} s")
    if outcome.playlist_url:
        lines.append(f"Playlist: {outcome.playlist_url}")
    return lines

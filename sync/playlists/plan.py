"""The fewest writes that turn a live playlist into the desired one.

Pure functions over video ids and setVideoIds, so the planner can be tested
and benchmarked without a client. ytmusicapi's `add_playlist_items` appends,
and `edit_playlist(moveItem=(item, successor))` moves one item before
another, so order is fixed by moving every item outside a longest increasing
subsequence: len - LIS moves, the minimum for single-item moves.
"""

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from sync.playlists.live import LivePlaylist, LiveRow

# A move: (setVideoId to move, setVideoId it goes before, None for the end).
Move = tuple[str, str | None]


@dataclass
class ChangePlan:
    """Additions (video ids, in target order) and removals (live rows)."""

    add_ids: list[str] = field(default_factory=list)
    remove_rows: list[LiveRow] = field(default_factory=list)


def unique_in_order(ids: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for video_id in ids:
        if video_id not in seen:
            seen.add(video_id)
            result.append(video_id)
    return result


def plan_changes(live: LivePlaylist, target_ids: Sequence[str]) -> ChangePlan:
    """Plan additions and removals; extra copies and dead rows are removed."""
    wanted = set(target_ids)
    kept: set[str] = set()
    plan = ChangePlan()
    for row in live.present:
        if row.video_id in wanted and row.video_id not in kept:
            kept.add(row.video_id)
        else:
            plan.remove_rows.append(row)
    plan.remove_rows.extend(live.dead)
    plan.add_ids = [
        video_id for video_id in unique_in_order(target_ids) if video_id not in kept
    ]
    return plan


def longest_increasing_subsequence(values: Sequence[int]) -> set[int]:
    """Return the indices of one longest strictly increasing subsequence."""
    tails: list[int] = []  # tails[k]: smallest tail value of a run of length k+1
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        position = bisect.bisect_left(tails, value)
        if position == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[position] = value
            tail_index[position] = index
        previous[index] = tail_index[position - 1] if position else -1
    chosen: set[int] = set()
    index = tail_index[-1] if tail_index else -1
    while index != -1:
        chosen.add(index)
        index = previous[index]
    return chosen


def plan_moves(rows: Sequence[LiveRow], target_ids: Sequence[str]) -> list[Move]:
    """Plan moveItem edits that put ``rows`` in ``target_ids`` order.

    ``rows`` must hold each target id exactly once. Items outside a longest
    increasing subsequence are moved, from the last target position to the
    first, each before its successor in the target, so every successor is
    already in its final place when used.
    """
    by_video = {row.video_id: row for row in rows}
    missing = [video_id for video_id in target_ids if video_id not in by_video]
    if missing or len(rows) != len(target_ids):
        raise ValueError(
            f"cannot plan moves: {len(rows)} rows for {len(target_ids)} targets, "
            f"missing {missing[:5]}"
        )
    position = {row.video_id: index for index, row in enumerate(rows)}
    sequence = [position[video_id] for video_id in target_ids]
    in_place = longest_increasing_subsequence(sequence)
    moves: list[Move] = []
    for index in range(len(target_ids) - 1, -1, -1):
        if index in in_place:
            continue
        item = by_video[target_ids[index]].set_video_id
        successor = (
            by_video[target_ids[index + 1]].set_video_id
            if index + 1 < len(target_ids)
            else None
        )
        moves.append((item, successor))
    return moves


def apply_move(order: list[str], move: Move) -> list[str]:
    """Return ``order`` (setVideoIds) after one moveItem edit."""
    item, successor = move
    result = [set_id for set_id in order if set_id != item]
    if successor is None:
        result.append(item)
    else:
        result.insert(result.index(successor), item)
    return result

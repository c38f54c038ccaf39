import random

import pytest

from sync.playlists.live import LivePlaylist, LiveRow, parse_playlist
from sync.playlists.plan import (
    apply_move,
    longest_increasing_subsequence,
    plan_changes,
    plan_moves,
)


def rows(*video_ids: str) -> list[LiveRow]:
    return [LiveRow(video_id, f"s{video_id}") for video_id in video_ids]


def reorder(current: list[LiveRow], target: list[str]) -> tuple[list[str], int]:
    moves = plan_moves(current, target)
    order = [row.set_video_id for row in current]
    for move in moves:
        order = apply_move(order, move)
    by_set = {row.set_video_id: row.video_id for row in current}
    return [by_set[set_id] for set_id in order], len(moves)


def test_lis_of_empty_sequence():
    assert longest_increasing_subsequence([]) == set()


def test_lis_picks_a_longest_run():
    chosen = longest_increasing_subsequence([3, 0, 2, 1, 4])
    values = [[3, 0, 2, 1, 4][index] for index in sorted(chosen)]
    assert len(chosen) == 3
    assert values == sorted(values)


def test_moves_for_new_top_and_swap():
    # After adding E and removing D: A, B, C, E; wanted E, A, C, B.
    final, count = reorder(rows("A", "B", "C", "E"), ["E", "A", "C", "B"])
    assert final == ["E", "A", "C", "B"]
    assert count == 2


def test_no_moves_when_order_matches():
    assert plan_moves(rows("A", "B", "C"), ["A", "B", "C"]) == []


def test_full_reversal_needs_len_minus_one_moves():
    ids = [f"v{n}" for n in range(10)]
    final, count = reorder(rows(*ids), list(reversed(ids)))
    assert final == list(reversed(ids))
    assert count == 9


def test_moving_last_item_uses_end_form():
    moves = plan_moves(rows("A", "B", "C"), ["B", "C", "A"])
    assert moves == [("sA", None)]


@pytest.mark.parametrize("seed", range(25))
def test_random_orders_take_len_minus_lis_moves(seed):
    generator = random.Random(seed)
    ids = [f"v{n}" for n in range(30)]
    target = ids[:]
    generator.shuffle(target)
    position = {video_id: index for index, video_id in enumerate(ids)}
    lis = len(longest_increasing_subsequence([position[v] for v in target]))
    final, count = reorder(rows(*ids), target)
    assert final == target
    assert count == 30 - lis


def test_plan_moves_rejects_rows_that_differ_from_target():
    with pytest.raises(ValueError, match="missing"):
        plan_moves(rows("A", "B"), ["A", "C"])


def test_plan_changes_removes_extra_copies_and_dead_rows():
    live = LivePlaylist(
        playlist_id="PLx",
        present=rows("A", "B", "A", "X"),
        dead=[LiveRow("U", "sU")],
    )
    plan = plan_changes(live, ["A", "B", "C"])
    assert plan.add_ids == ["C"]
    assert [row.video_id for row in plan.remove_rows] == ["A", "X", "U"]


def test_unavailable_rows_without_ids_stay_out_of_the_diff():
    # The id-less "Gone Song" row can only be reported, never removed.
    data = {
        "id": "PLunavailable",
        "tracks": [
            {
                "videoId": "aaaaaaaaaaa",
                "setVideoId": "S1",
                "isAvailable": True,
                "title": "A",
            },
            {
                "videoId": None,
                "setVideoId": None,
                "isAvailable": False,
                "title": "Gone Song",
                "artists": [{"name": "Old Artist", "id": None}],
            },
            {
                "videoId": "uuuuuuuuuuu",
                "setVideoId": "S3",
                "isAvailable": False,
                "title": "Greyed Song",
            },
            {
                "videoId": "bbbbbbbbbbb",
                "setVideoId": "S4",
                "isAvailable": True,
                "title": "B",
            },
        ],
    }
    live = parse_playlist("PLunavailable", data)
    plan = plan_changes(live, ["aaaaaaaaaaa", "bbbbbbbbbbb", "ccccccccccc"])
    assert live.video_ids == ["aaaaaaaaaaa", "bbbbbbbbbbb"]
    assert live.idless == ["Old Artist - Gone Song"]
    assert plan.add_ids == ["ccccccccccc"]
    assert [row.removal() for row in plan.remove_rows] == [
        {"videoId": "uuuuuuuuuuu", "setVideoId": "S3"}
    ]


def test_parse_real_owned_playlist(shared_dir):
    import json

    path = shared_dir / "data/ytmusic/parsed/2024_03_get_playlist.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    live = parse_playlist("VL" + data["id"], data)
    assert live.playlist_id == "PLaZPMsuQNCsWn0iVMtGbaUXO6z-EdZaZm"
    assert len(live.present) + len(live.dead) == 100
    assert live.present[0].set_video_id == "56B44F6D10557CC6"
    assert live.present[0].artists == ("The Alchemist",)

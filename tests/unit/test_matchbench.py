import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ATV = "MUSIC_VIDEO_TYPE_ATV"


def song(video_id: str, title: str, artist: str) -> dict:
    return {
        "resultType": "song",
        "videoId": video_id,
        "videoType": ATV,
        "title": title,
        "artists": [{"name": artist, "id": None}],
        "album": None,
        "duration_seconds": 200,
    }


def case(
    case_id: str, kind: str | None, expected: str | None, songs: list[dict]
) -> str:
    return json.dumps(
        {
            "id": case_id,
            "artist": "Muse",
            "title": "Uprising",
            "album": None,
            "results": {"songs": songs, "videos": [], "all": songs},
            "expected": expected,
            "kind": kind,
        }
    )


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    right = song("museuprise1", "Uprising", "Muse")
    live = song("museliveup1", "Uprising (Live)", "Muse")
    lines = [
        case("T001", "straightforward", "museuprise1", [live, right]),
        case("T002", "hard", "museliveup1", [right, live]),
        case("T003", None, None, [live]),
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_matchbench_prints_accuracy_and_misses(case_file: Path) -> None:
    out = StringIO()
    call_command("matchbench", str(case_file), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "accuracy 66.7% (2/3), 1.67 search calls per case"
    assert lines[1] == "  hard: 0.0% (0/1), 1.00 search calls per case"
    assert lines[2] == "  null: 100.0% (1/1), 3.00 search calls per case"
    assert lines[3] == "  straightforward: 100.0% (1/1), 1.00 search calls per case"
    assert lines[4] == "misses: 1"
    assert lines[5].startswith(
        "  T002: expected museliveup1, chose museuprise1 (score 0.95)"
    )
    assert "best rejected museliveup1 0.47 (live version not requested)" in lines[5]


def test_matchbench_json(case_file: Path) -> None:
    out = StringIO()
    call_command("matchbench", str(case_file), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["cases"] == 3
    assert report["correct"] == 2
    assert report["accuracy"] == 0.6667
    assert report["search_calls_mean"] == 1.667
    assert report["by_kind"]["hard"] == {
        "cases": 1,
        "correct": 0,
        "accuracy": 0.0,
        "search_calls_mean": 1.0,
    }
    assert [miss["id"] for miss in report["misses"]] == ["T002"]
    assert report["misses"][0]["chosen"] == "museuprise1"
    assert report["misses"][0]["expected_score"] == 0.475


def test_matchbench_exits_2_for_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(case("T001", None, None, []) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: invalid JSON") as raised:
        call_command("matchbench", str(path))
    assert raised.value.returncode == 2


def test_matchbench_exits_2_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read case file") as raised:
        call_command("matchbench", str(tmp_path / "absent.jsonl"))
    assert raised.value.returncode == 2


def test_matchbench_runs_the_dev_corpus(shared_dir: Path) -> None:
    out = StringIO()
    call_command(
        "matchbench",
        str(shared_dir / "cases" / "matching-dev.jsonl"),
        "--json",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert report["cases"] == 60
    assert report["accuracy"] >= 0.97
    assert report["search_calls_mean"] <= 2.0

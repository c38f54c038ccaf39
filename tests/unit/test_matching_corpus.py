import json
from pathlib import Path

import pytest

from sync.matching.corpus import CorpusError, case_search, load_cases, run_cases
from sync.matching.matcher import Matcher


def test_dev_corpus_meets_the_targets(shared_dir: Path) -> None:
    cases = load_cases(shared_dir / "cases" / "matching-dev.jsonl")
    report = run_cases(cases, lambda search: Matcher(search))
    assert report.cases == 60
    assert report.accuracy >= 0.97, report.misses()
    assert report.search_calls_mean <= 2.0


def case_line(**overrides: object) -> str:
    data = {
        "id": "T001",
        "artist": "Muse",
        "title": "Uprising",
        "album": None,
        "results": {"songs": [], "videos": [], "all": []},
        "expected": None,
        "kind": "null",
    }
    data.update(overrides)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: invalid JSON"),
        ("[1, 2]", "line 2: expected a JSON object, found list"),
        (case_line(artist=""), "line 2: 'artist' must be a non-empty string"),
        (case_line(results=[]), "line 2: 'results' must be an object"),
        (case_line(results={"songs": "x"}), "line 2: 'results.songs' must be a list"),
        (case_line(expected=5), "line 2: 'expected' must be a videoId string or null"),
        (case_line(album=3), "line 2: 'album' must be a string or null"),
    ],
)
def test_load_cases_names_the_bad_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(case_line() + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message.replace("[", r"\[")):
        load_cases(path)


def test_load_cases_requires_expected(tmp_path: Path) -> None:
    data = json.loads(case_line())
    del data["expected"]
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="line 1: 'expected' is missing"):
        load_cases(path)


def test_load_cases_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n" + case_line() + "\n\n", encoding="utf-8")
    cases = load_cases(path)
    assert [case.id for case in cases] == ["T001"]
    assert cases[0].line == 2


def test_case_search_answers_every_query_by_filter(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    songs = [{"videoId": "aaaaaaaaaaa"}]
    videos = [{"videoId": "bbbbbbbbbbb"}]
    everything = [{"videoId": "ccccccccccc"}]
    line = case_line(results={"songs": songs, "videos": videos, "all": everything})
    path.write_text(line + "\n", encoding="utf-8")
    search = case_search(load_cases(path)[0])
    assert search("anything", "songs") == songs
    assert search("something else", "songs") == songs
    assert search("x", "videos") == videos
    assert search("x", None) == everything
    with pytest.raises(ValueError, match="unknown search filter 'albums'"):
        search("x", "albums")

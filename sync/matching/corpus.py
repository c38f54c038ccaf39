"""Labelled matching cases: loading them and scoring the matcher on them.

A case file has one JSON object per line: a scrobble (`artist`, `title`,
`album`), the rows of the three searches for it (`results.songs`,
`results.videos`, `results.all`), the `expected` videoId or null, and a
`kind`. `matchbench` and `bench/matching.py` both run `run_cases()`.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sync.matching.matcher import Matcher, MatchResult

FILTER_LISTS = {"songs": "songs", "videos": "videos", None: "all"}


class CorpusError(ValueError):
    """A case file cannot be read or has a malformed line."""


@dataclass(frozen=True)
class Case:
    """One labelled scrobble with its canned search results."""

    id: str
    artist: str
    title: str
    album: str | None
    results: dict[str, list[dict]]
    expected: str | None
    kind: str | None
    line: int


@dataclass
class CaseOutcome:
    case: Case
    result: MatchResult

    @property
    def correct(self) -> bool:
        return self.result.video_id == self.case.expected


@dataclass
class Report:
    """Accuracy and search counts over a case file."""

    outcomes: list[CaseOutcome] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.correct)

    @property
    def accuracy(self) -> float:
        return self.correct / self.cases if self.cases else 0.0

    @property
    def search_calls_mean(self) -> float:
        if not self.outcomes:
            return 0.0
        return sum(item.result.searches for item in self.outcomes) / self.cases

    def by_kind(self) -> dict[str, dict[str, float | int]]:
        """Return cases, correct, accuracy and searches per kind ("null" if none)."""
        kinds: dict[str, list[CaseOutcome]] = {}
        for outcome in self.outcomes:
            kinds.setdefault(outcome.case.kind or "null", []).append(outcome)
        summary: dict[str, dict[str, float | int]] = {}
        for kind, items in sorted(kinds.items()):
            correct = sum(1 for item in items if item.correct)
            summary[kind] = {
                "cases": len(items),
                "correct": correct,
                "accuracy": round(correct / len(items), 4),
                "search_calls_mean": round(
                    sum(item.result.searches for item in items) / len(items), 3
                ),
            }
        return summary

    def misses(self) -> list[dict]:
        """Describe every wrong case: expected, chosen and their scores."""
        rows = []
        for outcome in self.outcomes:
            if outcome.correct:
                continue
            result = outcome.result
            expected_score = None
            rejected = result.best_rejected
            if rejected and rejected.video_id == outcome.case.expected:
                expected_score = rejected.score
            rows.append(
                {
                    "id": outcome.case.id,
                    "expected": outcome.case.expected,
                    "chosen": result.video_id,
                    "chosen_score": result.score,
                    "best_rejected": rejected.video_id if rejected else None,
                    "best_rejected_score": rejected.score if rejected else None,
                    "best_rejected_reason": rejected.reason if rejected else None,
                    "expected_score": expected_score,
                    "searches": result.searches,
                }
            )
        return rows

    def as_dict(self) -> dict:
        return {
            "cases": self.cases,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "search_calls_mean": round(self.search_calls_mean, 3),
            "by_kind": self.by_kind(),
            "misses": self.misses(),
        }


def load_cases(path: Path) -> list[Case]:
    """Read a case file, raising CorpusError that names the bad line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(f"cannot read case file {path}: {error}") from None
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cases.append(parse_case(path, number, line))
    return cases


def parse_case(path: Path, number: int, line: str) -> Case:
    """Parse one line of a case file."""
    where = f"{path} line {number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise CorpusError(f"{where}: invalid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise CorpusError(
            f"{where}: expected a JSON object, found {type(data).__name__}"
        )
    for key in ("id", "artist", "title"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CorpusError(f"{where}: '{key}' must be a non-empty string")
    results = data.get("results")
    if not isinstance(results, dict):
        raise CorpusError(
            f"{where}: 'results' must be an object with songs, videos, all"
        )
    for name in FILTER_LISTS.values():
        rows = results.get(name, [])
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise CorpusError(f"{where}: 'results.{name}' must be a list of objects")
    if "expected" not in data:
        raise CorpusError(f"{where}: 'expected' is missing (use null for no match)")
    expected = data["expected"]
    if expected is not None and not isinstance(expected, str):
        raise CorpusError(f"{where}: 'expected' must be a videoId string or null")
    album = data.get("album")
    if album is not None and not isinstance(album, str):
        raise CorpusError(f"{where}: 'album' must be a string or null")
    return Case(
        id=data["id"],
        artist=data["artist"],
        title=data["title"],
        album=album,
        results={name: results.get(name, []) for name in FILTER_LISTS.values()},
        expected=expected,
        kind=data.get("kind"),
        line=number,
    )


def case_search(case: Case) -> Callable[[str, str | None], list[dict]]:
    """Return a search function that reads any query's rows from the case.

    The corpus stores one result list per filter, so every query string gets the
    same list for its filter.
    """

    def search(query: str, filter: str | None) -> list[dict]:
        if filter not in FILTER_LISTS:
            raise ValueError(
                f"unknown search filter {filter!r}: use songs, videos or None"
            )
        return [dict(row) for row in case.results[FILTER_LISTS[filter]]]

    return search


def run_cases(
    cases: list[Case],
    make_matcher: Callable[[Callable[[str, str | None], list[dict]]], Matcher],
) -> Report:
    """Match every case with a fresh matcher around its canned search."""
    report = Report()
    for case in cases:
        matcher = make_matcher(case_search(case))
        result = matcher.match(case.artist, case.title, case.album)
        report.outcomes.append(CaseOutcome(case, result))
    return report

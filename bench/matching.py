"""Print the matcher's accuracy and searches per case on the dev corpus.

Run from the repository: `.venv/bin/python bench/matching.py [FILE.jsonl]`.
Targets: at least 97% right with at most 2.0 search calls per case. Uses
the default settings (EARLY_TERMINATION_SCORE 0.9, SEARCH_MAX_QUERIES 8).
"""

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "cases" / "matching-dev.jsonl"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ytmt.settings")
    import django

    django.setup()
    from sync.matching.corpus import load_cases, run_cases
    from sync.matching.matcher import Matcher

    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    if not path.is_file():
        print(f"skipped: corpus not found at {path}")
        return 0
    cases = load_cases(path)
    started = time.perf_counter()
    report = run_cases(cases, lambda search: Matcher(search))
    elapsed = time.perf_counter() - started

    print(f"corpus: {path} ({report.cases} cases)")
    print(f"accuracy: {report.accuracy:.1%} ({report.correct}/{report.cases})")
    print(f"search calls per case: {report.search_calls_mean:.2f}")
    for kind, figures in report.by_kind().items():
        print(
            f"  {kind}: {figures['accuracy']:.1%} of {figures['cases']}, "
            f"{figures['search_calls_mean']:.2f} searches"
        )
    print(f"matching time: {elapsed * 1000 / max(report.cases, 1):.2f} ms per case")
    for miss in report.misses():
        print(
            f"  miss {miss['id']}: expected {miss['expected']}, chose {miss['chosen']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sync.conf import ConfigError, load_sync_settings
from sync.matching.corpus import CorpusError, Report, load_cases, run_cases
from sync.matching.matcher import Matcher, SearchFunction


class Command(BaseCommand):
    help = (
        "Measure the matcher on labelled cases (one JSON object per line: "
        "artist, title, album, results.songs/videos/all, expected, kind). "
        "Prints accuracy overall and by kind, search calls per case and one "
        "line per miss. Exit status: 0 when it ran, 2 for an unreadable file "
        "or a malformed line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Case file (.jsonl) to run.")
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object with cases, correct, accuracy, "
            "search_calls_mean, by_kind and misses.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cases = load_cases(options["file"])
            settings = load_sync_settings()
        except (CorpusError, ConfigError) as error:
            raise CommandError(str(error), returncode=2) from None

        def make_matcher(search: SearchFunction) -> Matcher:
            # Same class and settings as a sync, without the pause between
            # searches, because the rows come from the file, not from YouTube Music.
            return Matcher(
                search,
                early_termination_score=settings.early_termination_score,
                max_queries=settings.search_max_queries,
            )

        report = run_cases(cases, make_matcher)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.write_text(report)

    def write_text(self, report: Report) -> None:
        self.stdout.write(
            f"accuracy {report.accuracy:.1%} ({report.correct}/{report.cases}), "
            f"{report.search_calls_mean:.2f} search calls per case"
        )
        for kind, figures in report.by_kind().items():
            self.stdout.write(
                f"  {kind}: {figures['accuracy']:.1%} "
                f"({figures['correct']}/{figures['cases']}), "
                f"{figures['search_calls_mean']:.2f} search calls per case"
            )
        misses = report.misses()
        self.stdout.write(f"misses: {len(misses)}")
        for miss in misses:
            self.stdout.write(
                f"  {miss['id']}: expected {miss['expected'] or 'no match'}, "
                f"chose {miss['chosen'] or 'no match'} "
                f"(score {miss['chosen_score']:.2f}); "
                f"expected score {format_score(miss['expected_score'])}, "
                f"best rejected {miss['best_rejected'] or '-'} "
                f"{format_score(miss['best_rejected_score'])} "
                f"({miss['best_rejected_reason'] or '-'})"
            )


def format_score(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"

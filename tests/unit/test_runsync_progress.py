"""The terminal progress bar of runsync."""

from io import StringIO

from sync.management.commands.runsync import ProgressBar


def test_progress_bar_draws_and_ends_the_line() -> None:
    stream = StringIO()
    bar = ProgressBar(stream)

    bar(1, 4, "Nova Tide - Crystal Bay")
    bar(4, 4, "Nova Tide - Morning Rail")

    text = stream.getvalue()
    assert text.startswith("\r[#######-----------------------] 1/4 Nova Tide")
    assert "[##############################] 4/4" in text
    assert text.endswith("\n")

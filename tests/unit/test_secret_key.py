"""SECRET_KEY from the environment, a file, or generated once."""

import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ytmt.secret import load_or_create_secret_key


def test_it_generates_a_key_once_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "secret_key"

    first = load_or_create_secret_key(None, None, path)
    second = load_or_create_secret_key(None, None, path)

    assert first == second
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_it_prefers_the_environment(tmp_path: Path) -> None:
    assert load_or_create_secret_key("k" * 60, None, tmp_path / "x") == "k" * 60


def test_it_reads_secret_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file-" + "x" * 40 + "\n")

    key = load_or_create_secret_key(None, str(key_file), tmp_path / "x")

    assert key == "from-a-file-" + "x" * 40


@pytest.mark.parametrize("value", ["", "change-me"])
def test_it_rejects_sample_values(tmp_path: Path, value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="secrets.token_urlsafe"):
        load_or_create_secret_key(value, None, tmp_path / "x")
